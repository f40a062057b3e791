"""The read side as one object: open a data folder, ask questions, list what it holds.

A Corpus notices when an index run has saved a newer index and switches to it on the next
question, so a long-running bot serves new articles without a restart.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from index.build import open_vectors
from index.embed import Embedder
from index.errors import NewsdeskError, NoIndex, require_text
from index.models import Answer
from index.search import Searcher, SearchParams
from index.store import DB_NAME, Store
from index.vectors import MANIFEST

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 1000


@dataclass(frozen=True)
class CorpusStats:
    articles: int
    passages: int
    outlets: tuple[str, ...]
    last_indexed: str | None


@dataclass(frozen=True)
class SourceInfo:
    path: str
    title: str | None
    outlet: str | None
    author: str | None
    date: str | None
    url: str | None
    passages: int
    indexed_at: str


class Corpus:
    """An opened index; thread-safe for concurrent `ask` calls."""

    def __init__(
        self, data_dir: Path, embedder: Embedder, params: SearchParams | None = None
    ) -> None:
        if not (data_dir / DB_NAME).exists():
            raise NoIndex(f"no index in {data_dir}; run `newsdesk index PATH...` first")
        self.data_dir = data_dir
        self.embedder = embedder
        self.params = params
        self.store = Store(data_dir)
        self._lock = threading.Lock()
        self._stamp: float | None = None
        self._searcher = self._load()

    def _manifest_stamp(self) -> float | None:
        try:
            return (self.data_dir / MANIFEST).stat().st_mtime_ns
        except FileNotFoundError:
            return None

    def _load(self) -> Searcher:
        self._stamp = self._manifest_stamp()
        if self.store.replaced() and self.store.path.exists():  # rebuilt: old connections stale
            log.info("the index database was replaced; reopening it")
            self.store = Store(self.data_dir)
        vectors = open_vectors(self.store, self.embedder)
        return Searcher(self.store, vectors, self.embedder, self.params)

    def searcher(self) -> Searcher:
        """The current searcher, reloaded first if an index run saved a new index. With no
        manifest (`index --rebuild` has deleted the old index and not finished the new one)
        the loaded index goes on answering."""
        stamp = self._manifest_stamp()
        if stamp is not None and stamp != self._stamp:
            with self._lock:
                stamp = self._manifest_stamp()
                if stamp is not None and stamp != self._stamp:
                    log.info("index changed on disk; reloading")
                    try:
                        self._searcher = self._load()
                    except (OSError, RuntimeError, NewsdeskError) as exc:
                        # An index run may replace the vector file between our reading the
                        # manifest and the file; keep answering from the loaded index and
                        # try again on the next question.
                        self._stamp = -1.0
                        log.warning("index reload failed, serving the previous one: %s", exc)
        return self._searcher

    def current_store(self) -> Store:
        """The store to read now: after `index --rebuild` replaced the database, the new one
        (a store opened before reads the deleted file for as long as it is kept)."""
        self.searcher()
        return self.store

    def ask(self, question: str, limit: int = 10) -> Answer:
        question = require_text(question, "question", MAX_QUESTION_CHARS)
        return self.searcher().ask(question, limit)

    def stats(self) -> CorpusStats:
        db = self.store.db
        counts = self.store.counts()
        outlets = tuple(
            r[0]
            for r in db.execute(
                "SELECT outlet FROM articles WHERE outlet IS NOT NULL GROUP BY outlet "
                "ORDER BY count(*) DESC, outlet"
            ).fetchall()
        )
        last = db.execute("SELECT max(indexed_at) FROM articles").fetchone()[0]
        return CorpusStats(counts["articles"], counts["passages"], outlets, last)

    def sources(self) -> list[SourceInfo]:
        return _sources(self.store)

    def close(self) -> None:
        self.store.close()


def open_corpus(data_dir: Path, embedder: Embedder, params: SearchParams | None = None) -> Corpus:
    """Open the index in data_dir for questions; raises NoIndex if nothing was indexed."""
    return Corpus(data_dir, embedder, params)


def list_sources(data_dir: Path) -> list[SourceInfo]:
    """The indexed articles with their metadata, without loading any model."""
    if not (data_dir / DB_NAME).exists():
        raise NoIndex(f"no index in {data_dir}; run `newsdesk index PATH...` first")
    store = Store(data_dir)
    try:
        return _sources(store)
    finally:
        store.close()


def _sources(store: Store) -> list[SourceInfo]:
    rows = store.db.execute(
        "SELECT a.path, a.title, a.outlet, a.author, a.date, a.url, "
        "(SELECT count(*) FROM passages p WHERE p.article_id = a.id), a.indexed_at "
        "FROM articles a"
    ).fetchall()
    return sorted((SourceInfo(*r) for r in rows), key=lambda s: _path_order(s.path))


_FEED_LINE = re.compile(r"(.*)#L(\d+)")


def _path_order(path: str) -> tuple[str, int]:
    """A feed's records in line order (#L2 before #L10), other files by path."""
    line = _FEED_LINE.fullmatch(path)
    return (line[1], int(line[2])) if line else (path, -1)
