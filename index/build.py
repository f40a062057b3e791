"""An index run: read inputs, skip what is unchanged, embed what is new, store it all safely.

Articles are written to SQLite in batches, each batch one transaction together with its
vectors; the FAISS file is brought up to date from SQLite at the end (and every few minutes on
long runs). A run killed at any moment leaves a usable index, and the next run carries on from
what was committed without embedding it again.
"""

from __future__ import annotations

import fcntl
import gzip
import json
import logging
import os
import socket
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO

import numpy as np

from index.chunk import chunk_article, embed_text
from index.embed import Embedder
from index.errors import NewsdeskError
from index.figures import FIGURES_VERSION, extract_figures
from index.ingest import (
    DEFAULT_MAX_BYTES,
    FEED_STOPPED,
    FEED_SUFFIXES,
    TEXT_KEY,
    content_hash,
    feed_line,
    iter_inputs,
    reached_as,
    read_articles,
    text_digest,
)
from index.models import Article, Ignored, IndexReport, Passage, Skipped
from index.rebuild import discard_staging, start_staging, swap_in
from index.store import ArticleWrite, Store, StoredArticle, now_iso
from index.vectors import VectorIndex, load_vectors, read_manifest, remove_leftovers

log = logging.getLogger(__name__)

FLUSH_PASSAGES = 512
# Vectors of passages an index run replaced, kept for the rest of the run: a file renamed while
# another took its name brings their text back under another key in a later batch. About 1.5 KB
# each at 384 dims.
REPLACED_VECTORS_MAX = 50_000
SAVE_EVERY_S = 300.0
LOCK_FILE = "index.lock"

Progress = Callable[[int, int, int], None]  # (articles done, articles total, passages embedded)


_Pending = tuple[Article, str, list[Passage]]  # an article, its text's hash, its passages


@dataclass
class _Run:
    report: dict[str, list] = field(
        default_factory=lambda: {
            k: [] for k in ("added", "updated", "unchanged", "removed", "skipped", "ignored")
        }
    )
    embedded: int = 0
    reused: int = 0
    done: int = 0
    seen_keys: dict[str, str] = field(default_factory=dict)  # key -> path, read this run
    seen_text: dict[str, str] = field(default_factory=dict)  # text hash -> path, queued this run
    taken_text: dict[str, str] = field(default_factory=dict)  # key -> text hash, read this run
    feeds_read: set[str] = field(default_factory=set)  # feeds read to the end
    pending: list[_Pending] = field(default_factory=list)
    rehashed: list[tuple[int, str]] = field(default_factory=list)  # (article id, new hash)
    repathed: list[tuple[int, str, str, str]] = field(default_factory=list)  # id, key, path, file
    # Articles whose text a stored article under another key holds: a duplicate, or that
    # article renamed or replaced. Told apart once every input has been read.
    doubtful: list[tuple[Article, str, StoredArticle | None]] = field(default_factory=list)
    emptied: set[str] = field(default_factory=set)  # keys read with no story left in them
    # New records without a url, each with the stored one that sat on its line: the same record
    # edited if that one is not met again in its feed (read to the end), else a record added.
    held: list[tuple[Article, str, StoredArticle]] = field(default_factory=list)


def build_index(
    paths: Iterable[str],
    data_dir: Path,
    embedder: Embedder,
    *,
    prune: bool = False,
    rebuild: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
) -> IndexReport:
    """Index the articles under paths into data_dir and report what changed.

    rebuild=True builds a new index from paths alone (after a model change) beside the live
    one, which readers keep answering from until the new one replaces it whole at the end
    (index/rebuild.py); the bot's own bot.db stays.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    with exclusive(data_dir):
        discard_staging(data_dir)
        store = start_staging(data_dir) if rebuild else Store(data_dir)
        try:
            report = _Builder(store, embedder, max_bytes, progress).run(list(paths), prune)
        finally:
            store.close()
        if rebuild:
            swap_in(data_dir)
        return report


def open_vectors(store: Store, embedder: Embedder) -> VectorIndex:
    """The saved vector index brought in line with SQLite (adding or dropping ids as needed)."""
    return _synced_vectors(store, embedder)[0]


def _synced_vectors(store: Store, embedder: Embedder) -> tuple[VectorIndex, bool]:
    """(the vector index in line with SQLite, whether it differs from the saved file)."""
    loaded = load_vectors(store.data_dir, embedder.name, embedder.dim)
    vindex = loaded[0] if loaded else VectorIndex(embedder.dim)
    changed = sync_vectors(store, vindex)
    return vindex, changed or loaded is None


def sync_vectors(store: Store, vindex: VectorIndex) -> bool:
    """Make vindex hold exactly the passages SQLite holds; True if anything changed."""
    in_db = store.passage_ids()
    in_index = vindex.ids()
    stale = np.setdiff1d(in_index, in_db, assume_unique=True)
    missing = np.setdiff1d(in_db, in_index, assume_unique=True)
    vindex.remove(stale)
    for ids, vecs in store.iter_vectors(missing.tolist()) if len(missing) else ():
        if vecs.shape[1] != vindex.dim:
            raise NewsdeskError(
                "stored vectors have the wrong size; run `newsdesk index --rebuild PATH...`"
            )
        vindex.add(ids, vecs)
    if len(stale) or len(missing):
        log.info("vector index synced: %d added, %d removed", len(missing), len(stale))
    return bool(len(stale) or len(missing))


class _Builder:
    def __init__(
        self, store: Store, embedder: Embedder, max_bytes: int, progress: Progress | None
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.max_bytes = max_bytes
        self.progress = progress
        # An unchanged run must not rewrite the vector file: a serving bot reloads on every save.
        self.vindex, self.dirty = _synced_vectors(store, embedder)
        self.last_save = time.monotonic()
        self.existing = store.articles()
        # Stored records without a url by (feed, line): what an edited record was before.
        self.on_line = {
            (art.source_file, at[1]): art
            for art in self.existing.values()
            if TEXT_KEY in art.key and (at := feed_line(art.path))
        }
        self.replaced_vectors: dict[str, np.ndarray] = {}

    def run(self, paths: list[str], prune: bool) -> IndexReport:
        started = now_iso()
        state = _Run()
        if self.store.get_setting("figures_version") != FIGURES_VERSION:
            # The extractor changed since these articles were stored: no re-embedding needed.
            found = self.store.replace_all_figures(extract_figures, FIGURES_VERSION)
            log.info("figures extracted again from stored articles: %d", found)
        inputs = list(iter_inputs(paths))
        total = sum(_count_articles(item) for item in inputs) if self.progress else 0
        for item in inputs:
            if isinstance(item, Skipped):
                state.report["skipped"].append(item)
                continue
            shown, resolved = item
            if resolved.name.lower().endswith(FEED_SUFFIXES):
                state.feeds_read.add(reached_as(shown))
            for got in read_articles(shown, resolved, self.max_bytes):
                if isinstance(got, Ignored):  # metadata of an article read next, not one
                    state.report["ignored"].append(got)
                    continue
                if isinstance(got, Skipped) and got.reason.startswith(FEED_STOPPED):
                    # Cut off (truncated, corrupt): the records after the cut are not gone.
                    state.feeds_read.discard(reached_as(shown))
                self._take(got, state)
                state.done += 1
                if self.progress:
                    self.progress(state.done, max(total, state.done), state.embedded)
            self._settle_held(state)
        self._settle_doubtful(state)
        self._flush(state)
        self._remove_emptied(state)
        if prune:
            self._prune(state)
        self._save()
        self.store.remember_keyword_statistics()
        self.store.fill_adjacent()
        summary: dict[str, object] = {k: len(v) for k, v in state.report.items()}
        summary["skipped"] = [[s.path, s.reason] for s in state.report["skipped"]]
        self.store.record_run(started, summary)
        r = state.report
        return IndexReport(
            added=tuple(r["added"]),
            updated=tuple(r["updated"]),
            unchanged=tuple(r["unchanged"]),
            removed=tuple(r["removed"]),
            skipped=tuple(r["skipped"]),
            ignored=tuple(r["ignored"]),
            passages_embedded=state.embedded,
            passages_reused=state.reused,
        )

    def _take(self, got: Article | Skipped, state: _Run) -> None:
        if isinstance(got, Skipped):
            state.report["skipped"].append(got)
            if got.key is not None:
                state.emptied.add(got.key)
                if TEXT_KEY in got.key and (stored := self._stored_on_line(got.path)):
                    state.emptied.add(stored.key)  # unless met again below its old line
            return
        if got.key in state.seen_keys:  # a feed repeating a url, or a text: the first stands
            first = state.seen_keys[got.key]
            reason = (
                f"same text as {first}"
                if TEXT_KEY in got.key
                else "same url as an earlier record of this feed"
            )
            state.report["skipped"].append(Skipped(got.path, reason))
            return
        state.seen_keys[got.key] = got.path
        text_hash = text_digest(got.text)
        state.taken_text[got.key] = text_hash
        old = self.existing.get(got.key)
        if old and old.content_hash != got.content_hash and self._hashed_before_spans(old, got):
            state.rehashed.append((old.id, got.content_hash))  # only its hash is out of date
            old = replace(old, content_hash=got.content_hash)
        if old and old.content_hash == got.content_hash:
            state.report["unchanged"].append(got.path)
            if (old.path, old.source_file) != (got.path, got.source_file):
                # A feed's line moved, the folder was given otherwise, or an older run took
                # the source file from a key holding "#".
                state.repathed.append((old.id, got.key, got.path, got.source_file))
            return
        twin = state.seen_text.get(text_hash)
        if twin is not None:
            self._duplicate(got, old, twin, state)
            return
        if any(t.key != got.key for t in self.store.articles_with_text_hash(text_hash)):
            state.doubtful.append((got, text_hash, old))
            return
        if old is None and TEXT_KEY in got.key and (was := self._stored_on_line(got.path)):
            state.held.append((got, text_hash, was))
            return
        self._queue(got, text_hash, old, state)

    def _stored_on_line(self, path: str) -> StoredArticle | None:
        """The stored record without a url that was on the line of the feed record at path."""
        at = feed_line(path)
        return self.on_line.get((reached_as(at[0]), at[1])) if at else None

    def _settle_held(self, state: _Run) -> None:
        """Once a feed has been read: a new record on the line of a stored one that it no
        longer holds is that record edited, and updates it (keeping its rows, its vectors
        for unchanged passages and when it was first indexed); any other is added."""
        for got, text_hash, was in state.held:
            edited = (
                was.source_file in state.feeds_read
                and was.key not in state.seen_keys
                and self.existing.get(was.key) == was
            )
            if not edited:
                self._queue(got, text_hash, None, state)
                continue
            state.repathed.append((was.id, got.key, got.path, got.source_file))
            del self.existing[was.key]
            self.existing[got.key] = replace(was, key=got.key)
            self._queue(got, text_hash, self.existing[got.key], state)
        state.held = []

    def _settle_doubtful(self, state: _Run) -> None:
        """Now that every input has been read: an article whose text a stored one holds is a
        duplicate if that one still holds it; the same article moved if that one's file is
        gone (it keeps its rows and vectors); else new, or the update of its own key."""
        for got, text_hash, old in state.doubtful:
            twin = state.seen_text.get(text_hash)
            if twin is not None:
                self._duplicate(got, old, twin, state)
                continue
            others = [t for t in self.store.articles_with_text_hash(text_hash) if t.key != got.key]
            live = [t for t in others if self._still_holds(t, text_hash, state)]
            if live:
                self._duplicate(got, old, live[0].path, state)
                continue
            moved = next((t for t in others if t.content_hash == got.content_hash), None)
            if old is None and moved is not None and moved.key not in state.taken_text:
                state.repathed.append((moved.id, got.key, got.path, got.source_file))
                self.existing.pop(moved.key, None)  # not for --prune: it lives on under got.key
                state.seen_text[text_hash] = got.path
                state.report["updated"].append(got.path)
                continue
            self._queue(got, text_hash, old, state)

    def _duplicate(self, got: Article, old: StoredArticle | None, twin: str, state: _Run) -> None:
        """Skip got as a copy of twin; what its key held before is gone from its file, so it
        goes from the index too (else quotes would cite text the file no longer has)."""
        state.report["skipped"].append(Skipped(got.path, f"same text as {twin}"))
        if old is not None:
            self.vindex.remove(self.store.delete_articles([old.id]))
            self.existing.pop(old.key, None)
            state.report["removed"].append(old.path)
            self.dirty = True

    def _still_holds(self, stored: StoredArticle, text_hash: str, state: _Run) -> bool:
        """Whether a stored article still has text_hash: as read in this run, else while its
        file (or the feed it came from, if read whole in this run) still has it."""
        if stored.key in state.taken_text:
            return state.taken_text[stored.key] == text_hash
        if stored.key in state.emptied:
            return False  # read this run, and only furniture is left in it: the story moved
        if stored.source_file in state.feeds_read:
            return False  # the feed was read to the end without that record
        return os.path.exists(stored.source_file)

    def _queue(self, got: Article, text_hash: str, old: StoredArticle | None, state: _Run) -> None:
        """Chunk got and queue it for embedding and writing (added, or updated if old)."""
        state.seen_text[text_hash] = got.path
        passages = chunk_article(got)
        state.pending.append((got, text_hash, passages))
        state.report["updated" if old else "added"].append(got.path)
        if sum(len(p) for _, _, p in state.pending) >= FLUSH_PASSAGES:
            self._flush(state)

    def _hashed_before_spans(self, old: StoredArticle, got: Article) -> bool:
        """Whether old was stored, by an index run that hashed text and metadata only, with
        what got holds: then it is unchanged but for its hash."""
        legacy = content_hash(got.text, vars(got.meta), None)
        return old.content_hash == legacy and self.store.article_body(old.id) == json.dumps(
            got.body
        )

    def _flush(self, state: _Run) -> None:
        if state.rehashed:
            self.store.set_content_hashes(state.rehashed)
            state.rehashed = []
        if state.repathed:
            self.store.set_paths(state.repathed)
            state.repathed = []
        if not state.pending:
            return
        batch, state.pending = state.pending, []
        hashes = {p.content_hash for _, _, ps in batch for p in ps}
        stored = self.store.vectors_by_hash(hashes)
        stored.update({h: self.replaced_vectors[h] for h in hashes - stored.keys()
                       if h in self.replaced_vectors})  # fmt: skip
        dim = self.embedder.dim  # a damaged stored vector is embedded again, not copied
        known = {h: v for h, v in stored.items() if v.shape == (dim,)}
        todo = _to_embed(batch, known)
        try:
            if todo:
                known.update(zip(todo, self.embedder.encode(list(todo.values())), strict=True))
        except (TypeError, ValueError, UnicodeError):  # text the tokenizer refuses: find it
            batch = [b for b in batch if self._embedded_alone(b, known, state)]
            if not batch:
                return
        every = [p for _, _, ps in batch for p in ps]
        embedded = {p.content_hash for p in every} & todo.keys()
        state.embedded += len(embedded)
        state.reused += len(every) - len(embedded)
        items: list[ArticleWrite] = []
        for article, text_hash, passages in batch:
            vecs = np.array([known[p.content_hash] for p in passages], dtype=np.float32)
            sentences = [s for p in passages for s in p.sentences]
            figures = extract_figures(article.text, sentences)
            items.append((article, text_hash, passages, vecs.reshape(len(passages), -1), figures))
        replacing = [self.existing[a.key].id for a, *_ in items if a.key in self.existing]
        if replacing and len(self.replaced_vectors) < REPLACED_VECTORS_MAX:
            self.replaced_vectors.update(self.store.article_vectors(replacing))
        removed, added = self.store.write_articles(items)
        self.vindex.remove(removed)
        self.vindex.add(added, np.vstack([it[3] for it in items]) if added else np.zeros((0, 0)))
        self.dirty = True
        self.vindex.fit_to_size(self.store.iter_vectors)
        if time.monotonic() - self.last_save > SAVE_EVERY_S:
            self._save()

    def _embedded_alone(self, item: _Pending, known: dict[str, np.ndarray], state: _Run) -> bool:
        """Embed one article's passages on their own; if the embedder refuses them, skip it
        (with the reason) rather than lose the batch or the run."""
        todo = _to_embed([item], known)
        try:
            if todo:
                known.update(zip(todo, self.embedder.encode(list(todo.values())), strict=True))
        except (TypeError, ValueError, UnicodeError) as exc:
            article = item[0]
            for kind in ("added", "updated"):
                if article.path in state.report[kind]:
                    state.report[kind].remove(article.path)
            reason = f"could not be embedded ({exc.__class__.__name__}: {exc})"[:300]
            state.report["skipped"].append(Skipped(article.path, reason))
            log.warning("skipped %s: %s", article.path, reason)
            return False
        return True

    def _remove_emptied(self, state: _Run) -> None:
        """A stored article whose file now holds no story (only furniture, by newer rules or
        an edit) goes: its passages would quote what the file no longer says as a story. An
        article that moved to another file this run has left `existing` and is kept."""
        gone = [
            self.existing.pop(key)
            for key in sorted(state.emptied - state.seen_keys.keys())
            if key in self.existing
        ]
        if gone:
            self.vindex.remove(self.store.delete_articles([a.id for a in gone]))
            state.report["removed"] += [a.path for a in gone]
            self.dirty = True

    def _prune(self, state: _Run) -> None:
        gone = []
        for key, art in self.existing.items():
            from_read_feed = art.source_file in state.feeds_read and key not in state.seen_keys
            if from_read_feed or not os.path.exists(art.source_file):
                gone.append(art)
        if gone:
            self.vindex.remove(self.store.delete_articles([a.id for a in gone]))
            state.report["removed"] += [a.path for a in gone]
            self.dirty = True

    def _save(self) -> None:
        if self.vindex.fit_to_size(self.store.iter_vectors):
            self.dirty = True
        manifest = read_manifest(self.store.data_dir)
        manifest_behind = manifest is None or (manifest.generation, manifest.schema_version) != (
            self.store.generation,
            self.store.schema_version,
        )
        if self.dirty or manifest_behind:
            self.vindex.save(
                self.store.data_dir,
                self.embedder.name,
                self.store.schema_version,
                self.store.generation,
            )
            self.dirty = False
            self.last_save = time.monotonic()
        elif manifest is not None:  # nothing to save; a killed run may have left files
            remove_leftovers(self.store.data_dir, manifest.file)


def _count_articles(item: tuple[str, Path] | Skipped) -> int:
    """How many articles an input holds (a feed's line count), for the progress bar."""
    if isinstance(item, Skipped):
        return 0
    path = item[1]
    if not path.name.lower().endswith(FEED_SUFFIXES):
        return 1
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as handle:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    except (OSError, EOFError):
        return 1


@contextmanager
def exclusive(
    data_dir: Path, read_only: bool = False, holder: str = "an index run"
) -> Iterator[None]:
    """One index run or check per data folder at a time; readers are never blocked.

    The holder names itself in the lock file, so that a run or check it refuses can say whom
    it waits for. `read_only` (a check): a folder this process cannot write to is checked
    unlocked, as no run of ours can be writing there and a check writes nothing."""
    try:
        handle = open(data_dir / LOCK_FILE, "a")  # noqa: SIM115 (closed by the with below)
    except PermissionError:
        if not read_only:
            raise
        yield
        return
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise NewsdeskError(
                f"{_lock_holder(data_dir)} is using {data_dir}; wait for it to finish"
            ) from None
        who = f"{holder} (pid {os.getpid()} on {socket.gethostname()}, since {now_iso()})"
        _name_holder(handle, who)
        try:
            yield
        finally:
            _name_holder(handle, "")
            fcntl.flock(handle, fcntl.LOCK_UN)


def _name_holder(handle: IO[str], holder: str) -> None:
    handle.truncate(0)
    handle.write(holder)
    handle.flush()


def _lock_holder(data_dir: Path) -> str:
    """Who holds the folder's lock, as it named itself (not yet named: 'another ...')."""
    try:
        named = (data_dir / LOCK_FILE).read_text("utf-8", errors="replace")
    except OSError:
        named = ""
    return named.strip().splitlines()[0][:200] if named.strip() else "another index run or check"


def _to_embed(batch: list[_Pending], known: dict[str, np.ndarray]) -> dict[str, str]:
    """{passage hash: the text to embed} of the batch's passages without a vector yet."""
    todo: dict[str, str] = {}
    for article, _, passages in batch:
        for p in passages:
            if p.content_hash not in known:
                todo.setdefault(p.content_hash, embed_text(p.text, article.meta.title))
    return todo
