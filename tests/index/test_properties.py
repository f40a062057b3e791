"""Property tests: whatever the text, passages, figures and quotes are exact slices of it."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from index import HashEmbedder, build_index, open_corpus
from index.chunk import chunk_article
from index.figures import extract_figures
from index.ingest import read_articles
from index.models import Article

# Words that make sentences, numbers, names and attributions, with hostile characters mixed in.
_WORDS = [
    "Officials",
    "said",
    "Kim",
    "Jong",
    "Un",
    "troops",
    "3,000",
    "12",
    "$1.5 billion",
    "40%",
    "as many as",
    "about",
    "according to",
    "the",
    "ministry",
    "Russia",
    "on",
    "Monday",
    ".",
    ".",
    ",",
    "?",
    "!",
    "\n",
    "\n\n",
    " ",
    "\u200b",
    "\u202e",
    "\u2067",
    "שלום",
    "é",
    "e\u0301",
    "“",
    "”",
    "'",
    "*",
    "_",
    "`",
    "<",
    ">",
    "&",
    "<!channel>",
    "<@U123>",
    "\t",
    "\ufeff",
    "🙂",
    "Mr.",
    "U.S.",
    "Dr",
    "No. 5",
    "1990",
    "one",
    "twenty",
    "hundred",
    "-",
    "—",
]
_text = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=120).map(" ".join)
_raw = st.one_of(_text, st.text(max_size=400))


def articles_of(text: str, suffix: str = ".txt") -> list[Article]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"a{suffix}"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        return [a for a in read_articles(str(path), path, 5_000_000) if isinstance(a, Article)]


@settings(max_examples=200, deadline=None)
@given(text=_raw, suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_ingest_and_passages_are_slices_of_the_article(text: str, suffix: str) -> None:
    for article in articles_of(text, suffix):
        if suffix == ".txt":
            assert article.text == text  # plain text is stored verbatim
        for start, end in article.body:
            assert 0 <= start <= end <= len(article.text)
        for passage in chunk_article(article):
            assert article.text[passage.start : passage.end] == passage.text
            for start, end in passage.sentences:
                assert passage.start <= start <= end <= passage.end


@settings(max_examples=200, deadline=None)
@given(text=_text)
def test_figures_quote_their_sentence_exactly(text: str) -> None:
    for article in articles_of(text):
        sentences = [s for p in chunk_article(article) for s in p.sentences]
        for figure in extract_figures(article.text, sentences):
            assert article.text[figure.start : figure.end] == figure.text
            assert figure.sentence in sentences
            assert figure.sentence[0] <= figure.start <= figure.end <= figure.sentence[1]


@settings(max_examples=25, deadline=None)
@given(texts=st.lists(_text, min_size=1, max_size=3), question=_text)
def test_every_quote_is_an_exact_substring_of_its_source(texts: list[str], question: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "src"
        folder.mkdir()
        for i, text in enumerate(texts):
            (folder / f"{i}.txt").write_text(text, encoding="utf-8")
        build_index([str(folder)], Path(tmp) / "data", HashEmbedder())
        if not (Path(tmp) / "data" / "manifest.json").exists():
            return
        corpus = open_corpus(Path(tmp) / "data", HashEmbedder())
        try:
            if not " ".join(question.split()):
                return
            answer = corpus.ask(question)
            for quote in (*answer.quotes, *answer.related):
                source = Path(quote.source.path).read_text("utf-8")
                assert source[quote.start : quote.end] == quote.text
                assert quote.start <= quote.key_start <= quote.key_end <= quote.end
                for other in quote.also_in:
                    assert Path(other.path).read_text("utf-8")[other.start : other.end]
        finally:
            corpus.close()
