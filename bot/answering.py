"""The answer logic every front end shares: ask the corpus, keep the answer, render a reply.

Slack listeners and the terminal chat both call `Answerer`; only the transport differs.
"""

from __future__ import annotations

import html
import logging
import re
import time
from dataclasses import dataclass
from typing import Any, Protocol

from bot import blocks
from bot.blocks import Block, CorpusStatsLike
from bot.store import BotStore
from index.errors import BadInput
from index.models import Answer

log = logging.getLogger(__name__)

ASK_LIMIT = 10
UNAVAILABLE = {
    "/figure": "`/figure` is not available yet: charts of the numbers in the coverage are coming.",
    "/digest": "`/digest` is not available yet: a daily summary of new coverage is coming.",
}
_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")


class Asker(Protocol):
    """The corpus as the bot sees it; index.Corpus satisfies it."""

    def ask(self, question: str, limit: int = 10) -> Answer: ...

    def stats(self) -> CorpusStatsLike: ...


@dataclass(frozen=True)
class Reply:
    """A message to send: the `text` fallback and its blocks."""

    text: str
    blocks: list[Block]

    def as_kwargs(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": self.blocks}


def question_from_message(text: str) -> str:
    """The question in a Slack message: mentions removed, Slack's &amp; &lt; &gt; undone."""
    return html.unescape(_MENTION.sub(" ", text)).strip()


def notice(text: str) -> Reply:
    """A plain notice; `text` must already be mrkdwn-safe."""
    return Reply(text=text, blocks=blocks.notice_blocks(text))


def help_reply(bot_user_id: str | None = None) -> Reply:
    return Reply(text="How to ask me", blocks=blocks.notice_blocks(blocks.help_text(bot_user_id)))


def unavailable_reply(command: str) -> Reply:
    return notice(UNAVAILABLE.get(command, f"`{blocks.escape(command)}` is not available yet."))


class Answerer:
    """Asks the corpus, stores each answer for its buttons, and renders replies."""

    def __init__(self, asker: Asker, store: BotStore) -> None:
        self.asker = asker
        self.store = store

    def answer(self, question: str, channel: str, user: str, *, private: bool = False) -> Reply:
        """Ask the corpus and render the first page of the answer."""
        started = time.perf_counter()
        try:
            answer = self.asker.ask(question, limit=ASK_LIMIT)
        except BadInput as exc:  # too long, or nothing left to search: say so, plainly
            return notice(blocks.escape(f"Sorry, {exc}. Please ask a shorter question."))
        answer_id = self.store.save_answer(answer, channel=channel, user=user)
        log.info(
            "answer %d: answered=%s quotes=%d related=%d in %.0f ms",
            answer_id,
            answer.answered,
            len(answer.quotes),
            len(answer.related),
            (time.perf_counter() - started) * 1000,
        )
        return Reply(
            text=blocks.answer_text(answer),
            blocks=blocks.answer_blocks(answer, answer_id, private=private),
        )

    def page(self, answer_id: int, page: int, *, private: bool) -> Reply | None:
        """Another page of a stored answer, or None if the answer is gone."""
        stored = self.store.load_answer(answer_id)
        if stored is None:
            return None
        return Reply(
            text=blocks.answer_text(stored.answer, page),
            blocks=blocks.answer_blocks(stored.answer, answer_id, page, private=private),
        )

    def shared(self, answer_id: int, page: int, user: str) -> Reply | None:
        """A stored answer page for posting publicly, attributed to the user who shares it."""
        stored = self.store.load_answer(answer_id)
        if stored is None:
            return None
        return Reply(
            text=f"{blocks.mention(user)} shared: {blocks.answer_text(stored.answer, page)}",
            blocks=blocks.answer_blocks(stored.answer, answer_id, page, shared_by=user),
        )

    def home(self, bot_user_id: str | None = None) -> Block:
        return blocks.home_view(self.asker.stats(), bot_user_id)


def parse_button_value(value: str) -> tuple[int, int] | None:
    """`answer_id:page` from a button, or None when malformed."""
    head, _, tail = value.partition(":")
    if not (head.isdigit() and tail.isdigit()):
        return None
    return int(head), int(tail)
