"""Pieces every listener kind uses: the bare ack, and reporting failures after an ack."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from slack_bolt import Ack
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)

APOLOGY = "Sorry, I could not search the coverage just now. The error is logged; please try again."


def ack_now(ack: Ack) -> None:
    """Acknowledge at once; the work runs in a lazy listener after Slack has its 200."""
    ack()


@contextmanager
def apologizing(
    client: WebClient, channel: str, thread_ts: str | None, what: str
) -> Iterator[None]:
    """Run work after an ack; on failure log it and tell the user rather than go silent.

    Lazy listeners run after Slack has its ack, so Bolt's error handler never sees them.
    """
    try:
        yield
    except Exception:
        log.exception("%s failed in %s", what, channel)
        try:
            client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=APOLOGY)
        except SlackApiError as error:
            log.error("could not post the apology in %s: %s", channel, error.response.get("error"))
