"""`ask` latency and memory at whole-corpus scale, without hours of embedding.

Takes the text-only store that bench/keyword_leg.py builds from all 26,549 RealTimeQA articles
(about 1.09M real passages, FTS and articles real), gives every passage a vector drawn from real
all-MiniLM-L6-v2 passage embeddings (--vectors DIR of .npy files, e.g. 84k of them, tiled with
small noise), builds the vector index the library would (IVF-PQ fast scan at this size), then
times warm in-process `Corpus.ask` with the torch-free query encoder for held-out headlines,
and reports RSS. A baseline (--baseline-fts5, --baseline-numpy-layers,
--baseline-body-neighbours, --baseline-no-phrases, or --baseline-session-start: numpy layers
and body neighbours at once) asks each
question a second time the previous way, alternating which goes first, and reports both and
their ratio. `--rebuild-vectors` rebuilds that index from the filled vectors.
Search cost depends on the count, not the exact vectors, so latency and memory are those of the
real corpus; answer quality here means nothing and is not reported.

    python bench/keyword_leg.py --data /tmp/kw-all
    python bench/scale_latency.py --data /tmp/kw-all --vectors DIR [--baseline-numpy-layers]
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import common
from vector_index import headlines

from bot.gc_settings import settle_for_serving
from index import TorchFreeMiniLM, open_corpus
from index.models import Answer
from index.store import Store
from index.vectors import VectorIndex


def fill_vectors(store: Store, source: np.ndarray, batch: int = 20_000) -> None:
    rng = np.random.default_rng(0)
    ids = store.passage_ids()
    db = store.db
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        pick = source[rng.integers(0, len(source), len(chunk))]
        vecs = pick + rng.normal(0, 0.02, pick.shape).astype(np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        with db.conn:
            db.execute("BEGIN IMMEDIATE")
            rows = zip(vecs.astype(np.float32), chunk, strict=True)
            db.conn.executemany(
                "UPDATE passages SET vector = ? WHERE id = ?",
                [(v.tobytes(), int(i)) for v, i in rows],
            )
        print(f"  vectors {start + len(chunk):,}/{len(ids):,}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--vectors", type=Path, required=True)
    ap.add_argument("--questions", type=int, default=300)
    ap.add_argument(
        "--baseline-fts5",
        action="store_true",
        help="also ask each question with passage BM25 ranked by FTS5's bm25() (the path before "
        "numpy BM25), alternating which goes first, and report both",
    )
    ap.add_argument(
        "--baseline-numpy-layers",
        action="store_true",
        help="also ask each question with the query encoder's layers in numpy (the path before "
        "ONNX Runtime), alternating which goes first, and report both",
    )
    ap.add_argument(
        "--baseline-body-neighbours",
        action="store_true",
        help="also ask each question finding passages' neighbouring sentences from the article "
        "body (the path before migration 7), alternating which goes first, and report both",
    )
    ap.add_argument(
        "--baseline-no-phrases",
        action="store_true",
        help="also ask each question without re-ranking the first candidates by the question's "
        "word pairs (SearchParams.phrase_weight 0), alternating which goes first, and report both",
    )
    ap.add_argument(
        "--baseline-session-start",
        action="store_true",
        help="--baseline-numpy-layers and --baseline-body-neighbours together",
    )
    ap.add_argument(
        "--python-gc",
        action="store_true",
        help="keep Python's garbage-collector defaults instead of those `newsdesk serve` sets",
    )
    ap.add_argument(
        "--rebuild-vectors",
        action="store_true",
        help="rebuild the vector index from the filled vectors (after the index type changed)",
    )
    args = ap.parse_args()
    if args.baseline_session_start:
        args.baseline_numpy_layers = args.baseline_body_neighbours = True
    encoder = TorchFreeMiniLM()
    store = Store(args.data)
    filled = store.get_setting("bench_vectors") == "filled"
    if not filled:
        source = np.vstack([np.load(f) for f in sorted(args.vectors.glob("*.npy"))])
        fill_vectors(store, source.astype(np.float32))
    if not filled or args.rebuild_vectors:
        vindex = VectorIndex(encoder.dim)
        vindex.add(*_all(store))
        vindex.fit_to_size(store.iter_vectors)
        vindex.save(args.data, encoder.name, store.schema_version, store.generation)
        store.set_setting("bench_vectors", "filled")
    store.close()

    rss_before = common.current_rss_mb()
    t = time.perf_counter()
    corpus = open_corpus(args.data, encoder)
    qs = headlines(args.questions)
    corpus.ask(qs[0])
    ready = time.perf_counter() - t
    if not args.python_gc:
        settle_for_serving()  # as `newsdesk serve` does once it has loaded
    collecting: list[float] = []
    gc.callbacks.append(_collection_timer(collecting))
    totals, parts = [], {"embed": [], "retrieve": [], "total": []}
    baseline: list[float] = []
    same = 0
    searcher = corpus.searcher()
    numpy_layers = encoder
    if args.baseline_numpy_layers:  # loaded only then: RSS reports one encoder otherwise
        numpy_layers = TorchFreeMiniLM(onnx_runtime=False)
        numpy_layers.encode(["load"])

    def use(current: bool) -> None:
        """Set the searcher up for this version (True) or the baseline's (False)."""
        searcher.store.numpy_bm25 = current or not args.baseline_fts5
        searcher.store.stored_neighbours = current or not args.baseline_body_neighbours
        searcher.embedder = encoder if current or not args.baseline_numpy_layers else numpy_layers
        searcher.params = params if current or not args.baseline_no_phrases else no_phrases

    params = searcher.params
    no_phrases = replace(params, phrase_weight=0.0)
    names = {
        "FTS5 bm25() for passages": args.baseline_fts5,
        "no word-pair re-ranking": args.baseline_no_phrases,
        "numpy encoder layers": args.baseline_numpy_layers,
        "neighbouring sentences from the body": args.baseline_body_neighbours,
    }
    baseline_name = " + ".join(name for name, on in names.items() if on) or None
    for i, q in enumerate(qs):
        order = (True, False) if i % 2 else (False, True)
        answers: dict[bool, Answer] = {}
        for current in order if baseline_name else (True,):
            use(current)
            start = time.perf_counter()
            answers[current] = corpus.ask(q)
            (totals if current else baseline).append((time.perf_counter() - start) * 1e3)
        for k in parts:
            parts[k].append(answers[True].timings_ms.get(k, 0.0))
        if baseline_name:
            same += _same(answers[True], answers[False])
    use(True)
    stats = corpus.stats()
    result = {
        "passages": stats.passages,
        "articles": stats.articles,
        "index": corpus.searcher().vectors.kind,
        "ready_s": ready,
        "ask_ms": common.summary_ms(totals),
        "parts_ms": {k: common.summary_ms(v) for k, v in parts.items()},
        "rss_mb": common.current_rss_mb(),
        "rss_before_open_mb": rss_before,
        "gc": "python defaults" if args.python_gc else "serving (bot/gc_settings.py)",
        "gc_ms": sum(collecting),
        "gc_max_pause_ms": max(collecting, default=0.0),
    }
    if baseline_name:
        result["baseline"] = baseline_name
        result["baseline_ask_ms"] = common.summary_ms(baseline)
        result["p50_ratio"] = result["ask_ms"]["p50"] / result["baseline_ask_ms"]["p50"]
        result["same_answers"] = f"{same}/{len(qs)}"
    a = result["ask_ms"]
    print(
        f"{stats.passages:,} passages ({result['index']}), {len(qs)} questions: ask p50 "
        f"{a['p50']:.1f} ms, p99 {a['p99']:.1f} ms; ready in {ready:.1f} s; "
        f"RSS {result['rss_mb']:.0f} MB"
    )
    print(
        f"  garbage collection ({result['gc']}): {result['gc_ms']:.0f} ms in all, longest "
        f"pause {result['gc_max_pause_ms']:.1f} ms"
    )
    if baseline_name:
        b = result["baseline_ask_ms"]
        print(
            f"  {baseline_name}, interleaved: p50 {b['p50']:.1f} ms, p99 "
            f"{b['p99']:.1f} ms (this/baseline p50 {result['p50_ratio']:.2f}x); same answers "
            f"{result['same_answers']}"
        )
    for k, v in result["parts_ms"].items():
        print(f"  {k:>8}: p50 {v['p50']:.1f} ms  p99 {v['p99']:.1f} ms")
    common.write_json("scale_latency", result)


def _collection_timer(out: list[float]) -> Callable[[str, dict[str, int]], None]:
    """A gc callback that appends each collection's duration in ms to out."""
    started = [0.0]

    def timer(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            out.append((time.perf_counter() - started[0]) * 1e3)

    return timer


def _same(a: Answer, b: Answer) -> bool:
    """The same verdict and quotes (scores may differ in the last bits of a float sum)."""

    def quoted(x: Answer) -> list[tuple[str, int, int]]:
        return [(q.source.path, q.start, q.end) for q in x.quotes + x.related]

    return a.answered == b.answered and quoted(a) == quoted(b)


def _all(store: Store) -> tuple[np.ndarray, np.ndarray]:
    ids, vecs = zip(*store.iter_vectors(), strict=True)
    return np.concatenate(ids), np.vstack(vecs)


if __name__ == "__main__":
    main()
