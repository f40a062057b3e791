"""The seed articles among a large index of other stories: how the answers hold up at scale.

    python bench/off_topic_index.py --from DIR --to DIR2
    python bench/off_topic_index.py --articles 2500 --to DIR2
    python bench/seed_quality.py --data DIR2 [--questions FILE] --quiet

--from is an index of the realtimeqa corpus (`newsdesk --data DIR index
../shared/corpora/realtimeqa/articles.jsonl.gz`; hours with the real model, so it is built once
and copied). Its files are copied to --to, every article that mentions the seeds' story (North
Korea, Russia, Ukraine and the like, by `TOPIC` below) is deleted, so that no other article can
answer a seed question or be scored wrongly for answering it from other coverage, and the five
seed articles are indexed beside the rest. The question sets are then scored on the copy as on
the seeds alone.

--articles N builds a smaller copy with no whole index to start from: N articles of the feed
that do not mention the story (shuffled with a fixed seed, none over 20,000 characters) are
indexed with the seeds into --to (2,500: about 69k passages, 20 minutes on two cores).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import REALTIMEQA_ARTICLES, SEEDS, log

from index import TorchFreeMiniLM, build_index
from index.store import Store

TOPIC = re.compile(
    r"korea|ukrain|russia|kremlin|putin|kursk|pyongyang|kyiv|kiev|zelensk|moscow|\bnato\b|"
    r"pentagon|budanov|kirby|lloyd austin|wagner|drone|artillery",
    re.IGNORECASE,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--from", dest="source", type=Path, help="an index of the whole feed")
    source.add_argument("--articles", type=int, help="index this many feed articles instead")
    parser.add_argument("--to", type=Path, required=True)
    args = parser.parse_args()
    if args.to.exists():
        sys.exit(f"{args.to} exists; give a new folder")
    if args.articles is not None:
        with tempfile.TemporaryDirectory(prefix="off_topic_") as tmp:
            feed = off_topic_feed(Path(tmp) / "other-stories.jsonl", args.articles)
            report = build_index([str(feed), str(SEEDS)], args.to, TorchFreeMiniLM())
        log(f"{len(report.added)} articles indexed, {report.passages_embedded} passages embedded")
        return
    shutil.copytree(args.source, args.to, ignore=shutil.ignore_patterns("index.lock", "bot.db"))
    store = Store(args.to, create=False)
    try:
        rows = store.db.execute("SELECT id, text FROM articles").fetchall()
        drop = [aid for aid, text in rows if TOPIC.search(text)]
        removed = store.delete_articles(drop)
        log(
            f"{len(rows)} articles; {len(drop)} on the seeds' story deleted "
            f"({len(removed)} passages)"
        )
    finally:
        store.close()
    report = build_index([str(SEEDS)], args.to, TorchFreeMiniLM())
    log(f"seeds indexed: {len(report.added)} added, {report.passages_embedded} passages embedded")


def off_topic_feed(dest: Path, n: int, longest: int = 20_000, seed: int = 7) -> Path:
    """Write n feed lines whose article does not mention the seeds' story to dest."""
    with gzip.open(REALTIMEQA_ARTICLES, "rt", encoding="utf-8") as f:
        lines = f.read().splitlines()
    random.Random(seed).shuffle(lines)
    kept = []
    for line in lines:
        article = json.loads(line)
        text, title = article.get("text") or "", article.get("title") or ""
        if len(text) <= longest and not TOPIC.search(text) and not TOPIC.search(title):
            kept.append(line)
            if len(kept) == n:
                break
    dest.write_text("\n".join(kept) + "\n", "utf-8")
    return dest


if __name__ == "__main__":
    main()
