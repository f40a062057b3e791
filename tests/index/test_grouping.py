"""Grouping quotes (Searcher._group) makes and reads only what its answer shows, and answers as
grouping every candidate would."""

from __future__ import annotations

import numpy as np
import pytest

from index.corpus import Corpus
from index.models import Quote
from index.search import Searcher, make_quote
from index.store import PassageRow
from index.terms import content_stems
from tests.quality import load_questions


def group_everything(
    searcher: Searcher, candidates: list[tuple[int, float]], weights: dict[str, float]
) -> list[tuple[str, list[tuple[str, int, int]]]]:
    """Every candidate quoted, then folded in order: the plain algorithm, as a reference."""
    rows = searcher.store.passages([pid for pid, _ in candidates])
    limit = searcher.params.quote_chars
    quotes = [(make_quote(rows[p], s, weights, limit), rows[p]) for p, s in candidates if p in rows]
    vectors = np.vstack([row.vector for _, row in quotes])
    close = (vectors @ vectors.T) >= searcher.params.group_cosine
    stems = [content_stems(quote.key_sentence) for quote, _ in quotes]
    kept: list[int] = []
    folded: dict[int, list[tuple[str, int, int]]] = {}
    for j, (quote, row) in enumerate(quotes):
        for i in kept:
            if (
                close[i, j]
                and quotes[i][1].article_id != row.article_id
                and searcher._same_fact(stems[i], stems[j])
            ):
                folded.setdefault(i, []).append((quote.source.path, quote.start, quote.end))
                break
        else:
            kept.append(j)
    return [(quotes[i][0].text, folded.get(i, [])) for i in kept]


def shown(grouped: list[tuple[Quote, PassageRow]]) -> list[tuple[str, list[tuple[str, int, int]]]]:
    return [(q.text, [(a.path, a.start, a.end) for a in q.also_in]) for q, _ in grouped]


@pytest.mark.parametrize("limit", [1, 3, 10])
def test_grouping_answers_as_quoting_every_candidate_would(seed_corpus: Corpus, limit: int) -> None:
    searcher = seed_corpus.searcher()
    folds = 0
    for question in load_questions():
        qvec = searcher.embedder.encode([question.q])[0]
        candidates = searcher.retrieve(question.q, qvec, searcher.params.candidates)[:30]
        weights = searcher._idf_weights(question.q)
        got = shown(searcher._group(candidates, {}, weights, limit))
        want = group_everything(searcher, candidates, weights)[:limit]
        assert got == want, question.q
        folds += sum(len(also) for _, also in got)
    assert folds  # the seeds repeat facts across articles: some quotes were folded


def test_candidates_no_kept_quote_is_close_to_are_never_read(
    seed_corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    searcher = seed_corpus.searcher()
    question = "How many North Korean soldiers are in Russia?"
    qvec = searcher.embedder.encode([question])[0]
    candidates = searcher.retrieve(question, qvec, searcher.params.candidates)[:30]
    weights = searcher._idf_weights(question)
    read: list[int] = []
    passages = searcher.store.passages

    def counted(ids: list[int]) -> dict[int, PassageRow]:
        read.extend(ids)
        return passages(ids)

    monkeypatch.setattr(searcher.store, "passages", counted)
    grouped = searcher._group(candidates, {}, weights, limit=2)
    assert len(grouped) == 2
    assert len(read) == len(set(read)) < len(candidates)
    assert {row.id for _, row in grouped} <= set(read)
    # Rows handed in are used, not read again.
    rows = passages([pid for pid, _ in candidates[:5]])
    read.clear()
    again = searcher._group(candidates, dict(rows), weights, limit=2)
    assert shown(again) == shown(grouped)
    assert not set(read) & set(rows)
