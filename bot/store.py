"""The bot's own SQLite file (`bot.db` in the data folder): seen events, threads, answers, feedback.

Kept apart from the corpus database so the bot can be reset without re-indexing. The schema is a
list of numbered migrations that are only ever appended.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from index.models import AlsoIn, Answer, Quote, Source

log = logging.getLogger(__name__)

migrations = Migrations("newsdesk-bot")
KEEP_DAYS = 30  # answers (for their buttons) and the bot's threads (for follow-ups)
PRUNE_EVERY = 500  # answers saved between two prunings, besides the one at start


@migrations(name="m001_initial")
def m001_initial(db: Database) -> None:
    db.table("events_seen").create({"event_id": str, "seen_at": str}, pk="event_id")
    db.table("messages_answered").create(
        {"channel": str, "ts": str, "answered_at": str}, pk=("channel", "ts")
    )
    db.table("threads").create(
        {"channel": str, "thread_ts": str, "created_at": str}, pk=("channel", "thread_ts")
    )
    db.table("answers").create(
        {
            "id": int,
            "question": str,
            "answer_json": str,
            "channel": str,
            "user": str,
            "created_at": str,
        },
        pk="id",
    )
    db.table("feedback").create(
        {
            "id": int,
            "answer_id": int,
            "verdict": str,
            "question": str,
            "quotes_json": str,
            "channel": str,
            "user": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("answer_id", "answers", "id")],
    )
    db.table("events_seen").create_index(["seen_at"])
    db.table("feedback").create_index(["created_at"])


@migrations(name="m002_digests")
def m002_digests(db: Database) -> None:
    # The daily digest, exactly once: a digest per day (its window and what it covered), and a
    # post per (day, channel), its row claimed before chat.postMessage (bot/digest_store.py).
    db.execute(
        "CREATE TABLE digests (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, "
        "day TEXT, window_start TEXT, window_end TEXT NOT NULL, window_date TEXT, "
        "built_at TEXT NOT NULL, digest_json TEXT NOT NULL)"
    )
    db.execute("CREATE UNIQUE INDEX digests_daily ON digests(day) WHERE kind = 'daily'")
    db.execute(
        "CREATE TABLE digest_articles (digest_id INTEGER NOT NULL REFERENCES digests(id), "
        "article_id INTEGER NOT NULL, path TEXT NOT NULL, PRIMARY KEY (digest_id, article_id))"
    )
    db.execute(
        "CREATE TABLE digest_figures (digest_id INTEGER NOT NULL REFERENCES digests(id), "
        "figure_id INTEGER NOT NULL, PRIMARY KEY (digest_id, figure_id))"
    )
    db.execute(
        "CREATE TABLE digest_posts (id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "digest_id INTEGER NOT NULL REFERENCES digests(id), day TEXT, channel TEXT NOT NULL, "
        "status TEXT NOT NULL, owner TEXT, claimed_at TEXT NOT NULL, ts TEXT, posted_at TEXT, "
        "error TEXT)"
    )
    db.execute("CREATE UNIQUE INDEX digest_posts_daily ON digest_posts(day, channel)")


@migrations(name="m003_pages_posted")
def m003_pages_posted(db: Database) -> None:
    # A public answer's further page is posted once, however often "More quotes" is pressed.
    db.table("pages_posted").create(
        {"answer_id": int, "page": int, "posted_at": str}, pk=("answer_id", "page")
    )


@migrations(name="m004_shares")
def m004_shares(db: Database) -> None:
    # A private answer's page is shared in its channel once, however often Share is pressed.
    db.table("shares").create(
        {"answer_id": int, "page": int, "shared_at": str}, pk=("answer_id", "page")
    )


def now_iso() -> str:
    """The current UTC time as ISO 8601 to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class StoredAnswer:
    """An answer the bot has shown, kept so buttons can page, share and rate it later."""

    id: int
    answer: Answer
    channel: str
    user: str
    created_at: str


class BotStore:
    """Thread-safe access to bot.db; every method is one short transaction."""

    def __init__(self, path: Path | None) -> None:
        """Open (creating and migrating) bot.db at `path`, or an in-memory database for None."""
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        # One connection shared by Bolt's worker threads, serialized by self._lock.
        conn = sqlite3.connect(":memory:" if path is None else path, check_same_thread=False)
        self._db = Database(conn)
        if path is not None:
            self._db.enable_wal()  # `newsdesk feedback` may read while the bot writes
        self._lock = threading.Lock()
        with self._lock:
            migrations.apply(self._db)
            self._prune(datetime.now(UTC))
        self._saved = 0

    @property
    def db(self) -> Database:
        return self._db

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _insert_once(self, table: str, row: dict[str, Any]) -> bool:
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        with self._lock, self._db.conn:
            cursor = self._db.conn.execute(
                f"insert or ignore into {table} ({columns}) values ({marks})", list(row.values())
            )
            return cursor.rowcount == 1

    def claim_event(self, event_id: str) -> bool:
        """Record an Events API event id; False when it was seen before (a retry)."""
        return self._insert_once("events_seen", {"event_id": event_id, "seen_at": now_iso()})

    def claim_message(self, channel: str, ts: str) -> bool:
        """Record a user message as being answered; False when it already was.

        One message can arrive twice under different events (app_mention and message.channels).
        """
        return self._insert_once(
            "messages_answered", {"channel": channel, "ts": ts, "answered_at": now_iso()}
        )

    def claim_page(self, answer_id: int, page: int, shared: bool = False) -> bool:
        """Record a page of an answer as being posted publicly (a public answer's next page,
        or a private one's page `shared`); False when it already was."""
        table, stamp = ("shares", "shared_at") if shared else ("pages_posted", "posted_at")
        return self._insert_once(table, {"answer_id": answer_id, "page": page, stamp: now_iso()})

    def release_page(self, answer_id: int, page: int, shared: bool = False) -> None:
        """Forget a claimed page that could not be posted, so a later press can try again."""
        table = "shares" if shared else "pages_posted"
        with self._lock, self._db.conn:
            self._db.conn.execute(
                f"delete from {table} where answer_id = ? and page = ?", [answer_id, page]
            )

    def remember_thread(self, channel: str, thread_ts: str) -> None:
        """Mark a thread as one the bot answers in, so follow-ups need no mention."""
        self._insert_once(
            "threads", {"channel": channel, "thread_ts": thread_ts, "created_at": now_iso()}
        )

    def is_bot_thread(self, channel: str, thread_ts: str) -> bool:
        with self._lock:
            rows = self._db.execute(
                "select 1 from threads where channel = ? and thread_ts = ?", [channel, thread_ts]
            ).fetchall()
        return bool(rows)

    def save_answer(self, answer: Answer, channel: str, user: str) -> int:
        """Keep an answer for its buttons; returns its id."""
        row = {
            "question": answer.question,
            "answer_json": json.dumps(answer_to_dict(answer)),
            "channel": channel,
            "user": user,
            "created_at": now_iso(),
        }
        with self._lock, self._db.conn:
            cursor = self._db.conn.execute(
                "insert into answers (question, answer_json, channel, user, created_at) "
                "values (:question, :answer_json, :channel, :user, :created_at)",
                row,
            )
            answer_id = int(cursor.lastrowid or 0)
            self._saved += 1
            if self._saved % PRUNE_EVERY == 0:
                self._prune(datetime.now(UTC))
            return answer_id

    def load_answer(
        self, answer_id: int, channel: str | None = None, user: str | None = None
    ) -> StoredAnswer | None:
        """The stored answer, or None if unknown, or if it was not given in `channel` (to
        `user`), when they are named: a button's value holds only the id, and ids start over
        when bot.db is reset, so an old button must not reach another conversation's answer."""
        with self._lock:
            rows = list(self._db["answers"].rows_where("id = ?", [answer_id]))
        if not rows:
            return None
        row = rows[0]
        if channel is not None and row["channel"] != channel:
            log.info("answer %d was given in another conversation", answer_id)
            return None
        if user is not None and row["user"] != user:
            log.info("answer %d was given to another user", answer_id)
            return None
        return StoredAnswer(
            id=row["id"],
            answer=answer_from_dict(json.loads(row["answer_json"])),
            channel=row["channel"],
            user=row["user"],
            created_at=row["created_at"],
        )

    def add_feedback(self, row: dict[str, Any]) -> int:
        """Keep a vote; a user's earlier vote on the same answer gives way to it (a second
        press of Helpful, or a change of mind, is one vote)."""
        columns = ", ".join(row)
        marks = ", ".join(f":{name}" for name in row)
        with self._lock, self._db.conn:
            self._db.conn.execute(
                "delete from feedback where answer_id = ? and user = ?",
                [row["answer_id"], row["user"]],
            )
            cursor = self._db.conn.execute(
                f"insert into feedback ({columns}) values ({marks})", row
            )
            return int(cursor.lastrowid or 0)

    def feedback_rows(self) -> Iterator[dict[str, Any]]:
        with self._lock:
            rows = list(self._db["feedback"].rows_where(order_by="id"))
        yield from rows

    def _prune(self, now: datetime) -> None:
        """Forget what no one can use any more, so bot.db stays small on a bot that runs for
        years: event ids and answered messages after a day (Slack retries within minutes),
        answers (their buttons then say so) and threads after KEEP_DAYS; answers people voted
        on are kept with their votes."""
        day = (now - timedelta(days=1)).isoformat(timespec="seconds")
        old = (now - timedelta(days=KEEP_DAYS)).isoformat(timespec="seconds")
        with self._db.conn:
            self._db.conn.execute("delete from events_seen where seen_at < ?", [day])
            self._db.conn.execute("delete from messages_answered where answered_at < ?", [day])
            self._db.conn.execute("delete from threads where created_at < ?", [old])
            # The newest answer always stays: ids are max(id) + 1, so none is ever given twice
            # (an old button must never open a new answer).
            self._db.conn.execute(
                "delete from answers where created_at < ? and id not in (select answer_id from "
                "feedback) and id < (select max(id) from answers)",
                [old],
            )
            for table in ("pages_posted", "shares"):  # the claims of answers now gone
                self._db.conn.execute(
                    f"delete from {table} where answer_id not in (select id from answers)"
                )


def answer_to_dict(answer: Answer) -> dict[str, Any]:
    """Every field of an Answer except timings, as JSON-ready data."""
    data = asdict(answer)
    data.pop("timings_ms", None)
    return data


def answer_from_dict(data: dict[str, Any]) -> Answer:
    """The inverse of answer_to_dict."""
    return Answer(
        question=data["question"],
        answered=data["answered"],
        quotes=tuple(_quote_from_dict(q) for q in data.get("quotes", ())),
        related=tuple(_quote_from_dict(q) for q in data.get("related", ())),
        confidence=data.get("confidence", 0.0),
    )


def _quote_from_dict(data: dict[str, Any]) -> Quote:
    fields = dict(data)
    fields["source"] = Source(**data["source"])
    fields["also_in"] = tuple(AlsoIn(**a) for a in data.get("also_in", ()))
    return Quote(**fields)
