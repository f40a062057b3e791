"""`newsdesk figures`: the numbers the coverage reports on a topic, grouped by quantity.

bot/cli.py registers the command at its bottom, after the shared options below are defined.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import click

from bot.options import EMBEDDERS, data_option, embedder_option
from bot.render_text import printable
from index.figure_lookup import Figure, FigureLookup, all_figures, lookup_figures, open_store

WIDTH = 100


@click.command("figures", short_help="Every number reported on a topic.")
@click.argument("topic", required=False)
@click.option("--all", "show_all", is_flag=True, help="List every figure instead of a topic's.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (groups, or a flat list).")
@data_option
@embedder_option
def figures_cmd(
    topic: str | None, show_all: bool, as_json: bool, data_dir: Path, embedder: str
) -> None:
    """Figures reported on TOPIC, grouped by quantity, each with its source sentence.

    TOPIC is what is counted; it matches by meaning and by words, so "troops",
    "soldiers" and "North Korean forces" find the same figures.

    \b
    Examples:
        newsdesk figures troops
        newsdesk figures --json "North Korean forces"
        newsdesk figures --all --json
    """
    if show_all == (topic is not None):
        raise click.UsageError("give a TOPIC or --all (not both)")
    store = open_store(data_dir)
    try:
        if show_all:
            figures = all_figures(store)
            if as_json:
                click.echo(json.dumps([f.to_json() for f in figures], indent=2))
            else:
                click.echo(render_all_text(figures))
            return
        assert topic is not None
        found = lookup_figures(store, EMBEDDERS[embedder](), topic)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps([g.to_json() for g in found.groups], indent=2))
        if not found.groups:
            click.echo(no_figures_line(found), err=True)
        return
    click.echo(render_lookup_text(found))


def no_figures_line(found: FigureLookup) -> str:
    nearest = ", ".join(f"“{t}”" for t in found.nearest)
    tail = f"; the nearest topics with figures: {nearest}" if nearest else ""
    return printable(f"no figures on “{found.topic}”{tail}")


def render_lookup_text(found: FigureLookup) -> str:
    """One block per group: its summary, then each figure and its sentence."""
    if not found.groups:
        return no_figures_line(found)
    blocks = []
    for group in found.groups:
        lines = [click.style(printable(group.summary), bold=True)]
        for f in group.figures:
            lines += _figure_lines(f, show_what=f.what != group.what)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def render_all_text(figures: list[Figure]) -> str:
    if not figures:
        return "no figures indexed"
    lines = []
    for f in figures:
        lines += _figure_lines(f, show_what=True)
    return "\n".join([*lines, f"{len(figures)} figures"])


def _figure_lines(f: Figure, show_what: bool) -> list[str]:
    """ "12,000 (as many as) — Lloyd Austin · Time News · 2024-10-23 · path", then the sentence."""
    head = f.text + (f" {f.what}" if show_what and f.what else "")
    head += f" a {f.rate}" if f.rate else ""
    head += f" ({f.hedge})" if f.hedge else ""
    source = " · ".join(x for x in (f.claimant, f.source.outlet, f.source.date, f.source.path) if x)
    sentence = textwrap.fill(
        " ".join(f.sentence.split()), WIDTH, initial_indent="    ", subsequent_indent="    "
    )
    return [printable(f"  {head} — {source}"), printable(sentence)]
