"""Split text into sentences, returning character spans into the original text.

Rule-based and fast (a regex pass per line): news prose is regular enough that a line break always
ends a sentence and `. ! ?` ends one when the next word starts like a sentence, unless the word
before the stop is a known abbreviation or an initial. Text that is not such prose (all lower
case, no spaces after stops, no stops at all) would make one sentence of a whole article; a
"sentence" longer than MAX_SENTENCE_CHARS is cut at its stops, else at spaces.
"""

from __future__ import annotations

import re

from index.models import Span

# Words that end in a full stop without ending a sentence (compared lower-case, without the dot).
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen gens lt col sgt capt cmdr adm maj sen sens rep reps gov pres st jr sr
    no nos v vs etc inc corp co ltd jan feb mar apr jun jul aug sep sept oct nov dec mt ft rev hon
    est approx dept univ fig al i.e e.g a.m p.m u.s u.k u.n e.u d.c""".split()
)

MAX_SENTENCE_CHARS = 600  # news sentences run to 300 or so; beyond this, it is not prose
_LINE = re.compile(r"[^\r\n\u2028\u2029]+")  # \r alone ends a line too (old Mac files)
# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then whitespace.
_STOP = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s)")
_STARTER = re.compile(r"\s+[\"'\u201c\u2018(\[]?[A-Z0-9\u00c0-\u024f]")
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Return the sentence spans of text[start:end], trimmed of surrounding whitespace."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    for line in _LINE.finditer(text, start, end):
        s, e = line.span()
        spans.extend(_split_line(text, s, e))
    return spans


def _split_line(text: str, s: int, e: int) -> list[Span]:
    spans: list[Span] = []
    cursor = s
    for stop in _STOP.finditer(text, s, e):
        boundary = stop.end()
        if not _STARTER.match(text, boundary, e):
            continue
        if text[stop.start()] == "." and _is_abbreviation(text, cursor, stop.start()):
            continue
        spans.append((cursor, boundary))
        cursor = boundary
    spans.append((cursor, e))
    out: list[Span] = []
    for a, b in spans:
        if b - a > MAX_SENTENCE_CHARS:
            out.extend(_cut_long(text, a, b))
        else:
            out.append((a, b))
    return [t for t in (_trim(text, a, b) for a, b in out) if t is not None]


def _cut_long(text: str, a: int, b: int) -> list[Span]:
    """An over-long span cut at every stop followed by a space (whatever comes next), and a
    piece still too long at the last space before the limit (or at the limit)."""
    pieces: list[Span] = []
    cursor = a
    for stop in _STOP.finditer(text, a, b):
        if text[stop.start()] == "." and _is_abbreviation(text, cursor, stop.start()):
            continue
        pieces.append((cursor, stop.end()))
        cursor = stop.end()
    pieces.append((cursor, b))
    out: list[Span] = []
    for s, e in pieces:
        while e - s > MAX_SENTENCE_CHARS:
            space = text.rfind(" ", s + 1, s + MAX_SENTENCE_CHARS)
            cut = space if space > s else s + MAX_SENTENCE_CHARS
            out.append((s, cut))
            s = cut
        out.append((s, e))
    return out


def _is_abbreviation(text: str, line_start: int, dot: int) -> bool:
    word = _word_before(text, line_start, dot)
    if not word:
        return False
    if len(word) == 1 and word.isupper():  # an initial: "J. Mansour"
        return True
    return word.lower().rstrip(".") in ABBREVIATIONS


def _word_before(text: str, line_start: int, dot: int) -> str:
    """The run of ASCII letters and dots ending at `dot`, from its first letter ("U.S" in
    "the U.S."). Scans back from the dot: a regex anchored at the dot would scan the line."""
    i = dot
    while i > line_start and text[i - 1] in _WORD_CHARS:
        i -= 1
    while i < dot and text[i] == ".":
        i += 1
    return text[i:dot]


def _trim(text: str, a: int, b: int) -> Span | None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if b > a else None
