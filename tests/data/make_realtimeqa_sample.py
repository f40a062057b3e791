"""Regenerate tests/data/realtimeqa_sample.jsonl.gz: a small labelled sample for story clustering.

    python tests/data/make_realtimeqa_sample.py [../shared/corpora/realtimeqa]

RealTimeQA's clusters.jsonl.gz lists, per question, the articles a search retrieved for one
event. The sample keeps clusters whose articles belong to no other cluster (so the labels are
disjoint), have a publish date and some text, and were published within five days of the
cluster's median date (one event, not a topic spread over years). It draws 30 such clusters
with a fixed seed and keeps at most 7 articles each. Every record is the corpus record plus
`cluster` (the question id), the label the clustering bench and test score against.

To keep the file small and the real-model test quick, each text is cut at the first paragraph
break after KEEP_CHARS: story vectors use only an article's lead passages (index/stories.py,
LEAD_PASSAGES of at most 250 characters), which lie well inside the kept text.
"""

from __future__ import annotations

import collections
import datetime as dt
import gzip
import json
import random
import sys
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "realtimeqa"
OUT = Path(__file__).with_name("realtimeqa_sample.jsonl.gz")
CLUSTERS = 30
PER_CLUSTER = 7
MIN_PER_CLUSTER = 4
MAX_DAYS_FROM_MEDIAN = 5
MIN_TEXT_CHARS = 500
SEED = 5
KEEP_CHARS = 2500


def _lead(text: str) -> str:
    cut = text.find("\n\n", KEEP_CHARS)
    return text if cut < 0 else text[:cut]


def _date(record: dict) -> dt.date | None:
    try:
        year, month, day = (int(x) for x in str(record.get("publish_date")).split("/"))
        return dt.date(year, month, day)
    except ValueError:
        return None


def main(source: Path) -> None:
    with gzip.open(source / "articles.jsonl.gz", "rt", encoding="utf-8") as handle:
        articles = {r["url"]: r for r in map(json.loads, handle)}
    with gzip.open(source / "clusters.jsonl.gz", "rt", encoding="utf-8") as handle:
        clusters = [json.loads(line) for line in handle]
    seen_in = collections.Counter(url for c in clusters for url in set(c["urls"]))
    usable = []
    for cluster in clusters:
        urls = [
            u
            for u in dict.fromkeys(cluster["urls"])
            if u in articles
            and seen_in[u] == 1
            and _date(articles[u])
            and len(articles[u]["text"]) >= MIN_TEXT_CHARS
        ]
        if len(urls) < MIN_PER_CLUSTER:
            continue
        dates = sorted(_date(articles[u]) for u in urls)  # type: ignore[type-var]
        median = dates[len(dates) // 2]
        near = [u for u in urls if abs((_date(articles[u]) - median).days) <= MAX_DAYS_FROM_MEDIAN]  # type: ignore[operator]
        if len(near) >= MIN_PER_CLUSTER:
            usable.append((cluster["question_id"], near[:PER_CLUSTER]))
    chosen = random.Random(SEED).sample(usable, CLUSTERS)
    records = [
        {**articles[u], "text": _lead(articles[u]["text"]), "cluster": qid}
        for qid, urls in chosen
        for u in urls
    ]
    records.sort(key=lambda r: (r["publish_date"], r["url"]))
    with gzip.open(OUT, "wt", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(records)} articles in {len(chosen)} clusters -> {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR)
