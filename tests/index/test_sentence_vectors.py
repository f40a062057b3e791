"""Sentences embedded alone: their cache, and the re-ranking bonus they give a passage."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from index import HashEmbedder, SearchParams, build_index, open_corpus
from index.sentence_vectors import SentenceVectors, passage_sentences
from index.store import PassageRow


class CountingEmbedder(HashEmbedder):
    """The fake embedder, remembering every text it was asked to encode."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.extend(texts)
        return super().encode(texts)


QUESTION = "officials dismissed the reports as groundless rumors"
# A headline that is about the whole story, not the sentence that answers.
FAR_TITLE = "Weather markets sports culture festival travel food music fashion and science news"


@pytest.fixture
def two_articles(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "far.md").write_text(
        f"---\ntitle: {FAR_TITLE}\n---\n\nOfficials dismissed the reports as groundless rumors.\n"
    )
    (src / "near.md").write_text(
        "---\ntitle: Officials dismissed the reports\n---\n\n"
        "The festival drew crowds. Rumors about the reports spread as the markets fell.\n"
    )
    build_index([str(src)], tmp_path / "data", HashEmbedder())
    return tmp_path / "data"


def rows_by_file(data: Path) -> dict[str, PassageRow]:
    corpus = open_corpus(data, HashEmbedder())
    store = corpus.searcher().store
    rows = store.passages(list(range(1, 10)))
    corpus.close()
    return {Path(r.path).name: r for r in rows.values()}


def test_passage_sentences_are_the_stored_spans_of_the_article() -> None:
    text = "Headline\n\nFirst sentence here. Second one follows."
    start = text.index("First")
    row = PassageRow(
        id=1, article_id=1, start=start, end=len(text), text=text[start:],
        sentences=((start, start + 20), (start + 21, len(text))),
        vector=np.zeros(4, dtype=np.float32), path="a.txt",
        title=None, outlet=None, author=None, date=None, url=None,
    )  # fmt: skip
    assert passage_sentences(row) == ["First sentence here.", "Second one follows."]


def test_best_cosine_is_the_closest_sentence_and_each_is_embedded_once(two_articles: Path) -> None:
    rows = rows_by_file(two_articles)
    embedder = CountingEmbedder()
    vectors = SentenceVectors(embedder)
    qvec = HashEmbedder().encode([QUESTION])[0]
    near = rows["near.md"]
    best = vectors.best_cosines(qvec, [near])
    each = HashEmbedder().encode(passage_sentences(near)) @ qvec
    assert len(each) == 2 and best == {near.id: pytest.approx(float(each.max()))}
    assert sorted(embedder.seen) == sorted(passage_sentences(near))
    vectors.best_cosines(qvec, [near, rows["far.md"]])
    # Only the sentence not seen before is embedded again.
    assert embedder.seen[2:] == passage_sentences(rows["far.md"])


def test_the_cache_keeps_only_the_most_recent_sentences(two_articles: Path) -> None:
    rows = rows_by_file(two_articles)
    embedder = CountingEmbedder()
    vectors = SentenceVectors(embedder, size=2)
    qvec = HashEmbedder().encode([QUESTION])[0]
    vectors.best_cosines(qvec, [rows["near.md"]])  # two sentences fill it
    vectors.best_cosines(qvec, [rows["far.md"]])  # one more evicts the oldest
    embedder.seen.clear()
    vectors.best_cosines(qvec, [rows["near.md"]])
    assert embedder.seen == passage_sentences(rows["near.md"])[:1]


def test_a_passage_ranks_by_its_best_sentence_read_without_the_headline(two_articles: Path) -> None:
    params = SearchParams(phrase_weight=0.0, kind_weight=0.0, sentence_weight=1.0)
    corpus = open_corpus(two_articles, HashEmbedder(), params)
    searcher = corpus.searcher()
    rows = rows_by_file(two_articles)
    far, near = rows["far.md"], rows["near.md"]
    qvec = HashEmbedder().encode([QUESTION])[0]
    # The premise: embedded with its headline, the answering passage is the farther one.
    assert float(far.vector @ qvec) < float(near.vector @ qvec)
    ranked = [(near.id, 1.0), (far.id, 1.0)]
    assert [pid for pid, _ in searcher.rerank(QUESTION, ranked, {}, qvec=qvec)] == [
        far.id,
        near.id,
    ]
    # Without the question's vector, or with the bonus off, the order stands.
    assert searcher.rerank(QUESTION, ranked, {}) == ranked
    corpus.close()
    off = open_corpus(two_articles, HashEmbedder(), replace(params, sentence_weight=0.0))
    assert off.searcher().rerank(QUESTION, ranked, {}, qvec=qvec)[0][0] == near.id
    off.close()
