"""Slack failing under the bot: bounded retries, one post at most, and the asker is told."""

from __future__ import annotations

import logging

import payloads
import pytest
from fake_slack import FakeSlack
from fakes import FakeAsker
from signed import SlackSender
from slack_bolt import App

from bot.answering import Answerer
from bot.app import build_app
from bot.config import Settings
from bot.listeners.common import UNCONFIRMED
from bot.web_client import build_web_client

POST = "chat.postMessage"
EPHEMERAL = "chat.postEphemeral"


@pytest.fixture
def app(settings: Settings, answerer: Answerer) -> App:
    """The app with a 1-second client timeout, so a slow Slack is quick to test."""
    return build_app(settings, answerer, client=build_web_client(settings, timeout=1))


def ask(slack: SlackSender, ts: str) -> None:
    event = payloads.mention("<@UBOT> how many troops?", ts=ts)
    assert slack.event(payloads.event_callback(event, f"Ev{ts}")).status == 200


def still_answers(slack: SlackSender, fake_slack: FakeSlack) -> None:
    """The bot is up and answers the next question once."""
    before = len(fake_slack.ok_calls(POST))
    ask(slack, "1700000999.000001")
    fake_slack.wait_for(POST, before + 1, timeout=10)
    fake_slack.settle()
    assert len(fake_slack.ok_calls(POST)) == before + 1


@pytest.mark.parametrize(
    ("status", "attempts"),
    [(429, 4), (503, 3)],  # 1 + RateLimitErrorRetryHandler(3); 1 + ServerErrorUnlessPosted(2)
)
def test_persistent_rate_limits_and_server_errors_give_up_and_tell_the_asker(
    slack: SlackSender, fake_slack: FakeSlack, status: int, attempts: int
) -> None:
    fake_slack.fail_next(10, status=status, retry_after=0, method=POST)
    ask(slack, "1700000100.000100")
    (told,) = fake_slack.wait_for(EPHEMERAL, timeout=15)
    assert told.params["user"] == payloads.USER
    assert told.params["text"].startswith("Sorry, I could not post my answer")
    assert told.params["thread_ts"] == "1700000100.000100"
    tries = [c for c in fake_slack.calls if c.method == POST]
    assert [c.status for c in tries] == [status] * attempts
    fake_slack._failures.clear()
    still_answers(slack, fake_slack)


@pytest.mark.parametrize("status", [500, 502, 504])
def test_a_500_to_a_post_is_not_retried_and_the_asker_is_told_it_is_unconfirmed(
    slack: SlackSender, fake_slack: FakeSlack, status: int
) -> None:
    fake_slack.fail_next(1, status=status, method=POST)  # Slack may have stored it first
    ask(slack, "1700000100.000150")
    (told,) = fake_slack.wait_for(EPHEMERAL, timeout=10)
    assert told.params["text"] == UNCONFIRMED
    fake_slack.settle(0.5)
    assert [c.status for c in fake_slack.calls if c.method == POST] == [status]
    still_answers(slack, fake_slack)


@pytest.mark.parametrize("status", [500, 502, 504])
def test_a_500_to_a_call_that_posts_nothing_is_retried(
    settings: Settings, fake_slack: FakeSlack, status: int
) -> None:
    client = build_web_client(settings, timeout=1)
    fake_slack.fail_next(2, status=status, method="conversations.history")
    assert client.conversations_history(channel="C0TEST")["ok"]
    statuses = [c.status for c in fake_slack.calls if c.method == "conversations.history"]
    assert statuses == [status, status, 200]


def test_a_post_slower_than_the_timeout_is_not_posted_again(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    fake_slack.delay_next(1, seconds=2.5, method=POST)  # Slack posts it, but answers late
    ask(slack, "1700000100.000200")
    (told,) = fake_slack.wait_for(EPHEMERAL, timeout=10)
    assert told.params["text"] == UNCONFIRMED
    fake_slack.settle(1.0)
    assert len([c for c in fake_slack.calls if c.method == POST]) == 1  # never twice
    still_answers(slack, fake_slack)


def test_invalid_auth_is_logged_once_and_the_bot_stays_up(
    slack: SlackSender, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="bot")
    fake_slack.fail_next(1, status=200, error="invalid_auth", method=POST)
    ask(slack, "1700000100.000300")
    fake_slack.settle(0.5)
    assert len([c for c in fake_slack.calls if c.method == POST]) == 1  # no retry
    assert fake_slack.ok_calls(EPHEMERAL) == []  # nothing can be posted with a bad token
    assert "Slack refused the bot token (invalid_auth)" in caplog.text
    still_answers(slack, fake_slack)


def test_a_rate_limited_answer_to_a_resent_event_is_posted_once(
    slack: SlackSender, fake_slack: FakeSlack, asker: FakeAsker
) -> None:
    """Slack resends an event it thinks failed; the resend is not answered again."""
    fake_slack.fail_next(1, status=429, retry_after=0, method=POST)
    payload = payloads.event_callback(payloads.mention("<@UBOT> troops?"), "EvTWICE")
    slack.event(payload)
    slack.event(payload, retry_num=1)
    fake_slack.wait_for(POST, timeout=10)
    fake_slack.settle(0.5)
    assert len(fake_slack.ok_calls(POST)) == 1 and len(asker.questions) == 1


def test_too_long_questions_get_a_clear_message(slack: SlackSender, fake_slack: FakeSlack) -> None:
    long = "<b>troops</b> " * 100
    response = slack.command(payloads.slash("/ask", long, fake_slack.response_url()))
    assert (response.status, response.body) == (200, "")
    message = fake_slack.only_ack_message()
    # as a mention is told (Answerer, from the corpus's BadInput) and the CLI (index/errors.py)
    assert message == (
        "Sorry, the question is too long (1,399 characters; the limit is 1,000). "
        "Please ask a shorter question."
    )
