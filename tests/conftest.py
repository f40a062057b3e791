"""Shared fixtures: seed copies, the fake embedder, and one real model for the whole session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from index import HashEmbedder, MiniLMEmbedder, TorchFreeMiniLM, build_index, open_corpus

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A private copy of the seed articles that a test may edit or delete."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def fake_embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture(scope="session")
def minilm() -> MiniLMEmbedder:
    """The real model, loaded once for every test that needs it."""
    embedder = MiniLMEmbedder()
    embedder.encode(["warm up"])
    return embedder


@pytest.fixture(scope="session")
def query_encoder() -> TorchFreeMiniLM:
    """The real model as `newsdesk chat`, `ask` streams and the bot embed questions."""
    encoder = TorchFreeMiniLM()
    encoder.encode(["warm up"])
    return encoder


@pytest.fixture(scope="session")
def seed_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds indexed with the real model as `newsdesk index` runs it (read-only for tests)."""
    data = tmp_path_factory.mktemp("seed-index")
    build_index([str(SEEDS)], data, TorchFreeMiniLM(threads=0))
    return data


@pytest.fixture(scope="session")
def seed_corpus(seed_data_dir: Path, query_encoder: TorchFreeMiniLM):  # type: ignore[no-untyped-def]
    corpus = open_corpus(seed_data_dir, query_encoder)
    yield corpus
    corpus.close()
