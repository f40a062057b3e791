"""BM25 ranked as FTS5's bm25() ranks, scored in numpy from FTS5's own postings.

FTS5 spends most of a keyword query inside bm25(), about 2 us a matching row: 13 ms for a
question's ~5k postings at 1.09M passages, where reading the same postings from an fts5vocab
'instance' table takes 2-3 ms. So a question's one-term phrases are read that way and scored
here with FTS5's formula and statistics: k1 1.2, b 0.75, IDF log((N - n + 0.5) / (n + 0.5))
floored at 1e-6, a row's length in tokens over all its columns. A phrase of several terms
("12 000", "o brien") keeps bm25() for its own hits: BM25 is a sum over phrases, so the two
parts add up to FTS5's score.

The lengths come from the table's docsize shadow table (one varint per column a row), read
once per index generation at the end of an index run (Store.remember_keyword_statistics: 1 s at
1.09M passages) and kept in the keyword_lengths table; a caller without lengths for the
current generation asks FTS5's bm25() for the whole query.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np

from index import keyword

K1 = 1.2
B = 0.75
IDF_FLOOR = 1e-6


@dataclass(frozen=True)
class Lengths:
    """An FTS table's row lengths for one index generation."""

    generation: int
    rows: int
    average: float  # tokens per row
    tokens: np.ndarray  # uint32: tokens of the row with that rowid (0 where there is none)


def measure(db: sqlite3.Connection, fts: str, generation: int) -> Lengths:
    """Read every row's length from FTS5's docsize table."""
    rows = db.execute(f"SELECT id, sz FROM {fts}_docsize ORDER BY id").fetchall()
    ids = np.fromiter((r[0] for r in rows), np.int64, len(rows))
    per_row = _decode_varints(b"".join(r[1] for r in rows), len(rows))
    tokens = np.zeros(int(ids[-1]) + 1 if len(ids) else 0, np.uint32)
    tokens[ids] = per_row
    total = int(per_row.sum())
    return Lengths(generation, len(rows), total / len(rows) if rows else 0.0, tokens)


def _decode_varints(raw: bytes, rows: int) -> np.ndarray:
    """Each row's sum of its varints (SQLite's big-endian 7-bit format, under 2^28 here): a
    docsize blob holds one per column, and every row has the same columns."""
    data = np.frombuffer(raw, np.uint8).astype(np.int64)
    if rows == 0:
        return np.zeros(0, np.int64)
    last = (data & 0x80) == 0
    which = np.concatenate(([0], np.cumsum(last)[:-1]))  # the varint each byte belongs to
    ends = np.flatnonzero(last)
    shift = 7 * (ends[which] - np.arange(len(data)))
    values = np.bincount(which, weights=(data & 0x7F) << shift).astype(np.int64)
    if len(values) % rows:
        raise ValueError(f"docsize holds {len(values)} values for {rows} rows")
    return values.reshape(rows, -1).sum(axis=1)


def save(db: sqlite3.Connection, fts: str, lengths: Lengths) -> None:
    db.execute(
        "INSERT OR REPLACE INTO keyword_lengths (fts, generation, rows, average, tokens) "
        "VALUES (?, ?, ?, ?, ?)",
        [fts, lengths.generation, lengths.rows, lengths.average, lengths.tokens.tobytes()],
    )


def load(db: sqlite3.Connection, fts: str, generation: int) -> Lengths | None:
    """The saved lengths if they were read for this generation, else None."""
    row = db.execute(
        "SELECT rows, average, tokens FROM keyword_lengths WHERE fts = ? AND generation = ?",
        [fts, generation],
    ).fetchone()
    if row is None:
        return None
    return Lengths(generation, int(row[0]), float(row[1]), np.frombuffer(row[2], np.uint32))


def saved_generation(db: sqlite3.Connection, fts: str) -> int | None:
    row = db.execute("SELECT generation FROM keyword_lengths WHERE fts = ?", [fts]).fetchone()
    return int(row[0]) if row else None


def search(
    db: sqlite3.Connection, fts: str, words: Sequence[str], lengths: Lengths, limit: int
) -> list[tuple[int, float]]:
    """[(rowid, score)], best first (ties: lower rowid), for an FTS5 OR-query of words as
    keyword.match_query phrases them; the scores are those of -bm25()."""
    ids: list[np.ndarray] = []
    scores: list[np.ndarray] = []
    several: list[tuple[str, ...]] = []
    phrases = keyword.phrases(words)
    for phrase, found in zip(
        phrases, keyword.terms(db, [" ".join(p) for p in phrases]), strict=True
    ):
        if len(found) != 1:
            several.append(phrase)
            continue
        hits, score = _term(db, fts, found[0], lengths)
        ids.append(hits)
        scores.append(score)
    for phrase in several:
        rows = db.execute(
            f"SELECT rowid, -bm25({fts}) FROM {fts} WHERE {fts} MATCH ?",
            [keyword.phrase_query(phrase)],
        ).fetchall()
        ids.append(np.fromiter((r[0] for r in rows), np.int64, len(rows)))
        scores.append(np.fromiter((r[1] for r in rows), np.float64, len(rows)))
    if not ids:
        return []
    unique, which = np.unique(np.concatenate(ids), return_inverse=True)
    total = np.bincount(which, weights=np.concatenate(scores), minlength=len(unique))
    best = np.lexsort((unique, -total))[:limit]
    return [(int(unique[i]), float(total[i])) for i in best]


def _term(
    db: sqlite3.Connection, fts: str, term: str, lengths: Lengths
) -> tuple[np.ndarray, np.ndarray]:
    """The rows holding term and its BM25 part in each."""
    table = _instances(db, fts)
    cursor = db.execute(f"SELECT doc FROM {table} WHERE term = ?", [term])
    occurrences = np.fromiter(chain.from_iterable(cursor), np.int64)
    rows, tf = np.unique(occurrences, return_counts=True)
    if len(rows) and rows[-1] >= len(lengths.tokens):
        raise LookupError(f"{fts} holds rows newer than its lengths")
    n = len(rows)
    idf = max(math.log((lengths.rows - n + 0.5) / (n + 0.5)), IDF_FLOOR)
    size = lengths.tokens[rows] / lengths.average if lengths.average else 1.0
    return rows, idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * size))


def _instances(db: sqlite3.Connection, fts: str) -> str:
    """An fts5vocab 'instance' table over fts on this connection: one row per occurrence."""
    name = f"{fts}_instances"
    db.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{name} USING fts5vocab(main, {fts}, 'instance')"
    )
    return f"temp.{name}"
