"""Slash commands: /ask answers privately (/figure: figures.py, /digest: digest.py)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.answering import Answerer, question_from_message
from bot.listeners.common import APOLOGY, respond_once_more
from index import errors
from index.corpus import MAX_QUESTION_CHARS

log = logging.getLogger(__name__)

ASK_USAGE = "Usage: `/ask QUESTION`, for example `/ask How many North Korean troops are in Russia?`"


def register(app: App, answerer: Answerer) -> None:
    def ack_ask(ack: Ack, command: dict[str, Any]) -> None:
        question = question_from_message(command.get("text", ""))
        if len(question) > MAX_QUESTION_CHARS:
            ack(text=too_long(question))
        elif question:
            ack()
        else:
            ack(text=ASK_USAGE)

    def answer_ask(command: dict[str, Any], respond: Respond) -> None:
        """Answer privately through the response_url, which works in any channel or DM."""
        question = question_from_message(command.get("text", ""))
        if not question or len(question) > MAX_QUESTION_CHARS:
            return  # the ack said why
        try:
            reply = answerer.answer(
                question, command.get("channel_id", ""), command.get("user_id", ""), private=True
            )
        except Exception:
            log.exception("/ask failed in %s", command.get("channel_id"))
            respond(text=APOLOGY, response_type="ephemeral")
            return
        what = f"/ask in {command.get('channel_id')}"
        respond_once_more(respond, what, response_type="ephemeral", **reply.as_kwargs())

    app.command("/ask")(ack=ack_ask, lazy=[answer_ask])


def too_long(question: str) -> str:
    """What a mention with this question is told too (`Answerer.answer`)."""
    refusal = errors.too_long("question", len(question), MAX_QUESTION_CHARS)
    return f"Sorry, {refusal}. Please ask a shorter question."
