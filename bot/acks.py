"""Which Slack requests may be acknowledged before the app runs them, and their signatures.

Slack wants its 200 within 3 seconds, and a team wants it at once. An event, a slash command or
a button press is acknowledged with an empty 200 as soon as its signature checks out; what the
app's ack would have said to a slash command ("Usage: ...") reaches the user through the
command's response_url instead (bot/relay.py). Slack's own checks (url_verification, ssl_check)
are answered here as Bolt would answer them: behind a burst of events on the app's workers they
could wait past Slack's 3 seconds. Requests whose response body is the app's answer (modal
submissions, option lists) wait for the app.

Imported by the front process (bot/front.py), which must stay light: no Bolt, no index.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from urllib.parse import parse_qs

from slack_sdk.signature import SignatureVerifier

# Interactive payloads that carry no answer in their ack.
EARLY_PAYLOADS = frozenset({"block_actions", "shortcut", "message_action"})


class Route(enum.Enum):
    REJECT = "reject"  # bad, missing or stale signature: 401
    EARLY = "early"  # 200 at once; the app runs it afterwards
    APP = "app"  # the app's own response is the reply
    CHECK = "check"  # Slack checking the URL: answered here, the app never sees it


def route(content_type: str, body: str) -> Route:
    """Where a request goes, once its signature is known to be good."""
    if content_type.startswith("application/json"):
        try:
            parsed = json.loads(body)
        except ValueError:
            return Route.APP
        if isinstance(parsed, dict) and parsed.get("type") == "event_callback":
            return Route.EARLY
        return Route.CHECK if challenge(body) is not None else Route.APP
    # Field names are never percent-encoded in Slack's forms, and "&" and "=" inside values
    # always are: "&name=" finds a field exactly, without parsing the whole form.
    fields = "&" + body
    if "&ssl_check=" in fields:
        return Route.CHECK
    if "&command=" in fields:
        return Route.EARLY
    if "&payload=" in fields:
        try:
            payload = json.loads(parse_qs(body)["payload"][0])
        except ValueError:
            return Route.APP
        if isinstance(payload, dict) and payload.get("type") in EARLY_PAYLOADS:
            return Route.EARLY
    return Route.APP


def challenge(body: str) -> str | None:
    """The challenge a url_verification request asks to have echoed, or None if it is none."""
    try:
        parsed = json.loads(body)
    except ValueError:
        return None
    if not isinstance(parsed, dict) or parsed.get("type") != "url_verification":
        return None
    value = parsed.get("challenge")
    return value if isinstance(value, str) else None


def check_reply(body: str) -> tuple[int, bytes, str]:
    """What Bolt answers to a Route.CHECK request: the challenge echoed as JSON for a
    url_verification, an empty 200 for an ssl_check."""
    value = challenge(body)
    if value is None:
        return 200, b"", "text/plain"
    return 200, json.dumps({"challenge": value}).encode("utf-8"), "application/json"


class Gate:
    """Signature check and routing; with no signing secret every request goes to the app,
    which then decides (request verification is off there too)."""

    def __init__(self, signing_secret: str | None) -> None:
        self._verifier = SignatureVerifier(signing_secret) if signing_secret else None

    def route(self, body: str, headers: Mapping[str, str]) -> Route:
        """`headers` with lower-case names."""
        if self._verifier is None:
            return Route.APP
        timestamp = headers.get("x-slack-request-timestamp", "")
        signature = headers.get("x-slack-signature", "")
        if not timestamp.isdigit() or not signature:
            return Route.REJECT
        if not self._verifier.is_valid(body, timestamp, signature):
            return Route.REJECT
        return route(headers.get("content-type", ""), body)
