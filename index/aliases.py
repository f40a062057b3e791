"""Other names the coverage may use for a name in a question.

News calls a government by its capital ("Seoul said", "talks between Moscow and Pyongyang"), and
people asking in Slack shorten names to initials ("NK troops"). A question that names something
the coverage only calls otherwise is still about the coverage: search must not withhold the answer
for want of the exact word (index/search.py, `Searcher._judge` and `unknown_names`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

# A seat of government -> the country (or body) that news means by it. World knowledge, not
# knowledge of any one story: each alias is a phrase whose words must all be present.
CAPITALS: dict[str, tuple[str, ...]] = {
    "abuja": ("nigeria",),
    "ankara": ("turkey", "turkish"),
    "athens": ("greece", "greek"),
    "baghdad": ("iraq",),
    "beijing": ("china", "chinese"),
    "berlin": ("germany", "german"),
    "brussels": ("european union", "nato", "belgium"),
    "cairo": ("egypt",),
    "canberra": ("australia",),
    "caracas": ("venezuela",),
    "damascus": ("syria",),
    "delhi": ("india",),
    "doha": ("qatar",),
    "havana": ("cuba",),
    "islamabad": ("pakistan",),
    "jakarta": ("indonesia",),
    "jerusalem": ("israel",),
    "kabul": ("afghanistan", "taliban"),
    "kiev": ("ukraine",),
    "kremlin": ("russia",),
    "kyiv": ("ukraine",),
    "london": ("britain", "british", "united kingdom"),
    "madrid": ("spain", "spanish"),
    "manila": ("philippines",),
    "minsk": ("belarus",),
    "moscow": ("russia", "kremlin"),
    "ottawa": ("canada",),
    "paris": ("france", "french"),
    "pentagon": ("defense department", "defence ministry", "united states"),
    "pretoria": ("south africa",),
    "pyongyang": ("north korea", "dprk"),
    "riyadh": ("saudi",),
    "rome": ("italy", "italian"),
    "seoul": ("south korea",),
    "taipei": ("taiwan",),
    "tehran": ("iran",),
    "tokyo": ("japan",),
    "warsaw": ("poland", "polish"),
    "washington": ("united states", "white house", "america"),
    "whitehall": ("britain", "british"),
}

PREFIX = 5  # names are matched by their first letters: "Zelensky" finds "Zelenskyy"

_WORD = re.compile(r"[^\W_]+")


def aliases(name: str) -> tuple[tuple[str, ...], ...]:
    """Each other name for name, as the word prefixes it takes (one tuple per alias)."""
    return tuple(
        tuple(w[:PREFIX] for w in alias.split()) for alias in CAPITALS.get(name.lower(), ())
    )


def mentioned(name: str, words: Iterable[str]) -> bool:
    """Whether lowercased words mention name, or every word of one of its aliases, by prefix."""
    prefixes = {w[:PREFIX] for w in words}
    if name.lower()[:PREFIX] in prefixes:
        return True
    return any(all(p in prefixes for p in alias) for alias in aliases(name))


def all_mentioned_in(names: Iterable[str], text: str) -> bool:
    """Whether text mentions every one of names (`mentioned`), for a long text: no tokenising
    or lower-casing (an article may run to 100k characters and be read for 40 candidates), the
    prefixes looked for in lower case, capitalised and in capitals by substring search."""
    return all(
        _starts_a_word(text, name.lower()[:PREFIX])
        or any(all(_starts_a_word(text, p) for p in alias) for alias in aliases(name))
        for name in names
    )


def _starts_a_word(text: str, prefix: str) -> bool:
    """Whether a word of text starts with prefix (given in lower case) in one of its cases."""
    forms = (prefix.capitalize(), prefix, prefix.upper())  # as names are most often written first
    return any(_at_word_start(text, form) for form in forms)


def _at_word_start(text: str, part: str) -> bool:
    i = text.find(part)
    while i > 0 and text[i - 1].isalnum():
        i = text.find(part, i + 1)
    return i >= 0


def spelled_out(acronym: str, texts: Iterable[str]) -> str | None:
    """The phrase of capitalised words whose initials spell acronym ("NK": "North Korea") that
    texts use most often, or None. Its words must stand together: "Ussuriysk, Khabarovsk"
    does not spell "UK"."""
    letters = acronym.upper()
    n = len(letters)
    found: Counter[str] = Counter()
    for text in texts:
        words = _WORD.findall(text)
        for i in range(len(words) - n + 1):
            run = words[i : i + n]
            if all(_capitalised(w) for w in run) and "".join(w[0] for w in run) == letters:
                phrase = " ".join(run)
                if phrase in text:
                    found[phrase] += 1
    return found.most_common(1)[0][0] if found else None


def _capitalised(word: str) -> bool:
    """A capitalised word that is not itself initials ("North", not "UN")."""
    return word[0].isupper() and not word.isupper()
