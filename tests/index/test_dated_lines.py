"""Lines that open with a date or a time: timelines are story, live blogs' headers are not."""

from __future__ import annotations

from index.furniture import body_spans


def quotable(text: str) -> list[str]:
    return [text[a:b] for a, b in body_spans(text)]


def test_a_timeline_s_entries_are_story_and_a_dateline_is_not() -> None:
    # As USA TODAY's Theranos timeline and a diocese's list of a priest's assignments read.
    text = (
        "Theranos timeline\n\n"
        "Updated 10:32 AM EDT Oct 23, 2022\n"
        'September 2009: Ramesh "Sunny" Balwani joins Theranos\n'
        "June 2018: Holmes and Balwani indicted\n"
        "1988: End of fighting in Iran-Iraq war\n"
        "6/1962-6/1965: St. Joseph, Girardville, PA\n"
        "Oct. 23, 2024 - 10:30 AM\n"
        "8/31: Sam Smith\n"  # a concert listing's day, no timeline's year
    )
    assert quotable(text) == [
        'September 2009: Ramesh "Sunny" Balwani joins Theranos',
        "June 2018: Holmes and Balwani indicted",
        "1988: End of fighting in Iran-Iraq war",
        "6/1962-6/1965: St. Joseph, Girardville, PA",
    ]


def test_a_live_blog_loses_its_entries_times_and_share_buttons_but_not_the_entries() -> None:
    # As USA TODAY's live blogs read in RealTimeQA: time, share button, headline, author, text.
    text = (
        "9:24 pm ET June 14, 2026 Share this update Late Ivory Coast goal saves 2026 World Cup "
        "from its first scoreless draw Ivory Coast and Ecuador appeared headed for a draw.\n\n"
        "10:50 pm ET June 2, 2026 Share this update Photos: Wahls addresses supporters Emery "
        "Glover Hours after polls closed, Iowa Sen. Zach Wahls took to the stage.\n\n"
        "12:44 pm ET Share this update UN chief says the reopening is a step. Guterres spoke.\n\n"
        "Copy this url to your clipboard Link copied to clipboard Share this story\n"
    )
    assert quotable(text) == [
        "Late Ivory Coast goal saves 2026 World Cup from its first scoreless draw Ivory Coast "
        "and Ecuador appeared headed for a draw.",
        "Photos: Wahls addresses supporters Emery Glover Hours after polls closed, Iowa Sen. "
        "Zach Wahls took to the stage.",
        "UN chief says the reopening is a step. Guterres spoke.",
    ]
