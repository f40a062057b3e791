"""The App Home tab: what the corpus holds and how to ask."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext

from bot.answering import Answerer
from bot.listeners.common import ack_now

log = logging.getLogger(__name__)


def register(app: App, answerer: Answerer) -> None:
    # The app's own client, not Bolt's per-request copy: that one adds team_id to every call,
    # a parameter Slack's published spec does not list for these methods.
    client = app.client

    def publish_home(event: dict[str, Any], context: BoltContext) -> None:
        if event.get("tab", "home") != "home":
            return
        client.views_publish(user_id=event["user"], view=answerer.home(context.bot_user_id))
        log.info("published home for %s", event["user"])

    app.event("app_home_opened")(ack=ack_now, lazy=[publish_home])
