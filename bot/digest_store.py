"""Digest records in bot.db: what each digest covered, and one post per (day, channel), ever.

Exactly once, across restarts and across processes sharing the data folder: a post is claimed by
inserting its (day, channel) row, unique, inside BEGIN IMMEDIATE, before chat.postMessage; the
message ts is recorded right after. A claim left `pending` by a process that died mid-post is
taken again once it is older than `stale_after`; a `failed` one at once; an `unsure` one (no
answer from Slack once sent) once bot/digest.py has found it missing from the channel.

What remains: Slack's chat.postMessage has no idempotency key. A process that dies after Slack
accepted the message but before the ts was recorded leaves a pending claim, and the day is posted
again when that claim goes stale (at least once rather than lost). Everything short of that
(restarts, a second process, a 5xx that Slack rejected) posts once.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from bot.store import migrations
from index.digest import Digest, iso

PENDING, POSTED, FAILED, SKIPPED = "pending", "posted", "failed", "skipped"
UNSURE = "unsure"  # no answer from Slack once sent: posted only if the channel lacks it
# Kinds of digest: the daily run's; a manual one since the last (`digest --post`); a manual one
# of a chosen window (`--since`, `--date`). Older bot.db files hold windowed ones as "manual";
# a `--date` one is still told apart by its window_date.
DAILY, SINCE_LAST, WINDOW = "daily", "manual", "window"


@dataclass(frozen=True)
class StoredDigest:
    id: int
    kind: str  # DAILY | SINCE_LAST | WINDOW
    day: str | None
    data: dict[str, Any]  # the `digest --json` shape


@dataclass(frozen=True)
class Post:
    id: int
    digest_id: int
    day: str | None
    channel: str
    status: str
    ts: str | None


class DigestStore:
    """Its own connection to bot.db, in autocommit mode so claims can BEGIN IMMEDIATE."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(
            path, timeout=30, isolation_level=None, check_same_thread=False
        )
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._lock = threading.Lock()
        with self._lock:
            migrations.apply(Database(self._conn))

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction: other processes wait rather than interleave."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def record(self, digest: Digest, kind: str, day: str | None, now: datetime) -> StoredDigest:
        """Keep a digest and what it covers; a daily one already kept for `day` wins."""
        data = digest.to_json()
        with self._write() as db:
            if kind == DAILY:
                row = db.execute(
                    "SELECT id, digest_json FROM digests WHERE kind = 'daily' AND day = ?", [day]
                ).fetchone()
                if row:  # another process (or an earlier run) built this day first
                    return StoredDigest(row[0], kind, day, json.loads(row[1]))
            w = digest.window
            cursor = db.execute(
                "INSERT INTO digests (kind, day, window_start, window_end, window_date, "
                "built_at, digest_json) VALUES (?,?,?,?,?,?,?)",
                [kind, day, iso(w.start) if w.start else None, iso(w.end),
                 w.day.isoformat() if w.day else None, iso(now), json.dumps(data)],
            )  # fmt: skip
            digest_id = int(cursor.lastrowid or 0)
            covered = zip(digest.article_ids, digest.article_paths, strict=True)
            db.executemany(
                "INSERT OR IGNORE INTO digest_articles (digest_id, article_id, path) "
                "VALUES (?,?,?)",
                [(digest_id, a, p) for a, p in covered],
            )
            db.executemany(
                "INSERT OR IGNORE INTO digest_figures (digest_id, figure_id) VALUES (?,?)",
                [(digest_id, f) for f in digest.figure_ids],
            )
        return StoredDigest(digest_id, kind, day, data)

    def daily(self, day: str) -> StoredDigest | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT id, digest_json FROM digests WHERE kind = 'daily' AND day = ?", [day]
            ).fetchone()
        return StoredDigest(row[0], "daily", day, json.loads(row[1])) if row else None

    def latest_posted(self, channels: Sequence[str] | None = None) -> StoredDigest | None:
        """The newest digest "since the last one" (daily or manual, not of a chosen window)
        that reached one of channels (any, if None), was skipped there as empty, or may have
        reached it."""
        where = f"AND p.channel IN ({','.join('?' * len(channels))})" if channels else ""
        with self._lock:
            row = self._conn.execute(
                "SELECT d.id, d.kind, d.day, d.digest_json FROM digests d "
                "WHERE d.kind IN (?, ?) AND d.window_date IS NULL AND EXISTS (SELECT 1 FROM "
                f"digest_posts p WHERE p.digest_id = d.id AND p.status IN (?, ?, ?) {where}) "
                "ORDER BY d.window_end DESC, d.id DESC LIMIT 1",
                [DAILY, SINCE_LAST, POSTED, SKIPPED, UNSURE, *(channels or [])],
            ).fetchone()
        return StoredDigest(row[0], row[1], row[2], json.loads(row[3])) if row else None

    def has_daily_history(self, channel: str) -> bool:
        """Whether a daily digest was ever posted to channel (so a missing day was missed)."""
        with self._lock:
            row = self._conn.execute(
                "SELECT 1 FROM digest_posts WHERE channel = ? AND day IS NOT NULL "
                "AND status IN (?, ?) LIMIT 1",
                [channel, POSTED, SKIPPED],
            ).fetchone()
        return row is not None

    def post_for(self, day: str, channel: str) -> Post | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT id, digest_id, day, channel, status, ts FROM digest_posts "
                "WHERE day = ? AND channel = ?",
                [day, channel],
            ).fetchone()
        return Post(*row) if row else None

    def claim(
        self,
        digest_id: int,
        day: str | None,
        channel: str,
        owner: str,
        now: datetime,
        stale_after: timedelta,
    ) -> int | None:
        """Claim the post of `day` to `channel`; its id, or None when it is done or in hand.

        A manual post (day None) is always claimed: a person asked for it.
        """
        with self._write() as db:
            row = (
                db.execute(
                    "SELECT id, status, claimed_at FROM digest_posts WHERE day = ? AND channel = ?",
                    [day, channel],
                ).fetchone()
                if day is not None
                else None
            )
            if row is None:
                cursor = db.execute(
                    "INSERT INTO digest_posts (digest_id, day, channel, status, owner, "
                    "claimed_at) VALUES (?,?,?,?,?,?)",
                    [digest_id, day, channel, PENDING, owner, iso(now)],
                )
                return int(cursor.lastrowid or 0)
            post_id, status, claimed_at = row
            stale = status == PENDING and claimed_at <= iso(now - stale_after)
            if status not in (FAILED, UNSURE) and not stale:
                return None
            db.execute(
                "UPDATE digest_posts SET status = ?, owner = ?, claimed_at = ?, error = NULL "
                "WHERE id = ?",
                [PENDING, owner, iso(now), post_id],
            )
            return int(post_id)

    def finish(
        self, post_id: int, status: str, now: datetime, ts: str | None = None, error: str = ""
    ) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE digest_posts SET status = ?, ts = ?, posted_at = ?, error = ? WHERE id = ?",
                [status, ts, iso(now), error or None, post_id],
            )

    def posts(self) -> list[Post]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT id, digest_id, day, channel, status, ts FROM digest_posts ORDER BY id"
            ).fetchall()
        return [Post(*r) for r in rows]
