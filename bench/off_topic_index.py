"""The seed articles among a large index of other stories: how the answers hold up at scale.

    python bench/off_topic_index.py --from DIR --to DIR2
    python bench/seed_quality.py --data DIR2 [--questions FILE] --quiet

--from is an index of the realtimeqa corpus (`newsdesk --data DIR index
../shared/corpora/realtimeqa/articles.jsonl.gz`; hours with the real model, so it is built once
and copied). Its files are copied to --to, every article that mentions the seeds' story (North
Korea, Russia, Ukraine and the like, by `TOPIC` below) is deleted, so that no other article can
answer a seed question or be scored wrongly for answering it from other coverage, and the five
seed articles are indexed beside the rest. The question sets are then scored on the copy as on
the seeds alone.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import SEEDS, log

from index import TorchFreeMiniLM, build_index
from index.store import Store

TOPIC = re.compile(
    r"korea|ukrain|russia|kremlin|putin|kursk|pyongyang|kyiv|kiev|zelensk|moscow|\bnato\b|"
    r"pentagon|budanov|kirby|lloyd austin|wagner|drone|artillery",
    re.IGNORECASE,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, required=True)
    parser.add_argument("--to", type=Path, required=True)
    args = parser.parse_args()
    if args.to.exists():
        sys.exit(f"{args.to} exists; give a new folder")
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


if __name__ == "__main__":
    main()
