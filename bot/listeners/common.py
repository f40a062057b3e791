"""Pieces every listener kind uses: the bare ack, and reporting failures after an ack."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.client import HTTPException
from typing import Any
from urllib.error import URLError

from slack_bolt import Ack, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.web_client import TOKEN_REFUSED, maybe_sent

log = logging.getLogger(__name__)

APOLOGY = "Sorry, I could not search the coverage just now. The error is logged; please try again."
GAVE_UP = "Sorry, I could not post my answer (Slack said `{error}`). Please ask again in a minute."
UNCONFIRMED = "Slack did not confirm my answer in time. If you cannot see it, please ask again."


CANT_POST = ("not_in_channel", "channel_not_found", "is_archived")  # Slack's "not here" errors


def cant_post_here(channel: str, what: str) -> str:
    """Why `what` could not be posted in channel, and what to do about it."""
    if channel.startswith("D"):  # a DM between other people: no one can invite the bot there
        return (
            f"I can't post {what} in a direct message between other people. Ask in a channel "
            "I am in, or in a DM with me."
        )
    return f"I can't post {what} in this conversation. Invite me first (`/invite @newsdesk`)."


def respond_once_more(respond: Respond, what: str, **message: Any) -> bool:
    """Send a reply to the response_url; a 429 or 5xx gets one more try a second later (a
    private reply seen twice is better than none), and a reply that still fails is logged."""
    for attempt in (1, 2):
        try:
            status = respond(**message).status_code
        except (OSError, HTTPException) as exc:
            log.error("%s: the response_url could not be reached (%r)", what, exc)
            return False
        if status == 200:
            return True
        if attempt == 1 and (status == 429 or status >= 500):
            time.sleep(1.0)
            continue
        break
    log.error("%s: the response_url answered HTTP %s; the reply is lost", what, status)
    return False


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


def post_reply(
    client: WebClient, channel: str, thread_ts: str | None, user: str, message: dict[str, Any]
) -> bool:
    """Post an answer at most once; when Slack refuses it, tell the asker privately.

    The client has already retried what cannot have been posted (429, 503, no connection).
    A timeout, a dropped connection after sending or a 500 is not retried: Slack may have
    posted it (bot/web_client.py).
    """
    try:
        client.chat_postMessage(channel=channel, thread_ts=thread_ts, **message)
        return True
    except URLError as exc:
        log.error("could not reach Slack to post in %s: %s", channel, exc.reason)
        problem = GAVE_UP.format(error="unreachable")
    except (OSError, HTTPException) as exc:
        log.warning(
            "Slack did not confirm a post in %s (%s); not retried", channel, type(exc).__name__
        )
        problem = UNCONFIRMED
    except SlackApiError as error:
        code = error.response.get("error")
        if maybe_sent(error):  # a 500, 502 or 504: Slack may have stored it before failing
            status = error.response.status_code
            log.warning("Slack answered HTTP %s to a post in %s; not retried", status, channel)
            problem = UNCONFIRMED
        elif code in TOKEN_REFUSED:  # nothing can be posted with this token
            log.error("Slack refused the bot token (%s); check SLACK_BOT_TOKEN", code)
            return False
        else:
            status = error.response.status_code
            log.error("could not post in %s: %s (HTTP %s)", channel, code, status)
            problem = GAVE_UP.format(error=code)
    if user:
        try:
            client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread_ts, text=problem)
        except (SlackApiError, OSError, HTTPException) as exc:
            log.error("could not tell the asker in %s either: %s", channel, type(exc).__name__)
    return False
