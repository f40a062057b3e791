"""Find the quotable body of a scraped article: everything that is not page furniture.

Furniture is what a web page wraps around the story: comment widgets, "You may also like",
lists of unrelated teasers and links to them set inline, tag lines, section labels and
datelines, photo captions and credits, video titles, galleries run into a paragraph and
newsletter sign-ups. It is left out of passages, but never cut out of the text, so that
offsets still refer to the original file.
"""

from __future__ import annotations

import re

from index.article_notes import NOTE_HINTS, NOTE_SENTENCE
from index.dated_lines import is_timeline_entry, live_update_header_length
from index.models import Span
from index.sentences import split_sentences
from index.teaser_links import BULLET, TEASER_HEADER, is_link, resumes

_WIDGET = re.compile(
    r"""^(?:leave\ a\ (?:comment|reply)|post\ a\ comment|\d+\ comments?|comments?|
    you\ may\ also\ like|you\ might\ also\ like|related(?:\ (?:articles|posts|stories))?|
    share(?:\ this)?(?:\ (?:article|story))?|advertisement|sponsored(?:\ content)?|
    read\ more|recommended(?:\ for\ you)?|most\ popular|trending(?:\ now)?|subscribe|
    sign\ up\ for\ our\ newsletter|follow\ us(?:\ on\ .*)?|tags?:.*|filed\ under:.*|
    click\ here.*|loading\.*|skip\ to\ (?:main\ )?content|
    more\ ap\ [^:]{1,40}:\ *(?:https?://|www\.).*|
    (?:copy\ this\ url\ to\ your\ clipboard\ )?link\ copied\b.*|
    (?:\d+\.\ )?(?:how\ relevant\ is\ this\ ad\ to\ you\?|
    did\ you\ encounter\ any\ technical\ issues\?)|
    .*\bad\ froze\ or\ did\ not\ finish\ loading\b.*)\s*:?$""",
    re.IGNORECASE | re.VERBOSE,
)
# Lines that are a photo's caption or a video's title, not the story: "Shaun Botterill/Getty
# Images England celebrates...", "... in San Francisco. Eric Risberg/AP", "... (Photo by Samuel
# Corum/Getty Images)", "Video Ad Feedback 02:17 - Source: CNN ...". Credits name up to six
# words, then agencies after slashes.
_AGENCY = (
    r"(?:Getty Images|AP(?: Photo)?|AFP|Reuters|EPA(?:-EFE)?|Shutterstock|Bloomberg|Instagram|"
    r"Twitter|Facebook|Sipa USA|Pool|NurPhoto|Xinhua|TASS|Anadolu(?: Agency)?|ZUMA(?: Press)?|"
    r"USA TODAY NETWORK|(?:The )?Associated Press|Alamy|Sputnik|Imagn(?: Images)?|SOPA Images|"
    r"LightRocket|UPI|Redux)"
)
_NAME_WORD = r"[A-Z][\w.'’&-]*"
# Who took it: two to six names ("Shaun Botterill", "Bakhtar News Agency") or an agency itself
# ("AFP/Getty Images"); then up to three more slashes, the last before an agency, and a file
# photo's mark ("Rob Gillies/AP/FILE").
_CREDIT = (
    rf"(?:(?:{_NAME_WORD}\s){{1,5}}{_NAME_WORD}|{_AGENCY})"
    rf"(?:/{_NAME_WORD}(?:\s{_NAME_WORD}){{0,3}}){{0,3}}/{_AGENCY}(?:\s+via\s+Getty Images)?"
    r"(?:/FILE)?"
)
_CAPTION_LINE = re.compile(
    # A credit opening a caption, or closing it.
    rf"^{_CREDIT}(?:\s+[A-Z\"“‘']|\s*$)|\s{_CREDIT}\s*$|"
    # A gallery's link: "In photos: Shock and grief as world reacts Prev Next".
    r"^In (?:photos|pictures):|\bPrev Next$|"
    # A caption closed by its credit: "(Photo by ...)", "(AP Photo/Evan Vucci)/FILE", "(Image
    # credit: Getty Images)".
    r"\((?:(?:AP |AFP |Reuters )?Photo(?:graph)?s?(?: by|:)|(?:AP|AFP|Reuters) Photo/|"
    r"(?:Image c|C)redit:)[^()]{0,200}\)(?:/FILE)?\s*$|"
    r"^Video Ad Feedback\b"
)
# A photo's caption on its own line: "Photos: Fans gather outside the hospital..."; one run
# into a gallery is cut by `_story_parts`.
_PHOTOS_LINE = re.compile(r"^Photos?: ")
# A longer line with a pitch in it is a story paragraph: only the pitch sentence goes.
MAX_PITCH_LINE = 1500
# A photo gallery run into a line: "Photos: <gallery> <caption> Hide Caption 1 of 18 Photos: ...".
_GALLERY_ITEM = re.compile(r"Hide Caption (\d+) of (\d+)")
_GALLERY_OPENER = re.compile(r"\bPhotos:")
# Sentences that promote rather than report: a sign-up pitch, a newsletter, a form's small
# print. Their line goes whole, as the rest of such a paragraph is the pitch ("Sign up for
# CNN's Wonder Theory science newsletter. Explore the universe with news on..."); a story
# sentence that only mentions signing up ("Residents can sign up for alerts") is no pitch.
_PITCH = re.compile(
    # Not a quotation: '"Get out here and vote," Walls said.'
    r"^[^\w\"“”‘’']{0,3}(?:sign up|subscribe|get|never miss)\b.{0,150}?"
    r"\b(?:newsletters?|inbox|alerts|updates|edition)\b|"
    r"^[^\w\"“”‘’']{0,3}(?:sign up|subscribe)\b.{0,150}?\bhere\b|^\W{0,3}support journalism\b|"
    r"\b(?:delivered|sent) (?:straight )?to your inbox\b|"
    r"\bsign up (?:for (?:our|free)\b|(?:now |today )?here\b)|\bsubscribe to our\b|"
    r"\bappeared in\b.{0,80}\bnewsletter\b|"
    r"\bnewsletters?\b.{0,80}\b(?:receive|provides you)\b|\bwould you like to receive\b|"
    r"\b(?:in our privacy policy|tick here|(?:details|information) you have shared)\b|"
    r"^'We' includes\b|^\W{0,3}join us on (?:twitter|facebook|instagram)\b|"
    r"\bsupporting our journalism\b|^\W{0,3}support (?:quality|local) journalism\b.{0,60}\?|"
    r"\bcheck out our (?:faqs?|newsletters?|podcasts?)\b",
    re.IGNORECASE,
)
# Sentences that point elsewhere, sometimes run into the story's next sentence: "Read more
# about Biden's plan. As gas prices soar..." loses only its first sentence. A newsletter sets a
# bullet or an emoji before them ("👉 Keep reading our takeaways from the hearing.").
_PROMO_SENTENCE = re.compile(
    rf"^{BULLET}(?:keep reading|read more|continue reading|click here|subscribe)\b|"
    rf"^{BULLET}(?:related|see also|also read|watch|listen|more)\s*:|"
    # ...or further down: "For more answers to your questions about today's report, keep
    # reading:" ("so she plans to keep reading" is no pointer).
    r",\s+keep reading(?: below)?[.:!]?$",
    re.IGNORECASE,
)
_PROMO_HINT = re.compile(
    r"keep reading|read more|continue reading|click here|subscribe|sign up|newsletter|inbox|"
    r"check out our|"
    r"(?:related|see also|also read|watch|listen|more)\s*:",
    re.IGNORECASE,
)
HEADING_WORDS = 6
_TAG_SEPARATOR = "/ "
_MIN_TAGS = 4


def body_spans(text: str, start: int = 0) -> tuple[Span, ...]:
    """Return the spans of text[start:] that hold the story, in order, as whole lines."""
    spans: list[Span] = []
    in_teasers = False
    for line_start, line_end in _lines(text, start):
        line = text[line_start:line_end].strip()
        if not line:
            continue
        if TEASER_HEADER.match(line):
            in_teasers = True
            continue
        if in_teasers:
            if not resumes(line):
                continue
            in_teasers = False
        if _WIDGET.match(line) or is_link(line):
            continue
        if line.count(_TAG_SEPARATOR) >= _MIN_TAGS:
            # A tag line, sometimes run together with the lede: keep what follows the last tag.
            cut = text.rfind(_TAG_SEPARATOR, line_start, line_end) + len(_TAG_SEPARATOR)
            if _is_sentence(text[cut:line_end].strip()):
                spans.append(_strip(text, cut, line_end))
            continue
        if not (_is_sentence(line) or _is_heading_worth_quoting(line)):
            continue  # section labels, datelines, bylines
        if (
            _CAPTION_LINE.search(line)
            or (_PHOTOS_LINE.match(line) and not _GALLERY_ITEM.search(line))
            or (
                len(line) <= MAX_PITCH_LINE
                and any(_PITCH.search(line[a:b]) for a, b in split_sentences(line))
            )
        ):
            continue
        if header := live_update_header_length(line):
            # The line is read whole, as a live blog's entry ("... Share this update Photos:
            # Wahls addresses supporters ... Hours after polls closed") is no caption; only
            # the entry's time and share button go.
            line_start = text.index(line, line_start) + header
        spans.extend(_story_parts(text, *_strip(text, line_start, line_end)))
    return tuple(spans)


def _story_parts(text: str, start: int, end: int) -> list[Span]:
    """The line text[start:end] without a photo gallery, promotional sentences or notes about
    the article run into it; the line as one span when it holds none (the common case)."""
    line = text[start:end]
    gallery = list(_GALLERY_ITEM.finditer(line))
    promo = _PROMO_HINT.search(line) is not None
    low = line.lower()
    if not gallery and not promo and not any(h in low for h in NOTE_HINTS):
        return [(start, end)]
    pieces = [(start, end)]
    if gallery:
        # The last "Photos:" before the first caption opens the gallery.
        openers = [m.start() for m in _GALLERY_OPENER.finditer(line, 0, gallery[0].start())]
        cut_from = start + (openers[-1] if openers else 0)
        pieces = [(start, cut_from)]
        last = gallery[-1]
        # After the last "Hide Caption k of n" comes the story again, or, when k < n or the
        # line stops before the gallery ends, one more caption ("Photos: ...").
        if last.group(1) == last.group(2) and not line[last.end() :].lstrip().startswith("Photos:"):
            pieces.append((start + last.end(), end))
    parts: list[Span] = []
    dropped = False
    for a, b in pieces:
        for sentence in split_sentences(text, a, b):
            words = text[sentence[0] : sentence[1]]
            if any(r.search(words) for r in (_PROMO_SENTENCE, _PITCH, NOTE_SENTENCE)):
                dropped = True
            else:
                parts.append(sentence)
    # A line that only the note rules read and that loses nothing stays one span, as before
    # they looked at it (an article's hash covers its spans).
    return parts if dropped or gallery or promo else [(start, end)]


def is_heading(line: str) -> bool:
    """True for a short line that reads as a headline or label rather than prose."""
    return not _is_sentence(line.strip())


_BYLINE = re.compile(r"^by\s", re.IGNORECASE)
_HAS_DIGIT_DATE = re.compile(r"\b(19|20)\d\d\b")


def _is_heading_worth_quoting(line: str) -> bool:
    """A headline or section heading that says something ("Interview between ... and Defense
    Expert Dr. Emily Tran") or a timeline's entry ("June 2018: Holmes and Balwani indicted"),
    as opposed to a label, byline or dateline."""
    return is_timeline_entry(line) or (
        len(line.split()) >= HEADING_WORDS
        and not _BYLINE.match(line)
        and not _HAS_DIGIT_DATE.search(line)
    )


def _is_sentence(line: str) -> bool:
    """Prose ends in terminal punctuation or runs long; headings and labels do neither."""
    if not line:
        return False
    words = line.split()
    if line[-1] in ".!?\"'”’)…:" and len(words) >= 4:
        return True
    return len(words) >= 25


_LINE_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029]")  # \r alone ends a line too


def _lines(text: str, start: int) -> list[Span]:
    out: list[Span] = []
    pos = start
    for brk in _LINE_BREAK.finditer(text, start):
        out.append((pos, brk.start()))
        pos = brk.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def _strip(text: str, a: int, b: int) -> Span:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b)
