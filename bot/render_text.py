"""Answers as plain terminal text, for `newsdesk ask`.

Article text reaches a terminal here, so its control characters (an escape sequence can clear
the screen or retitle the window) are shown as U+FFFD, on screen only: quotes stay verbatim in
`--json` and everywhere else.
"""

from __future__ import annotations

import re
import textwrap

import click

from index import Answer, Quote

WIDTH = 100
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # controls but tab and newline


def printable(text: str) -> str:
    """text safe to print to a terminal: control characters shown as U+FFFD."""
    return _UNPRINTABLE.sub("\ufffd", text)


def render_answer_text(answer: Answer) -> str:
    """Quotes with their key sentence emphasised and a source line under each."""
    lines = [click.style(printable(answer.question), bold=True), ""]
    if answer.answered:
        for n, quote in enumerate(answer.quotes, start=1):
            lines += _quote_lines(n, quote)
    else:
        lines.append("The coverage I have does not say.")
        if answer.related:
            lines += ["", "Related passages (on the subject, but none clearly answers it):", ""]
            for n, quote in enumerate(answer.related, start=1):
                lines += _quote_lines(n, quote)
    return "\n".join(lines).rstrip()


def source_line(quote: Quote) -> str:
    s = quote.source
    byline = f"by {s.author}" if s.author else None
    parts = [p for p in (s.outlet, byline, s.title, s.date, s.url) if p]
    return printable(" · ".join([*parts, s.path]))


def _quote_lines(n: int, quote: Quote) -> list[str]:
    text = printable(quote.text)  # same length: the offsets still apply
    before = text[: quote.key_start - quote.start]
    key = text[quote.key_start - quote.start : quote.key_end - quote.start]
    after = text[quote.key_end - quote.start :]
    body = " ".join(f"{before}\x00{key}\x01{after}".split())
    wrapped = textwrap.fill(body, WIDTH, initial_indent=f"{n}. “", subsequent_indent="   ")
    styled = wrapped.replace("\x00", "\x1b[1m").replace("\x01", "\x1b[22m") + "”"
    lines = [styled]  # click.echo drops the bold when stdout is not a terminal
    lines.append("   — " + source_line(quote))
    if quote.also_in:
        others = sorted({a.outlet or a.path for a in quote.also_in})
        lines.append("   also reported by: " + printable(", ".join(others)))
    lines.append("")
    return lines
