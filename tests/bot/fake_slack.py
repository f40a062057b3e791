"""A fake Slack Web API: a real HTTP server on 127.0.0.1 that records every call.

Point a WebClient at `FakeSlack.api_url`; use `response_url(...)` as the response_url in
payloads. Tell it to fail with `fail_next` (429 with Retry-After, 5xx, or a Slack error), or
to answer late with `delay_next`.

File uploads follow Slack's three steps: files.getUploadURLExternal issues an id and an upload
URL, the bytes are POSTed there (kept in `uploads`), and files.completeUploadExternal fails
for an id whose bytes did not arrive or whose length differs from the one announced.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
TEAM_ID = "T0TEST"
TOKEN = "xoxb-test-token"
RESPONSE_URL = "response_url"  # the method name recorded for posts to a response_url
UPLOAD = "upload"  # the method name recorded for posts to an upload URL
_JSON_FIELDS = ("blocks", "view", "attachments", "files")


@dataclass(frozen=True)
class Call:
    """One request the fake received."""

    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    status: int
    at: float  # time.monotonic() when it arrived
    ok: bool = True
    path: str = ""


@dataclass
class _Failure:
    remaining: int
    status: int
    retry_after: int | None
    error: str | None
    method: str | None
    delay: float = 0.0


@dataclass
class FakeSlack:
    """Start with `FakeSlack.start()`; `close()` when done."""

    calls: list[Call] = field(default_factory=list)
    _failures: list[_Failure] = field(default_factory=list)
    _delays: list[_Failure] = field(default_factory=list)
    _lock: threading.Condition = field(default_factory=threading.Condition)
    uploads: dict[str, bytes] = field(default_factory=dict)  # file id -> the bytes POSTed
    _announced: dict[str, int] = field(default_factory=dict)  # file id -> announced length
    messages: list[dict[str, Any]] = field(default_factory=list)  # chat.postMessage carried out
    _ts: itertools.count = field(default_factory=lambda: itertools.count(1))
    _file_ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _server: ThreadingHTTPServer | None = None

    @classmethod
    def start(cls) -> FakeSlack:
        fake = cls()
        handler = type("Handler", (_Handler,), {"fake": fake})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        fake._server = server
        threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return fake

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_port}/"

    @property
    def api_url(self) -> str:
        return self.url + "api/"

    def response_url(self, name: str = "r1") -> str:
        return self.url + f"response/{name}"

    def fail_next(
        self,
        count: int = 1,
        *,
        status: int = 429,
        retry_after: int | None = 1,
        error: str | None = None,
        method: str | None = None,
    ) -> None:
        """Answer the next `count` calls (to `method`, if given) with an HTTP or Slack error.

        status 429 sends Retry-After; status 200 with `error` sends {"ok": false, "error": ...}.
        """
        with self._lock:
            self._failures.append(_Failure(count, status, retry_after, error, method))

    def delay_next(self, count: int = 1, *, seconds: float, method: str | None = None) -> None:
        """Carry out the next `count` calls (to `method`, if given) but answer `seconds` late:
        the call takes effect even when the client has given up waiting."""
        with self._lock:
            self._delays.append(_Failure(count, 200, None, None, method, seconds))

    def ok_calls(self, method: str | None = None) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.ok and method in (None, c.method)]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Block until `count` successful calls to `method` arrived; return them."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [c for c in self.calls if c.ok and c.method == method]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [c.method for c in self.calls]
                    raise AssertionError(f"expected {count} {method} call(s); got {seen}")
                self._lock.wait(left)

    def only_ack_message(self) -> str:
        """The text of the one private message at response_url that stood for a slash
        command's ack (the front acks at once; bot/relay.py posts what the ack said), after
        making sure nothing else arrives there."""
        (call,) = self.wait_for(RESPONSE_URL)
        self.settle()
        assert self.ok_calls(RESPONSE_URL) == [call]
        assert call.params["response_type"] == "ephemeral"
        return str(call.params["text"])

    def settle(self, quiet: float = 0.3) -> None:
        """Wait until no call has arrived for `quiet` seconds (to prove nothing more comes)."""
        while True:
            with self._lock:
                last = max((c.at for c in self.calls), default=0.0)
            idle = time.monotonic() - last
            if idle >= quiet:
                return
            time.sleep(quiet - idle)

    def _take_failure(self, method: str, pending: list[_Failure] | None = None) -> _Failure | None:
        for failure in self._failures if pending is None else pending:
            if failure.remaining > 0 and failure.method in (None, method):
                failure.remaining -= 1
                return failure
        return None

    def _record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)
            self._lock.notify_all()

    def _history(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """The channel's top-level messages, newest first, as conversations.history gives them:
        a message with replies carries its own ts as thread_ts."""
        with self._lock:
            here = [m for m in self.messages if m["channel"] == params.get("channel")]
        heads = {m["thread_ts"] for m in here if m["thread_ts"]}
        top = [
            {k: v for k, v in m.items() if k not in ("channel", "thread_ts")}
            | ({"thread_ts": m["ts"]} if m["ts"] in heads else {})
            for m in here
            if not m["thread_ts"]
        ]
        return top[::-1][: int(params.get("limit") or 100)]

    def _next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://newsdesk-test.slack.com/",
                "team": "Test",
                "user": "newsdesk",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "chat.postMessage":
            ts = self._next_ts()
            message = {"type": "message", "text": params.get("text"), "ts": ts, "bot_id": BOT_ID}
            with self._lock:
                self.messages.append(
                    {
                        **message,
                        "channel": params.get("channel"),
                        "thread_ts": params.get("thread_ts"),
                    }
                )
            return {
                "ok": True,
                "channel": params.get("channel"),
                "ts": ts,
                "message": {
                    "type": "message",
                    "text": params.get("text"),
                    "ts": ts,
                    "bot_id": BOT_ID,
                    "user": BOT_USER_ID,
                },
            }
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._next_ts()}
        if method == "chat.update":
            return {
                "ok": True,
                "channel": params.get("channel"),
                "ts": params.get("ts"),
                "text": params.get("text"),
            }
        if method == "views.publish":
            return {"ok": True, "view": {"id": "V1", **(params.get("view") or {})}}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._file_ids)}"
            with self._lock:
                self._announced[file_id] = int(params.get("length") or 0)
            return {"ok": True, "upload_url": self.url + f"upload/{file_id}", "file_id": file_id}
        if method == UPLOAD:
            with self._lock:
                self.uploads[params["file_id"]] = params["data"]
            return {"ok": True}
        if method == "files.completeUploadExternal":
            files = params.get("files", [])
            with self._lock:
                complete = all(
                    f["id"] in self.uploads
                    and len(self.uploads[f["id"]]) == self._announced.get(f["id"])
                    for f in files
                )
            if not files or not complete:
                return {"ok": False, "error": "invalid_arguments"}
            return {
                "ok": True,
                "files": [{"id": f["id"], "title": f.get("title")} for f in files],
            }
        if method == "conversations.history":
            return {"ok": True, "messages": self._history(params), "has_more": False}
        if method in ("reactions.add", "chat.delete", RESPONSE_URL):
            return {"ok": True}
        return {"ok": False, "error": "unknown_method"}


class _Handler(BaseHTTPRequestHandler):
    fake: FakeSlack
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.do_POST()

    def do_POST(self) -> None:
        path, _, query = self.path.partition("?")
        raw = self.rfile.read(int(self.headers.get("content-length") or 0))
        if path.startswith("/api/"):
            method = path.removeprefix("/api/")
        elif path.startswith("/response/"):
            method = RESPONSE_URL
        elif path.startswith("/upload/"):
            method = UPLOAD
        else:
            self._send(404, {"ok": False, "error": "not_found"})
            return
        params = _parse(raw, self.headers.get("content-type", ""), query, method)
        if method == UPLOAD:
            params["file_id"] = path.removeprefix("/upload/")
        headers = {k.lower(): v for k, v in self.headers.items()}
        fake = self.fake
        with fake._lock:
            failure = fake._take_failure(method)
        if failure is not None:
            fake._record(
                Call(method, params, headers, failure.status, time.monotonic(), False, path)
            )
            extra = {}
            if failure.status == 429 and failure.retry_after is not None:
                extra["Retry-After"] = str(failure.retry_after)
            body = {"ok": False, "error": failure.error or "ratelimited"}
            self._send(failure.status, body, extra)
            return
        token = headers.get("authorization", "").removeprefix("Bearer ") or params.get("token")
        if path.startswith("/api/") and token != TOKEN:
            fake._record(Call(method, params, headers, 200, time.monotonic(), False, path))
            self._send(200, {"ok": False, "error": "not_authed"})
            return
        fake._record(Call(method, params, headers, 200, time.monotonic(), True, path))
        with fake._lock:
            slow = fake._take_failure(method, fake._delays)
        answer = fake._answer(method, params)
        if slow is not None:
            time.sleep(slow.delay)
            # The client may have stopped waiting; the call took effect all the same.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._send(200, answer)
            return
        self._send(200, answer)

    def _send(
        self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


def _parse(raw: bytes, content_type: str, query: str, method: str) -> dict[str, Any]:
    params: dict[str, Any] = {k: v[0] for k, v in parse_qs(query).items()}
    if method == UPLOAD:
        params["bytes"] = len(raw)
        params["data"] = raw
        return params
    if "json" in content_type:
        params.update(json.loads(raw or b"{}"))
    elif raw:
        params.update({k: v[0] for k, v in parse_qs(raw.decode()).items()})
    for name in _JSON_FIELDS:  # form-encoded calls carry these as JSON strings
        if isinstance(params.get(name), str):
            params[name] = json.loads(params[name])
    return params
