"""`newsdesk chat`: the same answer logic and the same blocks, rendered as terminal text."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from bot.answering import (
    Answerer,
    Asker,
    Reply,
    help_reply,
    question_from_message,
)
from bot.blocks import ACTION_MORE, Block
from bot.digest import Digests, digest_reply
from bot.figures import FigureSource, chat_figure_reply
from bot.render_text import printable
from bot.store import BotStore

log = logging.getLogger(__name__)

CONSOLE_CHANNEL = "console"
CONSOLE_USER = "console"
PROMPT = "ask> "
CHAT_HELP = (
    "Type a question, or /ask QUESTION, /figure X, /digest [DAY]. "
    "'more' shows the next quotes; 'quit' (or Ctrl-D) leaves."
)

_LINK = re.compile(r"<(https?://[^|>]+)\|([^>]*)>")
_BARE_LINK = re.compile(r"<(https?://[^>]+)>")
_USER = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")
_BOLD = re.compile(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])")


def mrkdwn_to_text(text: str) -> str:
    """Slack mrkdwn as plain text: links as 'label (url)', mentions as @id, entities undone."""
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text)
    text = _BARE_LINK.sub(lambda m: m.group(1), text)
    text = _USER.sub(lambda m: f"@{m.group(1)}", text)
    text = _BOLD.sub(r"\1", text)
    return html.unescape(text)


def _rich_text(element: dict[str, Any]) -> str:
    parts = []
    for part in element.get("elements", []):
        text = str(part.get("text", ""))
        parts.append(f"**{text}**" if part.get("style", {}).get("bold") else text)
    return "".join(parts)


def render_block(block: Block) -> list[str]:
    """One block as terminal lines."""
    kind = block.get("type")
    if kind == "header":
        title = block["text"]["text"]
        return [title, "=" * len(title)]
    if kind == "section":
        lines = []
        if "text" in block:
            lines.extend(mrkdwn_to_text(block["text"]["text"]).splitlines())
        for field in block.get("fields", []):
            lines.append(mrkdwn_to_text(field["text"]).replace("\n", ": ", 1))
        return lines
    if kind == "rich_text":
        lines = []
        for element in block.get("elements", []):
            prefix = "  > " if element.get("type") == "rich_text_quote" else ""
            lines.extend(prefix + line for line in _rich_text(element).splitlines())
        return lines
    if kind == "context":
        return ["    — " + mrkdwn_to_text(e.get("text", "")) for e in block.get("elements", [])]
    if kind == "actions":
        return [" ".join(f"[{e['text']['text']}]" for e in block.get("elements", []))]
    if kind == "divider":
        return ["-" * 40]
    return []


def render_blocks(blocks: Iterable[Block]) -> str:
    """A block list as readable terminal text, blocks separated as Slack spaces them."""
    lines: list[str] = []
    for block in blocks:
        rendered = render_block(block)
        if block.get("type") in ("rich_text", "header", "divider") and lines:
            lines.append("")
        lines.extend(rendered)
    return printable("\n".join(lines))


def _next_page(blocks: list[Block]) -> tuple[int, int] | None:
    for block in blocks:
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("action_id") == ACTION_MORE:
                answer_id, _, page = str(element["value"]).partition(":")
                return int(answer_id), int(page)
    return None


def run_chat(
    asker: Asker,
    input_fn: Callable[[str], str],
    output_fn: Callable[[str], None],
    store: BotStore | None = None,
    figures: FigureSource | None = None,
    charts_dir: Path | None = None,
    digests: Digests | None = None,
) -> None:
    """Read questions until EOF or 'quit' and print the answers as Slack would show them.

    `input_fn` is called with the prompt and raises EOFError at the end of input. `/figure`
    charts are saved under `charts_dir` (none are drawn without it).
    """
    answerer = Answerer(asker, store or BotStore(None))
    last: Reply | None = None
    output_fn(CHAT_HELP)
    while True:
        try:
            line = input_fn(PROMPT).strip()
        except (EOFError, KeyboardInterrupt):
            break
        if line.lower() in ("quit", "exit", ":q"):
            break
        if not line:
            continue
        reply = chat_reply(answerer, line, last, figures, charts_dir, digests)
        if reply is None:
            output_fn("No more quotes.")
            continue
        last = reply
        output_fn(render_blocks(reply.blocks))


def chat_reply(
    answerer: Answerer,
    line: str,
    last: Reply | None,
    figures: FigureSource | None = None,
    charts_dir: Path | None = None,
    digests: Digests | None = None,
) -> Reply | None:
    """The reply the Slack handlers would give to one console line."""
    command, _, rest = line.partition(" ")
    command = command.lower()
    if command == "more":
        page = _next_page(last.blocks) if last else None
        return answerer.page(page[0], page[1], private=False) if page else None
    if command in ("/help", "help"):
        return help_reply()
    if command == "/figure":
        return chat_figure_reply(figures, rest, charts_dir)
    if command == "/digest":
        return digest_reply(digests, rest)
    if command == "/ask":
        question = question_from_message(rest)
        if not question:
            return help_reply()
        return answerer.answer(question, CONSOLE_CHANNEL, CONSOLE_USER, private=True)
    if command.startswith("/"):
        return help_reply()
    return answerer.answer(line, CONSOLE_CHANNEL, CONSOLE_USER)
