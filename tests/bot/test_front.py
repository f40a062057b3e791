"""The front process (bot/front.py): HTTP, signatures and routing before the app sees a request.

Unit tests for the request head parser and the routing; the rest through the `slack` fixture,
which runs the real front process and relay, as `newsdesk serve --http` does.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from urllib.parse import urlencode
from urllib.request import urlopen

import payloads
import pytest
from fake_slack import FakeSlack
from fakes import FakeAsker
from signed import SIGNING_SECRET, SlackSender, post, signed_headers
from slack_bolt import App

from bot.acks import Gate, Route, route
from bot.front import MAX_BODY_BYTES, BadRequest, Front, Request, parse_head
from bot.link import BlockingLink
from bot.relay import HttpFront, Relay

FORM = "application/x-www-form-urlencoded"


def test_parse_head_reads_the_request_line_headers_and_length() -> None:
    head, length = parse_head(
        b"POST /slack/events?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\n"
        b"X-Slack-Signature: v0=abc"
    )
    method, path, query, headers, keep_alive = head
    assert (method, path, query, length, keep_alive) == ("POST", "/slack/events", "x=1", 12, True)
    assert headers["x-slack-signature"] == "v0=abc"


@pytest.mark.parametrize(
    ("raw", "keep_alive"),
    [
        (b"GET / HTTP/1.1\r\nConnection: close", False),
        (b"GET / HTTP/1.0", False),
        (b"GET / HTTP/1.0\r\nConnection: keep-alive", True),
    ],
)
def test_parse_head_keeps_connections_alive_as_http_says(raw: bytes, keep_alive: bool) -> None:
    assert parse_head(raw)[0][4] is keep_alive


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b"GARBAGE", 400),
        (b"GET / SPDY/3", 400),
        (b"POST / HTTP/1.1\r\nno colon here", 400),
        (b"POST / HTTP/1.1\r\nContent-Length: -1", 400),
        (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked", 411),
        (f"POST / HTTP/1.1\r\nContent-Length: {MAX_BODY_BYTES + 1}".encode(), 413),
        (b"POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 50", 400),
    ],
    ids=[
        "garbage",
        "not-http-1",
        "bad-header",
        "negative-length",
        "chunked",
        "too-large",
        "two-lengths",
    ],
)
def test_parse_head_refuses_what_it_does_not_serve(raw: bytes, status: int) -> None:
    with pytest.raises(BadRequest) as refused:
        parse_head(raw)
    assert refused.value.status == status


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("application/json", json.dumps({"type": "event_callback", "event": {}}), Route.EARLY),
        (
            "application/json",
            json.dumps({"type": "url_verification", "challenge": "c"}),
            Route.CHECK,
        ),
        ("application/json", json.dumps({"type": "url_verification", "challenge": 1}), Route.APP),
        ("application/json", "not json", Route.APP),
        (FORM, urlencode({"command": "/ask", "text": "a&command=b"}), Route.EARLY),
        (FORM, urlencode({"text": "&command=/ask"}), Route.APP),
        (FORM, urlencode({"ssl_check": "1", "token": "x"}), Route.CHECK),
        (FORM, urlencode({"payload": json.dumps({"type": "block_actions"})}), Route.EARLY),
        (FORM, urlencode({"payload": json.dumps({"type": "view_submission"})}), Route.APP),
        (FORM, urlencode({"payload": "{broken"}), Route.APP),
    ],
    ids=[
        "event",
        "url-verification",
        "url-verification-without-a-string",
        "bad-json",
        "command",
        "command-only-inside-a-value",
        "ssl-check",
        "button",
        "modal-submission",
        "bad-payload",
    ],
)
def test_only_requests_whose_ack_says_nothing_are_acked_early(
    content_type: str, body: str, expected: Route
) -> None:
    assert route(content_type, body) is expected


def test_the_gate_rejects_bad_signatures_and_trusts_the_app_without_a_secret() -> None:
    body = urlencode({"command": "/ask", "text": "troops"})
    good = {k.lower(): v for k, v in signed_headers(body, content_type=FORM).items()}
    gate = Gate(SIGNING_SECRET)
    assert gate.route(body, good) is Route.EARLY
    assert gate.route(body + "x", good) is Route.REJECT
    assert gate.route(body, {**good, "x-slack-request-timestamp": "soon"}) is Route.REJECT
    stale = signed_headers(body, timestamp=int(time.time()) - 600, content_type=FORM)
    assert gate.route(body, {k.lower(): v for k, v in stale.items()}) is Route.REJECT
    assert Gate(None).route(body, {}) is Route.APP  # the app decides, on its own thread


def test_url_verification_is_answered_by_the_front_as_bolt_would(slack: SlackSender) -> None:
    challenge = {"type": "url_verification", "challenge": 'c-<123>"', "token": "t"}
    response = slack.event(challenge)
    assert response.status == 200
    assert json.loads(response.body) == {"challenge": 'c-<123>"'}
    body = urlencode({"ssl_check": "1", "token": "t"})
    response = post(slack.url, body, signed_headers(body, content_type=FORM))
    assert (response.status, response.body) == (200, "")


def test_slacks_checks_do_not_wait_behind_the_apps_work() -> None:
    """Answered without the app: a reply that waited for the link would never come here."""
    forwarded: list[bytes] = []

    class Link:
        def write(self, data: bytes) -> None:
            forwarded.append(data)

    front = Front(Gate(SIGNING_SECRET), Link())  # type: ignore[arg-type]
    body = json.dumps({"type": "url_verification", "challenge": "c-1"})
    headers = {k.lower(): v for k, v in signed_headers(body).items()}
    request = Request("POST", "/slack/events", "", headers, body, True)
    assert front.answer_now(request) == (200, b'{"challenge": "c-1"}', "application/json")
    assert forwarded == []
    unsigned = request._replace(headers={"content-type": "application/json"})
    assert front.answer_now(unsigned) == (401, b"", "text/plain")


def test_health_check_answers_while_the_app_is_linked(slack: SlackSender) -> None:
    url = slack.url.replace("/slack/events", "/healthz")
    with urlopen(url, timeout=5) as response:
        assert (response.status, response.read()) == (200, b"ok")


def test_unknown_paths_are_404(slack: SlackSender) -> None:
    response = post(slack.url.replace("/slack/events", "/other"), "{}", signed_headers("{}"))
    assert response.status == 404


def _raw(url: str, request: bytes) -> bytes:
    host, port = url.split("/")[2].split(":")
    with socket.create_connection((host, int(port)), timeout=5) as conn:
        conn.sendall(request)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_two_requests_on_one_kept_alive_connection_get_two_answers(
    slack: SlackSender, fake_slack: FakeSlack, asker: FakeAsker
) -> None:
    requests = b""
    for i, connection in enumerate(["keep-alive", "close"]):
        body = urlencode(payloads.slash("/ask", f"troops {i}?", fake_slack.response_url(str(i))))
        headers = signed_headers(body, content_type=FORM)
        head = ["POST /slack/events HTTP/1.1", f"Content-Length: {len(body)}"]
        head += [f"{k}: {v}" for k, v in headers.items()] + [f"Connection: {connection}"]
        requests += ("\r\n".join(head) + "\r\n\r\n" + body).encode()
    replies = _raw(slack.url, requests)
    assert replies.count(b"HTTP/1.1 200 OK") == 2
    fake_slack.wait_for("response_url", 2)
    assert sorted(asker.questions) == ["troops 0?", "troops 1?"]


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"POST /slack/events HTTP/1.1\r\nX-Big: " + b"a" * 40_000 + b"\r\n\r\n", b"431"),
        (b"POST /slack/events HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", b"411"),
        (b"\x00\xff garbage\r\n\r\n", b"400"),
    ],
    ids=["huge-headers", "chunked", "binary"],
)
def test_malformed_requests_get_an_error_and_reach_nobody(
    slack: SlackSender, asker: FakeAsker, request_bytes: bytes, status: bytes
) -> None:
    reply = _raw(slack.url, request_bytes)
    assert reply.split(b" ")[1] == status
    assert asker.questions == []


def test_the_secret_is_not_on_the_front_command_line_and_its_death_is_noticed(app: App) -> None:
    front = HttpFront(app, "127.0.0.1", 0, SIGNING_SECRET)
    try:
        assert SIGNING_SECRET not in " ".join(map(str, front.process.args))
        front.process.kill()
        assert front.wait() != 0  # serve_http turns this into an error and exits
    finally:
        front.stop()


def test_a_busy_port_is_one_clear_error(app: App) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        with pytest.raises(Exception, match=f"cannot listen on 127.0.0.1:{port}"):
            HttpFront(app, "127.0.0.1", port, SIGNING_SECRET)


def test_the_relay_closes_the_link_on_a_garbled_message(app: App) -> None:
    # Were the relay to stop reading but leave the link open, the front would go on acking
    # requests that nobody answers; closed, the front exits and so does `newsdesk serve`.
    ours, theirs = socket.socketpair()
    relay = Relay(app, BlockingLink(theirs))
    thread = threading.Thread(target=relay.run)
    thread.start()
    ours.sendall(struct.pack(">I", 5) + b"{nope")
    thread.join(timeout=10)
    assert not thread.is_alive()
    ours.settimeout(5)
    assert ours.recv(1) == b""  # end of stream: the link is closed
    ours.close()


def test_a_flood_of_idle_connections_does_not_shut_slack_out(slack: SlackSender) -> None:
    from bot.front import MAX_CONNECTIONS

    host, port = slack.url.split("/")[2].split(":")
    idle = [socket.create_connection((host, int(port)), timeout=5)
            for _ in range(MAX_CONNECTIONS + 20)]  # fmt: skip
    try:
        url = slack.url.replace("/slack/events", "/healthz")
        with urlopen(url, timeout=5) as response:  # a fresh request still gets in
            assert (response.status, response.read()) == (200, b"ok")
        idle[0].settimeout(5)
        assert idle[0].recv(1) == b""  # the oldest idle connection was dropped to make room
    finally:
        for conn in idle:
            conn.close()


@pytest.mark.parametrize("body", ["[1, 2]", "{not json", '"a string"'])
def test_a_signed_but_malformed_body_is_a_400_not_a_server_error(
    slack: SlackSender, asker: FakeAsker, body: str
) -> None:
    response = post(slack.url, body, signed_headers(body))
    assert response.status in (200, 400)  # acked at once, or refused: never a 500
    assert asker.questions == []
