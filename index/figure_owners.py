"""Whose a reported quantity is: the company, country or people it belongs to, when its sentence
says so plainly.

"Microsoft announced 10,000 job cuts" and "Meta announced 11,000 job cuts" count the same kind of
thing but not the same thing, so figure lookup never groups figures of different owners
(index/figure_lookup.py): two companies' cuts must not read as outlets disagreeing about one
number. An owner is read narrowly; a figure with none is never split off for it:

- a name in what is counted: "12,000 North Korean soldiers" -> North Korean;
- else the name that does what the number ends: "Microsoft announced 10,000", "North Korea plans
  to send a total of 10,000", "Google's 12,000". Not one that says it ("Kirby said 3,000 troops":
  a claimant, and claimants may well disagree), nor one after a preposition ("flooding in
  Kentucky killed 37"), nor one in another clause ("Pichai said that 12,000...").
- else the place the sentence opens with, as the frame of what follows: a list item's label
  ("• Kansas: Three people have died", in a list of each state's toll) or "In Kentucky, three
  people died", up to a clause that turns to a name of its own ("..., while Afghanistan
  reported 33 dead").

A leader or a company head acts for the body they head: where an article ties a person to a
body by a title ("Russian President Vladimir Putin", "Twitter CEO Elon Musk", "Andy Jassy,
Amazon's chief executive"), that person's figures in it are the body's too (`ties`, `tied`):
"Putin announced 300,000 reservists" and "the Kremlin has mobilized 300,000" are one owner's.
A person tied to two bodies, or a body that may be no name, ties nothing.
"""

from __future__ import annotations

import re

from index.aliases import aliases
from index.answer_names import NAME_START, is_country, names_someone

Owner = tuple[str, ...]

_WORD = re.compile(r"[^\W\d_][\w'’&.-]*")
_NAME_WORD = re.compile(r"[A-Z][a-z][\w&.-]*")  # "Microsoft", "Tae-yong"; not "CEO"
_POSSESSIVE = re.compile(r"['’]s$")
# What ends the clause whose subject may own a number: "Pichai said that about 12,000...".
_CLAUSE_BREAK = re.compile(
    r"[,;:()\[\]\"“”—–]|\b(?i:that|which|who|whom|whose|where|when|while|whereas|and|but|or|"
    r"because|if|since|after|before|until|although|though|with|according)\b"
)
# Verbs by which a name tells or guesses a number rather than owns it.
_SAYING = frozenset(
    """said says say told tells stated states estimated estimates estimate reported reports
    report show expects expected expect predicted predicts forecast forecasts projected projects
    believes believe thinks think claimed claims warned warns noted notes added adds revealed
    reveals cited cites citing saying showed shows found finds counted counts
    put puts tallied recorded listed""".split()
)
_PREPOSITIONS = frozenset(
    """of in on at to from for by into onto near over across through with within between among
    against toward towards via per under around outside inside""".split()
)
_MAX_BETWEEN = 8  # words between an owner and its number: "plans to send a total of"
# Titles of a head of state or government or of a company: who holds one acts for the body.
_HEAD = (
    r"(?i:president|prime minister|premier|chancellor|supreme leader|leader|ceo|"
    r"chief executive(?: officer)?|chair(?:man|woman)?|owner)"
)
# Up to three capitalised words on one line, in one sentence: no stops, single spaces.
_NAMES = r"[A-Z][\w&'’-]*(?: [A-Z][\w&'’-]*){0,2}"
# "Russian President Vladimir Putin"; "Andy Jassy, Amazon's chief executive"; "Vladimir Putin,
# the Russian president" (not "Peskov, the Russian president's spokesman").
_TITLE_BEFORE = re.compile(rf"(?P<body>{_NAMES}) {_HEAD} (?P<person>{_NAMES})")
_TITLE_AFTER = re.compile(
    rf"(?P<person>{_NAMES}), (?:the (?P<of>{_NAMES})|(?P<owns>{_NAMES})['’]s) {_HEAD}\b(?!['’])"
)
# Capitalised words before a title that say which holder, not which body: "Former President".
_NOT_A_BODY = frozenset(
    """Former Then Acting Interim Late Outgoing Incoming New Ousted Exiled Founding Current
    Longtime Deposed Embattled Billionaire""".split()
)
_SENTENCE_END = re.compile(r"(?:^|[.!?:\n])[\"'“”‘’(\s]*$")
_OPENING = 8  # characters read back for the stop before a body: quotes and spaces

# A sentence's opening frame: a list item's label, or "In <place>," ("In north-central Kansas,",
# "And in Ohio,").
_FRAME = re.compile(
    rf"\s*(?:[•·▪*]\s*(?P<label>{_NAMES})(?:, [A-Z]{{2}})?:"
    r"|(?:(?:And|But|Meanwhile,?) in|In) "
    r"(?:(?:north|south|east|west)(?:ern|-central|east|west)?\s+)?"
    rf"(?P<opening>{_NAMES}),)\s"
)
# Labels of list items that are no place: "• Update: ...", "• Note: ...".
_NOT_A_PLACE = frozenset(
    """Update Updates Note Notes Editor Correction Related Read Watch Video Photos Opinion
    Analysis Background Context Timeline Source Sources What Why How Who When Where Total
    Overall Breaking Latest More Also Plus Meanwhile""".split()
)

# A clause that turns to another subject: "In Pakistan, 1,000 died, while Afghanistan reported 200".
# "... 330,000 customers were out of power and in Florida, more than 1.4 million".
_CONTRAST = re.compile(
    r"[;—–]|\b(?:while|whereas|but|meanwhile)\b|,\s+and\b|\band\s+in\b", re.IGNORECASE
)

Tie = tuple[frozenset[str], Owner]  # a person's name words, and the body they head


def owner(sentence: str, at: int, what: str | None, before: str = "") -> Owner | None:
    """Whose the number at sentence[at:] is, as the words of a name, or None if not plain.
    `before` is the text before the sentence (see `_alone_inside`)."""
    return _named(what or "") or _subject(sentence, at, before) or _framed_by(sentence, at)


def _framed_by(sentence: str, at: int) -> Owner | None:
    """The place a sentence opens with as the frame of what follows, when the number comes
    after it: a list item's label ("• Kansas: Three people have died ...", "• Washington, DC:
    ...") or an opening "In Kentucky, three people died ..."; not "Update:" or "In 2003,"."""
    m = _FRAME.match(sentence)
    if m is None or m.end() > at or _turns_to_another(sentence, m.end(), at):
        return None
    words = _names(m.group("label") or m.group("opening"))
    if not words or any(not _is_name(w) or w in _NOT_A_PLACE for w in words):
        return None
    return tuple(words)


def _turns_to_another(sentence: str, start: int, at: int) -> bool:
    """Whether, between a frame and a number, a clause turns to a name of its own: "In
    Pakistan, 1,000 died, while Afghanistan reported 200 injured" (Afghanistan's 200), not
    "In Kentucky, Gov. Andy Beshear said 37 died" (Kentucky's)."""
    turns = list(_CONTRAST.finditer(sentence, start, at))
    return bool(turns) and any(_is_name(w) for w in _words(sentence[turns[-1].end() : at]))


def same_owner(a: Owner, b: Owner) -> bool:
    """Whether two owners may be one: the words of one begin as the other's do ("North Korea"
    and "North Korean", "Hurricane Ian" and "Ian"; not "South Korea" and "North Korea"), or
    one is a capital that stands for the other ("Moscow" and "Russia")."""
    forms_a, forms_b = _forms(a), _forms(b)
    return any(x <= y or y <= x for x in forms_a for y in forms_b)


def ties(text: str) -> list[Tie]:
    """The people an article names with the title of a body's head, each with that body;
    a person it ties to two bodies that are not one ("Tesla CEO Elon Musk", "Twitter owner
    Elon Musk") is tied to neither."""
    found: list[Tie] = []
    for m in _TITLE_BEFORE.finditer(text):
        person = _names(m.group("person"))[: _first_not_a_name(m.group("person"))]
        found += _tie(text, person, m.group("body"), m.start("body"))
    for m in _TITLE_AFTER.finditer(text):
        person = _names(m.group("person"))[_last_not_a_name(m.group("person")) :]
        body = "of" if m.group("of") else "owns"
        found += _tie(text, person, m.group(body), m.start(body))
    return [
        (person, body)
        for person, body in found
        if all(same_owner(body, other) for names, other in found if names & person)
    ]


def tied(name: Owner, known: list[Tie]) -> tuple[Owner, ...]:
    """A name, and the body the article ties it to if any ("Putin": also "Russian")."""
    return (name, *(body for person, body in known if set(name) <= person))


def _tie(text: str, person: list[str], body: str, at: int) -> list[Tie]:
    """A person's name words and the body named at text[at:] beside their title, as its name
    words next to the title ("Facebook parent Meta CEO": Meta); none if either has no name or
    the body is a word that qualifies the holder ("Former President"). A word that starts a
    sentence is no body unless it stands alone inside one ("Although President Joe Biden")."""
    words = _names(body)
    cut = _last_not_a_name(body)
    starts = _SENTENCE_END.search(text, max(0, at - _OPENING), at) is not None
    if cut == 0 and words and starts and not _alone_inside(words[0], text, ""):
        cut = 1
    owner = tuple(words[cut:])
    if not person or not owner or (len(owner) == 1 and owner[0] in _NOT_A_BODY):
        return []
    return [(frozenset(person), owner)]


def _names(text: str) -> list[str]:
    return [_POSSESSIVE.sub("", w) for w in _words(text)]


def _first_not_a_name(text: str) -> int:
    words = _words(text)
    return next((i for i, w in enumerate(words) if not _is_name(w)), len(words))


def _last_not_a_name(text: str) -> int:
    """Where the name words that end text start."""
    words = _words(text)
    return next((i for i in range(len(words), 0, -1) if not _is_name(words[i - 1])), 0)


def _forms(name: Owner) -> list[frozenset[str]]:
    """The first letters of a name's words, and of each name its capital stands for."""
    forms = [frozenset(w.lower()[:NAME_START] for w in name)]
    if len(name) == 1:
        forms += [frozenset(w[:NAME_START] for w in alias) for alias in aliases(name[0])]
    return forms


def _named(what: str) -> Owner:
    """The name in what a figure counts, before any preposition: "North Korean soldiers",
    not "troops near Ukraine's border" (that says where)."""
    words = _words(what)
    cut = next((i for i, w in enumerate(words) if w.lower() in _PREPOSITIONS), len(words))
    return tuple(_POSSESSIVE.sub("", w) for w in words[:cut] if _is_name(w))


def _subject(sentence: str, at: int, before: str) -> Owner | None:
    """The name that is the subject of the clause ending at a number, if plainly one."""
    breaks = list(_CLAUSE_BREAK.finditer(sentence, 0, at))
    start = breaks[-1].end() if breaks else 0
    words = _words(sentence[start:at])
    last = max((i for i, w in enumerate(words) if _is_name(w)), default=None)
    if last is None:
        return None
    first = last
    while first and _is_name(words[first - 1]):
        first -= 1
    between = words[last + 1 :]
    possessive = _POSSESSIVE.search(words[last]) is not None
    if (
        (not between and not possessive)  # "Nearly 30", "Overall 12%": no verb, no owner
        or len(between) > _MAX_BETWEEN
        or any(w.lower() in _SAYING for w in between)
        or _after_preposition(words[:first])
    ):
        return None
    name = tuple(_POSSESSIVE.sub("", w) for w in words[first : last + 1])
    if first == 0 and len(name) == 1 and not _words(sentence[:start]):  # it starts the sentence
        # a country needs no proof that it is a name: "Russia has called up 300,000"
        alone = is_country(name[0]) or _alone_inside(name[0], sentence, before)
        return name if alone else None
    return name


def _alone_inside(word: str, sentence: str, before: str) -> bool:
    """Whether a word that starts a sentence is a name by itself elsewhere, inside a sentence:
    "Amazon" ("shares of Amazon fell"), not "Employers", nor "New" ("in New York")."""
    inside = re.compile(rf"[a-z,]\s+{re.escape(word)}\b(?!\s+[A-Z])")
    return inside.search(sentence) is not None or inside.search(before) is not None


def _after_preposition(words: list[str]) -> bool:
    """Whether a preposition comes just before a name, or a word before it: "in the South",
    "of Colorado", "in western Ukraine"."""
    return any(w.lower() in _PREPOSITIONS for w in words[-2:])


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _is_name(word: str) -> bool:
    word = _POSSESSIVE.sub("", word)
    return _NAME_WORD.fullmatch(word) is not None and names_someone(word)
