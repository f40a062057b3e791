"""The Web API client the bot posts with, and which failed calls may still have taken effect.

A post must reach a channel at most once. Slack's 503 says the service was unavailable and the
call was not carried out, so any call is retried; a 500 says something broke while handling it,
perhaps after the message was stored, so a call that posts is not retried but treated like a
timeout: the asker is told it is unconfirmed, a digest is posted again only if the channel's
history lacks it (bot/digest.py).
"""

from __future__ import annotations

from http.client import HTTPException
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.config import Settings

WEB_TIMEOUT_S = 15

# Methods whose effect a second call would repeat: a message or a file in a conversation.
POSTING = frozenset(
    """chat.postMessage chat.postEphemeral chat.scheduleMessage chat.meMessage
    files.completeUploadExternal files.upload""".split()
)

# Slack's answers when the token itself is refused: nothing can be done with it until it is fixed.
TOKEN_REFUSED = frozenset(
    """invalid_auth not_authed account_inactive token_revoked token_expired
    not_allowed_token_type""".split()
)


# Errors after which Slack may have carried the call out: an internal error, or a gateway that
# lost Slack's answer (502, 504). A 503 says it was not.
MAYBE_DONE = (500, 502, 504)


def build_web_client(settings: Settings, timeout: int = WEB_TIMEOUT_S) -> WebClient:
    """A WebClient with bounded retries of calls Slack cannot have carried out.

    Retried: a connection that failed before the request was sent (URLError), 429 (after
    Retry-After), 503, and 500, 502 or 504 for calls that post nothing. Never retried: a
    timeout or a connection dropped after sending, or a 500, 502 or 504 to a post, when Slack
    may have posted the message already; a retry could post it twice.
    """
    return WebClient(
        token=settings.bot_token,
        base_url=settings.api_url,
        timeout=timeout,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2, error_types=[URLError]),
            RateLimitErrorRetryHandler(max_retry_count=3),
            ServerErrorUnlessPosted(max_retry_count=2),
        ],
    )


class ServerErrorUnlessPosted(RetryHandler):
    """Retries a 503, and a 500, 502 or 504 unless the call posts something (see POSTING)."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None:
            return False
        if response.status_code == 503:
            return True
        return response.status_code in MAYBE_DONE and method_of(request.url) not in POSTING


def method_of(url: str) -> str:
    """The Web API method a request URL calls ("https://slack.com/api/chat.postMessage?x")."""
    return url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]


def maybe_sent(error: BaseException) -> bool:
    """Whether a post that failed with error may have been carried out: it timed out or lost
    its connection once sent, or Slack answered 500, 502 or 504. Slack's other error answers
    and a connection that never opened (URLError) mean it was not."""
    if isinstance(error, SlackApiError):
        return error.response.status_code in MAYBE_DONE
    if isinstance(error, URLError):
        return False
    return isinstance(error, OSError | HTTPException)
