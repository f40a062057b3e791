"""The daily digest as the bot runs it: which day is due, build it once, post it once per channel.

Time comes from an injected clock, so tests drive days and restarts without waiting. The
scheduler (bot/schedule.py) only calls `run_due`; `/digest`, `newsdesk chat` and the CLI use the
rest. Exactly-once is the store's business (bot/digest_store.py).
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.answering import Reply, unavailable_reply
from bot.config import DigestSchedule
from bot.digest_blocks import digest_messages, digest_text
from bot.digest_store import FAILED, POSTED, SKIPPED, DigestStore, StoredDigest
from index import Digest, Embedder, Window, build_digest
from index.store import Store

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
STALE_CLAIM = timedelta(minutes=30)
FIRST_LOOKBACK = timedelta(days=1)  # the window of the first digest ever


def utc_now() -> datetime:
    return datetime.now(UTC)


class DigestSource(Protocol):
    """Builds a digest of a window; `IndexDigests` is the real one."""

    def build(self, window: Window) -> Digest: ...


@dataclass(frozen=True)
class IndexDigests:
    store: Store
    embedder: Embedder

    def build(self, window: Window) -> Digest:
        return build_digest(self.store, self.embedder, window)


@dataclass(frozen=True)
class PostResult:
    channel: str
    day: str | None
    status: str  # posted | skipped | failed | done (someone already has it)
    ts: str | None = None


class Digests:
    """Builds, records and posts digests for every front end."""

    def __init__(
        self,
        source: DigestSource,
        store: DigestStore,
        schedule: DigestSchedule | None = None,
        client: WebClient | None = None,
        clock: Clock = utc_now,
        owner: str | None = None,
        stale_after: timedelta = STALE_CLAIM,
    ) -> None:
        self.source = source
        self.store = store
        self.schedule = schedule
        self.client = client
        self.clock = clock
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}"
        self.stale_after = stale_after

    # -- content --------------------------------------------------------------------------
    def window_since_last(self, now: datetime) -> Window:
        """From the end of the last digest that went out (else a day back) to now."""
        last = self.store.latest_posted()
        start = now - FIRST_LOOKBACK
        if last is not None:
            start = datetime.fromisoformat(last.data["window"]["end"])
        return Window.since(min(start, now), now)

    def latest_or_preview(self) -> dict[str, Any]:
        """The latest digest that went out, or one since then if none has (the `/digest` view)."""
        last = self.store.latest_posted()
        if last is not None:
            return last.data
        return self.source.build(self.window_since_last(self.clock())).to_json()

    def reply(self) -> Reply:
        """`/digest`: the latest digest, privately; only its first message's worth of blocks."""
        data = self.latest_or_preview()
        messages = digest_messages(data, title="Latest digest")
        return Reply(text=digest_text(data), blocks=messages[0])

    # -- the daily run --------------------------------------------------------------------
    def due_day(self, now: datetime) -> date:
        """The latest day whose digest time has come (today after the time, else yesterday)."""
        assert self.schedule is not None
        local = now.astimezone(ZoneInfo(self.schedule.tz))
        slot = datetime.combine(local.date(), self.schedule.at, local.tzinfo)
        return local.date() if local >= slot else local.date() - timedelta(days=1)

    def run_due(self, *, fresh: bool = True, catching_up: bool = False) -> list[PostResult]:
        """Post the due day's digest to every channel that does not have it yet.

        fresh=False only retries posts that failed or went stale; catching_up=True posts only to
        channels that have had a daily digest before (a first start is not a missed day).
        """
        assert self.schedule is not None
        now = self.clock()
        day = self.due_day(now).isoformat()
        results = []
        for channel in self.schedule.channels:
            existing = self.store.post_for(day, channel)
            if existing is not None and existing.status in (POSTED, SKIPPED):
                continue
            if existing is None and not fresh:
                continue
            if existing is None and catching_up and not self.store.has_daily_history(channel):
                continue
            results.append(self.post_daily(day, channel, now))
        return results

    def catch_up(self) -> list[PostResult]:
        """On start: post a day missed while the bot was down, if the setting allows."""
        assert self.schedule is not None
        return self.run_due(fresh=self.schedule.catch_up, catching_up=True)

    def retry(self) -> list[PostResult]:
        return self.run_due(fresh=False)

    def post_daily(self, day: str, channel: str, now: datetime) -> PostResult:
        stored = self.store.daily(day)
        if stored is None:
            digest = self.source.build(self.window_since_last(now))
            stored = self.store.record(digest, "daily", day, now)
        skip = bool(self.schedule and self.schedule.skip_empty) and not stored.data["articles"]
        return self._post(stored, channel, now, skip=skip)

    def post_now(self, channel: str, window: Window | None = None) -> PostResult:
        """Post a digest now (the CLI's --post): of window, or since the last digest."""
        now = self.clock()
        digest = self.source.build(window or self.window_since_last(now))
        return self._post(self.store.record(digest, "manual", None, now), channel, now)

    def _post(
        self, stored: StoredDigest, channel: str, now: datetime, skip: bool = False
    ) -> PostResult:
        post_id = self.store.claim(
            stored.id, stored.day, channel, self.owner, now, self.stale_after
        )
        if post_id is None:
            log.info("digest %s for %s is already posted or in hand", stored.day, channel)
            return PostResult(channel, stored.day, "done")
        if skip:
            self.store.finish(post_id, SKIPPED, now)
            log.info("digest %s for %s skipped: no new articles", stored.day, channel)
            return PostResult(channel, stored.day, SKIPPED)
        try:
            ts = self._send(channel, stored, post_id)
        except (SlackApiError, OSError) as error:
            reason = (
                error.response.get("error") if isinstance(error, SlackApiError) else repr(error)
            )
            self.store.finish(post_id, FAILED, self.clock(), error=str(reason))
            log.error("digest %s for %s failed: %s", stored.day, channel, reason)
            return PostResult(channel, stored.day, FAILED)
        log.info("digest %s posted to %s as %s", stored.day, channel, ts)
        return PostResult(channel, stored.day, POSTED, ts)

    def _send(self, channel: str, stored: StoredDigest, post_id: int) -> str:
        if self.client is None:
            raise OSError("no Slack client to post with")
        messages = digest_messages(stored.data)
        text = digest_text(stored.data)
        first = self.client.chat_postMessage(channel=channel, text=text, blocks=messages[0])
        ts = str(first["ts"])
        # Recorded before the thread replies: a failure in them must not post the day again.
        self.store.finish(post_id, POSTED, self.clock(), ts=ts)
        for n, blocks in enumerate(messages[1:], start=2):
            try:
                self.client.chat_postMessage(
                    channel=channel, thread_ts=ts, text=f"{text} (part {n})", blocks=blocks
                )
            except (SlackApiError, OSError) as error:
                log.error("digest thread part %d in %s failed: %r", n, channel, error)
                break
        return ts


def digest_reply(digests: Digests | None) -> Reply:
    """The private reply to `/digest`."""
    if digests is None:
        return unavailable_reply("/digest")
    return digests.reply()
