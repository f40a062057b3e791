"""The dense leg at scale: exact (flat) vs IVF search time, recall@10 and memory.

Recall is measured on real all-MiniLM-L6-v2 embeddings of RealTimeQA passages, searched with
RealTimeQA headlines of articles outside the sample: the IVF's candidates for 40 (as many as
VectorIndex.candidates asks for), re-scored exactly as the searcher does, against exact search's
top 10. Search time is also measured at 1M vectors (the real ones, tiled with small noise), where
flat search is too slow for the query budget. `--compare-sq8` adds the IVF with 8-bit scalar
codes that indexes were built with before.

    python bench/vector_index.py                       # embeds --passages N on the CPU (slow)
    python bench/vector_index.py --vectors DIR         # reuse embeddings saved as DIR/*.npy
    python bench/vector_index.py --save-vectors DIR    # keep this run's embeddings
    python bench/vector_index.py --data DIR            # the index `newsdesk index` saved in DIR

--data measures the vector index an index run saved (its own type and training, at its own
size) against exact search over every vector its store keeps: for a whole corpus built with the
real model, recall@10 on real embeddings at full size. The headlines asked are of indexed
articles there, which matters not for how well the index finds exact search's top 10.

Embedding 84,000 passages takes about 40 minutes on this 2-core machine (or 30 s on a GPU, with
the same script and --save-vectors); the figures in the README used 84,004 passages.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
import zipfile
from pathlib import Path

import faiss
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import common

from index.chunk import chunk_article, embed_text
from index.embed import MiniLMEmbedder
from index.fast_encoder import TorchFreeMiniLM
from index.ingest import _feed_record
from index.models import Article
from index.store import Store
from index.vectors import FLAT_LIMIT, TRAIN_PER_LIST, VectorIndex, lists_for, load_vectors


def passage_texts(limit: int) -> list[str]:
    texts: list[str] = []
    with gzip.open(common.REALTIMEQA_ARTICLES, "rb") as feed:
        for lineno, raw in enumerate(feed, start=1):
            article = _feed_record("feed", Path("feed.jsonl"), lineno, raw, 5_000_000)
            if isinstance(article, Article):
                texts += [embed_text(p.text, article.meta.title) for p in chunk_article(article)]
            if len(texts) >= limit:
                return texts[:limit]
    return texts


def headlines(n: int, skip: int = 5000) -> list[str]:
    """Titles of RealTimeQA articles past the first `skip` (not among the indexed passages)."""
    out: list[str] = []
    with gzip.open(common.REALTIMEQA_ARTICLES, "rt", encoding="utf-8") as feed:
        for lineno, line in enumerate(feed):
            title = json.loads(line).get("title") if lineno >= skip else None
            if title:
                out.append(title)
            if len(out) >= n:
                break
    return out


def questions(n: int) -> list[str]:
    with zipfile.ZipFile(common.SQUAD_DEV) as z:
        data = json.loads(z.read(z.namelist()[0]))
    out = [q["question"] for a in data["data"] for p in a["paragraphs"] for q in p["qas"]]
    return out[:: max(1, len(out) // n)][:n]


def timed_search(index: VectorIndex, queries: np.ndarray, k: int) -> tuple[list, list[float]]:
    results, times = [], []
    for q in queries:
        t = time.perf_counter()
        results.append([i for i, _ in index.search(q, k)])
        times.append((time.perf_counter() - t) * 1e3)
    return results, times


def rescored_recall(vectors: np.ndarray, queries: np.ndarray, approx: list, exact: list) -> float:
    """Recall@10 of approximate candidates after exact re-scoring (ids are rows + 1)."""
    hits = []
    for cands, q, truth in zip(approx, queries, exact, strict=True):
        ids = np.asarray(cands, dtype=np.int64)
        top = ids[np.argsort(-(vectors[ids - 1] @ q))[:10]]
        hits.append(len(set(top.tolist()) & set(truth)) / 10)
    return float(np.mean(hits))


def build(vectors: np.ndarray, ids: np.ndarray, force_ivf: bool) -> tuple[VectorIndex, float]:
    index = VectorIndex(vectors.shape[1])
    t = time.perf_counter()
    index.add(ids, vectors)

    def batches():  # type: ignore[no-untyped-def]
        for s in range(0, len(ids), 50_000):
            yield ids[s : s + 50_000], vectors[s : s + 50_000]

    if force_ivf:
        index.fit_to_size(batches)
    return index, time.perf_counter() - t


def build_sq8(vectors: np.ndarray, ids: np.ndarray) -> tuple[VectorIndex, float]:
    """The IVF-SQ8 index earlier versions built, with as many lists as the current one."""
    t = time.perf_counter()
    nlist = lists_for(len(vectors))
    raw = faiss.index_factory(vectors.shape[1], f"IVF{nlist},SQ8", faiss.METRIC_INNER_PRODUCT)
    raw.train(vectors[:: max(1, len(vectors) // (nlist * TRAIN_PER_LIST))])
    raw.add_with_ids(vectors, ids)
    return VectorIndex(vectors.shape[1], raw), time.perf_counter() - t


def saved_index(data_dir: Path, queries: np.ndarray) -> None:
    """Recall@10 and search time of the index saved in data_dir against exact search."""
    store = Store(data_dir, create=False)
    batches = list(store.iter_vectors())
    store.close()
    ids = np.concatenate([i for i, _ in batches])
    matrix = np.ascontiguousarray(np.vstack([v for _, v in batches]), dtype=np.float32)
    del batches
    loaded = load_vectors(data_dir, TorchFreeMiniLM.name, matrix.shape[1])
    if loaded is None:
        raise SystemExit(f"no vector index in {data_dir}")
    index = loaded[0]
    exact, flat_ms = [], []
    for q in queries:
        t = time.perf_counter()
        scores = matrix @ q
        top = np.argpartition(-scores, 10)[:10]
        flat_ms.append((time.perf_counter() - t) * 1e3)
        exact.append(set(ids[top].tolist()))
    approx, ivf_ms = timed_search(index, queries, index.candidates(40))
    order = np.argsort(ids)
    hits = []
    for cands, q, truth in zip(approx, queries, exact, strict=True):
        rows = order[np.searchsorted(ids, cands, sorter=order)]
        top = ids[rows[np.argsort(-(matrix[rows] @ q))[:10]]]
        hits.append(len(set(top.tolist()) & truth) / 10)
    recall = float(np.mean(hits))
    flat, ivf = common.summary_ms(flat_ms), common.summary_ms(ivf_ms)
    print(f"{len(ids):,} stored vectors in {data_dir}, {len(queries)} headlines")
    print(f"  exact (numpy, every vector): p50 {flat['p50']:.1f} ms, p99 {flat['p99']:.1f} ms")
    print(f"  {index.kind} ({index.candidates(40)} candidates, re-scored exactly): p50 "
          f"{ivf['p50']:.2f} ms, p99 {ivf['p99']:.2f} ms, recall@10 {recall:.3f}")
    common.write_json("vector_index_saved", {
        "data": str(data_dir), "vectors": len(ids), "index": index.kind,
        "queries": len(queries), "exact_ms": flat, "index_ms": ivf, "recall_at_10": recall})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--passages", type=int, default=20_000)
    ap.add_argument("--vectors", type=Path, help="a folder of .npy embedding files to reuse")
    ap.add_argument("--save-vectors", type=Path)
    ap.add_argument("--queries", type=int, default=500)
    ap.add_argument("--scale", type=int, default=1_000_000, help="vectors for the timing run")
    ap.add_argument("--compare-sq8", action="store_true", help="also time the old IVF-SQ8")
    ap.add_argument("--data", type=Path, help="measure the index an index run saved in DIR")
    args = ap.parse_args()

    queries = TorchFreeMiniLM().encode(headlines(args.queries))
    if args.data:
        saved_index(args.data, queries)
        return
    emb = MiniLMEmbedder()
    if args.vectors:
        vectors = np.vstack([np.load(f) for f in sorted(args.vectors.glob("*.npy"))])
    else:
        vectors = emb.encode(passage_texts(args.passages))
        if args.save_vectors:
            args.save_vectors.mkdir(parents=True, exist_ok=True)
            np.save(args.save_vectors / "vectors.npy", vectors.astype(np.float16))
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ids = np.arange(1, len(vectors) + 1, dtype=np.int64)

    rows = []
    flat, flat_build = build(vectors, ids, force_ivf=False)
    exact, flat_ms = timed_search(flat, queries, 10)
    ivf, ivf_build = build(vectors, ids, force_ivf=len(vectors) > FLAT_LIMIT)
    approx, ivf_ms = timed_search(ivf, queries, ivf.candidates(40))
    # As the searcher does: the approximate candidates are re-scored with exact vectors.
    recall = rescored_recall(vectors, queries, approx, exact)
    rows.append(("real", len(vectors), "flat", flat_build, common.summary_ms(flat_ms), 1.0))
    rows.append(("real", len(vectors), ivf.kind, ivf_build, common.summary_ms(ivf_ms), recall))
    if args.compare_sq8:
        sq8, sq8_build = build_sq8(vectors, ids)
        approx, sq8_ms = timed_search(sq8, queries, sq8.candidates(40))
        recall = rescored_recall(vectors, queries, approx, exact)
        rows.append(("real", len(vectors), sq8.kind, sq8_build, common.summary_ms(sq8_ms), recall))

    rng = np.random.default_rng(0)
    reps = -(-args.scale // len(vectors))
    big = np.vstack(
        [vectors + rng.normal(0, 0.02, vectors.shape).astype(np.float32) for _ in range(reps)]
    )[: args.scale]
    big /= np.linalg.norm(big, axis=1, keepdims=True)
    big_ids = np.arange(1, len(big) + 1, dtype=np.int64)
    del vectors
    for force in (False, True):
        index, secs = build(big, big_ids, force_ivf=force)
        _, ms = timed_search(index, queries[:200], index.candidates(40))
        rows.append(("tiled", len(big), index.kind, secs, common.summary_ms(ms), None))
        del index
    if args.compare_sq8:
        index, secs = build_sq8(big, big_ids)
        _, ms = timed_search(index, queries[:200], index.candidates(40))
        rows.append(("tiled", len(big), index.kind, secs, common.summary_ms(ms), None))

    print(
        f"{'vectors':>9} {'n':>9} {'index':>14} {'build s':>8} {'p50 ms':>7} {'p99 ms':>7}"
        f" {'recall@10':>9}"
    )
    for kind, n, name, secs, ms, rec in rows:
        r = f"{rec:.3f}" if rec is not None else "-"
        print(f"{kind:>9} {n:>9} {name:>14} {secs:8.1f} {ms['p50']:7.2f} {ms['p99']:7.2f} {r:>9}")
    common.write_json(
        "vector_index",
        {
            "rows": [
                {
                    "vectors": k,
                    "n": n,
                    "index": name,
                    "build_s": s,
                    "search_ms": ms,
                    "recall_at_10": r,
                }
                for k, n, name, s, ms, r in rows
            ],
            "queries": len(queries),
        },
    )


if __name__ == "__main__":
    main()
