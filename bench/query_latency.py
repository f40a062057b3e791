"""Warm in-process `corpus.ask` latency on the seeds and on a RealTimeQA index, p50/p99.

    python bench/query_latency.py [--data DIR] [--articles 2000] [--questions 200]
                                  [--skip-seeds] [--skip-realtimeqa]

For each corpus: open it once, warm it (10 asks, not timed), then for every question measure,
back to back so machine noise falls on both alike:
  baseline   emb.encode([question]) alone (the model cost every ask must pay)
  ask        corpus.ask(question), timed from outside, plus the answer.timings_ms breakdown
             (embed, retrieve, total; "rest" = total - embed - retrieve = quoting, grouping,
             judging)
Warm-up asks use the seed questions; on the seeds corpus those are the measured questions too.
Questions:
  seeds      a handful of hand-written questions about the five seed articles, repeated to N
  realtimeqa clusters.jsonl.gz carries no question text (every `question` field is null), so
             its clusters stand in: for each cluster holding an indexed article, the titles of
             the cluster's OTHER articles (not in the index) are asked as questions; indexed
             articles' titles fill up to N if needed. `question_source` in the JSON says which.
--data DIR reuses an index (e.g. from bench/index_throughput.py --keep-data DIR); otherwise the
first --articles lines of the feed are indexed into a temp dir first (slow: all embedding).
Writes bench/out/query_latency.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sys
import tempfile
import time
from itertools import cycle, islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common
from common import Timer, log, peak_rss_mb, summary_ms, table, write_json

from bot.gc_settings import settle_for_serving
from index import Embedder, TorchFreeMiniLM, build_index, open_corpus

SEED_QUESTIONS = [
    "How many North Korean troops are in Russia?",
    "What did Lloyd Austin say about North Korean soldiers?",
    "Will the North Korean troops fight in Ukraine?",
    "What uniforms are the North Korean troops wearing?",
    "What will North Korea get from Russia in return?",
    "Where are the North Korean soldiers being trained?",
    "How many soldiers a month is Russia enlisting?",
    "What did Ukraine's ambassador to the United Nations say?",
]


def realtimeqa_questions(data_dir: Path, n: int) -> tuple[list[str], dict[str, int]]:
    """Titles of cluster-mates of the indexed articles (see the module docstring)."""
    import sqlite3
    con = sqlite3.connect(data_dir / "newsdesk.db")
    indexed = {u: t for u, t in con.execute("SELECT url, title FROM articles")}
    con.close()
    corpus_urls = set(indexed)
    wanted: list[str] = []
    with gzip.open(common.REALTIMEQA_CLUSTERS, "rt", encoding="utf-8") as handle:
        for line in handle:
            cluster = json.loads(line)
            if cluster.get("question"):
                raise SystemExit("clusters now carry questions; use them (update this script)")
            urls = cluster["urls"]
            if any(u in corpus_urls for u in urls):
                wanted += [u for u in urls if u not in corpus_urls]
    wanted_set = set(dict.fromkeys(wanted))
    titles: dict[str, str] = {}
    with gzip.open(common.REALTIMEQA_ARTICLES, "rt", encoding="utf-8") as handle:
        for line in handle:
            if '"url"' not in line:
                continue
            rec = json.loads(line)
            if rec.get("url") in wanted_set and rec.get("title"):
                titles[rec["url"]] = rec["title"]
    out = list(dict.fromkeys(titles[u] for u in wanted if u in titles))[:n]
    source = {"cluster_mate_titles": len(out)}
    if len(out) < n:
        extra = [t for t in indexed.values() if t and t not in out][: n - len(out)]
        out += extra
        source["indexed_titles"] = len(extra)
    return out, source


def measure(name: str, data_dir: Path, emb: Embedder, questions: list[str],
            warmup: int = 10, settle: bool = True) -> dict:
    corpus = open_corpus(data_dir, emb)
    stats = corpus.stats()
    for q in islice(cycle(SEED_QUESTIONS), warmup):  # not timed; not the measured texts
        corpus.ask(q)
    emb.encode([questions[0]])
    if settle:
        settle_for_serving()  # as `newsdesk serve` does once it has loaded
    rows: dict[str, list[float]] = {k: [] for k in
                                    ("baseline_encode", "ask_wall", "embed", "retrieve",
                                     "rest", "total")}
    answered = 0
    for q in questions:
        t0 = time.perf_counter()
        emb.encode([q])
        t1 = time.perf_counter()
        ans = corpus.ask(q)
        t2 = time.perf_counter()
        tm = ans.timings_ms
        rows["baseline_encode"].append((t1 - t0) * 1e3)
        rows["ask_wall"].append((t2 - t1) * 1e3)
        rows["embed"].append(tm["embed"])
        rows["retrieve"].append(tm["retrieve"])
        rows["total"].append(tm["total"])
        rows["rest"].append(tm["total"] - tm["embed"] - tm["retrieve"])
        answered += ans.answered
    corpus.close()
    summ = {k: summary_ms(v) for k, v in rows.items()}
    base50 = summ["baseline_encode"]["p50"]
    return {
        "corpus": name, "data_dir": str(data_dir), "articles": stats.articles,
        "passages": stats.passages, "questions": len(questions),
        "distinct_questions": len(set(questions)), "answered": answered,
        "ms": summ,
        "ratio_p50_ask_over_encode": summ["ask_wall"]["p50"] / base50,
        "ratio_p99_ask_over_encode_p50": summ["ask_wall"]["p99"] / base50,
        "ratio_p50_non_embed_over_encode": (summ["ask_wall"]["p50"] - summ["embed"]["p50"])
        / base50,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=None, help="existing RealTimeQA index folder")
    ap.add_argument("--articles", type=int, default=2000,
                    help="articles to index when --data is not given (2000)")
    ap.add_argument("--questions", type=int, default=200)
    ap.add_argument("--skip-seeds", action="store_true")
    ap.add_argument("--python-gc", action="store_true",
                    help="keep Python's garbage-collector defaults instead of the serving ones")
    ap.add_argument("--skip-realtimeqa", action="store_true")
    args = ap.parse_args()

    wall = Timer().__enter__()
    emb = TorchFreeMiniLM(threads=0)  # index runs, as `newsdesk index` embeds passages
    query_emb = TorchFreeMiniLM()  # questions, as `newsdesk ask`, chat and the bot embed them
    query_emb.encode(["warm up"])
    tmp = Path(tempfile.mkdtemp(prefix="bench_lat_"))
    results = []
    builds = {}
    try:
        if not args.skip_seeds:
            seeds_dir = tmp / "seeds"
            with Timer() as t:
                build_index([str(common.SEEDS)], seeds_dir, emb)
            builds["seeds_s"] = t.s
            qs = list(islice(cycle(SEED_QUESTIONS), args.questions))
            log(f"seeds: {len(qs)} asks ...")
            results.append(measure("seeds", seeds_dir, query_emb, qs, settle=not args.python_gc))
        if not args.skip_realtimeqa:
            data_dir = args.data
            if data_dir is None:
                data_dir = tmp / "rtqa"
                feed = common.realtimeqa_feed(tmp / "articles.jsonl", args.articles)
                log(f"indexing {args.articles} articles (no --data given) ...")
                with Timer() as t:
                    build_index([str(feed)], data_dir, emb)
                builds["realtimeqa_s"] = t.s
            qs, source = realtimeqa_questions(data_dir, args.questions)
            log(f"realtimeqa: {len(qs)} asks ...")
            res = measure("realtimeqa", data_dir, query_emb, qs, settle=not args.python_gc)
            res["question_source"] = source
            res["example_questions"] = qs[:5]
            results.append(res)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    wall.__exit__()

    path = write_json("query_latency", {"results": results, "builds_s": builds,
                                        "peak_rss_mb": peak_rss_mb(), "wall_s": wall.s})
    rows = []
    for r in results:
        for part in ("baseline_encode", "embed", "retrieve", "rest", "total", "ask_wall"):
            m = r["ms"][part]
            rows.append((r["corpus"], part, m["p50"], m["p99"], m["mean"]))
    print(table(["corpus", "ms", "p50", "p99", "mean"], rows))
    for r in results:
        print(f"{r['corpus']}: {r['articles']:,} articles, {r['passages']:,} passages, "
              f"{r['questions']} asks ({r['distinct_questions']} distinct), answered "
              f"{r['answered']}; ask p50 = {r['ratio_p50_ask_over_encode']:.2f}x bare encode "
              f"p50, non-embed p50 = {r['ratio_p50_non_embed_over_encode']:.2f}x")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
