"""The earlier year a reported quantity belongs to, when its sentence says so plainly.

Coverage of a story recalls others: a piece on the 2022 Buffalo blizzard says "The blizzard in
January 1977 killed 29 people" and "the 1993 Storm of the Century, which killed more than 300".
Figure lookup (index/figure_lookup.py) keeps such figures apart from the story's own, so that
"deaths" does not read as outlets disagreeing between 3 and 300.

A year is a figure's when it is earlier than the article's and either sits in the figure's
clause, a few words from the number ("elected with 216 votes in 2021", "The blizzard in January
1977 killed 29"), or opens the sentence ("In 2003, it came within 4.5 million miles", "In the
1977 storm, 29 people died", "1990 — George Brett became ..."). Not a year that only measures
from or to ("the most since 2009", "built before 1940", "up 14 points from 2014"), nor one a
clause away ("Pelosi, 82, rose to the top ... in 2002").
"""

from __future__ import annotations

import re

_YEAR = re.compile(r"(?<![\w$€£.,-])(1[89]\d\d|20\d\d)(?![\w%]|[.,]\d|-\d)")
# Words before a year that measure from or to it rather than say when.
_NOT_WHEN = re.compile(
    r"\b(?:since|before|after|than|until|till|through|from|between|to|by|pre|post)"
    r"(?:\s+at\s+least)?"
    r"(?:\s+(?:the\s+)?(?:end|start|beginning|middle)\s+of)?"
    r"(?:\s+(?:early|late|mid))?(?:\s+[A-Z][a-z]+\.?(?:\s+\d{1,2},?)?)?\s+$",
    re.IGNORECASE,
)
# A year that is a baseline: "87% below 2005 levels".
_BASELINE = re.compile(r"\s+levels?\b", re.IGNORECASE)
# What ends a clause between a year and a number.
_CLAUSE_BREAK = re.compile(
    r"[,;:()\[\]–—\"“”]|\b(?:and|but|that|which|who|whose|while|whereas|although|though|or)\b",
    re.IGNORECASE,
)
# Between a year and a later number: the number is where a change went ("from $4 billion in
# 2013 to over $17 billion").
_TO = re.compile(r"\bto\b", re.IGNORECASE)
# A relative clause on what the year names: "the 1993 Storm of the Century, which killed more
# than 300", "the 1985 tragedy that killed nearly 10,000".
_RELATIVE = re.compile(r"(?P<noun>[^,]*?),?\s+(?:which|that)\s+(?P<verb>(?:\S+\s+){0,3})", re.I)
RELATIVE_NOUN_WORDS = 5
# A sentence that opens with its time: "In 2003, ...", "In the 1977 storm, ...", "1990 — ...".
_OPENING = re.compile(
    r"(?:(?:In|During|Back in|When|Before|Until)\b[^,;:—–]{0,60}?|)"
    r"(?<![\w$€£.,-])(1[89]\d\d|20\d\d)(?!\w)[^,;:—–]{0,60}?(?:,|\s[—–]\s)"
)
NEAR_WORDS = 10  # words between a figure's number and a year of its clause


def past_year(sentence: str, start: int, end: int, article_date: str | None) -> int | None:
    """The year before the article's that the number at sentence[start:end] belongs to, or
    None. article_date is the article's "YYYY-MM-DD" (None: no year can be earlier)."""
    if not article_date or not article_date[:4].isdigit():
        return None
    now = int(article_date[:4])
    opening = _OPENING.match(sentence)
    if (
        opening
        and opening.end() <= start
        and int(opening.group(1)) < now
        and not _NOT_WHEN.search(sentence, 0, opening.start(1))
    ):
        return int(opening.group(1))
    years = []
    for m in _YEAR.finditer(sentence):
        year = int(m.group(1))
        if (
            year >= now
            or start <= m.start() < end
            or _NOT_WHEN.search(sentence, 0, m.start())
            or _BASELINE.match(sentence, m.end())
        ):
            continue
        after = m.start() >= end
        between = sentence[end : m.start()] if after else sentence[m.end() : start]
        if (
            (_CLAUSE_BREAK.search(between) and (after or not _is_relative(between)))
            or (not after and _TO.search(between))
            or len(between.split()) > NEAR_WORDS
        ):
            continue
        years.append((len(between), year))
    return min(years)[1] if years else None


def _is_relative(between: str) -> bool:
    """Whether the words from a year to a number are a relative clause on what the year names
    ("Storm of the Century, which killed more than"), not a clause of their own."""
    m = _RELATIVE.fullmatch(between)
    return bool(
        m
        and len(m["noun"].split()) <= RELATIVE_NOUN_WORDS
        and not _CLAUSE_BREAK.search(m["noun"])
        and not _CLAUSE_BREAK.search(m["verb"])
    )
