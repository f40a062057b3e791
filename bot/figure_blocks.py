"""Block Kit for `/figure`: each group's summary, then each figure with its verbatim sentence.

Built from bot/blocks.py's pieces, so a figure's sentence is a rich_text quote (shown
literally, with the number in bold) and its source line is escaped like an answer's.
"""

from __future__ import annotations

from bot.blocks import (
    MAX_BLOCKS,
    MAX_ECHO_CHARS,
    MAX_FALLBACK_CHARS,
    Block,
    clip,
    clip_mrkdwn,
    context,
    escape,
    quote_block,
    section,
    source_line,
)
from index.figure_lookup import Figure, FigureGroup, FigureLookup
from index.models import Quote

BLOCKS_PER_FIGURE = 2  # its line and its quote


def echo(topic: str) -> str:
    """The topic as it may be shown back in mrkdwn: clipped and escaped."""
    return escape(clip(topic, MAX_ECHO_CHARS))


def value_text(figure: Figure) -> str:
    """The number as written, with its hedge: "as many as 12,000"."""
    return f"{figure.hedge} {figure.text}" if figure.hedge else figure.text


def figure_quote(figure: Figure) -> Quote:
    """The figure's sentence as a Quote whose key is the number, so the quote shows it in bold
    (where it stands: "12" in "said 12 soldiers were killed" is not the one in "112")."""
    if figure.number_start is not None and figure.number_end is not None:
        key_start, key_end = figure.number_start, figure.number_end
    else:
        at = figure.sentence.find(figure.text)
        key_start = figure.start + max(at, 0)
        key_end = key_start + (len(figure.text) if at >= 0 else 0)
    return Quote(
        text=figure.sentence,
        start=figure.start,
        end=figure.end,
        key_start=key_start,
        key_end=key_end,
        score=0.0,
        source=figure.source,
    )


def figure_line(figure: Figure, group_what: str) -> str:
    """ "*as many as 12,000* — Kyrylo Budanov · Outlet · <url|Title> · date", escaped."""
    head = f"*{escape(value_text(figure))}*"
    if figure.what and figure.what != group_what:
        head += f" {escape(figure.what)}"
    if figure.rate:
        head += f" a {escape(figure.rate)}"
    who = f"{escape(figure.claimant)} · " if figure.claimant else ""
    return f"{head} — {who}{source_line(figure_quote(figure))}"


def figure_blocks(group: FigureGroup, figure: Figure) -> list[Block]:
    return [section(figure_line(figure, group.what)), quote_block(figure_quote(figure))]


def no_figures_text(found: FigureLookup) -> str:
    """ "No figures on “X”. Nearest topics with figures: “a”, “b”." in mrkdwn."""
    line = f"No figures on “{echo(found.topic)}”."
    if found.nearest:
        nearest = ", ".join(f"“{escape(t)}”" for t in found.nearest)
        return f"{line} Nearest topics with figures: {nearest}."
    return f"{line} The index holds no figures yet."


def lookup_blocks(found: FigureLookup, *, private: bool = True) -> list[Block]:
    """The groups, biggest first, within Slack's 50 blocks; the rest counted in a last line."""
    blocks: list[Block] = []
    if private:
        blocks.append(context(f"You asked for figures on “{echo(found.topic)}”"))
    if not found.groups:
        return [*blocks, section(no_figures_text(found))]
    total = sum(len(g.figures) for g in found.groups)
    shown = 0
    room = MAX_BLOCKS - len(blocks) - 1  # one kept for the "and N more" line
    for group in found.groups:
        if room < 1 + BLOCKS_PER_FIGURE:
            break
        blocks.append(section(f"*{escape(group.summary)}*"))
        room -= 1
        for figure in group.figures:
            if room < BLOCKS_PER_FIGURE:
                break
            blocks.extend(figure_blocks(group, figure))
            room -= BLOCKS_PER_FIGURE
            shown += 1
    if shown < total:
        left = total - shown
        blocks.append(context(f"…and {left} more figure{'s' if left != 1 else ''} not shown."))
    return blocks


def lookup_text(found: FigureLookup) -> str:
    """The `text` fallback: the group summaries, or the no-figures line."""
    if not found.groups:
        return clip_mrkdwn(no_figures_text(found), MAX_FALLBACK_CHARS)
    summaries = "; ".join(escape(g.summary) for g in found.groups)
    return clip_mrkdwn(f"Figures on “{echo(found.topic)}”: {summaries}", MAX_FALLBACK_CHARS)
