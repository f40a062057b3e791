"""`/figure TOPIC`: the figures privately through the response_url, the chart in the channel."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk.errors import SlackApiError

from bot.blocks import clip, mention
from bot.charts import chart_filename, chart_png
from bot.figure_blocks import echo
from bot.figures import FigureSource, answer_figures, topic_from_command, topic_problem
from bot.listeners.common import APOLOGY, CANT_POST, cant_post_here
from index.figure_lookup import FigureLookup

log = logging.getLogger(__name__)

CHART_FAILED = "Sorry, I could not post the chart just now. The error is logged."


def register(app: App, source: FigureSource | None) -> None:
    # The app's own client, not Bolt's per-request copy: that one adds team_id to every call,
    # a parameter Slack's published spec does not list for these methods.
    client = app.client

    def ack_figure(ack: Ack, command: dict[str, Any]) -> None:
        """Refuse at once what needs no lookup: no figures loaded, no topic, a topic too long."""
        if source is None:
            ack(text=answer_figures(None, "").reply.text)
            return
        problem = topic_problem(topic_from_command(command.get("text", "")))
        if problem:
            ack(text=problem)
        else:
            ack()

    def answer_figure(command: dict[str, Any], respond: Respond) -> None:
        text = command.get("text", "")
        if source is None or topic_problem(topic_from_command(text)):
            return  # the ack answered
        channel = command.get("channel_id", "")
        try:
            answer = answer_figures(source, text)
        except Exception:
            log.exception("/figure failed in %s", channel)
            respond(text=APOLOGY, response_type="ephemeral")
            return
        respond(response_type="ephemeral", **answer.reply.as_kwargs())
        if answer.chartable and answer.found is not None:
            post_chart(answer.found, channel, command.get("user_id", ""), respond)

    def post_chart(found: FigureLookup, channel: str, user: str, respond: Respond) -> None:
        """Upload the chart to the channel the command came from; explain if that fails."""
        try:
            png = chart_png(found)
            client.files_upload_v2(
                channel=channel,
                content=png,
                filename=chart_filename(found.topic),
                title=f"Figures on “{clip(found.topic, 100)}”",
                initial_comment=f"{mention(user)} asked for the figures on “{echo(found.topic)}”",
            )
        except SlackApiError as error:
            reason = error.response.get("error")
            log.warning("cannot post the chart in %s: %s", channel, reason)
            respond(
                text=cant_post_here(channel, "the chart") if reason in CANT_POST else CHART_FAILED,
                response_type="ephemeral",
            )
        except Exception:
            log.exception("drawing or uploading the chart failed in %s", channel)
            respond(text=CHART_FAILED, response_type="ephemeral")
        else:
            log.info("posted a chart (%d bytes) in %s", len(png), channel)

    app.command("/figure")(ack=ack_figure, lazy=[answer_figure])
