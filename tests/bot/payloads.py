"""Slack payloads as they arrive: event callbacks, slash commands and block actions."""

from __future__ import annotations

import itertools
from typing import Any

from fake_slack import TEAM_ID

CHANNEL = "C0NEWS"
USER = "U0ASKER"
_ids = itertools.count(1)


def event_callback(event: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
    return {
        "token": "legacy-verification-token",
        "team_id": TEAM_ID,
        "api_app_id": "A0NEWSDESK",
        "type": "event_callback",
        "event_id": event_id or f"Ev{next(_ids):08d}",
        "event_time": 1700000000,
        "event": event,
        "authorizations": [{"team_id": TEAM_ID, "user_id": "UBOT", "is_bot": True}],
    }


def mention(
    text: str, ts: str = "1700000100.000100", thread_ts: str | None = None, channel: str = CHANNEL
) -> dict[str, Any]:
    event = {
        "type": "app_mention",
        "user": USER,
        "text": text,
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def message(
    text: str,
    ts: str,
    channel: str = CHANNEL,
    channel_type: str = "channel",
    thread_ts: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    event = {
        "type": "message",
        "user": USER,
        "text": text,
        "ts": ts,
        "channel": channel,
        "channel_type": channel_type,
        "event_ts": ts,
        **extra,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def slash(command: str, text: str, response_url: str, channel: str = CHANNEL) -> dict[str, str]:
    return {
        "token": "legacy-verification-token",
        "team_id": TEAM_ID,
        "team_domain": "test",
        "channel_id": channel,
        "channel_name": "news",
        "user_id": USER,
        "user_name": "asker",
        "command": command,
        "text": text,
        "api_app_id": "A0NEWSDESK",
        "response_url": response_url,
        "trigger_id": f"{next(_ids)}.trigger",
    }


def block_action(
    action_id: str,
    value: str,
    response_url: str,
    *,
    ephemeral: bool,
    message_ts: str = "1700000200.000100",
    thread_ts: str | None = None,
    channel: str = CHANNEL,
) -> dict[str, Any]:
    container: dict[str, Any] = {
        "type": "message",
        "message_ts": message_ts,
        "channel_id": channel,
        "is_ephemeral": ephemeral,
    }
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": TEAM_ID, "domain": "test"},
        "user": {"id": USER, "username": "asker", "team_id": TEAM_ID},
        "api_app_id": "A0NEWSDESK",
        "token": "legacy-verification-token",
        "container": container,
        "trigger_id": f"{next(_ids)}.trigger",
        "channel": {"id": channel, "name": "news"},
        "response_url": response_url,
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": "b1",
                "text": {"type": "plain_text", "text": "x"},
                "value": value,
                "action_ts": "1700000300.000100",
            }
        ],
    }
    if not ephemeral:
        message = {"type": "message", "ts": message_ts, "bot_id": "BBOT", "text": "answer"}
        if thread_ts:
            message["thread_ts"] = thread_ts
        payload["message"] = message
    return payload
