"""Mentions in channels, follow-ups in the bot's threads, and direct messages."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext

from bot.answering import (
    Answerer,
    addressed_to_someone,
    help_reply,
    looks_like_a_question,
    question_from_message,
)
from bot.listeners.common import ack_now, apologizing, post_reply

log = logging.getLogger(__name__)

# A message with one of these subtypes is a user asking something; others are edits, joins, bots.
_USER_SUBTYPES = (None, "thread_broadcast", "file_share")


def register(app: App, answerer: Answerer) -> None:
    # The app's own client, not Bolt's per-request copy: that one adds team_id to every call,
    # a parameter Slack's published spec does not list for these methods.
    client = app.client

    def reply_to(
        event: dict[str, Any],
        thread_ts: str | None,
        bot_user_id: str | None,
        overheard: bool = False,
    ) -> None:
        """Answer the message. An `overheard` one (a follow-up in the bot's thread with no
        mention) is answered only if it reads as a question: colleagues talk in those threads
        too, and "thanks!" finds an article's "Thank you" as readily as a question its answer."""
        channel, ts = event["channel"], event["ts"]
        if not answerer.store.claim_message(channel, ts):
            log.info("message %s/%s already answered", channel, ts)
            return
        if thread_ts is not None and event.get("channel_type") != "im":
            answerer.store.remember_thread(channel, thread_ts)
        with apologizing(client, channel, thread_ts, "answer"):
            text = event.get("text", "")
            question = question_from_message(text)
            if overheard and (addressed_to_someone(text) or not looks_like_a_question(question)):
                log.info("follow-up %s/%s is not a question: no reply", channel, ts)
                return
            if question:
                reply = answerer.answer(question, channel, event.get("user", ""))
            else:
                reply = help_reply(bot_user_id)
            post_reply(client, channel, thread_ts, event.get("user", ""), reply.as_kwargs())

    def answer_mention(event: dict[str, Any], context: BoltContext) -> None:
        """A mention in a channel: answer in a thread under the question (not another bot's:
        two bots answering each other never stop)."""
        if event.get("bot_id") or event.get("subtype") == "bot_message":
            return
        reply_to(event, event.get("thread_ts") or event["ts"], context.bot_user_id)

    def answer_message(event: dict[str, Any], context: BoltContext) -> None:
        """A DM, or a follow-up without a mention in a thread the bot has answered in."""
        if event.get("subtype") not in _USER_SUBTYPES or event.get("bot_id"):
            return
        thread_ts = event.get("thread_ts")
        if event.get("channel_type") == "im":
            reply_to(event, thread_ts, context.bot_user_id)
            return
        if thread_ts is None:
            return
        if context.bot_user_id and f"<@{context.bot_user_id}>" in event.get("text", ""):
            return  # the app_mention event for this message answers it
        if answerer.store.is_bot_thread(event["channel"], thread_ts):
            reply_to(event, thread_ts, context.bot_user_id, overheard=True)

    app.event("app_mention")(ack=ack_now, lazy=[answer_mention])
    app.event("message")(ack=ack_now, lazy=[answer_message])
