"""`newsdesk digest` end to end with the fake embedder (and the fake Slack for --post)."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from fake_slack import TOKEN, FakeSlack

from bot.cli import cli
from bot.digest_cli import digest_cmd
from index.digest import iso
from index.store import Store


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seeds_copy: Path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NEWSDESK_EMBEDDER", "hash")
    monkeypatch.setenv("NEWSDESK_DATA", str(tmp_path / "data"))
    for name in ("SLACK_BOT_TOKEN", "SLACK_API_URL", "NEWSDESK_DIGEST_TZ"):
        monkeypatch.delenv(name, raising=False)
    # A copy of the group, so that the real one is left as bot/cli.py builds it.
    group = copy.copy(cli)
    group.commands = {**cli.commands, "digest": digest_cmd}
    runner = CliRunner()

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(group, list(args), catch_exceptions=False)

    assert invoke("index", str(seeds_copy)).exit_code == 0
    store = Store(tmp_path / "data")  # indexed an hour ago, so "now" is safely after it
    store.db.execute(
        "UPDATE articles SET first_indexed_at = ?",
        [iso(datetime.now(UTC) - timedelta(hours=1))],
    )
    store.close()
    return invoke


def test_json_has_the_documented_shape_and_the_troop_figures(run) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(run("digest", "--json").output)  # since a day back: nothing was posted
    assert set(data) == {"window", "articles", "stories", "figures", "figures_omitted", "outlets"}
    assert set(data["window"]) == {"start", "end", "date", "tz"}
    assert data["articles"] == 5
    story = data["stories"][0]
    assert set(story) == {"headline", "outlets", "articles", "passages"}
    assert set(story["passages"][0]) == {"text", "start", "end", "source"}
    change = next(f for f in data["figures"] if f["what"] == "North Korean soldiers")
    assert set(change) == {"kind", "what", "unit", "summary", "previous", "reports"}
    assert change["summary"].startswith("North Korean soldiers: 3,000 (John Kirby")
    assert {"John Kirby", "Lloyd Austin"} <= {r["claimant"] for r in change["reports"]}
    assert data["outlets"] == [
        {"outlet": "unknown", "articles": 3},
        {"outlet": "Time News", "articles": 1},
        {"outlet": "Warrior", "articles": 1},
    ]


def test_text_output_and_the_windows(run) -> None:  # type: ignore[no-untyped-def]
    text = run("digest", "--since", "2000-01-01").output
    assert "5 new articles from 2 outlets (3 with none named) since 2000-01-01 00:00 UTC" in text
    assert (
        "Figures new or changed" in text
        and "Coverage by outlet: unknown 3 · Time News 1 · Warrior 1" in text
    )
    dated = json.loads(run("digest", "--date", "2024-10-23", "--json").output)
    assert dated["articles"] == 1 and dated["window"]["date"] == "2024-10-23"


def test_a_day_window_ends_at_the_days_end_in_the_digest_zone(
    run, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NEWSDESK_DIGEST_TZ", "America/New_York")
    dated = json.loads(run("digest", "--date", "2024-10-23", "--json").output)
    # Not "now": the same day gives the same digest whenever it is asked for.
    assert dated["window"] == {
        "start": None, "end": "2024-10-24T04:00:00+00:00", "date": "2024-10-23",
        "tz": "America/New_York",
    }  # fmt: skip
    assert dated["articles"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "yesterday"], "is not a date and time"),
        (["--date", "2024-13-01"], "is not a date"),
        (["--since", (datetime.now(UTC) + timedelta(days=1)).isoformat()], "is in the future"),
        (["--date", (datetime.now(UTC) + timedelta(days=2)).date().isoformat()], "in the future"),
        (["--since", "2024-10-01", "--date", "2024-10-02"], "not both"),
        (["--post"], "go together"),
        (["--post", "--channel", "C1"], "error: --post needs SLACK_BOT_TOKEN"),
    ],
)
def test_mistakes_are_one_line(run, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    result = run("digest", *args)
    assert result.exit_code != 0 and message in result.output
    assert "Traceback" not in result.output


@pytest.fixture
def slack_env(monkeypatch: pytest.MonkeyPatch, fake_slack: FakeSlack) -> FakeSlack:
    """A bot token and the fake Web API in the environment, as `digest --post` reads them."""
    monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("SLACK_API_URL", fake_slack.api_url)
    return fake_slack


def test_post_sends_it_and_the_next_digest_starts_where_it_ended(run, slack_env: FakeSlack) -> None:  # type: ignore[no-untyped-def]
    fake_slack = slack_env
    result = run("digest", "--post", "--channel", "C0NEWS")
    assert result.exit_code == 0 and result.output.startswith("posted to C0NEWS (ts ")
    (call,) = fake_slack.ok_calls("chat.postMessage")
    assert call.params["channel"] == "C0NEWS" and "5 new articles" in call.params["text"]
    after = json.loads(run("digest", "--json").output)
    assert after["articles"] == 0


def test_a_post_slack_may_have_stored_is_not_called_unposted(  # type: ignore[no-untyped-def]
    run, slack_env: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    """A 500 to chat.postMessage may mean the digest is in the channel, and no retry job
    checks a manual post: the user must hear to look before posting it again."""
    slack_env.fail_next(status=500, retry_after=None, method="chat.postMessage")
    result = run("digest", "--post", "--channel", "C0NEWS")
    assert result.exit_code == 1
    assert "Slack did not confirm the digest in C0NEWS; it may have been posted: look" in (
        result.output
    )
    assert "not posted" not in result.output
    assert "digest (manual) for C0NEWS: no answer from Slack" in caplog.text
    assert "retry job" not in caplog.text


def test_with_a_schedule_a_post_to_another_channel_moves_no_start(
    run, slack_env: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NEWSDESK_DIGEST_AT", "08:00")
    monkeypatch.setenv("NEWSDESK_DIGEST_CHANNELS", "C0NEWS")
    assert run("digest", "--post", "--channel", "C0TEST").exit_code == 0
    after = json.loads(run("digest", "--json").output)
    assert after["articles"] == 5  # the daily channel has had none of them yet
