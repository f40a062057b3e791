"""Grouping quotes (Searcher._group) makes and reads only what its answer shows, and answers as
grouping every candidate would."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from index.corpus import Corpus
from index.models import Quote, Source
from index.quoting import beside, make_quote, outside
from index.search import Searcher
from index.store import PassageRow
from tests.quality import load_questions


def group_everything(
    searcher: Searcher, candidates: list[tuple[int, float]], weights: dict[str, float]
) -> list[tuple[str, list[tuple[str, int, int]]]]:
    """Every candidate quoted, then folded in order: the plain algorithm, as a reference."""
    rows = searcher.store.passages([pid for pid, _ in candidates])
    limit = searcher.params.quote_chars
    quotes = [(make_quote(rows[p], s, weights, limit), rows[p]) for p, s in candidates if p in rows]
    vectors = np.vstack([row.vector for _, row in quotes])
    cosines = vectors @ vectors.T
    kept: list[int] = []
    folded: dict[int, list[tuple[str, int, int]]] = {}
    for j, (quote, row) in enumerate(quotes):
        for i in kept:
            if quotes[i][1].article_id != row.article_id and searcher._same_fact(
                quotes[i][0].key_sentence, quote.key_sentence, float(cosines[i, j])
            ):
                folded.setdefault(i, []).append((quote.source.path, quote.start, quote.end))
                break
        else:
            same = [quotes[i][0] for i in kept if quotes[i][1].article_id == row.article_id]
            trimmed = outside(quote, row, same) if same else quote
            if trimmed is not None:
                quotes[j] = (trimmed, row)
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
    # The seeds are one story: every passage is within the loose closeness of every other, so
    # the strict one stands for both here.
    seeded = seed_corpus.searcher()
    strict = replace(seeded.params, group_cosine_loose=seeded.params.group_cosine)
    searcher = Searcher(seeded.store, seeded.vectors, seeded.embedder, strict)
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


def test_one_fact_told_around_different_sentences_is_one_fact(seed_corpus: Corpus) -> None:
    # Two outlets' passages about a funeral differ around one sentence: not close in meaning as
    # passages, the same fact in their key sentences.
    searcher = seed_corpus.searcher()
    a = (
        "A two-minute nationwide silence will be held shortly before the state funeral service "
        "for Queen Elizabeth II concludes on Monday, palace officials have revealed."
    )
    b = (
        "There will also be a two-minute nationwide silence held shortly before the end of the "
        "state funeral service."
    )
    loose = (searcher.params.group_cosine + searcher.params.group_cosine_loose) / 2
    assert searcher._same_fact(a, b, loose)
    assert not searcher._same_fact(a, b, searcher.params.group_cosine_loose - 0.01)
    # A sentence on the same subject that says something else is not the same fact.
    c = "The state funeral service for Queen Elizabeth II will be held in London."
    assert not searcher._same_fact(a, c, loose)
    # Once the passages are close in meaning, most of the shorter sentence's words are enough.
    assert searcher._same_fact(a, c, searcher.params.group_cosine)


def test_sentences_naming_different_people_or_places_are_different_facts(
    seed_corpus: Corpus,
) -> None:
    searcher = seed_corpus.searcher()
    close = searcher.params.group_cosine
    a = "Russian forces shelled Kharkiv overnight, regional governor Oleh Syniehubov said."
    b = "Russian forces shelled Donetsk overnight, regional governor Pavlo Kyrylenko said."
    assert not searcher._same_fact(a, b, close)
    # Real coverage: two rulings by one judge, against two networks.
    davis = (
        "Delaware Superior Court Judge Eric M. Davis ruled that it was “reasonably conceivable” "
        "that Dominion had a claim for defamation against Newsmax.",
        "Superior Court Judge Eric Davis had already rejected Fox’s motion to throw out the case, "
        "ruling in favor of Dominion that the claims Fox aired about the company were false.",
    )
    assert not searcher._same_fact(*davis, close)
    north = "North Korea fired a ballistic missile into the sea on Tuesday."
    assert not searcher._same_fact(north, north.replace("North", "South"), close)
    # A name one sentence adds and the other leaves out, a title, a day, a first name, an
    # adjective of a country or a headline's capitals do not make a different fact.
    same = [
        (
            "Russian President Vladimir Putin said on Friday that the troops would stay.",
            "Putin said the troops would stay, the Kremlin announced on Saturday.",
        ),
        (
            "President Joe Biden confirmed that North Korea has sent troops to Russia.",
            "Biden confirmed that North Korean troops have been sent to Russia.",
        ),
        (
            "Federal prosecutors unsealed an eight-count criminal indictment against Sam "
            "Bankman-Fried on Tuesday.",
            "Federal prosecutors in Manhattan unsealed an eight-count criminal indictment against "
            "Bankman-Fried.",
        ),
        (
            "North Korean Troops Confirmed Deployed To Russia",
            "Officials confirmed North Korean troops were deployed to Russia.",
        ),
    ]
    for x, y in same:
        assert searcher._same_fact(x, y, close), (x, y)


def test_quotes_of_one_article_never_overlap(seed_corpus: Corpus) -> None:
    touching = 0
    for question in load_questions():
        answer = seed_corpus.ask(question.q)
        quotes = answer.quotes + answer.related
        for i, a in enumerate(quotes):
            for b in quotes[:i]:
                if a.source.path == b.source.path:
                    assert a.end <= b.start or b.end <= a.start, question.q
                    text = Path(a.source.path).read_text()
                    between = text[min(a.end, b.end) : max(a.start, b.start)]
                    touching += not between.strip()
    assert touching  # some quotes were cut short where a quote shown before them begins or ends


def _row(start: int, context: str, sentences: tuple[tuple[int, int], ...]) -> PassageRow:
    return PassageRow(
        id=start,
        article_id=1,
        start=sentences[0][0],
        end=sentences[-1][1],
        text=context[sentences[0][0] - start : sentences[-1][1] - start],
        sentences=sentences,
        vector=np.zeros(2, dtype=np.float32),
        path="a.txt",
        title=None,
        outlet=None,
        author=None,
        date=None,
        url=None,
        context=context,
        context_start=start,
    )


ARTICLE = "One fell. Two rose. Three ran.\n\nFour hid."
SENTENCES = ((0, 9), (10, 19), (20, 30), (32, 41))


def _quote(row: PassageRow, start: int, end: int, key: tuple[int, int]) -> Quote:
    source = Source(row.path, None, None, None, None, None)
    return Quote(ARTICLE[start:end], start, end, key[0], key[1], 1.0, source)


def test_a_quote_gives_only_what_the_shown_quotes_of_its_article_do_not() -> None:
    row = _row(0, ARTICLE, SENTENCES)
    whole = _quote(row, 0, 41, (20, 30))
    shown = _quote(row, 0, 9, (0, 9))
    assert outside(whole, row, [shown]) == _quote(row, 10, 41, (20, 30))
    assert outside(whole, row, [_quote(row, 10, 19, (10, 19))]) == _quote(row, 20, 41, (20, 30))
    assert outside(whole, row, [_quote(row, 32, 41, (32, 41))]) == _quote(row, 0, 30, (20, 30))
    assert outside(whole, row, [_quote(row, 20, 30, (20, 30))]) is None  # its key is shown
    assert outside(shown, row, [_quote(row, 32, 41, (32, 41))]) == shown  # nothing shared


def test_quotes_are_read_together_only_where_only_space_parts_them() -> None:
    row = _row(0, ARTICLE, SENTENCES)
    first, second = _quote(row, 0, 9, (0, 9)), _quote(row, 10, 19, (10, 19))
    last = _quote(row, 32, 41, (32, 41))
    assert beside(first, row, second, row) and beside(second, row, first, row)
    assert beside(_quote(row, 20, 30, (20, 30)), row, last, row)  # a paragraph break
    assert not beside(first, row, last, row)
    elsewhere = replace(row, article_id=2)
    assert not beside(first, row, second, elsewhere)
