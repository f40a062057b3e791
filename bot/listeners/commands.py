"""Slash commands: /ask answers privately; /figure and /digest are placeholders for now."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.answering import Answerer, question_from_message, unavailable_reply
from bot.listeners.common import APOLOGY

log = logging.getLogger(__name__)

ASK_USAGE = "Usage: `/ask QUESTION`, for example `/ask How many North Korean troops are in Russia?`"


def register(app: App, answerer: Answerer) -> None:
    def ack_ask(ack: Ack, command: dict[str, Any]) -> None:
        if question_from_message(command.get("text", "")):
            ack()
        else:
            ack(text=ASK_USAGE)

    def answer_ask(command: dict[str, Any], respond: Respond) -> None:
        """Answer privately through the response_url, which works in any channel or DM."""
        question = question_from_message(command.get("text", ""))
        if not question:
            return
        try:
            reply = answerer.answer(
                question, command.get("channel_id", ""), command.get("user_id", ""), private=True
            )
        except Exception:
            log.exception("/ask failed in %s", command.get("channel_id"))
            respond(text=APOLOGY, response_type="ephemeral")
            return
        respond(response_type="ephemeral", **reply.as_kwargs())

    def not_available(ack: Ack, command: dict[str, Any]) -> None:
        ack(text=unavailable_reply(command.get("command", "")).text)

    app.command("/ask")(ack=ack_ask, lazy=[answer_ask])
    app.command("/figure")(not_available)
    app.command("/digest")(not_available)
