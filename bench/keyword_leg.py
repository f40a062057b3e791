"""The keyword leg at scale: FTS5 BM25 over passages and whole articles of the RealTimeQA corpus.

Builds a text-only store (real passages and articles, placeholder vectors: the keyword leg never
reads them) from the first --articles articles (default: all 26,549, about 1.2M passages), then
times `Store.keyword_search` and `Store.article_keyword_search` for real questions (SQuAD dev
questions and RealTimeQA titles). Reuse the store with --data.

    python bench/keyword_leg.py --data /tmp/kw-all            # build once (~10 min), then time
    python bench/keyword_leg.py --data /tmp/kw-all --questions 300
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import common
from vector_index import questions

from index.chunk import chunk_article
from index.ingest import _feed_record
from index.models import Article
from index.store import Store
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--articles", type=int, default=None)
    ap.add_argument("--questions", type=int, default=300)
    ap.add_argument("--k", type=int, default=40)
    args = ap.parse_args()
    store = build(args.data, args.articles)
    counts = store.counts()
    qs = questions(args.questions)
    legs = {"passages": store.keyword_search, "articles": store.article_keyword_search}
    result = {"counts": counts, "questions": len(qs), "legs": {}}
    for name, fn in legs.items():
        fn(content_terms(qs[0]), args.k)  # warm the page cache
        times = []
        for q in qs:
            t = time.perf_counter()
            fn(content_terms(q), args.k)
            times.append((time.perf_counter() - t) * 1e3)
        result["legs"][name] = common.summary_ms(times)
    print(f"{counts['passages']:,} passages, {counts['articles']:,} articles, {len(qs)} questions")
    for name, ms in result["legs"].items():
        print(f"  {name:>9}: p50 {ms['p50']:.1f} ms  p99 {ms['p99']:.1f} ms")
    common.write_json("keyword_leg", result)


if __name__ == "__main__":
    main()
