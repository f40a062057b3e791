"""Block Kit for every message and view the bot sends: pure functions from records to dicts.

Article and user text never reaches mrkdwn unescaped, so no quote or echoed question can ping
a channel or a person or hide a link; mrkdwn objects are `verbatim`, so Slack does not turn a
bare "@channel" or "#general" in them into a mention or a link either. Quotes are rich_text,
whose text elements Slack shows literally, so the key sentence is bold however many `*`, `_`
or backticks the article holds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from index.models import Answer, Quote

Block = dict[str, Any]

PER_PAGE = 3
MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
MAX_QUOTE_CHARS = 2500
MAX_ECHO_CHARS = 300
MAX_FALLBACK_CHARS = 600
MAX_URL_CHARS = 1000  # a longer url is not linked: the link would crowd out the line

ABSTAIN = "The coverage I have does not say."

ACTION_HELPFUL = "feedback_helpful"
ACTION_NOT_HELPFUL = "feedback_not_helpful"
ACTION_MORE = "more_quotes"
ACTION_SHARE = "share_answer"

_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
_SAFE_URL = re.compile(r"^https?://[^\s<>|\"]+$")


class CorpusStatsLike(Protocol):
    """What the Home tab shows; index.CorpusStats satisfies it."""

    @property
    def articles(self) -> int: ...
    @property
    def passages(self) -> int: ...
    @property
    def outlets(self) -> tuple[str, ...]: ...
    @property
    def last_indexed(self) -> str | None: ...


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control: & < >."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """Shorten to at most `limit` characters, ending with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_OPEN_MARKUP = re.compile(r"<[^>]*$|&[#\w]*$")  # a link or an entity the cut left open


def clip_mrkdwn(text: str, limit: int) -> str:
    """`clip` for mrkdwn: never cut inside a `<link|label>` or an `&amp;` entity (they are
    dropped whole instead), so what is left renders as it would have."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    return _OPEN_MARKUP.sub("", head).rstrip() + "…"


def safe_url(url: str | None) -> str | None:
    """The url ready for `<url|label>` if it is a plain http(s) URL, else None."""
    if not url or len(url) > MAX_URL_CHARS or not _SAFE_URL.match(url):
        return None
    return url.replace("&", "&amp;")


def mention(user_id: str) -> str:
    """A user mention for a Slack user id taken from a payload; anything odd is escaped."""
    return f"<@{user_id}>" if _USER_ID.match(user_id) else escape(user_id)


def mrkdwn(text: str) -> Block:
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def section(text: str) -> Block:
    return {"type": "section", "text": mrkdwn(clip_mrkdwn(text, MAX_SECTION_CHARS))}


def context(*texts: str) -> Block:
    return {
        "type": "context",
        "elements": [mrkdwn(clip_mrkdwn(t, MAX_SECTION_CHARS)) for t in texts],
    }


def button(text: str, action_id: str, value: str, style: str | None = None) -> Block:
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": text},
        "action_id": action_id,
        "value": value,
    }
    if style:
        element["style"] = style
    return element


def quote_parts(quote: Quote, limit: int = MAX_QUOTE_CHARS) -> tuple[str, str, str]:
    """Split a quote into (before, key sentence, after), trimmed around the key to fit `limit`."""
    lo = max(0, min(len(quote.text), quote.key_start - quote.start))
    hi = max(lo, min(len(quote.text), quote.key_end - quote.start))
    before, key, after = quote.text[:lo], quote.text[lo:hi], quote.text[hi:]
    if len(key) >= limit:
        return "", clip(key, limit), ""
    room = limit - len(key)
    if len(before) + len(after) > room:
        keep_before = min(len(before), room // 2)
        keep_after = min(len(after), room - keep_before)
        keep_before = min(len(before), room - keep_after)
        if keep_before < len(before):
            before = "…" + before[len(before) - keep_before + 1 :] if keep_before else ""
        if keep_after < len(after):
            after = after[: keep_after - 1] + "…" if keep_after else ""
    return before, key, after


def quote_block(quote: Quote) -> Block:
    """The quote as a rich_text_quote with its key sentence in bold."""
    before, key, after = quote_parts(quote)
    elements: list[Block] = []
    if before:
        elements.append({"type": "text", "text": before})
    if key:
        elements.append({"type": "text", "text": key, "style": {"bold": True}})
    if after:
        elements.append({"type": "text", "text": after})
    return {"type": "rich_text", "elements": [{"type": "rich_text_quote", "elements": elements}]}


def source_line(quote: Quote) -> str:
    """Outlet · byline · linked title · date, all escaped."""
    source = quote.source
    parts = [escape(source.outlet or "Unknown outlet")]
    if source.author:
        parts.append(f"by {escape(source.author)}")
    title = escape(source.title or source.path.rsplit("/", 1)[-1])
    url = safe_url(source.url)
    parts.append(f"<{url}|{title}>" if url else title)
    if source.date:
        parts.append(escape(source.date))
    return " · ".join(parts)


def also_reported_by(quote: Quote) -> str | None:
    """'Also reported by A, B' naming the other outlets that carry the same fact."""
    seen: list[str] = []
    for other in quote.also_in:
        outlet = other.outlet
        if outlet and outlet != quote.source.outlet and outlet not in seen:
            seen.append(outlet)
    if not seen:
        return None
    return "Also reported by " + ", ".join(escape(o) for o in seen)


def quote_blocks(quote: Quote) -> list[Block]:
    """A quote and its context line."""
    lines = [source_line(quote)]
    also = also_reported_by(quote)
    if also:
        lines.append(also)
    return [quote_block(quote), context(*lines)]


def page_of(quotes: Sequence[Quote], page: int) -> tuple[Quote, ...]:
    return tuple(quotes[page * PER_PAGE : (page + 1) * PER_PAGE])


def shown_quotes(answer: Answer, page: int = 0) -> tuple[Quote, ...]:
    """The quotes (or related passages, for an abstention) one page shows."""
    return page_of(answer.quotes if answer.answered else answer.related, page)


def answer_blocks(
    answer: Answer,
    answer_id: int,
    page: int = 0,
    *,
    private: bool = False,
    asked_by: str | None = None,
    shared_by: str | None = None,
) -> list[Block]:
    """The blocks of one page of an answer, with feedback, paging and (private) share buttons."""
    blocks: list[Block] = []
    question = escape(clip(answer.question, MAX_ECHO_CHARS))
    if shared_by:
        blocks.append(context(f"{mention(shared_by)} asked: “{question}”"))
    elif asked_by:
        blocks.append(context(f"{mention(asked_by)} asked: “{question}”"))
    elif private:
        blocks.append(context(f"You asked: “{question}”"))
    pool = answer.quotes if answer.answered else answer.related
    if not answer.answered:
        blocks.append(section(f"{ABSTAIN} Nothing in it answers “{question}”."))
        if answer.related and page == 0:
            blocks.append(
                section("*Related passages* (on the subject, but none clearly answers it):")
            )
    if page > 0 and pool:
        first = page * PER_PAGE + 1
        last = min(len(pool), (page + 1) * PER_PAGE)
        shown = f"Quote {first}" if first == last else f"Quotes {first}–{last}"
        blocks.append(context(f"{shown} of {len(pool)}"))
    for quote in page_of(pool, page):
        blocks.extend(quote_blocks(quote))
    blocks.append(
        answer_actions(
            answer_id, page, remaining=len(pool) - (page + 1) * PER_PAGE, private=private
        )
    )
    return fit(blocks)


def answer_actions(answer_id: int, page: int, remaining: int, private: bool) -> Block:
    value = f"{answer_id}:{page}"
    elements = [
        button("Helpful", ACTION_HELPFUL, value),
        button("Not helpful", ACTION_NOT_HELPFUL, value),
    ]
    if remaining > 0:
        more = f"{answer_id}:{page + 1}"
        elements.append(button(f"More quotes ({remaining})", ACTION_MORE, more))
    if private:
        elements.append(button("Share in channel", ACTION_SHARE, value, style="primary"))
    return {"type": "actions", "elements": elements}


def fit(blocks: list[Block]) -> list[Block]:
    """Keep at most MAX_BLOCKS blocks, always keeping the last (the buttons)."""
    if len(blocks) <= MAX_BLOCKS:
        return blocks
    return [*blocks[: MAX_BLOCKS - 1], blocks[-1]]


def answer_text(answer: Answer, page: int = 0) -> str:
    """The top-level `text` fallback (notifications, screen readers) for an answer page."""
    quotes = shown_quotes(answer, page)
    if not answer.answered:
        return clip_mrkdwn(
            f"{ABSTAIN} Nothing in it answers “{escape(clip(answer.question, MAX_ECHO_CHARS))}”.",
            MAX_FALLBACK_CHARS,
        )
    if not quotes:
        return "No more quotes."
    first = quotes[0]
    outlet = escape(first.source.outlet or "Unknown outlet")
    return clip_mrkdwn(f"{outlet}: “{escape(first.key_sentence)}”", MAX_FALLBACK_CHARS)


def notice_blocks(text: str) -> list[Block]:
    """A one-section message for notices (help, errors); `text` is already mrkdwn-safe."""
    return [section(text)]


def help_text(bot_user_id: str | None = None) -> str:
    """How to ask, in mrkdwn."""
    me = mention(bot_user_id) if bot_user_id else "@newsdesk"
    return (
        f"• Mention me in a channel: {me} _how many North Korean troops are in Russia?_\n"
        "• Ask follow-ups in my thread, no mention needed\n"
        "• Send me a direct message\n"
        "• `/ask QUESTION` answers only you; *Share in channel* posts the answer\n"
        "• `/figure TOPIC` lists the numbers reported on it, who reported them, and a chart\n"
        "• `/digest` shows the latest daily digest of new coverage; `/digest 2024-10-23`, "
        "that day's\n"
        "I quote the articles word for word; when the coverage does not say, I say so."
    )


def format_indexed(value: str | None) -> str:
    if not value:
        return "never"
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return escape(value)
    suffix = " UTC" if when.utcoffset() is not None and not when.utcoffset() else ""
    return when.strftime("%Y-%m-%d %H:%M") + suffix


def home_view(stats: CorpusStatsLike, bot_user_id: str | None = None) -> Block:
    """The App Home tab: what the corpus holds and how to ask."""
    outlets = escape(clip(", ".join(stats.outlets), 2000)) or "none yet"
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Newsdesk"}},
        section("I answer questions about the news coverage by quoting the articles verbatim."),
        {
            "type": "section",
            "fields": [
                mrkdwn(f"*Articles*\n{stats.articles:,}"),
                mrkdwn(f"*Passages*\n{stats.passages:,}"),
                mrkdwn(f"*Outlets*\n{len(stats.outlets):,}"),
                mrkdwn(f"*Last indexed*\n{format_indexed(stats.last_indexed)}"),
            ],
        },
        section(f"*Outlets:* {outlets}"),
        {"type": "divider"},
        section("*How to ask*\n" + help_text(bot_user_id)),
    ]
    return {"type": "home", "blocks": blocks}
