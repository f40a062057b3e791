"""The /figure blocks: pure functions from a FigureLookup to Block Kit dicts."""

from __future__ import annotations

import json
from dataclasses import replace

from fakes import TROOPS_KEY
from figure_fakes import GROUP, KIRBY, TIME
from slack_checks import validate_blocks

from bot.figure_blocks import figure_quote, lookup_blocks, lookup_text
from index.figure_lookup import FigureGroup, FigureLookup


def test_a_group_renders_summary_then_each_figure_with_its_quote() -> None:
    blocks = lookup_blocks(FigureLookup("troops", (GROUP,)))
    before, after = TROOPS_KEY.split("12,000")
    kirby_before, kirby_after = KIRBY.split("3,000")
    assert blocks == [
        {
            "type": "context",
            "elements": [
                {"type": "mrkdwn", "text": "You asked for figures on “troops”", "verbatim": True}
            ],
        },
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": "*3,000 to 12,000 North Korean soldiers reported, by 2 sources*",
                "verbatim": True,
            },
        },
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": "*as many as 12,000* — Time News · "
                "<https://time.news/north-korean-troops?a=1&amp;b=2|North Korean Troops in "
                "Russian Uniforms Headed to Ukraine, Officials Say> · 2024-10-23",
                "verbatim": True,
            },
        },
        {
            "type": "rich_text",
            "elements": [
                {
                    "type": "rich_text_quote",
                    "elements": [
                        {"type": "text", "text": before},
                        {"type": "text", "text": "12,000", "style": {"bold": True}},
                        {"type": "text", "text": after},
                    ],
                }
            ],
        },
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": "*at least 3,000* soldiers &lt;b&gt; a month — &lt;!channel&gt; &amp; "
                "&lt;@U1&gt; · Newslooks · North Korean Troops in Ukraine: US Warns Russia "
                "Amid Escalating Conflict · 2024-10-22",
                "verbatim": True,
            },
        },
        {
            "type": "rich_text",
            "elements": [
                {
                    "type": "rich_text_quote",
                    "elements": [
                        {"type": "text", "text": kirby_before},
                        {"type": "text", "text": "3,000", "style": {"bold": True}},
                        {"type": "text", "text": kirby_after},
                    ],
                }
            ],
        },
    ]
    validate_blocks(blocks)
    assert lookup_text(FigureLookup("troops", (GROUP,))) == (
        "Figures on “troops”: 3,000 to 12,000 North Korean soldiers reported, by 2 sources"
    )


def test_no_figures_names_the_nearest_topics_escaped() -> None:
    found = FigureLookup("<!channel> zebras", (), ("North Korean soldiers", "a <b>"))
    text = "No figures on “&lt;!channel&gt; zebras”. Nearest topics with figures: " + (
        "“North Korean soldiers”, “a &lt;b&gt;”."
    )
    assert lookup_blocks(found) == [
        {
            "type": "context",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": "You asked for figures on “&lt;!channel&gt; zebras”",
                    "verbatim": True,
                }
            ],
        },
        {"type": "section", "text": {"type": "mrkdwn", "text": text, "verbatim": True}},
    ]
    assert lookup_text(found) == text
    empty = FigureLookup("troops", ())
    assert lookup_text(empty) == "No figures on “troops”. The index holds no figures yet."


def test_many_figures_stay_within_50_blocks_and_count_the_rest() -> None:
    many = tuple(replace(TIME, id=i, value=1000 + i) for i in range(30))
    groups = (
        FigureGroup("30 reports", "North Korean soldiers", None, many),
        FigureGroup("another", "tanks", None, many[:3]),
    )
    blocks = lookup_blocks(FigureLookup("troops", groups))
    validate_blocks(blocks)
    assert len(blocks) == 49  # the context, one header, 23 figures, the count
    assert blocks[-1] == {
        "type": "context",
        "elements": [
            {"type": "mrkdwn", "text": "…and 10 more figures not shown.", "verbatim": True}
        ],
    }


def test_a_long_sentence_and_summary_fit_slack_limits() -> None:
    long = replace(TIME, sentence=TROOPS_KEY * 40, end=TIME.start + len(TROOPS_KEY) * 40)
    group = FigureGroup("x" * 5000, "North Korean soldiers", None, (long,))
    blocks = lookup_blocks(FigureLookup("y" * 1000, (group,)))
    validate_blocks(blocks)
    assert all(len(json.dumps(b)) < 4000 for b in blocks)
    assert len(lookup_text(FigureLookup("y" * 1000, (group,)))) <= 600


def test_the_number_in_bold_is_the_figures_own_not_the_first_match() -> None:
    sentence = "Petrov said 300 soldiers and 30 tanks crossed."
    at = 100  # where the sentence starts in its article
    number = at + sentence.index("30 tanks")
    figure = replace(TIME, text="30", sentence=sentence, start=at, end=at + len(sentence),
                     number_start=number, number_end=number + 2)  # fmt: skip
    quote = figure_quote(figure)
    assert (quote.key_start, quote.key_end) == (number, number + 2)
    assert quote.text[quote.key_start - at : quote.key_end - at] == "30"
    assert figure_quote(replace(figure, number_start=None)).key_start == at + 12  # the "300"
