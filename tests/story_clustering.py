"""Score story clustering against RealTimeQA's events (tests/data/realtimeqa_sample.jsonl.gz).

Shared by bench/digest_clustering.py (prints a threshold table) and
tests/index/test_digest_clustering.py (asserts the chosen threshold's floor).

Pairwise scores: over every pair of articles, a pair is predicted together when the clustering
puts both in one story, and truly together when both carry the same `cluster` label. Precision
is the share of predicted pairs that are true; recall the share of true pairs predicted.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path

import numpy as np

from index.build import build_index
from index.chunk import chunk_article, embed_text
from index.embed import Embedder
from index.ingest import DEFAULT_MAX_BYTES, read_articles
from index.models import Article
from index.store import Store
from index.stories import LEAD_PASSAGES, Linkage, article_vectors, cluster_vectors

SAMPLE = Path(__file__).resolve().parent / "data" / "realtimeqa_sample.jsonl.gz"


def labels(sample: Path = SAMPLE) -> dict[str, str]:
    """{url: cluster id} of the sample."""
    with gzip.open(sample, "rt", encoding="utf-8") as handle:
        return {r["url"]: r["cluster"] for r in map(json.loads, handle)}


def pairwise(predicted: Sequence[Sequence[str]], gold: dict[str, str]) -> dict[str, float]:
    """Pairwise precision, recall and F1 of predicted groups (of urls) against gold labels."""
    story = {url: n for n, group in enumerate(predicted) for url in group}
    urls = sorted(story)
    tp = fp = fn = 0
    for a, b in combinations(urls, 2):
        same_story, same_event = story[a] == story[b], gold[a] == gold[b]
        tp += same_story and same_event
        fp += same_story and not same_event
        fn += same_event and not same_story
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "pairs": tp + fn}


def index_sample(data_dir: Path, embedder: Embedder, sample: Path = SAMPLE) -> None:
    build_index([str(sample)], data_dir, embedder)


def url_vectors(data_dir: Path) -> tuple[list[str], np.ndarray]:
    """The indexed sample's article urls and their story vectors, as the digest computes them."""
    store = Store(data_dir)
    try:
        rows = store.db.execute("SELECT id, url FROM articles ORDER BY id").fetchall()
        vectors = article_vectors(store, [r[0] for r in rows])
    finally:
        store.close()
    kept = [(url, vectors[aid]) for aid, url in rows if aid in vectors]
    return [u for u, _ in kept], np.vstack([v for _, v in kept])


def lead_vectors(embedder: Embedder, sample: Path = SAMPLE) -> tuple[list[str], np.ndarray]:
    """The same story vectors without an index run: only the lead passages are embedded.

    Ingest, chunking and embedded text are the index's own, so each vector equals the one
    `url_vectors` reads back (the bench runs the full index path); it costs a third of the time.
    """
    articles = [a for a in read_articles(str(sample), sample, DEFAULT_MAX_BYTES)]
    kept = [a for a in articles if isinstance(a, Article)]
    leads = [chunk_article(a)[:LEAD_PASSAGES] for a in kept]
    texts = [
        embed_text(p.text, a.meta.title) for a, lead in zip(kept, leads, strict=True) for p in lead
    ]
    encoded = iter(embedder.encode(texts).astype(np.float64))
    vectors = []
    for lead in leads:
        mean = np.mean([next(encoded) for _ in lead], axis=0)
        vectors.append(mean / (np.linalg.norm(mean) or 1.0))
    return [str(a.meta.url) for a in kept], np.vstack(vectors)


def score(
    urls: list[str],
    vectors: np.ndarray,
    gold: dict[str, str],
    threshold: float,
    linkage: Linkage = "average",
) -> dict[str, float]:
    groups = cluster_vectors(vectors, threshold, linkage)
    result = pairwise([[urls[i] for i in g] for g in groups], gold)
    result["stories"] = len(groups)
    return result
