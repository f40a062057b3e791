"""How much of a question a text holds: the question's words weighed by their IDF, the share
of that weight a text's words cover (names it mentions by an alias and short forms it spells
out count), and the word pairs that keep a phrase's order ("troops in Russia")."""

from __future__ import annotations

import math
import re
from itertools import pairwise

from index.aliases import PREFIX, aliases, mentioned
from index.terms import STOP_WORDS, content_stems, spellings, stem, tokens

_LOWER_WORD = re.compile(r"\b[a-z][a-z]+\b")


def idf(terms: list[str], found: dict[str, int], n: int) -> dict[str, float]:
    """{stem: BM25's IDF} of terms, each counted as the commoner of its spellings in `found`
    ({word: passages holding it} of n)."""
    out: dict[str, float] = {}
    for term in terms:
        df = max(found[v] for v in spellings(term))
        out[stem(term)] = math.log(1 + (n - df + 0.5) / (df + 0.5))
    return out


def question_pairs(question: str) -> frozenset[tuple[str, str]]:
    """The question's word pairs (see `_pairs`), less those of two stop words ("of the")."""
    words = tokens(question)
    return _pairs(words) - _pairs([w for w in words if w in STOP_WORDS])


def text_pairs(text: str) -> frozenset[tuple[str, str]]:
    """Every word pair of text (see `_pairs`)."""
    return _pairs(tokens(text))


def _pairs(words: list[str]) -> frozenset[tuple[str, str]]:
    """Stems of adjacent words ("troops in"), and of adjacent words once stop words are left
    out ("troops russia" in "troops in Russia"), so a phrase matches with or without them."""
    stemmed = [stem(w) for w in words]
    content = [s for s, w in zip(stemmed, words, strict=True) if w not in STOP_WORDS]
    return frozenset(pairwise(stemmed)) | frozenset(pairwise(content))


def _aliased(names: set[str], words: list[str]) -> frozenset[str]:
    """The stems of the names that words mention only by an alias ("Seoul" in "South Korea
    said"), so coverage counts them as present."""
    return frozenset(stem(n.lower()) for n in names if aliases(n) and mentioned(n, words))


def _shortened(
    question: str, weights: dict[str, float], present: frozenset[str], words: list[str]
) -> frozenset[str]:
    """The stems of the question's lower-case words of PREFIX letters or more that words hold
    only as the start of a longer word ("intel" of "intelligence"), so coverage counts them as
    present; not names ("Korea" of "Korean" is another country)."""
    lower = {stem(w) for w in _LOWER_WORD.findall(question)}
    wanted = [t for t in weights if len(t) >= PREFIX and t in lower and t not in present]
    return frozenset(t for t in wanted if any(w.startswith(t) for w in words))


def present_terms(
    question: str, weights: dict[str, float], names: set[str], text: str
) -> frozenset[str]:
    """The terms text holds as coverage counts them: its stems, the question's names it holds
    by an alias, the question's short forms it spells out."""
    words = tokens(text)
    present = content_stems(text) | _aliased(names, words)
    return present | _shortened(question, weights, present, words)


def covered(weights: dict[str, float], present: frozenset[str]) -> float:
    """The share of the weights' total that the terms present hold."""
    total = sum(weights.values())
    if not total:
        return 0.0
    return sum(w for term, w in weights.items() if term in present) / total
