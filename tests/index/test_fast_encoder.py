"""TorchFreeMiniLM: the torch-free query encoder matches the real model and keeps `ask` torch-free.

Its layers run in ONNX Runtime (the default) or numpy (the fallback); both are held to the model.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from index import MiniLMEmbedder, build_index
from index.embed import MODEL_NAME
from index.fast_encoder import MAX_SEQ_LENGTH, TorchFreeMiniLM
from index.onnx_layers import OnnxLayers

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"


@pytest.fixture(scope="module")
def fast() -> TorchFreeMiniLM:
    return TorchFreeMiniLM()


@pytest.fixture(scope="module")
def numpy_layers() -> TorchFreeMiniLM:
    return TorchFreeMiniLM(onnx_runtime=False)


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


def test_same_name_and_dimension_as_the_real_model(fast: TorchFreeMiniLM) -> None:
    assert (fast.name, fast.dim) == (MODEL_NAME, MiniLMEmbedder.dim)


def test_empty_list(fast: TorchFreeMiniLM) -> None:
    out = fast.encode([])
    assert out.shape == (0, 384)
    assert out.dtype == np.float32


def test_a_padded_batch_equals_one_text_at_a_time(fast: TorchFreeMiniLM) -> None:
    texts = ["Who?", "How many North Korean soldiers are in Russia, according to Ukraine?", "x"]
    batch = fast.encode(texts)
    alone = np.vstack([fast.encode([t]) for t in texts])
    np.testing.assert_allclose(batch, alone, atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(batch, axis=1), 1.0, atol=1e-5)


def test_layers_run_in_onnx_runtime_unless_told_not_to(
    fast: TorchFreeMiniLM, numpy_layers: TorchFreeMiniLM
) -> None:
    assert isinstance(fast._load()[1].run_layers, OnnxLayers)
    assert not isinstance(numpy_layers._load()[1].run_layers, OnnxLayers)


def test_onnx_runtime_and_numpy_layers_agree(
    fast: TorchFreeMiniLM, numpy_layers: TorchFreeMiniLM
) -> None:
    texts = _texts()  # one padded batch per 16, lengths 1 to 256 tokens
    np.testing.assert_allclose(fast.encode(texts), numpy_layers.encode(texts), atol=2e-6)


def test_threads_asking_at_once_get_what_one_at_a_time_gets(fast: TorchFreeMiniLM) -> None:
    # The bot embeds questions on several worker threads through one ONNX Runtime session.
    texts = _texts()[:24]
    alone = fast.encode(texts)
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda t: fast.encode([t])[0], texts * 4))
    np.testing.assert_allclose(np.vstack(together), np.vstack([alone] * 4), atol=2e-6)


def test_numpy_layers_where_onnx_runtime_cannot_load(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, fast: TorchFreeMiniLM
) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import fails
    encoder = TorchFreeMiniLM()
    with caplog.at_level(logging.WARNING, logger="index.fast_encoder"):
        vectors = encoder.encode(["How many soldiers?", "Where are they?"])
    assert "ONNX Runtime unavailable" in caplog.text
    assert not isinstance(encoder._load()[1].run_layers, OnnxLayers)
    np.testing.assert_allclose(
        vectors, fast.encode(["How many soldiers?", "Where are they?"]), atol=2e-6
    )


@pytest.mark.slow
@pytest.mark.parametrize("layers", ["onnxruntime", "onnxruntime, a thread per core", "numpy"])
def test_vectors_match_sentence_transformers(
    layers: str, fast: TorchFreeMiniLM, numpy_layers: TorchFreeMiniLM, minilm: MiniLMEmbedder
) -> None:
    encoder = {
        "onnxruntime": fast,
        "onnxruntime, a thread per core": TorchFreeMiniLM(threads=0),
        "numpy": numpy_layers,
    }[layers]
    texts = _texts()
    cosines = (encoder.encode(texts) * minilm.encode(texts)).sum(axis=1)
    assert cosines.min() >= 0.999, [(t[:40], c) for t, c in zip(texts, cosines, strict=True)]


@pytest.mark.slow
def test_truncation_matches_sentence_transformers(
    fast: TorchFreeMiniLM, minilm: MiniLMEmbedder
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


_CLI_REPORTING_MODULES = """
import json, sys
from click.testing import CliRunner
from bot.cli import cli
result = CliRunner().invoke(cli, sys.argv[1:], input="How many soldiers?\\n")
print(json.dumps({"exit_code": result.exit_code, "output": result.output,
                  "heavy": sorted(m for m in ("torch", "transformers", "sentence_transformers",
                                              "onnxruntime") if m in sys.modules)}))
"""


def _cli_in_a_fresh_process(*args: str) -> dict[str, Any]:
    """Runs `newsdesk ARGS` (one question on stdin) in a new interpreter: its exit code, its
    output and which heavy modules it imported."""
    env = {k: v for k, v in os.environ.items() if k not in {"NEWSDESK_EMBEDDER"}}
    env.update(HF_HUB_OFFLINE="1", HF_HUB_DISABLE_PROGRESS_BARS="1")
    proc = subprocess.run(
        [sys.executable, "-c", _CLI_REPORTING_MODULES, *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=300,
        check=True,
    )
    report: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["exit_code"] == 0, report["output"]
    return report


@pytest.mark.parametrize(
    ("question", "loaded"),
    [
        # One question: neither torch nor ONNX Runtime (its session costs more than it saves).
        (["How many soldiers?"], []),
        # A stream of questions (here one, on stdin): ONNX Runtime runs the layers.
        ([], ["onnxruntime"]),
    ],
)
def test_ask_does_not_import_torch(
    question: list[str], loaded: list[str], tmp_path: Path, fast: TorchFreeMiniLM
) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "troops.txt").write_text(
        "North Korea has sent about 11,000 soldiers to Russia, Ukraine's intelligence says.\n\n"
        "The troops are training near the border before they are sent to the front.\n",
        encoding="utf-8",
    )
    data = tmp_path / "data"
    build_index([str(articles)], data, fast)  # same model name, so the index is a MiniLM one
    report = _cli_in_a_fresh_process("--data", str(data), "ask", "--json", *question)
    assert json.loads(report["output"])["quotes"], report["output"]
    assert report["heavy"] == loaded


def test_index_runs_embed_without_torch(tmp_path: Path) -> None:
    data = tmp_path / "data"
    report = _cli_in_a_fresh_process("--data", str(data), "index", str(SEEDS))
    assert report["heavy"] == ["onnxruntime"]
    manifest = json.loads((data / "manifest.json").read_text("utf-8"))
    assert manifest["model"] == MODEL_NAME
