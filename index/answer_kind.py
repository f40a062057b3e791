"""What kind of answer a question's wording asks for, and whether a sentence holds one.

"How many ..." asks for a quantity, "how much ... paying" for a sum of money, "how long" for a
span of time or length, "how fast" for a speed, "how old" for an age, "when ..." for a date,
"how likely ..." for words that weigh a chance, "what did X say ..." for words said, "who heads
..." / "who beat ..." / "which general ..." for a name, "where ..." for a place. A quote none of
whose sentences closest to the question holds such an expression cannot answer it, however close
it is in words or meaning ("When did Kim visit Moscow?" against a sentence on their ties with no
date in it), so search withholds the answer (index/search.py, `Searcher._judge`). An expression
the question itself states ("Lipetsk-2", "Lee Seong Kweun") does not count as an answer.
"""

from __future__ import annotations

import re

from index.answer_names import (
    ASKS_DOER,
    ASKS_PERSON,
    ASKS_PLACE,
    ASKS_PLACE_BY_KIND,
    CALENDAR,
    DOER,
    INSTITUTION,
    PERSON,
    PLACE,
    name_word,
    names_someone,
    names_the_role,
)
from index.terms import PERSON_NOUNS, STOP_WORDS, stem

# Words that say what form the answer takes or how it was given, not what it is about: an
# answer need not repeat them ("what figure did the intelligence chief give for..." is answered
# by "Budanov ... revealed that 11,000 ..."), so search does not look for them in quotes. Nor
# for hedges, which say how sure the asker is ("what role are they supposedly filling?").
ASKING_WORDS = frozenset(
    """per figure figures number numbers amount size big date think thinks want wants kind type
    sort name names named call called quote quoted phrase describe described mention mentioned
    piece article story supposedly allegedly really actually besides""".split()
)

# "How old was Pelé?": an age ("died at the age of 82", "the 67-year-old", "Abe, 67,"), not
# any number near his name ("until Tuesday 10 a.m.").
_ASKS_AGE = re.compile(r"\bhow old\b|\bwhat age\b|\bat what age\b", re.IGNORECASE)
AGE = re.compile(
    r"\b\d{1,3}-year-old\b|\b\d{1,3} years? old\b|\b(?:aged?|age of|died at|dies at) \d{1,3}\b|"
    r"\w, \d{1,3}, |\(\d{1,3}\)|\b(?:was|is|turned|turns|at) \d{1,3}\b"
    r"(?![.,:]\d|\s?(?:%|[ap]\.?m\b|percent|per cent|[a-z]))|"
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|[a-z]+ty(?:-[a-z]+)?)-year-old\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety"
)
# "How long was Truss in office?": a number of units of time ("45 days", "a three-month
# holiday") or of length ("how long is the bridge?"), not any number ("60 votes").
_ASKS_DURATION = re.compile(
    r"\bhow long\b(?! ago\b| until\b| till\b| before\b)|"  # "how long until...": a date
    # A terse query: "griner sentence length", "length of his suspension"
    r"\b(?:sentence|term|suspension|ban|service|stay|tenure) length\b|"
    r"\blength of (?:the |his |her |their )?(?:sentence|term|suspension|ban|service|stay|tenure)\b",
    re.IGNORECASE,
)
DURATION = re.compile(
    r"\b(?:\d[\d,.]*|" + _NUMBER_WORDS + r"|hundreds?|thousands?|several|a few)"
    r"(?:[ -](?:and a half|more|full|straight|consecutive))?[ -](?:seconds?|minutes?|hours?|days?|"
    r"nights?|weeks?|months?|years?|decades?|centuries|century|miles?|kilometers?|kilometres?|"
    r"km|feet|foot|meters?|metres?|yards?|inches)\b",
    re.IGNORECASE,
)
# "How fast was DART going?", "dart impact speed", "what were Ian's winds at landfall?": a speed.
_ASKS_SPEED = re.compile(
    # ...not "how fast is inflation rising?": a rate of change, often a percentage
    r"\bhow fast\b(?!.*\b(?:ris|grow|grew|increas|climb|rose|fall|fell|drop|declin|shrink|"
    r"shrank|spread|expand|gain|lose|losing|lost|sink|sank|slow))|"
    r"\bspeeds?\W*$|\b(?:what|how strong) (?:were|was|are|is) .{0,40}\bwinds?\b",
    re.IGNORECASE,
)
SPEED = re.compile(  # each number read from its start only: "\b"
    r"\b\d[\d,.]*[ -]?(?:mph|km/h|kph|knots)\b|"
    r"\b\d[\d,.]* (?:[a-z]+ )?(?:per|an|a) (?:hour|minute|second|day)\b|\bMach \d",
    re.IGNORECASE,
)
# "What is the total number of casualties?" asks as "how many casualties?" does ("a number of
# reports" asks for nothing; nor does "the number of" in "when did the number of troops peak?").
_NUMBER_OF = (
    r"\b(?:total|overall|exact|combined|official) number of\b|"
    r"(?:\bwhat(?:'s|’s| is| was| are| were) |^\W*)the number of\b"
)
# The wordings that ask for a quantity or a date, and the expressions that answer them.
_ASKS_QUANTITY = re.compile(
    # (not "how close": "how close are they to a deal?" asks for no number)
    r"\bhow (?:many|much|big|large|long|far|old|high|low|heavy|tall|deep|wide|strong|hot|cold)\b|"
    r"\bwhat (?:share|percentage|proportion|number|amount)\b|" + _NUMBER_OF,
    re.IGNORECASE,
)
_ASKS_DATE = re.compile(
    r"^\W*(?:since |until |till |by |from )?when\b|"
    r"\b(?:what|which) (?:year|month|time|week|decade|century)\b|\bhow long ago\b",
    re.IGNORECASE,
)
# "Several" says no more than the question does: "how many drones were used in the strike?" is
# not answered by "several drone strikes".
QUANTITY = re.compile(
    r"\d|\b(?:" + _NUMBER_WORDS + r"|hundreds?|thousands?|millions?|"
    r"billions?|trillions?|dozens?|half|third|quarter|double|twice|triple)\b",
    re.IGNORECASE,
)
# "How many artillery shells in total...": the words that say what is counted, up to a stop word.
_HOW_MANY = re.compile(r"\bhow many\b|" + _NUMBER_OF, re.IGNORECASE)
_COUNTED_WORDS = 4
# Words for people under arms, any of which counts the others ("how many DPRK servicemen":
# "3,000 North Korean soldiers").
_PEOPLE = frozenset(
    stem(w)
    for w in """soldier soldiers troop troops serviceman servicemen personnel force forces fighter
    fighters men recruit recruits conscript conscripts mercenary mercenaries""".split()
)
# "How many people...": any noun for people counts them ("10,000 employees").
_ANYONE = frozenset(stem(w) for w in "people persons ppl".split())
_PERSONS = frozenset(stem(w) for w in PERSON_NOUNS - {"more", "others"})
_NUMBER_WORD = re.compile(
    r"\d[\d,.]*|" + _NUMBER_WORDS + r"|hundreds?|thousands?|millions?|billions?|dozens?",
    re.IGNORECASE,
)
_PHRASE_WORDS = 5  # words after a number that may say what it counts
# "What did X say / tell / announce...": the answer reports words, in quotation marks or after a
# verb of saying.
_ASKS_STATEMENT = re.compile(
    r"\bwhat (?:did|does|do|has|have|had|will|would) .*\b(?:say|tell|said|told|announce|"
    r"declare|claim|state|write|reply|comment)\b",
    re.IGNORECASE,
)
STATEMENT = re.compile(
    r"[\"“”]|(?i:\b(?:sa(?:y|ys|id|ying)|t(?:ell|ells|old)|stat(?:e|es|ed|ing|ement)|"
    r"not(?:ed|es|ing)|add(?:s|ed|ing)|urg(?:e|es|ed|ing)|"
    r"(?:declar|announc|warn|claim|insist|assur|stress|emphasi[sz]|criticiz|criticis|"
    r"dismiss|call|describ|remark|reveal|confirm|deni|argu|explain|express|mention|"
    r"suggest|condemn|acknowledg|comment|respond|repli|characteriz|characteris|accus|believ|"
    r"consider|regard|view|thinks?|thought|sees)\w*|"
    r"spokes(?:man|woman|person)|according to)\b)"
)
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
# Month names are matched with their capital ("May" but not "may"); the rest in any case.
DATE = re.compile(
    r"\b(?:January|February|March|April|June|July|August|September|October|November|December|"
    r"Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\b|\bMay \d|\b(?:in|of|since|until|by|early|late|mid-) May\b|"
    r"\b(?:1[5-9]|20)\d\d\b|\b\d{1,2}:\d\d\b|\d ?(?:[ap]\.m\.|[AaPp][Mm])\b|"
    r"(?i:\b" + _WEEKDAY + r"\b|\b(?:yesterday|today|tomorrow|tonight)\b|"
    r"\b(?:last|this|next|past|coming|previous|same|that|the following) "
    r"(?:week|weekend|month|year|decade|summer|winter|spring|autumn|fall|morning|night)\b|"
    r"\b(?:days?|weeks?|months?|years?|decades?) (?:ago|earlier|later)\b|"
    r"\b(?:in|over|during|since|by|until|this|last|next) (?:the )?"
    r"(?:summer|winter|spring|autumn)\b|"
    r"\b(?:end|start|beginning|middle|turn) of (?:the |this |that |next |last )?"
    r"(?:week|month|year|decade|century)\b|\bcentury\b)"
)


# "On what date...", "which day...": a day, named or numbered ("October 23", "23 October 2024",
# "on Monday", "2024-10-23"), not "this week" or "by November", which answer "when".
_ASKS_DAY = re.compile(r"\b(?:what|which) (?:date|day)\b|^\W*date of\b", re.IGNORECASE)
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
DAY = re.compile(
    r"\b" + _MONTH + r" \d{1,2}\b|\b\d{1,2} " + _MONTH + r"|\b\d{4}-\d\d-\d\d\b|"
    r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|\b" + _WEEKDAY + r"\b"
)


# "Which party does X belong to?": a party's name ("the Democratic Party", "the Workers' Party",
# "Republicans"), not "Democratic People's Republic".
_ASKS_PARTY = re.compile(r"\b(?:which|what) (?:political )?party\b", re.IGNORECASE)
PARTY = re.compile(
    r"\b[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)* Party\b|"
    r"\b(?:Democrats|Republicans?|Labour|Tory|Tories|Conservatives?|Liberal Democrats)\b"
)


# "How much is Moscow paying...", "the dollar value of...": a sum of money.
_ASKS_MONEY = re.compile(
    r"\bhow much\b.*\b(?:pa(?:y|ys|id|ying)|cost|costs|costing|spen[dt]|spending|worth|price|"
    r"earn|earns|earned|earning|charg\w*|fund\w*|budget\w*)\b|"
    r"\b(?:dollar|monetary|cash) (?:value|amount|figure)\b|\bhow much money\b|"
    # A terse query: "price of netflix's ad plan", "fox dominion settlement amount".
    r"^\W*(?:price|cost|salary|fine|fee|bail) of\b|"
    r"\b(?:settlement|damages|bail|fine|salary|ransom|prize|price|deal|contract|package|grant) "
    r"(?:amount|size|figure|value|total)\b|"
    r"\bprize money\b|\bwinner'?s (?:check|cheque|purse|share)\b|"
    # ...not "how much did the fed raise rates?": a raise with an object is no sum of money
    r"\bhow much\b.*\b(?:gross|grossed|(?:raise|raised)(?=\W*$|\s+(?:in|for|from|during|"
    r"at|on|so far|to date|by|since|this|last|over|after|before|with|through)\b))\b",
    re.IGNORECASE,
)
MONEY = re.compile(
    r"[$€£¥₩₽]|\b(?:dollars?|euros?|pounds? sterling|rubles?|roubles?|won|yen|yuan|"
    r"hryvnias?|USD|EUR|GBP)\b"
)
# "How likely is it that...": the answer weighs a chance ("the likelihood ... is pretty high").
_ASKS_LIKELIHOOD = re.compile(
    r"\bhow (?:likely|probable|possible|realistic|imminent)\b|"
    r"\bwhat (?:are|is|were|was) the (?:chances?|odds|likelihood|probability|risk)\b",
    re.IGNORECASE,
)
LIKELIHOOD = re.compile(
    r"\b(?:likel\w*|unlikel\w*|probab\w*|improbab\w*|possib\w*|impossib\w*|chances?|odds|"
    r"certain\w*|uncertain\w*|doubt\w*|expect\w*|imminent\w*|inevitabl\w*|risk\w*)\b",
    re.IGNORECASE,
)
# "Who wrote the Warrior piece?", "byline on ...": the article's byline answers, not its story
# ("who reported ..." usually asks for a source: "South Korean intelligence reported").
_PIECE = r"(?:article|piece|story|report|column|op-ed|post|write-up|item)s?\b"
_ASKS_AUTHOR = re.compile(
    r"\bbylines?\b|"
    r"\b(?:who (?:wrote|writes|authored|penned)|authors? of) (?:\S+ ){0,6}?" + _PIECE + "|"
    r"\b" + _PIECE + r"(?:'s|’s)? (?:\S+ ){0,2}?(?:authors?|writers?|written by)\b",
    re.IGNORECASE,
)
# ...and its words say which article, not what the byline holds.
AUTHOR_WORDS = frozenset(
    "wrote writes written authored penned byline bylines author authors".split()
)

# The token around a match: "Lipetsk-2" around "2".
_TOKEN = re.compile(r"[\w$€£¥₩₽][\w.,’'$€£¥₩₽-]*")


# What each wording asks for, the first that matches deciding: "how much is Moscow paying" asks
# for money before "how much" asks for a quantity, "what date" for a day before "when" for a date.
_KINDS = (
    (_ASKS_MONEY, MONEY),
    (_ASKS_AGE, AGE),
    (_ASKS_DURATION, DURATION),
    (_ASKS_SPEED, SPEED),
    (_ASKS_QUANTITY, QUANTITY),
    (_ASKS_PARTY, PARTY),
    (_ASKS_DAY, DAY),
    (_ASKS_DATE, DATE),
    (_ASKS_LIKELIHOOD, LIKELIHOOD),
    (_ASKS_STATEMENT, STATEMENT),
    (ASKS_PLACE_BY_KIND, PLACE),
    (ASKS_PERSON, PERSON),
    (ASKS_DOER, DOER),
    (ASKS_PLACE, PLACE),
)


def answer_kind(question: str) -> re.Pattern[str] | None:
    """The expression an answer to question must hold (a quantity, a sum of money, a date, words
    said, a name), None for any."""
    return next((kind for asks, kind in _KINDS if asks.search(question)), None)


def asks_author(question: str) -> bool:
    """Whether question asks who wrote an article ("who wrote the piece on...")."""
    return _ASKS_AUTHOR.search(question) is not None


def holds(kind: re.Pattern[str], sentence: str, question: str) -> bool:
    """Whether sentence holds an expression of kind that the question does not already state:
    a name with a word the question lacks, a number outside every token of the question."""
    if kind is STATEMENT or kind is LIKELIHOOD or kind is AGE:  # "it is highly likely"
        return kind.search(sentence) is not None
    if (kind is PERSON or kind is DOER) and not names_the_role(sentence, question):
        return False
    asked = {t.lower().strip(".,") for t in _TOKEN.findall(question)}
    counted = _counted(question) if kind is QUANTITY else None
    for match in kind.finditer(sentence):
        if kind is PLACE:
            word = match.group().split()[-1].strip(".’'")
            new = word.lower() not in asked and not (
                word.lower() in STOP_WORDS or CALENDAR.fullmatch(word)
            )
        elif kind is PERSON:
            words = match.group().split()
            new = INSTITUTION.fullmatch(words[-1]) is None and any(
                name_word(w) and w.lower() not in asked for w in words
            )
        elif kind is DOER:  # a country, a team, a body may have done it
            new = any(names_someone(w) and w.lower() not in asked for w in match.group().split())
        else:
            start, end = _token_at(sentence, match.start())
            new = sentence[start:end].lower().strip(".,") not in asked
            if new and counted is not None:
                new = _counts(sentence[end:], counted)
        if new:
            return True
    return False


def _counted(question: str) -> frozenset[str] | None:
    """The stems of the words that say what a "how many" question counts ("artillery shells" in
    "how many artillery shells in total has North Korea supplied?"), with every word for people
    under arms if one of them is, every noun for people if it is "people"; None if it names
    nothing ("how many of them...")."""
    m = _HOW_MANY.search(question)
    if m is None:
        return None
    words: list[str] = []
    for raw in question[m.end() :].split()[:_COUNTED_WORDS]:
        word = raw.rstrip(".,;:!?").lower()
        if not word[:1].isalpha() or word in STOP_WORDS:
            break
        words.append(stem(word))
        if word != raw.lower():
            break
    counted = frozenset(words)
    if not counted:
        return None
    if counted & _ANYONE:
        counted |= _PERSONS
    return counted | _PEOPLE if counted & _PEOPLE else counted


def _counts(after: str, counted: frozenset[str]) -> bool:
    """Whether the number that after follows counts what the question does: the words after it,
    up to a stop word or punctuation, share one with it ("13,000 containers of artillery shells"
    does not count shells; "3,000 soldiers" counts servicemen), or say nothing of what it counts
    ("numbering 2,600, could be deployed", "30,000 a month")."""
    phrase: list[str] = []
    for raw in after.split()[:_PHRASE_WORDS]:
        word = raw.rstrip(".,;:!?)”’\"'").lower()
        if not word[:1].isalpha():
            break
        if _NUMBER_WORD.fullmatch(word):  # "1.2 million troops"
            if phrase:
                break
            continue
        if word in STOP_WORDS:
            break
        phrase.append(stem(word))
        if word != raw.lower():  # punctuation ends the phrase
            break
    return not phrase or not counted.isdisjoint(phrase)


def _token_at(text: str, i: int) -> tuple[int, int]:
    """The start and end of the token of text that holds position i."""
    for token in _TOKEN.finditer(text):
        if token.start() <= i < token.end():
            return token.span()
    return i, i + 1
