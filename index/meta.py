"""Read the metadata an article's own text supports: title, byline (author, outlet), dateline.

Only the head of the article is read (its first few non-empty lines). What the text does not say
stays None: nothing is guessed.
"""

from __future__ import annotations

import re
from datetime import date

from index.furniture import is_heading
from index.models import Meta

HEAD_LINES = 6
BYLINE_WORDS = 12  # "By Jim Morris, Warrior Vice President, News" is 6 after "By"

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = [
    re.compile(r"\b(?P<day>\d{1,2})\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d{2})\b", re.I),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>(?:19|20)\d{2})\b", re.I),
    # ISO dates, alone or opening a datetime ("2024-10-23T10:00:00Z"), and 2024/10/23
    re.compile(r"\b(?P<year>(?:19|20)\d{2})[-/](?P<month>\d{1,2})[-/](?P<day>\d{1,2})(?!\d)"),
]
_BYLINE = re.compile(r"^by\s+(?P<rest>.+)$", re.I)
_ATX = re.compile(r"^#{1,6}\s+")  # a Markdown heading's marker: "# Title"
_OUTLET_WORDS = re.compile(
    r"\b(news|times|post|press|journal|tribune|herald|daily|media|network|agency|reuters|"
    r"gazette|telegraph|guardian|wire|magazine|radio|tv|broadcasting|cnn|bbc|npr|ap)\b",
    re.I,
)
_PERSON = re.compile(r"^[A-Z][a-zA-Z'\-]+(?:\s+(?:[A-Z]\.|[A-Z][a-zA-Z'\-]+)){1,3}$")
# "Warrior Vice President", "CNN Senior Editor": a publication's name before a newsroom job.
_JOB_WORDS = (
    r"(?:Senior|Chief|Executive|Managing|Deputy|Associate|Contributing|Staff|Special|Former|"
    r"Political|Foreign|National|Defense|Defence|Military|Pentagon|White House)"
)
# ...which, when no outlet word says it is one, is an outlet only before an office a company
# has ("Warrior Vice President"): before a newsroom job it is a desk, a beat or a place
# ("Sports Editor", "Washington Correspondent").
_COMPANY_OFFICE = re.compile(r"\b(?:President|Publisher)$")
_JOB_AT_END = re.compile(r"\b(?:Writer|Editor|Reporter|Correspondent|Columnist)$", re.I)
# A byline's part after the name that is an outlet by itself: one to four words ending in an
# outlet word ("The Associated Press", "New York Times"), or an agency's initials ("AP").
_AGENCY_NAME = re.compile(
    r"(?:The )?(?:[A-Z][\w&.'-]* ){0,3}(?:News|Times|Post|Press|Journal|Tribune|Herald|Daily|"
    r"Gazette|Telegraph|Guardian|Wire|Magazine|Network|Agency)|"
    r"(?:AP|AFP|Reuters|CNN|BBC|NPR|UPI|Bloomberg|Xinhua|TASS)"
)
_DESK_WORDS = frozenset(
    """news media press wire radio tv breaking social local digital online video photo sports
    business world national metro health politics""".split()
)
_NOT_FIRST = frozenset("for special to from with via".split())
_STAFF_TITLE = re.compile(
    r"^(?!" + _JOB_WORDS + r"\b)(?P<outlet>[A-Z][\w&'.-]*(?: [A-Z][\w&'.-]*){0,3}?) "
    r"(?:" + _JOB_WORDS + r" )*"
    r"(?:Vice President|President|Editor|Editor-in-Chief|Reporter|Correspondent|Writer|"
    r"Columnist|Producer|Contributor|Analyst|Publisher)$"
)


def extract_meta(text: str) -> Meta:
    """Title, author, outlet and date that the head of the text states."""
    head = _head_lines(text)
    title = author = outlet = when = None
    for line in head:
        byline = _BYLINE.match(line)
        if byline and (author is None and outlet is None):
            author, outlet = _parse_byline(byline.group("rest"))
            continue
        found = parse_date(line)
        if found and _is_dateline(line):
            when = when or found
            continue
        if title is None and _is_title(line):
            title = line
    return Meta(title=title, outlet=outlet, author=author, date=when)


def byline_span(text: str) -> tuple[int, int] | None:
    """Where the head of the text names its author or outlet ("By Jim Morris, Warrior Vice
    President, News"), as offsets of that line without its surrounding space; None if nowhere."""
    for n, line in enumerate(re.finditer(r"[^\r\n]*\S[^\r\n]*", text)):
        if n == HEAD_LINES:
            break
        stripped = line.group().strip()
        byline = _BYLINE.match(stripped)
        if byline and _parse_byline(byline.group("rest")) != (None, None):
            start = line.start() + line.group().index(stripped)
            return start, start + len(stripped)
    return None


def parse_date(value: str) -> str | None:
    """The first calendar date written in value, as YYYY-MM-DD, or None."""
    for pattern in _DATE_PATTERNS:
        m = pattern.search(value)
        if not m:
            continue
        month = m.group("month")
        month_no = int(month) if month.isdigit() else _MONTHS[month.lower().rstrip(".")]
        try:
            return date(int(m.group("year")), month_no, int(m.group("day"))).isoformat()
        except ValueError:
            continue
    return None


def _head_lines(text: str) -> list[str]:
    lines = [_ATX.sub("", ln.strip().lstrip("\ufeff")) for ln in text.splitlines() if ln.strip()]
    return lines[:HEAD_LINES]


def _is_dateline(line: str) -> bool:
    # A line that is mostly a date ("23 October 2024", "Today : Oct 23, 2024"), not prose.
    return len(line.split()) <= 6


def _is_title(line: str) -> bool:
    words = line.split()
    if not 3 <= len(words) <= 25 or line.count("/ ") >= 2:
        return False
    return is_heading(line) or line[-1] in "?!"


def _parse_byline(rest: str) -> tuple[str | None, str | None]:
    """("Jim Morris", "Warrior") for "By Jim Morris, Warrior Vice President, News" (the outlet
    where the person's job is stated at one: "By Ann Lee, Reuters" too); an outlet name when
    the byline names a publication and nothing else ("by time news"). A line that goes on as
    a sentence ("By adding a text post option, TikTok is joining ...") is no byline."""
    if len(rest.split()) > BYLINE_WORDS:
        return None, None
    first, comma, after = rest.partition(",")
    first = first.strip()
    if _PERSON.match(first) and not _OUTLET_WORDS.search(first):
        return first, _employer(after.partition(",")[0].strip())
    if (
        not comma
        and _OUTLET_WORDS.search(first)
        and len(first.split()) <= 5
        and not _JOB_AT_END.search(first)  # "RANDALL CHASE AP Business Writer": a writer
    ):
        return None, first.title() if first.islower() else first
    return None, None


def _employer(part: str) -> str | None:
    """The outlet a byline's part after the name states: "Warrior" of "Warrior Vice President",
    "Reuters"; None for a job alone ("Staff Writer") or anything else ("Seoul")."""
    staff = _STAFF_TITLE.match(part)
    if staff:
        outlet = staff.group("outlet")
        named = _OUTLET_WORDS.search(outlet) or _COMPANY_OFFICE.search(part)
        return outlet if named and not _is_desk(outlet) else None
    return part if _AGENCY_NAME.fullmatch(part) and not _is_desk(part) else None


def _is_desk(name: str) -> bool:
    """Whether a name is only the words of a desk or a beat ("News", "Breaking News", "Social
    Media", "Local News"), or opens as a contributor's line does ("For The Times")."""
    words = name.split()
    return words[0].lower() in _NOT_FIRST or all(w.lower() in _DESK_WORDS for w in words)
