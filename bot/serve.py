"""Running the bot against Slack: Socket Mode, or the HTTP Events API on /slack/events."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from apscheduler.schedulers.background import BackgroundScheduler
from slack_bolt import App, BoltRequest
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.answering import Answerer, Asker
from bot.app import build_app, build_web_client
from bot.config import Settings
from bot.digest import Digests, DigestSource
from bot.digest_store import DigestStore
from bot.figures import FigureSource
from bot.store import BotStore

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY_BYTES = 1_000_000  # Slack payloads are a few KB; refuse anything absurd


def open_answerer(settings: Settings, asker: Asker) -> Answerer:
    """The shared answer logic over the bot's own bot.db in the data folder."""
    return Answerer(asker, BotStore(settings.db_path))


def build_served_app(
    settings: Settings,
    answerer: Answerer,
    figures: FigureSource | None,
    digest_source: DigestSource | None,
) -> tuple[App, BackgroundScheduler | None]:
    """The app, and the daily digest's running scheduler when NEWSDESK_DIGEST_AT is set."""
    client = build_web_client(settings)
    digests = None
    if digest_source is not None:
        store = DigestStore(settings.db_path)
        digests = Digests(digest_source, store, settings.digest, client)
    app = build_app(settings, answerer, client, figures=figures, digests=digests)
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
    try:
        app, scheduler = build_served_app(settings, answerer, figures, digest_source)
        handler = SocketModeHandler(app, app_token=settings.app_token)
        log.info("serving over Socket Mode")
        handler.start()
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=False)
        answerer.store.close()


def serve_http(
    settings: Settings,
    asker: Asker,
    port: int,
    host: str = "0.0.0.0",
    figures: FigureSource | None = None,
    digest_source: DigestSource | None = None,
) -> None:
    """Serve events, commands and interactivity on HOST:PORT at /slack/events until interrupted."""
    answerer = open_answerer(settings, asker)
    app, scheduler = build_served_app(settings, answerer, figures, digest_source)
    server = make_http_server(app, host, port)
    log.info("serving the Events API on http://%s:%d%s", host, server.server_port, EVENTS_PATH)
    try:
        server.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        log.info("stopping")
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=False)
        server.server_close()
        answerer.store.close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # a burst of slash commands must not overflow the listen backlog


def make_http_server(app: App, host: str, port: int) -> ThreadingHTTPServer:
    """A threaded HTTP server handing POST /slack/events to Bolt (port 0 picks a free one).

    Bolt's own `app.start()` server is single-threaded and binds 0.0.0.0; this one serves each
    request on its own thread so acks never queue behind each other.
    """

    class Handler(BaseHTTPRequestHandler):
        server_version = "newsdesk"

        def log_message(self, format: str, *args: object) -> None:
            log.debug("%s " + format, self.address_string(), *args)

        def do_GET(self) -> None:
            if self.path.partition("?")[0] == HEALTH_PATH:
                self._send(HTTPStatus.OK, b"ok", {"content-type": ["text/plain"]})
            else:
                self._send(HTTPStatus.NOT_FOUND, b"", {})

        def do_POST(self) -> None:
            path, _, query = self.path.partition("?")
            if path != EVENTS_PATH:
                self._send(HTTPStatus.NOT_FOUND, b"", {})
                return
            try:
                length = int(self.headers.get("content-length") or 0)
            except ValueError:
                length = -1
            if not 0 <= length <= MAX_BODY_BYTES:
                self._send(HTTPStatus.BAD_REQUEST, b"", {})
                return
            body = self.rfile.read(length).decode("utf-8", errors="replace")
            headers: dict[str, str | Sequence[str]] = {
                key.lower(): value for key, value in self.headers.items()
            }
            response = app.dispatch(BoltRequest(body=body, query=query, headers=headers))
            self._send(response.status, response.body.encode("utf-8"), response.headers)

        def _send(self, status: int, body: bytes, headers: dict[str, list[str]] | dict) -> None:
            self.send_response(status)
            for name, values in headers.items():
                if name.lower() == "content-length":
                    continue
                for value in values if isinstance(values, list | tuple) else [values]:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return _Server((host, port), Handler)


def start_in_thread(server: ThreadingHTTPServer) -> threading.Thread:
    """Serve in a daemon thread (tests and the benchmark); stop with server.shutdown()."""
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    return thread
