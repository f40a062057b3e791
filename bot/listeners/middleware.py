"""Global middleware: Slack retries an event it thinks failed; answer each event_id once."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse

from bot.store import BotStore

log = logging.getLogger(__name__)


def register(app: App, store: BotStore) -> None:
    @app.middleware
    def drop_repeated_events(
        body: dict[str, Any], request: BoltRequest, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        event_id = body.get("event_id")
        is_event = body.get("type") == "event_callback"
        if is_event and isinstance(event_id, str) and not store.claim_event(event_id):
            retry = request.headers.get("x-slack-retry-num", ["0"])[0]
            log.info("event %s already handled (retry %s); not answering again", event_id, retry)
            return BoltResponse(status=200, body="")
        return next()
