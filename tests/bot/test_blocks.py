"""Block Kit built by pure functions, compared as dicts; escaping and Slack's limits."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fakes import TROOPS, UNIFORMS, FakeStats
from hypothesis import given, settings
from hypothesis import strategies as st
from slack_checks import validate_blocks, validate_view

from bot import blocks
from index.models import AlsoIn, Answer, Quote, Source


def make_quote(text: str, key: str, **source: Any) -> Quote:
    start = 100
    key_start = start + text.index(key)
    fields = {
        "path": "a.txt",
        "title": None,
        "outlet": None,
        "author": None,
        "date": None,
        "url": None,
        **source,
    }
    return Quote(
        text=text,
        start=start,
        end=start + len(text),
        key_start=key_start,
        key_end=key_start + len(key),
        score=1.0,
        source=Source(**fields),
    )


def mrkdwn_texts(value: Any) -> list[str]:
    """Every string Slack would parse as mrkdwn or show as plain text (not rich_text text)."""
    found: list[str] = []
    if isinstance(value, dict):
        if value.get("type") in ("mrkdwn", "plain_text"):
            found.append(value["text"])
        for key, item in value.items():
            if key != "text" or not isinstance(item, str):
                found.extend(mrkdwn_texts(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(mrkdwn_texts(item))
    return found


def test_quote_block_bolds_the_key_sentence() -> None:
    quote = make_quote("Before. The key *sentence*. After.", "The key *sentence*.")
    assert blocks.quote_block(quote) == {
        "type": "rich_text",
        "elements": [
            {
                "type": "rich_text_quote",
                "elements": [
                    {"type": "text", "text": "Before. "},
                    {"type": "text", "text": "The key *sentence*.", "style": {"bold": True}},
                    {"type": "text", "text": " After."},
                ],
            }
        ],
    }


def test_source_line_links_the_title_and_escapes() -> None:
    quote = make_quote(
        "x",
        "x",
        outlet="A&B <News>",
        title="Troops <!channel> move",
        url="https://e.com/a?b=1&c=2",
        date="2024-10-23",
    )
    assert blocks.source_line(quote) == (
        "A&amp;B &lt;News&gt; · <https://e.com/a?b=1&amp;c=2|Troops &lt;!channel&gt; move> · "
        "2024-10-23"
    )


def test_source_line_gives_the_byline_where_the_outlet_is_unknown() -> None:
    quote = make_quote("x", "x", author="Jim <@U1> Morris", path="seeds/004.txt")
    assert blocks.source_line(quote) == "Unknown outlet · by Jim &lt;@U1&gt; Morris · 004.txt"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "https://e.com/a|evil",
        "https://e.com/ x",
        "https://e.com/<@U1>",
        None,
    ],
)
def test_unsafe_urls_are_not_linked(url: str | None) -> None:
    quote = make_quote("x", "x", title="Title", url=url)
    assert blocks.source_line(quote) == "Unknown outlet · Title"


def test_answer_blocks_first_page() -> None:
    answer = Answer("How many troops?", True, TROOPS)
    quote = TROOPS[0]
    result = blocks.answer_blocks(answer, 7)
    assert len(result) == 3 * 2 + 1
    assert result[0] == blocks.quote_block(quote)
    assert result[1] == {
        "type": "context",
        "elements": [
            {
                "type": "mrkdwn",
                "text": "Time News · <https://time.news/north-korean-troops?a=1&amp;b=2"
                "|North Korean Troops in Russian Uniforms Headed to Ukraine, "
                "Officials Say> · 2024-10-23",
                "verbatim": True,
            },
            {"type": "mrkdwn", "text": "Also reported by Newslooks", "verbatim": True},
        ],
    }
    assert result[-1] == {
        "type": "actions",
        "elements": [
            blocks.button("Helpful", "feedback_helpful", "7:0"),
            blocks.button("Not helpful", "feedback_not_helpful", "7:0"),
            blocks.button("More quotes (1)", "more_quotes", "7:1"),
        ],
    }
    validate_blocks(result)


def test_second_page_and_private_share_button() -> None:
    answer = Answer("How many troops?", True, TROOPS)
    result = blocks.answer_blocks(answer, 7, 1, private=True)
    assert result[0] == blocks.context("You asked: “How many troops?”")
    assert result[1] == blocks.context("Quote 4 of 4")
    assert result[2] == blocks.quote_block(TROOPS[3])
    assert result[-1]["elements"][-1] == blocks.button(
        "Share in channel", "share_answer", "7:1", style="primary"
    )
    assert [e["action_id"] for e in result[-1]["elements"]] == [
        "feedback_helpful",
        "feedback_not_helpful",
        "share_answer",
    ]
    validate_blocks(result)


def test_shared_answer_is_attributed() -> None:
    result = blocks.answer_blocks(Answer("uniforms?", True, UNIFORMS), 3, shared_by="U0ASKER")
    assert result[0] == blocks.context("<@U0ASKER> asked: “uniforms?”")
    assert "share_answer" not in json.dumps(result)


def test_abstention_is_a_plain_sentence_with_related_passages() -> None:
    answer = Answer("Who won the <!here> election?", False, related=TROOPS[:1])
    result = blocks.answer_blocks(answer, 2)
    assert result[0] == blocks.section(
        "The coverage I have does not say. Nothing in it answers "
        "“Who won the &lt;!here&gt; election?”."
    )
    assert result[1] == blocks.section(
        "*Related passages* (on the subject, but none clearly answers it):"
    )
    assert result[2] == blocks.quote_block(TROOPS[0])
    assert blocks.answer_text(answer).startswith("The coverage I have does not say.")
    validate_blocks(result)


def test_abstention_without_related() -> None:
    result = blocks.answer_blocks(Answer("?", False), 1)
    assert [b["type"] for b in result] == ["section", "actions"]


def test_also_reported_by_skips_own_and_unknown_outlets() -> None:
    quote = make_quote("x", "x", outlet="A")
    also = (
        AlsoIn("b", 0, 1, "B"),
        AlsoIn("c", 0, 1, "A"),
        AlsoIn("d", 0, 1, None),
        AlsoIn("e", 0, 1, "B"),
        AlsoIn("f", 0, 1, "<@U1>"),
    )
    quote = Quote(**{**quote.__dict__, "also_in": also})
    assert blocks.also_reported_by(quote) == "Also reported by B, &lt;@U1&gt;"


def test_long_quotes_are_trimmed_around_the_key() -> None:
    key = "The key sentence."
    text = "a" * 5000 + " " + key + " " + "b" * 5000
    before, got_key, after = blocks.quote_parts(make_quote(text, key), limit=100)
    assert got_key == key
    assert len(before) + len(got_key) + len(after) <= 100
    assert before.startswith("…") and after.endswith("…")


def test_home_view() -> None:
    view = blocks.home_view(FakeStats(), "UBOT")
    assert view["type"] == "home"
    assert view["blocks"][2] == {
        "type": "section",
        "fields": [
            {"type": "mrkdwn", "text": "*Articles*\n5", "verbatim": True},
            {"type": "mrkdwn", "text": "*Passages*\n41", "verbatim": True},
            {"type": "mrkdwn", "text": "*Outlets*\n4", "verbatim": True},
            {"type": "mrkdwn", "text": "*Last indexed*\n2024-10-24 08:00 UTC", "verbatim": True},
        ],
    }
    assert view["blocks"][3] == blocks.section(
        "*Outlets:* Newslooks, Time News, Warrior Maven, World News"
    )
    assert "<@UBOT>" in view["blocks"][5]["text"]["text"]
    validate_view(view)


def test_home_view_empty_corpus() -> None:
    view = blocks.home_view(FakeStats(articles=0, passages=0, outlets=(), last_indexed=None))
    text = json.dumps(view)
    assert "never" in text and "none yet" in text
    validate_view(view)


_BROADCAST = re.compile(r"<[!@#]|<https?:")
_TOKENS = [*"ab *_~`<>&|!@#:/.\n", "<!channel>", "<@U123>", "<http://x|y>", "&amp;"]
_quote_text = st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=60).map("".join)


@settings(max_examples=150, deadline=None)
@given(
    before=_quote_text,
    key=_quote_text,
    after=_quote_text,
    question=_quote_text,
    title=_quote_text,
    outlet=_quote_text,
)
def test_no_article_or_user_text_can_mention_or_link(
    before: str, key: str, after: str, question: str, title: str, outlet: str
) -> None:
    quote = make_quote(before + key + after, key, title=title, outlet=outlet, url="https://e.com/x")
    quote = Quote(
        **{
            **quote.__dict__,
            "key_start": quote.start + len(before),
            "key_end": quote.start + len(before) + len(key),
        }
    )
    answer = Answer(question, True, (quote,) * 5, related=(quote,))
    for page_blocks in (
        blocks.answer_blocks(answer, 1, private=True, shared_by="U1"),
        blocks.answer_blocks(Answer(question, False, related=(quote,)), 1),
    ):
        validate_blocks(page_blocks)
        for text in [*mrkdwn_texts(page_blocks), blocks.answer_text(answer)]:
            # The only `<` Slack may see is the title link and the sharer's mention we built.
            stripped = text.replace("<https://e.com/x|", "").replace("<@U1>", "")
            assert not _BROADCAST.search(stripped), text
        rich = next(b for b in page_blocks if b["type"] == "rich_text")
        parts = rich["elements"][0]["elements"]
        assert "".join(p["text"] for p in parts) == quote.text  # verbatim
        assert [p["text"] for p in parts if p.get("style")] == [key]


def test_answer_blocks_never_exceed_slack_limits() -> None:
    quote = make_quote("k" * 20000, "k" * 20000, title="t" * 5000, outlet="o" * 5000)
    answer = Answer("q" * 5000, True, (quote,) * 60)
    result = blocks.answer_blocks(answer, 1, private=True)
    validate_blocks(result)
    assert len(blocks.answer_text(answer)) <= 600
    assert len(blocks.fit([blocks.section("x")] * 80)) == 50


def test_clipping_mrkdwn_never_leaves_a_link_or_an_entity_open() -> None:
    text = "Tom &amp; Jerry &lt;b&gt; · <https://e.com/story?a=1&amp;b=2|A long title> · 2024"
    for limit in range(2, len(text) + 1):
        got = blocks.clip_mrkdwn(text, limit)
        assert len(got) <= limit
        assert got.count("<") == got.count(">"), got
        amps = [i for i, ch in enumerate(got) if ch == "&"]
        assert all(got.startswith(("&amp;", "&lt;", "&gt;"), i) for i in amps), got
    assert blocks.clip_mrkdwn(text, len(text)) == text


def test_an_overlong_url_is_not_linked() -> None:
    quote = make_quote("x", "x", title="Title", url="https://e.com/" + "a" * 1200)
    assert "<" not in blocks.source_line(quote) and "Title" in blocks.source_line(quote)
