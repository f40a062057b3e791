"""Options and choices every `newsdesk` command shares (kept apart so commands in other
modules can use them without importing the CLI group)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import click

from index import Embedder, HashEmbedder, MiniLMEmbedder, TorchFreeMiniLM

DEFAULT_DATA = ".newsdesk"
# The model runs without torch (ONNX Runtime; numpy layers where it cannot load): importing torch
# would cost a one-shot `ask` most of its time and a serving bot a few hundred MB. Questions and
# topics are embedded on the caller's thread; index runs embed batches of passages on every core
# (1.2x sentence-transformers' rate, bench/index_throughput.py). "minilm-torch" uses
# sentence-transformers for both, "minilm-numpy" the numpy layers.
EMBEDDERS: dict[str, Callable[[], Embedder]] = {
    "minilm": TorchFreeMiniLM,
    "minilm-numpy": partial(TorchFreeMiniLM, onnx_runtime=False),
    "minilm-torch": MiniLMEmbedder,
    "hash": HashEmbedder,
}
# A one-shot `ask` embeds one question: building ONNX Runtime's session costs it more (0.5 s,
# bench/cold_start.py) than the session saves (5 ms a question), so it runs the numpy layers.
ONE_QUESTION_EMBEDDERS = {**EMBEDDERS, "minilm": EMBEDDERS["minilm-numpy"]}
INDEX_EMBEDDERS: dict[str, Callable[[], Embedder]] = {
    "minilm": partial(TorchFreeMiniLM, threads=0),
    "minilm-numpy": partial(TorchFreeMiniLM, onnx_runtime=False, threads=0),
    "minilm-torch": MiniLMEmbedder,
    "hash": HashEmbedder,
}


def data_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """`--data DIR` on every command (and on the group): else NEWSDESK_DATA, else ./.newsdesk."""
    return click.option(
        "--data",
        "data_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        callback=_resolve_data,
        help="Data folder holding the index [default: $NEWSDESK_DATA or ./.newsdesk].",
    )(fn)


def _resolve_data(ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path:
    if value is not None:
        return value
    group_value = (ctx.find_root().params or {}).get("data_dir")
    return Path(group_value) if group_value else Path(DEFAULT_DATA)


def embedder_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--embedder",
        type=click.Choice(sorted(EMBEDDERS)),
        envvar="NEWSDESK_EMBEDDER",
        default="minilm",
        hidden=True,  # "hash" is the deterministic fake the fast tests use
    )(fn)
