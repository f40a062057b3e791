"""`newsdesk figures` end to end with the fake embedder."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.figures_cli import figures_cmd


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NEWSDESK_EMBEDDER", "hash")
    monkeypatch.setenv("NEWSDESK_DATA", str(tmp_path / "data"))
    # A copy of the group, so that the real one is left as bot/cli.py builds it.
    group = copy.copy(cli)
    group.commands = {**cli.commands, "figures": figures_cmd}
    runner = CliRunner()

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(group, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture
def indexed(run, seeds_copy: Path):  # type: ignore[no-untyped-def]
    assert run("index", str(seeds_copy)).exit_code == 0
    return run


def test_topic_groups_the_conflicting_numbers_with_their_claimants(indexed) -> None:  # type: ignore[no-untyped-def]
    result = indexed("figures", "North Korean soldiers")
    assert result.exit_code == 0
    blocks = result.output.split("\n\n")
    lines = blocks[0].splitlines()
    assert lines[0].endswith("to 12,000 North Korean soldiers reported, by 12 sources")
    assert "  11,000 — Kyrylo Budanov · " in blocks[0]
    assert "  3,000 (at least) — John Kirby · " in blocks[0]
    assert "  12,000 (around) — Lloyd Austin · Time News · " in blocks[0]
    assert any(line.startswith("    Kyrylo Budanov, head of Ukrainian military") for line in lines)
    assert (
        "Kyrylo Budanov, head of Ukrainian military intelligence, revealed that 11,000 North Korean"
        " soldiers were currently undergoing training in eastern Russia."
        in " ".join(blocks[0].split())
    )
    assert "30,000 soldiers a month reported by US officials" in result.output


def test_topic_json_is_a_list_of_groups(indexed) -> None:  # type: ignore[no-untyped-def]
    groups = json.loads(indexed("figures", "--json", "containers").output)
    assert [g["summary"] for g in groups] == [
        "13,000 containers of artillery shells reported, by 2 sources",
        "1,000 containers reported by Time News",
    ]
    assert set(groups[0]) == {"summary", "what", "unit", "year", "figures"}
    assert groups[0]["year"] is None
    assert [f["value"] for f in groups[0]["figures"]] == [13000, 13000]


def test_all_json_lists_every_figure_quoting_the_file(indexed) -> None:  # type: ignore[no-untyped-def]
    figures = json.loads(indexed("figures", "--all", "--json").output)
    assert len(figures) > 30
    for f in figures:
        assert set(f) == {
            "value", "text", "unit", "what", "hedge", "claimant", "quote", "number", "source"
        }  # fmt: skip
        assert isinstance(f["value"], int | float) and isinstance(f["what"], str)
        quote = f["quote"]
        assert (
            Path(f["source"]["path"]).read_text("utf-8")[quote["start"] : quote["end"]]
            == (quote["text"])
        )
        assert f["text"] in quote["text"]
    medvedev = next(f for f in figures if f["claimant"] == "Dmitry Medvedev")
    assert (medvedev["value"], medvedev["text"], medvedev["unit"]) == (78, "78%", "percent")


def test_all_text_lists_every_figure(indexed) -> None:  # type: ignore[no-untyped-def]
    out = indexed("figures", "--all").output
    assert "  $400 million military aid package — Lloyd Austin · " in out
    assert out.rstrip().endswith(" figures")


def test_unknown_topic_names_the_nearest_topics(indexed) -> None:  # type: ignore[no-untyped-def]
    result = indexed("figures", "weather")
    assert result.exit_code == 0
    assert result.output.startswith("no figures on “weather”; the nearest topics with figures: “")
    as_json = indexed("figures", "--json", "weather")
    assert json.loads(as_json.stdout) == []
    assert as_json.stderr.startswith("no figures on “weather”")


@pytest.mark.parametrize(
    ("topic", "message"),
    [
        ("", "error: the topic is empty"),
        ("  ", "error: the topic is empty"),
        ("x" * 5000, "error: the topic is too long (5,000 characters; the limit is 200)"),
    ],
)
def test_unusable_topic_is_one_line_and_exit_1(indexed, topic: str, message: str) -> None:  # type: ignore[no-untyped-def]
    result = indexed("figures", topic)
    assert result.exit_code == 1 and result.output.strip() == message


@pytest.mark.parametrize(
    "topic", ["<!channel>", "<!here|here> troops", "'); DROP TABLE figures; --", '"x" OR *']
)
def test_hostile_topic_is_only_data(indexed, topic: str) -> None:  # type: ignore[no-untyped-def]
    result = indexed("figures", "--json", topic)
    assert result.exit_code == 0 and isinstance(json.loads(result.stdout), list)
    assert len(json.loads(indexed("figures", "--all", "--json").output)) > 30


@pytest.mark.parametrize("args", [(), ("--all", "troops")])
def test_topic_or_all_is_required(indexed, args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    result = indexed("figures", *args)
    assert result.exit_code == 2 and "give a TOPIC or --all" in result.output


def test_no_index_is_one_line(run) -> None:  # type: ignore[no-untyped-def]
    result = run("figures", "troops")
    assert result.exit_code == 1
    assert result.output.startswith("error: no index in") and len(result.output.splitlines()) == 1
