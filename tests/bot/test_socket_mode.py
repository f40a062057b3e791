"""The same handlers driven through Bolt's Socket Mode request path, without a websocket."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace

import payloads
import pytest
from fake_slack import RESPONSE_URL, FakeSlack
from fakes import TIME_NEWS, seed_text
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from bot.answering import Answerer
from bot.app import build_app
from bot.config import Mode, Settings


class RecordingClient:
    """Stands in for the websocket client: keeps the envelopes' acknowledgements."""

    def __init__(self) -> None:
        self.acks: list[SocketModeResponse] = []
        self.logger = logging.getLogger("tests.socket_mode")

    def send_socket_mode_response(self, response: SocketModeResponse) -> None:
        self.acks.append(response)


@pytest.fixture
def socket_app(settings: Settings, answerer: Answerer) -> App:
    socket_settings = replace(
        settings, mode=Mode.SOCKET, signing_secret=None, app_token="xapp-test"
    )
    return build_app(socket_settings, answerer)


@pytest.fixture
def handler(socket_app: App) -> Iterator[SocketModeHandler]:
    handler = SocketModeHandler(socket_app, app_token="xapp-test")
    yield handler
    handler.close()


def envelope(kind: str, payload: dict, envelope_id: str, retry: int = 0) -> SocketModeRequest:
    return SocketModeRequest(
        type=kind,
        envelope_id=envelope_id,
        payload=payload,
        accepts_response_payload=kind != "events_api",
        retry_attempt=retry or None,
        retry_reason="timeout" if retry else None,
    )


def test_mention_over_socket_mode(handler: SocketModeHandler, fake_slack: FakeSlack) -> None:
    client = RecordingClient()
    payload = payloads.event_callback(payloads.mention("<@UBOT> how many troops?"))
    handler.handle(client, envelope("events_api", payload, "env-1"))  # type: ignore[arg-type]
    assert [a.envelope_id for a in client.acks] == ["env-1"]
    (call,) = fake_slack.wait_for("chat.postMessage")
    quote = call.params["blocks"][0]["elements"][0]["elements"]
    assert "".join(p["text"] for p in quote) in seed_text(TIME_NEWS)


def test_redelivered_envelope_is_answered_once(
    handler: SocketModeHandler, fake_slack: FakeSlack
) -> None:
    client = RecordingClient()
    payload = payloads.event_callback(payloads.mention("<@UBOT> how many troops?"), "Ev0SOCK")
    handler.handle(client, envelope("events_api", payload, "env-1"))  # type: ignore[arg-type]
    handler.handle(client, envelope("events_api", payload, "env-2", retry=1))  # type: ignore[arg-type]
    assert len(client.acks) == 2  # both envelopes acknowledged
    fake_slack.wait_for("chat.postMessage")
    fake_slack.settle()
    assert len(fake_slack.ok_calls("chat.postMessage")) == 1


def test_slash_command_over_socket_mode(handler: SocketModeHandler, fake_slack: FakeSlack) -> None:
    client = RecordingClient()
    command = payloads.slash("/ask", "uniforms?", fake_slack.response_url())
    handler.handle(client, envelope("slash_commands", command, "env-3"))  # type: ignore[arg-type]
    assert client.acks[0].envelope_id == "env-3"
    (call,) = fake_slack.wait_for(RESPONSE_URL)
    assert call.params["response_type"] == "ephemeral"


def test_unavailable_command_acks_with_text(handler: SocketModeHandler) -> None:
    client = RecordingClient()
    command = payloads.slash("/digest", "", "http://127.0.0.1:9/unused")
    handler.handle(client, envelope("slash_commands", command, "env-4"))  # type: ignore[arg-type]
    assert "not available yet" in client.acks[0].payload["text"]  # type: ignore[index]
