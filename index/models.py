"""The records that flow through the library: articles, passages, quotes and answers.

Every offset is a character (code point) offset into the article's text: the decoded file for
`.txt` / `.md`, the extracted text for `.html`, the `text` field for a feed record. A passage's or
quote's text is always exactly `article_text[start:end]`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

Span = tuple[int, int]


@dataclass(frozen=True)
class Meta:
    """What is known about an article; unknown fields stay None, never guessed."""

    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    date: str | None = None  # YYYY-MM-DD
    url: str | None = None


@dataclass(frozen=True)
class Article:
    """One article as ingested: its text, metadata and the spans of quotable body text."""

    key: str  # identity across runs: the resolved file path, or feed path + url/text hash
    path: str  # the path as indexed (for a feed record: "feed.jsonl#L12")
    text: str
    meta: Meta
    content_hash: str
    body: tuple[Span, ...]  # spans of text that may be quoted; furniture lies outside them
    # The file it was read from (a feed's, for a record) as reached: absolute, a symlink not
    # followed (`ingest.reached_as`). The key cannot say, since a path may hold "#"
    # ("issue#5.txt") as a feed key does before its url or line.
    source_file: str


@dataclass(frozen=True)
class Passage:
    """A sentence-aware window of one article: text == article.text[start:end]."""

    start: int
    end: int
    text: str
    sentences: tuple[Span, ...]  # absolute offsets, each inside [start, end)
    content_hash: str


@dataclass(frozen=True)
class Skipped:
    """A file or feed line that was not indexed, and why."""

    path: str
    reason: str
    # The key of the article this input was read as, when it was read but holds no story any
    # more (only furniture): a stored article under that key no longer has a file behind it.
    key: str | None = None


@dataclass(frozen=True)
class Ignored:
    """Metadata that was not used for an article that was indexed without it, and why."""

    path: str  # the sidecar, or the Markdown file whose front matter it was
    reason: str


@dataclass(frozen=True)
class Source:
    path: str
    title: str | None
    outlet: str | None
    author: str | None
    date: str | None
    url: str | None


@dataclass(frozen=True)
class AlsoIn:
    """Another article that reports the same fact as a quote."""

    path: str
    start: int
    end: int
    outlet: str | None
    title: str | None = None
    url: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Quote:
    """A verbatim excerpt: text == article text[start:end]; the key sentence is inside it."""

    text: str
    start: int
    end: int
    key_start: int
    key_end: int
    score: float
    source: Source
    also_in: tuple[AlsoIn, ...] = ()
    passage_id: int | None = None

    @property
    def key_sentence(self) -> str:
        return self.text[self.key_start - self.start : self.key_end - self.start]


@dataclass(frozen=True)
class Answer:
    """What `ask` returns: quotes that answer, or answered=False with related passages."""

    question: str
    answered: bool
    quotes: tuple[Quote, ...] = ()
    related: tuple[Quote, ...] = ()
    confidence: float = 0.0
    timings_ms: dict[str, float] = field(default_factory=dict, compare=False)

    def to_json(self) -> dict[str, Any]:
        """The documented `ask --json` shape."""
        return {
            "question": self.question,
            "answered": self.answered,
            "quotes": [_quote_json(q) for q in self.quotes],
            "related": [_quote_json(q) for q in self.related],
        }


def _quote_json(q: Quote) -> dict[str, Any]:
    return {
        "text": q.text,
        "start": q.start,
        "end": q.end,
        "key_start": q.key_start,
        "key_end": q.key_end,
        "score": round(q.score, 4),
        "source": asdict(q.source),
        "also_in": [
            {"path": a.path, "start": a.start, "end": a.end, "outlet": a.outlet} for a in q.also_in
        ],
    }


@dataclass(frozen=True)
class IndexReport:
    """The summary of one index run."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    ignored: tuple[Ignored, ...] = ()
    passages_embedded: int = 0
    passages_reused: int = 0
