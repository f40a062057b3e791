"""Words as search sees them: tokens, a light stemmer, stop words, numbers without commas."""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer

_SNOWBALL = snowballstemmer.stemmer("english")
_SNOWBALL_LOCK = threading.Lock()  # a stemmer keeps the word in hand on itself: not thread-safe
_STEMMED: dict[str, str] = {}
_STEMMED_MAX = 50_000
# British -ise spellings meet American -ize ones ("militarised" / "militarized").
_BRITISH = re.compile(r"is(e|ed|es|ing|ation|ations)$")

# British spellings and their American forms, as the start of a word ("defences" is
# "defenses"), so a question in either spelling meets coverage in the other.
_SPELLINGS = tuple(
    tuple(pair.split("/"))
    for pair in """defence/defense offence/offense licence/license pretence/pretense
    centre/center theatre/theater metre/meter litre/liter fibre/fiber calibre/caliber
    manoeuvr/maneuver programme/program labour/labor colour/color honour/honor favour/favor
    behaviour/behavior neighbour/neighbor harbour/harbor armour/armor rumour/rumor
    endeavour/endeavor humour/humor vapour/vapor valour/valor saviour/savior tumour/tumor
    catalogue/catalog analys/analyz paralys/paralyz travell/travel cancell/cancel
    modell/model fuell/fuel labell/label signall/signal counsell/counsel jewellery/jewelry
    grey/gray sceptic/skeptic aluminium/aluminum ageing/aging plough/plow""".split()
)

STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    many much say says said tell told according also whether did does done get got make made
    there's what's who's let us shall may might must ever""".split()
) | {  # negated auxiliaries, with either apostrophe: "Why hasn't Seoul sent weapons?"
    f"{aux}{mark}t"
    for aux in "isn aren wasn weren hasn haven hadn doesn don didn won wouldn can couldn "
    "shouldn mustn".split()
    for mark in "'’"
}

_POSSESSIVES = ("'s", "’s")
_WORD = re.compile(r"\d[\d,]*(?:\.\d+)?|[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)

# Nouns for people: "how many people" is answered by "10,000 employees"; figures keep what
# befalls them ("30 people were killed").
PERSON_NOUNS = frozenset(
    """people persons residents civilians children adults men women others more victims
    soldiers troops passengers workers migrants patients students villagers fans boys
    girls members personnel officers firefighters employees inmates prisoners tourists
    visitors protesters demonstrators journalists hostages refugees survivors sailors marines
    citizens americans""".split()
)


def tokens(text: str) -> list[str]:
    """Lower-cased word and number tokens, accents folded ("12,000" -> "12000", "Russia's" ->
    "russia", "Pelé" -> "pele")."""
    out = []
    for word in _WORD.findall(text):  # findall, not finditer: quotes tokenise many sentences
        if word[0].isdigit():
            word = word.replace(",", "")
            if word.endswith(".0"):
                word = word[:-2]
        else:
            word = word.lower()
            if not word.isascii():
                word = fold_accents(word)
            if word[-2:] in _POSSESSIVES:
                word = word[:-2]
        out.append(word)
    return out


def fold_accents(word: str) -> str:
    """word without its accents, as people type names in Slack: "Pelé" -> "pele", "São" ->
    "sao" (FTS5's tokenizer folds them likewise)."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def american(word: str) -> str:
    """word (lower case) in American spelling: "defence" -> "defense"."""
    for british, us in _SPELLINGS:
        if word.startswith(british):
            return us + word[len(british) :]
    return word


def spellings(word: str) -> tuple[str, ...]:
    """word (lower case) and its other spelling, if it has one ("defense", "defence")."""
    for british, us in _SPELLINGS:
        if word.startswith(british):
            return word, us + word[len(british) :]
        if word.startswith(us):
            return word, british + word[len(us) :]
    return (word,)


def stem(word: str) -> str:
    """The English (Porter2) stem, so "aggressively" meets "aggressive" and "deployed" meets
    "deployment" when quotes are scored against a question."""
    hit = _STEMMED.get(word)  # a dict, not lru_cache: quoting stems thousands of words a question
    if hit is not None:
        return hit
    if word[0].isdigit() or len(word) <= 3:
        return word  # numbers are not kept: a stream of questions holds endless new ones
    british = _BRITISH.sub(r"iz\1", american(word))
    with _SNOWBALL_LOCK:
        found: str = _SNOWBALL.stemWord(british)
    if len(_STEMMED) >= _STEMMED_MAX:
        _STEMMED.clear()
    _STEMMED[word] = found
    return found


def content_terms(text: str) -> list[str]:
    """The distinct non-stop-word tokens of text, in order."""
    return list(dict.fromkeys(t for t in tokens(text) if t not in STOP_WORDS))


def stems(text: str) -> set[str]:
    return {stem(t) for t in tokens(text) if t not in STOP_WORDS}


@lru_cache(maxsize=4096)
def sentence_stems(sentence: str) -> frozenset[str]:
    """The stems of all of a sentence's words (stop words too), remembered: a question's quotes
    score the same sentences several times (key sentence, widening, the answer check)."""
    return frozenset(map(stem, tokens(sentence)))


@lru_cache(maxsize=4096)
def content_stems(sentence: str) -> frozenset[str]:
    """`stems` of a sentence, remembered likewise."""
    return frozenset(stems(sentence))
