"""Helpful / Not helpful votes on answers: recording them, and listing them for the CLI."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from bot.blocks import shown_quotes
from bot.store import BotStore, now_iso

log = logging.getLogger(__name__)


class Verdict(Enum):
    HELPFUL = "helpful"
    NOT_HELPFUL = "not_helpful"


@dataclass(frozen=True)
class ShownQuote:
    """Where a quote shown with an answer came from, enough to find it again."""

    path: str
    start: int
    end: int
    outlet: str | None
    text: str


@dataclass(frozen=True)
class FeedbackRecord:
    """One vote: the question, the quotes the user saw, where and when."""

    id: int
    answer_id: int
    verdict: Verdict
    question: str
    quotes: tuple[ShownQuote, ...]
    channel: str
    user: str
    created_at: str


def record_feedback(
    store: BotStore, answer_id: int, page: int, verdict: Verdict, channel: str, user: str
) -> FeedbackRecord | None:
    """Store a vote on the page of an answer the user saw; None if the answer is unknown (or
    was given in another channel)."""
    stored = store.load_answer(answer_id, channel)
    if stored is None:
        return None
    quotes = tuple(
        ShownQuote(q.source.path, q.start, q.end, q.source.outlet, q.text)
        for q in shown_quotes(stored.answer, page)
    )
    row: dict[str, Any] = {
        "answer_id": answer_id,
        "verdict": verdict.value,
        "question": stored.answer.question,
        "quotes_json": json.dumps([q.__dict__ for q in quotes]),
        "channel": channel,
        "user": user,
        "created_at": now_iso(),
    }
    feedback_id = store.add_feedback(row)
    log.info("feedback %d on answer %d: %s", feedback_id, answer_id, verdict.value)
    return FeedbackRecord(
        feedback_id,
        answer_id,
        verdict,
        stored.answer.question,
        quotes,
        channel,
        user,
        row["created_at"],
    )


def list_feedback(store_or_path: BotStore | Path) -> list[FeedbackRecord]:
    """Every vote, oldest first, from a store or from a data folder's bot.db path."""
    store = store_or_path if isinstance(store_or_path, BotStore) else BotStore(store_or_path)
    try:
        return [
            FeedbackRecord(
                id=row["id"],
                answer_id=row["answer_id"],
                verdict=Verdict(row["verdict"]),
                question=row["question"],
                quotes=tuple(ShownQuote(**q) for q in json.loads(row["quotes_json"])),
                channel=row["channel"],
                user=row["user"],
                created_at=row["created_at"],
            )
            for row in store.feedback_rows()
        ]
    finally:
        if store is not store_or_path:
            store.close()


def format_feedback(record: FeedbackRecord) -> str:
    """One line for the terminal: time, verdict, channel, question, quoted outlets."""
    outlets = ", ".join(sorted({q.outlet or q.path for q in record.quotes})) or "no quotes"
    mark = "+" if record.verdict is Verdict.HELPFUL else "-"
    return f"{record.created_at} {mark} {record.channel} “{record.question}” ({outlets})"
