"""Block Kit for the digest: pure functions from the `digest --json` shape to messages.

A digest is cut into messages of at most MAX_BLOCKS blocks, never inside a story or a figure;
the first is the post, the rest go in its thread. Article text goes in rich_text (shown
literally), everything else through `escape`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.blocks import MAX_BLOCKS, MAX_QUOTE_CHARS, Block, clip, context, escape, safe_url, section

MAX_HEADER_CHARS = 150


def window_phrase(window: dict[str, Any]) -> str:
    """'published on 2024-11-22', 'since 2024-11-21 08:00 UTC' or 'so far'."""
    if window.get("date"):
        return f"published on {window['date']}"
    if window.get("start"):
        return f"since {_when(window['start'], window.get('tz') or 'UTC')}"
    return "so far"


def _when(value: str, tz: str) -> str:
    """The instant as the desk reads its clock: in the digest's time zone."""
    try:
        when = datetime.fromisoformat(value).astimezone(ZoneInfo(tz))
    except (ValueError, KeyError):  # not a datetime, or a zone this system lacks
        return value
    return when.strftime("%Y-%m-%d %H:%M ") + ("UTC" if tz == "UTC" else (when.tzname() or tz))


def empty_line(data: dict[str, Any]) -> str:
    return f"No new articles {window_phrase(data['window'])}."


def digest_text(data: dict[str, Any]) -> str:
    """The `text` fallback: one line for notifications."""
    if not data["articles"]:
        return empty_line(data)
    stories = data["stories"]
    lead = f" Top story: {escape(clip(stories[0]['headline'], 200))}" if stories else ""
    return (
        f"Digest: {data['articles']} new article{'s' * (data['articles'] != 1)} in "
        f"{len(stories)} stor{'ies' if len(stories) != 1 else 'y'} "
        f"{window_phrase(data['window'])}.{lead}"
    )


def source_line(source: dict[str, Any]) -> str:
    """Outlet · linked title · date, escaped."""
    parts = [escape(source.get("outlet") or "Unknown outlet")]
    title = escape(clip(source.get("title") or source["path"].rsplit("/", 1)[-1], 200))
    url = safe_url(source.get("url"))
    parts.append(f"<{url}|{title}>" if url else title)
    if source.get("date"):
        parts.append(escape(source["date"]))
    return " · ".join(parts)


def passage_block(text: str) -> Block:
    quote = [{"type": "text", "text": clip(text, MAX_QUOTE_CHARS)}]
    return {"type": "rich_text", "elements": [{"type": "rich_text_quote", "elements": quote}]}


def story_blocks(story: dict[str, Any]) -> list[Block]:
    n = len(story["articles"])
    outlets = ", ".join(story["outlets"]) or "unknown outlet"
    head = (
        f"*{escape(clip(story['headline'], 300))}*\n{n} article{'s' * (n != 1)} · {escape(outlets)}"
    )
    blocks = [section(head)]
    for passage in story["passages"]:
        blocks += [passage_block(passage["text"]), context(source_line(passage["source"]))]
    return blocks


def figure_blocks(change: dict[str, Any]) -> list[Block]:
    label = "Changed" if change["kind"] == "changed" else "New"
    # The latest two reports' articles, each once (one article often gives a figure twice).
    lines = dict.fromkeys(source_line(r["source"]) for r in reversed(change["reports"]))
    sources = list(lines)[:2][::-1]
    if change.get("previous"):
        sources.insert(0, "before: " + source_line(change["previous"]["source"]))
    return [section(f"*{label}:* {escape(change['summary'])}"), context(*sources[:3])]


def digest_units(data: dict[str, Any], title: str = "Daily digest") -> list[list[Block]]:
    """The digest as units (lists of blocks) that must not be split across messages."""
    header: Block = {
        "type": "header",
        "text": {"type": "plain_text", "text": clip(title, MAX_HEADER_CHARS)},
    }
    if not data["articles"]:
        return [[header, section(escape(empty_line(data)))]]
    outlets = data["outlets"]
    named = [o for o in outlets if o["outlet"] != "unknown"]
    unnamed = sum(o["articles"] for o in outlets if o["outlet"] == "unknown")
    if not named:
        sources = "from no named outlet"
    else:
        sources = f"from {len(named)} outlet{'s' * (len(named) != 1)}"
        sources += f" ({unnamed} with none named)" if unnamed else ""
    summary = (
        f"{data['articles']} new article{'s' * (data['articles'] != 1)} {sources} "
        f"{window_phrase(data['window'])}, "
        f"in {len(data['stories'])} stor{'ies' if len(data['stories']) != 1 else 'y'}"
    )
    units: list[list[Block]] = [[header, context(escape(summary))]]
    units += [story_blocks(s) for s in data["stories"]]
    if data["figures"]:
        units.append([{"type": "divider"}, section("*Figures new or changed*")])
        units += [figure_blocks(f) for f in data["figures"]]
        if data.get("figures_omitted"):
            # --json holds no more of them than this: point at the lookup that lists them all.
            omitted = data["figures_omitted"]
            units.append([context(f"…and {omitted} more not shown (`/figure TOPIC` lists them)")])
    volume = " · ".join(f"{escape(o['outlet'])} {o['articles']}" for o in outlets)
    units.append([{"type": "divider"}, section(f"*Coverage by outlet:* {volume}")])
    return units


def digest_messages(
    data: dict[str, Any], title: str = "Daily digest", max_blocks: int = MAX_BLOCKS
) -> list[list[Block]]:
    """The digest packed into messages of at most max_blocks blocks each."""
    messages: list[list[Block]] = [[]]
    for unit in digest_units(data, title):
        if messages[-1] and len(messages[-1]) + len(unit) > max_blocks:
            messages.append([])
        messages[-1].extend(unit[:max_blocks])
    return messages
