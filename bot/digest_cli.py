"""`newsdesk digest`: what is new since the last digest (or in a window), printed or posted.

bot/cli.py registers the command at its bottom, after the shared options below are defined.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from bot.config import ConfigError, Mode, load_settings
from bot.console import render_blocks
from bot.digest import Digests, IndexDigests, utc_now
from bot.digest_blocks import digest_messages
from bot.digest_store import UNSURE, DigestStore
from bot.options import EMBEDDERS, data_option, embedder_option
from index.digest import Window
from index.figure_lookup import open_store


@click.command("digest", short_help="What is new since the last digest.")
@click.option(
    "--since",
    metavar="DATETIME",
    help="Articles first indexed since then, up to now (ISO 8601; no zone: NEWSDESK_DIGEST_TZ).",
)
@click.option(
    "--date", "day", metavar="DAY", help="Articles published on DAY (YYYY-MM-DD; not after today)."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the schema is in the README).")
@click.option("--post", is_flag=True, help="Post it to Slack (needs SLACK_BOT_TOKEN).")
@click.option("--channel", metavar="C", help="The channel id to --post to.")
@data_option
@embedder_option
def digest_cmd(
    since: str | None,
    day: str | None,
    as_json: bool,
    post: bool,
    channel: str | None,
    data_dir: Path,
    embedder: str,
) -> None:
    """The digest: new articles grouped by story, key passages, new or changed figures, and
    coverage per outlet. Without --since or --date: since the last digest posted to the daily
    channels (NEWSDESK_DIGEST_CHANNELS; to --channel with --post), else the last 24 hours.

    \b
    Examples:
        newsdesk digest
        newsdesk digest --date 2024-10-23 --json
        newsdesk digest --since "2024-10-22 08:00" --post --channel C0123456789
    """
    if since and day:
        raise click.UsageError("give --since or --date, not both")
    if post != bool(channel):
        raise click.UsageError("--post and --channel go together")
    settings = load_settings(os.environ, Mode.CONSOLE, data_dir)
    now = utc_now()
    window = _window(since, day, settings.digest_tz, now)
    index_store = open_store(data_dir)
    bot_store = DigestStore(settings.db_path)
    try:
        # With the schedule, "since the last digest" means the last one the daily channels got.
        digests = Digests(
            IndexDigests(index_store, EMBEDDERS[embedder]()),
            bot_store,
            settings.digest,
            tz=settings.digest_tz,
        )
        if post:
            assert channel is not None
            if not settings.bot_token:
                raise ConfigError("--post needs SLACK_BOT_TOKEN")
            from bot.web_client import build_web_client

            digests.client = build_web_client(settings)
            result = digests.post_now(channel, window)
            if result.status == UNSURE:  # no retry job follows up a manual post
                raise click.ClickException(
                    f"Slack did not confirm the digest in {channel}; it may have been posted:"
                    " look in the channel before posting it again"
                )
            if result.status != "posted":
                raise click.ClickException(f"the digest was not posted to {channel}; see the log")
            click.echo(f"posted to {channel} (ts {result.ts})")
            return
        data = digests.source.build(window or digests.window_since_last(now)).to_json()
    finally:
        bot_store.close()
        index_store.close()
    if as_json:
        click.echo(json.dumps(data, indent=2))
    else:
        click.echo("\n\n".join(render_blocks(m) for m in digest_messages(data, "Digest")))


def _window(since: str | None, day: str | None, tz: str, now: datetime) -> Window | None:
    """The window --since or --date asks for (None: since the last digest); a time or day
    still to come is a mistake, not an empty digest."""
    if day:
        try:
            chosen = date.fromisoformat(day)
        except ValueError:
            raise click.BadParameter(
                f"{day!r} is not a date like 2024-10-23", param_hint="--date"
            ) from None
        today = now.astimezone(ZoneInfo(tz)).date()
        if chosen > today:
            raise click.BadParameter(
                f"{day} is in the future (today is {today} in {tz})", param_hint="--date"
            )
        return Window.of_day(chosen, tz)
    if since:
        try:
            start = datetime.fromisoformat(since)
        except ValueError:
            raise click.BadParameter(
                f"{since!r} is not a date and time like 2024-10-23T08:00", param_hint="--since"
            ) from None
        if start.tzinfo is None:
            start = start.replace(tzinfo=ZoneInfo(tz))
        if start > now:
            shown = now.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")
            raise click.BadParameter(
                f"{since!r} is in the future (it is {shown} in {tz})", param_hint="--since"
            )
        return Window.since(start, now, tz)
    return None
