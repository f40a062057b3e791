"""The FAISS side of the index: vectors keyed by passage row id, saved with a manifest.

A save writes a new, generation-numbered FAISS file, then atomically replaces `manifest.json`,
which names it. A crash at any point leaves the previous manifest and its file intact.
"""

from __future__ import annotations

import json
import logging
import math
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import faiss
import numpy as np

from index.errors import IndexMismatch

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
FORMAT = 1


@dataclass(frozen=True)
class Manifest:
    format: int
    model: str
    dim: int
    count: int
    schema_version: int
    generation: int
    index_type: str
    file: str
    faiss_version: str


# Flat search costs ~13 ms per 100k vectors here. Above FLAT_LIMIT an IVF index with 4-bit
# product-quantised codes that FAISS scans with SIMD shuffles ("fast scan": half a byte per two
# dimensions, an eighth of the vectors' memory) answers in a few ms; it returns RESCORED times
# the candidates asked for, and the searcher re-scores them exactly from the vectors SQLite keeps.
# At 1.09M vectors (nprobe 521): 3.2 ms per question against 10.4 ms for the 8-bit scalar codes
# used before, whose indexes still load and search as they are.
FLAT_LIMIT = 50_000
RESCORED = 2.5
TRAIN_PER_LIST = 64
# Lists searched per query: an eighth of them. On 84k real passage embeddings searched with
# RealTimeQA headlines, IVF1159-SQ8's top 40 re-scored exactly held .88 of the exact top 10 at
# nprobe 32, .92 at 64 and .96 at 128; IVF1159-PQ192x4fs at nprobe 144 holds .958 in its top 40
# and .970 in its top 100, as many as SQ8's top 40 (bench/vector_index.py).
PROBE_SHARE = 8


class VectorIndex:
    """Inner-product search over unit vectors, addressed by passage id: exact (flat) for small
    collections, IVF with 4-bit product quantisation (fast scan) for large ones."""

    def __init__(self, dim: int, index: faiss.Index | None = None) -> None:
        self.dim = dim
        self.index = index if index is not None else faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
        if not self.exact:
            _set_probes(self.index)

    @property
    def exact(self) -> bool:
        return isinstance(self.index, faiss.IndexIDMap2)

    @property
    def kind(self) -> str:
        if self.exact:
            return "flat"
        ivf = faiss.downcast_index(faiss.extract_index_ivf(self.index))
        if isinstance(ivf, faiss.IndexIVFScalarQuantizer):
            return f"ivf{ivf.nlist}-sq8"
        return f"ivf{ivf.nlist}-pq{ivf.pq.M}x{ivf.pq.nbits}fs"  # type: ignore[attr-defined]

    def candidates(self, k: int) -> int:
        """How many hits to ask `search` for so that re-scoring them exactly finds the top k."""
        return k if self.exact else math.ceil(k * RESCORED)

    @property
    def count(self) -> int:
        return int(self.index.ntotal)

    def ids(self) -> np.ndarray:
        if self.exact:
            return faiss.vector_to_array(self.index.id_map).astype(np.int64)  # type: ignore[attr-defined]
        lists = faiss.extract_index_ivf(self.index).invlists
        assert lists is not None  # an IVF index always has its inverted lists
        parts = [
            faiss.rev_swig_ptr(lists.get_ids(i), lists.list_size(i)).copy()
            for i in range(lists.nlist)
            if lists.list_size(i)
        ]
        return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, np.int64)

    def add(self, ids: Sequence[int] | np.ndarray, vectors: np.ndarray) -> None:
        if len(ids):
            self.index.add_with_ids(
                np.ascontiguousarray(vectors, dtype=np.float32), np.asarray(ids, dtype=np.int64)
            )

    def remove(self, ids: Sequence[int] | np.ndarray) -> None:
        if len(ids):
            self.index.remove_ids(np.asarray(ids, dtype=np.int64))  # type: ignore[arg-type]

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        if self.count == 0:
            return []
        scores, ids = self.index.search(vector.reshape(1, -1).astype(np.float32), k)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def fit_to_size(
        self, all_vectors: Callable[[], Iterable[tuple[np.ndarray, np.ndarray]]]
    ) -> bool:
        """Rebuild as the kind of index that suits the current count; True if it did.

        Flat up to FLAT_LIMIT, then IVF with about 4 * sqrt(n) lists, retrained when the
        collection has grown fourfold since, or when it is of the older 8-bit kind (3x slower
        to search). `all_vectors` yields (ids, vectors) batches.
        """
        n = self.count
        want_lists = lists_for(n)
        if self.exact and n <= FLAT_LIMIT:
            return False
        if (
            not self.exact
            and not self.kind.endswith("-sq8")
            and n > FLAT_LIMIT // 2
            and faiss.extract_index_ivf(self.index).nlist * 2 > want_lists
        ):
            return False
        if n <= FLAT_LIMIT // 2:
            index: faiss.Index = faiss.IndexIDMap2(faiss.IndexFlatIP(self.dim))
        else:
            index = _trained_ivf(self.dim, want_lists, all_vectors, n)
        for ids, vecs in all_vectors():
            index.add_with_ids(np.ascontiguousarray(vecs, dtype=np.float32), ids)
        self.index = index
        if not self.exact:
            _set_probes(self.index)
        log.info("rebuilt the vector index for %d vectors as %s", n, self.kind)
        return True

    def save(self, data_dir: Path, model: str, schema_version: int, generation: int) -> Manifest:
        name = f"vectors.{generation}.faiss"
        tmp = data_dir / (name + ".tmp")
        faiss.write_index(self.index, str(tmp))
        _fsync(tmp)
        os.replace(tmp, data_dir / name)
        manifest = Manifest(
            FORMAT,
            model,
            self.dim,
            self.count,
            schema_version,
            generation,
            self.kind,
            name,
            faiss.__version__,
        )
        write_manifest(data_dir, manifest)
        remove_leftovers(data_dir, name)
        return manifest


def write_manifest(data_dir: Path, manifest: Manifest) -> None:
    """Atomically make manifest data_dir's: readers load the file it names on their next
    question."""
    _write_atomic(data_dir / MANIFEST, json.dumps(asdict(manifest), indent=2))


def remove_manifest(data_dir: Path) -> None:
    """Remove data_dir's manifest, durably: readers opening the index then take their vectors
    from SQLite, and loaded ones keep theirs."""
    (data_dir / MANIFEST).unlink(missing_ok=True)
    _fsync(data_dir)


def move_vector_file(manifest: Manifest, from_dir: Path, data_dir: Path) -> None:
    """Move the vector file manifest names from from_dir into data_dir, durably. No reader
    loads it before `write_manifest` names it there."""
    os.replace(from_dir / manifest.file, data_dir / manifest.file)
    _fsync(data_dir)


def remove_leftovers(data_dir: Path, current: str) -> None:
    """Delete the vector files the manifest does not name (superseded, or written by a run
    killed before it named them) and temporary files: only an index run, holding the lock,
    calls this."""
    for old in [*data_dir.glob("vectors.*.faiss"), *data_dir.glob("*.tmp")]:
        if old.name != current:
            old.unlink(missing_ok=True)


def _set_probes(index: faiss.Index) -> None:
    ivf = faiss.extract_index_ivf(index)
    ivf.nprobe = max(32, ivf.nlist // PROBE_SHARE)


def lists_for(n: int) -> int:
    """How many IVF lists an index of n vectors gets: about 4 * sqrt(n)."""
    return max(64, int(4 * n**0.5))


def _trained_ivf(
    dim: int,
    nlist: int,
    all_vectors: Callable[[], Iterable[tuple[np.ndarray, np.ndarray]]],
    n: int,
) -> faiss.Index:
    """An empty IVF index of 4-bit PQ codes (two dimensions a code, fast scan), trained on an
    even sample of the vectors."""
    sample = even_sample(all_vectors, n, min(n, nlist * TRAIN_PER_LIST), dim)
    quantizer = faiss.IndexFlatIP(dim)
    codes = dim // 2 if dim % 2 == 0 else dim
    index = faiss.IndexIVFPQFastScan(quantizer, dim, nlist, codes, 4, faiss.METRIC_INNER_PRODUCT)
    index.train(sample)
    index.own_fields = True  # the index frees its quantizer, not Python
    quantizer.this.disown()  # type: ignore[attr-defined]
    return index


def even_sample(
    all_vectors: Callable[[], Iterable[tuple[np.ndarray, np.ndarray]]], n: int, want: int, dim: int
) -> np.ndarray:
    """About `want` of the n vectors, evenly spread: every (n // want)-th of each batch.

    Filled in place: a list of strided views would keep every batch it came from alive (all the
    vectors: training at 1.1M peaked at 2.1 GB, now 0.5 GB), and stacking copies would hold the
    sample twice."""
    step = max(1, n // max(1, want))
    sample = np.empty((want, dim), dtype=np.float32)
    filled = 0
    for _, vecs in all_vectors():
        part = vecs[::step][: want - filled]
        sample[filled : filled + len(part)] = part
        filled += len(part)
        if filled == want:
            break
    return sample[:filled]


def read_manifest(data_dir: Path) -> Manifest | None:
    try:
        raw = json.loads((data_dir / MANIFEST).read_text("utf-8"))
        return Manifest(**raw)
    except FileNotFoundError:
        return None
    except (ValueError, TypeError) as exc:
        raise IndexMismatch(f"the index manifest in {data_dir} is unreadable ({exc})") from exc


def load_vectors(data_dir: Path, model: str, dim: int) -> tuple[VectorIndex, Manifest] | None:
    """The saved index, after checking that it was built by this model; None if there is none
    or it cannot be read (the caller rebuilds it from the vectors SQLite keeps)."""
    manifest = read_manifest(data_dir)
    if manifest is None:
        return None
    if manifest.format != FORMAT or manifest.model != model or manifest.dim != dim:
        raise IndexMismatch(
            f"the index in {data_dir} was built with {manifest.model} ({manifest.dim} dims), "
            f"not {model} ({dim} dims); rebuild it with `newsdesk index --rebuild PATH...`"
        )
    try:
        index = faiss.read_index(str(data_dir / manifest.file))
    except RuntimeError as exc:  # missing, truncated, damaged: it is derived data
        log.warning("vector file %s unreadable (%s); rebuilding it from SQLite", manifest.file,
                    str(exc).splitlines()[-1][:200])  # fmt: skip
        return None
    if index.ntotal != manifest.count or index.d != dim:
        log.warning("vector file %s does not match its manifest; rebuilding it", manifest.file)
        return None
    return VectorIndex(dim, index), manifest


def _write_atomic(path: Path, content: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    _fsync(path.parent)  # make the rename itself durable


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
