"""`newsdesk chat`: a prompt that answers questions about the indexed coverage."""

from __future__ import annotations

from pathlib import Path

import click

from bot.render_text import render_answer_text
from index import Corpus, NewsdeskError


def run_chat(corpus: Corpus, data_dir: Path) -> None:
    stats = corpus.stats()
    click.echo(
        f"{stats.articles} articles, {stats.passages} passages in {data_dir}. "
        "Ask a question (Ctrl-D to quit)."
    )
    while True:
        try:
            line = input("> ")
        except (EOFError, KeyboardInterrupt):
            click.echo("")
            return
        if not line.strip():
            continue
        try:
            click.echo(render_answer_text(corpus.ask(line)) + "\n")
        except NewsdeskError as exc:
            click.echo(f"error: {exc}")
