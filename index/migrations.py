"""The SQLite schema as numbered migrations: append new ones, never edit a released one."""

from __future__ import annotations

import logging
from collections.abc import Callable

import sqlite_utils

log = logging.getLogger(__name__)

Migration = Callable[[sqlite_utils.Database], None]
MIGRATIONS: list[tuple[int, str, Migration]] = []


def migration(number: int, name: str) -> Callable[[Migration], Migration]:
    def register(fn: Migration) -> Migration:
        MIGRATIONS.append((number, name, fn))
        return fn

    return register


def schema_version() -> int:
    return max(number for number, _, _ in MIGRATIONS)


def migrate(db: sqlite_utils.Database) -> int:
    """Apply the migrations db has not seen yet, each in its own transaction."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS _migrations "
        "(number INTEGER PRIMARY KEY, name TEXT, applied_at TEXT DEFAULT CURRENT_TIMESTAMP)"
    )
    done = {row[0] for row in db.execute("SELECT number FROM _migrations").fetchall()}
    for number, name, fn in sorted(MIGRATIONS):
        if number in done:
            continue
        log.info("applying migration %d %s", number, name)
        with db.conn:
            db.execute("BEGIN IMMEDIATE")
            fn(db)
            db.execute("INSERT INTO _migrations (number, name) VALUES (?, ?)", [number, name])
    return schema_version()


@migration(1, "articles_passages_fts")
def _m001(db: sqlite_utils.Database) -> None:
    # AUTOINCREMENT: a passage id is never reused, so a stale vector index can never point a
    # deleted passage's vector at a new passage.
    db.execute(
        """CREATE TABLE articles (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            key TEXT NOT NULL UNIQUE,
            path TEXT NOT NULL,
            source_file TEXT NOT NULL,
            title TEXT, outlet TEXT, author TEXT, date TEXT, url TEXT,
            content_hash TEXT NOT NULL,
            text_hash TEXT NOT NULL,
            text TEXT NOT NULL,
            body TEXT NOT NULL,
            first_indexed_at TEXT NOT NULL,
            indexed_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX articles_text_hash ON articles(text_hash)")
    db.execute("CREATE INDEX articles_source_file ON articles(source_file)")
    db.execute("CREATE INDEX articles_date ON articles(date)")
    db.execute(
        """CREATE TABLE passages (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            ord INTEGER NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            sentences TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            vector BLOB NOT NULL
        )"""
    )
    db.execute("CREATE INDEX passages_article ON passages(article_id)")
    db.execute("CREATE INDEX passages_hash ON passages(content_hash)")
    db.table("passages").enable_fts(
        ["text"],
        fts_version="FTS5",
        tokenize="porter unicode61 remove_diacritics 2",
        create_triggers=True,
    )
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)")
    db.execute(
        """CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            started_at TEXT NOT NULL, finished_at TEXT,
            added INTEGER, updated INTEGER, unchanged INTEGER, removed INTEGER,
            skipped TEXT
        )"""
    )


@migration(2, "figures")
def _m002(db: sqlite_utils.Database) -> None:
    db.execute(
        """CREATE TABLE figures (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            passage_id INTEGER REFERENCES passages(id) ON DELETE SET NULL,
            value REAL NOT NULL,
            text TEXT NOT NULL,
            unit TEXT, what TEXT, hedge TEXT, claimant TEXT,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            sentence_start INTEGER NOT NULL,
            sentence_end INTEGER NOT NULL
        )"""
    )
    db.execute("CREATE INDEX figures_article ON figures(article_id)")
    db.execute("CREATE INDEX figures_what ON figures(what)")


@migration(4, "articles_fts")
def _m004(db: sqlite_utils.Database) -> None:
    # Whole-article BM25 beside passage BM25: a question's words are often spread over an
    # article rather than packed into one short passage.
    db.table("articles").enable_fts(
        ["title", "text"],
        fts_version="FTS5",
        tokenize="porter unicode61 remove_diacritics 2",
        create_triggers=True,
    )
    db.execute("INSERT INTO articles_fts(articles_fts) VALUES('rebuild')")


@migration(5, "fts_vocab")
def _m005(db: sqlite_utils.Database) -> None:
    # Document frequencies for the keyword plan and for IDF weights, without scanning doclists.
    db.execute("CREATE VIRTUAL TABLE passages_vocab USING fts5vocab(passages_fts, 'row')")
    db.execute("CREATE VIRTUAL TABLE articles_vocab USING fts5vocab(articles_fts, 'row')")


@migration(6, "keyword_lengths")
def _m006(db: sqlite_utils.Database) -> None:
    # Row lengths of each FTS table for one index generation (index/bm25.py): ranking a
    # question's postings in numpy instead of FTS5's bm25() needs them, and reading them from
    # FTS5's docsize takes a second at a million passages, too long to do per process.
    db.execute(
        """CREATE TABLE keyword_lengths (
            fts TEXT PRIMARY KEY,
            generation INTEGER NOT NULL,
            rows INTEGER NOT NULL,
            average REAL NOT NULL,
            tokens BLOB NOT NULL
        )"""
    )


@migration(7, "passage_adjacent")
def _m007(db: sqlite_utils.Database) -> None:
    # The story sentences just outside each passage (JSON [before, after], spans or nulls),
    # found once as the passage is stored instead of from the article body on every read.
    # NULL: not found yet (rows stored before this migration; the next index run fills them).
    db.execute("ALTER TABLE passages ADD COLUMN adjacent TEXT")
    # Only a change of text concerns the keyword index: other updates (this column's backfill)
    # need not delete and re-add the row's words.
    db.execute("DROP TRIGGER IF EXISTS passages_au")
    db.execute(
        """CREATE TRIGGER "passages_au" AFTER UPDATE OF "text" ON "passages" BEGIN
            INSERT INTO "passages_fts" ("passages_fts", rowid, "text")
                VALUES('delete', old.rowid, old."text");
            INSERT INTO "passages_fts" (rowid, "text") VALUES (new.rowid, new."text");
        END"""
    )


@migration(8, "passages_unfilled")
def _m008(db: sqlite_utils.Database) -> None:
    # The rows migration 7 left to fill, found without a scan: every index run asks, and at a
    # million passages the scan took 2 s of an unchanged run. New rows arrive filled, so once
    # the backfill is done this index is empty.
    db.execute("CREATE INDEX passages_unfilled ON passages(article_id) WHERE adjacent IS NULL")


@migration(9, "figures_passage_and_article_text_trigger")
def _m009(db: sqlite_utils.Database) -> None:
    # Deleting a passage sets figures.passage_id to NULL where it points there: without an index
    # each deleted passage read the whole figures table (611,812 rows at RealTimeQA's size), so
    # re-indexing one changed article took seconds and a run over thousands took hours.
    db.execute("CREATE INDEX IF NOT EXISTS figures_passage ON figures(passage_id)")
    # Only title and text concern the article keyword index: a new content hash need not delete
    # and re-add the article's words.
    db.execute("DROP TRIGGER IF EXISTS articles_au")
    db.execute(
        """CREATE TRIGGER "articles_au" AFTER UPDATE OF "title", "text" ON "articles" BEGIN
            INSERT INTO "articles_fts" ("articles_fts", rowid, "title", "text")
                VALUES('delete', old.rowid, old."title", old."text");
            INSERT INTO "articles_fts" (rowid, "title", "text")
                VALUES (new.rowid, new."title", new."text");
        END"""
    )
