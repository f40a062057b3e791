"""Number expressions in English news text: the regex that finds them and their numeric values.

Handles digits with thousands separators and decimals ("12,000", "1.2"), scale words and
abbreviations ("1.2 million", "2.8bn", "$35m"), spelled-out numbers ("ten thousand",
"twenty-five", "two and a half", "a dozen", "half a million") and simple fractions ("half",
"two-thirds"). Values are computed with `Decimal` so "1.2 million" is exactly 1200000.0.
"""

from __future__ import annotations

import re
from decimal import Decimal

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {
    "hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
    "k": 10**3, "m": 10**6, "mn": 10**6, "mil": 10**6, "b": 10**9, "bn": 10**9, "tn": 10**12,
}  # fmt: skip
FRACTIONS = {
    "half": Decimal("0.5"), "third": Decimal(1) / 3, "thirds": Decimal(1) / 3,
    "quarter": Decimal("0.25"), "quarters": Decimal("0.25"),
}  # fmt: skip

_WORD = "|".join(sorted(UNITS, key=len, reverse=True))
_SCALE_WORD = "hundred|thousand|million|billion|trillion"
# "and" joins only after a scale word ("two hundred and fifty"), so that "between two and three"
# stays two numbers.
_WORD_SEQ = (
    rf"(?:{_WORD})(?:(?:[ -]+|(?<=hundred) and |(?<=thousand) and |(?<=million) and )"
    rf"(?:{_WORD}|{_SCALE_WORD})\b)*"
)
_FRACTION = r"(?:(?:one|a|two)[ -]thirds?|(?:one|a|three)[ -]quarters?|half)"

# One number expression, optionally preceded by a currency marker. Groups: cur, dig, scale,
# frac, word, halfof, ahalf.
# A number may follow a range's dash ("10-12", "10%-12%", "$1.2bn-$1.5bn"); a minus sign only
# opens a number that stands alone ("fell to -5"), never the second end of a range, nor a
# margin ("plus or minus 3.9 points").
NUMBER = re.compile(
    r"(?:(?<![\w.,$-])|(?<=[\d%][-–])|(?<=\d[kmbKMB][-–])|(?<=\d[bmt]n[-–])|(?<=\bsub-))"
    r"(?P<sign>(?<![^\s(\[:])[-−]|(?<![Pp]lus or )(?i:minus)[ -])?"
    r"(?P<cur>(?:US|HK|NZ|S) ?\$|\$(?:US|A)|A\$|C\$|R\$|\$|£|€|¥|₹|RM|Rs\.? ?|"
    r"(?:USD|EUR|GBP|AUD|CAD|INR|JPY|CNY) ?)?"
    r"(?(cur)(?P<sign2>-)?)"  # "$-5", after a currency only
    r"(?:"
    r"(?P<dig>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?:\.\d+)?|"
    r"\d+(?:\.\d+)?|\.\d+)(?![.,]\d)"
    rf"(?P<scale>(?:[ -](?i:{_SCALE_WORD}))+\b|(?:bn|mn|tn|mil|k|m|M|b)\b)?"
    rf"|(?i:(?P<halfof>\bhalf an? (?:{_SCALE_WORD}|dozen))\b)"
    rf"|(?i:\b(?P<frac>{_FRACTION})\b)(?!-)"
    rf"|(?i:\b(?P<word>(?:an? (?:dozen|{_SCALE_WORD})|{_WORD_SEQ}(?: dozen\b)?)"
    rf"(?P<ahalf> and a half)?(?:[ -](?:{_SCALE_WORD}))?)\b)"
    r")"
)


def scale_factor(scale: str | None) -> int:
    """The multiplier of scale words as written: " hundred million" -> 100000000."""
    factor = 1
    for word in re.split(r"[ -]", (scale or "").lower()):
        if word:
            factor *= SCALES[word]
    return factor


def parse_digits(digits: str, scale: str | None = None) -> float:
    """Value of digits with optional scale words: ("1.2", " million") -> 1200000.0."""
    plain = re.sub(r"[,\u00a0\u202f\u2009]", "", digits)  # "12,000", "12\u202f000"
    return float(Decimal(plain) * scale_factor(scale))


def parse_words(words: str) -> float | None:
    """Value of spelled-out numbers: "ten thousand" -> 10000, "two and a half" -> 2.5."""
    tokens = re.split(r"[\s-]+", words.lower().strip())
    if tokens[:1] == ["half"]:  # "half a million"
        rest = parse_words(" ".join(tokens[1:]))
        return None if rest is None else rest / 2
    total = Decimal(0)
    current = Decimal(0)
    seen = False
    half = False
    for i, token in enumerate(tokens):
        if token == "and":
            if tokens[i + 1 : i + 3] == ["a", "half"]:
                half = True
                current += Decimal("0.5")
                break
            continue
        if token in ("a", "an"):
            current = Decimal(1)
            seen = True
        elif token == "dozen":
            current = (current or Decimal(1)) * 12
            seen = True
        elif token in UNITS:
            current += UNITS[token]
            seen = True
        elif token in _SCALE_WORD.split("|"):
            scale = SCALES[token]
            current = (current or Decimal(1)) * scale
            if scale >= 1000:
                total += current
                current = Decimal(0)
            seen = True
        else:
            return None
    if half:
        # "two and a half million": the scale after the half multiplies the whole.
        for later in tokens[tokens.index("half") + 1 :]:
            current *= SCALES.get(later, 1)
    return float(total + current) if seen else None


def parse_fraction(words: str) -> float | None:
    """Value of a fraction word: "half" -> 0.5, "two-thirds" -> 0.667 (rounded to 3 places)."""
    tokens = re.split(r"[\s-]+", words.lower().strip())
    if tokens == ["half"]:
        return 0.5
    if len(tokens) != 2 or tokens[1] not in FRACTIONS:
        return None
    count = 1 if tokens[0] in ("a", "an", "one") else UNITS.get(tokens[0], 0)
    return round(float(count * FRACTIONS[tokens[1]]), 3)
