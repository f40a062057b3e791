"""The keyword leg at scale: FTS5 BM25 over passages and whole articles of the RealTimeQA corpus.

Builds a text-only store (real passages and articles, placeholder vectors: the keyword leg never
reads them) from the first --articles articles (default: all 26,549, about 1.2M passages), then
times `Store.keyword_search` and `Store.article_keyword_search` for real questions (SQuAD dev
questions and RealTimeQA titles), each scored in numpy (index/bm25.py) and by FTS5's bm25(),
interleaved, with how often the two agree. Reuse the store with --data.

    python bench/keyword_leg.py --data /tmp/kw-all            # build once (~10 min), then time
    python bench/keyword_leg.py --data /tmp/kw-all --questions 300
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import common
from vector_index import questions

from index.chunk import chunk_article
from index.ingest import _feed_record
from index.models import Article
from index.store import NUMPY_BM25_TABLES, Store
from index.terms import content_terms


def build(data: Path, limit: int | None) -> Store:
    store = Store(data)
    if store.counts()["articles"]:
        return store
    batch = []
    t = time.perf_counter()
    with gzip.open(common.REALTIMEQA_ARTICLES, "rb") as feed:
        for lineno, raw in enumerate(feed, start=1):
            if limit and lineno > limit:
                break
            article = _feed_record("feed", Path("feed.jsonl"), lineno, raw, 5_000_000)
            if not isinstance(article, Article):
                continue
            passages = chunk_article(article)
            batch.append(
                (
                    article,
                    article.content_hash,
                    passages,
                    np.zeros((len(passages), 1), np.float32),
                    [],
                )
            )
            if len(batch) >= 500:
                store.write_articles(batch)
                batch = []
                print(f"  {lineno} articles, {time.perf_counter() - t:.0f} s", flush=True)
    if batch:
        store.write_articles(batch)
    return store


def fts5_only(store: Store) -> Store:
    """The same store with numpy BM25 off: every keyword query goes to FTS5's bm25()."""
    baseline = Store(store.data_dir)
    baseline.numpy_bm25 = False
    return baseline


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--articles", type=int, default=None)
    ap.add_argument("--questions", type=int, default=300)
    ap.add_argument("--k", type=int, default=40)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    store = build(args.data, args.articles)
    store.remember_keyword_statistics()  # what an index run's last step does
    baseline = fts5_only(store)
    counts = store.counts()
    qs = [content_terms(q) for q in questions(args.questions)]
    result: dict[str, Any] = {"counts": counts, "questions": len(qs), "legs": {}}
    print(f"{counts['passages']:,} passages, {counts['articles']:,} articles, {len(qs)} questions")
    legs = (("keyword_search", "passages_fts"), ("article_keyword_search", "articles_fts"))
    for name, fts in legs:
        if fts not in NUMPY_BM25_TABLES:
            print(f"  ({fts} is ranked by FTS5's bm25() either way: its two columns time the same)")
        new, old = getattr(store, name), getattr(baseline, name)
        new(qs[0], args.k), old(qs[0], args.k)  # warm the page cache
        times: dict[str, list[float]] = {"numpy": [], "fts5": []}
        same = 0
        for _ in range(args.rounds):  # interleaved, so both meet the same machine
            for terms in qs:
                got = {}
                for label, fn in (("numpy", new), ("fts5", old)):
                    t = time.perf_counter()
                    got[label] = fn(terms, args.k)
                    times[label].append((time.perf_counter() - t) * 1e3)
                same += _same_ranking(got["numpy"], got["fts5"])
        ms = {label: common.summary_ms(t) for label, t in times.items()}
        ratio = ms["numpy"]["p50"] / ms["fts5"]["p50"]
        result["legs"][name] = {**ms, "p50_ratio": ratio, "same_ranking": same / len(times["fts5"])}
        print(
            f"  {name:>22}: numpy p50 {ms['numpy']['p50']:.1f} / p99 {ms['numpy']['p99']:.1f} ms,"
            f" FTS5 bm25() p50 {ms['fts5']['p50']:.1f} / p99 {ms['fts5']['p99']:.1f} ms"
            f" ({ratio:.2f}x), same ranking {same}/{len(times['fts5'])}"
        )
    common.write_json("keyword_leg", result)


def _same_ranking(a: Any, b: Any) -> bool:
    """Same rows with the same scores (a tie may come in either order)."""
    pa, pb = dict(a) if isinstance(a, list) else a, dict(b) if isinstance(b, list) else b
    if set(pa) != set(pb):
        return False
    return all(abs(pa[i] - pb[i]) <= 1e-9 * max(1.0, abs(pb[i])) for i in pa)


if __name__ == "__main__":
    main()
