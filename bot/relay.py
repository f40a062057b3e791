"""The app's side of the front process (bot/front.py): starts it, runs what it forwards.

Each forwarded request goes through Bolt on a small pool (Bolt's dispatch is interpreter-bound:
more threads would only fight over the GIL; the searches themselves run in Bolt's own listener
pool). A request the front already acknowledged gets its ack body, if any, posted to its
response_url; for the others the app's response goes back to the front.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk.webhook import WebhookClient

from bot.link import BlockingLink, LinkClosed

log = logging.getLogger(__name__)

DISPATCH_WORKERS = 2
RESPONSE_TIMEOUT_S = 10
LISTEN_BACKLOG = 1024  # a burst of slash commands must not overflow it


class FrontError(Exception):
    """The front process could not start, or it stopped."""


class Relay:
    """Runs the requests arriving on the link through the app until the link closes."""

    def __init__(self, app: App, link: BlockingLink, niceness: int = 0) -> None:
        self.app = app
        self.link = link
        self.niceness = niceness
        self._pool = ThreadPoolExecutor(DISPATCH_WORKERS, thread_name_prefix="bolt-dispatch")

    def run(self) -> None:
        """Until the link closes; then the link is closed on this side too, so that the front
        process exits rather than go on acknowledging requests nobody will answer."""
        if self.niceness:
            lower_priority(self.niceness)
        try:
            while True:
                self._pool.submit(self._handle, self.link.receive())
        except (LinkClosed, OSError):
            log.debug("the front closed the link")
        except ValueError:
            log.exception("unreadable message from the front; closing the link")
        finally:
            self.link.close()
            self._pool.shutdown(wait=True)

    def _handle(self, message: dict[str, Any]) -> None:
        request: BoltRequest | None = None
        try:
            request = BoltRequest(
                body=str(message["body"]),
                query=str(message.get("query", "")),
                headers=dict(message.get("headers") or {}),
            )
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            # Signed, yet not a payload Slack sends (bad JSON, a bare list): the sender's fault.
            log.warning("a request with a malformed body was refused (%s)", type(exc).__name__)
            response = BoltResponse(status=400, body="")
        if request is not None:
            try:
                response = self.app.dispatch(request)
            except Exception:
                log.exception("dispatching a request failed")
                response = BoltResponse(status=500, body="")
        if message.get("reply"):
            try:
                self.link.send(
                    {
                        "id": message["id"],
                        "status": response.status,
                        "body": response.body,
                        "headers": response.headers,
                    }
                )
            except OSError:
                log.warning("could not reply to the front: the link is closed")
        elif response.status != 200:
            log.warning("the app answered an acknowledged request with %d", response.status)
        elif response.body and request is not None:
            forward_ack(request.body, response.body)


def forward_ack(body: Any, ack_body: str) -> None:
    """Post what the app's ack said to a slash command to its response_url, privately."""
    url = body.get("response_url") if isinstance(body, Mapping) else None
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        return
    try:
        message = json.loads(ack_body)
    except ValueError:
        message = {"text": ack_body}
    if not isinstance(message, dict):
        return
    message.setdefault("response_type", "ephemeral")
    try:
        result = WebhookClient(url, timeout=RESPONSE_TIMEOUT_S).send_dict(message)
    except Exception as exc:  # the user just does not see the usage line; nothing else is lost
        log.warning("could not post an ack's message to response_url: %s", type(exc).__name__)
        return
    if result.status_code != 200:
        log.warning("response_url refused an ack's message: HTTP %d", result.status_code)


def lower_priority(niceness: int) -> None:
    """Run the calling thread, and the threads it starts, at this niceness (Linux sets it per
    thread, and new threads inherit it), so that the front process gets the CPU first."""
    current = os.getpriority(os.PRIO_PROCESS, 0)
    os.setpriority(os.PRIO_PROCESS, 0, max(current, niceness))


class HttpFront:
    """The front process serving HOST:PORT, and the relay feeding the app.

    With `app_niceness`, the relay and the threads it starts (Bolt's dispatch, the searches)
    run at that lower priority: on a busy machine Slack's acks come first.
    """

    def __init__(
        self,
        app: App,
        host: str,
        port: int,
        signing_secret: str | None,
        app_niceness: int = 0,
    ) -> None:
        try:
            listen = socket.create_server((host, port), backlog=LISTEN_BACKLOG)
        except OSError as exc:
            raise FrontError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc
        self.port: int = listen.getsockname()[1]
        ours, theirs = socket.socketpair()
        env = {**os.environ, "SLACK_SIGNING_SECRET": signing_secret or ""}
        fds = (listen.fileno(), theirs.fileno())
        level = logging.getLevelName(logging.getLogger().getEffectiveLevel())
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bot.front",
                f"--listen-fd={fds[0]}",
                f"--link-fd={fds[1]}",
                f"--log-level={level}",
            ],
            pass_fds=fds,
            env=env,
        )
        listen.close()
        theirs.close()
        self.link = BlockingLink(ours)
        self.relay = Relay(app, self.link, app_niceness)
        self.thread = threading.Thread(target=self.relay.run, name="relay", daemon=True)
        self.thread.start()

    def wait(self) -> int:
        """Block until the front process exits; its exit status."""
        return self.process.wait()

    def stop(self) -> None:
        """Stop the front, then finish the requests it already handed over."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.link.close()
        self.thread.join(timeout=30)
