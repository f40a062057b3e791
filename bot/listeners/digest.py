"""`/digest [DAY]`: the latest digest or a day's, privately through the response_url."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.digest import Digests, digest_reply
from bot.listeners.common import APOLOGY

log = logging.getLogger(__name__)


def register(app: App, digests: Digests | None) -> None:
    def ack_digest(ack: Ack, command: dict[str, Any]) -> None:
        """Answer at once what needs no digest: none configured, or not a day."""
        if digests is None:
            ack(text=digest_reply(None).text)
            return
        problem = digests.day_problem(command.get("text", ""))
        if problem:
            ack(text=problem)
        else:
            ack()

    def show_digest(command: dict[str, Any], respond: Respond) -> None:
        text = command.get("text", "")
        if digests is None or digests.day_problem(text):
            return  # the ack answered
        try:
            reply = digest_reply(digests, text)
        except Exception:
            log.exception("/digest failed in %s", command.get("channel_id"))
            respond(text=APOLOGY, response_type="ephemeral")
            return
        respond(response_type="ephemeral", **reply.as_kwargs())

    app.command("/digest")(ack=ack_digest, lazy=[show_digest])
