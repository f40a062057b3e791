"""`newsdesk chat`: the same replies as Slack, rendered as terminal text."""

from __future__ import annotations

from fakes import FakeAsker, scripted

from bot import blocks
from bot.console import render_blocks, run_chat
from index.models import Answer


def chat(lines: list[str]) -> str:
    out: list[str] = []
    run_chat(FakeAsker(), scripted(lines), out.append)
    return "\n".join(out)


def test_render_blocks_shows_quotes_sources_and_buttons() -> None:
    text = render_blocks(
        blocks.answer_blocks(Answer("q", True, FakeAsker().ask("how many troops?").quotes), 1)
    )
    assert "  > **Intelligence reports indicate that as many as 12,000" in text
    assert (
        "    — Time News · North Korean Troops in Russian Uniforms Headed to Ukraine, Officials "
        "Say (https://time.news/north-korean-troops?a=1&b=2) · 2024-10-23"
    ) in text
    assert "    — Also reported by Newslooks" in text
    assert "[Helpful] [Not helpful] [More quotes (1)]" in text


def test_render_undoes_escaping() -> None:
    text = render_blocks(
        [blocks.section(blocks.escape("a <b> & c")), blocks.context("<@U1> asked")]
    )
    assert text == "a <b> & c\n    — @U1 asked"


def test_chat_answers_questions_and_commands() -> None:
    text = chat(
        [
            "how many troops?",
            "more",
            "more",
            "/ask uniforms?",
            "/figure troops",
            "/digest",
            "who won?",
            "quit",
            "never read",
        ]
    )
    assert "12,000 North Korean soldiers" in text
    assert "Quote 4 of 4" in text
    assert "No more quotes." in text
    assert "You asked: “uniforms?”" in text and "[Share in channel]" in text
    assert "`/figure` is not available yet" in text
    assert "`/digest` is not available yet" in text
    assert "The coverage I have does not say." in text
    assert "Related passages" in text


def test_chat_ends_on_eof() -> None:
    assert chat([]).startswith("Type a question")
