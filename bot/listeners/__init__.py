"""Registers every listener on the Bolt app; one module per kind, each with `register(app, ...)`."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App

from bot.answering import Answerer
from bot.digest import Digests
from bot.figures import FigureSource
from bot.listeners import actions, commands, digest, events, figures, home, middleware

log = logging.getLogger(__name__)


def register_listeners(
    app: App,
    answerer: Answerer,
    figure_source: FigureSource | None = None,
    digests: Digests | None = None,
) -> None:
    """Attach the dedupe middleware, every listener, and the one error handler."""
    middleware.register(app, answerer.store)
    events.register(app, answerer)
    commands.register(app, answerer)
    figures.register(app, figure_source)
    digest.register(app, digests)
    actions.register(app, answerer)
    home.register(app, answerer)
    app.error(handle_error)


def handle_error(error: Exception, body: dict[str, Any]) -> None:
    """The one error handler, for failures before the ack: log ids, never message text."""
    event = body.get("event") or {}
    log.error(
        "listener failed: type=%s event_id=%s event=%s",
        body.get("type"),
        body.get("event_id"),
        event.get("type"),
        exc_info=error,
    )
