"""Cut an article's body into passages: runs of whole sentences, each an exact substring.

A passage packs consecutive sentences up to `max_chars` (a single longer sentence stands alone).
It never crosses furniture or a heading, so it is always one contiguous stretch of story text.
"""

from __future__ import annotations

import hashlib

from index.models import Article, Passage, Span
from index.sentences import split_sentences

# Short passages (one or two sentences) match a question more sharply than long ones; a quote
# still gets context from the sentences around its passage (see `adjacent_sentences`).
MAX_CHARS = 250


def chunk_article(article: Article, max_chars: int = MAX_CHARS) -> list[Passage]:
    """The passages of article, in reading order."""
    text = article.text
    passages: list[Passage] = []
    group: list[Span] = []
    for run in _contiguous_runs(text, article.body):
        group = []
        for sentence in (s for a, b in run for s in split_sentences(text, a, b)):
            if group and sentence[1] - group[0][0] > max_chars:
                passages.append(_passage(text, group, article.meta.title))
                group = []
            group.append(sentence)
        if group:
            passages.append(_passage(text, group, article.meta.title))
    return passages


def embed_text(passage_text: str, title: str | None) -> str:
    """What the embedder sees: the title gives a short passage its story's context."""
    return f"{title}\n{passage_text}" if title else passage_text


def _contiguous_runs(text: str, body: tuple[Span, ...]) -> list[list[Span]]:
    """Group body spans that only whitespace separates."""
    runs: list[list[Span]] = []
    for span in body:
        if runs and not text[runs[-1][-1][1] : span[0]].strip():
            runs[-1].append(span)
        else:
            runs.append([span])
    return runs


def _passage(text: str, sentences: list[Span], title: str | None) -> Passage:
    start, end = sentences[0][0], sentences[-1][1]
    body = text[start:end]
    digest = hashlib.sha256(embed_text(body, title).encode("utf-8", "surrogatepass")).hexdigest()
    return Passage(start=start, end=end, text=body, sentences=tuple(sentences), content_hash=digest)


def adjacent_sentences(
    window: str, offset: int, body: tuple[Span, ...], start: int, end: int
) -> tuple[Span | None, Span | None]:
    """The story sentences just before and after text[start:end], if no furniture intervenes.

    `window` is text[offset:offset + len(window)], enough of the article around the passage;
    spans are absolute. A sentence that the window cuts off is not returned.
    """
    w_end = offset + len(window)
    runs = _contiguous_runs_in(window, offset, [s for s in body if s[1] > offset and s[0] < w_end])
    run = next((r for r in runs if r[0] <= start and end <= r[1]), None)
    if run is None:
        return None, None
    before = after = None
    if run[0] < start:
        found = split_sentences(window, max(run[0], offset) - offset, start - offset)
        if found and (found[-1][0] > 0 or offset == 0 or run[0] >= offset):
            before = (found[-1][0] + offset, found[-1][1] + offset)
    if end < run[1]:
        found = split_sentences(window, end - offset, min(run[1], w_end) - offset)
        # A sentence that reaches the window's end may be cut off, unless its run ends there.
        if found and (found[0][1] + offset < w_end or run[1] <= w_end):
            after = (found[0][0] + offset, found[0][1] + offset)
    return before, after


def _contiguous_runs_in(window: str, offset: int, spans: list[Span]) -> list[Span]:
    runs: list[Span] = []
    for a, b in spans:
        if runs and not window[max(runs[-1][1] - offset, 0) : max(a - offset, 0)].strip():
            runs[-1] = (runs[-1][0], b)
        else:
            runs.append((a, b))
    return runs
