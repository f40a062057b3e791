"""Find every reported quantity in news text: counts, money, percentages, distances, durations.

A figure is a number the article reports about the world: "as many as 12,000 North Korean
soldiers", "$400 million", "78%", "30 miles", "1.2 million", "half the territory", "two and a half
years". Each comes with its normalised value, its unit, what it counts, its hedge and who the
sentence attributes it to (see `index/attribution.py`).

Conventions (so callers and tests agree):
- `text` is the number with its currency, scale, percent or measurement unit as written ("$400
  million", "78%", "30 miles", "two-year"); the counted noun is `what`, not part of `text`.
- Not figures: years ("in 2024", "(1950-1953)"), dates ("November 1", "23 October"), times
  ("12:01", "5 p.m."), ordinals ("2nd", "first"), names and labels with digits ("Lipetsk-2", "G7",
  "F-16", "S&P 500", "Section 427"), decades ("1990s"), phone numbers, scores ("ended 2-2") and page
  furniture ("0 Comments", "5 min read"). Vague plurals ("thousands", "dozens") have no value and
  are skipped; so is "one" as a pronoun ("one of the largest").
- A word number after "the"/"these"/"both" ("the two nations") points back at things already
  named, so it is not a new figure; digits are always kept.
- Durations are figures with a time unit, hyphenated or not: "two and a half years" and "the
  two-year war" both give 2.5 / 2 with unit "years".
- Ages are in unit "age", never "years": "a 15-year-old boy", "Paul, 22," and "died at 63" say
  how old, not how long, so "sentenced to 30 years" is never read beside them.
- Ranges give one figure per end ("four to five thousand people" -> 4000 and 5000); a scale or unit
  written only on the second end is shared with the first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from index.attribution import Attributor
from index.models import Span
from index.numbers import NUMBER, SCALES, parse_digits, parse_fraction, parse_words, scale_factor
from index.terms import PERSON_NOUNS

# Bump when extraction changes: the next index run re-extracts figures from stored articles.
# 2 ranges; 3, 6, 7 claimants; 4 openers, dozens, digits; 5 years; 6 what; 8 hedges;
# 9 margins, ratios, date ranges, multipliers, verbs of passing, lower-case claimants;
# 10 what people suffered ("people killed"); 11 ages, time words, more claimants; 12 shares,
# titles with a stop and inverted claims; 13 scores and tallies, ages by name, "U.S."; 14
# pronoun "one", labels after "Nos.", early years; 15 evacuations; 16 ranges beside tallies;
# 17 ages in unit "age", apart from durations in "years"; 18 ranks before names ("Maj. Gen."),
# the person after a role ("GM spokesman Jim Cain"); 19 no "what" from where a measure is ("15
# feet along the coast"); 20 a range's second number an age only after "ages" / "aged"; 21
# people laid off ("lay off about 10,000 employees": "employees laid off"); 22 what ends at its
# noun, not at a preposition, place or verb after it ("one fatal crash due to", "motorists found"),
# and "the eastern half" is a place, no figure; a noun after "the 4.1%" is what it measures; 23
# staff, jobs and shares of a workforce laid off or cut, a parent's "of four" no one laid off or
# killed; 24 "home runs", "nine consecutive hours", "RG&E customers", "one reason why", no
# street addresses or dialled service numbers ("911 calls"); claimants that are a name's body
# ("the Attorney General's office", "Ukraine's General Staff"); "a third term" no fraction, "the
# 130-person Congress" the size of Congress; 25 no claimant that is a contraction ("It's
# estimated", "That's", "There's", "Here's", "What's").
FIGURES_VERSION = "25"


@dataclass(frozen=True)
class FigureMention:
    """One reported quantity and where it sits in the source text."""

    value: float
    text: str  # == source_text[start:end]
    start: int
    end: int
    unit: str | None  # "USD", "percent", "miles", "years", "age", "fraction"...; None for counts
    what: str | None  # what is counted: "North Korean soldiers"
    hedge: str | None  # "as many as", "about", ... lower-cased
    claimant: str | None  # who the sentence attributes it to
    sentence: Span


_CURRENCY_SYMBOLS = {
    "$": "USD", "US$": "USD", "$US": "USD", "A$": "AUD", "$A": "AUD", "C$": "CAD", "NZ$": "NZD",
    "HK$": "HKD", "S$": "SGD", "R$": "BRL", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR",
    "RM": "MYR", "Rs": "INR", "Rs.": "INR",
}  # fmt: skip
_CURRENCY_WORDS = {
    "us dollars": "USD", "australian dollars": "AUD", "canadian dollars": "CAD",
    "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "pounds sterling": "GBP",
    "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rupees": "INR", "ringgit": "MYR",
    "shekels": "ILS", "rubles": "RUB", "roubles": "RUB", "won": "KRW", "francs": "CHF",
}  # fmt: skip
AGE = "age"  # the unit of how old someone or something is, in years
# Measurement units, longest spellings first; the value is the unit's name in FigureMention.
_UNIT_WORDS = {
    "percentage points": "percentage points", "percentage point": "percentage points",
    "per cent": "percent", "percent": "percent", "%": "percent",
    "square miles": "square miles", "square kilometres": "square km", "square feet": "square feet",
    "square metres": "square m", "km/h": "km/h", "mph": "mph", "miles per hour": "mph",
    "year-old": AGE, "years-old": AGE, "year-olds": AGE, "years old": AGE, "year old": AGE,
    "year olds": AGE,
    "miles": "miles", "mile": "miles", "kilometres": "km", "kilometers": "km", "kilometre": "km",
    "kilometer": "km", "km": "km", "metres": "m", "meters": "m", "metre": "m", "meter": "m",
    "feet": "feet", "foot": "feet", "ft": "feet", "inches": "inches", "inch": "inches",
    "yards": "yards", "yard": "yards", "kilograms": "kg", "kg": "kg", "tonnes": "tonnes",
    "tons": "tons", "ton": "tons", "pounds": "pounds", "lbs": "pounds", "ounces": "ounces",
    "years": "years", "year": "years", "months": "months", "month": "months",
    "weeks": "weeks", "week": "weeks", "days": "days", "day": "days", "hours": "hours",
    "hour": "hours", "minutes": "minutes", "minute": "minutes", "seconds": "seconds",
    "degrees": "degrees", "acres": "acres", "hectares": "hectares", "gallons": "gallons",
    "litres": "litres", "liters": "litres", "barrels": "barrels", "horsepower": "horsepower",
    "hp": "horsepower", "mpg": "mpg", "gb": "GB", "tb": "TB", "mb": "MB", "ghz": "GHz",
    "mhz": "MHz", "kw": "kW", "mw": "MW", "gw": "GW", "kwh": "kWh", "volts": "volts",
    "watts": "watts", "ppm": "ppm", "ppb": "ppb", "points": "points", "point": "points",
    "sq m": "square m", "sq ft": "square feet", "sq km": "square km", "mm": "mm", "cm": "cm",
    "ml": "ml", "mg": "mg", "milligrams": "mg", "grams": "g", "lb": "pounds", "min": "minutes",
    "mbps": "Mbps", "khz": "kHz", "hz": "Hz", "bhp": "horsepower", "mah": "mAh", "pc": "percent",
    "liter": "litres", "litre": "litres", "megawatt": "MW", "megawatts": "MW", "°c": "°C",
    "°f": "°F", "degrees fahrenheit": "°F", "degrees celsius": "°C", "fahrenheit": "°F",
    "celsius": "°C", "times": "times",
}  # fmt: skip
# Short units that are only units when written against the number: "164p", "45g", "1.0l".
# Plural units that may follow a hyphen: "a 60-mph gust", "a ban on 18-year-olds".
_HYPHEN_PLURALS = frozenset(("mph", "year-olds", "year olds"))
_ATTACHED_UNITS = {"p": "pence", "g": "g", "l": "litres", "m": "m", "m2": "square m"}
_UNIT_RE = re.compile(
    r"(?i:(?P<sep>\s?|-)(?P<unit>"
    + "|".join(re.escape(u) for u in sorted({**_UNIT_WORDS, **_CURRENCY_WORDS}, key=len)[::-1])
    + r"))(?![\w%])"
)
_HEDGES = (
    "as many as|as much as|as few as|as little as|up to|at least|at most|more than|less than|"
    "fewer than|greater than|no more than|no fewer than|upwards of|in excess of|close to|"
    "just over|just under|plus or minus|an estimated|estimated|approximately|approx\\.|"
    "roughly|about|around|"
    "nearly|almost|some|over|under|above|below|just|only|circa|c\\.|"
    "exceed(?:ed|s|ing)?|surpass(?:ed|es|ing)?|topp(?:ed|ing)|tops"
)
# Verbs that say a count went past the number: "the toll has surpassed 5,400" is "more than".
_PAST = re.compile(r"exceed|surpass|top")
_HEDGE_RE = re.compile(rf"(?i:\b({_HEDGES}))\s+(?:US\$|\$|£|€)?$")
# Words after which "about" or "over" says what something concerns, not how near a number is.
_TAKES_ABOUT = frozenset(
    """worry worries worried concern concerns concerned fear fears feared question questions
    talk talks talked talking news doubt doubts debate debates debated dispute disputes
    disputed argue argued arguing argument fight fights fought fighting complain complained
    complaints think thinking thought care cares cared know knew learn learned hear heard
    ask asked asking information details story stories row clash clashes clashed battle
    battles wrangling negotiations anxious nervous optimistic pessimistic upset angry""".split()
)
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\W*$")
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_BEFORE_DATE = re.compile(rf"\b(?:{_MONTHS})\.? ?(?:\d{{1,2}}(?:[-–]| to | through | and ))?$")
_AFTER_DATE = re.compile(rf"^(?:st|nd|rd|th)?,? (?:{_MONTHS})\b")
_TIME_AFTER = re.compile(r"^(?:\s?(?:a\.m\.|p\.m\.|(?:am|pm|GMT|EDT|EST|BST|CET|UTC|ET|PT)\b)|:\d)")
_FURNITURE_AFTER = re.compile(
    r"^\s(?:Comments?|Shares?|Views?|Likes?|Replies|Responses|Photos|min read)\b"
)
_ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th|s)\b")
_YEAR_BEFORE = re.compile(
    r"(?:A\.D\.|\bAD|B\.C\.|\bBC)\s$|"
    r"(?i:\b(?:in|since|by|of|from|until|till|before|after|during|between|and|to|early|late|"
    r"mid|year|summer|winter|spring|autumn|fall|season|the)\s*$|[(\-–]$)"
)
_OLD_YEAR_BEFORE = re.compile(
    r"(?:A\.D\.|\bAD|B\.C\.|\bBC)\s$|(?i:\b(?:in|since|until|till|before|after|during|year|circa)\s$)"
)
_SCORE_BEFORE = re.compile(
    r"(?i:\b(?:ended|won|lost|beat|drew|draw|victory|defeat|win|tied|at|by)\s+$)"
)
_SCORE_AFTER = re.compile(r"(?i:^[-–]\d+\s+(?:lead|win|victory|defeat|loss|draw|scoreline)\b)")
# Phone numbers, ISO dates and times, slashed dates and ratios, scientific notation: not figures.
_PHONE = re.compile(
    r"\+?\(?\d{2,4}\)?[ .-]\d{3,4}[ .-]\d{3,4}\b|\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?|"
    r"\d+\s?[/⁄]\s?\d+|\d+(?:\.\d+)?\s?[×x]\s?10\S*"
)
# Lower-case words that make the next number a label: "category 4", "page 3".
_LABEL_WORDS = re.compile(
    r"(?i:\b(?:category|type|level|grade|stage|phase|game|episode|chapter|page|version|article|"
    r"section|tier|model|row|seat|room|gate|platform|route|highway|hwy|flight|track|unit|no|"
    r"nos|number)"
    r"\.?\s$)"
)
# ...and the rest of a list of labels: "birdied Nos. 8, 9 and 11".
_LABELS = re.compile(r"(?i:\bnos\.?\s(?:\d+,?\s(?:and\s|or\s)?)+$)")
_ANAPHORA_BEFORE = re.compile(r"(?i:\b(?:the|these|those|both|all|its|their)\s+$)")
_LABEL_OK = frozenset(
    """about over under nearly almost some another roughly around approximately more less only just
    all top in by on at for with of to from since and but the those these up as estimated an a
    some than least most between exactly precisely barely fewer below above""".split()
)
_FUNCTION_WORDS = frozenset(
    """that which who whom whose are is were was be been being will would could can may might must
    shall should have has had do does did to in on at by for with from into onto as and or but
    than each per this these those it its their his her a an the there here then when where while
    if of about over under across after before since during between among against toward towards
    via through laden already currently still also just more less not all both such so up
    out ago later earlier last next ahead times you we they i he she him them us me my our your
    """.split()
)
# Verbs a counted noun is often followed by: "18,000 cows made it...".
_FOLLOWING_VERBS = frozenset(
    """made make makes hit hits rose rise rises fell fall falls grew grow grows went go goes came
    come comes took take takes got get gets saw see sees said say says told tell tells left
    leave leaves lost lose loses won win wins ran run runs fled flee flees kept keep keeps held
    hold holds paid pay pays became become becomes began begin begins showed show shows need
    needs want wants remain remains continue continues support supports oppose opposes result
    results face faces died die dies struck shook cover covers""".split()
)
# Time words: "the toll climbed to 67 Friday", "106 late Tuesday".
_TIME_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday late early morning afternoon
    evening overnight tonight today yesterday""".split()
)
# What befalls people, said after their count ("30 people were killed"); figure lookup reads a
# topic's noun by these too ("people evacuated" counts evacuations).
SUFFERED = frozenset(
    """killed dead died injured wounded missing hurt evacuated displaced hospitalized
    hospitalised rescued arrested detained stranded infected sickened""".split()
)
_LAID_OFF = "laid off"  # ...and workers: "10,000 employees were laid off"
_SUFFERED = "|".join(sorted(SUFFERED | {_LAID_OFF}, key=len, reverse=True))
_SUFFERED_AFTER = re.compile(
    r"\s*(?:(?:more|others|other people|people)\s+)?"
    r"(?:(?:have|has|had|were|was|are|is|been|being|now|also|reportedly|so far|confirmed|"
    r"believed|feared|later|since|already|remain|remained|remains|still)\s+){0,3}"
    rf"(?i:({_SUFFERED}))\b|"
    # "forced more than 2,000 people to evacuate"
    r"\s*to\s+(evacuate|flee)\b"
)
# "forced more than 2,000 people to evacuate" (not "5,000 people to evacuate if the dam fails")
_MADE_TO = re.compile(
    r"\b(?:forc|order|told|tell|urg|ask|prompt|caus|le[ad]|push|drove|driv)\w*\s+(?:\S+\s+){0,3}$",
    re.IGNORECASE,
)
_LIFTED = re.compile(r"\b(?:lift|lifted|lifts|lifting|rescind\w*|end\w*)\s+$", re.IGNORECASE)
# "evacuation orders for around 28,000 people"
_ORDERED_BEFORE = re.compile(
    r"\bevacuations?\s+(?:orders?|warnings?|notices?)\s+(?:for|affecting|covering|to)\s+"
    r"(?:(?:at least|more than|nearly|almost|about|around|some|over|up to|as many as|"
    r"an estimated|roughly|approximately)\s+)?$",
    re.IGNORECASE,
)
_HEDGED = (
    r"(?:(?:at least|more than|nearly|almost|about|around|some|over|another|up to|as many as|"
    r"an estimated|roughly|approximately)\s+)?$"
)
_SUFFERED_BEFORE = re.compile(
    r"\b(kill(?:ed|ing|s)?|injur(?:ed|ing|es)|wound(?:ed|ing|s)|evacuat(?:ed|ing|es)|"
    r"displac(?:ed|ing|es)|hospitali[sz](?:ed|ing|es)|la(?:y|ys|id|ying) off)\s+" + _HEDGED,
    re.IGNORECASE,
)
# A parent's number counts children: "the mother of four had been laid off" is one layoff.
_PARENT_OF = re.compile(
    r"\b(?:mother|father|parent|mom|mum|dad|grandmother|grandfather|grandparent)s?\s+of\s+$",
    re.IGNORECASE,
)
# Nouns that count the people an employer lets go, with the verbs that do it: "laying off 3,700
# staff", "cut 10% of its workforce", "500 jobs were cut". Without such a verb they count no
# one let go ("a staff of 3,700", "added 300,000 jobs").
LET_GO_NOUNS = frozenset("staff staffers workforce workers employees jobs positions".split())
_LET_GO_BEFORE = re.compile(r"\b(cut(?:s|ting)?|la(?:y|ys|id|ying) off)\s+" + _HEDGED, re.I)
_LET_GO_AFTER = re.compile(
    r"\s*(?:(?:have|has|had|were|was|are|is|be|been|being|will|would|to)\s+){0,3}"
    r"(cut|laid off)\b",
    re.IGNORECASE,
)
_SUFFERED_PAST = {
    verb: past
    for past, forms in {
        "killed": "kill killed killing kills",
        "injured": "injured injuring injures",
        "wounded": "wound wounded wounding wounds",
        "evacuated": "evacuated evacuating evacuates",
        "displaced": "displaced displacing displaces",
        "hospitalized": "hospitalized hospitalizing hospitalizes hospitalised hospitalising "
        "hospitalises",
    }.items()
    for verb in forms.split()
} | dict.fromkeys(("lay off", "lays off", "laid off", "laying off"), _LAID_OFF)
# Words that say where, when or how of a counted noun, never the noun itself (prepositions,
# adverbs, "familiar", "available"), so they end what is counted: "one fatal crash due to winter
# weather", "one man found near a transformer", "in 10-minute increments every 90 minutes", "100
# locations nationwide", "two sources familiar with", "five people including two children";
# and the words that open a clause about the noun ("one reason why he left").
_ENDS_WHAT = frozenset(
    """due near every around within because along below above behind inside outside
    throughout amid until upon despite unless plus versus apiece nationwide worldwide statewide
    together now familiar available away back down instead even ever again alone yet including
    according why how whether what whatever whichever whoever wherever whenever""".split()
)
# Verbs that, after a counted noun, say what it did; like "-ed" forms they end the phrase there,
# though they may start one: "500 motorists found themselves stranded", "residents live below
# the poverty line", but "100,000 live births".
_VERBS_AFTER_NOUN = frozenset("found sent live set".split())
_WHAT_STOP = _FUNCTION_WORDS | _FOLLOWING_VERBS | _TIME_WORDS
# Words after a measure that say where or how it is, not what it measures: "a surge of up to
# 15 feet along the coast", "200 feet above the river", "30 miles north of Kyiv", "20 feet tall".
_SAYS_WHERE_OR_HOW = frozenset(
    """along above below beneath apart away off outside inside beyond behind near underground
    underwater offshore inland tall taller long longer high higher wide wider deep deeper thick
    closer further farther ahead north south east west northeast northwest southeast southwest
    north-northeast north-northwest south-southeast south-southwest east-northeast
    east-southeast west-northwest west-southwest""".split()
)
_NOT_ADVERB = frozenset("family ally supply rally assembly italy july".split())
_NOT_A_NAME = re.compile(
    rf"(?:{_MONTHS}|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|In|On|By|Since)"
)
# "A third" before a noun counts which one, not how much: "a third impeachment vote", "a third
# term"; "a third of", "a third more" and "cut by a third." are fractions.
_ORDINAL_THIRD = re.compile(
    r"(?i:a)[ -]third\s+(?!(?:of|more|less|fewer|larger|smaller|higher|lower|the|its|their|"
    r"last|this|next|since|over|from|and|than|after|before|during|between)\b)[a-z]{3,}"
)
# A fraction named by where it lies is a part of a place, not a quantity: "the country's eastern
# half asked customers...", "the top half of the draw".
_WHERE_A_PART_LIES = re.compile(
    r"(?i:\b(?:eastern|western|northern|southern|top|bottom|upper|lower)\s+$)"
)
# "U.S." is one word, and so are "RG&E" and "J&J"
_WORD_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[A-Za-z][\w'’-]*(?:&[A-Z][\w'’-]*)*")
# "Rochester Gas & Electric": an ampersand between capitalised words is inside a name
_AMPERSAND_IN_NAME = re.compile(r"& (?=[A-Z])")
# A short capitalised word's stop before a lower-case word abbreviates it ("Corp.", "Inc."); not
# "Americans. https://..."
_ABBREVIATION_GOES_ON = re.compile(r"\.(?= [a-z])")


@dataclass(frozen=True)
class _Raw:
    """A number expression before its context is read: value, span and scale as written."""

    value: float
    start: int
    end: int
    unit: str | None
    scale: int  # the multiplier written on it ("thousand" -> 1000), 1 when none


def extract_figures(text: str, sentences: Sequence[Span]) -> list[FigureMention]:
    """Every reported quantity inside the given sentence spans of text."""
    attributor = Attributor(text, sentences)
    figures: list[FigureMention] = []
    for sentence in sentences:
        raws = _share_range_scale(text, [r for r in _scan(text, sentence) if r is not None])
        raws = _ratios(text, raws)
        for raw in raws:
            figures.append(
                FigureMention(
                    value=raw.value,
                    text=text[raw.start : raw.end],
                    start=raw.start,
                    end=raw.end,
                    unit=raw.unit,
                    what=_what(text, raw, sentence),
                    hedge=_hedge(text, raw.start, sentence[0]),
                    claimant=attributor.claimant(sentence, raw.start),
                    sentence=sentence,
                )
            )
    return figures


def _scan(text: str, sentence: Span) -> list[_Raw | None]:
    s, e = sentence
    excluded = [m.span() for m in _PHONE.finditer(text, s, e)]
    found: list[_Raw | None] = []
    for m in NUMBER.finditer(text, s, e):
        if any(a <= m.start() < b for a, b in excluded):
            continue
        found.append(_classify(text, m, sentence))
    return found


def _classify(text: str, m: re.Match[str], sentence: Span) -> _Raw | None:
    s, e = sentence
    before, after = text[max(s, m.start() - 40) : m.start()], text[m.end() : min(e, m.end() + 40)]
    cur = (m.group("cur") or "").replace(" ", "") or None
    end = m.end()
    sign = -1 if m.group("sign") or m.group("sign2") else 1
    if m.group("dig"):
        digits, scale = m.group("dig"), m.group("scale")
        if not _digits_are_figure(digits, scale, cur, before, after):
            return None
        counted = re.match(r"\s(?:of\b|[a-z]+s\b)", after)
        if scale in ("m", "b") and not (cur or "." in digits or counted):
            # "100m" without money, decimals or a counted noun is more often metres than millions.
            scale, end = None, m.start("scale")
        value, multiplier = parse_digits(digits, scale), scale_factor(scale)
    elif m.group("halfof") or m.group("word"):
        words = m.group("halfof") or m.group("word")
        duration = re.match(r"-(?:year|month|week|day|hour|mile)\b", after)
        if _word_is_pronoun(words, before, after) or _is_name_word(words, before):
            return None
        if _ANAPHORA_BEFORE.search(before) and not (duration or _UNIT_RE.match(after)):
            return None  # "the two nations" refers back; "the two-year war" is a figure
        if re.match(r"-(?!year|month|week|day|hour|mile)[A-Za-z]", after):
            return None  # "one-off", "zero-Covid"
        spelled = parse_words(words)
        if spelled is None:
            return None
        value = spelled
        scale = None
        multiplier = SCALES.get(re.split(r"[\s-]", words.lower())[-1], 1)
    else:
        if not re.match(r"\s(?:of|the|a|an|its|their|his|her|our|[a-z]{3,})\b", after) or re.search(
            r"(?i:\b(?:first|second|the|in|a)\s+$)", before
        ):
            return None  # "the second half", "cut in half"
        if _WHERE_A_PART_LIES.search(before):
            return None
        if _ORDINAL_THIRD.match(m.group("frac") + after) and not before.endswith(" by "):
            return None  # "a third impeachment vote"; not "fell by a third overall"
        value = parse_fraction(m.group("frac")) or 0.0
        return _Raw(value, m.start(), end, "fraction", 1)
    unit = _CURRENCY_SYMBOLS.get(cur.rstrip()) or cur.strip() if cur else None
    attached = re.match(r"([A-Za-z]+\d?)\b", after)
    unit_match = _UNIT_RE.match(text, end, e)
    if attached and attached.group(1) in _ATTACHED_UNITS and not scale:
        unit, end = _ATTACHED_UNITS[attached.group(1)], end + attached.end()
    elif unit_match and not (unit and unit_match.group("unit").lower() in _CURRENCY_WORDS):
        name = unit_match.group("unit").lower()
        if unit_match.group("sep") == "-" and name.endswith("s") and name not in _HYPHEN_PLURALS:
            pass  # "10-years" is not English; leave it to the counted noun
        elif name == "won" and not scale:
            pass  # "won" after a small number is the verb: "3-1 won"
        else:
            unit = _CURRENCY_WORDS.get(name) or _UNIT_WORDS.get(name)
            end = unit_match.end()
    elif unit is None and (spanned := _unit_after_a_word(text, end, e, value)):
        unit, end = spanned  # "nine consecutive hours", "three more years"
    number_end = end if unit is None else m.end()  # "aged 30 to 49 years": 49 is an age
    if (
        unit in (None, "years")
        and m.group("dig")
        and _is_age(text, m.start(), number_end, sentence)
    ):
        unit = AGE  # "died at 63", "Kaylee Goncalves, 21;": an age, not a count
    return _Raw(sign * value, m.start(), end, unit, multiplier)


# Units a word may stand between the number and: "nine consecutive hours", "12 straight months",
# "three more years". Not shares, multipliers, ages or points ("3 key points" are no score).
_SPANNED = frozenset(_UNIT_WORDS.values()) - {
    "percent", "percentage points", "times", AGE, "points"
}  # fmt: skip
_WORD_THEN_UNIT = re.compile(r" ([a-z]+) ")
# Words that make another unit of the one after them, are units themselves,
# or say how many, not how a span runs ("fewer than 500 some days ago")
_NOT_SPANNING = (
    frozenset("square cubic some any many few several other such odd".split())
    | frozenset(_UNIT_WORDS)
    | frozenset(_CURRENCY_WORDS)
)


def _unit_after_a_word(
    text: str, end: int, sentence_end: int, value: float
) -> tuple[str, int] | None:
    """The unit after one lower-case word that says how a measure runs, and where it ends."""
    word = _WORD_THEN_UNIT.match(text, end, sentence_end)
    if word is None:
        return None
    low = word.group(1)
    if (low in _WHAT_STOP and low != "more") or low in _ENDS_WHAT or low in _NOT_SPANNING:
        return None  # "200 a day", "5 last week", "one every week", "300 square meters"
    if re.search(r"(?:ing|ed|ly|s)$", low) or parse_words(low) is not None:
        return None  # "200 following days", "5 people hours later", "85,000 six years ago"
    unit = _UNIT_RE.match(text, word.end() - 1, sentence_end)
    if unit is None or unit.group("sep") != " ":
        return None
    written = unit.group("unit").lower()
    if value != 1 and not (written.endswith("s") or written == "feet"):
        return None  # "two other foot bones", "1,600 square mile area": the unit is a modifier
    if re.match(r"\s*\d", text[unit.end() : unit.end() + 3]):
        return None  # "48,924 model year 2021-22 vehicles": a label
    name = _UNIT_WORDS.get(written)
    return (name, unit.end()) if name in _SPANNED else None


# "at age 19", "those age 2 and older", "children ages 5 to 11", "aged 12 to 17", "dies at 63";
# a range's second number only after "ages" / "aged": "at age 19 to 20 years in prison" is a
# term, "at age 18 and 30 years later" a span of time.
_AGE_BEFORE = re.compile(
    r"(?i:\b(?:(?:(?:the )?age(?: of)?|dies at|died at|dead at)\s|"
    r"(?:ages|aged)\s(?:\d{1,3}\s?(?:-|–|to|and|or)\s?)?)$)"
)
_NAMED_BEFORE = re.compile(r"\b[A-Z][a-z’'-]+,\s$")
_AGE_AFTER = re.compile(r"[,;.)]")  # "Paul, 22, was shot", not "In Uvalde, 21 were killed"
# "children ages 6 to 23 months": the 6 is in months, as its range's other end says
_IN_MONTHS_AFTER = re.compile(r"\s?(?:-|–|to|and|or)\s?\d{1,3}\s?(?:months?|weeks?|days?)\b")


def _is_age(text: str, start: int, end: int, sentence: Span) -> bool:
    """Whether the whole number text[start:end] is a person's age: after "at age", "aged",
    "died at", or set off by commas after a name ("his son Paul, 22, was...")."""
    digits = text[start:end]
    if not digits.isdigit() or not 0 < int(digits) <= 120:
        return False
    before = text[max(sentence[0], start - 20) : start]
    if _AGE_BEFORE.search(before):
        return _IN_MONTHS_AFTER.match(text, end, sentence[1]) is None
    named = _NAMED_BEFORE.search(before)
    return (
        named is not None
        and not _NOT_A_NAME.fullmatch(named.group().rstrip(", "))
        and _AGE_AFTER.match(text, end, sentence[1]) is not None
    )


def _digits_are_figure(
    digits: str, scale: str | None, cur: str | None, before: str, after: str
) -> bool:
    range_end = re.search(r"\d(?:[bmt]n|[kmbKMB])[-–]$", before)  # "$1.2bn-$1.5bn"
    if re.search(r"[A-Za-z&]-?$|#$|:$", before) and not range_end:  # Lipetsk-2, G7, F-16, 12:01
        return False
    attached = re.match(r"([A-Za-z]+\d?)\b", after)
    if (
        re.match(r"[A-Za-z]", after)
        and not scale
        and not (_UNIT_RE.match(after) or (attached and attached.group(1) in _ATTACHED_UNITS))
    ):
        return False  # 4G, 3D, 10am
    if re.match(r"[-–]\d", after) and (_SCORE_BEFORE.search(before) or _SCORE_AFTER.match(after)):
        return False  # "ended 2-2", "a 9-2 lead"
    plain = digits.isdigit() and not scale and not cur
    if plain and (_ADDRESS_AFTER.match(after) or _is_service_number(digits, before, after)):
        return False  # "40 Allen Street", "the 1200 block of Main Street", "911 calls"
    if plain and len(digits) <= 3 and _is_tally(digits, before, after):
        return False  # "voted 53-47", "6-4, 6-1", "LSU (28-2)"
    first_side = re.search(r"\d+[-–]$", before)
    if first_side and (
        _SCORE_BEFORE.search(before[: first_side.start()])
        or re.search(r"\b(?:1[89]|20)\d\d[-–]$", before)
    ):
        return False  # the second side of a score, or "2014-15"
    if _ORDINAL_AFTER.match(after) or _TIME_AFTER.match(after) or _FURNITURE_AFTER.match(after):
        return False
    if re.fullmatch(r"0\d\d", digits) and re.search(r"\d $", before):
        return False  # "1 000 people": a thousands group, not a figure of its own
    if plain and _BEFORE_DATE.search(before) and int(digits) <= 31:
        return False
    if plain and int(digits) <= 31 and _AFTER_DATE.match(after):
        return False
    if plain and (
        _is_year(digits, before, after) or _LABEL_WORDS.search(before) or _LABELS.search(before)
    ):
        return False
    label = re.search(r"\b([A-Za-z][\w&]*)\s$", before)
    return not (
        plain
        and label
        and re.search(r"[A-Z]", label.group(1))
        and label.group(1).lower() not in _LABEL_OK
    )


# A street address: a house number, up to three capitalised words and a kind of street ("40
# Allen Street", "311 N Greenwood Ave.", "1600 Golf & Meacham Road"), or a block ("the 1200 block
# of Main Street"); not when a plural noun follows ("40 Wall Street banks" are counted).
_STREET = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Lane|Ln|Way|Place|Court|Parkway|"
    r"Pkwy|Terrace|Circle|Highway|Hwy|Pike|Trail|Plaza)"
)
_ADDRESS_AFTER = re.compile(
    rf"\s(?![A-Z][a-z]+s\s)(?:(?:[A-Z][\w'’-]*\.?|&)\s){{1,3}}{_STREET}\b\.?(?!\s+[a-z]+s\b)|"
    r"\sblock\s+of\s+[A-Z]"
)
# The N11 service numbers (911, 311, 211...) are dialled, not counted, when a call is said
# before or after them: "called 911", "911 calls", "the 311 Call Center"; "911" is a count only
# before a plural noun of its own ("911 people"), the others also without one ("311 early Tuesday").
_N11 = re.compile(r"[2-9]11")
_DIALLED_BEFORE = re.compile(
    r"(?i:\b(?:call(?:s|ed|ing)?|dial(?:s|l?ed|l?ing)?|text(?:s|ed|ing)?)\s+$)"
)
_DIALLED_AFTER = re.compile(
    r"\s(?i:call|dispatch|cent(?:er|re)|operator|system|service|hotline|line\b|lines\b|"
    r"emergency|number|complaint)"
)


def _is_service_number(digits: str, before: str, after: str) -> bool:
    if not _N11.fullmatch(digits):
        return False
    if _DIALLED_BEFORE.search(before) or _DIALLED_AFTER.match(after):
        return True
    return digits == "911" and re.match(r"\s[a-z]+s\b", after) is None


# A score, a record or a vote's tally: two small whole numbers joined by a dash, with nothing
# after them that they count or the larger first ("the Senate voted 53-47 to confirm", "beat
# Kenin 6-4, 6-1", "a 6-3 decision"); "10-15 degrees" and "20-30 people" are ranges.
_PAIR_AFTER = re.compile(r"[-–](\d{1,3})(?![\d.,%])")
_PAIR_BEFORE = re.compile(r"(?<![\d.,])(\d{1,3})[-–]$")
_COUNTED_AFTER = re.compile(r"\s([a-z][a-z'’-]+)")


def _is_tally(digits: str, before: str, after: str) -> bool:
    if (second := _PAIR_AFTER.match(after)) and not re.search(r"[\d.,]$", before):
        low, high, rest = int(digits), int(second.group(1)), after[second.end() :]
    elif first := _PAIR_BEFORE.search(before):
        low, high, rest = int(first.group(1)), int(digits), after
    else:
        return False
    if _UNIT_RE.match(rest) or re.match(r"%|°|\s(?:of\b|[A-Z][a-z]+s\b)", rest):
        return False  # "38-39° C", "10-20 of the hostages", "2-3 Israelis"
    if re.search(
        r"(?i:\b(?:about|between|some|around|roughly|approximately|nearly|from|ages?|"
        r"aged)\s+(?:\d{1,3}[-–])?$)",
        before,
    ):
        return False  # "between 15-20 U.S. troops", "children ages 5-11"
    counted = _COUNTED_AFTER.match(rest)
    noun = counted is not None and not (
        counted.group(1) in _WHAT_STOP or counted.group(1).endswith("ing")
    )
    return low >= high or not noun


def _is_name_word(words: str, before: str) -> bool:
    """A capitalised number word after a capitalised word is a name: "the Kick Six"."""
    return words[:1].isupper() and re.search(r"\b[A-Z][a-z]+\s$", before) is not None


# Plural nouns a year qualifies rather than counts ("below 2019 levels", "its 2023 results").
_OF_A_YEAR = frozenset(
    """levels results revenues earnings sales profits figures prices rates elections polls
    midterms budgets forecasts estimates numbers totals highs lows records standards models
    games olympics playoffs finals championships seasons awards graduates""".split()
)


def _is_year(digits: str, before: str, after: str) -> bool:
    if len(digits) != 4 or not 1000 <= int(digits) <= 2099:
        return False
    if _UNIT_RE.match(after) and not re.match(r"\s?(?:year|season|month|day)", after):
        return False
    if int(digits) < 1800:  # "since 1378" is a year; "from 1000 to 2000 hires" counts
        return _OLD_YEAR_BEFORE.search(before) is not None and not re.match(r"\s[a-z]", after)
    counted = re.match(r"\s([a-z]+s)\b", after)
    if counted and counted.group(1) in _OF_A_YEAR:  # "2019 levels", "2023 revenues"
        return True
    return _YEAR_BEFORE.search(before) is not None or counted is None


def _word_is_pronoun(words: str, before: str, after: str) -> bool:
    if words.lower() != "one":
        return False
    if re.search(r"(?i:\b(?:no|any|every|each|this|that|which|the|only|such)\s+$)", before):
        return True
    if re.search(r"(?i:\bat\s+$)", before) and re.match(r"\s(?:point|time|stage)\b", after):
        return True  # "at one point"
    if re.match(r"\s(?:for|that|which|whose)\b", after):
        return True  # "a landmark one for Britain", "including one that..."
    return not re.match(r"\s(?!of\b|another\b|day\b|time\b|more\b)[a-z]{2,}|-(?:year|month)", after)


def _share_range_scale(text: str, raws: list[_Raw]) -> list[_Raw]:
    """Give "four" in "four to five thousand" the scale and unit of its second end."""
    out = list(raws)
    for i in range(len(out) - 1):
        first, second = out[i], out[i + 1]
        # "four to five thousand", and a suspended hyphen: "12- to 15-year-olds"
        if not re.fullmatch(
            r"\s*(?:-\s*(?:to|and|or)|to|-|–|and)\s*", text[first.end : second.start]
        ):
            continue
        if second.scale > 1 and first.scale == 1 and first.value * second.scale <= second.value:
            out[i] = replace(first, value=first.value * second.scale, scale=second.scale)
        if second.unit and not out[i].unit:
            out[i] = replace(out[i], unit=second.unit)
    return out


# Who a share is usually of: "3 in 4 Americans", "2 in 5 adults".
_SHARE_OF = frozenset(
    """americans adults people voters respondents children kids women men workers employees
    students teens parents residents households patients doctors nurses""".split()
)
_RATIO_WORD = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine) in $", re.IGNORECASE)


def _ratios(text: str, raws: list[_Raw]) -> list[_Raw]:
    """ "One in 32 tornadoes", "six in 10 Americans": one share, not two counts. A share
    starts with one, or is out of a power of ten, or of people; never after a verb of harm
    ("the storms killed 3 in 12 counties", "arrested 14 in 40 raids" are counts)."""
    out: list[_Raw] = []
    for raw in raws:
        lone = _RATIO_WORD.search(text, max(0, raw.start - 12), raw.start)
        part = (parse_words(lone.group(1)) or 0.0) if lone else 0.0
        if lone and not _is_share(text, lone.start(), part, raw):
            lone = None
        if lone and raw.unit is None and (not out or out[-1].end <= lone.start()):
            share = part / raw.value if raw.value else 0.0
            if 0 < share < 1:  # "only one in 10": the "one" is read as no figure of its own
                out.append(_Raw(share, lone.start(), raw.end, "fraction", 1))
                continue
        last = out[-1] if out else None
        if (
            last is not None
            and last.unit is None
            and raw.unit is None
            and 0 < last.value < raw.value
            and re.fullmatch(r" in ", text[last.end : raw.start], re.IGNORECASE)
            and _is_share(text, last.start, last.value, raw)
        ):
            out[-1] = _Raw(last.value / raw.value, last.start, raw.end, "fraction", 1)
        else:
            out.append(raw)
    return out


def _is_share(text: str, start: int, part: float, whole: _Raw) -> bool:
    if _SUFFERED_BEFORE.search(text, max(0, start - 40), start):
        return False
    if part == 1 or whole.value in (10, 100, 1000):
        return True
    after = _WORD_TOKEN.match(text, whole.end + 1)
    return after is not None and after.group(0).lower() in _SHARE_OF


def _hedge(text: str, start: int, sentence_start: int) -> str | None:
    m = _HEDGE_RE.search(text, max(sentence_start, start - 30), start)
    if m is None:
        return None
    hedge = m.group(1).lower()
    if _PAST.match(hedge):
        return "more than"
    before = _WORD_BEFORE.search(text, max(sentence_start, m.start() - 30), m.start())
    if hedge in ("about", "over") and before and before.group(1).lower() in _TAKES_ABOUT:
        return None  # "worries about 500 jobs", "a fight over 300 seats": a preposition
    return hedge


# An article or an owner before a percentage makes the noun after it what it measures: "the 4.1%
# unemployment rate", "a 7% mortgage rate", "Apple's 5% stake", "a nearly 3% raise"; not "it's 5%
# higher".
_BEFORE_A_RATE = re.compile(
    r"(?:\b(?:[Aa]n?|[Tt]he|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|[Oo]ur)|"
    r"\b(?!(?:[Ii]t|[Tt]hat|[Tt]here|[Hh]ere|[Ww]hat|[Ww]ho|[Hh]e|[Ss]he)['’]s)[A-Za-z.]+['’]s)"
    rf"\s+(?:(?i:{_HEDGES})\s+)?$"
)
# ...but a change, odds or a yardstick alone says how much, not of what: "a 49% increase", "a
# 60% chance", "the Fed's 2% target" (figure lookup then reads the words before the number).
_NOT_OF_WHAT = frozenset(
    """increase decrease rise drop decline fall jump gain cut reduction hike spike surge bump
    uptick boost dip slide plunge climb chance risk probability likelihood odds target goal
    threshold benchmark mark level range average rate figure share majority""".split()
)


def _what(text: str, raw: _Raw, sentence: Span) -> str | None:
    """The short noun phrase right after the figure: "12,000 North Korean soldiers are..."."""
    pos = raw.end
    if raw.unit in ("times", AGE):
        return None  # "ten times larger" compares, "a 15-year-old boy" ages: neither counts
    if raw.unit == "percent":
        lead = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+)?")
        if not lead.match(text, pos, sentence[1]) and _BEFORE_A_RATE.search(
            text, max(sentence[0], raw.start - 40), raw.start
        ):
            lead = re.compile(r"\s+")  # "the 4.1% unemployment rate"
    elif raw.unit == "fraction":
        lead = re.compile(r"\s+(?:of\s+)?(?:the\s+|its\s+|their\s+)?")
    else:
        lead = re.compile(r"(?:-|\s+)")
    m = lead.match(text, pos, sentence[1])
    if not m:
        return _casualty(text, raw, sentence, pos, [])
    pos = m.end()
    words: list[str] = []
    used_of = False
    measure = raw.unit not in (None, "percent", "percentage points", "fraction")
    while len(words) < 6:
        token = _WORD_TOKEN.match(text, pos, sentence[1])
        if not token:
            break
        word = token.group(0)
        low = word.lower()
        if low == "of" and words and not used_of:
            nxt = _WORD_TOKEN.match(text, token.end() + 1, sentence[1])
            if nxt and nxt.group(0).lower() not in _WHAT_STOP:
                used_of = True
                words.append(word)
                pos = token.end() + 1
                continue
        if not words and low == "plus" and text[pos - 1] == "-":
            pos = token.end() + 1  # "closing 1,000-plus schools": the schools
            continue
        sized = text[pos - 1 : pos] == "-" and text[token.end() : token.end() + 1] == " "
        if not words and low in _SIZE_WORDS and sized:
            pos = token.end() + 1  # "the 130-person Congress": the size of Congress
            continue
        if _plural_noun(raw, low, words) and not used_of:
            pass  # "61 home runs", "10 wins": a verb after more than one would not end in -s
        elif low in _WHAT_STOP or (low.endswith("ly") and low not in _NOT_ADVERB):
            break
        if word in _ENDS_WHAT:  # lower case: "Build Back Better" is a name
            break
        if not words and _verb_first(text, token, sentence):
            break  # "including one involving a vehicle accident", "446,000, compared with"
        if not words and measure and word.islower() and low in _SAYS_WHERE_OR_HOW:
            if text[pos - 1] == "-" and text[token.end() : token.end() + 1] == " ":
                pos = token.end() + 1  # "a 94-foot-long model": the model
                continue
            break
        if words and (
            low.endswith("ed")
            or low in _VERBS_AFTER_NOUN
            or (low.endswith("ing") and not word[0].isupper())
        ):
            break
        if low in _UNIT_WORDS or low in ("a", "an"):
            break
        pos = token.end()
        if (
            len(word) <= 4
            and word[0].isupper()
            and _ABBREVIATION_GOES_ON.match(text, pos, sentence[1])
        ):
            word, pos = f"{word}.", pos + 1  # "Rochester Gas & Electric Corp. customers"
        words.append(word)
        if text[pos : pos + 1] != " ":
            break
        pos += 1
        if word[0].isupper() and (amp := _AMPERSAND_IN_NAME.match(text, pos, sentence[1])):
            words.append("&")
            pos = amp.end()
    while words and words[-1].lower() == "of":
        words.pop()
    if raw.unit == "percent" and len(words) == 1 and words[0].lower() in _NOT_OF_WHAT:
        return None  # "a 49% increase" in what, "a 60% chance" of what: the words after say
    return _casualty(text, raw, sentence, pos, words) or " ".join(words) or None


# Words after a hyphen that give a body's size: "the 130-person Congress", "a 12-member jury".
_SIZE_WORDS = frozenset("person member man woman strong seat".split())

# The verbs' "-s" forms that are also plural nouns ("home runs", "10 wins", "two shows"), unlike
# "says", "continues" or "becomes".
_VERBS_ALSO_PLURALS = frozenset(
    "runs hits wins falls shows results needs supports faces covers leaves rises".split()
)


def _plural_noun(raw: _Raw, low: str, words: list[str]) -> bool:
    """Whether a verb's "-s" form after a count above one is a plural noun: the count's verb
    would agree with a plural ("61 home runs", "10 wins"; "one home runs on solar")."""
    return (
        raw.unit is None
        and raw.value != 1
        and low in _VERBS_ALSO_PLURALS
        and not (words and words[-1].lower().endswith("s"))
    )


# A verb form right after the number says what the counted thing did, not what it is, where an
# object or a pause follows: "including one involving a vehicle accident", "$100,000 compared to",
# "short of the 75 needed."; before a noun it is an adjective ("confirmed cases", "starting
# pitchers"), and "one thing is certain" is a noun.
_PAST_FORM = re.compile(r"[a-z]{2,}[^e]ed")  # not "speed" or "seed"
_ING_FORM = re.compile(r"[a-z]+ing")
_OBJECT_STARTS = frozenset("a an the his her their its our my your him them us me".split())


def _verb_first(text: str, token: re.Match[str], sentence: Span) -> bool:
    """Whether the word right after a number is a verb with an object or a pause after it."""
    word = token.group(0)
    nxt = _WORD_TOKEN.match(text, token.end() + 1, sentence[1])
    if text[token.end() : token.end() + 1] != " " or nxt is None:
        return _PAST_FORM.fullmatch(word) is not None
    following = nxt.group(0).lower()
    if _PAST_FORM.fullmatch(word):
        return following in _WHAT_STOP
    return _ING_FORM.fullmatch(word) is not None and following in _OBJECT_STARTS


def _people(word: str) -> bool:
    """A noun for people: "residents", or a people's name ("Afghans", "Marines")."""
    return word.lower() in PERSON_NOUNS or (word[0].isupper() and word.endswith("s"))


def _casualty(text: str, raw: _Raw, sentence: Span, pos: int, words: list[str]) -> str | None:
    """What a count of people suffered, when the sentence says: "30 people were killed" ->
    "people killed", "20 more were missing" -> "people missing", "killed nearly 26,000" ->
    "people killed". A death toll is looked up by its deaths, not by "people"."""
    let_go = _let_go(text, raw, sentence, pos, words)
    if let_go or raw.unit is not None or (words and not _people(words[-1])):
        return let_go
    if not words and _PARENT_OF.search(text, max(sentence[0], raw.start - 30), raw.start):
        return None
    who = " ".join(words) or "people"
    after = _SUFFERED_AFTER.match(text, pos if words else raw.end, sentence[1])
    if after:
        if after.group(1):
            return f"{who} {after.group(1).lower()}"
        if _MADE_TO.search(text, max(sentence[0], raw.start - 40), raw.start):
            return f"{who} {'evacuated' if after.group(2) == 'evacuate' else 'fled'}"
    ordered = _ORDERED_BEFORE.search(text, max(sentence[0], raw.start - 60), raw.start)
    if ordered and not _LIFTED.search(
        text, max(sentence[0], ordered.start() - 20), ordered.start()
    ):
        return f"{who} evacuated"
    before = _SUFFERED_BEFORE.search(text, max(sentence[0], raw.start - 40), raw.start)
    return f"{who} {_SUFFERED_PAST[before.group(1).lower()]}" if before else None


def _let_go(text: str, raw: _Raw, sentence: Span, pos: int, words: list[str]) -> str | None:
    """What a count or share of an employer's people let go is: "laying off 3,700 staff" ->
    "staff laid off", "cut 10% of its workforce" -> "workforce cut", "500 jobs were cut" ->
    "jobs cut"; figure lookup finds both by "layoffs"."""
    if not words or words[-1].lower() not in LET_GO_NOUNS:
        return None
    if raw.unit not in (None, "percent", "fraction"):
        return None
    before = _LET_GO_BEFORE.search(text, max(sentence[0], raw.start - 40), raw.start)
    after = _LET_GO_AFTER.match(text, pos, sentence[1])
    verb = before.group(1) if before else after.group(1) if after else None
    if verb is None:
        return None
    return f"{' '.join(words)} {'cut' if verb.lower().startswith('cut') else _LAID_OFF}"
