"""Tokens and the signing secret never reach the logs, even at DEBUG with Slack's own loggers."""

from __future__ import annotations

import json
import logging
from dataclasses import replace

import payloads
import pytest
from fake_slack import RESPONSE_URL, TOKEN, FakeSlack
from signed import SIGNING_SECRET, SlackSender, post, signed_headers

from bot.answering import Answerer
from bot.app import build_app
from bot.config import Settings

APP_TOKEN = "xapp-1-A0TEST-0000-secretapptoken"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The HTTP settings with an app token too, so that every secret is in the process."""
    return replace(settings, app_token=APP_TOKEN)


def test_no_token_or_secret_in_debug_logs(
    slack: SlackSender, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("slack_sdk", "slack_bolt", "bot", "index", "urllib3"):
        caplog.set_level(logging.DEBUG, logger=name)
    slack.event(payloads.event_callback(payloads.mention("<@UBOT> how many troops?")))
    fake_slack.wait_for("chat.postMessage")
    slack.command(payloads.slash("/ask", "how many troops?", fake_slack.response_url()))
    (private,) = fake_slack.wait_for(RESPONSE_URL)
    value = private.params["blocks"][-1]["elements"][0]["value"]
    slack.action(
        payloads.block_action(
            "feedback_helpful", value, fake_slack.response_url("r2"), ephemeral=True
        )
    )
    fake_slack.wait_for(RESPONSE_URL, 2)
    fake_slack.fail_next(1, status=429, retry_after=0, method="chat.postMessage")
    slack.event(payloads.event_callback(payloads.mention("<@UBOT> uniforms?", ts="17.2"), "Ev2"))
    fake_slack.wait_for("chat.postMessage", 2, timeout=10)
    body = json.dumps(payloads.event_callback(payloads.mention("<@UBOT> forged")))
    assert post(slack.url, body, signed_headers(body, secret="wrong")).status == 401
    fake_slack.settle()
    logged = caplog.text + "\n".join(str(r.args) for r in caplog.records)
    assert "Sending a request" in logged  # slack_sdk's debug output was captured
    for secret in (TOKEN, APP_TOKEN, SIGNING_SECRET):
        assert secret not in logged
    assert "xoxb-" not in logged and "xapp-" not in logged


def test_building_the_app_with_the_token_in_the_environment_warns_of_nothing(
    settings: Settings,
    answerer: Answerer,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Bolt reads SLACK_BOT_TOKEN itself and, given a client too, warned that the token "will be
    # unused" at every start: the client holds that same token.
    monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
    caplog.set_level(logging.WARNING)
    build_app(settings, answerer)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_the_slack_libraries_never_log_at_debug_however_verbose() -> None:
    """Their debug lines hold message bodies and response_urls, which can post for 30 min."""
    from bot.cli import _no_slack_debug, configure_logging

    names = ("slack_sdk", "slack_bolt")
    saved = [logging.getLogger(n).level for n in names]
    try:
        configure_logging(2)  # -vv
        for name in (*names, "slack_sdk.web.base_client"):
            assert logging.getLogger(name).getEffectiveLevel() == logging.INFO
        configure_logging(0)
        assert logging.getLogger("slack_sdk").getEffectiveLevel() == logging.WARNING
        # Bolt sets its App logger to the root's level: a filter drops its debug lines.
        bolt = logging.getLogger("slack_bolt.App")
        debug = logging.LogRecord("slack_bolt.App", logging.DEBUG, "", 0, "body: x", None, None)
        info = logging.LogRecord("slack_bolt.App", logging.INFO, "", 0, "started", None, None)
        assert [bool(bolt.filter(r)) for r in (debug, info)] == [False, True]
    finally:
        for name, level in zip(names, saved, strict=True):
            logging.getLogger(name).setLevel(level)
        logging.getLogger("slack_bolt.App").removeFilter(_no_slack_debug)
