"""Group articles into stories: articles about the same event, by the meaning of their passages.

An article's vector is the normalised mean of its first LEAD_PASSAGES passage vectors (stored at
index time, so nothing is embedded again): a news lead states the event, while later passages
drift into background that other stories share. Articles are clustered by average linkage: two
groups merge while the mean cosine between their articles is at least the threshold. Average
linkage does not chain the way single linkage does (one bridging article would join two
stories), and unlike complete linkage it tolerates one off-angle article inside a story.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from index.models import Source
from index.store import Store

# Calibrated on tests/data/realtimeqa_sample.jsonl.gz with all-MiniLM-L6-v2 (see
# bench/digest_clustering.py): at 0.4 pairwise precision 0.86, recall 0.85; 0.35 gives 0.81 /
# 0.89, 0.45 gives 0.93 / 0.80 (all passages instead of the lead: 0.89 / 0.84 at 0.4).
STORY_THRESHOLD = 0.4
LEAD_PASSAGES = 8
KEY_PASSAGES = 2

Linkage = Literal["average", "single", "complete"]


@dataclass(frozen=True)
class StoryArticle:
    id: int
    source: Source
    first_indexed_at: str


@dataclass(frozen=True)
class KeyPassage:
    """A verbatim passage: text == the article's text[start:end]."""

    text: str
    start: int
    end: int
    source: Source


@dataclass(frozen=True)
class Story:
    """Articles about one event: the headline is the most central article's title."""

    headline: str
    articles: tuple[StoryArticle, ...]
    passages: tuple[KeyPassage, ...]
    outlets: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "headline": self.headline,
            "outlets": list(self.outlets),
            "articles": [_source_json(a.source) for a in self.articles],
            "passages": [
                {"text": p.text, "start": p.start, "end": p.end, "source": _source_json(p.source)}
                for p in self.passages
            ],
        }


def _source_json(s: Source) -> dict[str, Any]:
    return {"path": s.path, "title": s.title, "outlet": s.outlet, "date": s.date, "url": s.url}


def cluster_vectors(
    vectors: np.ndarray, threshold: float = STORY_THRESHOLD, linkage: Linkage = "average"
) -> list[list[int]]:
    """Row indexes grouped by agglomerative clustering of unit vectors (cosine >= threshold)."""
    n = len(vectors)
    if n == 0:
        return []
    sim = np.asarray(vectors, dtype=np.float64) @ np.asarray(vectors, dtype=np.float64).T
    np.fill_diagonal(sim, -np.inf)
    size = np.ones(n)
    members = [[i] for i in range(n)]
    while n > 1:
        i, j = divmod(int(np.argmax(sim)), n)
        if sim[i, j] < threshold:
            break
        if linkage == "average":
            merged = (sim[i] * size[i] + sim[j] * size[j]) / (size[i] + size[j])
        elif linkage == "single":
            merged = np.maximum(sim[i], sim[j])
        else:
            merged = np.minimum(sim[i], sim[j])
        sim[i, :] = merged
        sim[:, i] = merged
        sim[i, i] = -np.inf
        sim[j, :] = -np.inf
        sim[:, j] = -np.inf
        size[i] += size[j]
        members[i] += members[j]
        members[j] = []
    return sorted((sorted(m) for m in members if m), key=lambda m: (-len(m), m[0]))


def article_vectors(store: Store, article_ids: Sequence[int]) -> dict[int, np.ndarray]:
    """Each article's normalised mean vector of its lead passages."""
    sums: dict[int, np.ndarray] = {}
    sql = f"SELECT article_id, vector FROM passages WHERE ord < {LEAD_PASSAGES} AND"
    for aid, blob in _rows(store, sql, article_ids):
        vec = np.frombuffer(blob, dtype=np.float32).astype(np.float64)
        sums[aid] = sums[aid] + vec if aid in sums else vec
    return {aid: v / (np.linalg.norm(v) or 1.0) for aid, v in sums.items()}


def build_stories(
    store: Store, articles: Sequence[StoryArticle], threshold: float = STORY_THRESHOLD
) -> list[Story]:
    """The articles grouped into stories, biggest first, each with its key passages."""
    vectors = article_vectors(store, [a.id for a in articles])
    usable = [a for a in articles if a.id in vectors]  # an article with no passages has no story
    if not usable:
        return []
    matrix = np.vstack([vectors[a.id] for a in usable])
    stories = []
    for group in cluster_vectors(matrix, threshold):
        members = [usable[i] for i in group]
        centroid = matrix[group].mean(axis=0)
        centroid /= np.linalg.norm(centroid) or 1.0
        closeness = matrix[group] @ centroid
        # The headline is the most central title: an untitled article's path is no headline.
        best = max(range(len(members)), key=lambda k: (bool(members[k].source.title), closeness[k]))
        central = members[best]
        members.sort(key=lambda a: (a.id != central.id, a.source.date or "", a.source.path))
        outlets = Counter(a.source.outlet for a in members if a.source.outlet)
        stories.append(
            Story(
                headline=central.source.title or central.source.path,
                articles=tuple(members),
                passages=tuple(_key_passages(store, members, centroid)),
                outlets=tuple(o for o, _ in sorted(outlets.items(), key=lambda x: (-x[1], x[0]))),
            )
        )
    stories.sort(key=lambda s: (-len(s.articles), -len(s.outlets), s.headline))
    return stories


def _key_passages(
    store: Store, members: Sequence[StoryArticle], centroid: np.ndarray
) -> list[KeyPassage]:
    """The passages closest to the story's centroid, from different outlets where possible."""
    by_id = {a.id: a for a in members}
    scored = []
    sql = 'SELECT article_id, start, "end", text, vector FROM passages WHERE'
    for aid, start, end, text, blob in _rows(store, sql, list(by_id)):
        score = float(np.frombuffer(blob, dtype=np.float32).astype(np.float64) @ centroid)
        scored.append((-score, aid, start, end, text))
    scored.sort()
    picked: list[KeyPassage] = []
    want = min(KEY_PASSAGES, len(members))
    for other_outlet in (True, False):  # a second outlet's words first, else another article's
        for _, aid, start, end, text in scored:
            source = by_id[aid].source
            if len(picked) == want:
                return picked
            if any(p.source.path == source.path for p in picked) or (
                other_outlet and any(p.source.outlet == source.outlet for p in picked)
            ):
                continue
            picked.append(KeyPassage(text, start, end, source))
    return picked


def _rows(store: Store, sql: str, article_ids: Sequence[int]) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    ids = [int(i) for i in article_ids]
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        out += store.db.execute(
            f"{sql} article_id IN ({marks}) ORDER BY article_id, ord", chunk
        ).fetchall()
    return out
