"""Builds the Bolt app: a Web API client with retries, the listeners, nothing else."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from urllib.error import URLError

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.answering import Answerer
from bot.config import Settings
from bot.digest import Digests
from bot.figures import FigureSource
from bot.listeners import register_listeners

log = logging.getLogger(__name__)

LISTENER_THREADS = 16


WEB_TIMEOUT_S = 15


def build_web_client(settings: Settings, timeout: int = WEB_TIMEOUT_S) -> WebClient:
    """A WebClient with bounded retries of calls Slack cannot have carried out.

    Retried: a connection that failed before the request was sent (URLError), 429 (after
    Retry-After) and 500/503. Never retried: a timeout or a connection dropped after sending,
    when Slack may have posted the message already; a retry could post it twice.
    """
    return WebClient(
        token=settings.bot_token,
        base_url=settings.api_url,
        timeout=timeout,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2, error_types=[URLError]),
            RateLimitErrorRetryHandler(max_retry_count=3),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )


def build_app(
    settings: Settings,
    answerer: Answerer,
    client: WebClient | None = None,
    figures: FigureSource | None = None,
    digests: Digests | None = None,
    listeners: ThreadPoolExecutor | None = None,
) -> App:
    """The Bolt app; building it calls auth.test once through `client`.

    Without `figures`, `/figure` answers that figures are not available; likewise `digests`.
    `listeners` runs the lazy work (answers); pass one to wait for it when stopping.
    """
    # Bolt reads SLACK_BOT_TOKEN from the environment itself and, given our client too, warns
    # that the token "will be unused": it is the client's token, so the warning misleads.
    logging.getLogger("slack_bolt.App").addFilter(_no_token_skipped_warning)
    app = App(
        client=client or build_web_client(settings),
        signing_secret=settings.signing_secret or "",
        request_verification_enabled=settings.signing_secret is not None,
        # Run each ack function on the request thread and only the lazy work on the pool, so
        # an ack never waits behind searches in progress.
        process_before_response=True,
        listener_executor=listeners or listener_pool(),
    )
    register_listeners(app, answerer, figures, digests)
    return app


def listener_pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(LISTENER_THREADS, thread_name_prefix="newsdesk")


def _no_token_skipped_warning(record: logging.LogRecord) -> bool:
    return "`token` will be unused" not in record.getMessage()
