"""The `/figure` chart: one dot per report, value against who said it where, one panel per group.

matplotlib is imported only when a chart is drawn, so the bot and the CLI start without it.
The chart uses matplotlib's object API with the Agg canvas, never pyplot's global state, and
one lock, because matplotlib's font cache is not safe across the listener threads.
"""

from __future__ import annotations

import io
import logging
import re
import threading
from typing import TYPE_CHECKING

from bot.blocks import clip
from bot.figure_blocks import value_text
from index.figure_lookup import Figure, FigureGroup, FigureLookup

if TYPE_CHECKING:
    from matplotlib.figure import Figure as MplFigure

log = logging.getLogger(__name__)

MAX_PANELS = 4  # the biggest groups; the blocks list every group
MAX_MARKS = 20  # reports per panel
WIDTH_IN = 10.0
ROW_IN = 0.4
LABEL_CHARS = 28
_LOCK = threading.Lock()
_SLUG = re.compile(r"[^a-z0-9]+")


def chart_filename(topic: str) -> str:
    """A safe file name for a topic's chart: "figures-north-korean-troops.png"."""
    slug = _SLUG.sub("-", topic.lower()).strip("-")[:60].strip("-")
    return f"figures-{slug or 'topic'}.png"


def _plain(text: str) -> str:
    """Text that matplotlib shows as written: a `$` would otherwise start mathtext."""
    return text.replace("$", r"\$")


def row_label(figure: Figure) -> str:
    """ "Kyrylo Budanov · Newslooks · 2024-10-22": who said it, where, when."""
    source = figure.source
    name = source.outlet or source.title or source.path.rsplit("/", 1)[-1]
    parts = [clip(p, LABEL_CHARS) for p in (figure.claimant, name) if p]
    if source.date:
        parts.append(source.date)
    return _plain(" · ".join(parts))


def _tick(value: float, _pos: int | None = None) -> str:
    """12,000 -> "12k", 1,200,000 -> "1.2M": short enough that ticks never overlap."""
    for scale, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= scale:
            return f"{value / scale:.3g}{suffix}"
    return f"{value:,.4g}"


def charted_groups(found: FigureLookup) -> tuple[FigureGroup, ...]:
    """The groups the chart draws: the biggest, each cut to MAX_MARKS reports that show every
    value reported (one report of each first), its title saying how many were left out."""
    out = []
    for g in found.groups[:MAX_PANELS]:
        marks = _marks(g.figures)
        left = len(g.figures) - len(marks)
        summary = f"{clip(g.summary, 60)} (+{left} more not drawn)" if left else g.summary
        out.append(FigureGroup(summary, g.what, g.unit, marks))
    return tuple(out)


def _marks(figures: tuple[Figure, ...]) -> tuple[Figure, ...]:
    if len(figures) <= MAX_MARKS:
        return figures
    firsts = {id(f) for f in {f.value: f for f in reversed(figures)}.values()}
    chosen = [f for f in figures if id(f) in firsts][:MAX_MARKS]
    rest = [f for f in figures if id(f) not in firsts][: MAX_MARKS - len(chosen)]
    keep = {id(f) for f in chosen + rest}
    return tuple(f for f in figures if id(f) in keep)  # in the group's order


def draw_chart(found: FigureLookup) -> MplFigure:
    """The chart as a matplotlib Figure (not yet rendered), one scatter mark per report."""
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    groups = charted_groups(found)
    if not groups:
        raise ValueError("no figures to chart")
    rows = [len(g.figures) for g in groups]
    height = 1.0 + sum(1.0 + ROW_IN * n for n in rows)
    fig = MplFigure(figsize=(WIDTH_IN, height), layout="constrained")
    axes = fig.subplots(len(groups), 1, squeeze=False, height_ratios=[1 + n for n in rows])[:, 0]
    fig.suptitle(_plain(clip(found.topic, 80)), fontsize=14, fontweight="bold")
    for ax, group in zip(axes, groups, strict=True):
        ys = list(range(len(group.figures)))
        values = [f.value for f in group.figures]
        ax.scatter(values, ys, s=40, zorder=3)
        for figure, y in zip(group.figures, ys, strict=True):
            ax.annotate(
                _plain(value_text(figure)),
                (figure.value, y),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
            )
        ax.set_yticks(ys, [row_label(f) for f in group.figures], fontsize=8)
        ax.set_ylim(len(ys) - 0.5, -0.5)  # the first (earliest) report on top, as in the blocks
        low, high = min(values), max(values)
        pad = (high - low) * 0.1 or abs(high) * 0.1 or 1.0
        ax.set_xlim(min(0.0, low - pad), high + pad * 3)  # room for the value labels
        ax.xaxis.set_major_locator(MaxNLocator(6))
        ax.xaxis.set_major_formatter(FuncFormatter(_tick))
        ax.grid(axis="x", alpha=0.3)
        ax.set_title(_plain(clip(group.summary, 75)), fontsize=9, loc="left")
    return fig


def chart_png(found: FigureLookup) -> bytes:
    """The chart rendered as PNG bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    with _LOCK:
        fig = draw_chart(found)
        FigureCanvasAgg(fig)
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=110)
    log.info("chart for %d groups: %d bytes", len(charted_groups(found)), out.tell())
    return out.getvalue()
