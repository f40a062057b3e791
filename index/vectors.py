"""The FAISS side of the index: vectors keyed by passage row id, saved with a manifest.

A save writes a new, generation-numbered FAISS file, then atomically replaces `manifest.json`,
which names it. A crash at any point leaves the previous manifest and its file intact.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import faiss
import numpy as np

from index.errors import IndexMismatch

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
FORMAT = 1


@dataclass(frozen=True)
class Manifest:
    format: int
    model: str
    dim: int
    count: int
    schema_version: int
    generation: int
    index_type: str
    file: str
    faiss_version: str


class VectorIndex:
    """Exact inner-product search over unit vectors, addressed by passage id."""

    def __init__(self, dim: int, index: faiss.Index | None = None) -> None:
        self.dim = dim
        self.index = index if index is not None else faiss.IndexIDMap2(faiss.IndexFlatIP(dim))

    @property
    def count(self) -> int:
        return int(self.index.ntotal)

    def ids(self) -> np.ndarray:
        return faiss.vector_to_array(self.index.id_map).astype(np.int64)  # type: ignore[attr-defined]

    def add(self, ids: Sequence[int] | np.ndarray, vectors: np.ndarray) -> None:
        if len(ids):
            self.index.add_with_ids(
                np.ascontiguousarray(vectors, dtype=np.float32), np.asarray(ids, dtype=np.int64)
            )

    def remove(self, ids: Sequence[int] | np.ndarray) -> None:
        if len(ids):
            self.index.remove_ids(np.asarray(ids, dtype=np.int64))  # type: ignore[arg-type]

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        if self.count == 0:
            return []
        scores, ids = self.index.search(vector.reshape(1, -1).astype(np.float32), k)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def save(self, data_dir: Path, model: str, schema_version: int, generation: int) -> Manifest:
        name = f"vectors.{generation}.faiss"
        tmp = data_dir / (name + ".tmp")
        faiss.write_index(self.index, str(tmp))
        _fsync(tmp)
        os.replace(tmp, data_dir / name)
        manifest = Manifest(
            FORMAT,
            model,
            self.dim,
            self.count,
            schema_version,
            generation,
            "flat",
            name,
            faiss.__version__,
        )
        _write_atomic(data_dir / MANIFEST, json.dumps(asdict(manifest), indent=2))
        for old in data_dir.glob("vectors.*.faiss"):
            if old.name != name:
                old.unlink(missing_ok=True)
        return manifest


def read_manifest(data_dir: Path) -> Manifest | None:
    try:
        raw = json.loads((data_dir / MANIFEST).read_text("utf-8"))
        return Manifest(**raw)
    except FileNotFoundError:
        return None
    except (ValueError, TypeError) as exc:
        raise IndexMismatch(f"the index manifest in {data_dir} is unreadable ({exc})") from exc


def load_vectors(data_dir: Path, model: str, dim: int) -> tuple[VectorIndex, Manifest] | None:
    """The saved index, after checking that it was built by this model; None if there is none."""
    manifest = read_manifest(data_dir)
    if manifest is None:
        return None
    if manifest.format != FORMAT or manifest.model != model or manifest.dim != dim:
        raise IndexMismatch(
            f"the index in {data_dir} was built with {manifest.model} ({manifest.dim} dims), "
            f"not {model} ({dim} dims); rebuild it with `newsdesk index --rebuild PATH...`"
        )
    index = faiss.read_index(str(data_dir / manifest.file))
    if index.ntotal != manifest.count or index.d != dim:
        raise IndexMismatch(f"the vector file {manifest.file} does not match its manifest")
    return VectorIndex(dim, index), manifest


def _write_atomic(path: Path, content: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    _fsync(path.parent)  # make the rename itself durable


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
