"""The daily digest as the bot runs it: which day is due, build it once, post it once per channel.

Time comes from an injected clock, so tests drive days and restarts without waiting. The
scheduler (bot/schedule.py) only calls `run_due`; `/digest`, `newsdesk chat` and the CLI use the
rest. Exactly-once is the store's business (bot/digest_store.py), with one exception handled
here: a post that timed out, lost its connection once sent or got a 500 may have reached Slack,
so it is not posted again until the channel's history shows it did not.

A digest "since the last one" starts where the last such digest posted to the same channels
ended: the daily run's from its channels', `digest --post --channel C` from C's. A digest of a
chosen window (`--since`, `--date`) is posted as asked and moves no one's start.
"""

from __future__ import annotations

import logging
import os
import re
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from http.client import HTTPException
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.answering import Reply, notice, question_from_message, unavailable_reply
from bot.blocks import MAX_BLOCKS, clip, context, escape
from bot.config import DigestSchedule
from bot.digest_blocks import digest_messages, digest_text
from bot.digest_store import (
    DAILY,
    FAILED,
    POSTED,
    SINCE_LAST,
    SKIPPED,
    UNSURE,
    WINDOW,
    DigestStore,
    StoredDigest,
)
from bot.web_client import maybe_sent
from index import Digest, Embedder, Window, build_digest
from index.store import StoreSource, current

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
STALE_CLAIM = timedelta(minutes=30)
FIRST_LOOKBACK = timedelta(days=1)  # the window of the first digest ever
HISTORY_LIMIT = 100  # the channel's latest messages searched for a post that may have gone out
DIGEST_USAGE = (
    "Usage: `/digest` for the latest digest, or `/digest 2024-10-23` for the articles published "
    "that day."
)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")  # only this: fromisoformat takes "20241023" and weeks too


def utc_now() -> datetime:
    return datetime.now(UTC)


class DigestSource(Protocol):
    """Builds a digest of a window; `IndexDigests` is the real one."""

    def build(self, window: Window) -> Digest: ...


@dataclass(frozen=True)
class IndexDigests:
    store: StoreSource
    embedder: Embedder

    def build(self, window: Window) -> Digest:
        return build_digest(current(self.store), self.embedder, window)


@dataclass(frozen=True)
class PostResult:
    channel: str
    day: str | None
    status: str  # posted | skipped | failed | unsure | done (someone already has it)
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
        tz: str | None = None,
    ) -> None:
        self.source = source
        self.store = store
        self.schedule = schedule
        self.client = client
        self.clock = clock
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}"
        self.stale_after = stale_after
        self.tz = tz or (schedule.tz if schedule else "UTC")  # the zone digests show times in
        # (day, channel) whose digest could not be built when due: the retry job tries again.
        self._unbuilt: set[tuple[str, str]] = set()

    # -- content --------------------------------------------------------------------------
    def window_since_last(self, now: datetime, channels: Sequence[str] | None = None) -> Window:
        """From the end of the last digest "since the last one" that went out to channels (by
        default the daily channels, else any), or from a day back, to now."""
        last = self.store.latest_posted(self._channels(channels))
        start = now - FIRST_LOOKBACK
        if last is not None:
            start = datetime.fromisoformat(last.data["window"]["end"])
        return Window.since(min(start, now), now, self.tz)

    def latest_or_preview(self) -> dict[str, Any]:
        """The latest digest that went out to the daily channels (else anywhere), or what the
        next one holds so far if none has (the `/digest` view)."""
        last = self.store.latest_posted(self._channels(None))
        if last is not None:
            return last.data
        return self.source.build(self.window_since_last(self.clock())).to_json()

    def _channels(self, channels: Sequence[str] | None) -> Sequence[str] | None:
        if channels is None and self.schedule is not None:
            return self.schedule.channels
        return channels

    def reply(self) -> Reply:
        """`/digest`: the latest digest, privately, or what the next one holds so far if none
        went out; its first message's worth of blocks, saying when there is more."""
        data = self.latest_or_preview()
        posted = self.store.latest_posted(self._channels(None)) is not None
        if posted:
            where = "in the thread of the posted digest"
        elif self.schedule is not None:
            where = "when it is posted"
        else:  # nothing will post it: say so rather than promise it
            where = "not shown (no daily digest is scheduled)"
        return _first_message(data, "Latest digest" if posted else "Digest so far", where)

    def day_reply(self, day: date) -> Reply:
        """`/digest DAY`: the articles published on day, as `newsdesk digest --date` shows
        them; its first message's worth of blocks, saying when there is more."""
        data = self.source.build(Window.of_day(day, self.tz)).to_json()
        where = f"not shown (`newsdesk digest --date {day}` prints them all)"
        return _first_message(data, f"Digest for {day}", where)

    def day_problem(self, text: str) -> str | None:
        """Why `/digest TEXT` cannot be shown, as an mrkdwn line for its asker; None when it
        can (no text: the latest digest; a day that has come: that day's)."""
        asked = _asked(text)
        if not asked:
            return None
        day = _day(asked)
        if day is None:
            return f"“{escape(clip(asked, 100))}” is not a day. {DIGEST_USAGE}"
        today = self.clock().astimezone(ZoneInfo(self.tz)).date()
        if day > today:
            return f"{day} is still to come (today is {today} in {self.tz}). {DIGEST_USAGE}"
        return None

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
            unbuilt = (day, channel) in self._unbuilt
            if existing is None and not fresh and not unbuilt:
                continue
            if existing is None and catching_up and not self.store.has_daily_history(channel):
                continue
            try:
                results.append(self.post_daily(day, channel, now))
            except Exception:  # the index busy or broken: the other channels still get theirs
                log.exception("digest %s for %s could not be built; retrying later", day, channel)
                self._unbuilt.add((day, channel))
                results.append(PostResult(channel, day, FAILED))
            else:
                self._unbuilt.discard((day, channel))
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
            digest = self.source.build(self.window_since_last(now, self._channels(None)))
            stored = self.store.record(digest, DAILY, day, now)
        skip = bool(self.schedule and self.schedule.skip_empty) and not stored.data["articles"]
        existing = self.store.post_for(day, channel)
        if existing is not None and existing.status == UNSURE:
            found = self._found_in_history(channel, stored)
            if found is None:  # the history could not be read: still unsure, not posted again
                return PostResult(channel, day, UNSURE)
            if found:
                self.store.finish(existing.id, POSTED, self.clock(), ts=found)
                log.info("digest %s was in %s after all, as %s", day, channel, found)
                self._send_thread(channel, stored, found)
                return PostResult(channel, day, POSTED, found)
        return self._post(stored, channel, now, skip=skip)

    def post_now(self, channel: str, window: Window | None = None) -> PostResult:
        """Post a digest now (the CLI's --post): of window, or since the last to channel."""
        now = self.clock()
        if window is not None:
            stored = self.store.record(self.source.build(window), WINDOW, None, now)
        else:
            digest = self.source.build(self.window_since_last(now, [channel]))
            stored = self.store.record(digest, SINCE_LAST, None, now)
        return self._post(stored, channel, now)

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
        except (SlackApiError, OSError, HTTPException) as error:
            reason = (
                error.response.get("error") if isinstance(error, SlackApiError) else repr(error)
            )
            status = UNSURE if maybe_sent(error) else FAILED
            self.store.finish(post_id, status, self.clock(), error=str(reason))
            if status == UNSURE and stored.day is None:
                log.error(
                    "digest (manual) for %s: no answer from Slack (%s); it may have been posted",
                    channel, reason,
                )  # fmt: skip
            elif status == UNSURE:
                log.error(
                    "digest %s for %s: no answer from Slack (%s); it may have been posted, so the"
                    " retry job checks the channel before posting again",
                    stored.day, channel, reason,
                )  # fmt: skip
            else:
                log.error("digest %s for %s failed: %s", stored.day or "(manual)", channel, reason)
            return PostResult(channel, stored.day, status)
        log.info("digest %s posted to %s as %s", stored.day, channel, ts)
        return PostResult(channel, stored.day, POSTED, ts)

    def _send(self, channel: str, stored: StoredDigest, post_id: int) -> str:
        if self.client is None:
            raise SlackApiError("no Slack client to post with", {"error": "no_client"})
        messages = digest_messages(stored.data)
        text = digest_text(stored.data)
        first = self.client.chat_postMessage(channel=channel, text=text, blocks=messages[0])
        ts = str(first["ts"])
        # Recorded before the thread replies: a failure in them must not post the day again.
        self.store.finish(post_id, POSTED, self.clock(), ts=ts)
        self._send_thread(channel, stored, ts)
        return ts

    def _send_thread(self, channel: str, stored: StoredDigest, ts: str) -> None:
        """The digest's further messages, in the thread of its first."""
        assert self.client is not None
        messages = digest_messages(stored.data)
        text = digest_text(stored.data)
        for n, blocks in enumerate(messages[1:], start=2):
            try:
                self.client.chat_postMessage(
                    channel=channel, thread_ts=ts, text=f"{text} (part {n})", blocks=blocks
                )
            except (SlackApiError, OSError) as error:
                log.error("digest thread part %d in %s failed: %r", n, channel, error)
                break

    def _found_in_history(self, channel: str, stored: StoredDigest) -> str | None:
        """The ts of the digest's first message if a bot message of the channel's latest
        carries its text, "" if none does, None if the history cannot be read."""
        if self.client is None:
            return None
        text = digest_text(stored.data)
        try:
            history = self.client.conversations_history(channel=channel, limit=HISTORY_LIMIT)
        except (SlackApiError, OSError, HTTPException) as error:
            log.error(
                "digest %s for %s may have been posted and the channel's history cannot be read"
                " (%r): not posting it again; check the channel, and post it with `newsdesk"
                " digest --post --channel %s` if it is missing",
                stored.day, channel, error, channel,
            )  # fmt: skip
            return None
        for message in history.get("messages") or []:
            top_level = message.get("thread_ts") in (None, message.get("ts"))  # a thread's head
            if message.get("bot_id") and top_level and message.get("text") == text:
                return str(message["ts"])
        return ""


def digest_reply(digests: Digests | None, text: str = "") -> Reply:
    """The private reply to `/digest [DAY]`: the latest digest, that day's, or usage."""
    if digests is None:
        return unavailable_reply("/digest")
    problem = digests.day_problem(text)
    if problem:
        return notice(problem)
    day = _day(_asked(text))
    return digests.reply() if day is None else digests.day_reply(day)


def _first_message(data: dict[str, Any], title: str, where: str) -> Reply:
    """The digest's first message's worth of blocks; where the rest is, if there is more."""
    messages = digest_messages(data, title)
    blocks = list(messages[0])
    if len(messages) > 1:
        # Whole stories only, with room for the note: a quote is never shown without its source.
        blocks = digest_messages(data, title, MAX_BLOCKS - 1)[0]
        more = f"_{len(messages) - 1} more part{'s' * (len(messages) > 2)} {where}._"
        blocks.append(context(more))
    return Reply(text=digest_text(data), blocks=blocks)


def _asked(text: str) -> str:
    """What `/digest TEXT` asks for: Slack's markup and entities undone, spaces collapsed."""
    return " ".join(question_from_message(text).split())


def _day(asked: str) -> date | None:
    """The calendar day asked written as YYYY-MM-DD, or None."""
    if not _DAY.fullmatch(asked):
        return None
    try:
        return date.fromisoformat(asked)
    except ValueError:  # 2024-02-30
        return None
