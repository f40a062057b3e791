"""The daily digest's content: what was published in a window, grouped by story, with its figures.

A window is either a span of ingest time (the articles first indexed in [start, end): "since the
last digest", `--since`) or a publish day (the articles dated that day, and the undated ones
first indexed that day in the given time zone: `--date`). A day's window ends at the day's end,
not at the time it is asked for: the same day gives the same digest until more of its articles
are indexed. Either way, "earlier" means the articles before the window, which is what a
figure is compared against.

Figures: every quantity reported in the window is grouped with earlier reports of the same
quantity by `figure_lookup`'s grouping (head noun or meaning, unit, magnitude). A group with no
earlier report is new; one whose value differs from the last earlier report has changed; one
that only repeats the earlier value is left out, as is a group of figures of an earlier year
("the 1977 blizzard killed 29", recalled in the window: not news). Lines are ordered changes
first, then by how many sources report them, then by how near the top of its article the
first report stands: the lede holds a story's key figures, an address or a phone line sits
lower.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from index.embed import Embedder
from index.figure_lookup import Figure, group_figures, stored_figures
from index.models import Source
from index.store import Store
from index.stories import STORY_THRESHOLD, Story, StoryArticle, build_stories

MAX_FIGURES = 12
MAX_VALUES = 6  # distinct values shown in one figure line
MAX_NAMES = 2  # claimants named per value


def iso(when: datetime) -> str:
    """An aware datetime as the store writes timestamps: ISO 8601 UTC to the second."""
    return when.astimezone(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Window:
    """[start, end) of ingest time, or one publish `day` (undated articles: ingest day in tz;
    `end` is the day's end)."""

    end: datetime
    start: datetime | None = None
    day: date | None = None
    tz: str = "UTC"

    @classmethod
    def since(cls, start: datetime, end: datetime, tz: str = "UTC") -> Window:
        """[start, end); tz is the zone the desk reads times in (shown, not used to select)."""
        return cls(end=end, start=start, tz=tz)

    @classmethod
    def of_day(cls, day: date, tz: str) -> Window:
        """The articles published on day; tz decides which undated ones were indexed that day."""
        return cls(end=_day_start(day + timedelta(days=1), tz), day=day, tz=tz)

    def _day_bounds(self) -> tuple[str, str]:
        assert self.day is not None
        return iso(_day_start(self.day, self.tz)), iso(self.end)

    def where(self) -> tuple[str, list[str]]:
        """SQL over `articles` choosing the window's articles."""
        if self.day is None:
            return "first_indexed_at >= ? AND first_indexed_at < ?", [
                iso(self.start or datetime.min.replace(tzinfo=UTC)),
                iso(self.end),
            ]
        lo, hi = self._day_bounds()
        return (
            "(date = ? OR (date IS NULL AND first_indexed_at >= ? AND first_indexed_at < ?))",
            [self.day.isoformat(), lo, hi],
        )

    def before(self) -> tuple[str, list[str]]:
        """SQL over `articles` choosing the articles before the window."""
        if self.day is None:
            return "first_indexed_at < ?", [iso(self.start or datetime.min.replace(tzinfo=UTC))]
        lo, _ = self._day_bounds()
        return "(date < ? OR (date IS NULL AND first_indexed_at < ?))", [self.day.isoformat(), lo]

    def to_json(self) -> dict[str, Any]:
        return {
            "start": iso(self.start) if self.start else None,
            "end": iso(self.end),
            "date": self.day.isoformat() if self.day else None,
            "tz": self.tz,
        }


def _day_start(day: date, tz: str) -> datetime:
    return datetime.combine(day, time(0), ZoneInfo(tz))


@dataclass(frozen=True)
class FigureChange:
    """A quantity first reported in the window, or reported with a new value."""

    kind: str  # "new" | "changed"
    what: str
    unit: str | None
    summary: str  # "North Korean soldiers: 3,000 (John Kirby) -> 10,000 (Lloyd Austin)"
    previous: Figure | None  # the last earlier report, for "changed"
    reports: tuple[Figure, ...]  # the window's reports, in publication order

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "what": self.what,
            "unit": self.unit,
            "summary": self.summary,
            "previous": self.previous.to_json() if self.previous else None,
            "reports": [f.to_json() for f in self.reports],
        }


@dataclass(frozen=True)
class Digest:
    window: Window
    stories: tuple[Story, ...] = ()
    figures: tuple[FigureChange, ...] = ()
    figures_omitted: int = 0
    outlets: tuple[tuple[str, int], ...] = ()
    article_ids: tuple[int, ...] = field(default=(), compare=False)
    article_paths: tuple[str, ...] = field(default=(), compare=False)
    figure_ids: tuple[int, ...] = field(default=(), compare=False)

    @property
    def empty(self) -> bool:
        return not self.article_ids

    def to_json(self) -> dict[str, Any]:
        """The documented `digest --json` shape."""
        return {
            "window": self.window.to_json(),
            "articles": len(self.article_ids),
            "stories": [s.to_json() for s in self.stories],
            "figures": [f.to_json() for f in self.figures],
            "figures_omitted": self.figures_omitted,
            "outlets": [{"outlet": o, "articles": n} for o, n in self.outlets],
        }


_ARTICLE_SQL = "SELECT id, path, title, outlet, author, date, url, first_indexed_at FROM articles"


def build_digest(
    store: Store,
    embedder: Embedder,
    window: Window,
    *,
    threshold: float = STORY_THRESHOLD,
    max_figures: int = MAX_FIGURES,
) -> Digest:
    """The digest of window: its stories, new and changed figures, and coverage per outlet."""
    where, args = window.where()
    rows = store.db.execute(f"{_ARTICLE_SQL} WHERE {where} ORDER BY id", args).fetchall()
    articles = [StoryArticle(r[0], Source(*r[1:7]), r[7]) for r in rows]
    if not articles:
        return Digest(window)
    volume = Counter(a.source.outlet or "unknown" for a in articles)
    changes, omitted, figure_ids = _figure_changes(store, embedder, window, articles, max_figures)
    return Digest(
        window=window,
        stories=tuple(build_stories(store, articles, threshold)),
        figures=tuple(changes),
        figures_omitted=omitted,
        outlets=tuple(sorted(volume.items(), key=lambda x: (-x[1], x[0]))),
        article_ids=tuple(a.id for a in articles),
        article_paths=tuple(a.source.path for a in articles),
        figure_ids=tuple(figure_ids),
    )


def _figure_changes(
    store: Store,
    embedder: Embedder,
    window: Window,
    articles: Sequence[StoryArticle],
    max_figures: int,
) -> tuple[list[FigureChange], int, list[int]]:
    in_window = {a.id for a in articles}
    where, args = window.before()
    earlier = {int(r[0]) for r in store.db.execute(f"SELECT id FROM articles WHERE {where}", args)}
    either = in_window | earlier
    indexed = dict(store.db.execute("SELECT id, first_indexed_at FROM articles").fetchall())
    # Sentences are read only for the figures grouping compares (those that could join the
    # window's): at 10,000 articles, a few thousand of 247,000.
    figures = [f for f in stored_figures(store) if f.article_id in either]
    # Only figures the extractor found a `what` for start a line: "North Korean soldiers".
    focus = {f.id for f in figures if f.article_id in in_window and f.what}

    def order(f: Figure) -> tuple[str, str, str, int]:
        # By publication date; an undated article counts as older than any dated one (it
        # cannot be shown to be newer), then by when it was first indexed.
        return (f.source.date or "", indexed[f.article_id], f.source.path, f.start)

    changes = []
    for group in group_figures(figures, embedder, focus, store):
        if group.year is not None:
            continue
        before = sorted((f for f in group.figures if f.article_id in earlier), key=order)
        now = sorted((f for f in group.figures if f.article_id in in_window), key=order)
        previous = before[-1] if before else None
        if previous is not None and _only_repeats(now, before, previous, order):
            continue
        chain = _values(now) if previous is None else f"{_values([previous])} -> {_values(now)}"
        changes.append(
            FigureChange(
                kind="changed" if previous else "new",
                what=group.what,
                unit=group.unit,
                summary=f"{group.what or now[0].label}: {chain}",
                previous=previous,
                reports=tuple(now),
            )
        )
    changes.sort(
        key=lambda c: (
            c.kind != "changed",
            _only_one(c),
            -_sources(c),
            min(f.start for f in c.reports),
            c.what,
        )
    )
    shown = changes[:max_figures]
    return shown, len(changes) - len(shown), sorted(f.id for c in shown for f in c.reports)


def _only_repeats(
    now: Sequence[Figure],
    before: Sequence[Figure],
    previous: Figure,
    order: Callable[[Figure], tuple[str, str, str, int]],
) -> bool:
    """Whether the window's reports say nothing new: those published since the last earlier
    report repeat its value, and any published before it (an old article indexed late) give
    a value some earlier report gave."""
    known = {f.value for f in before}
    return all(
        f.value == previous.value if order(f) >= order(previous) else f.value in known for f in now
    )


def _only_one(change: FigureChange) -> bool:
    """Whether a new figure is only "one" of something, written as a word: "one painful
    decision", "one senior administration official said". Such counts seldom say what
    happened, so any other new figure comes first."""
    return all(f.value == 1 and not f.text[:1].isdigit() for f in change.reports)


def _sources(change: FigureChange) -> int:
    return len({f.claimant or f.source.outlet or f.source.path for f in change.reports})


def _values(figures: Sequence[Figure]) -> str:
    """'3,000 (John Kirby, South Korea) · 12,000 (Lloyd Austin)': each value with who reports it."""
    by_value: dict[float, list[Figure]] = {}
    for f in figures:
        by_value.setdefault(f.value, []).append(f)
    parts = []
    for value in sorted(by_value)[:MAX_VALUES]:
        reports = by_value[value]
        who = [w for w in dict.fromkeys(f.claimant or f.source.outlet for f in reports) if w]
        rate = f" a {reports[0].rate}" if reports[0].rate else ""
        named = f" ({', '.join(who[:MAX_NAMES])}{', …' if len(who) > MAX_NAMES else ''})"
        parts.append(reports[0].text + rate + (named if who else ""))
    if len(by_value) > MAX_VALUES:
        parts.append("…")
    return " · ".join(parts)
