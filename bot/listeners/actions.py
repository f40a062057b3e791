"""Buttons under answers: feedback, more quotes, and sharing a private answer in the channel."""

from __future__ import annotations

import logging
from http.client import HTTPException
from typing import Any

from slack_bolt import App, Respond
from slack_sdk.errors import SlackApiError

from bot import blocks
from bot.answering import Answerer, parse_button_value
from bot.feedback import Verdict, record_feedback
from bot.listeners.common import CANT_POST, ack_now, cant_post_here
from bot.web_client import maybe_sent

log = logging.getLogger(__name__)

EXPIRED = "That answer is no longer available; please ask again."
ALREADY_POSTED = "Those quotes are already in the thread."
ALREADY_SHARED = "You have already shared this answer in the channel."
UNCONFIRMED_SHARE = "Slack did not confirm the shared answer in time; look in the channel."
NOT_POSTED = "Sorry, I could not post {what} (Slack said `{error}`). Please try again."
UNCONFIRMED = "Slack did not confirm the quotes in time. If they are not in the thread, try again."


def _ids(body: dict[str, Any]) -> tuple[int, int, str, str] | None:
    """(answer_id, page, channel, user) from a button press, or None if it is not ours."""
    actions = body.get("actions") or [{}]
    parsed = parse_button_value(str(actions[0].get("value", "")))
    if parsed is None:
        return None
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
        "channel_id", ""
    )
    return parsed[0], parsed[1], channel, (body.get("user") or {}).get("id", "")


def register(app: App, answerer: Answerer) -> None:
    # The app's own client, not Bolt's per-request copy: that one adds team_id to every call,
    # a parameter Slack's published spec does not list for these methods.
    client = app.client

    def vote(body: dict[str, Any], respond: Respond, verdict: Verdict) -> None:
        ids = _ids(body)
        if ids is None:
            return
        answer_id, page, channel, user = ids
        record = record_feedback(answerer.store, answer_id, page, verdict, channel, user)
        text = "Thanks, your feedback is recorded." if record else EXPIRED
        respond(text=text, response_type="ephemeral", replace_original=False)

    def vote_helpful(body: dict[str, Any], respond: Respond) -> None:
        vote(body, respond, Verdict.HELPFUL)

    def vote_not_helpful(body: dict[str, Any], respond: Respond) -> None:
        vote(body, respond, Verdict.NOT_HELPFUL)

    def more_quotes(body: dict[str, Any], respond: Respond) -> None:
        """Private answers page in place; public ones post the next page in the thread."""
        ids = _ids(body)
        if ids is None:
            return
        answer_id, page, channel, user = ids
        private = bool((body.get("container") or {}).get("is_ephemeral"))
        # Anyone in the channel may page a public answer; a private one, only its asker.
        reply = answerer.page(
            answer_id, page, private=private, channel=channel, user=user if private else None
        )
        if reply is None:
            respond(text=EXPIRED, response_type="ephemeral", replace_original=False)
        elif private:
            respond(response_type="ephemeral", replace_original=True, **reply.as_kwargs())
        elif not answerer.store.claim_page(answer_id, page):  # pressed again, or twice at once
            respond(text=ALREADY_POSTED, response_type="ephemeral", replace_original=False)
        else:
            message = body.get("message") or {}
            thread_ts = message.get("thread_ts") or message.get("ts")
            problem = ""
            try:
                client.chat_postMessage(channel=channel, thread_ts=thread_ts, **reply.as_kwargs())
            except SlackApiError as error:
                code = error.response.get("error")
                if maybe_sent(error):  # a 500, 502, 504: it may be posted, so it stays claimed
                    status = error.response.status_code
                    log.warning("HTTP %s to page %d of answer %d", status, page, answer_id)
                    problem = UNCONFIRMED
                else:
                    answerer.store.release_page(answer_id, page)
                    log.error(
                        "page %d of answer %d not posted in %s: %s", page, answer_id, channel, code
                    )
                    problem = (
                        cant_post_here(channel, "the quotes")
                        if code in CANT_POST
                        else NOT_POSTED.format(what="the quotes", error=code)
                    )
            except (OSError, HTTPException) as exc:  # it may be posted: not released
                log.warning("Slack did not confirm page %d of answer %d (%r)", page, answer_id, exc)
                problem = UNCONFIRMED
            if problem:
                respond(text=problem, response_type="ephemeral", replace_original=False)

    def share(body: dict[str, Any], respond: Respond) -> None:
        """Post a private answer publicly, attributed to its asker; then drop the private copy."""
        ids = _ids(body)
        if ids is None:
            return
        answer_id, page, channel, user = ids
        reply = answerer.shared(answer_id, page, user, channel)
        if reply is None:
            respond(text=EXPIRED, response_type="ephemeral", replace_original=False)
            return
        if not answerer.store.claim_page(answer_id, page, shared=True):  # pressed again
            respond(text=ALREADY_SHARED, response_type="ephemeral", replace_original=False)
            return
        try:
            posted = client.chat_postMessage(channel=channel, **reply.as_kwargs())
        except SlackApiError as error:
            if maybe_sent(error):  # a 500, 502, 504: it may be posted, so it stays claimed
                status = error.response.status_code
                log.warning("Slack answered HTTP %s to sharing answer %d", status, answer_id)
                respond(text=UNCONFIRMED_SHARE, response_type="ephemeral", replace_original=False)
                return
            answerer.store.release_page(answer_id, page, shared=True)
            code = error.response.get("error")
            log.info("cannot share answer %d in %s: %s", answer_id, channel, code)
            text = (
                cant_post_here(channel, "the answer")
                if code in CANT_POST
                else NOT_POSTED.format(what="the answer", error=code)
            )
            respond(text=text, response_type="ephemeral", replace_original=False)
            return
        except (OSError, HTTPException) as exc:  # it may be posted: not released, not retried
            log.warning("Slack did not confirm sharing answer %d (%r)", answer_id, exc)
            respond(text=UNCONFIRMED_SHARE, response_type="ephemeral", replace_original=False)
            return
        if posted.get("ts") and not channel.startswith("D"):
            answerer.store.remember_thread(channel, str(posted["ts"]))
        respond(delete_original=True)

    app.action(blocks.ACTION_HELPFUL)(ack=ack_now, lazy=[vote_helpful])
    app.action(blocks.ACTION_NOT_HELPFUL)(ack=ack_now, lazy=[vote_not_helpful])
    app.action(blocks.ACTION_MORE)(ack=ack_now, lazy=[more_quotes])
    app.action(blocks.ACTION_SHARE)(ack=ack_now, lazy=[share])
