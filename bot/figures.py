"""`/figure TOPIC`, the logic Slack and `newsdesk chat` share: check the topic, look it up, render.

The app gets a `FigureSource` the way it gets an Asker: the real one reads the index's figures
with the corpus's embedder; tests pass one over a small index built with the fake embedder.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from bot.answering import Reply, notice, question_from_message, unavailable_reply
from bot.blocks import context, escape
from bot.charts import chart_filename, chart_png
from bot.figure_blocks import lookup_blocks, lookup_text
from index.embed import Embedder
from index.errors import too_long
from index.figure_lookup import MAX_TOPIC_CHARS, FigureLookup, lookup_figures
from index.store import StoreSource, current

log = logging.getLogger(__name__)

FIGURE_USAGE = (
    "Usage: `/figure TOPIC`, for example `/figure North Korean troops`: "
    "the numbers the coverage reports on it, who reports them, and a chart."
)


class FigureSource(Protocol):
    """Figures by topic; `IndexFigures` is the real one."""

    def lookup(self, topic: str) -> FigureLookup: ...


@dataclass(frozen=True)
class IndexFigures:
    """The figures in an index, matched to topics with the embedder its corpus uses."""

    store: StoreSource
    embedder: Embedder

    def lookup(self, topic: str) -> FigureLookup:
        return lookup_figures(current(self.store), self.embedder, topic)


def warm_figures(source: FigureSource) -> None:
    """Read the figures and their phrase vectors once, so the first `/figure` is as quick as
    the next (at 10,000 articles the first read takes about 10 s; with no phrases.db yet,
    minutes). Run on a thread at start-up: a failure is logged, the bot serves on."""
    started = time.monotonic()
    try:
        source.lookup("warm up")
    except Exception:
        log.exception("warming the figures failed; the first /figure will read them")
        return
    log.info("figures ready in %.1f s", time.monotonic() - started)


@dataclass(frozen=True)
class FigureAnswer:
    """The reply to `/figure`, and what was found when there is something to chart."""

    reply: Reply
    found: FigureLookup | None = None

    @property
    def chartable(self) -> bool:
        return self.found is not None and bool(self.found.groups)


def topic_from_command(text: str) -> str:
    """The topic in a command's text: mentions removed, entities undone, spaces collapsed."""
    return " ".join(question_from_message(text).split())


def topic_problem(topic: str) -> str | None:
    """Why `topic` cannot be looked up, as a line for its asker; None when it can."""
    if not topic:
        return FIGURE_USAGE
    if len(topic) > MAX_TOPIC_CHARS:
        refusal = too_long("topic", len(topic), MAX_TOPIC_CHARS)
        return f"Sorry, {refusal}. Name the thing counted in a few words, like `troops`."
    return None


def answer_figures(source: FigureSource | None, text: str) -> FigureAnswer:
    """The private reply to `/figure TEXT`: usage, a refusal, no figures, or the groups."""
    if source is None:
        return FigureAnswer(unavailable_reply("/figure"))
    topic = topic_from_command(text)
    problem = topic_problem(topic)
    if problem:
        return FigureAnswer(notice(problem))
    started = time.perf_counter()
    found = source.lookup(topic)
    log.info(
        "figures: %d groups, %d figures in %.0f ms",
        len(found.groups),
        sum(len(g.figures) for g in found.groups),
        (time.perf_counter() - started) * 1000,
    )
    return FigureAnswer(Reply(lookup_text(found), lookup_blocks(found)), found)


def save_chart(found: FigureLookup, charts_dir: Path) -> Path:
    """Write the chart as PNG under `charts_dir` and return its path."""
    charts_dir.mkdir(parents=True, exist_ok=True)
    path = charts_dir / chart_filename(found.topic)
    path.write_bytes(chart_png(found))
    return path


def chat_figure_reply(source: FigureSource | None, text: str, charts_dir: Path | None) -> Reply:
    """`/figure TEXT` in `newsdesk chat`: the Slack reply, plus the path of the saved chart."""
    answer = answer_figures(source, text)
    if not (answer.chartable and charts_dir is not None and answer.found is not None):
        return answer.reply
    path = save_chart(answer.found, charts_dir)
    chart_line = context(f"Chart: {escape(str(path))}")
    return Reply(answer.reply.text, [*answer.reply.blocks, chart_line])
