"""BM25 scored in numpy (index/bm25.py) ranks exactly as FTS5's bm25() does."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from index import HashEmbedder, bm25, build_index
from index.keyword import match_query
from index.store import Store

QUESTIONS = [
    ["korean", "soldiers", "kursk"],
    ["drone", "ukraine", "zelensky"],
    ["pyongyang", "12000", "troops"],  # a number is also asked for as the phrase "12 000"
    ["russia's", "o'brien", "3.5"],  # words FTS5 splits into several terms
    ["zebra"],  # in no article
    ["the", "and", "said"],
]


def fts5_ranking(db: sqlite3.Connection, fts: str, words: list[str]) -> list[tuple[int, float]]:
    return db.execute(
        f"SELECT rowid, -bm25({fts}) FROM {fts} WHERE {fts} MATCH ? ORDER BY bm25({fts})",
        [match_query(words)],
    ).fetchall()


def assert_same(got: list[tuple[int, float]], want: list[tuple[int, float]]) -> None:
    assert dict(got) == pytest.approx(dict(want), rel=1e-12)
    assert [s for _, s in got] == sorted((s for _, s in got), reverse=True)


@pytest.fixture
def indexed(seeds_copy: Path, tmp_path: Path) -> Store:
    (seeds_copy / "extra.txt").write_text(
        "Officials said 12,000 troops left Pyongyang; O'Brien put it at 3.5 brigades.\n\n"
        "Russia's army moved 12000 more troops to Kursk, the ministry said.\n"
    )
    # Over 16,383 tokens: a length FTS5 stores as a three-byte varint.
    sentence = "Kursk officials counted {} drones and troops near the border today. "
    (seeds_copy / "long.txt").write_text("".join(sentence.format(i) for i in range(1_700)))
    build_index([str(seeds_copy)], tmp_path / "data", HashEmbedder())
    return Store(tmp_path / "data")


@pytest.mark.parametrize("fts", ["passages_fts", "articles_fts"])
@pytest.mark.parametrize("words", QUESTIONS, ids=lambda w: " ".join(w))
def test_numpy_scores_are_fts5_bm25_scores(indexed: Store, fts: str, words: list[str]) -> None:
    db = indexed.db.conn
    lengths = bm25.measure(db, fts, indexed.generation)
    want = fts5_ranking(db, fts, words)
    got = bm25.search(db, fts, words, lengths, limit=1000)
    assert_same(got, want)
    if want:
        assert bm25.search(db, fts, words, lengths, limit=2) == got[:2]


def test_row_lengths_decode_multi_byte_and_multi_column_sizes(indexed: Store) -> None:
    db = indexed.db.conn
    lengths = bm25.measure(db, "articles_fts", indexed.generation)  # title + text
    ids = [r[0] for r in db.execute("SELECT id FROM articles")]
    assert lengths.rows == len(ids)
    for i in ids:
        title, text = db.execute("SELECT title, text FROM articles WHERE id = ?", [i]).fetchone()
        words = len(re.findall(r"\w+", f"{title or ''} {text}"))
        assert lengths.tokens[i] == words  # FTS5 tokens are the runs of word characters
    assert max(lengths.tokens) > 16_383


def test_an_index_run_saves_the_lengths_and_questions_use_them(
    indexed: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = indexed.db.conn
    assert bm25.saved_generation(db, "passages_fts") == indexed.generation
    saved = bm25.load(db, "passages_fts", indexed.generation)
    assert saved is not None
    fresh = bm25.measure(db, "passages_fts", indexed.generation)
    assert np.array_equal(saved.tokens, fresh.tokens) and saved.average == fresh.average
    used: list[str] = []
    real = bm25.search
    monkeypatch.setattr(bm25, "search", lambda *a, **k: used.append(a[1]) or real(*a, **k))
    got = indexed.keyword_search(["korean", "soldiers"], 10)
    assert used == ["passages_fts"]
    assert_same(got, fts5_ranking(db, "passages_fts", ["korean", "soldiers"])[:10])


def test_lengths_of_another_generation_are_never_used(
    seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    build_index([str(seeds_copy)], data, HashEmbedder())
    store = Store(data)
    before = store.generation
    # An index run that stops before its last step leaves lengths of the previous generation.
    monkeypatch.setattr(Store, "remember_keyword_statistics", lambda self: None)
    (seeds_copy / "extra.txt").write_text("Korean soldiers reached Kursk in October.\n")
    build_index([str(seeds_copy)], data, HashEmbedder())
    assert store.generation != before
    assert bm25.saved_generation(store.db.conn, "passages_fts") == before

    def fail(*_: object, **__: object) -> None:
        raise AssertionError("ranked with stale lengths")

    monkeypatch.setattr(bm25, "search", fail)
    got = store.keyword_search(["korean", "soldiers"], 10)
    assert_same(got, fts5_ranking(store.db.conn, "passages_fts", ["korean", "soldiers"])[:10])


def test_rows_newer_than_the_lengths_send_the_question_to_fts5(indexed: Store) -> None:
    db = indexed.db.conn
    lengths = bm25.measure(db, "passages_fts", indexed.generation)
    short = bm25.Lengths(lengths.generation, lengths.rows, lengths.average, lengths.tokens[:3])
    with pytest.raises(LookupError):
        bm25.search(db, "passages_fts", ["korean"], short, 10)
