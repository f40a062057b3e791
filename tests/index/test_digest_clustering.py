"""Story clustering against RealTimeQA's event clusters, with the real model.

bench/digest_clustering.py prints the whole threshold table.
"""

from __future__ import annotations

import pytest

from index import MiniLMEmbedder
from index.stories import STORY_THRESHOLD
from tests.story_clustering import labels, lead_vectors, score

pytestmark = pytest.mark.slow


def test_the_calibrated_threshold_keeps_pairwise_precision_and_recall_above_0_8(
    minilm: MiniLMEmbedder,
) -> None:
    gold = labels()
    urls, vectors = lead_vectors(minilm)
    assert sorted(urls) == sorted(gold)
    result = score(urls, vectors, gold, STORY_THRESHOLD)
    assert result["precision"] >= 0.8, result
    assert result["recall"] >= 0.8, result
