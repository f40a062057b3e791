"""Cut an article's body into passages: runs of whole sentences, each an exact substring.

A passage packs consecutive sentences up to `max_chars` (a single longer sentence stands alone).
It never crosses furniture or a heading, so it is always one contiguous stretch of story text.
"""

from __future__ import annotations

import hashlib

from index.models import Article, Passage, Span
from index.sentences import split_sentences

MAX_CHARS = 420


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
