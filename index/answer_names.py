"""Who and where: the roles, names and places a question may ask for, and whether a sentence
names one (the person and place kinds of index/answer_kind.py).

"Who heads South Korea's spy agency?", "which judge blocked...", "who beat Liz Cheney?" ask for a
person by name: two or more capitalised words ("Cho Tae-yong") or a title and a name, that is
not a body ("the U.N. General Assembly"), and where the question names a role, of that role and
that country ("North Korea's defense minister" is not "South Korea's Defense Minister Kim").
"Where did the troops land?" asks for a place by name after a word that says where. Search
also reads the names of two sentences here, to tell two facts from one (`names_left_out`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from index.aliases import CAPITALS, PREFIX
from index.terms import STOP_WORDS, tokens

# The roles whose holder a question may ask for by name.
_ROLE = (
    r"(?:minister|general|commander|spokes(?:man|woman|person)|ambassador|envoy|president|"
    r"leader|director|head|chief|secretary|lawmakers?|officials?|officer|governor|mayor|"
    r"chair(?:man|woman)?|premier|admiral|colonel|chancellor|commissioner|diplomat|"
    r"negotiator|representative|delegate|senator|politician|reporter|journalist|correspondent)"
)
# Roles that also name who did something ("what did the judge rule?", "what did the suspects
# steal?"): asked for by name only right after "which" / "what" ("which judge blocked...").
_DOER = (
    r"(?:judge|manager|ceo|executive|founder|owner|coach|captain|caddie|pilot|astronauts?|"
    r"suspects?|victims?|patients?|guard|gunman|shooter|attorney|lawyer|prosecutor|editor|"
    r"anchor|host|winner|successor|replacement|nominee|candidate)"
)
_ANY_ROLE = r"(?:" + _ROLE + r"|" + _DOER + r")"
# A verb of a deed in the past or present tense (not one of saying: "who said..." asks for words).
_DEED = (
    r"(?!(?:said|says|told|tells|stated|claimed|declared|noted|added|reported|wrote|is|was|"
    r"are|were|has|had)\b)"
    r"(?:\w+ed|won|wins|beat|beats|gave|took|got|broke|hit|shot|led|ran|stole|struck|sent|sold|"
    r"bought|scored|finished|became|fought|threw|caught|drove|built|made|paid|left|brought)"
)
ASKS_PERSON = re.compile(
    r"^\W*(?i:who) (?:heads|leads|commands|runs|chairs)\b|"
    # "Who is South Korea's defence minister?", "who's the south korean defense minister" (not
    # "Who is John Kirby?": that asks who he is)
    r"^\W*(?i:who)(?:'s|’s| is| was| are| were) (?:the |a |an )?(?:[\w.]+(?:'s|’s)? ){0,3}"
    r"(?:\w+ )?" + _ANY_ROLE + r"\b|"
    r"\b(?i:which|what) (?:[\w'’]+ ){0,2}" + _ROLE + r"\b|"
    r"\b(?i:which|what) " + _DOER + r"\b|"
    r"\b(?i:names?) of (?:\S+ ){0,5}" + _ANY_ROLE + r"\b|"
    # "who replaced musk as twitter ceo", "who took over as peru's president"
    r"^\W*(?i:who) (?:\S+ ){1,4}as (?:\S+ ){0,3}" + _ANY_ROLE + r"\b|"
    # A terse query: "Russian ambassador to South Korea name", "NIS director's name", "nikki
    # haley birth name", "judge presiding over dominion v fox", "jones lawyer who sent his texts"
    r"(?i:" + _ANY_ROLE + r"\b.{0,40}\bname)\W*$|"
    r"(?i:\b(?:birth|real|maiden|full|given) name)\W*$|"
    r"^\W*(?i:(?:\S+ ){0,2}" + _ANY_ROLE + r" (?:who|presiding|overseeing|in charge|leading)\b)|"
    # ...or ending in the role: "jackson ms mayor", "north korea defense minister" (six words at
    # most, none that asks about the holder rather than for a name: "tell me about the new
    # president", "statements by the president")
    r"^(?!\W*(?i:what|how|why|when|where|which|who|whose|did|does|do|is|are|was|were|will|can)\b)"
    r"(?=\W*(?:\S+\s+){0,5}\S+\s*$)"
    r"(?!(?i:.*\b(?:about|on|by|from|with|regarding|re|news|latest|updates?|tell|me|happened|"
    r"statements?|says?|said|summary|know|against)\b))"
    r"(?i:.*\b" + _ROLE + r")\W*$",
)
# Who did something, or whom someone did something to: "who beat Liz Cheney in the primary?",
# "who gave up Judge's 61st homer?", "who did McClellan beat?" (not "who said..." nor "who is
# John Kirby?": those ask for words or a description).
# "Who got arrested?" asks whom it was done to, as "who was arrested?" does: not for a doer.
_DONE_TO = r"(?:shot|hurt|caught|hit|paid|sent|struck|held|stuck|left|lost|cut|bit|hung|run over)"
ASKS_DOER = re.compile(
    r"^\W*(?i:who (?:did|does|will|would|has|have|had) \S|who (?!got (?:\w+(?:ed|en)|"
    + _DONE_TO
    + r")\b)"
    + _DEED
    + r"\b)"
)
_ROLE_WORD = re.compile(
    _ROLE + r"|(?:mr|mrs|ms|dr|gen|col|adm|lt|sgt)\.?|defen[cs]e|foreign|"
    r"deputy|vice|prime|state|national|security",
    re.IGNORECASE,
)
_QUALIFIER_WORDS = 4  # words before a role that may say whose it is
_WORD_REACH = 60  # characters read back for the word before a role (a search from each)
# "Twitter's", "U.N.", not a word of the clause before ("Speaking to reporters, Secretary...")
_WORD_BEFORE = re.compile(r"([\w.-]*\w)\.?(?:'s|’s)?[^\w,;:()]{0,2}$")
_OF_AFTER = re.compile(r"\s+(?:of|to|at|for)\s+(?:the\s+)?([\w-]+)")
# Words before a role that say when one holds it, not which role it is ("the new President").
# ...or how high it ranks ("the chief prosecutor" may be "ICC prosecutor Karim Khan").
_WHEN_IN_OFFICE = frozenset(
    "new former current interim acting outgoing incoming then chief top senior lead".split()
)
# Each capital with the first letters of the words of each of its names, itself included.
_PLACE_NAMES = tuple(
    (capital, tuple(frozenset(w[:PREFIX] for w in n.split()) for n in (capital, *names)))
    for capital, names in CAPITALS.items()
)
# First letters of the words of countries and capitals: "Korean" and "Russia's" are places.
_PLACES = frozenset(
    w[:PREFIX] for place, names in CAPITALS.items() for w in " ".join((place, *names)).split()
) - {"house", "union", "unite", "defen", "minis", "depar"}
_PLACE_WORDS = frozenset(
    w for place, names in CAPITALS.items() for w in " ".join((place, *names)).split()
) - {"house", "union", "united", "defense", "defence", "ministry", "department", "states"}
CALENDAR = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
)
# Two or more capitalised words ("Cho Tae-yong", "Dmitry Peskov", "Élisabeth Borne"), or a
# title and a name.
_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_CAPITALISED = f"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}{_LOWER}]+)?"
PERSON = re.compile(
    rf"\b{_CAPITALISED}(?: {_CAPITALISED})+|"
    rf"\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Adm|Lt|Sgt)\.? [{_UPPER}][{_LOWER}]+"
)
# ...which a person answers, or any one name doing a deed: "Argentina beat France", "Lula
# defeated Bolsonaro", "China called for a ceasefire" (not "Colombians will return to the polls").
DOER = re.compile(PERSON.pattern + rf"|\b{_CAPITALISED}(?= (?:has |have |had )?" + _DEED + r"\b)")
# The last word of a body's name, not a person's: "the U.N. General Assembly", "Security Council".
INSTITUTION = re.compile(
    r"(?:Assembly|Council|Committee|Commission|Staff|Office|Ministry|Department|Agency|Service|"
    r"Court|Parliament|Congress|Senate|House|Party|Union|Forces?|Army|Navy|Command|Group|"
    r"Institute|University|Center|Centre|News|Post|Times|Press|Bureau|Administration|"
    r"Directorate|Intelligence|Organi[sz]ation|Association|Foundation|Company|Corporation|"
    r"Bank|Fund|Board|Authority|Police|Guard|Embassy|Cabinet|Government|Republic|Federation|"
    r"Alliance|Coalition|Network|Club|Academy|College|Hospital|Corps|Division|Brigade|"
    r"Regiment|Battalion|Fleet)"
)
# "Where did the troops land?", "in which city...": a place by name after a word that says
# where ("landed in Vladivostok", "at Westminster Abbey", "from eastern Ukraine").
_PLACE_KIND = (
    r"(?:city|country|town|state|region|province|village|county|venue|stadium|school|site|"
    r"location|port|base|airport|hospital|prison)"
)
ASKS_PLACE = re.compile(
    r"^\W*(?:and )?where\b|\bwhere (?:is|was|are|were|did|does|do|will|has|have|had|can|could)\b",
    re.IGNORECASE,
)
# ...which "which school did coach Kennedy pray at?" asks for before a person.
# ("which state senator", "what country's president" ask for a person)
ASKS_PLACE_BY_KIND = re.compile(
    r"\b(?:which|what) " + _PLACE_KIND + r"\b(?!'s|’s| " + _ANY_ROLE + r"\b)",
    re.IGNORECASE,
)
PLACE = re.compile(
    r"\b(?:in|at|to|from|near|into|outside|inside|across|on|toward|towards|through|off|via|"
    r"around|between|and|of) (?:the |a )?(?:[a-z]+ )?[A-Z][\w'’.-]*"
)
# A word of a name, whole: "Kharkiv", "Bankman-Fried", "Élisabeth"; not "FBI", "TikTok" or
# "Mar-a-Lago" (whose "Mar" names nothing).
_NAME_WORD = re.compile(_CAPITALISED)
_WORD_CASED = re.compile(r"[^\W\d_][\w'’-]*")
# Two names are one when a word of one begins with the same letters as a word of the other:
# "Korea" / "Korean", "China" / "Chinese", "Iran" / "Iranian".
NAME_START = 4


def names_the_role(sentence: str, question: str) -> bool:
    """Whether sentence names the role the question asks about ("which general": "General
    Ivanov", not "Kyrylo Budanov, head of military intelligence"), and of the same country where
    both say ("North Korea's defense minister": not "South Korea's Defense Minister Kim") and of
    the same field ("education secretary", "twitter ceo"); true if the question names none."""
    asked = [
        (m.group().lower()[:5], _places_before(question, m.start()), _field(question, m))
        for m in re.finditer(_ANY_ROLE + r"\b", question, re.IGNORECASE)
    ]
    if not asked:
        return True
    for m in re.finditer(r"\w+", sentence):
        word = m.group().lower()[:5]
        for role, places, field in asked:
            if word == role:
                held = _places_before(sentence, m.start())
                if places and held and not places & held:
                    continue
                if field and _another_field(sentence, m.start(), m.end(), field):
                    continue  # "education secretary": not "Northern Ireland Secretary Lewis"
                return True
    return False


def _another_field(sentence: str, start: int, end: int, field: str) -> bool:
    """Whether the role at sentence[start:end] is said to be of a field other than the one asked
    about: "Northern Ireland Secretary", "Tesla CEO" (a country before it is weighed as a place;
    "President of Peru", "ambassador to the UN" say theirs after it)."""
    # A role written as a title ("said Secretary Cardona"), not in capitals ("its fifth CEO").
    title = sentence[start].isupper() and sentence[start + 1 : start + 2].islower()
    other = _qualifier(sentence, start, title=title)
    return (
        other is not None
        and other not in _PLACES
        and other != field
        and _of(sentence, end) != field
    )


def _qualifier(text: str, i: int, title: bool = False) -> str | None:
    """The first letters of the word right before text[i] that may say which of a role it is
    ("Education" before "Secretary", "Twitter" before "CEO"), None for a stop word, and for a
    lower-case word before a role written as a title ("said Secretary Cardona")."""
    m = _WORD_BEFORE.search(text, max(0, i - _WORD_REACH), i)
    if m is None or (title and m.group(1).islower()):
        return None
    word = m.group(1).replace(".", "").lower()
    return None if word in STOP_WORDS or word in _WHEN_IN_OFFICE else word[:PREFIX]


def _of(text: str, i: int) -> str | None:
    """The first letters of what a role ending at text[i] is of: "Peru" in "President of Peru",
    "UN" in "ambassador to the UN"."""
    m = _OF_AFTER.match(text, i)
    return m.group(1).lower()[:PREFIX] if m else None


def _field(question: str, role: re.Match[str]) -> str | None:
    """Which of a role a question asks about, unless it is a place (which `_places_before`
    weighs): what the role is of ("staff" in "trump's chief of staff", "education" in "biden's
    secretary of education"), else `_qualifier`: "education" in "who did Johnson name education
    secretary"."""
    of = _of(question, role.end())
    if of is not None and of not in _PLACES:
        return of
    field = _qualifier(question, role.start())
    return None if field is None or field in _PLACES else field


def _places_before(text: str, i: int) -> frozenset[str]:
    """The countries (as their capitals) that the few words before text[i] name: "South Korea's"
    before "defense minister", "Russia's" before "ambassador"."""
    prefixes = {w.lower()[:PREFIX] for w in re.findall(r"\w+", text[:i])[-_QUALIFIER_WORDS:]}
    return frozenset(
        capital for capital, names in _PLACE_NAMES if any(name <= prefixes for name in names)
    )


def names_someone(word: str) -> bool:
    """A capitalised word that may name someone or somewhere: not a title or role
    ("Secretary", "Defense"), a weekday or month, or a stop word that starts a clause."""
    return not (
        word.lower() in STOP_WORDS or _ROLE_WORD.fullmatch(word) or CALENDAR.fullmatch(word)
    )


def is_country(word: str) -> bool:
    """Whether a word is a country's or capital's name or its people's ("Russia", "Russian",
    "Seoul"; not "Philippe"): a name even where it starts a sentence."""
    word = word.lower()
    return word in _PLACE_WORDS or (word[-1:] == "n" and word[:-1] in _PLACE_WORDS)


def name_word(word: str) -> bool:
    """A word that may be part of a person's name: not a title ("Director"), a stop word that
    starts a sentence ("In"), a month or weekday ("June"), or a country or capital ("North
    Korea", "Russian")."""
    return not (
        word.lower() in STOP_WORDS
        or _ROLE_WORD.fullmatch(word)
        or CALENDAR.fullmatch(word)
        or word.lower()[:PREFIX] in _PLACES
    )


def names_left_out(a: str, b: str) -> bool:
    """Whether sentence a names someone or somewhere that sentence b does not mention (see
    `_mentions`). Where only one sentence names more ("President Joe Biden" / "Biden"), the
    two may still tell one fact: see `index.search.Searcher._same_fact`."""
    return any(not _mentions(b, name) for name in key_names(a))


def _mentions(sentence: str, name: tuple[str, ...]) -> bool:
    """Whether sentence mentions a name: a word begins as one of the name's words does, in any
    case ("Korean" mentions "Korea", "Biden" mentions "President Joe Biden", a headline's
    "Troops" is "troops"), unless the sentence names another that ends as it does and neither
    holds the other ("South Korea" does not mention "North Korea", nor "Joe Biden" "Hunter
    Biden")."""
    starts = {w.lower()[:NAME_START] for w in name}
    if not starts & _word_starts(sentence):
        return False
    last = name[-1].lower()[:NAME_START]
    alike = [
        theirs
        for other in key_names(sentence)
        if last in (theirs := {w.lower()[:NAME_START] for w in other})
    ]
    return not alike or any(theirs <= starts or starts <= theirs for theirs in alike)


@lru_cache(maxsize=4096)
def _word_starts(sentence: str) -> frozenset[str]:
    return frozenset(t[:NAME_START] for t in tokens(sentence))


@lru_cache(maxsize=4096)
def key_names(sentence: str) -> tuple[tuple[str, ...], ...]:
    """The names of a sentence past its first word: runs of capitalised words that may name
    someone or somewhere (not "Secretary" or "Monday"), remembered."""
    words = [
        m.group().removesuffix("'s").removesuffix("’s") for m in _WORD_CASED.finditer(sentence)
    ]
    named = [bool(_NAME_WORD.fullmatch(w)) and names_someone(w) for w in words]
    names: list[list[str]] = []
    for i, word in enumerate(words):
        if not named[i]:
            continue
        if i and named[i - 1]:
            names[-1].append(word)
        elif i or (len(named) > 1 and named[1]):  # a first word only if a name goes on: "Fox News"
            names.append([word])
    return tuple(map(tuple, names))
