"""Look up reported figures by what they count, grouped by quantity, each with its sentence.

"troops", "soldiers" and "North Korean forces" find the same figures: a `what` phrase matches a
topic when it is close in meaning (MiniLM cosine) or shares the topic's head word, and the match
then spreads to the phrases that share a head noun with a close one ("soldiers" -> "North Korean
soldiers"). Meaning alone is not enough: single words sit close to many things ("troops" and
"war" score 0.70, "troops" and "North Korean soldiers" only 0.55), so the threshold is high and
the head words do the rest.

A topic's other words narrow a match by its head noun ("unemployment rate" is not "interest
rate"), and words for one count are one word ("deaths", "killed", "death toll").

A figure the extractor found no `what` for is described by the words before its number in its
clause ("Russia's recruitment plan was 78%"), so it can still be found by words; alone, it
joins the figures of the same value ("the Fed's 2% target", "its 2% goal").

Groups never mix stories: the figures of a group are split by the story their articles tell
(index/stories.py), so the death toll of a fire and of an earthquake stand apart. Nor do they mix
owners (index/figure_owners.py): Microsoft's job cuts stand apart from Meta's.
"""

from __future__ import annotations

import itertools
import logging
import re
import threading
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from index.embed import Embedder
from index.errors import NoIndex, require_text
from index.figure_owners import Owner, Tie, owner, same_owner, tied, ties
from index.figure_years import past_year
from index.figures import LET_GO_NOUNS, SUFFERED
from index.measures import says_things, unit_needs
from index.models import Source
from index.numbers import SCALES
from index.phrase_vectors import phrase_vectors
from index.store import DB_NAME, FIGURES_CHANGED, Store
from index.stories import STORY_THRESHOLD, article_vectors, cluster_vectors
from index.terms import STOP_WORDS, stem, stems, tokens

log = logging.getLogger(__name__)

MAX_TOPIC_CHARS = 200
# Calibrated with MiniLM on the seeds: troops~soldiers 0.89, "North Korean forces"~"North Korean
# troops" 0.92 and ~"North Korean special warfare troops" 0.81 must match; troops~war 0.70,
# troops~brigades 0.57 and recruitment~personnel 0.62 must not.
SAME_MEANING = 0.78
ATTACH = 0.5  # a figure with no `what` joins the closest group above this
MAGNITUDE_GAP = 10.0  # 1.2 million troops (an army's size) is not the same quantity as 12,000
NEAREST = 5
# Over this many articles a group is split into stories in one pass: clustering 1,000 that form
# 20 stories takes 0.4 s on 2 cores, and time grows with the cube.
MAX_STORY_ARTICLES = 1000
STORY_DAYS = 30  # a longer gap between reports starts another story
CONTEXT_WORDS = 8
BEFORE_CHARS = 300  # of the text before a figure's sentence, read to check a topic's words
AFTER_CHARS = 60  # of its sentence after a number, read for a rate ("a month")
SENTENCES_PER_QUERY = 500
LABEL_CACHE = 1 << 20  # labels whose head and stems are remembered
LABELS_AT_ONCE = 8192  # label vectors compared with the focus labels' in one product
# Units whose number counts, shares out or prices the thing named before it ("78% of the
# plan", "gas prices rose to $5"); a distance or duration measures something else, so the words
# before it are not what it counts.
_COUNTING_UNITS = {None, "percent", "percentage points", "fraction"}
_CURRENCY = re.compile(r"[A-Z]{3}")  # "USD", "EUR": the units money amounts are given in
_QUANTITY_WORDS = {"number", "amount", "count", "total", "figure", "estimate", "many", "much"}
# "30,000 soldiers a month" is a rate, not the same quantity as "12,000 soldiers".
_RATE = re.compile(
    r"[^.;:!?–—]{0,30}?(?<!within )(?<!in )(?<!for )(?<!over )(?<!than )(?<!after )"
    r"\b(?:a|per|each|every)\s+(day|week|month|year)\b(?!\s+(?:ago|earlier|later|before))",
    re.IGNORECASE,
)
# A span of time that says when, not how long: "30 years later", "two months ago" is no term.
_WHEN = re.compile(r"\s+(later|earlier|ago)\b", re.IGNORECASE)
_TIME_UNITS = frozenset("years months weeks days hours minutes".split())
# What ends the clause a what-less figure's words are taken from: "30 people were killed and
# 20 ..." must not make the 20 a count of killed; nor "killing two boys, ages 11 and 13".
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]–—]|\d|\b(?:and|but|while|whereas|or)\b", re.IGNORECASE)
# The other end of a range or change before a number: "from 3.6% to", "2,000 to about".
_RANGE_TAIL = re.compile(
    r"(?:[$€£]?\d[\d.,]*\s*(?:%|percent|per cent|[mb]illion|thousand)?\s*"
    r"(?:to|and|or|from|-|–)\s*(?:(?:more than|less than|about|nearly|around|over|some|just|"
    r"roughly|approximately|almost)\s+)?)+$",
    re.IGNORECASE,
)
# A name of two or more capitalised words after the clause's first word says where or who,
# not what is counted: "Death Valley potentially hitting 125" is no death toll.
_PLACE_NAME = re.compile(r"(?<=[a-z,;]\s)(?:[A-Z][a-z]+\s)+[A-Z][a-z]+\b")
_LINKING = frozenset(
    """numbering totaling totalling total totals bringing reaching reached estimated put at to
    up of the a an some about around nearly almost roughly approximately over more than least
    now""".split()
)
# Words that name the same count: "deaths" finds "people killed", "died", "the death toll".
_SAME_COUNT = {
    **dict.fromkeys("death dead die kill fatal fatality casualti toll".split(), "death"),
    **dict.fromkeys("injur wound hurt".split(), "injur"),
}
# A compound's split and verb forms are the compound: "laid off", "lay off" count layoffs; so
# do an employer's people or jobs cut ("staff cut", "jobs cut", "job cuts").
_LAYOFF = re.compile(r"\b(?:lay|lays|laid|laying)[\s-]+offs?\b", re.IGNORECASE)
_CUT = re.compile(rf"\b({'|'.join(sorted(LET_GO_NOUNS))}|job)\s+cuts?\b", re.IGNORECASE)
_PREPOSITIONS = {
    "of", "in", "on", "at", "to", "for", "from", "by", "with", "into", "near", "without"
}  # fmt: skip
_ANYONE = {"peopl", "person"}
_PREFIX = 5
# A participle after the counted noun: "jobs added", "acres burned", "people missing".
_PARTICIPLE = re.compile(
    r"(?!hundred$)[a-z]{2,}[^e\W]ed|[a-z]+ied|missing|lost|left|burnt|sold|built|held|won|hit|cut"
)

# Every figure without its sentence (`_read_rows` reads from each article's text, once, the
# words before a what-less figure's number and the few characters after every number: a rate,
# "30,000 soldiers a month"; SQLite's substr walks the text anew for each figure, 5.4 s
# against 1.1 s for 247,011 figures).
_FIGURE_SQL = (
    'SELECT f.id, f.value, f.text, f.unit, f.what, f.hedge, f.claimant, f.start, f."end", '
    "f.sentence_start, f.sentence_end, "
    "a.path, a.title, a.outlet, a.author, a.date, a.url, f.article_id FROM figures f "
    "JOIN articles a ON a.id = f.article_id"
)
_TEXTS_SQL = "SELECT id, text FROM articles WHERE id IN ({ids})"
_TEXT_SQL = "SELECT text FROM articles WHERE id = ?"
# A figure's sentence and the text just before it, read for the figures a lookup may show.
_SENTENCE_SQL = (
    "SELECT f.id, substr(a.text, f.sentence_start + 1, f.sentence_end - f.sentence_start), "
    f"substr(a.text, max(1, f.sentence_start + 1 - {BEFORE_CHARS}), "
    f"min({BEFORE_CHARS}, f.sentence_start)) FROM figures f "
    "JOIN articles a ON a.id = f.article_id WHERE f.id IN ({ids})"
)
# What tells that the figures have changed since they were read (`_read`).
_FIGURES_STAMP_SQL = (
    "SELECT (SELECT count(*) || ':' || max(id) || ':' || total(id) FROM figures), "
    "(SELECT total(length(path) * id) FROM articles), "
    "(SELECT value FROM settings WHERE key = 'generation'), "
    "(SELECT value FROM settings WHERE key = 'figures_version'), "
    f"(SELECT value FROM settings WHERE key = '{FIGURES_CHANGED}')"
)


@dataclass(frozen=True)
class Figure:
    """One reported quantity with its sentence: sentence == article text[start:end]."""

    id: int
    value: float
    text: str  # the number as written: "12,000", "$400 million"
    unit: str | None
    what: str | None  # what it counts, as the extractor found it
    hedge: str | None
    claimant: str | None
    sentence: str
    start: int
    end: int
    source: Source
    # When `what` is None: the words before the number, for matching (for a measure such as
    # "185 mph", its unit).
    context: str = ""
    rate: str | None = None  # "month" for "30,000 soldiers a month"
    # Where the number itself is in the article (text == article text[number_start:number_end]);
    # None when not known, as for figures made by hand.
    number_start: int | None = None
    number_end: int | None = None
    article_id: int | None = None  # the article it is in, when read from the store
    before: str = ""  # the text just before its sentence, for the words a topic requires

    @property
    def label(self) -> str:
        return self.what or self.context

    @property
    def source_name(self) -> str:
        """Who reports it: "by" the claimant or outlet, else "in" the article."""
        named = self.claimant or self.source.outlet
        return f"by {named}" if named else f"in {self.source.title or self.source.path}"

    def to_json(self) -> dict[str, Any]:
        """The documented `figures --json` shape of one figure."""
        value = int(self.value) if float(self.value).is_integer() else self.value
        s = self.source
        return {
            "value": value,
            "text": self.text,
            "unit": self.unit,
            "what": self.what or "",
            "hedge": self.hedge,
            "claimant": self.claimant,
            "quote": {"text": self.sentence, "start": self.start, "end": self.end},
            "number": {"start": self.number_start, "end": self.number_end},
            "source": {"path": s.path, "title": s.title, "outlet": s.outlet, "date": s.date,
                       "url": s.url},
        }  # fmt: skip


@dataclass(frozen=True)
class FigureGroup:
    """Figures that report the same quantity, with a one-line summary of their spread."""

    summary: str
    what: str
    unit: str | None
    figures: tuple[Figure, ...]
    year: int | None = None  # an earlier year its figures belong to (index/figure_years.py)

    def to_json(self) -> dict[str, Any]:
        return {
            "summary": self.summary,
            "what": self.what,
            "unit": self.unit,
            "year": self.year,
            "figures": [f.to_json() for f in self.figures],
        }


@dataclass(frozen=True)
class FigureLookup:
    """What `lookup_figures` found; with no groups, `nearest` names topics that do exist."""

    topic: str
    groups: tuple[FigureGroup, ...]
    nearest: tuple[str, ...] = ()


def open_store(data_dir: Path) -> Store:
    """The index's database, for reading figures without loading the vector index."""
    if not (data_dir / DB_NAME).exists():
        raise NoIndex(f"no index in {data_dir}; run `newsdesk index PATH...` first")
    return Store(data_dir)


def all_figures(store: Store) -> list[Figure]:
    """Every stored figure with its sentence, by date (undated last), then article and
    position."""
    return _with_sentences(store, stored_figures(store))


def stored_figures(store: Store) -> list[Figure]:
    """Every stored figure in `all_figures`' order, without its sentence: `group_figures`,
    given the store, reads the sentences of those it compares."""
    return sorted(_read(store), key=lambda f: (*_date_key(f), f.source.path, f.start))


def lookup_figures(store: Store, embedder: Embedder, topic: str) -> FigureLookup:
    """The figures whose counted thing matches topic, grouped by quantity, biggest group first."""
    topic = clean_topic(topic)
    figures = _read(store)
    labels = sorted({f.label for f in figures if f.label})
    if not labels:
        return FigureLookup(topic, ())
    vectors = dict(zip(labels, phrase_vectors(embedder, labels, store.data_dir), strict=True))
    qvec = embedder.encode([topic])[0]
    whole, by_head, required, measured = _matching_labels(
        topic, qvec, vectors, {f.what for f in figures if f.what}
    )
    topic_head = _head(topic)
    candidates = _with_sentences(
        store, [f for f in figures if f.label in whole or f.label in by_head or f.label in measured]
    )
    # Words after the head ("jobs added", "customers without power") say which of its
    # figures: the figure's own words must hold them.
    after = _count_stems(topic) - {topic_head} - _head_and_modifiers(topic)[1] - _ANYONE
    found = [
        f
        for f in candidates
        if f.label in whole
        or (
            f.label in measured
            and says_things(measured[f.label], f.label, f.sentence, f.before, _after_number(f))
        )
        or (f.label in by_head and _mentions(required, f, topic_head) and _says(after, f))
    ]
    if not found:
        whats = sorted({f.what for f in figures if f.what})
        scores = np.array([float(vectors[w] @ qvec) for w in whats])
        nearest = tuple(whats[i] for i in np.argsort(-scores, kind="stable")[:NEAREST])
        return FigureLookup(topic, (), nearest)
    return FigureLookup(topic, tuple(_groups(found, vectors, store)))


def group_figures(
    figures: Sequence[Figure],
    embedder: Embedder,
    focus: Collection[int] = (),
    store: Store | None = None,
) -> list[FigureGroup]:
    """Figures grouped by quantity as `lookup_figures` groups them (by story too, given the
    store that holds their articles).

    With `focus` (figure ids), only the groups holding a focus figure come back, and only the
    figures whose label could join a focus figure's (same head noun, or close in meaning) are
    compared at all.
    """
    figures = [f for f in figures if f.label]
    labels = sorted({f.label for f in figures})
    if not labels:
        return []
    data_dir = store.data_dir if store is not None else None
    vectors = dict(zip(labels, phrase_vectors(embedder, labels, data_dir), strict=True))
    if focus:
        focus_labels = sorted({f.label for f in figures if f.id in focus})
        if not focus_labels:
            return []
        heads = {_head(label) for label in focus_labels} - {None}
        near = np.vstack([vectors[label] for label in focus_labels])
        joinable = {label for label in labels if _head(label) in heads}
        for at in range(0, len(labels), LABELS_AT_ONCE):
            chunk = labels[at : at + LABELS_AT_ONCE]
            closest = np.max(np.vstack([vectors[label] for label in chunk]) @ near.T, axis=1)
            joinable.update(
                label for label, c in zip(chunk, closest, strict=True) if c >= SAME_MEANING
            )
        figures = [f for f in figures if f.id in focus or f.label in joinable]
    if store is not None and not all(f.sentence for f in figures):
        figures = _with_sentences(store, figures)
    groups = _groups(figures, vectors, store)
    return [g for g in groups if not focus or any(f.id in focus for f in g.figures)]


def clean_topic(topic: str) -> str:
    """The topic with its whitespace collapsed; raises BadInput if empty or too long."""
    return require_text(topic, "topic", MAX_TOPIC_CHARS)


def _read(store: Store) -> list[Figure]:
    """Every stored figure without its sentence (`_with_sentences` adds it), read once while
    the figures stay as they are: at 10,000 articles reading 247,000 figures takes 8 s."""
    stamp = (store.identity(), *store.db.execute(_FIGURES_STAMP_SQL).fetchone())
    key = str(store.path)
    with _READ_LOCK:
        held = _READ.get(key)
    if held is not None and held[0] == stamp:
        return held[1]
    figures = _read_rows(store)
    with _READ_LOCK:
        _READ[key] = (stamp, figures)
    return figures


def _read_rows(store: Store) -> list[Figure]:
    rows = store.db.execute(_FIGURE_SQL).fetchall()
    around = _around_numbers(store, rows)
    out = []
    for r in rows:
        fid, value, text, unit, what, hedge, claimant, fstart, fend, start, end = r[:11]
        lead, tail = around[fid]
        context = ""
        if not what and (unit in _COUNTING_UNITS or _CURRENCY.fullmatch(unit or "")):
            lead = _RANGE_TAIL.sub("", lead)  # "fell from 3.6% to [3.5%]": the rate fell
            clause = _PLACE_NAME.sub(" ", _clause_before(lead))
            before = [t for t in tokens(clause) if t not in STOP_WORDS]
            context = " ".join(before[-CONTEXT_WORDS:])
        elif not what and unit:
            context = unit  # "600 acres", "185 mph": found by what they measure in
            when = _WHEN.match(tail) if unit in _TIME_UNITS else None
            if when:  # "years later" is found by "years", never by what years measure
                context = f"{unit} {when.group(1).lower()}"
        rate = _RATE.match(tail)
        out.append(
            Figure(fid, value, text, unit, what, hedge, claimant, "", start, end,
                   Source(*r[11:17]), context, rate.group(1).lower() if rate else None, fstart,
                   fend, r[17])
        )  # fmt: skip
    return out


def _around_numbers(store: Store, rows: Sequence[tuple[Any, ...]]) -> dict[int, tuple[str, str]]:
    """{figure id: (its sentence up to its number if it has no `what`, else "", up to
    AFTER_CHARS of its sentence after the number)}, each article's text read once."""
    by_article: dict[int, list[tuple[Any, ...]]] = {}
    for r in rows:
        by_article.setdefault(r[17], []).append(r)
    ids = list(by_article)
    out: dict[int, tuple[str, str]] = {}
    for at in range(0, len(ids), SENTENCES_PER_QUERY):
        chunk = ids[at : at + SENTENCES_PER_QUERY]
        sql = _TEXTS_SQL.format(ids=",".join("?" * len(chunk)))
        for article_id, text in store.db.execute(sql, chunk):
            for r in by_article[article_id]:
                fid, what, fstart, fend, start, end = r[0], r[4], r[7], r[8], r[9], r[10]
                lead = "" if what else text[start:fstart]
                out[fid] = (lead, text[fend : fend + min(AFTER_CHARS, end - fend)])
    return out


def _with_sentences(store: Store, figures: Sequence[Figure]) -> list[Figure]:
    """The figures with their sentences and the text before them read in."""
    read: dict[int, tuple[str, str]] = {}
    ids = [f.id for f in figures]
    for at in range(0, len(ids), SENTENCES_PER_QUERY):
        chunk = ids[at : at + SENTENCES_PER_QUERY]
        sql = _SENTENCE_SQL.format(ids=",".join("?" * len(chunk)))
        for fid, sentence, before in store.db.execute(sql, chunk).fetchall():
            read[fid] = (sentence, before)
    return [
        replace(f, sentence=read[f.id][0], before=read[f.id][1]) for f in figures if f.id in read
    ]


# The figures of each data folder as last read, with what they were read under (`_read`).
_READ: dict[str, tuple[tuple[object, ...], list[Figure]]] = {}
_READ_LOCK = threading.Lock()


def _clause_before(text: str) -> str:
    """The words of the clause that ends at a number, going back past a comma when only a
    linking word follows it ("North Korean soldiers, numbering 2,600")."""
    parts = _CLAUSE_BREAK.split(text)
    marks = _CLAUSE_BREAK.findall(text)
    clause = parts[-1]
    while marks and marks[-1] == "," and set(tokens(clause)) <= _LINKING:
        marks.pop()
        parts.pop()
        clause = f"{parts[-1]}, {clause}"
    return clause


def _head(phrase: str) -> str | None:
    """The stem of a phrase's head noun: "containers of artillery shells" -> "container"."""
    return _head_and_modifiers(phrase)[0]


@lru_cache(maxsize=LABEL_CACHE)
def _head_and_modifiers(phrase: str) -> tuple[str | None, frozenset[str]]:
    """A phrase's head noun and the words before it, as stems: "unemployment rate" -> ("rate",
    {"unemploy"}). A participle after a noun is not its head ("jobs added", "homes destroyed"),
    except for the words of a death count ("people killed" -> "death")."""
    words = [t for t in tokens(_as_layoffs(phrase)) if not t[0].isdigit()]
    for cut, word in enumerate(words):
        if word in _PREPOSITIONS and cut and words[cut - 1] not in _QUANTITY_WORDS:
            words = words[:cut]
            break
    content = [w for w in words if w not in STOP_WORDS and w not in _QUANTITY_WORDS]
    if not content:
        return None, frozenset()
    at = len(content) - 1
    last = _SAME_COUNT.get(stem(content[at]), stem(content[at]))
    if (
        last not in _SAME_COUNT.values()
        and content[at] not in SUFFERED
        and at
        and _PARTICIPLE.fullmatch(content[at])
    ):
        at -= 1  # "jobs added": jobs; but "people evacuated" counts evacuations
    head = _SAME_COUNT.get(stem(content[at]), stem(content[at]))
    before = {_SAME_COUNT.get(stem(w), stem(w)) for w in content[:at]}
    return head, frozenset(before - _ANYONE)  # "people killed" narrows nothing "deaths" does not


def _matching_labels(
    topic: str, qvec: np.ndarray, vectors: dict[str, np.ndarray], whats: set[str]
) -> tuple[set[str], set[str], frozenset[str], dict[str, tuple[frozenset[str], ...]]]:
    """The labels a topic finds as a whole (close in meaning, or holding all its words); those
    it finds by its head noun (sharing it, or sharing a head noun with a `what` found so); the
    words before the topic's head that a figure found by its head must mention; and the units
    it finds only where a figure's sentence says what the topic names (index/measures.py).

    Those words narrow a match by its head: "unemployment rate" is not "interest rate", "North
    Korean forces" not "Russian troops". The figure's sentence or the one before may say them
    ("North Korea plans to send 10,000 troops"). Only words some label uses narrow anything
    ("&lt;!channel&gt; aid" still finds aid)."""
    topic_stems = _count_stems(topic)
    topic_head, before_head = _head_and_modifiers(topic)
    label_stems = {label: _count_stems(label) for label in vectors}
    used = set().union(*label_stems.values()) if label_stems else set()
    whole: set[str] = set()
    heads: set[str] = set()  # head nouns of `what` phrases that match as a whole or by head
    if topic_head is not None:
        heads.add(topic_head)
    for label, vec in vectors.items():
        close = float(vec @ qvec) >= SAME_MEANING
        if close or (topic_stems and topic_stems <= label_stems[label]):
            whole.add(label)
            head = _head(label)
            # A close phrase spreads its head noun when its other words are the topic's
            # ("troops" -> "soldiers" -> "North Korean soldiers"; "North Korean forces" ->
            # "North Korean troops" -> "troops"), not "deaths" -> "death records" -> "records".
            if (
                label in whats
                and head
                and (head == topic_head or label_stems[label] - {head} <= before_head)
            ):
                heads.add(head)
    # Phrases with a head noun found so; a what-less figure's words only need to hold one.
    by_head = {
        label
        for label in vectors
        if topic_head in label_stems[label]
        or (_head(label) in heads if label in whats else bool(heads & label_stems[label]))
    }
    # A measure's unit stands for what it measures: "temperature" finds "100 degrees", and
    # "storm surge" the heights in feet whose sentence says "surge".
    measured = {
        label: needs
        for label in vectors
        if label not in whole and (needs := unit_needs(topic_stems, label)) is not None
    }
    whole |= {label for label, needs in measured.items() if not needs}
    measured = {label: needs for label, needs in measured.items() if needs}
    return whole, by_head - whole, before_head & used, measured


def _after_number(f: Figure) -> str:
    """The figure's sentence after its number ("of rain is forecast")."""
    if f.number_end is not None:
        return f.sentence[f.number_end - f.start :]
    at = f.sentence.find(f.text)
    return f.sentence[at + len(f.text) :] if at >= 0 else ""


def _mentions(words: frozenset[str], f: Figure, head: str | None) -> bool:
    """Whether a figure is about what the words before a topic's head say: its sentence
    names its head with one of them ("mortgage rates hit 4.21%"), or names it bare and the
    sentence, label or text just before holds them all ("North Korea plans to send 10,000
    troops"). Words match by their first five letters ("Korean" is said as "Korea")."""
    if not words:
        return True
    wanted = {w[:_PREFIX] for w in words}
    # A figure's own noun, or else the topic's when the words before the number hold it, as
    # its sentence qualifies it.
    noun = _head(f.what) if f.what else head if head in _count_stems(f.context) else None
    own = _qualifiers(f.sentence, noun)
    if own:  # "The unemployment rate fell to 3.5%" is no mortgage rate
        return bool(own & wanted)
    said = {w[:_PREFIX] for w in _count_stems(f"{f.label} {f.before} {f.sentence}")}
    return wanted <= said


def _says(words: frozenset[str], f: Figure) -> bool:
    """Whether a figure's label or sentence holds every word (by its first five letters):
    "Employers added 528,000 jobs" for "jobs added", not "eliminating 637 jobs"."""
    if not words:
        return True
    said = {w[:_PREFIX] for w in _count_stems(f"{f.label} {f.sentence}")}
    return {w[:_PREFIX] for w in words} <= said


def _qualifiers(sentence: str, head: str | None) -> set[str]:
    """The words right before each mention of head in sentence ("unemployment rate" -> the
    "unemp" of unemployment), as the first letters of their stems."""
    if head is None:
        return set()
    words = tokens(sentence)
    return {
        _SAME_COUNT.get(stem(prev), stem(prev))[:_PREFIX]
        for prev, word in itertools.pairwise(words)
        if _SAME_COUNT.get(stem(word), stem(word)) == head
        and not prev[0].isdigit()
        and prev not in STOP_WORDS
        and prev not in _QUANTITY_WORDS
        and prev.removesuffix("s") not in SCALES  # "1.2 million troops", "dozens of troops"
        and prev.removesuffix("s") != "dozen"
    }


@lru_cache(maxsize=LABEL_CACHE)
def _count_stems(phrase: str) -> frozenset[str]:
    """A phrase's stems, with the words for one count made one ("killed", "deaths": "death";
    "laid off", "layoffs": "layoff")."""
    return frozenset(_SAME_COUNT.get(s, s) for s in stems(_as_layoffs(phrase)))


def _as_layoffs(phrase: str) -> str:
    """The phrase with its words for layoffs as "layoff": "staff laid off" -> "staff layoff"."""
    return _CUT.sub(r"\1 layoff", _LAYOFF.sub("layoff", phrase))


def _groups(
    found: list[Figure], vectors: dict[str, np.ndarray], store: Store | None = None
) -> list[FigureGroup]:
    cluster = _what_clusters(found, vectors)
    unit_whats: dict[str | None, list[str]] = {}  # the `what` phrases given with each unit
    for f in found:
        if f.what:
            unit_whats.setdefault(f.unit, [])
            if f.what not in unit_whats[f.unit]:
                unit_whats[f.unit].append(f.what)
    for phrases in unit_whats.values():
        phrases.sort()
    unit_heads = {  # the phrase each head noun leads to, per unit (the last in order wins)
        unit: {_head(w): w for w in phrases} for unit, phrases in unit_whats.items()
    }
    buckets: dict[tuple[str | None, str | None, object], list[Figure]] = {}
    for f in found:
        key: object = (
            cluster[f.what] if f.what else _attach(f, unit_whats, unit_heads, cluster, vectors)
        )
        buckets.setdefault((f.unit, f.rate, key), []).append(f)
    story_of = _stories(found, store)
    ties_of = _ties_reader(store)
    groups = [
        _group(part, year)
        for bucket in buckets.values()
        for story in _by_story(bucket, story_of)
        for year, era in _by_year(story).items()
        for spell in _by_date(era)
        for size in _by_magnitude(spell)
        for part in _by_owner(size, ties_of)
    ]
    # The story's own figures first, then what its coverage recalls of earlier years.
    return sorted(groups, key=lambda g: (g.year or 0, -len(g.figures), *_date_key(g.figures[0])))


def _what_clusters(found: list[Figure], vectors: dict[str, np.ndarray]) -> dict[str, int]:
    """The `what` phrases clustered around leaders, the most reported first: each joins the
    first leader it shares a head noun with or is close to in meaning (unless either head is a
    name: "Republicans" and "Democrats" are close in meaning), else leads one. Not by any chain
    of close pairs: "House Democrats" ~ "House members" ~ "House Republicans" would set two
    parties' seats side by side as one disputed figure."""
    reported = Counter(f.what for f in found if f.what)
    whats = sorted(reported, key=lambda w: (-reported[w], w))
    leaders: list[int] = []
    cluster: dict[str, int] = {}
    heads = [_head(w) for w in whats]
    matrix = np.vstack([vectors[w] for w in whats]) if whats else np.zeros((0, 0))
    named = [_names_a_group(w, h) for w, h in zip(whats, heads, strict=True)]
    for i, what in enumerate(whats):
        if leaders:
            close = matrix[leaders] @ matrix[i] >= SAME_MEANING
            for k, leader in enumerate(leaders):
                if (heads[i] is not None and heads[i] == heads[leader]) or (
                    close[k] and not (named[i] or named[leader])
                ):
                    cluster[what] = leader
                    break
        if what not in cluster:
            leaders.append(i)
            cluster[what] = i
    return cluster


def _names_a_group(what: str, head: str | None) -> bool:
    """Whether a phrase's head noun is a name ("House Democrats", "Afghans"), as its capital
    says: its stem is lower-case."""
    return head is not None and any(
        word[:1].isupper() and stem(word.lower()) == head for word in what.split()
    )


def _stories(figures: list[Figure], store: Store | None) -> dict[int, int]:
    """The story (index/stories.py) of each article the figures are in, read and clustered
    once for a lookup. Over MAX_STORY_ARTICLES articles, each joins the first story whose
    first article is as close (one pass, not average linkage: that grows with the cube)."""
    ids = sorted({f.article_id for f in figures if f.article_id is not None})
    if store is None or len(ids) < 2:
        return {}
    vectors = article_vectors(store, ids)
    known = [i for i in ids if i in vectors]
    if not known:
        return {}
    matrix = np.vstack([vectors[i] for i in known])
    if len(known) <= MAX_STORY_ARTICLES:
        stories = cluster_vectors(matrix)
    else:
        stories = _leader_clusters(matrix, STORY_THRESHOLD)
    return {known[row]: n for n, rows in enumerate(stories) for row in rows}


def _by_story(figures: list[Figure], story_of: dict[int, int]) -> list[list[Figure]]:
    """The figures split by the story their articles tell: the death toll of a fire and of
    an earthquake are not one quantity, however alike their words."""
    parts: dict[int, list[Figure]] = {}
    for f in figures:
        part = story_of.get(f.article_id, -1) if f.article_id is not None else -1
        parts.setdefault(part, []).append(f)
    return list(parts.values())


def _by_owner(figures: list[Figure], ties_of: Callable[[Figure], list[Tie]]) -> list[list[Figure]]:
    """The figures split by whose they are (index/figure_owners.py): Microsoft's job cuts
    apart from Meta's, but Putin's reservists with Russia's where his article calls him
    Russia's president (`ties_of`, read only for figures that would be split). The figures
    that name no owner stay together, as before owners were read: split by value, figures of
    different places and days that happen to be equal ("12 inches" of snow in three states)
    would read as sources agreeing."""
    if len(figures) < 2:
        return [figures]
    whose: list[tuple[Owner, ...]] = []
    for f in figures:
        name = owner(f.sentence, _number_at(f)[0], f.what, f.before)
        whose.append((name,) if name else ())
    owned, unowned = _owner_parts(figures, whose)
    if len(owned) >= 2:
        whose = [tied(w[0], ties_of(f)) if w else () for f, w in zip(figures, whose, strict=True)]
        # A person tied to a body leads, so that both names find their figures: "Putin"
        # elsewhere, and "the Kremlin".
        leading = sorted(zip(figures, whose, strict=True), key=lambda fw: -len(fw[1]))
        owned, unowned = _owner_parts([f for f, _ in leading], [w for _, w in leading])
    if len(owned) < 2:
        return [figures]
    return [part for _, part in owned] + ([unowned] if unowned else [])


def _owner_parts(
    figures: list[Figure], whose: list[tuple[Owner, ...]]
) -> tuple[list[tuple[tuple[Owner, ...], list[Figure]]], list[Figure]]:
    """The figures of each owner, each joining the first whose names (a person's, and the
    body their article ties them to) may be one of its own, and those with none."""
    owned: list[tuple[tuple[Owner, ...], list[Figure]]] = []
    unowned: list[Figure] = []
    for f, names in zip(figures, whose, strict=True):
        if not names:
            unowned.append(f)
            continue
        for lead, part in owned:
            if any(same_owner(a, b) for a in names for b in lead):
                part.append(f)
                break
        else:
            owned.append((names, [f]))
    return owned, unowned


def _ties_reader(store: Store | None) -> Callable[[Figure], list[Tie]]:
    """The people a figure's article ties to the bodies they head, each article read once
    for a lookup, and only when asked."""
    read: dict[int, list[Tie]] = {}

    def ties_of(f: Figure) -> list[Tie]:
        if store is None or f.article_id is None:
            return []
        if f.article_id not in read:
            row = store.db.execute(_TEXT_SQL, (f.article_id,)).fetchone()
            read[f.article_id] = ties(row[0]) if row else []
        return read[f.article_id]

    return ties_of


def _by_year(figures: list[Figure]) -> dict[int | None, list[Figure]]:
    """The figures split by the earlier year their sentences give them (None: the story's
    own): the 1977 blizzard's 29 dead, recalled in coverage of a 2022 storm, is not one of that
    storm's tolls."""
    eras: dict[int | None, list[Figure]] = {}
    for f in figures:
        start, end = _number_at(f)
        eras.setdefault(past_year(f.sentence, start, end, f.source.date), []).append(f)
    return eras


def _number_at(f: Figure) -> tuple[int, int]:
    """Where the figure's number is in its sentence."""
    if f.number_start is not None and f.number_end is not None:
        return f.number_start - f.start, f.number_end - f.start
    at = f.sentence.find(f.text)
    return at, at + len(f.text)


def _leader_clusters(vectors: np.ndarray, threshold: float) -> list[list[int]]:
    """Rows grouped in one pass: each joins the first group whose first row is at least
    `threshold` close, else starts one."""
    leaders: list[int] = []
    groups: list[list[int]] = []
    for row in range(len(vectors)):
        if leaders:
            scores = vectors[leaders] @ vectors[row]
            best = int(np.argmax(scores))
            if scores[best] >= threshold:
                groups[best].append(row)
                continue
        leaders.append(row)
        groups.append([row])
    return groups


def _by_date(figures: list[Figure]) -> list[list[Figure]]:
    """The figures split where their articles' dates leave a gap of more than STORY_DAYS: two
    winters' tornado tolls are two stories, however alike their articles read. An undated
    figure goes with the most figures."""
    days = sorted({f.source.date for f in figures if f.source.date})
    spell_of = dict.fromkeys(days[:1], 0)
    spell = 0
    for before, day in itertools.pairwise(days):
        if _days_between(before, day) > STORY_DAYS:
            spell += 1
        spell_of[day] = spell
    if spell == 0:
        return [figures]
    counts = Counter(spell_of[f.source.date] for f in figures if f.source.date)
    usual = counts.most_common(1)[0][0]
    parts: dict[int, list[Figure]] = {}
    for f in figures:
        parts.setdefault(spell_of.get(f.source.date or "", usual), []).append(f)
    return list(parts.values())


def _days_between(a: str, b: str) -> int:
    try:
        return abs((date.fromisoformat(b) - date.fromisoformat(a)).days)
    except ValueError:  # not a day: never a reason to split
        return 0


def _attach(
    f: Figure,
    unit_whats: dict[str | None, list[str]],
    unit_heads: dict[str | None, dict[str | None, str]],
    cluster: dict[str, int],
    vectors: dict[str, np.ndarray],
) -> object:
    """The cluster a figure with no `what` belongs to, or ("value", its value)."""
    same_unit = unit_whats.get(f.unit, [])
    by_head = unit_heads.get(f.unit, {})
    for word in reversed(tokens(f.context)):  # the noun nearest the number wins
        head = _SAME_COUNT.get(stem(word), stem(word))
        if head in by_head:
            return cluster[by_head[head]]
    scored = [(float(vectors[w] @ vectors[f.context]), w) for w in same_unit]
    best = max(scored, default=(0.0, ""))
    if best[0] >= ATTACH:
        return cluster[best[1]]
    if f.context == f.unit:  # "600 acres" and "1,100 acres" of one fire
        return ("unit", f.unit)
    # Alone, a figure joins those of the same value: "the Fed's 2% target" and "its 2% goal".
    return ("value", f.value)


def _by_magnitude(figures: list[Figure]) -> list[list[Figure]]:
    ordered = sorted(figures, key=lambda f: abs(f.value))
    parts = [[ordered[0]]]
    for f in ordered[1:]:
        if abs(f.value) > abs(parts[-1][-1].value) * MAGNITUDE_GAP:
            parts.append([])
        parts[-1].append(f)
    return parts


def _group(figures: list[Figure], year: int | None = None) -> FigureGroup:
    ordered = sorted(figures, key=lambda f: (*_date_key(f), f.value, f.source.path, f.start))
    what = Counter(f.what for f in ordered if f.what).most_common(1)
    label = what[0][0] if what else ""
    low = min(ordered, key=lambda f: f.value)
    high = max(ordered, key=lambda f: f.value)
    spread = low.text if low.value == high.value else f"{low.text} to {high.text}"
    rate = f"a {ordered[0].rate}" if ordered[0].rate else ""
    when = f"in {year}" if year is not None else ""
    sources = list(dict.fromkeys(f.source_name for f in ordered))
    by = sources[0] if len(sources) == 1 else f"by {len(sources)} sources"
    summary = " ".join(x for x in (spread, label, rate, when, "reported") if x)
    summary += f", {by}" if len(sources) > 1 else f" {by}"
    return FigureGroup(summary, label, ordered[0].unit, tuple(ordered), year)


def _date_key(f: Figure) -> tuple[bool, str]:
    return (f.source.date is None, f.source.date or "")
