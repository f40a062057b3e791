"""Processes that answer many questions settle the garbage collector once they have loaded."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot import cli as cli_module
from bot.gc_settings import YOUNG_ALLOCATIONS, settle_for_serving


@pytest.fixture
def restore_gc() -> Iterator[None]:
    before = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*before)


def test_settling_freezes_what_is_loaded_and_collects_young_objects_less_often(
    restore_gc: None,
) -> None:
    loaded = [[i] for i in range(1000)]  # start-up objects that live as long as the process
    settle_for_serving()
    assert gc.get_threshold() == (YOUNG_ALLOCATIONS, 10, 10)
    assert gc.get_freeze_count() >= len(loaded)
    assert not any(o is loaded[0] for o in gc.get_objects())  # no collection walks it again


def test_a_stream_of_questions_and_chat_settle_once_and_a_single_question_does_not(
    seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSDESK_EMBEDDER", "hash")
    monkeypatch.setenv("NEWSDESK_DATA", str(tmp_path / "data"))
    settled: list[bool] = []
    monkeypatch.setattr(cli_module, "settle_for_serving", lambda: settled.append(True))
    runner = CliRunner()
    runner.invoke(cli_module.cli, ["index", str(seeds_copy)], catch_exceptions=False)
    runner.invoke(cli_module.cli, ["ask", "Kursk"], catch_exceptions=False)
    assert settled == []
    stream = "Kursk\nKirby 3,000 soldiers\n"
    result = runner.invoke(cli_module.cli, ["ask", "--json"], input=stream, catch_exceptions=False)
    assert len(result.output.splitlines()) == 2
    assert settled == [True]
    runner.invoke(cli_module.cli, ["chat"], input="Kursk\nquit\n", catch_exceptions=False)
    assert settled == [True, True]
