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
# Slack's markup for a link, a channel, a user group or a special mention: <url|label>, <url>,
# <#C123|news>, <!subteam^S1|@desk>, <!here>. The question holds what a reader sees.
_MARKUP = re.compile(r"<(?P<target>(?:https?://|mailto:|#[CG]|!)[^<>|]*)(?:\|(?P<label>[^<>]*))?>")


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
    """The question in a Slack message: user mentions removed, links and channels as their
    label ("<https://e.com|the report>" -> "the report", "<#C1|news>" -> "news"), special
    mentions dropped, Slack's &amp; &lt; &gt; undone."""
    return html.unescape(_MARKUP.sub(_shown, _MENTION.sub(" ", text))).strip()


def _shown(markup: re.Match[str]) -> str:
    """What Slack shows for a piece of markup, as plain words."""
    target, label = markup["target"], markup["label"]
    if target.startswith("!"):  # <!here>, <!subteam^S1|@desk>: no words of the question
        return " "
    if label:
        return label.lstrip("#@")
    return target.removeprefix("mailto:")  # a bare link: its address


_WORD = re.compile(r"\w+")
_QUESTION_START = frozenset(
    """who whom whose what which when where why how is are was were do does did can could will
    would should has have had""".split()
)


def looks_like_a_question(text: str) -> bool:
    """Whether a message reads as a question to the bot rather than talk between colleagues
    ("how many troops did Seoul report?", "troop numbers?" but not "ok, calling Seoul now",
    "thanks!" or "lunch?")."""
    words = _WORD.findall(text)
    if len(words) < 2:
        return False
    return "?" in text or words[0].lower() in _QUESTION_START


_ADDRESSED = re.compile(r"\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>")


def addressed_to_someone(text: str) -> bool:
    """Whether a Slack message opens by naming someone ("<@U0ALICE> can you call Seoul?"): it
    is said to them, however much it reads as a question."""
    return _ADDRESSED.match(text) is not None


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

    def page(
        self,
        answer_id: int,
        page: int,
        *,
        private: bool,
        channel: str | None = None,
        user: str | None = None,
    ) -> Reply | None:
        """Another page of a stored answer, or None if the answer is gone (or was not given in
        channel, to user, when named: see `BotStore.load_answer`)."""
        stored = self.store.load_answer(answer_id, channel, user)
        if stored is None or (page and not blocks.shown_quotes(stored.answer, page)):
            return None  # gone, or a page no button offers (a value made up by hand)
        return Reply(
            text=blocks.answer_text(stored.answer, page),
            blocks=blocks.answer_blocks(stored.answer, answer_id, page, private=private),
        )

    def shared(self, answer_id: int, page: int, user: str, channel: str) -> Reply | None:
        """A stored answer page for posting publicly, attributed to the user who shares it:
        only the user it was given to privately, in the channel it was asked in."""
        stored = self.store.load_answer(answer_id, channel, user)
        if stored is None:
            return None
        return Reply(
            text=f"{blocks.mention(user)} shared: {blocks.answer_text(stored.answer, page)}",
            blocks=blocks.answer_blocks(stored.answer, answer_id, page, shared_by=user),
        )

    def home(self, bot_user_id: str | None = None) -> Block:
        return blocks.home_view(self.asker.stats(), bot_user_id)


_BUTTON_VALUE = re.compile(r"([0-9]{1,18}):([0-9]{1,4})")


def parse_button_value(value: str) -> tuple[int, int] | None:
    """`answer_id:page` from a button, or None when malformed (ASCII digits only, of sizes
    an id and a page can have: the value is whatever the client sent)."""
    match = _BUTTON_VALUE.fullmatch(value)
    return (int(match[1]), int(match[2])) if match else None
