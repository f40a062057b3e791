"""Answers in quotes on SQuAD v1.1 dev: is a gold answer in the first quote / the first three?

    python bench/squad_quotes.py [--limit N] [--data DIR] [--keep-data]

squad_retrieval.py measures which paragraph retrieval finds; this measures what a reader of
`ask` sees: the quotes (cut around their key sentence, grouped, ordered anew by the question's
words they hold) of `corpus.ask(question)`, answered or offered as related. A question counts
for "first" when any of its gold answer texts is inside the first quote, for "top-3" when it is
inside one of the first three. Each question is asked twice, back to back, in alternating order:
with the library's SearchParams and with quote_coverage_weight=0 (quotes in fused-score order),
the baseline. The index is the one squad_retrieval.py builds (each paragraph a feed article).
Writes bench/out/squad_quotes.json.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import zipfile
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common
from common import Timer, log, table, write_json
from squad_retrieval import load_squad, write_feed

from index import SearchParams, TorchFreeMiniLM, build_index, open_corpus


def gold_answers(path: Path) -> list[tuple[str, list[str]]]:
    """(question, its answer texts) in file order."""
    with zipfile.ZipFile(path) as z:
        data = json.loads(z.read("dev-v1.1.json"))
    return [
        (qa["question"], [a["text"] for a in qa["answers"]])
        for article in data["data"]
        for para in article["paragraphs"]
        for qa in para["qas"]
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--limit", type=int, default=None,
                    help="N questions drawn at random (seed 7; default: all 10,570)")
    ap.add_argument("--data", type=Path, default=None,
                    help="reuse the SQuAD index in DIR (built there first if empty)")
    ap.add_argument("--keep-data", action="store_true", help="do not delete a temp index")
    args = ap.parse_args()

    questions = gold_answers(common.SQUAD_DEV)
    if args.limit is not None:
        random.Random(7).shuffle(questions)
        questions = questions[: args.limit]
    tmp = Path(tempfile.mkdtemp(prefix="bench_squad_quotes_"))
    data_dir = args.data or (tmp / "data")
    emb = TorchFreeMiniLM(threads=0)
    if not (data_dir / "newsdesk.db").exists():
        paragraphs, _ = load_squad(common.SQUAD_DEV)
        log(f"indexing {len(paragraphs)} paragraphs into {data_dir} ...")
        build_index([str(write_feed(paragraphs, tmp / "squad_dev.jsonl"))], data_dir, emb)
    corpus = open_corpus(data_dir, emb)
    searcher = corpus.searcher()
    runs = {"library": searcher.params, "baseline": replace(searcher.params,
                                                            quote_coverage_weight=0.0)}
    hits = {name: {"first": 0, "top3": 0} for name in runs}
    log(f"{len(questions)} questions, each asked with {' and '.join(runs)} params")
    with Timer() as wall:
        for i, (question, answers) in enumerate(questions):
            order = list(runs) if i % 2 else list(reversed(runs))
            for name in order:
                searcher.params = runs[name]
                answer = corpus.ask(question)
                shown = list(answer.quotes or answer.related)[:3]
                found = [any(a in q.text for a in answers) for q in shown]
                hits[name]["first"] += bool(found and found[0])
                hits[name]["top3"] += any(found)
    n = len(questions)
    result = {
        name: {"first": h["first"] / n, "top3": h["top3"] / n} for name, h in hits.items()
    }
    print(table(["params", "answer in first quote", "in top-3"],
                [[name, f"{r['first']:.3f}", f"{r['top3']:.3f}"] for name, r in result.items()]))
    write_json("squad_quotes", {"questions": n, "seconds": wall.s, "results": result,
                                     "params": {"library": SearchParams().__dict__}})
    corpus.close()
    if args.data is None and not args.keep_data:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
