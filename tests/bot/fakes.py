"""A deterministic Asker over the real seed articles: hand-built Answers with exact offsets."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from index.models import AlsoIn, Answer, Quote, Source

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
TIME_NEWS = "000_6453bbcd65039158.txt"
US_WARNS = "001_1ed963706c63bb85.txt"
WORLD_NEWS = "002_ee247df05954af55.txt"
WARRIOR = "004_6955bbd0296963c4.txt"

_META = {  # outlet, date, url, title: what the lead's ingest would find, written out by hand
    TIME_NEWS: (
        "Time News",
        "2024-10-23",
        "https://time.news/north-korean-troops?a=1&b=2",
        "North Korean Troops in Russian Uniforms Headed to Ukraine, Officials Say",
    ),
    US_WARNS: (
        "Newslooks",
        "2024-10-22",
        None,
        "North Korean Troops in Ukraine: US Warns Russia Amid Escalating Conflict",
    ),
    WORLD_NEWS: (
        "World News",
        "2024-10-23",
        "https://worldnews.example/nk-troops",
        "North Korean Troops Confirmed Deployed To Russia",
    ),
    WARRIOR: ("Warrior Maven", "2024-10-24", "https://warriormaven.example/austin", None),
}


def seed_text(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def seed_source(name: str) -> Source:
    outlet, date, url, title = _META[name]
    return Source(
        path=str(SEEDS / name), title=title, outlet=outlet, author=None, date=date, url=url
    )


def seed_quote(
    name: str, passage: str, key: str, score: float = 0.8, also_in: tuple[AlsoIn, ...] = ()
) -> Quote:
    """A Quote of `passage` in seed `name` whose key sentence is `key`; both exact substrings."""
    text = seed_text(name)
    start = text.index(passage)
    key_start = text.index(key, start)
    assert key_start + len(key) <= start + len(passage)
    return Quote(
        text=passage,
        start=start,
        end=start + len(passage),
        key_start=key_start,
        key_end=key_start + len(key),
        score=score,
        source=seed_source(name),
        also_in=also_in,
    )


def _also(name: str, phrase: str) -> AlsoIn:
    text = seed_text(name)
    start = text.index(phrase)
    outlet, date, url, _title = _META[name]
    return AlsoIn(
        path=str(SEEDS / name),
        start=start,
        end=start + len(phrase),
        outlet=outlet,
        url=url,
        date=date,
    )


TROOPS_KEY = "Intelligence reports indicate that as many as 12,000 North Korean soldiers are being deployed to Russia, with some units already stationed in the Kursk region bordering Ukraine."  # noqa: E501
TROOPS = (
    seed_quote(
        TIME_NEWS,
        TROOPS_KEY + " This area has seen fierce fighting as Russian forces "
        "struggle to fend off a Ukrainian counteroffensive.",
        TROOPS_KEY,
        0.92,
        also_in=(_also(US_WARNS, "up to 12,000 North Korean soldiers"),),
    ),
    seed_quote(
        US_WARNS,
        "John Kirby, the White House national security spokesman, confirmed "
        "that at least 3,000 North Korean soldiers had already arrived in Russia earlier "
        "this month.",
        "John Kirby, the White House national security spokesman, "
        "confirmed that at least 3,000 North Korean soldiers had already arrived in Russia "
        "earlier this month.",
        0.85,
    ),
    seed_quote(
        WORLD_NEWS,
        "Compiling reports from various sources, it appears approximately "
        "3,000 North Korean soldiers have already arrived in Russia.",
        "Compiling reports "
        "from various sources, it appears approximately 3,000 North Korean soldiers have "
        "already arrived in Russia.",
        0.81,
    ),
    seed_quote(
        WARRIOR,
        "“We believe that the DPRK (North Korea) has sent some 10,000 troops into "
        "eastern Ukraine and there they’ve been drawing equipment and conducting some "
        "training,” Austin said.",
        "“We believe that the DPRK (North Korea) has sent some 10,000 troops into eastern Ukraine",
        0.77,
    ),
)
UNIFORMS = (
    seed_quote(
        WARRIOR,
        "At the United Nations, Ukraine’s ambassador Sergiy Kyslysya said the "
        "North Korean troops will be wearing Russian uniforms, carrying Russian weapons "
        "and will have Russian identity papers to help conceal their presence.",
        "At the United Nations, Ukraine’s ambassador Sergiy Kyslysya said the North "
        "Korean troops will be wearing Russian uniforms",
        0.88,
    ),
)


@dataclass(frozen=True)
class FakeStats:
    articles: int = 5
    passages: int = 41
    outlets: tuple[str, ...] = ("Newslooks", "Time News", "Warrior Maven", "World News")
    last_indexed: str | None = "2024-10-24T08:00:00+00:00"


GATE_SECONDS = 10.0


@dataclass
class FakeAsker:
    """Answers 'how many troops' and 'uniforms' questions from the seeds; abstains otherwise."""

    questions: list[str] = field(default_factory=list)
    fail: bool = False
    # Held: each ask waits until it is released (at most GATE_SECONDS); `answered` counts those
    # done, so a test sees whether Slack got its ack before the answer was ready.
    held: threading.Event | None = None
    answered: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def ask(self, question: str, limit: int = 10) -> Answer:
        with self._lock:
            self.questions.append(question)
        if self.held is not None:
            self.held.wait(GATE_SECONDS)
        answer = self._answer(question, limit)
        with self._lock:
            self.answered += 1
        return answer

    def _answer(self, question: str, limit: int) -> Answer:
        if self.fail:
            raise RuntimeError("the corpus is unavailable")
        q = question.lower()
        if "how many" in q and ("troops" in q or "soldiers" in q):
            return Answer(question, True, TROOPS[:limit], confidence=0.9)
        if "uniform" in q:
            return Answer(question, True, UNIFORMS, confidence=0.8)
        return Answer(question, False, related=TROOPS[:2], confidence=0.1)

    def stats(self) -> FakeStats:
        return FakeStats()


def scripted(lines: list[str]) -> Callable[[str], str]:
    """An input() stand-in that returns lines in turn, then raises EOFError."""
    remaining = list(lines)

    def input_fn(prompt: str) -> str:
        if not remaining:
            raise EOFError
        return remaining.pop(0)

    return input_fn
