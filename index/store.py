"""The SQLite side of the index: articles, passages (with their vectors), FTS5, run history.

SQLite is the source of truth. Vectors are stored with their passages, so the FAISS file beside
the database is derived data that can always be brought up to date without re-embedding.
"""

from __future__ import annotations

import bisect
import json
import logging
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeAlias

import numpy as np
import sqlite_utils

from index import bm25, keyword
from index.chunk import adjacent_sentences
from index.figures import FigureMention
from index.migrations import migrate
from index.models import Article, Passage, Span

log = logging.getLogger(__name__)

DB_NAME = "newsdesk.db"
FIGURES_CHANGED = "figures_changed"  # a settings counter: figures or the paths they show changed
CONTEXT_CHARS = 600
COMMON_TERMS = "common_terms"  # the settings row holding keyword.common_terms per vocabulary
COMMON_VOCABS = ("passages_vocab", "articles_vocab")
# FTS tables whose questions are ranked in numpy (index/bm25.py). Not articles_fts: a word's
# occurrences in whole articles are many, and reading them cost as much as bm25() (3.7 vs 3.5 ms
# p50 at 26,549 articles), while over passages it is 6.2 vs 15.0 ms (bench/keyword_leg.py).
NUMPY_BM25_TABLES = ("passages_fts",)
DF_CACHE_MAX = 20_000  # remembered document frequencies (words x vocab tables) per process


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# What one article write carries: the article, its text hash, passages, their vectors, figures.
ArticleWrite = tuple[Article, str, Sequence[Passage], np.ndarray, Sequence[FigureMention]]


@dataclass(frozen=True)
class PassageRow:
    """A stored passage with what a quote needs to name its source."""

    id: int
    article_id: int
    start: int
    end: int
    text: str
    sentences: tuple[tuple[int, int], ...]
    vector: np.ndarray
    path: str
    title: str | None
    outlet: str | None
    author: str | None
    date: str | None
    url: str | None
    before: Span | None = None  # the story sentence just before the passage, if contiguous
    after: Span | None = None
    context: str = ""  # article text[context_start : context_start + len(context)]
    context_start: int = 0

    def span_text(self, start: int, end: int) -> str:
        """Article text[start:end] for a span inside the passage or its context."""
        return self.context[start - self.context_start : end - self.context_start]


@dataclass(frozen=True)
class StoredArticle:
    id: int
    key: str
    path: str
    source_file: str
    content_hash: str


class Store:
    """One SQLite database; a connection per thread so readers may run concurrently."""

    def __init__(self, data_dir: Path, create: bool = True) -> None:
        self.data_dir = data_dir
        self.path = data_dir / DB_NAME
        if create:
            data_dir.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._counts: dict[tuple[str, int], int] = {}
        self._df: dict[tuple[str, str], int] = {}
        self._df_generation = -1
        self._common: tuple[int, dict[str, dict[str, int]]] = (-1, {})
        self._lengths: dict[str, tuple[int, bm25.Lengths | None]] = {}  # by table: generation
        # False ranks every keyword query with FTS5's bm25(): the same ranking, slower; for
        # benchmarks that compare the two.
        self.numpy_bm25 = True
        # False finds every passage's neighbouring sentences from its article's body, as before
        # migration 7: the same sentences, slower; for benchmarks likewise.
        self.stored_neighbours = True
        self.schema_version = migrate(self.db) if create else 0
        self._identity = _file_identity(self.path)

    def replaced(self) -> bool:
        """Whether the database file is no longer the one this store opened (`index
        --rebuild` deletes it and starts a new one): its connections read the old one."""
        return _file_identity(self.path) != self._identity

    @property
    def db(self) -> sqlite_utils.Database:
        db = getattr(self._local, "db", None)
        if db is None:
            conn = sqlite3.connect(
                self.path, timeout=30, isolation_level=None, check_same_thread=False
            )
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=NORMAL")
            db = sqlite_utils.Database(conn)
            self._local.db = db
        return db

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.conn.close()
            self._local.db = None

    # -- settings ------------------------------------------------------------------------
    def get_setting(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_setting(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [key, value])

    @property
    def generation(self) -> int:
        return int(self.get_setting("generation") or 0)

    # -- articles ------------------------------------------------------------------------
    def articles(self) -> dict[str, StoredArticle]:
        rows = self.db.execute("SELECT id, key, path, source_file, content_hash FROM articles")
        return {r[1]: StoredArticle(*r) for r in rows.fetchall()}

    def article_body(self, article_id: int) -> str | None:
        """The spans of the article's story as stored (JSON), None if it is gone."""
        row = self.db.execute("SELECT body FROM articles WHERE id = ?", [article_id]).fetchone()
        return None if row is None else str(row[0])

    def set_content_hashes(self, hashes: list[tuple[int, str]]) -> None:
        """Give articles (id, hash) a new content hash, in one transaction."""
        with self.db.conn:
            self.db.conn.executemany(
                "UPDATE articles SET content_hash = ? WHERE id = ?",
                [(digest, article_id) for article_id, digest in hashes],
            )

    def set_paths(self, moves: list[tuple[int, str, str, str]]) -> None:
        """Give articles (id, key, path, source file) a new key and path, in one transaction:
        a renamed file, or a feed record on another line, keeps its rows and vectors."""
        with self.db.conn:
            self.db.conn.executemany(
                "UPDATE articles SET key = ?, path = ?, source_file = ? WHERE id = ?",
                [(key, path, source, article_id) for article_id, key, path, source in moves],
            )
            self._bump_setting(FIGURES_CHANGED)  # figures read before show the old paths

    def articles_with_text_hash(self, text_hash: str) -> list[StoredArticle]:
        rows = self.db.execute(
            "SELECT id, key, path, source_file, content_hash FROM articles WHERE text_hash = ?",
            [text_hash],
        ).fetchall()
        return [StoredArticle(*row) for row in rows]

    def vectors_by_hash(self, hashes: Iterable[str]) -> dict[str, np.ndarray]:
        """Stored vectors for passage texts seen before, so they need not be embedded again."""
        out: dict[str, np.ndarray] = {}
        wanted = list(set(hashes))
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT content_hash, vector FROM passages WHERE content_hash IN ({marks})", chunk
            )
            for h, blob in rows.fetchall():
                out[h] = np.frombuffer(blob, dtype=np.float32)
        return out

    def write_articles(self, items: Sequence[ArticleWrite]) -> tuple[list[int], list[int]]:
        """Insert or replace articles with their passages and figures in one transaction.

        Returns (passage ids removed, passage ids added).
        """
        removed: list[int] = []
        added: list[int] = []
        stamp = now_iso()
        db = self.db
        with db.conn:
            db.execute("BEGIN IMMEDIATE")
            for article, text_hash, passages, vectors, figures in items:
                old = db.execute(
                    "SELECT id, first_indexed_at FROM articles WHERE key = ?", [article.key]
                ).fetchone()
                first = old[1] if old else stamp
                if old:
                    removed += [
                        r[0]
                        for r in db.execute(
                            "SELECT id FROM passages WHERE article_id = ?", [old[0]]
                        ).fetchall()
                    ]
                    db.execute("DELETE FROM passages WHERE article_id = ?", [old[0]])
                    db.execute("DELETE FROM articles WHERE id = ?", [old[0]])
                m = article.meta
                cur = db.execute(
                    "INSERT INTO articles (key, path, source_file, title, outlet, author, date, "
                    "url, content_hash, text_hash, text, body, first_indexed_at, indexed_at) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [
                        article.key,
                        article.path,
                        article.source_file,
                        m.title,
                        m.outlet,
                        m.author,
                        m.date,
                        m.url,
                        article.content_hash,
                        text_hash,
                        article.text,
                        json.dumps(article.body),
                        first,
                        stamp,
                    ],
                )
                article_id = int(cur.lastrowid or 0)
                passage_ids: list[int] = []
                for ord_, (p, vec) in enumerate(zip(passages, vectors, strict=True)):
                    cur = db.execute(
                        'INSERT INTO passages (article_id, ord, start, "end", text, sentences, '
                        "content_hash, vector, adjacent) VALUES (?,?,?,?,?,?,?,?,?)",
                        [
                            article_id,
                            ord_,
                            p.start,
                            p.end,
                            p.text,
                            json.dumps(p.sentences),
                            p.content_hash,
                            np.asarray(vec, dtype=np.float32).tobytes(),
                            _adjacent_json(article.text, article.body, p.start, p.end),
                        ],
                    )
                    passage_ids.append(int(cur.lastrowid or 0))
                added += passage_ids
                self._insert_figures(article_id, passages, passage_ids, figures)
            self._bump_generation()
        return removed, added

    def _insert_figures(
        self,
        article_id: int,
        passages: Sequence[Passage],
        passage_ids: Sequence[int],
        figures: Sequence[FigureMention],
    ) -> None:
        owner = {s: pid for p, pid in zip(passages, passage_ids, strict=True) for s in p.sentences}
        self.db.conn.executemany(
            "INSERT INTO figures (article_id, passage_id, value, text, unit, what, hedge, "
            'claimant, start, "end", sentence_start, sentence_end) '
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    article_id,
                    owner.get(f.sentence),
                    f.value,
                    f.text,
                    f.unit,
                    f.what,
                    f.hedge,
                    f.claimant,
                    f.start,
                    f.end,
                    f.sentence[0],
                    f.sentence[1],
                )
                for f in figures
            ],
        )

    def replace_all_figures(
        self, extract: Callable[[str, list[Span]], list[FigureMention]], version: str
    ) -> int:
        """Extract every article's figures again (after the extractor changed)."""
        db = self.db
        total = 0
        with db.conn:
            db.execute("BEGIN IMMEDIATE")
            db.execute("DELETE FROM figures")
            for article_id, text in db.execute("SELECT id, text FROM articles").fetchall():
                rows = db.execute(
                    'SELECT id, start, "end", text, sentences, content_hash FROM passages '
                    "WHERE article_id = ? ORDER BY ord",
                    [article_id],
                ).fetchall()
                passages = [
                    Passage(r[1], r[2], r[3], tuple(tuple(s) for s in json.loads(r[4])), r[5])
                    for r in rows
                ]
                sentences = [s for p in passages for s in p.sentences]
                figures = extract(text, sentences)
                self._insert_figures(article_id, passages, [r[0] for r in rows], figures)
                total += len(figures)
            self.set_setting("figures_version", version)
            self._bump_setting(FIGURES_CHANGED)
        return total

    def delete_articles(self, article_ids: Sequence[int]) -> list[int]:
        """Delete articles and their passages in one transaction; returns removed passage ids."""
        removed: list[int] = []
        db = self.db
        with db.conn:
            db.execute("BEGIN IMMEDIATE")
            for aid in article_ids:
                removed += [
                    r[0]
                    for r in db.execute(
                        "SELECT id FROM passages WHERE article_id = ?", [aid]
                    ).fetchall()
                ]
                db.execute("DELETE FROM passages WHERE article_id = ?", [aid])
                db.execute("DELETE FROM articles WHERE id = ?", [aid])
            self._bump_generation()
        return removed

    def _bump_generation(self) -> None:
        self._bump_setting("generation")

    def _bump_setting(self, key: str) -> None:
        self.db.execute(
            "INSERT INTO settings (key, value) VALUES (?, '1') ON CONFLICT(key) "
            "DO UPDATE SET value = CAST(value AS INTEGER) + 1",
            [key],
        )

    def identity(self) -> tuple[int, int] | None:
        """The database file this store opened (device, inode): `index --rebuild` makes
        another at the same path."""
        return self._identity

    # -- reading -------------------------------------------------------------------------
    def passage_ids(self) -> np.ndarray:
        rows = self.db.execute("SELECT id FROM passages ORDER BY id").fetchall()
        return np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))

    def iter_vectors(
        self, ids: Sequence[int] | None = None, batch: int = 5000
    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """(ids, vectors) in batches: every passage, or just the given ids."""
        if ids is None:
            yield from _batched(
                self.db.execute("SELECT id, vector FROM passages ORDER BY id"), batch
            )
            return
        id_list = [int(i) for i in ids]
        for i in range(0, len(id_list), 500):
            chunk = id_list[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(f"SELECT id, vector FROM passages WHERE id IN ({marks})", chunk)
            yield from _batched(rows, batch)

    def article_vectors(self, article_ids: Sequence[int]) -> dict[str, np.ndarray]:
        """{passage content hash: vector} of the articles' passages."""
        out: dict[str, np.ndarray] = {}
        for i in range(0, len(article_ids), 500):
            chunk = [int(a) for a in article_ids[i : i + 500]]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT content_hash, vector FROM passages WHERE article_id IN ({marks})", chunk
            )
            out.update((h, np.frombuffer(blob, dtype=np.float32)) for h, blob in rows)
        return out

    def passage_vectors(self, ids: Sequence[int]) -> dict[int, tuple[int, np.ndarray]]:
        """{passage id: (article id, vector)}: what grouping quotes needs of every candidate,
        without reading the text that quoting needs."""
        out: dict[int, tuple[int, np.ndarray]] = {}
        for i in range(0, len(ids), 500):
            chunk = [int(p) for p in ids[i : i + 500]]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT id, article_id, vector FROM passages WHERE id IN ({marks})", chunk
            )
            out.update((r[0], (r[1], np.frombuffer(r[2], dtype=np.float32))) for r in rows)
        return out

    def passages(self, ids: Sequence[int]) -> dict[int, PassageRow]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        # Each passage comes with CONTEXT_CHARS of its article either side, for quoting the
        # sentences around it.
        rows = self.db.execute(
            'SELECT p.id, p.article_id, p.start, p."end", p.text, p.sentences, p.vector, '
            "a.path, a.title, a.outlet, a.author, a.date, a.url, "
            "CASE WHEN p.adjacent IS NULL OR ? THEN a.body END, "  # the body only if needed
            "max(p.start - ?, 0), "
            'substr(a.text, max(p.start - ?, 0) + 1, p."end" + ? - max(p.start - ?, 0)), '
            "p.adjacent "
            f"FROM passages p JOIN articles a ON a.id = p.article_id WHERE p.id IN ({marks})",
            [not self.stored_neighbours] + [CONTEXT_CHARS] * 4 + [int(i) for i in ids],
        ).fetchall()
        out = {}
        bodies: dict[int, list[list[int]]] = {}  # an article's body spans, parsed once
        for r in rows:
            sentences = tuple((int(a), int(b)) for a, b in json.loads(r[5]))
            if r[16] is not None and self.stored_neighbours:
                before, after = _stored_adjacent(r[16], r[14], len(r[15]))
            else:
                body = bodies.get(r[1])
                if body is None:
                    body = bodies[r[1]] = json.loads(r[13])
                before, after = adjacent_sentences(
                    r[15], r[14], _within(body, r[14], len(r[15])), r[2], r[3]
                )
            out[r[0]] = PassageRow(
                id=r[0],
                article_id=r[1],
                start=r[2],
                end=r[3],
                text=r[4],
                sentences=sentences,
                vector=np.frombuffer(r[6], dtype=np.float32),
                path=r[7],
                title=r[8],
                outlet=r[9],
                author=r[10],
                date=r[11],
                url=r[12],
                before=before,
                after=after,
                context=r[15],
                context_start=r[14],
            )
        return out

    def keyword_search(self, terms: Sequence[str], limit: int) -> list[tuple[int, float]]:
        """BM25 over passages for the question's rarer terms: [(passage id, score)], best first."""
        rows = self._bm25("passages_fts", "passages_vocab", terms, limit)
        return [(int(r[0]), float(r[1])) for r in rows]

    def article_of(self, passage_ids: Sequence[int]) -> dict[int, int]:
        """{passage id: article id}."""
        out: dict[int, int] = {}
        for i in range(0, len(passage_ids), 500):
            chunk = [int(p) for p in passage_ids[i : i + 500]]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT id, article_id FROM passages WHERE id IN ({marks})", chunk
            )
            out.update((int(a), int(b)) for a, b in rows.fetchall())
        return out

    def passage_counts(self, article_ids: Sequence[int]) -> dict[int, int]:
        """{article id: how many passages it has}."""
        out: dict[int, int] = {}
        ids = sorted({int(a) for a in article_ids})
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT article_id, count(*) FROM passages WHERE article_id IN ({marks})"
                " GROUP BY article_id",
                chunk,
            )
            out.update((int(a), int(n)) for a, n in rows.fetchall())
        return out

    def passages_of(self, article_ids: Sequence[int]) -> np.ndarray:
        """The ids of the articles' passages, sorted."""
        ids = sorted({int(a) for a in article_ids})
        out: list[str] = []
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            (joined,) = self.db.execute(  # one string, not a Python object per row
                f"SELECT group_concat(id) FROM passages WHERE article_id IN ({marks})", chunk
            ).fetchone()
            out.extend(joined.split(",") if joined else [])
        return np.sort(np.array(out, dtype=np.int64))

    def holding(self, words: Sequence[str]) -> dict[str, np.ndarray]:
        """{word: the ids of the passages holding it}, matched as the keyword index matches
        words ("soldiers" holds "soldier"). Reads every one: for words in few passages."""
        out: dict[str, np.ndarray] = {}
        for word in dict.fromkeys(words):
            query = keyword.match_query([word])
            joined = None
            if query:  # one string from SQLite, not a Python object per row
                (joined,) = self.db.execute(
                    "SELECT group_concat(rowid) FROM passages_fts WHERE passages_fts MATCH ?",
                    [query],
                ).fetchone()
            out[word] = np.array(joined.split(",") if joined else [], dtype=np.int64)
        return out

    def article_keyword_search(self, terms: Sequence[str], limit: int) -> dict[int, float]:
        """BM25 over whole articles (title and text): {article id: score}."""
        rows = self._bm25("articles_fts", "articles_vocab", terms, limit)
        return {int(r[0]): float(r[1]) for r in rows}

    def _bm25(self, fts: str, vocab: str, terms: Sequence[str], limit: int) -> list[Any]:
        words = list(dict.fromkeys(terms))
        if not words:
            return []
        df = self._frequencies(vocab, words)
        chosen = keyword.plan(words, df, self._row_count(fts))
        if not keyword.phrases(chosen):
            return []
        numpy_ok = self.numpy_bm25 and fts in NUMPY_BM25_TABLES
        lengths = self._keyword_lengths(fts) if numpy_ok else None
        if lengths is not None:
            try:
                return bm25.search(self.db.conn, fts, chosen, lengths, limit)
            except LookupError:  # an index run added rows since the lengths were read
                pass
        return self.db.execute(
            f"SELECT rowid, -bm25({fts}) FROM {fts} WHERE {fts} MATCH ? "
            f"ORDER BY bm25({fts}) LIMIT ?",
            [keyword.match_query(chosen), limit],
        ).fetchall()

    def _keyword_lengths(self, fts: str) -> bm25.Lengths | None:
        """The row lengths saved for this generation, read once per generation and table."""
        generation = self.generation
        held = self._lengths.get(fts)
        if held is None or held[0] != generation:
            held = self._lengths[fts] = (generation, bm25.load(self.db.conn, fts, generation))
        return held[1]

    def _row_count(self, fts: str) -> int:
        """Rows of an FTS table, cached per index generation (a count scans the table)."""
        key = (fts, self.generation)
        if key not in self._counts:
            self._counts[key] = self.db.execute(f"SELECT count(*) FROM {fts}_docsize").fetchone()[0]
        return self._counts[key]

    def document_frequencies(self, words: Sequence[str]) -> dict[str, int]:
        """{word: passages containing it}."""
        return self._frequencies("passages_vocab", list(words)) if words else {}

    def _frequencies(self, vocab: str, words: Sequence[str]) -> dict[str, int]:
        """keyword.frequencies, remembered for the index generation: counting a common word
        reads its whole document list (milliseconds at a million passages), and each question
        needs the same counts for its keyword plan and for its IDF weights."""
        generation = self.generation
        cache = self._df
        if generation != self._df_generation or len(cache) > DF_CACHE_MAX:
            cache = self._df = {}
            self._df_generation = generation
        known = {w: cache[(vocab, w)] for w in words if (vocab, w) in cache}
        missing = [w for w in dict.fromkeys(words) if w not in known]
        if missing:
            common = self._common_terms(generation).get(vocab, {})
            for word, n in keyword.frequencies(self.db.conn, vocab, missing, common).items():
                known[word] = n
                if not word[:1].isdigit():  # a stream of questions holds endless new numbers
                    cache[(vocab, word)] = n
        return {w: known[w] for w in words}

    def remember_keyword_statistics(self, again: bool = False) -> None:
        """An index run's last step: count the common terms of both keyword indexes and read
        their row lengths for this generation, unless already done (or `again`: after a
        repair). Questions then look them up (`_frequencies`, `_keyword_lengths`) instead of
        scanning for them."""
        generation = self.generation
        if again or self._saved_common_generation() != generation:
            counted = {v: keyword.common_terms(self.db.conn, v) for v in COMMON_VOCABS}
            value = {"generation": generation, "vocabs": counted}
            self.set_setting(COMMON_TERMS, json.dumps(value, separators=(",", ":")))
        for fts in NUMPY_BM25_TABLES:
            if again or bm25.saved_generation(self.db.conn, fts) != generation:
                bm25.save(self.db.conn, fts, bm25.measure(self.db.conn, fts, generation))
        self._lengths.clear()

    def fill_adjacent(self, batch: int = 500) -> int:
        """Find the neighbouring sentences of passages stored without them (before migration 7),
        a batch of articles per transaction; returns how many passages were filled."""
        articles = [
            r[0]
            for r in self.db.execute(
                "SELECT DISTINCT article_id FROM passages WHERE adjacent IS NULL"
            ).fetchall()
        ]
        filled = 0
        for i in range(0, len(articles), batch):
            chunk = articles[i : i + batch]
            marks = ",".join("?" * len(chunk))
            with self.db.conn:
                self.db.execute("BEGIN IMMEDIATE")
                texts = {
                    r[0]: (r[1], json.loads(r[2]))
                    for r in self.db.execute(
                        f"SELECT id, text, body FROM articles WHERE id IN ({marks})", chunk
                    )
                }
                rows = self.db.execute(
                    'SELECT id, article_id, start, "end" FROM passages '
                    f"WHERE adjacent IS NULL AND article_id IN ({marks})",
                    chunk,
                ).fetchall()
                self.db.conn.executemany(
                    "UPDATE passages SET adjacent = ? WHERE id = ?",
                    [(_adjacent_json(*texts[a], start, end), pid) for pid, a, start, end in rows],
                )
            filled += len(rows)
        if filled:
            log.info("neighbouring sentences found for %d passages stored before", filled)
        return filled

    def keyword_statistics_match(self) -> bool:
        """Whether the row lengths saved for this generation (if any) are the keyword index's:
        a question ranks with them, so wrong ones would rank wrongly without failing."""
        generation = self.generation
        for fts in NUMPY_BM25_TABLES:
            saved = bm25.load(self.db.conn, fts, generation)
            if saved is None:
                continue
            fresh = bm25.measure(self.db.conn, fts, generation)
            if saved.rows != fresh.rows or not np.array_equal(saved.tokens, fresh.tokens):
                return False
        return True

    def _saved_common_generation(self) -> int | None:
        row = self.db.execute(
            "SELECT json_extract(value, '$.generation') FROM settings WHERE key = ?",
            [COMMON_TERMS],
        ).fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def _common_terms(self, generation: int) -> dict[str, dict[str, int]]:
        """The saved common terms if they were counted for this generation; else none (a run
        that stopped before counting them leaves the previous, stale ones, which are ignored)."""
        if self._common[0] != generation:
            raw = self.get_setting(COMMON_TERMS)
            saved = json.loads(raw) if raw else {}
            vocabs = saved.get("vocabs", {}) if saved.get("generation") == generation else {}
            self._common = (generation, vocabs)
        return self._common[1]

    def article_texts(self, article_ids: Sequence[int]) -> dict[int, str]:
        """{article id: its text} of those not gone."""
        ids = sorted({int(a) for a in article_ids})
        out: dict[int, str] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(f"SELECT id, text FROM articles WHERE id IN ({marks})", chunk)
            out.update((int(a), str(t)) for a, t in rows.fetchall())
        return out

    def article_text(self, article_id: int) -> str:
        """The article's text ("" if it is gone)."""
        row = self.db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
        return str(row[0]) if row else ""

    def mentions_prefix(self, prefix: str) -> bool:
        """Whether any passage holds a word starting with prefix."""
        return keyword.prefix_frequency(self.db.conn, "passages_vocab", prefix) > 0

    def counts(self) -> dict[str, Any]:
        db = self.db
        return {
            "articles": db.execute("SELECT count(*) FROM articles").fetchone()[0],
            "passages": db.execute("SELECT count(*) FROM passages").fetchone()[0],
        }

    def record_run(self, started_at: str, summary: dict[str, Any]) -> None:
        self.db.execute(
            "INSERT INTO runs (started_at, finished_at, added, updated, unchanged, removed, "
            "skipped) VALUES (?,?,?,?,?,?,?)",
            [
                started_at,
                now_iso(),
                summary["added"],
                summary["updated"],
                summary["unchanged"],
                summary["removed"],
                json.dumps(summary["skipped"]),
            ],
        )


# The store to read now, or what gives it (`Corpus.current_store`): a long-running reader
# must follow `index --rebuild` to the new database.
StoreSource: TypeAlias = Store | Callable[[], Store]


def current(source: StoreSource) -> Store:
    return source() if callable(source) else source


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino


def _adjacent_json(text: str, body: Sequence[Sequence[int]], start: int, end: int) -> str:
    """What `passages` would find around text[start:end] from its context window, as JSON."""
    offset = max(start - CONTEXT_CHARS, 0)
    window = text[offset : end + CONTEXT_CHARS]
    found = adjacent_sentences(window, offset, _within(body, offset, len(window)), start, end)
    return json.dumps(found, separators=(",", ":"))


def _stored_adjacent(
    stored: str, context_start: int, context_length: int
) -> tuple[Span | None, Span | None]:
    """The spans `_adjacent_json` stored, each kept only if it lies inside the context read
    with the passage (quotes slice that context): a damaged value loses a sentence of width,
    never quotes text from elsewhere."""
    try:
        pair = json.loads(stored)
    except ValueError:
        return None, None
    if not isinstance(pair, list) or len(pair) != 2:
        return None, None
    before, after = (_span_inside(x, context_start, context_start + context_length) for x in pair)
    return before, after


def _span_inside(value: object, lo: int, hi: int) -> Span | None:
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(type(x) is int for x in value)
        and lo <= value[0] < value[1] <= hi
    ):
        return value[0], value[1]
    return None


def _within(body: Sequence[Sequence[int]], start: int, length: int) -> tuple[Span, ...]:
    """The body spans that overlap text[start:start + length]. Spans are stored in text order
    and do not overlap, so both their starts and their ends are sorted."""
    first = bisect.bisect_right(body, start, key=itemgetter(1))
    last = bisect.bisect_left(body, start + length, key=itemgetter(0))
    return tuple((int(a), int(b)) for a, b in body[first:last])


def _batched(cursor: sqlite3.Cursor, size: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    while True:
        rows = cursor.fetchmany(size)
        if not rows:
            return
        # A damaged blob (another length than most) is left out: `newsdesk check` names its
        # article for indexing again; one bad row must not stop every reader.
        width = Counter(len(r[1]) for r in rows).most_common(1)[0][0]
        good = [r for r in rows if len(r[1]) == width]
        if len(good) < len(rows):
            log.warning("%d stored vector(s) of the wrong size left out", len(rows) - len(good))
        ids = np.array([r[0] for r in good], dtype=np.int64)
        vecs = np.vstack([np.frombuffer(r[1], dtype=np.float32) for r in good])
        yield ids, vecs
