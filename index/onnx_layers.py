"""The encoder layers of all-MiniLM-L6-v2 as an ONNX graph, run by ONNX Runtime.

A question's forward pass is a few dozen matrix products of a dozen rows by the layer weights
(42 MB in all): their time goes to reading the weights. ONNX Runtime's kernels do that with
less overhead than numpy's, and it fuses the layer norms, the GELU and their residual additions:
a question encodes in 0.6x the numpy time (bench/cold_start.py). The graph is built here, in
memory, from the same weights `fast_encoder` loads, so nothing is exported or downloaded, and it
computes what `fast_encoder._Bert.numpy_layers` does (one scale folded into the query weights).
"""

from __future__ import annotations

import math
import os
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from index.fast_encoder import _Layer

_OPSET = 18
_IR_VERSION = 9


def layers_model(layers: list[_Layer], heads: int, hidden: int, eps: float) -> bytes:
    """A serialized ONNX model: hidden states (batch, seq, hidden) and the attention key bias
    (batch, 1, 1, seq) in, the last layer's hidden states out."""
    from onnx import TensorProto, helper, numpy_helper

    size = hidden // heads
    nodes: list[Any] = []
    weights: list[Any] = []

    def const(name: str, array: np.ndarray) -> str:
        weights.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def op(kind: str, inputs: list[str], output: str, **attrs: Any) -> str:
        nodes.append(helper.make_node(kind, inputs, [output], **attrs))
        return output

    def dense(x: str, w: np.ndarray, b: np.ndarray, name: str) -> str:
        product = op("MatMul", [x, const(name + "_w", w)], name + "_xw")
        return op("Add", [product, const(name + "_b", b)], name)

    def layer_norm(x: str, w: np.ndarray, b: np.ndarray, name: str) -> str:
        scale, shift = const(name + "_w", w), const(name + "_b", b)
        return op("LayerNormalization", [x, scale, shift], name, axis=-1, epsilon=eps)

    const("qkv_shape", np.array([0, 0, 3, heads, size], dtype=np.int64))
    const("context_shape", np.array([0, 0, hidden], dtype=np.int64))
    const("axis0", np.array([0], dtype=np.int64))
    const("sqrt2", np.array(math.sqrt(2), dtype=np.float32))
    const("one", np.array(1, dtype=np.float32))
    const("half", np.array(0.5, dtype=np.float32))
    # Scores are (q / sqrt(size)) . k: the scale goes into the query weights and bias once.
    scale = np.ones(3 * hidden, dtype=np.float32)
    scale[:hidden] = np.float32(1 / math.sqrt(size))
    x = "x"
    for i, layer in enumerate(layers):
        p = f"layer{i}_"
        qkv = dense(x, layer.qkv_w * scale, layer.qkv_b * scale, p + "qkv")
        split = op("Reshape", [qkv, "qkv_shape"], p + "qkv_heads")  # (b, s, 3, heads, size)
        split = op("Transpose", [split], p + "qkv_t", perm=[2, 0, 3, 1, 4])  # (3, b, h, s, size)
        parts = [p + "q3", p + "k3", p + "v3"]
        nodes.append(helper.make_node("Split", [split], parts, axis=0, num_outputs=3))
        q, k, v = (op("Squeeze", [part, "axis0"], part[:-1]) for part in parts)
        k_t = op("Transpose", [k], p + "k_t", perm=[0, 1, 3, 2])
        scores = op("Add", [op("MatMul", [q, k_t], p + "qk"), "key_bias"], p + "scores")
        probs = op("Softmax", [scores], p + "probs", axis=-1)
        context = op("MatMul", [probs, v], p + "context_heads")
        context = op("Transpose", [context], p + "context_t", perm=[0, 2, 1, 3])
        context = op("Reshape", [context, "context_shape"], p + "context")
        attended = op("Add", [dense(context, layer.out_w, layer.out_b, p + "out"), x], p + "res1")
        x = layer_norm(attended, layer.ln1_w, layer.ln1_b, p + "ln1")
        up = dense(x, layer.up_w, layer.up_b, p + "up")
        erf = op("Erf", [op("Div", [up, "sqrt2"], p + "up_scaled")], p + "erf")
        gelu = op("Mul", [up, op("Add", [erf, "one"], p + "erf1")], p + "gelu2")
        gelu = op("Mul", [gelu, "half"], p + "gelu")
        down = op("Add", [dense(gelu, layer.down_w, layer.down_b, p + "down"), x], p + "res2")
        x = layer_norm(down, layer.ln2_w, layer.ln2_b, p + "ln2")
    nodes.append(helper.make_node("Identity", [x], ["hidden"]))
    graph = helper.make_graph(
        nodes,
        "minilm_layers",
        [
            helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", "seq", hidden]),
            helper.make_tensor_value_info("key_bias", TensorProto.FLOAT, ["batch", 1, 1, "seq"]),
        ],
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "seq", hidden])],
        weights,
    )
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", _OPSET)], ir_version=_IR_VERSION
    )
    return bytes(model.SerializeToString())


class OnnxLayers:
    """Runs `layers_model`; safe to call from several threads at once."""

    def __init__(
        self, layers: list[_Layer], heads: int, hidden: int, eps: float, threads: int = 1
    ) -> None:
        # ONNX Runtime's telemetry is off unless asked for; say so before it is imported.
        os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
        import onnxruntime

        options = onnxruntime.SessionOptions()
        # threads=1: the caller's thread alone; 0: one per core. Idle threads sleep rather
        # than spin: the machine is shared with SQLite, FAISS and other processes.
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3  # errors only
        self._session = onnxruntime.InferenceSession(
            layers_model(layers, heads, hidden, eps),
            options,
            providers=["CPUExecutionProvider"],
        )

    def __call__(self, x: np.ndarray, key_bias: np.ndarray) -> np.ndarray:
        out = self._session.run(None, {"x": x, "key_bias": key_bias})
        return np.asarray(out[0])
