"""A progress bar for index runs on a terminal, and nothing at all when output is piped."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from index.build import Progress as ProgressFn


@contextmanager
def index_progress() -> Iterator[ProgressFn | None]:
    """Yield a callback for build_index that drives a rich bar on stderr, or None if piped."""
    console = Console(stderr=True)
    if not console.is_terminal:
        yield None
        return
    bar = Progress(
        TextColumn("indexing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[embedded]} passages embedded"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    task = bar.add_task("index", total=None, embedded=0)

    def update(done: int, total: int, embedded: int) -> None:
        bar.update(task, completed=done, total=total, embedded=embedded)

    with bar:
        yield update
