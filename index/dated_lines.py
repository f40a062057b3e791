"""Lines that open with a date or a time: a timeline's entries, which are story, and a live
blog's entry headers, which are furniture (index/furniture.py reads both)."""

from __future__ import annotations

import re

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# A date with a year in it: "2018", "June 2018", "Sept. 5, 2018", "4 November 2021",
# "Late 2019", "6/16/1980", "7/1987". A bare "8/31" is a concert listing's, not a timeline's.
_DATED = (
    rf"(?:(?:{_MONTH}\s+\d{{1,2}},?\s+|\d{{1,2}}\s+{_MONTH}\s+|{_MONTH}\s+|"
    r"(?:Early|Mid|Late|Spring|Summer|Fall|Autumn|Winter)[ -]+)?(?:19|20)\d\d|"
    r"\d{1,2}/(?:\d{1,2}/)?(?:19|20)\d\d)"
)
# A timeline's entry states what happened when, after a colon or a dash: "June 2018: Holmes
# and Balwani indicted", "1988: End of fighting in Iran-Iraq war", "6/1962-6/1965: St. Joseph,
# Girardville, PA". What follows is not a time, as a dateline's is ("Oct 23, 2024 - 10:30 AM").
_TIMELINE_ENTRY = re.compile(
    rf"^\W{{0,2}}{_DATED}(?:\s*[-–—]\s*{_DATED})?\s*(?::\s|\s[-–—]\s)\s*(?!\d{{1,2}}:\d\d)\w"
)
# A live blog's entry opens with its time and a share button, run into the entry's headline:
# "9:24 pm ET June 14, 2026 Share this update Late Ivory Coast goal saves 2026 World Cup...".
_LIVE_UPDATE_HEADER = re.compile(
    rf"^\d{{1,2}}:\d\d\s*[ap]\.?m\.?\s+[A-Z]{{1,4}}(?:\s+{_MONTH}\s+\d{{1,2}},\s+\d{{4}})?"
    r"\s+Share this update\b\s*"
)


def is_timeline_entry(line: str) -> bool:
    """Whether a stripped line is an entry of a timeline: a dated fact, not a dateline."""
    return _TIMELINE_ENTRY.match(line) is not None


def live_update_header_length(line: str) -> int:
    """How many characters at the start of a stripped line are a live update's header (0 for
    none), so that only the header goes and the entry stays."""
    header = _LIVE_UPDATE_HEADER.match(line)
    return header.end() if header else 0
