"""The vector index by size: exact below FLAT_LIMIT, IVF with 4-bit PQ codes above it, whose
approximate candidates the searcher re-scores exactly; indexes of the older IVF-SQ8 kind still
load and search."""

from __future__ import annotations

import json
import re
from pathlib import Path

import faiss
import numpy as np
import pytest

from index import HashEmbedder, build_index, open_corpus
from index.check import repair_index
from index.store import Store
from index.vectors import MANIFEST, VectorIndex, even_sample, lists_for, load_vectors


def unit_vectors(n: int, dim: int, seed: int = 0) -> np.ndarray:
    vecs = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return vecs / np.linalg.norm(vecs, axis=1, keepdims=True)


def batches(ids: np.ndarray, vecs: np.ndarray):  # type: ignore[no-untyped-def]
    def all_vectors():  # type: ignore[no-untyped-def]
        yield ids, vecs

    return all_vectors


@pytest.fixture
def ivf_seeds(seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The seeds indexed (fake embedder) with the IVF index a large collection gets."""
    monkeypatch.setattr("index.vectors.FLAT_LIMIT", 40)
    monkeypatch.setattr("index.vectors.TRAIN_PER_LIST", 4)
    data = tmp_path / "ivf"
    build_index([str(seeds_copy)], data, HashEmbedder())
    return data


def test_large_collections_get_pq_fast_scan_and_ask_for_more_candidates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("index.vectors.FLAT_LIMIT", 1000)
    vecs = unit_vectors(3000, 32)
    ids = np.arange(1, 3001, dtype=np.int64)
    index = VectorIndex(32)
    index.add(ids, vecs)
    assert index.exact and index.candidates(40) == 40
    assert index.fit_to_size(batches(ids, vecs))
    assert re.fullmatch(r"ivf\d+-pq16x4fs", index.kind)
    assert index.candidates(40) == 100
    # Each stored vector, asked for, is among its own candidates (exact re-scoring finds it).
    for row in (0, 1234, 2999):
        found = [i for i, _ in index.search(vecs[row], index.candidates(10))]
        assert ids[row] in found
    index.remove([ids[0]])
    assert index.count == 2999
    assert ids[0] not in index.ids()


def test_an_ivf_sq8_index_saved_by_an_earlier_version_still_loads_and_searches(
    tmp_path: Path,
) -> None:
    vecs = unit_vectors(2000, 32, seed=1)
    ids = np.arange(10, 2010, dtype=np.int64)
    raw = faiss.index_factory(32, "IVF64,SQ8", faiss.METRIC_INNER_PRODUCT)
    raw.train(vecs)
    raw.add_with_ids(vecs, ids)
    VectorIndex(32, raw).save(tmp_path, "hash-bow-32", 1, 7)
    loaded = load_vectors(tmp_path, "hash-bow-32", 32)
    assert loaded is not None
    index, _ = loaded
    assert index.kind == "ivf64-sq8"
    assert index.search(vecs[5], index.candidates(10))[0][0] == 15


def test_ivf_with_exact_rescoring_ranks_the_seeds_as_exact_search_does(
    seeds_copy: Path, tmp_path: Path, ivf_seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    questions = [
        "How many North Korean soldiers are in Russia?",
        "What did the Pentagon say about the troops?",
        "Where are the soldiers training?",
        "Kim Jong Un",
    ]
    monkeypatch.undo()  # the same seeds, indexed as a small collection is
    flat_data = tmp_path / "flat"
    build_index([str(seeds_copy)], flat_data, HashEmbedder())
    flat = open_corpus(flat_data, HashEmbedder()).searcher()
    ivf = open_corpus(ivf_seeds, HashEmbedder()).searcher()
    assert flat.vectors.exact and not ivf.vectors.exact
    for q in questions:
        qvec = HashEmbedder().encode([q])[0]
        want = [round(s, 5) for _, s in flat.retrieve(q, qvec, 10)[:5]]
        got = [round(s, 5) for _, s in ivf.retrieve(q, qvec, 10)[:5]]
        assert got == want, q


def test_an_index_run_turns_an_ivf_sq8_index_into_the_current_kind(
    seeds_copy: Path, ivf_seeds: Path
) -> None:
    data = ivf_seeds
    store = Store(data)
    ids, vecs = (np.concatenate(x) for x in zip(*store.iter_vectors(), strict=True))
    nlist = lists_for(len(ids))  # as many lists as a new index: no regrowth due
    raw = faiss.index_factory(vecs.shape[1], f"IVF{nlist},SQ8", faiss.METRIC_INNER_PRODUCT)
    raw.train(vecs)
    raw.add_with_ids(vecs, ids)
    VectorIndex(vecs.shape[1], raw).save(data, "hash-bow", store.schema_version, store.generation)
    store.close()
    assert json.loads((data / MANIFEST).read_text())["index_type"] == f"ivf{nlist}-sq8"

    build_index([str(seeds_copy)], data, HashEmbedder())  # nothing changed in the files

    manifest = json.loads((data / MANIFEST).read_text())
    assert manifest["index_type"] == f"ivf{nlist}-pq32x4fs"
    assert manifest["count"] == len(ids)


def test_repairing_a_large_collection_rebuilds_an_ivf_index_not_a_flat_one(
    ivf_seeds: Path,
) -> None:
    data = ivf_seeds
    manifest = json.loads((data / MANIFEST).read_text())
    (data / manifest["file"]).unlink()

    report = repair_index(data)

    assert report.ok, report.problems
    assert json.loads((data / MANIFEST).read_text())["index_type"].startswith("ivf")


@pytest.mark.parametrize("want", [1, 7, 250, 1000])
def test_the_training_sample_is_every_nth_vector_of_each_batch(want: int) -> None:
    rng = np.random.default_rng(1)
    batches = [(np.arange(300), rng.random((300, 8), dtype=np.float32)) for _ in range(4)]
    n = 1200
    step = max(1, n // want)
    expected = np.vstack([v[::step] for _, v in batches])[:want]
    sample = even_sample(lambda: iter(batches), n, want, 8)
    assert sample.dtype == np.float32 and sample.flags.c_contiguous
    np.testing.assert_array_equal(sample, expected)
    assert not any(np.shares_memory(sample, v) for _, v in batches)
