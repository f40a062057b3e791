"""The front process: Slack's HTTP requests are verified and acknowledged here.

    python -m bot.front --listen-fd N --link-fd M    (started by bot/relay.py, not by hand)

Answering a question is interpreter-bound work, and in one process it holds the GIL that an
ack also needs: a burst of 200 questions queued acks for over a second. This process does
nothing but HTTP, signatures and routing (bot/acks.py), so it always has the time to answer
Slack within milliseconds. It reads requests off the listening socket it inherits, acks the
early ones with an empty 200 and passes every request to the app over the link socket; for the
others it waits for the app's reply. It exits when the app closes the link.
The signing secret comes in SLACK_SIGNING_SECRET; it is never logged.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import logging
import os
import socket
import sys
from typing import Any, NamedTuple

from bot.acks import Gate, Route, check_reply
from bot.link import HEADER_BYTES, decode_length, encode

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY_BYTES = 1_000_000  # Slack payloads are a few KB; refuse anything absurd
MAX_HEADER_BYTES = 32_768
READ_TIMEOUT_S = 15.0  # a client that stops sending mid-request is dropped
# Open connections held at most; past it the oldest idle one is dropped, so a flood of idle
# connections can neither exhaust file handles nor shut out Slack's requests.
MAX_CONNECTIONS = 256
APP_TIMEOUT_S = 2.5  # Slack gives up at 3 s


class Front:
    """Routes requests (bot/acks.py) and talks to the app over the link."""

    def __init__(self, gate: Gate, link_writer: asyncio.StreamWriter) -> None:
        self.gate = gate
        self.link_writer = link_writer
        self.replies: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.ids = itertools.count(1)
        self.link_up = True
        self.connections: dict[Connection, None] = {}  # open ones, oldest first
        self.dropped = 0

    def opened(self, connection: Connection) -> None:
        """Hold a new connection; past MAX_CONNECTIONS drop the oldest one not waiting for
        the app (every so often say so: one line, not one per connection)."""
        self.connections[connection] = None
        if len(self.connections) <= MAX_CONNECTIONS:
            return
        waiting = (c for c in self.connections if c.pending is None and c is not connection)
        idle = next(waiting, None)
        if idle is not None and idle.transport is not None:
            idle.transport.abort()
            self.connections.pop(idle, None)
            self.dropped += 1
            if self.dropped % 1000 == 1:
                log.warning("over %d open connections: dropping idle ones", MAX_CONNECTIONS)

    async def read_replies(self, link_reader: asyncio.StreamReader) -> None:
        """Hand the app's replies to the requests waiting for them, until the link closes."""
        try:
            while True:
                header = await link_reader.readexactly(HEADER_BYTES)
                reply = json.loads(await link_reader.readexactly(decode_length(header)))
                waiting = self.replies.pop(reply.get("id"), None)
                if waiting is not None and not waiting.done():
                    waiting.set_result(reply)
        except (asyncio.IncompleteReadError, ConnectionError):
            log.info("the app closed the link")
        finally:
            self.link_up = False

    def answer_now(self, request: Request) -> Reply | None:
        """The reply when it needs nothing from the app; None when it must wait for it."""
        if request.method in ("GET", "HEAD") and request.path == HEALTH_PATH:
            ok = b"ok" if request.method == "GET" else b""  # HEAD: the status alone
            return (200, ok, "text/plain") if self.link_up else (503, b"", "text/plain")
        if request.method != "POST" or request.path != EVENTS_PATH:
            return 404, b"", "text/plain"
        if not self.link_up:
            return 503, b"", "text/plain"
        where = self.gate.route(request.body, request.headers)
        if where is Route.REJECT:
            return 401, b"", "text/plain"
        if where is Route.EARLY:
            self._forward(request, 0)
            return 200, b"", "text/plain"
        if where is Route.CHECK:
            return check_reply(request.body)
        return None

    async def ask_app(self, request: Request) -> Reply:
        reply_id = next(self.ids)
        waiting = asyncio.get_running_loop().create_future()
        self.replies[reply_id] = waiting
        self._forward(request, reply_id)
        try:
            reply = await asyncio.wait_for(waiting, APP_TIMEOUT_S)
        except TimeoutError:
            self.replies.pop(reply_id, None)
            log.warning("the app did not answer a request in %.1f s", APP_TIMEOUT_S)
            return 503, b"", "text/plain"
        content_type = (reply.get("headers") or {}).get("content-type", ["text/plain"])[0]
        return int(reply["status"]), str(reply.get("body", "")).encode("utf-8"), content_type

    def _forward(self, request: Request, reply_id: int) -> None:
        message = {
            "id": reply_id,
            "reply": bool(reply_id),
            "body": request.body,
            "query": request.query,
            "headers": request.headers,
        }
        self.link_writer.write(encode(message))


class Request(NamedTuple):
    method: str
    path: str
    query: str
    headers: dict[str, str]  # lower-case names
    body: str
    keep_alive: bool


Reply = tuple[int, bytes, str]  # status, body, content type


class BadRequest(Exception):
    def __init__(self, status: int) -> None:
        self.status = status


class Connection(asyncio.Protocol):
    """One client connection: HTTP/1.1 with Content-Length bodies, kept alive on request.

    Deliberately small (Slack sends nothing else): no chunked bodies (411), headers up to
    MAX_HEADER_BYTES (431), bodies up to MAX_BODY_BYTES (413), a client silent for
    READ_TIMEOUT_S is dropped. One request at a time: reading pauses while the app answers.
    """

    def __init__(self, front: Front) -> None:
        self.front = front
        self.buffer = bytearray()
        self.head: tuple[str, str, str, dict[str, str], bool] | None = None
        self.length = 0
        self.transport: asyncio.Transport | None = None
        self.timer: asyncio.TimerHandle | None = None
        self.pending: asyncio.Future[None] | None = None  # the request waiting for the app

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self._arm_timer()
        self.front.opened(self)

    def connection_lost(self, exc: Exception | None) -> None:
        self.front.connections.pop(self, None)
        if self.timer is not None:
            self.timer.cancel()

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        try:
            self._take_requests()
        except BadRequest as bad:
            self._send((bad.status, b"", "text/plain"), keep_alive=False)

    def _take_requests(self) -> None:
        assert self.transport is not None
        while not self.transport.is_closing():
            if self.head is None:
                end = self.buffer.find(b"\r\n\r\n")
                if end < 0:
                    if len(self.buffer) > MAX_HEADER_BYTES:
                        raise BadRequest(431)
                    return
                if end > MAX_HEADER_BYTES:
                    raise BadRequest(431)
                self.head, self.length = parse_head(bytes(self.buffer[:end]))
                del self.buffer[: end + 4]
            if len(self.buffer) < self.length:
                return
            method, path, query, headers, keep_alive = self.head
            body = bytes(self.buffer[: self.length]).decode("utf-8", errors="replace")
            del self.buffer[: self.length]
            self.head = None
            request = Request(method, path, query, headers, body, keep_alive)
            reply = self.front.answer_now(request)
            if reply is None:
                self.transport.pause_reading()
                self.pending = asyncio.ensure_future(self._ask_app(request))
                return
            self._send(reply, keep_alive)

    async def _ask_app(self, request: Request) -> None:
        reply = await self.front.ask_app(request)
        assert self.transport is not None
        if self.transport.is_closing():
            return
        self._send(reply, request.keep_alive)
        if not self.transport.is_closing():
            self.transport.resume_reading()
            self.data_received(b"")

    def _send(self, reply: Reply, keep_alive: bool) -> None:
        assert self.transport is not None
        status, body, content_type = reply
        head = (
            f"HTTP/1.1 {status} {_REASONS.get(status, '')}\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
            f"Server: newsdesk\r\nConnection: {'keep-alive' if keep_alive else 'close'}\r\n\r\n"
        )
        self.transport.write(head.encode("latin-1") + body)
        if keep_alive:
            self._arm_timer()
        else:
            self.transport.close()

    def _arm_timer(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
        assert self.transport is not None
        self.timer = asyncio.get_running_loop().call_later(READ_TIMEOUT_S, self.transport.close)


def parse_head(raw: bytes) -> tuple[tuple[str, str, str, dict[str, str], bool], int]:
    """(method, path, query, headers, keep_alive) and the body's length, from the request line
    and headers; BadRequest when they are malformed or ask for what this server does not do."""
    lines = raw.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
        raise BadRequest(400)
    method, target, version = parts
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if not colon or not name or name != name.strip():
            raise BadRequest(400)
        key, value = name.lower(), value.strip()
        if key == "content-length" and headers.get(key, value) != value:
            raise BadRequest(400)  # two lengths: where this body ends is anyone's guess
        headers.setdefault(key, value)
    if "transfer-encoding" in headers:
        raise BadRequest(411)
    length = headers.get("content-length", "0")
    if not length.isdigit():
        raise BadRequest(400)
    if int(length) > MAX_BODY_BYTES:
        raise BadRequest(413)
    connection = headers.get("connection", "").lower()
    keep_alive = connection != "close" if version == "HTTP/1.1" else connection == "keep-alive"
    path, _, query = target.partition("?")
    return (method, path, query, headers, keep_alive), int(length)


_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    411: "Length Required",
    413: "Payload Too Large",
    500: "Internal Server Error",
    431: "Request Header Fields Too Large",
    503: "Service Unavailable",
}


async def serve(listen: socket.socket, link: socket.socket, signing_secret: str | None) -> None:
    """Serve until the app closes the link."""
    link_reader, link_writer = await asyncio.open_connection(sock=link)
    front = Front(Gate(signing_secret), link_writer)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: Connection(front), sock=listen, backlog=1024)
    async with server:
        await front.read_replies(link_reader)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--listen-fd", type=int, required=True)
    parser.add_argument("--link-fd", type=int, required=True)
    parser.add_argument("--log-level", default="WARNING")
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level, format="%(asctime)s %(levelname)s front: %(message)s")
    listen = socket.socket(fileno=args.listen_fd)
    link = socket.socket(fileno=args.link_fd)
    secret = os.environ.get("SLACK_SIGNING_SECRET") or None
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(listen, link, secret))
    sys.exit(0)


if __name__ == "__main__":
    main()
