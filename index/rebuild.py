"""`index --rebuild`: a new index built beside the live one, then swapped in whole.

The new index (database, vector file, manifest) is built in REBUILD_DIR inside the data folder,
where no reader looks, so a rebuild of any length never shows readers a part of an index: they
answer from the old one until it ends. Then, in this order: the new vector file moves in under
a name the old manifest does not use; the old manifest goes (a reader opening the index now
takes its vectors from SQLite); the new database is copied over the live one in one SQLite
transaction, so a reader sees all of the old database or all of the new; the new manifest is
written, and readers reload. A run killed at any step leaves a usable index, and the next
index run removes what it left.

The new database numbers its rows and its generation on from the live one's: no id means one
passage in the old index and another in the new, so a reader holding the old vector file
against the new database drops those ids rather than quote the wrong passage, and what readers
cache by generation is not taken for the new index's.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from pathlib import Path

from index.store import DB_NAME, Store
from index.vectors import (
    move_vector_file,
    read_manifest,
    remove_leftovers,
    remove_manifest,
    write_manifest,
)

log = logging.getLogger(__name__)

REBUILD_DIR = "rebuilding"


def discard_staging(data_dir: Path) -> None:
    """Remove the half-built index a killed rebuild left; only an index run, holding the
    lock, calls this."""
    staging = data_dir / REBUILD_DIR
    if staging.exists():
        log.info("removing the unfinished rebuild in %s", staging)
        shutil.rmtree(staging)


def start_staging(data_dir: Path) -> Store:
    """An empty store in the rebuild folder, numbering on from the live index."""
    store = Store(data_dir / REBUILD_DIR)
    sequences, generation = _live_numbering(data_dir / DB_NAME)
    generation = max([generation, *_vector_file_generations(data_dir)])
    with store.db.conn:
        store.db.execute("BEGIN IMMEDIATE")
        for name, seq in sequences:
            store.db.execute("DELETE FROM sqlite_sequence WHERE name = ?", [name])
            store.db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", [name, seq])
        store.set_setting("generation", str(generation + 1))
    return store


def swap_in(data_dir: Path) -> None:
    """Make the index built in the rebuild folder the live one (in the order the module's
    docstring gives), then remove the folder."""
    staging = data_dir / REBUILD_DIR
    manifest = read_manifest(staging)
    assert manifest is not None  # every index run ends by saving one
    move_vector_file(manifest, staging, data_dir)
    remove_manifest(data_dir)
    _copy_database(staging / DB_NAME, data_dir / DB_NAME)
    write_manifest(data_dir, manifest)
    remove_leftovers(data_dir, manifest.file)
    shutil.rmtree(staging)


def _live_numbering(path: Path) -> tuple[list[tuple[str, int]], int]:
    """(the live database's AUTOINCREMENT counters, its generation); none if it cannot be
    read: a damaged database is one thing a rebuild is for."""
    if not path.exists():
        return [], 0
    conn = sqlite3.connect(path, timeout=30)
    try:
        rows = conn.execute("SELECT name, seq FROM sqlite_sequence").fetchall()
        found = conn.execute("SELECT value FROM settings WHERE key = 'generation'").fetchone()
        return [(str(name), int(seq)) for name, seq in rows], int(found[0]) if found else 0
    except (sqlite3.DatabaseError, TypeError, ValueError) as exc:
        log.warning("the live index's row numbers are unreadable (%s); new ones start at 1", exc)
        return [], 0
    finally:
        conn.close()


def _vector_file_generations(data_dir: Path) -> list[int]:
    """The generations in the names of the vector files there (`vectors.7.faiss`)."""
    parts = [p.name.split(".") for p in data_dir.glob("vectors.*.faiss*")]
    return [int(p[1]) for p in parts if p[1].isdigit()]


def _copy_database(new: Path, live: Path) -> None:
    """Copy the database new over live in one transaction: readers see all of one or all of
    the other. A live file SQLite cannot write to (damaged) is replaced instead: no reader
    can use it anyway."""
    source = sqlite3.connect(new)
    try:
        try:
            _backup(source, live)
        except sqlite3.DatabaseError as exc:
            log.warning("could not write the new index into %s (%s); replacing it", live, exc)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{live}{suffix}").unlink(missing_ok=True)
            _backup(source, live)
    finally:
        source.close()


def _backup(source: sqlite3.Connection, live: Path) -> None:
    target = sqlite3.connect(live, timeout=30)
    try:
        source.backup(target)
        target.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the copy went through the WAL
    finally:
        target.close()
