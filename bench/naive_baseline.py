"""The issue's naive bot on our question sets: 1,000-character chunks, dense retrieval only.

    python bench/naive_baseline.py [--questions tests/data/blind_questions.json ...]

Each seed file's raw text (page furniture and all) is cut every 1,000 characters, each chunk
embedded with the same model `newsdesk` uses, and each answerable question answered by the
three chunks closest in cosine. It shows how hard a question set is: on the questions the
issue holds back, this bot gets the answer into its first / top-3 chunks for 54% / 82% of
them. Scored like tests/quality.py (`contains_answer`). Writes bench/out/naive_baseline.json.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common
from common import table, write_json

from index import TorchFreeMiniLM
from tests.quality import QUESTIONS, contains_answer, load_questions

CHUNK = 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--questions", type=Path, nargs="+",
                    default=[QUESTIONS, common.ROOT / "tests" / "data" / "blind_questions.json"])
    args = ap.parse_args()
    embedder = TorchFreeMiniLM()
    chunks = []
    for path in sorted(common.SEEDS.glob("*.txt")):
        text = path.read_text("utf-8")
        chunks += [text[i : i + CHUNK] for i in range(0, len(text), CHUNK)]
    vectors = embedder.encode(chunks)
    rows, results = [], {}
    for path in args.questions:
        questions = [q for q in load_questions(path) if q.answerable]
        qvecs = embedder.encode([q.q for q in questions])
        first = top3 = 0
        for question, qvec in zip(questions, qvecs, strict=True):
            hits = [contains_answer(chunks[i], question.answers)
                    for i in np.argsort(-(vectors @ qvec))[:3]]
            first += hits[0]
            top3 += any(hits)
        n = len(questions)
        results[path.name] = {"answerable": n, "first": first / n, "top3": top3 / n}
        rows.append([path.name, n, f"{100 * first / n:.1f}%", f"{100 * top3 / n:.1f}%"])
    print(f"naive bot: {len(chunks)} chunks of {CHUNK} characters over the seeds, dense only\n")
    print(table(["questions", "answerable", "first", "top-3"], rows))
    print(f"\nwrote {write_json('naive_baseline', {'chunks': len(chunks), 'sets': results})}")


if __name__ == "__main__":
    main()
