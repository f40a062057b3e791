"""How close a question is to the best sentence of a passage, each sentence embedded alone.

A passage is embedded with its article's title ahead of it (index/chunk.py, `embed_text`), which
places a short passage in its story; but a news headline is long and about the whole story, and
beside it the one sentence that answers counts for less. Read alone, that sentence is often much
closer to the question ("How did Pyongyang respond to the reports?" against "North Korean
officials dismissed these assertions as 'groundless rumors.'"). Search lets a passage among its
first candidates count as close as its best sentence (`Searcher.rerank`).

Sentences are embedded when a question first needs them (a few dozen per question) and kept in a
bounded cache, so an index run embeds nothing more.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from index.embed import Embedder
from index.store import PassageRow

CACHED_SENTENCES = 8192  # about 12 MiB of vectors


class SentenceVectors:
    """Vectors of passage sentences embedded alone; safe to call from several threads."""

    def __init__(self, embedder: Embedder, size: int = CACHED_SENTENCES) -> None:
        self.embedder = embedder
        self.size = size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def best_cosines(self, qvec: np.ndarray, rows: Sequence[PassageRow]) -> dict[int, float]:
        """{passage id: the highest cosine between qvec and one of its sentences}."""
        sentences = {row.id: passage_sentences(row) for row in rows}
        vectors = self._vectors([s for texts in sentences.values() for s in texts])
        return {
            pid: max(float(vectors[s] @ qvec) for s in texts)
            for pid, texts in sentences.items()
            if texts
        }

    def _vectors(self, texts: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for text in texts:
                vector = self._cache.get(text)
                if vector is not None:
                    self._cache.move_to_end(text)
                    found[text] = vector
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if not missing:
            return found
        # Embedded outside the lock: another thread may embed the same sentence meanwhile,
        # which costs time, not correctness.
        encoded = self.embedder.encode(missing)
        found.update(zip(missing, encoded, strict=True))
        with self._lock:
            for text, vector in zip(missing, encoded, strict=True):
                self._cache[text] = vector
                self._cache.move_to_end(text)
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return found


def passage_sentences(row: PassageRow) -> list[str]:
    """The texts of the passage's sentences (its stored spans are article offsets)."""
    texts = [row.text[a - row.start : b - row.start].strip() for a, b in row.sentences]
    return [t for t in texts if t]
