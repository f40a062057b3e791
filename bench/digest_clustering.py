"""Story clustering for the digest: pairwise precision/recall/F1 against RealTimeQA's events.

    python bench/digest_clustering.py                 # index the sample into a temp dir
    python bench/digest_clustering.py --data DIR      # index into DIR once, then reuse it

The sample (tests/data/realtimeqa_sample.jsonl.gz, built by tests/data/make_realtimeqa_sample.py)
holds 152 articles from 30 disjoint event clusters. Articles are clustered exactly as
`index.stories.build_stories` does (normalised mean passage vector, agglomerative), at several
thresholds and linkages; the library's STORY_THRESHOLD is marked.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from common import ROOT, Timer, environment, log, table, write_json

from index.embed import MiniLMEmbedder
from index.stories import STORY_THRESHOLD
from tests.story_clustering import SAMPLE, index_sample, labels, score, url_vectors

THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
LINKAGES = ("average", "single", "complete")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, help="keep the sample's index here (reused when present)"
    )
    args = parser.parse_args()
    gold = labels()
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data or Path(tmp)
        if not (data / "newsdesk.db").exists():
            with Timer() as t:
                index_sample(data, MiniLMEmbedder())
            log(f"indexed {SAMPLE.relative_to(ROOT)} in {t.s:.1f} s")
        urls, vectors = url_vectors(data)
    rows, results = [], []
    for linkage in LINKAGES:
        for threshold in THRESHOLDS:
            r = score(urls, vectors, gold, threshold, linkage)  # type: ignore[arg-type]
            mark = " *" if linkage == "average" and threshold == STORY_THRESHOLD else ""
            rows.append([f"{linkage}{mark}", threshold, r["precision"], r["recall"], r["f1"],
                         r["stories"]])  # fmt: skip
            results.append({"linkage": linkage, "threshold": threshold, **r})
    print(f"{len(urls)} articles, {len(set(gold.values()))} gold clusters "
          f"(* = the library's setting)")  # fmt: skip
    print(table(["linkage", "threshold", "precision", "recall", "F1", "stories"], rows))
    write_json("digest_clustering", {"environment": environment(), "results": results})


if __name__ == "__main__":
    main()
