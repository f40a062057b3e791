"""Running the bot against Slack: Socket Mode, or the HTTP Events API on /slack/events."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from apscheduler.schedulers.background import BackgroundScheduler
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError

from bot.answering import Answerer, Asker
from bot.app import build_app, listener_pool
from bot.config import Settings
from bot.digest import Digests, DigestSource
from bot.digest_store import DigestStore
from bot.figures import FigureSource
from bot.front import EVENTS_PATH
from bot.relay import FrontError, HttpFront
from bot.store import BotStore
from bot.web_client import TOKEN_REFUSED, build_web_client

log = logging.getLogger(__name__)

# The answering threads yield the CPU to the front process, which acks Slack (bot/front.py).
APP_NICENESS = 10


def why_not_started(exc: BaseException) -> str:
    """One line on why the app could not start. Bolt reports every failed auth.test as "`token`
    is invalid", even when Slack answered 503 or 500 (an outage: the token may be fine)."""
    error = exc.__context__ if isinstance(exc, BoltError) else exc
    if isinstance(error, SlackApiError):
        code = error.response.get("error")
        status = error.response.status_code
        if code in TOKEN_REFUSED:
            return f"Slack refused SLACK_BOT_TOKEN ({code}); check the token and the app's install"
        if status >= 500:
            return f"Slack's API answered HTTP {status} to auth.test; try again when it is back"
        return f"auth.test failed: {code or f'HTTP {status}'}"
    return str(exc)


def open_answerer(settings: Settings, asker: Asker) -> Answerer:
    """The shared answer logic over the bot's own bot.db in the data folder."""
    return Answerer(asker, BotStore(settings.db_path))


def build_served_app(
    settings: Settings,
    answerer: Answerer,
    figures: FigureSource | None,
    digest_source: DigestSource | None,
    listeners: ThreadPoolExecutor,
) -> tuple[App, BackgroundScheduler | None]:
    """The app, and the daily digest's running scheduler when NEWSDESK_DIGEST_AT is set."""
    client = build_web_client(settings)
    digests = None
    if digest_source is not None:
        store = DigestStore(settings.db_path)
        digests = Digests(digest_source, store, settings.digest, client)
    app = build_app(
        settings, answerer, client, figures=figures, digests=digests, listeners=listeners
    )
    if digests is None or settings.digest is None:
        return app, None
    from bot.schedule import start_digests

    return app, start_digests(digests, settings.digest)


def serve_socket_mode(
    settings: Settings,
    asker: Asker,
    figures: FigureSource | None = None,
    digest_source: DigestSource | None = None,
) -> None:
    """Connect to Slack over Socket Mode (SLACK_APP_TOKEN) and serve until interrupted."""
    answerer = open_answerer(settings, asker)
    scheduler = None
    listeners = listener_pool()
    try:
        app, scheduler = build_served_app(settings, answerer, figures, digest_source, listeners)
        handler = SocketModeHandler(app, app_token=settings.app_token)
        log.info("serving over Socket Mode")
        handler.start()
    finally:
        stop_serving(scheduler, listeners, answerer)


def stop_serving(
    scheduler: BackgroundScheduler | None, listeners: ThreadPoolExecutor, answerer: Answerer
) -> None:
    """Stop taking work, finish the answers Slack already has its ack for (it will not send
    them again), then close bot.db."""
    if scheduler is not None:
        scheduler.shutdown(wait=False)
    listeners.shutdown(wait=True)
    answerer.store.close()


def serve_http(
    settings: Settings,
    asker: Asker,
    port: int,
    host: str = "0.0.0.0",
    figures: FigureSource | None = None,
    digest_source: DigestSource | None = None,
) -> None:
    """Serve events, commands and interactivity on HOST:PORT at /slack/events until interrupted.

    HTTP and acks are handled by a front process of their own (bot/front.py), so a burst of
    questions answered here never delays Slack's 200.
    """
    answerer = open_answerer(settings, asker)
    listeners = listener_pool()
    app, scheduler = build_served_app(settings, answerer, figures, digest_source, listeners)
    front = None
    try:
        front = HttpFront(app, host, port, settings.signing_secret, APP_NICENESS)
        log.info("serving the Events API on http://%s:%d%s", host, front.port, EVENTS_PATH)
        status = front.wait()
        raise FrontError(f"the HTTP front process exited with status {status}; stopping")
    except KeyboardInterrupt:
        log.info("stopping")
    finally:
        if front is not None:
            front.stop()
        stop_serving(scheduler, listeners, answerer)
