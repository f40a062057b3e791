"""Words as search sees them (index/terms.py)."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from snowballstemmer.english_stemmer import EnglishStemmer

from index import HashEmbedder, build_index, open_corpus, terms


def test_stemming_from_many_threads_gives_the_stems_one_thread_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # snowballstemmer's pure-Python stemmer (used where PyStemmer's C build is missing) keeps
    # the word in hand on itself: unguarded, threads answering questions at once corrupted
    # each other's stems (or raised IndexError).
    monkeypatch.setattr(terms, "_SNOWBALL", EnglishStemmer())
    words = [f"{prefix}ing" for prefix in ("deploy", "report", "announc", "confirm", "mov")]
    words = [f"{w}{'s' * (i % 3)}{chr(97 + i % 26)}ation" for i, w in enumerate(words * 400)]
    expected = [terms._SNOWBALL.stemWord(w) for w in words]
    terms._STEMMED.clear()
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(8) as pool:
            got = list(pool.map(terms.stem, words))
    finally:
        sys.setswitchinterval(old)
        terms._STEMMED.clear()
    assert got == expected


def test_british_and_american_spellings_meet() -> None:
    assert terms.stem("defence") == terms.stem("defense")
    assert terms.stem("neighbouring") == terms.stem("neighboring")
    assert terms.stem("travelled") == terms.stem("traveled")
    assert terms.spellings("defences") == ("defences", "defenses")
    assert terms.spellings("center") == ("center", "centre")
    assert terms.spellings("troops") == ("troops",)


def test_accents_fold_as_people_type_names() -> None:
    words = ["pele", "met", "erdogan", "in", "sao", "paulo"]
    assert terms.tokens("Pelé met Erdoğan in São Paulo") == words


def test_a_name_typed_without_its_accent_finds_the_answer(tmp_path: Path) -> None:
    (tmp_path / "pele.txt").write_text(
        "Pele dies at 82\n\nPelé, the Brazilian soccer legend who won three World Cups, has died "
        "at the age of 82, his daughter said.\n",
        "utf-8",
    )
    build_index([str(tmp_path / "pele.txt")], tmp_path / "data", HashEmbedder())
    corpus = open_corpus(tmp_path / "data", HashEmbedder())
    answer = corpus.ask("how old was pele?")  # withheld before: "pele" is not "pelé"
    assert answer.answered and "age of 82" in answer.quotes[0].text
