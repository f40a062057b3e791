"""Who a sentence attributes a statement to: the claimant behind a reported figure.

Rule-based and deliberately narrow: a claimant is a capitalised name found through an attribution
cue in the same sentence ("X said", "X, the ..., confirmed that", "according to X", "..., said X",
"with X reporting", "X's estimate"). Titles are trimmed ("U.S. Defense Secretary Lloyd Austin" ->
"Lloyd Austin"), organisations keep their possessive ("South Korea's National Intelligence
Service"), and a capitalised group noun is allowed ("U.S. officials", "South Korean
intelligence"). A bare surname is expanded to the full name used elsewhere in the text ("Austin"
-> "Lloyd Austin"), and "he"/"she" is resolved to the last named person in the few sentences
before. Anything less certain gives None: a wrong name is worse than no name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.models import Span

_VERBS = (
    "said|says|say|stated|states|revealed|reveals|confirmed|confirms|told|tells|announced|"
    "announces|estimated|estimates|estimate|reported|reports|report|warned|warns|noted|notes|"
    "claimed|claims|added|adds|disclosed|discloses|mentioned|briefed|shared|explained|"
    "emphasized|emphasised|stressed|insisted|acknowledged|admitted|declared|corroborated|"
    "highlighted|believes|wrote|writes|predicted|projected|forecast|calculated|assessed|"
    "cautioned|argued|alleged|asserted|testified|tweeted|posted"
)
_PARTICIPLES = (
    "saying|stating|noting|adding|claiming|suggesting|revealing|confirming|warning|"
    "reporting|estimating|explaining|announcing|insisting|arguing"
)
_CUE = re.compile(rf"\b(?:(?P<verb>{_VERBS})|(?P<part>{_PARTICIPLES}))\b")
# Cue words that are nouns as often as verbs; read as verbs only before what a claim starts with.
_NOUN_OR_VERB = frozenset("reports report estimates estimate claims notes states".split())
_ACTION_OR_CLAIM = frozenset(("added", "adds"))
_FIGURE_NEXT = re.compile(r"\s+(?:about |some |nearly |almost |more than |over )?[$£€]?\d")
_VERB_USE = re.compile(r" (?:that|some|about|around|up to|at least|more than|nearly|\$?\d)")
_ACCORDING = re.compile(r"\b[Aa]ccording to (?:the )?")
_POSSESSIVE_CUE = re.compile(
    r"(?P<name>[A-Z][\w.-]*(?: [A-Z][\w.-]*)*)['’]s (?:own )?"
    r"(?:estimate|estimates|figures|data|count|tally|assessment|calculations?)\b"
)
# Words skipped between a subject and its verb: "Zelenskyy had earlier disclosed".
_BETWEEN = frozenset(
    """has have had also earlier recently first later previously further then now reportedly
    publicly officially separately again already has been once initially""".split()
)
_GROUP_NOUNS = frozenset(
    """officials intelligence lawmakers sources authorities officers prosecutors police analysts
    diplomats government ministry military media researchers scientists economists
    spokesman spokeswoman spokesperson estimates firefighters rescuers investigators
    witnesses organizers organisers doctors""".split()
)
# Lower-case words that may qualify a group claimant: "local officials", "the health ministry".
_GROUP_MODIFIERS = frozenset(
    """local state federal provincial regional city county municipal national health interior
    defense defence foreign finance economy government military security rescue emergency fire
    hospital senior top other western european israeli palestinian u.s. us""".split()
)
# Lower-case bodies that speak as one, named with "the": "the hurricane center said".
_LOWER_BODIES = frozenset(
    "center centre service agency office department bureau commission institute".split()
)
# Words after which "the X" is an object, not a subject: "shared with the media said".
_OBJECT_BEFORE = frozenset("with to from by for of about at on in into against".split())
# How an appositive describing a speaker starts: "John Kirby, the White House spokesman, said".
_DESCRIBES = re.compile(r"(?:the|a|an|his|her|its|their|our|who|which|\w+['’]s|former|chief)\b")
_NOT_MODIFIERS = frozenset("of in on at to for from by with and or number share rest most".split())
# Words before a lower-case group that end the clause before it: "..., police said".
_CLAUSE_END = frozenset(("the", "The", "and", "but"))
# A report-like head that stands for its author: "The UN Security Council meeting highlighted".
_REPORT_NOUNS = frozenset("meeting report statement briefing study survey data".split())
# Titles before a name; abbreviated ranks run together ("Maj. Gen. Pat Ryder", "Lt. Gov. Sylvia
# Luke") and each must be known, or "according to Maj. Gen. Pat Ryder" stops at "Maj".
_TITLES = frozenset(
    """President Secretary Minister Ambassador Director Spokesman Spokeswoman Spokesperson Chairman
    Chairwoman Chief Dr. Dr Mr. Mr Mrs. Mrs Ms. Ms Gen. General Adm. Admiral Lt. Col. Colonel
    Sen. Senator Rep. Representative Governor Gov. Mayor Commander CEO Premier Chancellor King
    Queen Prince Pope Professor Prof. Judge Justice Officer Head Leader Envoy Sgt. Capt. Maj.
    Brig. Cpl. Pvt. Cmdr. Rear Sens. Reps. Rev. Msgr. Supt. Det. Insp. Atty.""".split()
)
# Lower-case roles between an organisation and its person: "Ford spokeswoman Emma Bergg".
_ROLES = frozenset(
    """spokesman spokeswoman spokesperson press secretary meteorologist analyst economist counsel
    attorney professor director chief""".split()
)
_PRONOUNS = frozenset({"he", "she", "He", "She"})
# Capitalised words that are never a claimant nor part of one: sentence openers, pronouns,
# number words, days and months ("But Powell said", "She said", "on Wednesday announced").
_WHEN_TAIL = re.compile(
    r",?\s+(?:on |last |this |early |late )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday"
    r"|Sunday)(?: (?:morning|afternoon|evening|night))?,?$"
)
_INITIALS_END = re.compile(r"(?:^|\s)(?:[A-Z]\.){2,}$")
_NOT_A_NAME = frozenset(
    """But And Or So Yet While Though Although As In Among An A If When After Before Since On
    At For With By Of From To Also However Meanwhile Still Instead Now Then Last This That These
    Those Some Many Most Other Both Each Every All Such How What Why Where Who Which He She It
    They We I You His Her Its Their Our One Two Three Four Five Six Seven Eight Nine Ten Monday
    Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December""".split()
)
# A pronoun's or an adverb's contraction opens a clause and is never a name: "It's estimated",
# "That's", "There's", "Here's", "What's" (a name's "'s" is its possessive: "Russia's").
_CONTRACTION = re.compile(r"(?:It|That|This|There|Here|What|Who|Where|How|When|Why|He|She)['’]s")
_POSSESSIVE_END = re.compile(r"['’]s$")
# Lower-case words after a name's "'s" that make it a body that tells: "the governor's office".
_BODIES = frozenset("office agency department army staff command administration service".split())
_BODY_WORDS = 2  # "Russia's defense ministry"
_CLAUSE_WORDS = frozenset("what who which that how why when where".split())
_NAME_TOKEN = re.compile(r"[A-Z][\w.’'-]*|\([A-Z]{2,}\)|of|for|and|de|al|bin|van|von")
_TITLED = re.compile(
    r"\b(?:" + "|".join(re.escape(t) for t in _TITLES) + r") [A-Z][a-z]+(?: [A-Z][\w-]+){1,2}"
)
_NOT_GIVEN = _TITLES | frozenset(
    "The A An In On At By For Of And But Defense Defence Foreign Deputy Vice Prime".split()
)
_ORG_WORDS = frozenset(
    """Service Ministry Council House Post Times News Agency Department Office Directorate Army
    Forces Force Committee Bank Fund Commission Intelligence Institute University Group Fed
    Reserve Government Police Court Party Senate Congress Parliament Kremlin Pentagon
    Staff""".split()
)


class Attributor:
    """Find claimants in one text; remembers the people it has named to resolve pronouns."""

    def __init__(self, text: str, sentences: Sequence[Span]) -> None:
        self.text = text
        self.sentences = sorted(sentences)
        self._people: list[str] | None = None
        self._building = False
        self._expanded: dict[tuple[str, bool, int], str] = {}
        # Each sentence's cues, read once: a long "sentence" (a list without stops) holds many
        # figures and many cues, and reading its cues anew for each figure takes seconds.
        self._sentence_cues: dict[Span, list[tuple[int, str | None]]] = {}

    def claimant(self, sentence: Span, position: int) -> str | None:
        """The claimant for a figure at `position` inside `sentence`, or None."""
        self.people()  # pronouns and surnames resolve against the people named in the text
        cues = self._sentence_cues.get(sentence)
        if cues is None:
            cues = self._sentence_cues[sentence] = self._cues(sentence)
        before = [c for c in cues if c[0] <= position]
        after = [c for c in cues if c[0] > position]
        # The nearest attribution before the figure wins; "..., Austin said." comes after it.
        for _, name in [*reversed(before), *after]:
            if name:
                return name
        return None

    def _cues(self, sentence: Span) -> list[tuple[int, str | None]]:
        s, e = sentence
        found: list[tuple[int, str | None]] = []
        for m in _ACCORDING.finditer(self.text, s, e):
            found.append((m.start(), self._finish(self._phrase_after(m.end(), e), m.start())))
        for m in _POSSESSIVE_CUE.finditer(self.text, s, e):
            found.append((m.start(), self._finish(m.group("name"), m.start())))
        for m in _CUE.finditer(self.text, s, e):
            found.append((m.start(), self._subject(sentence, m)))
        return sorted(found, key=lambda c: c[0])

    def _subject(self, sentence: Span, cue: re.Match[str]) -> str | None:
        s, e = sentence
        if cue.group(0) in _NOUN_OR_VERB and not _VERB_USE.match(self.text, cue.end(), e):
            return None  # "Intelligence reports indicate ..." is a noun, not a claim
        if cue.group(0) in _ACTION_OR_CLAIM and _FIGURE_NEXT.match(self.text, cue.end(), e):
            return None  # "Employers added 300,000 jobs" did it; "he added" would be a claim
        left = self.text[s : cue.start()]
        words = left.split()
        while words and words[-1] in _BETWEEN:
            words.pop()
        stripped = _WHEN_TAIL.sub("", " ".join(words))  # "DeWine on Wednesday announced"
        if words and words[-1] in _PRONOUNS:
            return None if self._building else self._resolve_pronoun(s + len(left))
        if stripped.endswith(","):
            appositive = _appositive_subject(stripped)
            if appositive is not None:
                return self._finish(appositive, cue.start())
        phrase = _phrase_before(stripped)
        if phrase:
            return self._finish(phrase, cue.start())
        if cue.group("part") or stripped.rstrip().endswith((",", "”", '"')):
            # "..., noting that" speaks for the sentence's subject; "...,” said Austin" inverts.
            after = self._phrase_after(cue.end(), e) if cue.group("verb") else None
            return self._finish(after or _phrase_after_text(self.text[s:e], 0), cue.start())
        return None

    def _phrase_after(self, start: int, end: int) -> str | None:
        return _phrase_after_text(self.text[start:end], 0)

    def _finish(self, phrase: str | None, position: int) -> str | None:
        if not phrase:
            return None
        name = _trim(phrase)
        if name and " " not in name and name not in _GROUP_NOUNS:
            name = self._expand(name, position)
        return name or None

    def _expand(self, surname: str, position: int) -> str:
        """Full name for a bare surname, from its first full mention in the text."""
        # Each search scans the whole text: remember the answer, or a long article with many
        # attributions takes time quadratic in its length.
        key = (surname, self._building, len(self._people or []))
        if key not in self._expanded:
            self._expanded[key] = self._expand_uncached(surname)
        return self._expanded[key]

    def _expand_uncached(self, surname: str) -> str:
        if surname in _ORG_WORDS or surname.isupper():  # "the Fed" is not "St. Louis Fed"
            return surname
        for person in self._people or []:
            parts = person.split()
            if len(parts) > 1 and surname in (parts[0], parts[-1]):
                return person
        name = re.escape(surname)
        for m in re.finditer(rf"\b([A-Z][a-z]+) {name}\b", self.text):
            if m.group(1) not in _NOT_GIVEN | _NOT_A_NAME:
                return f"{m.group(1)} {surname}"
        # Korean and Chinese names put the family name first: "Cho Tae-yong".
        given = re.search(rf"\b{name} ([A-Z][a-z]+-[a-z]+)\b", self.text)
        return f"{surname} {given.group(1)}" if given else surname

    def people(self) -> list[str]:
        """Person-like names the text attributes statements to or gives a title."""
        if self._people is None:
            self._people, self._building = [], True
            found = [n for sent in self.sentences for _, n in self._cues(sent)]
            self._building = False
            found += [_trim(m.group(0)) for m in _TITLED.finditer(self.text)]
            for name in found:
                if name and _looks_like_person(name) and name not in self._people:
                    self._people.append(name)
        return self._people

    def _resolve_pronoun(self, position: int) -> str | None:
        window_start = position
        for s, _ in self.sentences:
            if s <= position:
                window_start = s
        earlier = [s for s, _ in self.sentences if s < window_start][-3:]
        start = earlier[0] if earlier else window_start
        context = self.text[start:position]
        best: tuple[int, str] | None = None
        for person in self.people():
            parts = person.split()
            for form in {person, parts[0], parts[-1]}:
                for m in re.finditer(rf"\b{re.escape(form)}\b", context):
                    if best is None or m.start() > best[0]:
                        best = (m.start(), person)
        return best[1] if best else None


def _phrase_before(left: str) -> str | None:
    """The capitalised phrase that ends `left`, e.g. "... Ukrainian officials" -> that phrase."""
    tokens = left.split(" ")
    picked: list[str] = []
    if tokens and tokens[-1] in _REPORT_NOUNS:
        tokens.pop()
    if tokens and tokens[-1] in _GROUP_NOUNS and len(tokens) > 1 and tokens[-2][:1].isupper():
        picked.append(tokens.pop())
    while tokens and _NAME_TOKEN.fullmatch(tokens[-1]):
        picked.append(tokens.pop())
    picked.reverse()
    while picked and not picked[0][:1].isupper():  # no dangling "of"/"and" at the start
        picked.pop(0)
    if not picked or not any(t[:1].isupper() for t in picked):
        return _lower_group_before(left.split(" "))
    if tokens and tokens[-1] in ("in", "from") and len(tokens) > 1:
        # "Authorities in Haiti said", "the weather service in Jackson said": the group speaks,
        # the place says which; "the office in Oklahoma confirmed": the place is not who said
        # it; "a statement from Iberostar said": Iberostar did.
        group = tokens[-2]
        if group.lower() in _GROUP_NOUNS:
            return f"{group} {tokens[-1]} {' '.join(picked)}"
        body = _lower_group_before(tokens[:-1])
        if body is not None:
            return f"{body} {tokens[-1]} {' '.join(picked)}"
        return " ".join(picked) if tokens[-1] == "from" else None
    return " ".join(picked)


def _lower_group_before(tokens: list[str]) -> str | None:
    """A lower-case group that starts its clause: "..., police", "..., the health ministry",
    "the weather service" (after "the", any two words may name the body)."""
    if not tokens or tokens[-1] not in _GROUP_NOUNS | _LOWER_BODIES:
        return None
    cut = len(tokens) - 1
    while cut > 0 and len(tokens) - cut <= 2 and tokens[cut - 1] in _GROUP_MODIFIERS:
        cut -= 1
    if cut and tokens[cut - 1] not in ("the", "The"):
        for lead in range(cut - 1, max(cut - 3, 0), -1):  # "the hurricane center"
            if tokens[lead - 1] in ("the", "The") and all(
                t.isalpha() and t.islower() and t not in _NOT_MODIFIERS for t in tokens[lead:cut]
            ):
                cut = lead
                break
    if cut and not (tokens[cut - 1].endswith(",") or tokens[cut - 1] in _CLAUSE_END):
        return None  # "as officials", "the number of officials": not where a claim starts
    if cut > 1 and tokens[cut - 1] in ("the", "The") and tokens[cut - 2] in _OBJECT_BEFORE:
        return None  # "information with the media said": the media are not who said it
    if tokens[-1] in _LOWER_BODIES and (
        not cut or tokens[cut - 1] not in ("the", "The") or cut == len(tokens) - 1
    ):
        return None  # "..., service said", "the agency said": a body is named, with "the"
    return " ".join(tokens[cut:])


def _lower_group_after(tokens: list[str]) -> str | None:
    """A lower-case group at the start of `tokens`: "police.", "local officials,"; for
    "estimates from PowerOutage.us", who made them."""
    picked: list[str] = []
    for at, token in enumerate(tokens[:3]):
        bare = token.rstrip(",.;:")
        if bare in _GROUP_NOUNS:
            rest = tokens[at + 1 :]
            if bare == token and rest and rest[0] in ("from", "by", "of"):
                return _phrase_after_text(" ".join(rest[1:]), 0)
            return " ".join([*picked, bare])
        if bare != token or bare not in _GROUP_MODIFIERS:
            return None
        picked.append(bare)
    return None


def _phrase_after_text(right: str, start: int) -> str | None:
    tokens = right[start:].split()
    while tokens and tokens[0] in ("-", "–", "•", "the", "The", "“", '"'):
        tokens.pop(0)
    picked: list[str] = []
    for at, token in enumerate(tokens):
        bare = token if re.fullmatch(r"(?:[A-Z]\.)+", token) else token.rstrip(",.;:")
        named = _name_after_role(tokens, at) if picked and token in _ROLES else None
        if named:  # "according to Pentagon press secretary Maj. Gen. Pat Ryder"
            return named
        if _NAME_TOKEN.fullmatch(bare) or (bare in _GROUP_NOUNS and picked):
            if token in _TITLES and bare != token:  # "Hawaii Gov. Josh Green": not its end
                picked.append(token)
                continue
            picked.append(bare)
            if bare != token or bare in _GROUP_NOUNS:
                break
        else:
            break
    while picked and not picked[-1][:1].isupper() and picked[-1] not in _GROUP_NOUNS:
        picked.pop()
    if picked and _POSSESSIVE_END.search(picked[-1]):
        return _whose_body(picked, tokens[len(picked) :])
    return " ".join(picked) or _lower_group_after(tokens)


def _whose_body(picked: list[str], rest: list[str]) -> str:
    """A name's body that tells: "Russia's defense ministry", "the Attorney General's office";
    the name as written if none follows ("Russia's data")."""
    for at, token in enumerate(rest[:_BODY_WORDS]):
        bare = token.rstrip(",.;:")
        if not bare.isalpha() or not bare.islower() or bare in _CLAUSE_WORDS:
            break  # "That's what officials hope": no body
        if bare in _GROUP_NOUNS or bare in _BODIES:
            return " ".join([*picked, *(t.rstrip(",.;:") for t in rest[: at + 1])])
        if bare != token:
            break
    return " ".join(picked)


def _name_after_role(tokens: list[str], at: int) -> str | None:
    """The person named after an organisation's role at tokens[at:]: "[GM] spokesman Jim Cain",
    "[White House] press secretary Karine Jean-Pierre" -> the person, not the organisation."""
    end = at
    while end < len(tokens) and end - at < 3 and tokens[end] in _ROLES:
        end += 1
    if end == at or end == len(tokens) or not tokens[end][:1].isupper():
        return None
    if tokens[end].rstrip(",.;:") in _NOT_A_NAME:  # "said Ford spokeswoman Monday"
        return None
    return _phrase_after_text(" ".join(tokens[end:]), 0)


def _appositive_subject(stripped: str) -> str | None:
    """ "John Kirby, the White House spokesman," -> "John Kirby"."""
    body = stripped[:-1]
    comma = body.rfind(",")
    if comma < 0:
        return None
    inner = body[comma + 1 :].strip()
    if not inner or (inner[:1].isupper() and not inner.startswith(("The ", "A "))):
        return None
    if inner[:1].islower() and not _DESCRIBES.match(inner):
        return None  # "In Kansas, eight people died, said ...": a clause, not who said it
    return _phrase_before(body[:comma])


def _trim(phrase: str) -> str:
    tokens = [t for t in phrase.split() if not re.fullmatch(r"\([A-Z]{2,}\)", t)]
    # A sentence's first word is capitalised whatever it is: "But Powell", "While Powell".
    while tokens and (tokens[0] in ("The", "the", "-") or _not_a_name(tokens[0])):
        tokens.pop(0)
    while tokens and _not_a_name(tokens[-1].strip(",.;:")):  # "DeWine on Wednesday"
        tokens.pop()
    # The name follows the last title before its final word: "Gov. Jim Justice" is Jim
    # Justice, though "Justice" is a title too ("Chief Justice John Roberts").
    cut = max((i for i, t in enumerate(tokens[:-1]) if t in _TITLES), default=-1)
    # Not "Chief Justice", nor a body named by a title ("Ukraine's General Staff").
    if cut >= 0 and not all(t in _TITLES or t in _ORG_WORDS for t in tokens[cut + 1 :]):
        tokens = tokens[cut + 1 :]
    name = " ".join(tokens).strip(" ,;:")
    # A final stop goes, unless it ends initials ("U.N.", "U.S."), which keep all theirs.
    return name if _INITIALS_END.search(name) else name.rstrip(".")


def _not_a_name(token: str) -> bool:
    return token in _NOT_A_NAME or bool(_CONTRACTION.fullmatch(token))


def _looks_like_person(name: str) -> bool:
    parts = name.split()
    return (
        2 <= len(parts) <= 3
        and all(p[:1].isupper() for p in parts)
        and not any(p in _ORG_WORDS or p.endswith(("'s", "’s", ".")) for p in parts)
        and not any(p in ("North", "South", "East", "West", "United", "New") for p in parts)
        and not any(p in _NOT_A_NAME for p in parts)
    )
