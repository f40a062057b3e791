"""Vectors of short phrases (what figures count), kept in memory and on disk beside the index.

A figure lookup compares the topic with every phrase that labels a figure: 73,000 phrases for
10,000 articles, two minutes to embed on 2 cores. The same text always gets the same vector
from the same model, so each phrase is embedded once: the process keeps what it has embedded,
and `phrases.db` in the data folder keeps it for the next process (the CLI, a restarted bot).
The file is derived data: deleting it costs time, never answers; a reader that cannot write it
(a read-only folder, a locked file) goes on without it.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

import numpy as np

from index.embed import Embedder

log = logging.getLogger(__name__)

FILE = "phrases.db"
PROCESS_MAX = 1_000_000  # phrases kept in memory per model (384 floats each: 1.5 GB at most)
_WRITE_TIMEOUT_S = 1.0  # a busy file is skipped, not waited for

_CACHE: dict[tuple[str, int], dict[str, np.ndarray]] = {}
_LOCK = threading.Lock()


def phrase_vectors(
    embedder: Embedder, phrases: Sequence[str], data_dir: Path | None = None
) -> np.ndarray:
    """The vectors of phrases, in order: from memory, else from data_dir's file, else
    embedded (and then kept in both)."""
    key = (embedder.name, embedder.dim)
    with _LOCK:
        cache = _CACHE.setdefault(key, {})
        known = {p: cache[p] for p in phrases if p in cache}
    missing = [p for p in dict.fromkeys(phrases) if p not in known]
    if missing and data_dir is not None:
        stored = _load(data_dir / FILE, key, missing)
        known.update(stored)
        _remember(cache, stored)
        missing = [p for p in missing if p not in stored]
    if missing:
        log.info("embedding %d figure phrases", len(missing))
        made = dict(zip(missing, embedder.encode(missing), strict=True))
        known.update(made)
        _remember(cache, made)
        if data_dir is not None:
            _save(data_dir / FILE, key, made)
    if not phrases:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    return np.vstack([known[p] for p in phrases])


def _remember(cache: dict[str, np.ndarray], found: dict[str, np.ndarray]) -> None:
    with _LOCK:
        if len(cache) + len(found) > PROCESS_MAX:
            cache.clear()
        cache.update(found)


def _load(path: Path, key: tuple[str, int], phrases: list[str]) -> dict[str, np.ndarray]:
    if not path.exists():
        return {}
    model, dim = key
    found: dict[str, np.ndarray] = {}
    wanted = set(phrases)
    try:
        uri = f"file:{path}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True, timeout=_WRITE_TIMEOUT_S)) as db:
            rows = db.execute(
                "SELECT phrase, vector FROM vectors WHERE model = ? AND dim = ?", [model, dim]
            )
            for phrase, blob in rows:
                if phrase in wanted and len(blob) == dim * 4:
                    found[phrase] = np.frombuffer(blob, dtype=np.float32)
    except sqlite3.Error as exc:  # damaged or busy: embed instead
        log.warning("phrase vectors not read from %s: %s", path, exc)
        return {}
    return found


def _save(path: Path, key: tuple[str, int], made: dict[str, np.ndarray]) -> None:
    model, dim = key
    rows = [
        (model, dim, phrase, np.asarray(vec, dtype=np.float32).tobytes())
        for phrase, vec in made.items()
    ]
    try:
        with closing(sqlite3.connect(path, timeout=_WRITE_TIMEOUT_S)) as db, db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL, dim INTEGER NOT NULL,"
                " phrase TEXT NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (model, dim, phrase))"
            )
            db.executemany("INSERT OR IGNORE INTO vectors VALUES (?, ?, ?, ?)", rows)
    except sqlite3.Error as exc:  # read-only folder, busy file: the next process embeds again
        log.warning("phrase vectors not saved to %s: %s", path, exc)
