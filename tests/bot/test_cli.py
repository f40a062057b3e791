"""The `newsdesk` command end to end (fake embedder), and its docs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from fake_slack import FakeSlack

from bot.cli import cli

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NEWSDESK_EMBEDDER", "hash")
    monkeypatch.setenv("NEWSDESK_DATA", str(tmp_path / "data"))
    runner = CliRunner()

    def invoke(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(cli, list(args), input=stdin, catch_exceptions=False)

    return invoke


def test_index_then_ask_json(run, seeds_copy: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("index", str(seeds_copy))
    assert result.exit_code == 0
    assert "added 5, updated 0, unchanged 0, removed 0, skipped 0" in result.output
    again = run("index", str(seeds_copy))
    assert "added 0, updated 0, unchanged 5" in again.output
    result = run("ask", "--json", "Kyrylo Budanov 11,000 North Korean soldiers")
    data = json.loads(result.output)
    quote = data["quotes"][0]
    assert (
        Path(quote["source"]["path"]).read_text("utf-8")[quote["start"] : quote["end"]]
        == (quote["text"])
    )


def test_ask_json_reads_one_question_per_line(run, seeds_copy: Path) -> None:  # type: ignore[no-untyped-def]
    run("index", str(seeds_copy))
    result = run("ask", "--json", stdin="Kirby 3,000 soldiers\n\n" + "x" * 2000 + "\nKursk\n")
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [d.get("question", "")[:5] for d in lines] == ["Kirby", "xxxxx", "Kursk"]
    assert "too long" in lines[1]["error"] and lines[0]["quotes"]


def test_ask_text_names_the_source(run, seeds_copy: Path) -> None:  # type: ignore[no-untyped-def]
    run("index", str(seeds_copy))
    out = run("ask", "Medvedev recruitment plan 78% fulfilled").output
    assert "78% fulfilled" in out and "001_1ed963706c63bb85.txt" in out
    byline = run("ask", "Austin Pentagon news conference Kin Yong Hyun").output
    assert "— Warrior · by Jim Morris · " in byline  # 004 names its author and outlet


def test_sources_lists_metadata(run, seeds_copy: Path) -> None:  # type: ignore[no-untyped-def]
    run("index", str(seeds_copy))
    rows = json.loads(run("sources", "--json").output)
    assert len(rows) == 5
    assert {r["outlet"] for r in rows} >= {"Time News"}



def test_sources_lists_a_feed_in_line_order(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    records = [{"text": f"The council approved {n} new bus routes on Monday, the mayor said."}
               for n in range(1, 13)]  # fmt: skip
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in records))
    run("index", str(feed))
    paths = [r["path"] for r in json.loads(run("sources", "--json").output)]
    assert paths == [f"{feed}#L{n}" for n in range(1, 13)]  # #L2 before #L10


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ask", "anything"), "error: no index in"),
        (("sources",), "error: no index in"),
    ],
)
def test_user_errors_are_one_line_and_exit_non_zero(run, args, message) -> None:  # type: ignore[no-untyped-def]
    result = run(*args)
    assert result.exit_code == 1
    assert result.output.strip().startswith(message) and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_empty_question_and_unreadable_path(run, seeds_copy: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("index", str(seeds_copy))
    result = run("ask", "   ")
    assert result.exit_code == 1 and result.output.strip() == "error: the question is empty"
    result = run("index", str(tmp_path / "nope"))
    assert "skipped" in result.output and "no such file or folder" in result.output


def test_index_names_metadata_it_ignored_without_counting_it_skipped(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("Troops moved toward Kursk on Friday, officials said.\n")
    (src / "a.meta.json").write_text('{"title": "Kursk",\n "date": }')
    out = run("index", str(src)).output
    assert "added 1, updated 0, unchanged 0, removed 0, skipped 0" in out
    ignored = f"  ignored {src / 'a.meta.json'}: sidecar ignored: invalid JSON at line 2, column 10"
    assert ignored in out


def test_data_flag_on_group_and_command(tmp_path: Path, seeds_copy: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NEWSDESK_EMBEDDER", "hash")
    monkeypatch.delenv("NEWSDESK_DATA", raising=False)
    runner = CliRunner()
    runner.invoke(cli, ["--data", str(tmp_path / "g"), "index", str(seeds_copy)])
    assert (tmp_path / "g" / "newsdesk.db").exists()
    runner.invoke(cli, ["index", "--data", str(tmp_path / "c"), str(seeds_copy)])
    assert (tmp_path / "c" / "newsdesk.db").exists()


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    missing = [name for name in cli.commands if f"newsdesk {name}" not in readme]
    assert not missing, f"commands missing from README.md: {missing}"


def test_serve_with_an_unreachable_slack_api_is_one_clear_line(  # type: ignore[no-untyped-def]
    run, seeds_copy: Path, monkeypatch
) -> None:
    run("index", str(seeds_copy))
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "secret")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")  # nothing listens on port 9
    result = run("serve", "--http", "--port", "39999", "--host", "127.0.0.1")
    assert result.exit_code == 1
    assert result.output.startswith("error: cannot start the Slack app:")
    assert "Traceback" not in result.output and "xoxb-test" not in result.output


@pytest.mark.parametrize(
    ("status", "error", "said"),
    [
        (503, None, "Slack's API answered HTTP 503 to auth.test; try again when it is back"),
        (200, "invalid_auth", "Slack refused SLACK_BOT_TOKEN (invalid_auth); check the token"),
    ],
)
def test_serve_tells_a_slack_outage_from_a_refused_token(  # type: ignore[no-untyped-def]
    run, seeds_copy: Path, monkeypatch, fake_slack: FakeSlack,
    status: int, error: str | None, said: str,
) -> None:  # fmt: skip
    run("index", str(seeds_copy))
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "secret")
    monkeypatch.setenv("SLACK_API_URL", fake_slack.api_url)
    fake_slack.fail_next(3, status=status, error=error, method="auth.test")  # every try
    result = run("serve", "--http", "--port", "39999", "--host", "127.0.0.1")
    assert result.exit_code == 1
    assert result.output.startswith(f"error: cannot start the Slack app: {said}")
    assert "invalid" not in result.output or error == "invalid_auth"
    assert "xoxb-test" not in result.output


def test_undecodable_bytes_in_a_question_are_one_error_line(run, seeds_copy: Path) -> None:  # type: ignore[no-untyped-def]
    run("index", str(seeds_copy))
    bad = b"\xff\xfe troops?".decode("utf-8", "surrogateescape")  # as Python reads such bytes
    single = run("ask", bad)
    assert (
        single.exit_code == 1
        and single.output.strip() == "error: the question is not valid UTF-8 text"
    )


def test_a_data_folder_that_cannot_be_made_is_one_error_line(
    run, seeds_copy: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run("--data", str(blocker / "sub"), "index", str(seeds_copy))
    assert result.exit_code == 1 and "Traceback" not in result.output
    (line,) = result.output.strip().splitlines()
    assert line.startswith("error: ") and "data folder" in line


def test_undecodable_bytes_on_stdin_cost_one_line_not_the_batch(
    run, seeds_copy: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    run("index", str(seeds_copy))
    env = {**os.environ, "NEWSDESK_EMBEDDER": "hash", "NEWSDESK_DATA": str(tmp_path / "data")}
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ask", "--json"],
        input=b"Kirby 3,000 soldiers\n\xff\xfe troops?\nKursk\n",
        capture_output=True, env=env, cwd=REPO, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    lines = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [bool(d.get("quotes")) for d in lines] == [True, False, True]
    assert lines[1]["error"] == "the question is not valid UTF-8 text"


def test_a_path_that_does_not_exist_exits_1_after_indexing_the_rest(
    run, seeds_copy: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    result = run("index", str(seeds_copy), str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert "added 5" in result.output
    assert result.output.strip().endswith(f"error: no such file or folder: {tmp_path / 'nope'}")


def test_control_characters_are_not_part_of_a_question(run, seeds_copy: Path) -> None:  # type: ignore[no-untyped-def]
    run("index", str(seeds_copy))
    only = run("ask", "\x00\x07")
    assert only.exit_code == 1 and only.output.strip() == "error: the question is empty"
    data = json.loads(run("ask", "--json", "Kirby\x07 3,000\x00 soldiers").output)
    assert data["question"] == "Kirby 3,000 soldiers" and data["quotes"]


def test_escape_sequences_in_an_article_never_reach_the_terminal(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "docs"
    folder.mkdir()
    hostile = "Officials said \x1b[2J\x1b]0;pwned\x07 that 44 tanks crossed the river on Monday."
    (folder / "a.txt").write_text(f"Screen Clearing Test Article\n\n{hostile}\n")
    run("index", str(folder))
    shown = run("ask", "44 tanks crossed the river").output + run("sources").output
    assert "\x1b[2J" not in shown and "\x07" not in shown and "\x1b]0" not in shown
    assert "\ufffd[2J" in shown  # shown as replacement characters, in place
    data = json.loads(run("ask", "--json", "44 tanks crossed the river").output)
    assert "\x1b[2J" in data["quotes"][0]["text"]  # the data keeps the article verbatim


def test_feedback_json_gives_the_verdict_as_its_value(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from bot.feedback import Verdict, record_feedback
    from bot.store import BotStore
    from index.models import Answer

    store = BotStore(tmp_path / "data" / "bot.db")
    answer_id = store.save_answer(Answer("how many?", False), "C1", "U1")
    record_feedback(store, answer_id, 0, Verdict.NOT_HELPFUL, "C1", "U2")
    store.close()
    (line,) = run("feedback", "--json").output.splitlines()
    assert json.loads(line)["verdict"] == "not_helpful"
    assert run("feedback").output.strip().endswith("1 vote")


def test_a_second_sigterm_while_stopping_is_ignored() -> None:
    import signal

    from bot.cli import _interrupt

    before = signal.getsignal(signal.SIGTERM)
    try:
        with pytest.raises(KeyboardInterrupt):
            _interrupt(signal.SIGTERM, None)  # the first stops the bot
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_IGN  # a second waits its turn
    finally:
        signal.signal(signal.SIGTERM, before)
