"""Events through the real HTTP adapter: mentions, DMs, thread follow-ups, retries, Home."""

from __future__ import annotations

import threading

import payloads
from fake_slack import FakeSlack
from fakes import TIME_NEWS, FakeAsker, seed_text
from signed import SlackSender

from bot.store import BotStore


def quote_texts(blocks: list[dict]) -> list[str]:
    return [
        "".join(part["text"] for part in block["elements"][0]["elements"])
        for block in blocks
        if block["type"] == "rich_text"
    ]


def test_mention_gets_a_threaded_reply_quoting_the_right_article(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    event = payloads.mention("<@UBOT> How many North Korean troops are in Russia?")
    response = slack.event(payloads.event_callback(event))
    assert response.status == 200  # acked before the answer: test_acks_do_not_wait_for_slow_...
    (call,) = fake_slack.wait_for("chat.postMessage")
    assert call.params["channel"] == payloads.CHANNEL
    assert call.params["thread_ts"] == event["ts"]
    first = quote_texts(call.params["blocks"])[0]
    assert first in seed_text(TIME_NEWS)
    assert "as many as 12,000 North Korean soldiers" in first
    assert "North Korean Troops in Russian Uniforms" in str(call.params["blocks"][1])
    assert call.params["text"].startswith("Time News: “Intelligence reports")


def test_bare_mention_gets_help(
    slack: SlackSender, fake_slack: FakeSlack, asker: FakeAsker
) -> None:
    slack.event(payloads.event_callback(payloads.mention("<@UBOT>")))
    (call,) = fake_slack.wait_for("chat.postMessage")
    assert "/ask QUESTION" in call.params["blocks"][0]["text"]["text"]
    assert asker.questions == []


def test_question_text_is_unescaped_before_asking(
    slack: SlackSender, fake_slack: FakeSlack, asker: FakeAsker
) -> None:
    slack.event(payloads.event_callback(payloads.mention("<@UBOT> AT&amp;T &lt;uniforms&gt;?")))
    fake_slack.wait_for("chat.postMessage")
    assert asker.questions == ["AT&T <uniforms>?"]


def test_direct_message_is_answered_in_the_dm(slack: SlackSender, fake_slack: FakeSlack) -> None:
    event = payloads.message(
        "what about uniforms?", "1700000100.000200", channel="D0DM", channel_type="im"
    )
    slack.event(payloads.event_callback(event))
    (call,) = fake_slack.wait_for("chat.postMessage")
    assert call.params["channel"] == "D0DM"
    assert "thread_ts" not in call.params
    assert "Russian uniforms" in quote_texts(call.params["blocks"])[0]


def test_follow_up_in_an_answered_thread_needs_no_mention(
    slack: SlackSender, fake_slack: FakeSlack, asker: FakeAsker
) -> None:
    question = payloads.mention("<@UBOT> how many troops?", ts="1700000100.000300")
    slack.event(payloads.event_callback(question))
    fake_slack.wait_for("chat.postMessage")
    follow_up = payloads.message("and the uniforms?", "1700000100.000400", thread_ts=question["ts"])
    slack.event(payloads.event_callback(follow_up))
    calls = fake_slack.wait_for("chat.postMessage", 2)
    assert calls[1].params["thread_ts"] == question["ts"]
    assert asker.questions == ["how many troops?", "and the uniforms?"]


def test_talk_between_colleagues_in_the_bots_thread_gets_no_reply(
    slack: SlackSender, fake_slack: FakeSlack, asker: FakeAsker
) -> None:
    question = payloads.mention("<@UBOT> how many troops?", ts="1700000100.000300")
    slack.event(payloads.event_callback(question))
    fake_slack.wait_for("chat.postMessage")
    for n, text in enumerate(["Ok, I'll call the Seoul bureau", "lunch?", "thanks!"]):
        chat = payloads.message(text, f"1700000100.00041{n}", thread_ts=question["ts"])
        slack.event(payloads.event_callback(chat))
    unanswered = payloads.message(
        "what did Beijing say about it?", "1700000100.000420", thread_ts=question["ts"]
    )
    slack.event(payloads.event_callback(unanswered))  # a question: "does not say" is an answer
    calls = fake_slack.wait_for("chat.postMessage", 2)
    fake_slack.settle()
    assert len(fake_slack.ok_calls("chat.postMessage")) == 2
    assert "does not say" in calls[1].params["text"]
    # Talk is not even searched ("thanks!" finds an article's "Thank you"); order may vary.
    assert sorted(asker.questions) == ["how many troops?", "what did Beijing say about it?"]


def test_a_question_to_a_colleague_in_the_bots_thread_gets_no_reply(
    slack: SlackSender, fake_slack: FakeSlack, asker: FakeAsker
) -> None:
    question = payloads.mention("<@UBOT> how many troops?", ts="1700000100.000300")
    slack.event(payloads.event_callback(question))
    fake_slack.wait_for("chat.postMessage")
    to_alice = payloads.message(
        "<@U0ALICE> can you check that with Seoul?", "1700000100.000430", thread_ts=question["ts"]
    )
    slack.event(payloads.event_callback(to_alice))
    fake_slack.settle()
    assert len(fake_slack.ok_calls("chat.postMessage")) == 1
    assert asker.questions == ["how many troops?"]


def test_a_message_with_a_file_is_answered_and_other_bots_mentions_are_not(
    slack: SlackSender, fake_slack: FakeSlack, asker: FakeAsker
) -> None:
    with_file = payloads.message(
        "how many troops?", "1700000100.000900", channel="D0DM", channel_type="im",
        subtype="file_share",
    )  # fmt: skip
    slack.event(payloads.event_callback(with_file))
    from_bot = payloads.mention("<@UBOT> how many soldiers?", ts="1700000100.001000")
    from_bot["bot_id"] = "B0ECHO"
    slack.event(payloads.event_callback(from_bot))
    (call,) = fake_slack.wait_for("chat.postMessage")
    fake_slack.settle()
    assert call.params["channel"] == "D0DM"
    assert len(fake_slack.ok_calls("chat.postMessage")) == 1
    assert asker.questions == ["how many troops?"]


def test_messages_outside_the_bots_threads_are_ignored(
    slack: SlackSender, fake_slack: FakeSlack, asker: FakeAsker
) -> None:
    for event in (
        payloads.message("how many troops?", "1700000100.000500"),  # top level, no mention
        payloads.message("how many troops?", "1700000100.000600", thread_ts="1690000000.1"),
        payloads.message(
            "edited", "1700000100.000700", channel_type="im", subtype="message_changed"
        ),
        payloads.message("from a bot", "1700000100.000800", channel_type="im", bot_id="B2"),
    ):
        assert slack.event(payloads.event_callback(event)).status == 200
    fake_slack.settle()
    assert fake_slack.ok_calls("chat.postMessage") == []
    assert asker.questions == []


def test_mention_in_thread_arrives_twice_and_is_answered_once(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    """Slack sends app_mention and message.channels for one message; answer it once."""
    first = payloads.mention("<@UBOT> how many troops?", ts="1700000100.000900")
    slack.event(payloads.event_callback(first))
    fake_slack.wait_for("chat.postMessage")
    text = "<@UBOT> and uniforms?"
    again_mention = payloads.mention(text, ts="1700000101.000100", thread_ts=first["ts"])
    again_message = payloads.message(text, "1700000101.000100", thread_ts=first["ts"])
    slack.event(payloads.event_callback(again_message))
    slack.event(payloads.event_callback(again_mention))
    fake_slack.wait_for("chat.postMessage", 2)
    fake_slack.settle()
    assert len(fake_slack.ok_calls("chat.postMessage")) == 2


def test_retried_event_is_answered_once(
    slack: SlackSender, fake_slack: FakeSlack, asker: FakeAsker
) -> None:
    payload = payloads.event_callback(payloads.mention("<@UBOT> how many troops?"), "Ev0RETRY")
    assert slack.event(payload).status == 200
    assert slack.event(payload, retry_num=1).status == 200
    assert slack.event(payload, retry_num=2).status == 200
    fake_slack.wait_for("chat.postMessage")
    fake_slack.settle()
    assert len(fake_slack.ok_calls("chat.postMessage")) == 1
    assert len(asker.questions) == 1


def test_seen_events_survive_a_restart(settings, fake_slack: FakeSlack) -> None:  # type: ignore[no-untyped-def]
    store = BotStore(settings.db_path)
    assert store.claim_event("Ev1")
    store.close()
    reopened = BotStore(settings.db_path)
    assert not reopened.claim_event("Ev1")
    reopened.close()


def test_429_is_retried_after_retry_after_and_the_reply_arrives_once(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    fake_slack.fail_next(1, status=429, retry_after=1, method="chat.postMessage")
    slack.event(payloads.event_callback(payloads.mention("<@UBOT> how many troops?")))
    (call,) = fake_slack.wait_for("chat.postMessage", timeout=10)
    limited = [c for c in fake_slack.calls if c.method == "chat.postMessage" and not c.ok]
    assert len(limited) == 1 and limited[0].status == 429
    assert call.at - limited[0].at >= 1.0  # waited for Retry-After
    fake_slack.settle()
    assert len(fake_slack.ok_calls("chat.postMessage")) == 1


def test_unavailable_errors_are_retried(slack: SlackSender, fake_slack: FakeSlack) -> None:
    fake_slack.fail_next(2, status=503, method="chat.postMessage")
    slack.event(payloads.event_callback(payloads.mention("<@UBOT> how many troops?")))
    fake_slack.wait_for("chat.postMessage", timeout=10)
    fake_slack.settle()
    assert len(fake_slack.ok_calls("chat.postMessage")) == 1


def test_a_failing_search_is_reported_to_the_user(
    slack: SlackSender, fake_slack: FakeSlack, asker: FakeAsker
) -> None:
    asker.fail = True
    slack.event(payloads.event_callback(payloads.mention("<@UBOT> how many troops?")))
    (call,) = fake_slack.wait_for("chat.postMessage")
    assert call.params["text"].startswith("Sorry, I could not search")
    assert call.params["thread_ts"] == "1700000100.000100"


def test_app_home_shows_the_corpus(slack: SlackSender, fake_slack: FakeSlack) -> None:
    event = {
        "type": "app_home_opened",
        "user": payloads.USER,
        "channel": "D0DM",
        "tab": "home",
        "event_ts": "1700000100.000100",
    }
    slack.event(payloads.event_callback(event))
    (call,) = fake_slack.wait_for("views.publish")
    assert call.params["user_id"] == payloads.USER
    assert call.params["view"]["blocks"][2]["fields"][0]["text"] == "*Articles*\n5"


def test_acks_do_not_wait_for_slow_searches(
    slack: SlackSender, fake_slack: FakeSlack, asker: FakeAsker
) -> None:
    asker.held = threading.Event()
    response = slack.event(payloads.event_callback(payloads.mention("<@UBOT> how many troops?")))
    assert response.status == 200
    assert asker.answered == 0  # acked while the search was still running
    asker.held.set()
    fake_slack.wait_for("chat.postMessage", timeout=5)


def test_links_and_channels_in_a_question_are_searched_as_the_words_shown(
    slack: SlackSender, fake_slack: FakeSlack, asker: FakeAsker
) -> None:
    text = "<@UBOT> <!here> did <#C0WORLD|world-desk> see <https://e.com/a?b=1&amp;c=2|the report>?"
    slack.event(payloads.event_callback(payloads.mention(text)))
    fake_slack.wait_for("chat.postMessage")
    assert asker.questions == ["did world-desk see the report?"]
