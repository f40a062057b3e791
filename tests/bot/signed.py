"""Signed requests to the bot's HTTP endpoint, as Slack sends them."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

SIGNING_SECRET = "test-signing-secret"


@dataclass(frozen=True)
class Response:
    status: int
    body: str

    def json(self) -> Any:
        return json.loads(self.body)


def signed_headers(
    body: str,
    secret: str = SIGNING_SECRET,
    timestamp: int | None = None,
    content_type: str = "application/json",
) -> dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature,
    }


def post(url: str, body: str, headers: dict[str, str], timeout: float = 10) -> Response:
    request = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Response(response.status, response.read().decode())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.read().decode())


@dataclass(frozen=True)
class SlackSender:
    """Sends events, slash commands and button presses to `url` (…/slack/events)."""

    url: str
    secret: str = SIGNING_SECRET

    def event(self, payload: dict[str, Any], retry_num: int | None = None) -> Response:
        body = json.dumps(payload)
        headers = signed_headers(body, self.secret)
        if retry_num is not None:
            headers["X-Slack-Retry-Num"] = str(retry_num)
            headers["X-Slack-Retry-Reason"] = "http_timeout"
        return post(self.url, body, headers)

    def command(self, fields: dict[str, str]) -> Response:
        body = urlencode(fields)
        return post(
            self.url,
            body,
            signed_headers(body, self.secret, content_type="application/x-www-form-urlencoded"),
        )

    def action(self, payload: dict[str, Any]) -> Response:
        body = urlencode({"payload": json.dumps(payload)})
        return post(
            self.url,
            body,
            signed_headers(body, self.secret, content_type="application/x-www-form-urlencoded"),
        )
