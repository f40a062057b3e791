"""Score `Corpus.ask` against the seed dev question set (tests/data/dev_questions.json).

Shared by bench/seed_quality.py (prints a report) and tests/index/test_seed_quality.py (asserts
floors). Nothing here tunes anything: it asks each question once and measures what comes back.

Figures, over the questions of the chosen split:

- first: answerable questions whose answer (any of its alternatives; case-insensitive,
  whitespace-normalised substring) is in the text of the first quote shown;
- top3: ...in one of the first three quotes shown, or in the article span of one of their
  `also_in` entries (read from the file: text[start:end]);
- answered_first / answered_top3: first / top3, and the answer was not withheld (what a reader
  of `quotes` alone sees: a withheld answer's quotes are empty, its passages are `related`);
- unanswerable_abstained: unanswerable questions answered with answered=False;
- answerable_abstained: answerable questions answered with answered=False;
- median_quote_chars: median length of every quote returned (quotes, or related when withheld);
- verbatim: share of returned quotes whose text == file text[start:end], whose key sentence lies
  inside [start, end), and whose also_in spans lie inside their files.

"Quotes shown" are `answer.quotes`, or `answer.related` when the answer is withheld, so retrieval
and abstention are measured separately.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
QUESTIONS = REPO / "tests" / "data" / "dev_questions.json"
SPLITS = ("all", "dev", "holdout")

# name -> (comparison, target); ">=" targets are floors, "<=" / "<" ceilings.
TARGETS: dict[str, tuple[str, float]] = {
    "top3": (">=", 0.95),
    "first": (">=", 0.85),
    "unanswerable_abstained": (">=", 0.85),
    "answerable_abstained": ("<=", 0.04),
    "median_quote_chars": ("<", 350),
    "verbatim": (">=", 1.0),
}


@dataclass(frozen=True)
class Question:
    index: int  # position in the file; the split is index % 3 == 2 -> holdout
    q: str
    answers: tuple[str, ...]
    articles: tuple[str, ...]

    @property
    def answerable(self) -> bool:
        return bool(self.answers)


def load_questions(path: Path = QUESTIONS, split: str = "all") -> list[Question]:
    """The questions of one split: every 3rd question (index 2, 5, 8...) is holdout."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    raw = json.loads(path.read_text("utf-8"))
    out = []
    for i, item in enumerate(raw):
        holdout = i % 3 == 2
        if split == "all" or (split == "holdout") == holdout:
            out.append(
                Question(
                    i, item["q"], tuple(item.get("answers", ())), tuple(item.get("articles", ()))
                )
            )
    return out


def norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def contains_answer(text: str, answers: Iterable[str]) -> bool:
    haystack = norm(text)
    return any(norm(a) in haystack for a in answers)


class ArticleTexts:
    """The decoded text of indexed files, by the path recorded in the index."""

    def __init__(self, bases: Sequence[Path] = ()) -> None:
        self.bases = [Path.cwd(), *bases, REPO]
        self._cache: dict[str, str | None] = {}

    def get(self, path: str) -> str | None:
        if path not in self._cache:
            self._cache[path] = self._read(path)
        return self._cache[path]

    def _read(self, path: str) -> str | None:
        candidates = [Path(path)] if Path(path).is_absolute() else [b / path for b in self.bases]
        for candidate in candidates:
            if candidate.is_file():
                return candidate.read_bytes().decode("utf-8")
        return None


@dataclass
class QuoteView:
    text: str
    path: str
    start: int
    end: int
    score: float
    also_in: list[dict[str, Any]]


@dataclass
class Result:
    index: int
    q: str
    answers: list[str]
    answerable: bool
    answered: bool
    confidence: float
    first: bool = False
    top3: bool = False
    rank: int | None = None  # 1-based rank of the first shown quote holding the answer
    quote_lengths: list[int] = field(default_factory=list)
    verbatim_checked: int = 0
    verbatim_bad: int = 0  # quotes with at least one problem
    verbatim_problems: list[str] = field(default_factory=list)
    shown: list[QuoteView] = field(default_factory=list)
    diagnostics: dict[str, Any] = field(default_factory=dict)  # from `diagnose`, if given

    @property
    def failed(self) -> bool:
        if self.answerable:
            return not self.first or not self.top3 or not self.answered
        return self.answered


def verbatim_problems(quote: Any, texts: ArticleTexts) -> list[str]:
    """Why a Quote is not a verbatim excerpt of its file ([] when it is)."""
    problems = []
    text = texts.get(quote.source.path)
    where = f"{quote.source.path}[{quote.start}:{quote.end}]"
    if text is None:
        return [f"{quote.source.path}: file not found"]
    if text[quote.start : quote.end] != quote.text:
        problems.append(f"{where}: text differs from the file")
    if not (quote.start <= quote.key_start < quote.key_end <= quote.end):
        problems.append(f"{where}: key sentence [{quote.key_start}:{quote.key_end}] outside")
    for also in quote.also_in:
        other = texts.get(also.path)
        if other is None:
            problems.append(f"also_in {also.path}: file not found")
        elif not (0 <= also.start < also.end <= len(other)):
            problems.append(f"also_in {also.path}[{also.start}:{also.end}]: outside the file")
    return problems


def score(question: Question, answer: Any, texts: ArticleTexts) -> Result:
    """Score one Answer (from Corpus.ask) against one dev question."""
    shown = list(answer.quotes if answer.answered else answer.related)
    result = Result(
        question.index,
        question.q,
        list(question.answers),
        question.answerable,
        bool(answer.answered),
        float(answer.confidence),
    )
    for quote in (*answer.quotes, *answer.related):
        result.quote_lengths.append(len(quote.text))
        problems = verbatim_problems(quote, texts)
        result.verbatim_checked += 1
        result.verbatim_bad += bool(problems)
        result.verbatim_problems.extend(problems)
    for quote in shown:
        result.shown.append(
            QuoteView(
                quote.text,
                quote.source.path,
                quote.start,
                quote.end,
                round(quote.score, 4),
                [{"path": a.path, "start": a.start, "end": a.end} for a in quote.also_in],
            )
        )
    if not question.answerable:
        return result
    for rank, quote in enumerate(shown[:3], 1):
        hit = contains_answer(quote.text, question.answers)
        if not hit:
            for also in quote.also_in:
                other = texts.get(also.path)
                if other is not None and contains_answer(
                    other[also.start : also.end], question.answers
                ):
                    hit = True
                    break
        if hit:
            result.top3 = True
            result.rank = rank
            break
    result.first = bool(shown) and contains_answer(shown[0].text, question.answers)
    if result.first:
        result.rank = 1
    return result


def run(
    ask: Callable[[str], Any],
    questions: Sequence[Question],
    texts: ArticleTexts,
    diagnose: Callable[[Question, Any], dict[str, Any]] | None = None,
) -> list[Result]:
    results = []
    for question in questions:
        answer = ask(question.q)
        result = score(question, answer, texts)
        if diagnose is not None:
            try:
                result.diagnostics = diagnose(question, answer)
            except Exception as exc:  # diagnostics use library internals; never fail on them
                result.diagnostics = {"error": f"{type(exc).__name__}: {exc}"}
        results.append(result)
    return results


def _share(hits: int, total: int) -> float | None:
    return hits / total if total else None


def summarise(results: Sequence[Result]) -> dict[str, Any]:
    answerable = [r for r in results if r.answerable]
    unanswerable = [r for r in results if not r.answerable]
    lengths = [n for r in results for n in r.quote_lengths]
    checked = sum(r.verbatim_checked for r in results)
    bad = sum(1 for r in results if r.verbatim_problems)
    return {
        "questions": len(results),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "first": _share(sum(r.first for r in answerable), len(answerable)),
        "top3": _share(sum(r.top3 for r in answerable), len(answerable)),
        "answered_first": _share(sum(r.first and r.answered for r in answerable), len(answerable)),
        "answered_top3": _share(sum(r.top3 and r.answered for r in answerable), len(answerable)),
        "unanswerable_abstained": _share(
            sum(not r.answered for r in unanswerable), len(unanswerable)
        ),
        "answerable_abstained": _share(sum(not r.answered for r in answerable), len(answerable)),
        "median_quote_chars": statistics.median(lengths) if lengths else None,
        "quotes_checked": checked,
        "verbatim": _share(checked - sum(r.verbatim_bad for r in results), checked),
        "questions_with_verbatim_problems": bad,
    }


def meets(name: str, value: float | None) -> bool | None:
    if value is None or name not in TARGETS:
        return None
    op, target = TARGETS[name]
    return {">=": value >= target, "<=": value <= target, "<": value < target}[op]


def to_json(results: Sequence[Result]) -> list[dict[str, Any]]:
    out = []
    for r in results:
        item = asdict(r)
        item["failed"] = r.failed
        out.append(item)
    return out
