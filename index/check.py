"""Verify a data folder and rebuild what can be derived from SQLite.

SQLite holds the truth (articles, passages with their vectors, figures); the FAISS file, its
manifest and the FTS5 index are derived from it and can always be rebuilt. Damage to the truth
itself (a stored text that no longer matches its hash or its passages) cannot be derived: the
repair marks those articles so that the next `newsdesk index` run indexes their files again.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import faiss
import numpy as np

from index.build import exclusive
from index.chunk import embed_text
from index.errors import IndexMismatch, NoIndex
from index.figures import FIGURES_VERSION, extract_figures
from index.ingest import content_hash
from index.rebuild import REBUILD_DIR
from index.store import DB_NAME, Store
from index.vectors import FORMAT, MANIFEST, Manifest, VectorIndex, read_manifest

log = logging.getLogger(__name__)

# The repair each problem needs; DERIVED ones are rebuilt by `check --repair` from SQLite.
VECTORS, FTS, FIGURES, LEFTOVERS, REINDEX, NONE = (
    "vectors",
    "fts",
    "figures",
    "leftovers",
    "reindex",
    "none",
)
DERIVED = (VECTORS, FTS, FIGURES, LEFTOVERS)
_HOW = {
    VECTORS: "`newsdesk check --repair` rebuilds the vector file from SQLite",
    FTS: "`newsdesk check --repair` rebuilds the keyword index",
    FIGURES: "`newsdesk check --repair` extracts the figures again",
    LEFTOVERS: "`newsdesk check --repair` deletes them",
    REINDEX: "`newsdesk check --repair` marks the article; then `newsdesk index {path}`",
    NONE: "rebuild the index: `newsdesk index --rebuild PATH...` (bot.db is kept)",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the index, and the repair that fixes it."""

    what: str
    repair: str  # one of VECTORS, FTS, FIGURES, LEFTOVERS, REINDEX, NONE
    article_id: int | None = None
    path: str = ""

    @property
    def how(self) -> str:
        return _HOW[self.repair].format(path=self.path or "PATH")

    @property
    def derivable(self) -> bool:
        return self.repair in DERIVED


@dataclass(frozen=True)
class CheckReport:
    """What a check found: the counts it compared and every problem."""

    articles: int = 0
    passages: int = 0
    vectors: int = 0
    problems: tuple[Problem, ...] = ()
    repaired: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.problems


def check_index(data_dir: Path, model: str | None = None, dim: int | None = None) -> CheckReport:
    """Check every invariant of the index in data_dir; model/dim, when given, must match.

    Not while an index run is writing: its counts are in flux (vectors are saved in batches),
    so the check would report problems that are none; it raises NewsdeskError instead."""
    _require_index(data_dir)
    with exclusive(data_dir, read_only=True, holder="a check"):
        return _check(data_dir, model, dim)


def _require_index(data_dir: Path) -> None:
    if not (data_dir / DB_NAME).exists():
        raise NoIndex(f"no index in {data_dir}; run `newsdesk index PATH...` first")


def _check(data_dir: Path, model: str | None, dim: int | None) -> CheckReport:
    store = Store(data_dir)
    try:
        return _Checker(store, model, dim).run()
    finally:
        store.close()


def repair_index(data_dir: Path, model: str | None = None, dim: int | None = None) -> CheckReport:
    """Rebuild what is derivable, mark damaged articles for re-indexing, then check again."""
    _require_index(data_dir)
    with exclusive(data_dir, holder="a repair"):
        return _repair(data_dir, model, dim)


def _repair(data_dir: Path, model: str | None, dim: int | None) -> CheckReport:
    before = _check(data_dir, model, dim)
    done: list[str] = []
    store = Store(data_dir)
    try:
        kinds = {p.repair for p in before.problems}
        if FTS in kinds:
            store.db.execute("INSERT INTO passages_fts(passages_fts) VALUES('rebuild')")
            store.db.execute("INSERT INTO articles_fts(articles_fts) VALUES('rebuild')")
            store.remember_keyword_statistics(again=True)
            done.append("rebuilt the keyword index")
        reindex = {p.article_id for p in before.problems if p.repair == REINDEX}
        if reindex:
            with store.db.conn:
                store.db.execute("BEGIN IMMEDIATE")
                for aid in reindex:
                    # An emptied hash never matches the file's, so the next run replaces it.
                    store.db.execute("UPDATE articles SET content_hash = '' WHERE id = ?", [aid])
            done.append(f"marked {len(reindex)} article(s) to be indexed again")
        if FIGURES in kinds:
            store.replace_all_figures(extract_figures, FIGURES_VERSION)
            done.append("extracted the figures again")
        if VECTORS in kinds or LEFTOVERS in kinds:
            done.append(_rebuild_vectors(store, model))
    finally:
        store.close()
    after = _check(data_dir, model, dim)
    return CheckReport(after.articles, after.passages, after.vectors, after.problems, tuple(done))


def _rebuild_vectors(store: Store, model: str | None) -> str:
    try:
        manifest = read_manifest(store.data_dir)
    except IndexMismatch:
        manifest = None
    name = model or (manifest.model if manifest else None)
    row = store.db.execute("SELECT vector FROM passages LIMIT 1").fetchone()
    dim = len(row[0]) // 4 if row else (manifest.dim if manifest else 0)
    if not name or not dim:
        return "could not rebuild the vector file: the model is unknown (give --embedder)"
    vindex = VectorIndex(dim)
    for ids, vecs in store.iter_vectors():
        vindex.add(ids, vecs)
    vindex.fit_to_size(store.iter_vectors)  # IVF for a large collection, as an index run makes
    saved = vindex.save(store.data_dir, name, store.schema_version, store.generation)
    for leftover in _leftovers(store.data_dir, saved):
        if leftover.is_dir():
            shutil.rmtree(leftover)
        else:
            leftover.unlink(missing_ok=True)
    return f"rebuilt the vector file ({saved.count} vectors)"


def _leftovers(data_dir: Path, manifest: Manifest | None) -> list[Path]:
    """Temporary and superseded files (and the folder of a rebuild) an interrupted run may
    leave behind."""
    named = manifest.file if manifest else None
    found = [
        *data_dir.glob("*.tmp"),
        *data_dir.glob("vectors.*.faiss"),
        *data_dir.glob(REBUILD_DIR),
    ]
    return sorted(p for p in found if p.name != named)


class _Checker:
    def __init__(self, store: Store, model: str | None, dim: int | None) -> None:
        self.store = store
        self.db = store.db
        self.model = model
        self.dim = dim
        self.problems: list[Problem] = []

    def add(self, what: str, repair: str, article_id: int | None = None, path: str = "") -> None:
        self.problems.append(Problem(what, repair, article_id, path))

    def run(self) -> CheckReport:
        result = self.db.execute("PRAGMA integrity_check").fetchall()
        if [r[0] for r in result] != ["ok"]:
            self.add(f"SQLite integrity check failed: {result[0][0]}", NONE)
        counts = self.store.counts()
        vectors = self._vectors(counts["passages"])
        self._fts(counts["passages"])
        self._articles()
        self._figures()
        return CheckReport(counts["articles"], counts["passages"], vectors, tuple(self.problems))

    def _vectors(self, passages: int) -> int:
        data_dir = self.store.data_dir
        try:
            manifest = read_manifest(data_dir)
        except IndexMismatch as exc:
            self.add(str(exc), VECTORS)
            return 0
        leftovers = _leftovers(data_dir, manifest)
        if leftovers:
            names = ", ".join(p.name for p in leftovers[:3])
            self.add(
                f"{len(leftovers)} leftover file(s) from an interrupted run: {names}", LEFTOVERS
            )
        if manifest is None:
            if passages:
                self.add(f"no {MANIFEST}: {passages} passages have no vector file", VECTORS)
            return 0
        sizes = self.db.execute("SELECT DISTINCT length(vector) / 4 FROM passages").fetchall()
        stored_dims = {int(r[0]) for r in sizes}
        if manifest.dim in stored_dims and len(stored_dims) > 1:  # some blobs damaged
            for aid, path, source, n in self.db.execute(
                "SELECT a.id, a.path, a.source_file, count(*) FROM passages p JOIN articles a "
                "ON a.id = p.article_id WHERE length(p.vector) != ? GROUP BY a.id",
                [manifest.dim * 4],
            ).fetchall():
                self.add(f"{path}: {n} stored vector(s) damaged", REINDEX, aid, source)
            stored_dims = {manifest.dim}
        if manifest.format != FORMAT or stored_dims - {manifest.dim}:
            self.add(
                f"the manifest (format {manifest.format}, {manifest.dim} dims) does not "
                f"fit the stored vectors ({sorted(stored_dims)} dims)",
                VECTORS,
            )
        if manifest.schema_version != self.store.schema_version:
            self.add(
                f"the manifest names schema {manifest.schema_version}, the database is at "
                f"{self.store.schema_version}",
                VECTORS,
            )
        if (self.model and manifest.model != self.model) or (self.dim and manifest.dim != self.dim):
            self.add(
                f"the index was built with {manifest.model} ({manifest.dim} dims), not "
                f"{self.model} ({self.dim} dims)",
                NONE,
            )
        try:
            index = faiss.read_index(str(data_dir / manifest.file))
        except RuntimeError:
            self.add(f"the vector file {manifest.file} is missing or unreadable", VECTORS)
            return 0
        if index.ntotal != manifest.count:
            self.add(
                f"{manifest.file} holds {index.ntotal} vectors, its manifest says {manifest.count}",
                VECTORS,
            )
        in_index = VectorIndex(index.d, index).ids()
        in_db = self.store.passage_ids()
        missing = len(np.setdiff1d(in_db, in_index))
        extra = len(np.setdiff1d(in_index, in_db))
        if missing or extra:
            self.add(
                f"the vector file holds {index.ntotal} vectors for {passages} passages "
                f"({missing} missing, {extra} not in SQLite; an interrupted index run?)",
                VECTORS,
            )
        return int(index.ntotal)

    def _fts(self, passages: int) -> None:
        articles = self.db.execute("SELECT count(*) FROM articles").fetchone()[0]
        whole = self.db.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0]
        if whole != articles:  # the article-level keyword index, for whole-article BM25
            self.add(f"the article keyword index holds {whole} articles, SQLite {articles}", FTS)
            return
        indexed = self.db.execute("SELECT count(*) FROM passages_fts_docsize").fetchone()[0]
        if indexed != passages:
            self.add(f"the keyword index holds {indexed} passages, SQLite {passages}", FTS)
            return
        try:
            self.db.execute("INSERT INTO passages_fts(passages_fts) VALUES('integrity-check')")
        except sqlite3.DatabaseError as exc:
            self.add(f"the keyword index is damaged ({exc})", FTS)
            return
        if not self.store.keyword_statistics_match():
            self.add("the saved keyword row lengths do not match the keyword index", FTS)

    def _articles(self) -> None:
        rows = self.db.execute(
            "SELECT id, path, source_file, title, outlet, author, date, url, content_hash, "
            "text_hash, text, body FROM articles ORDER BY id"
        )
        for aid, path, source, title, outlet, author, date, url, chash, thash, text, body in rows:
            raw = text.encode("utf-8", "surrogatepass")
            meta = {"title": title, "outlet": outlet, "author": author, "date": date, "url": url}
            # An index run before the story's spans were hashed left the hash without them.
            hashes = {content_hash(text, meta, body), content_hash(text, meta, None)}
            if (chash and chash not in hashes) or hashlib.sha256(raw).hexdigest() != thash:
                self.add(f"{path}: the stored text does not match its hash", REINDEX, aid, source)
                continue
            bad = self._bad_passages(aid, text, title)
            if bad:
                self.add(f"{path}: {bad}", REINDEX, aid, source)

    def _bad_passages(self, article_id: int, text: str, title: str | None) -> str:
        starts: set[int] = set()
        for start, end, ptext, phash in self.db.execute(
            'SELECT start, "end", text, content_hash FROM passages WHERE article_id = ?',
            [article_id],
        ).fetchall():
            if start in starts:
                return f"two passages start at offset {start}"
            starts.add(start)
            if text[start:end] != ptext:
                return f"the passage at {start}-{end} is not the article's text there"
            digest = hashlib.sha256(embed_text(ptext, title).encode("utf-8", "surrogatepass"))
            if digest.hexdigest() != phash:
                return f"the passage at {start}-{end} does not match its hash"
        return ""

    def _figures(self) -> None:
        orphans = self.db.execute(
            "SELECT count(*) FROM figures f WHERE NOT EXISTS "
            "(SELECT 1 FROM articles a WHERE a.id = f.article_id) OR (f.passage_id IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM passages p WHERE p.id = f.passage_id))"
        ).fetchone()[0]
        if orphans:
            self.add(f"{orphans} figure(s) point to missing articles or passages", FIGURES)
        wrong = self.db.execute(
            "SELECT count(*) FROM figures f JOIN articles a ON a.id = f.article_id "
            'WHERE substr(a.text, f.start + 1, f."end" - f.start) != f.text'
        ).fetchone()[0]
        if wrong:
            self.add(f"{wrong} figure(s) do not quote their article's text", FIGURES)
