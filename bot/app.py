"""Builds the Bolt app: the listeners on a Web API client (bot/web_client.py), nothing else."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_sdk import WebClient

from bot.answering import Answerer
from bot.config import Settings
from bot.digest import Digests
from bot.figures import FigureSource
from bot.listeners import register_listeners
from bot.web_client import build_web_client

log = logging.getLogger(__name__)

LISTENER_THREADS = 16


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
