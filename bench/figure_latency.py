"""`/figure` latency on a RealTimeQA index: a new process's first lookup, then warm ones.

    python bench/figure_latency.py [--data DIR] [--articles 2000] [--repeat 3]

Figures and their labels do not depend on the passage vectors, so the index is built with the
fake embedder (`--embedder hash`: minutes, not hours); labels and topics are embedded with the
real model, as the bot does. Measured, in one process:
  cold       the first lookup with nothing remembered and no phrases.db (reads every figure,
             embeds every label, writes phrases.db)
  restart    the first lookup of a new process: in-memory caches cleared, phrases.db kept
  warm       later lookups (each topic --repeat times), p50 / p99
Ratios are against cold, measured in the same run. Writes bench/out/figure_latency.json.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common
from common import Timer, log, summary_ms, table, write_json

from index import HashEmbedder, TorchFreeMiniLM, build_index, figure_lookup, phrase_vectors
from index.figure_lookup import lookup_figures, open_store

TOPICS = [
    "deaths", "people evacuated", "inflation", "unemployment rate", "troops", "votes",
    "homes destroyed", "acres burned", "jobs", "cost",
]  # fmt: skip


def forget() -> None:
    """What a new process does not have: the figures read, the phrase vectors in memory."""
    figure_lookup._READ.clear()
    phrase_vectors._CACHE.clear()
    figure_lookup._head_and_modifiers.cache_clear()
    figure_lookup._count_stems.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, help="an index to use (else one is built)")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="figure-latency-"))
    try:
        data = args.data
        if data is None:
            data = tmp / "data"
            feed = common.realtimeqa_feed(tmp / "feed.jsonl", args.articles)
            log(f"indexing {args.articles} articles with the fake embedder")
            build_index([str(feed)], data, HashEmbedder())
        (data / phrase_vectors.FILE).unlink(missing_ok=True)
        store = open_store(data)
        embedder = TorchFreeMiniLM()
        embedder.encode(["load the model"])
        figures = store.db.execute("SELECT count(*) FROM figures").fetchone()[0]
        forget()
        with Timer() as cold:
            lookup_figures(store, embedder, TOPICS[0])
        cold_ms = cold.s * 1000
        forget()
        with Timer() as restart:
            lookup_figures(store, embedder, TOPICS[0])
        restart_ms = restart.s * 1000
        warm = []
        for _ in range(args.repeat):
            for topic in TOPICS:
                with Timer() as t:
                    lookup_figures(store, embedder, topic)
                warm.append(t.s * 1000)
        labels = len({f.label for f in figure_lookup._read(store) if f.label})
        store.close()
        warm_ms = summary_ms(warm)
        rows = [
            ["cold (first ever)", f"{cold_ms:,.0f}", "1.000"],
            ["restart (phrases.db)", f"{restart_ms:,.0f}", f"{restart_ms / cold_ms:.3f}"],
            ["warm p50", f"{warm_ms['p50']:,.0f}", f"{warm_ms['p50'] / cold_ms:.3f}"],
            ["warm p99", f"{warm_ms['p99']:,.0f}", f"{warm_ms['p99'] / cold_ms:.3f}"],
        ]
        print(f"{figures:,} figures, {labels:,} labels in {data}")
        print(table(["lookup", "ms", "x cold"], rows))
        write_json(
            "figure_latency",
            {
                "figures": figures,
                "labels": labels,
                "cold_ms": cold_ms,
                "restart_ms": restart_ms,
                "warm_ms": warm_ms,
                "topics": TOPICS,
                "repeat": args.repeat,
            },
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
