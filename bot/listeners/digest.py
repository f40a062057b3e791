"""`/digest`: the latest digest, privately through the response_url."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.digest import Digests, digest_reply
from bot.listeners.common import APOLOGY

log = logging.getLogger(__name__)


def register(app: App, digests: Digests | None) -> None:
    def ack_digest(ack: Ack) -> None:
        if digests is None:
            ack(text=digest_reply(None).text)
        else:
            ack()

    def show_digest(command: dict[str, Any], respond: Respond) -> None:
        if digests is None:
            return  # the ack answered
        try:
            reply = digest_reply(digests)
        except Exception:
            log.exception("/digest failed in %s", command.get("channel_id"))
            respond(text=APOLOGY, response_type="ephemeral")
            return
        respond(response_type="ephemeral", **reply.as_kwargs())

    app.command("/digest")(ack=ack_digest, lazy=[show_digest])
