"""NumpyMiniLM: the torch-free query encoder matches the real model and keeps `ask` torch-free."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index import MiniLMEmbedder, build_index
from index.embed import MODEL_NAME
from index.fast_encoder import MAX_SEQ_LENGTH, NumpyMiniLM

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"


@pytest.fixture(scope="module")
def fast() -> NumpyMiniLM:
    return NumpyMiniLM()


def _texts() -> list[str]:
    dev = json.loads((REPO / "tests" / "data" / "dev_questions.json").read_text("utf-8"))
    seeds = [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    paragraphs = [p for p in seeds[0].split("\n\n") if p.strip()][:8]
    return [
        *(d["q"] for d in dev[:24]),
        *paragraphs,
        *seeds[:2],  # whole articles: far beyond 256 tokens, so truncated
        "",
        "Zelenskyy’s “peace plan” — café naïve, 北朝鮮 🙂",
        "word " * 600,
    ]


def test_same_name_and_dimension_as_the_real_model(fast: NumpyMiniLM) -> None:
    assert (fast.name, fast.dim) == (MODEL_NAME, MiniLMEmbedder.dim)


def test_empty_list(fast: NumpyMiniLM) -> None:
    out = fast.encode([])
    assert out.shape == (0, 384)
    assert out.dtype == np.float32


def test_a_padded_batch_equals_one_text_at_a_time(fast: NumpyMiniLM) -> None:
    texts = ["Who?", "How many North Korean soldiers are in Russia, according to Ukraine?", "x"]
    batch = fast.encode(texts)
    alone = np.vstack([fast.encode([t]) for t in texts])
    np.testing.assert_allclose(batch, alone, atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(batch, axis=1), 1.0, atol=1e-5)


@pytest.mark.slow
def test_vectors_match_sentence_transformers(fast: NumpyMiniLM, minilm: MiniLMEmbedder) -> None:
    texts = _texts()
    cosines = (fast.encode(texts) * minilm.encode(texts)).sum(axis=1)
    assert cosines.min() >= 0.999, [(t[:40], c) for t, c in zip(texts, cosines, strict=True)]


@pytest.mark.slow
def test_truncation_matches_sentence_transformers(
    fast: NumpyMiniLM, minilm: MiniLMEmbedder
) -> None:
    article = (SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[0]).read_text("utf-8")
    tokenizer, _ = fast._load()
    ids = tokenizer.encode(article).ids
    assert len(ids) == MAX_SEQ_LENGTH
    # sentence-transformers 6 renamed tokenize (now deprecated) to preprocess.
    tokenize = getattr(minilm.model, "preprocess", None) or minilm.model.tokenize
    assert ids == tokenize([article])["input_ids"][0].tolist()
    # Text past the 256th token changes nothing, in either model.
    longer = article + " Completely unrelated words about cooking pasta." * 50
    vectors = fast.encode([article, longer])
    np.testing.assert_allclose(vectors[0], vectors[1], atol=1e-6)
    assert float(vectors[1] @ minilm.encode([longer])[0]) >= 0.999


_ASK_WITHOUT_TORCH = """
import json, sys
from click.testing import CliRunner
from bot.cli import cli
result = CliRunner().invoke(cli, ["--data", sys.argv[1], "ask", "--json", "How many soldiers?"])
print(json.dumps({"exit_code": result.exit_code, "output": result.output,
                  "heavy": sorted(m for m in ("torch", "transformers", "sentence_transformers")
                                  if m in sys.modules)}))
"""


def test_one_shot_ask_does_not_import_torch(tmp_path: Path, fast: NumpyMiniLM) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "troops.txt").write_text(
        "North Korea has sent about 11,000 soldiers to Russia, Ukraine's intelligence says.\n\n"
        "The troops are training near the border before they are sent to the front.\n",
        encoding="utf-8",
    )
    data = tmp_path / "data"
    build_index([str(articles)], data, fast)  # same model name, so the index is a MiniLM one
    env = {k: v for k, v in os.environ.items() if k not in {"NEWSDESK_EMBEDDER"}}
    env.update(HF_HUB_OFFLINE="1", HF_HUB_DISABLE_PROGRESS_BARS="1")
    proc = subprocess.run(
        [sys.executable, "-c", _ASK_WITHOUT_TORCH, str(data)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
        check=True,
    )
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["exit_code"] == 0, report["output"]
    assert json.loads(report["output"])["quotes"], report["output"]
    assert report["heavy"] == []
