"""Figure extraction quality: NewsQuant value P/R/F1 for index.figures next to quantulum3, plus the
seed table (recall, precision, claimant accuracy).

    python bench/figures_quality.py [--newsquant PATH] [--out bench/out/figures_quality.json]

Matching, per sentence and by value only: a prediction matches a gold quantity when the values
agree within 0.5% (or 0.01 absolute), each gold and each prediction matched at most once. A gold
range "a-b" accepts a, b or the midpoint; once matched, a second prediction equal to its other end
is neither a hit nor a false positive (our extractor gives one figure per end, quantulum3 one per
range). quantulum3's own range value (midpoint with an uncertainty) is tried as low, mid and high.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.figures import FigureMention, extract_figures
from index.sentences import split_sentences

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
NEWSQUANT = (
    Path(__file__).resolve().parents[2] / "shared" / "corpora" / "newsquant" / "NewsQuant.json"
)
SEED_TABLE = ROOT / "tests/data/seed_figures.json"


@dataclass(frozen=True)
class Scores:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision,
                "recall": self.recall, "f1": self.f1}  # fmt: skip


def close(a: float, b: float) -> bool:
    """Equal up to rounding in the text: 0.5% relative or 0.01 absolute."""
    return abs(a - b) <= max(0.005 * abs(b), 0.01)


def gold_values(raw: str) -> tuple[float, ...]:
    """A NewsQuant value: "12000.0" -> (12000,); a range "1.0-1.5" -> (1.0, 1.5, 1.25)."""
    raw = raw.replace(" - ", "-").strip()
    # Split "a-b" on the dash between two numbers, not the sign of "-5" or "1.99E-29".
    parts = re.split(r"(?<=[\d.])-(?=[\d.])", raw)
    values = [float(p) for p in parts]
    if len(values) == 2:
        values.append(sum(values) / 2)
    return tuple(values)


def match(gold: Sequence[tuple[float, ...]], predicted: Sequence[tuple[float, ...]]) -> Scores:
    """One sentence: greedy one-to-one matching of predicted value sets against gold value sets."""
    used = [False] * len(gold)
    tp = fp = 0
    for candidates in predicted:
        hit = next(
            (
                i
                for i, g in enumerate(gold)
                if not used[i] and any(close(c, v) for c in candidates for v in g)
            ),
            None,
        )
        if hit is not None:
            used[hit] = True
            tp += 1
        elif not any(len(g) > 1 and any(close(c, v) for c in candidates for v in g) for g in gold):
            fp += 1
    return Scores(tp, fp, used.count(False))


def ours(text: str) -> list[tuple[float, ...]]:
    return [(f.value,) for f in extract_figures(text, [(0, len(text))])]


def load_quantulum(out_dir: Path) -> tuple[Callable[[str], list[tuple[float, ...]]] | None, str]:
    """quantulum3's parser, with its unit classifier retrained locally (offline, cached)."""
    try:
        from quantulum3 import classifier, parser
    except ImportError as exc:
        return None, f"quantulum3 not installed: {exc}"
    clf_path = out_dir / "quantulum3_clf.joblib"
    note = "classifier retrained locally (its shipped pickle does not load with this scikit-learn)"
    try:
        if not clf_path.exists():
            classifier.train_classifier(store=True, output_path=str(clf_path))
    except Exception as exc:  # any failure here means: run without the classifier
        classifier.USE_CLF = False
        note = f"classifier unavailable ({type(exc).__name__}: {exc}); ran without it"

    def run(text: str) -> list[tuple[float, ...]]:
        out: list[tuple[float, ...]] = []
        for q in parser.parse(text, classifier_path=str(clf_path) if classifier.USE_CLF else None):
            unc = q.uncertainty or 0.0
            out.append((q.value, q.value - unc, q.value + unc) if unc else (q.value,))
        return out

    return run, note


def newsquant(path: Path, extract: Callable[[str], list[tuple[float, ...]]]) -> Scores:
    records = json.loads(path.read_text())
    total = Scores(0, 0, 0)
    for record in records:
        gold = [gold_values(q["value"]) for q in record["quantities"]]
        s = match(gold, extract(record["text"]))
        total = Scores(total.tp + s.tp, total.fp + s.fp, total.fn + s.fn)
    return total


def matches(text: str, figure: FigureMention, row: dict[str, Any]) -> bool:
    """A seed-table row matches a figure of the same value in the sentence holding `near`."""
    s, e = figure.sentence
    return close(figure.value, row["value"]) and row["near"] in text[s:e]


def seed_table(table_path: Path) -> dict[str, float]:
    """Recall, precision and claimant accuracy of ours on the hand-written seed table."""
    expected = json.loads(table_path.read_text())
    tp = fp = fn = claim_ok = claim_n = 0
    for name in sorted({row["file"] for row in expected}):
        text = (ROOT / "seeds" / name).read_text()
        found = extract_figures(text, split_sentences(text))
        rows = [r for r in expected if r["file"] == name]
        used = [False] * len(found)
        for row in rows:
            hit = next(
                (i for i, f in enumerate(found) if not used[i] and matches(text, f, row)), None
            )
            if hit is None:
                fn += 1
                continue
            used[hit] = True
            tp += 1
            claim_n += 1
            claim_ok += found[hit].claimant == row["claimant"]
        fp += used.count(False)
    return {
        "recall": tp / (tp + fn), "precision": tp / (tp + fp),
        "claimant_accuracy": claim_ok / claim_n if claim_n else 0.0,
        "expected": tp + fn, "found": tp + fp,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--newsquant", type=Path, default=NEWSQUANT)
    parser.add_argument("--out", type=Path, default=ROOT / "bench/out/figures_quality.json")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    args.out.parent.mkdir(parents=True, exist_ok=True)

    results: dict[str, object] = {}
    t0 = time.perf_counter()
    results["ours"] = {**newsquant(args.newsquant, ours).as_dict(),
                       "seconds": time.perf_counter() - t0}  # fmt: skip
    quantulum, note = load_quantulum(args.out.parent)
    if quantulum is None:
        print(f"quantulum3 skipped: {note}")
        results["quantulum3"] = {"skipped": note}
    else:
        t0 = time.perf_counter()
        results["quantulum3"] = {**newsquant(args.newsquant, quantulum).as_dict(),
                                 "seconds": time.perf_counter() - t0, "note": note}  # fmt: skip
    results["seeds"] = seed_table(SEED_TABLE)

    print(f"NewsQuant ({args.newsquant.name}), value match per sentence")
    print(f"{'system':<12}{'P':>8}{'R':>8}{'F1':>8}{'TP':>6}{'FP':>6}{'FN':>6}{'sec':>7}")
    for system in ("ours", "quantulum3"):
        r = results[system]
        if isinstance(r, dict) and "f1" in r:
            print(f"{system:<12}{r['precision']:>8.3f}{r['recall']:>8.3f}{r['f1']:>8.3f}"
                  f"{r['tp']:>6}{r['fp']:>6}{r['fn']:>6}{r['seconds']:>7.1f}")  # fmt: skip
    seeds = results["seeds"]
    assert isinstance(seeds, dict)
    print(f"\nSeeds ({SEED_TABLE.name}, {seeds['expected']} expected figures): "
          f"recall {seeds['recall']:.3f}  precision {seeds['precision']:.3f}  "
          f"claimant accuracy {seeds['claimant_accuracy']:.3f}")  # fmt: skip
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
