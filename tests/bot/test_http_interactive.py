"""Slash commands and buttons through the real HTTP adapter, and request verification."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable

import payloads
import pytest
from fake_slack import RESPONSE_URL, FakeSlack
from fakes import FakeAsker
from signed import SIGNING_SECRET, SlackSender, post, signed_headers

from bot.answering import parse_button_value
from bot.feedback import Verdict, list_feedback
from bot.listeners.actions import UNCONFIRMED
from bot.store import BotStore


def ask(slack: SlackSender, fake_slack: FakeSlack, text: str) -> dict:
    """Run /ask and return the private answer posted to the response_url."""
    response = slack.command(payloads.slash("/ask", text, fake_slack.response_url()))
    assert response.status == 200 and response.body == ""
    (call,) = fake_slack.wait_for(RESPONSE_URL)
    return call.params


def button(blocks: list[dict], action_id: str) -> dict:
    return next(
        e
        for b in blocks
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == action_id
    )


def test_ask_acks_at_once_and_answers_privately(
    slack: SlackSender, fake_slack: FakeSlack, asker: FakeAsker
) -> None:
    asker.held = threading.Event()
    response = slack.command(payloads.slash("/ask", "how many troops?", fake_slack.response_url()))
    assert response.status == 200
    assert asker.answered == 0  # Slack had its ack while the answer was still being found
    asker.held.set()
    (call,) = fake_slack.wait_for(RESPONSE_URL)
    assert call.params["response_type"] == "ephemeral"
    assert call.params["blocks"][0]["elements"][0]["text"] == "You asked: “how many troops?”"
    assert button(call.params["blocks"], "share_answer")["text"]["text"] == "Share in channel"
    assert fake_slack.ok_calls("chat.postMessage") == []


def test_ask_without_a_question_shows_usage(slack: SlackSender, fake_slack: FakeSlack) -> None:
    response = slack.command(payloads.slash("/ask", "  ", fake_slack.response_url()))
    assert (response.status, response.body) == (200, "")
    assert "Usage: `/ask QUESTION`" in fake_slack.only_ack_message()


@pytest.mark.parametrize("command", ["/figure", "/digest"])
def test_later_commands_are_not_available_yet(
    slack: SlackSender, fake_slack: FakeSlack, command: str
) -> None:
    response = slack.command(payloads.slash(command, "troops", fake_slack.response_url()))
    assert (response.status, response.body) == (200, "")
    assert "is not available yet" in fake_slack.only_ack_message()


def test_share_posts_the_answer_publicly_attributed_to_the_asker(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    private = ask(slack, fake_slack, "how many troops?")
    value = button(private["blocks"], "share_answer")["value"]
    slack.action(
        payloads.block_action("share_answer", value, fake_slack.response_url("r2"), ephemeral=True)
    )
    (posted,) = fake_slack.wait_for("chat.postMessage")
    assert posted.params["channel"] == payloads.CHANNEL
    assert posted.params["blocks"][0]["elements"][0]["text"] == (
        "<@U0ASKER> asked: “how many troops?”"
    )
    assert posted.params["blocks"][1] == private["blocks"][1]  # the same first quote
    assert "share_answer" not in json.dumps(posted.params["blocks"])
    deleted = fake_slack.wait_for(RESPONSE_URL, 2)[1]
    assert deleted.params["delete_original"] is True


def test_share_where_the_bot_is_not_a_member_explains(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    private = ask(slack, fake_slack, "how many troops?")
    value = button(private["blocks"], "share_answer")["value"]
    fake_slack.fail_next(1, status=200, error="not_in_channel", method="chat.postMessage")
    slack.action(
        payloads.block_action("share_answer", value, fake_slack.response_url("r2"), ephemeral=True)
    )
    notice = fake_slack.wait_for(RESPONSE_URL, 2)[1]
    assert "Invite me first" in notice.params["text"]


def test_feedback_button_is_stored_with_question_quotes_channel_and_time(
    slack: SlackSender, fake_slack: FakeSlack, store: BotStore
) -> None:
    private = ask(slack, fake_slack, "how many troops?")
    value = button(private["blocks"], "feedback_not_helpful")["value"]
    slack.action(
        payloads.block_action(
            "feedback_not_helpful", value, fake_slack.response_url("r2"), ephemeral=True
        )
    )
    thanks = fake_slack.wait_for(RESPONSE_URL, 2)[1]
    assert thanks.params["text"].startswith("Thanks")
    assert thanks.params["replace_original"] is False
    (record,) = list_feedback(store)
    assert record.verdict is Verdict.NOT_HELPFUL
    assert record.question == "how many troops?"
    assert record.channel == payloads.CHANNEL and record.user == payloads.USER
    assert [q.outlet for q in record.quotes] == ["Time News", "Newslooks", "World News"]
    assert record.created_at.endswith("+00:00")


def test_more_quotes_in_a_private_answer_pages_in_place(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    private = ask(slack, fake_slack, "how many troops?")
    more = button(private["blocks"], "more_quotes")
    assert more["text"]["text"] == "More quotes (1)"
    slack.action(
        payloads.block_action(
            "more_quotes", more["value"], fake_slack.response_url("r2"), ephemeral=True
        )
    )
    page = fake_slack.wait_for(RESPONSE_URL, 2)[1].params
    assert page["replace_original"] is True
    assert page["blocks"][1]["elements"][0]["text"] == "Quote 4 of 4"


def test_more_quotes_under_a_public_answer_posts_in_its_thread(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    slack.event(payloads.event_callback(payloads.mention("<@UBOT> how many troops?")))
    (answer,) = fake_slack.wait_for("chat.postMessage")
    more = button(answer.params["blocks"], "more_quotes")
    slack.action(
        payloads.block_action(
            "more_quotes",
            more["value"],
            fake_slack.response_url(),
            ephemeral=False,
            message_ts="1700000000.000001",
            thread_ts=answer.params["thread_ts"],
        )
    )
    page = fake_slack.wait_for("chat.postMessage", 2)[1]
    assert page.params["thread_ts"] == answer.params["thread_ts"]
    assert "Quote 4 of 4" in json.dumps(page.params["blocks"], ensure_ascii=False)


def more_quotes_button(slack: SlackSender, fake_slack: FakeSlack) -> Callable[[str], None]:
    """Ask in a channel; return a press of the public answer's More quotes button, each press
    replying to the response_url named by its argument."""
    slack.event(payloads.event_callback(payloads.mention("<@UBOT> how many troops?")))
    (answer,) = fake_slack.wait_for("chat.postMessage")
    value = button(answer.params["blocks"], "more_quotes")["value"]

    def press(name: str) -> None:
        slack.action(
            payloads.block_action(
                "more_quotes", value, fake_slack.response_url(name), ephemeral=False,
                thread_ts=answer.params["thread_ts"],
            )
        )  # fmt: skip

    return press


def test_more_quotes_pressed_twice_posts_the_page_once_and_a_refusal_is_explained(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    press = more_quotes_button(slack, fake_slack)
    fake_slack.fail_next(1, status=200, error="not_in_channel", method="chat.postMessage")
    press("r1")
    (refused,) = fake_slack.wait_for(RESPONSE_URL)
    assert "Invite me first" in refused.params["text"]
    press("r2")  # invited now: the page goes out, once; the presses race, either may win
    press("r3")
    fake_slack.wait_for("chat.postMessage", 2)
    fake_slack.wait_for(RESPONSE_URL, 2)
    fake_slack.settle()
    assert len(fake_slack.ok_calls("chat.postMessage")) == 2
    later = [c for c in fake_slack.ok_calls(RESPONSE_URL) if c.path.endswith(("/r2", "/r3"))]
    assert [c.params["text"] for c in later] == ["Those quotes are already in the thread."]


def test_an_answers_buttons_work_only_where_it_was_given(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    """Button values hold only the answer's id, and ids start over when bot.db is reset: an old
    button must not page, share or rate another conversation's answer (a private one, least)."""
    private = ask(slack, fake_slack, "how many troops?")  # in C0NEWS, to U0ASKER
    value = button(private["blocks"], "share_answer")["value"]
    for action in ("share_answer", "more_quotes", "feedback_helpful"):
        slack.action(
            payloads.block_action(
                action, value, fake_slack.response_url(action), ephemeral=False,
                channel="C0ELSEWHERE",
            )
        )  # fmt: skip
    fake_slack.wait_for(RESPONSE_URL, 4)
    fake_slack.settle()
    assert fake_slack.ok_calls("chat.postMessage") == []
    notices = [c.params["text"] for c in fake_slack.ok_calls(RESPONSE_URL)[1:]]
    assert notices == ["That answer is no longer available; please ask again."] * 3


@pytest.mark.parametrize("value", ["1:99999999999999999999", "\uff11:0", "1:-1", " 1:0", "1:0:0"])
def test_malformed_button_values_are_ignored(value: str) -> None:
    assert parse_button_value(value) is None
    assert parse_button_value("12:3") == (12, 3)


def test_unknown_answer_ids_are_explained(slack: SlackSender, fake_slack: FakeSlack) -> None:
    slack.action(
        payloads.block_action(
            "feedback_helpful", "999:0", fake_slack.response_url(), ephemeral=True
        )
    )
    (call,) = fake_slack.wait_for(RESPONSE_URL)
    assert "no longer available" in call.params["text"]


def _event_body() -> str:
    return json.dumps(payloads.event_callback(payloads.mention("<@UBOT> how many troops?")))


@pytest.mark.parametrize(
    "headers",
    [
        signed_headers(_event_body(), secret="wrong-secret"),
        {"Content-Type": "application/json"},
        {k: v for k, v in signed_headers(_event_body()).items() if k != "X-Slack-Signature"},
        signed_headers(_event_body(), timestamp=int(time.time()) - 6 * 60),
    ],
    ids=["bad-signature", "no-headers", "no-signature", "older-than-5-minutes"],
)
def test_unverified_requests_get_401_and_no_reply(
    slack: SlackSender, fake_slack: FakeSlack, asker: FakeAsker, headers: dict[str, str]
) -> None:
    body = _event_body()
    response = post(slack.url, body, headers)
    assert response.status == 401
    fake_slack.settle()
    assert fake_slack.ok_calls("chat.postMessage") == []
    assert asker.questions == []


def test_a_correctly_signed_but_altered_body_is_rejected(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    headers = signed_headers(_event_body(), SIGNING_SECRET)
    response = post(slack.url, _event_body().replace("troops", "tanks"), headers)
    assert response.status == 401


def test_where_the_bot_cannot_be_invited_it_says_so() -> None:
    from bot.listeners.common import cant_post_here

    assert "Invite me first" in cant_post_here("C0NEWS", "the answer")
    in_dm = cant_post_here("D0PEOPLE", "the answer")
    assert "Invite" not in in_dm and in_dm.startswith("I can't post the answer in a direct message")


def test_a_page_no_button_offers_is_refused_not_posted(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    slack.event(payloads.event_callback(payloads.mention("<@UBOT> how many troops?")))
    (answer,) = fake_slack.wait_for("chat.postMessage")
    answer_id = button(answer.params["blocks"], "more_quotes")["value"].split(":")[0]
    slack.action(
        payloads.block_action(
            "more_quotes", f"{answer_id}:99", fake_slack.response_url(), ephemeral=False,
            thread_ts=answer.params["thread_ts"],
        )
    )  # fmt: skip
    (notice,) = fake_slack.wait_for(RESPONSE_URL)
    fake_slack.settle()
    assert len(fake_slack.ok_calls("chat.postMessage")) == 1  # nothing posted for page 99
    assert "no longer available" in notice.params["text"]


def test_more_quotes_answered_with_a_500_stay_claimed_and_are_not_posted_twice(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    press = more_quotes_button(slack, fake_slack)
    fake_slack.fail_next(1, status=500, method="chat.postMessage")  # it may have been posted
    press("r1")
    (told,) = fake_slack.wait_for(RESPONSE_URL)
    assert told.params["text"] == UNCONFIRMED
    press("r2")
    fake_slack.wait_for(RESPONSE_URL, 2)
    fake_slack.settle()
    assert [c.status for c in fake_slack.calls if c.method == "chat.postMessage"] == [200, 500]
    assert fake_slack.ok_calls(RESPONSE_URL)[1].params["text"] == (
        "Those quotes are already in the thread."
    )


def test_share_pressed_twice_posts_the_answer_once(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    private = ask(slack, fake_slack, "how many troops?")
    value = button(private["blocks"], "share_answer")["value"]
    for name in ("r2", "r3"):
        slack.action(
            payloads.block_action(
                "share_answer", value, fake_slack.response_url(name), ephemeral=True
            )
        )
    fake_slack.wait_for("chat.postMessage")
    fake_slack.wait_for(RESPONSE_URL, 3)
    fake_slack.settle()
    assert len(fake_slack.ok_calls("chat.postMessage")) == 1
    texts = [c.params.get("text") for c in fake_slack.ok_calls(RESPONSE_URL)[1:]]
    assert "You have already shared this answer in the channel." in texts


def test_an_ask_reply_the_response_url_refuses_once_is_sent_again(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    fake_slack.fail_next(1, status=500, method=RESPONSE_URL)
    slack.command(payloads.slash("/ask", "how many troops?", fake_slack.response_url()))
    (answer,) = fake_slack.wait_for(RESPONSE_URL)
    assert answer.params["response_type"] == "ephemeral" and answer.params["blocks"]
    assert [c.status for c in fake_slack.calls if c.method == RESPONSE_URL] == [500, 200]
