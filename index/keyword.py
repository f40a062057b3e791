"""Keyword search over FTS5 that stays fast on a million passages.

An FTS5 OR-query costs time in proportion to the document lists it reads, so a question's common
words ("war", "said", "russia" in a Russia corpus) dominate its cost while adding little to the
ranking. The plan asks for the question's rarer words (document frequency under COMMON_SHARE
of the collection) and, where those hold many rows, its rarest common one, at most MAX_TERMS
of them, rarest first, while their document lists add up to at most POSTINGS_BUDGET rows,
after any numbers that are not common.

Document frequencies come from fts5vocab tables; a word is mapped to the term FTS5 stored (its
porter stem) by tokenising it with the same tokenizer in a small in-memory FTS5 table.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Mapping, Sequence

TOKENIZE = "porter unicode61 remove_diacritics 2"
MAX_TERMS = 6
# Measured on 1.09M RealTimeQA passages: asking only for words in under 0.5% of rows cut the
# passage leg from p50 43 / p99 178 ms (10%) to 13 / 53 ms. Small collections keep every word
# under RARE_FLOOR rows, where OR-queries are cheap anyway.
COMMON_SHARE = 0.005
RARE_FLOOR = 2000
# Six words each just under the 0.5% line still read 33k rows at 1.09M passages: the query's
# cost follows the rows read (and bm25() of each), so a question stops adding words at this
# many. Collections under 2,000 rows never reach it: 6 words x 2,000 rows fit.
POSTINGS_BUDGET = MAX_TERMS * RARE_FLOOR
_TOKEN = re.compile(r"\w+", re.UNICODE)


_TERMS: dict[str, tuple[str, ...]] = {}
_TERMS_MAX = 20_000


def stems(db: sqlite3.Connection, words: Sequence[str]) -> list[str | None]:
    """The term FTS5 stores for each word ("soldiers" -> "soldier"), None for no term; a word
    FTS5 splits ("o'brien") gives its first term."""
    return [found[0] if found else None for found in terms(db, words)]


def terms(db: sqlite3.Connection, words: Sequence[str]) -> list[tuple[str, ...]]:
    """Every term FTS5 stores for each word, in order ("o'brien" -> ("o", "brien")).

    The tokenizer is fixed, so answers are kept (up to _TERMS_MAX words)."""
    known: dict[str, tuple[str, ...]] = {}
    for w in words:  # .get, not `in` then [], since another thread may clear the cache
        hit = _TERMS.get(w)
        if hit is not None:
            known[w] = hit
    missing = [w for w in dict.fromkeys(words) if w not in known]
    if missing:
        found = dict(zip(missing, _tokenize(db, missing), strict=True))
        if len(_TERMS) > _TERMS_MAX:
            _TERMS.clear()
        _TERMS.update(found)
        known.update(found)
    return [known[w] for w in words]


def _tokenize(db: sqlite3.Connection, words: Sequence[str]) -> list[tuple[str, ...]]:
    db.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.stemmer USING fts5(w, tokenize='{TOKENIZE}')"
    )
    db.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.stemmer_terms "
        "USING fts5vocab('temp', 'stemmer', 'instance')"
    )
    db.execute("DELETE FROM temp.stemmer")
    db.executemany(
        "INSERT INTO temp.stemmer (rowid, w) VALUES (?, ?)",
        [(i + 1, w) for i, w in enumerate(words)],
    )
    found: dict[int, list[tuple[int, str]]] = {}
    for doc, term, offset in db.execute("SELECT doc, term, offset FROM temp.stemmer_terms"):
        found.setdefault(doc, []).append((offset, term))
    return [tuple(term for _, term in sorted(found.get(i + 1, []))) for i in range(len(words))]


def frequencies(
    db: sqlite3.Connection, vocab: str, words: Sequence[str], common: Mapping[str, int] = {}
) -> dict[str, int]:
    """{word: number of rows of the FTS table behind `vocab` that contain it}.

    `common` holds terms already counted (see common_terms): counting a common term reads its
    whole document list, milliseconds at a million rows."""
    terms = stems(db, words)
    df = {t: common[t] for t in terms if t and t in common}
    wanted = sorted({t for t in terms if t and t not in df})
    if wanted:
        marks = ",".join("?" * len(wanted))
        df.update(db.execute(f"SELECT term, doc FROM {vocab} WHERE term IN ({marks})", wanted))
    return {w: df.get(t, 0) if t else 0 for w, t in zip(words, terms, strict=True)}


def common_terms(db: sqlite3.Connection, vocab: str) -> dict[str, int]:
    """{term: rows} for every term more than RARE_FLOOR rows hold: a scan of the whole
    vocabulary (1.3 s at 1.09M passages, 2,007 terms), done once per index run
    (Store.remember_keyword_statistics) so that questions never count a common word's rows
    themselves (3.5 -> 0.3 ms a question)."""
    return dict(db.execute(f"SELECT term, doc FROM {vocab} WHERE doc > ?", [RARE_FLOOR]))


def prefix_frequency(db: sqlite3.Connection, vocab: str, prefix: str) -> int:
    """An upper bound of the rows holding a term that starts with prefix (0 means none)."""
    word = prefix.lower()
    row = db.execute(
        f"SELECT coalesce(sum(doc), 0) FROM {vocab} WHERE term >= ? AND term < ?",
        [word, word + "\uffff"],
    ).fetchone()
    return int(row[0])


def plan(words: Sequence[str], df: dict[str, int], rows: int) -> list[str]:
    """The words worth asking FTS5 for: numbers, then the rare words rarest first, then the
    rarest common word, while their document lists fit the budget (the first word always);
    common numbers ("1", "2024") and the other common words are left out.

    The common word is asked for where the rare ones hold more than RARE_FLOOR rows between
    them, too many to tell apart by those words alone: "how many containers did the White
    House images show?" among 792k passages is asked for "containers" (3,074 rows) and
    "images" (4,910), or the seed passage that holds both is not among the first 40 of the
    thousands that hold "containers". Asking for it always, or for every common word the
    budget fits, cost ask 4-9 ms more at 1.09M passages for little more
    (bench/off_topic_index.py).

    A number FTS5 splits ("12000" is stored as "12" "000") has no document frequency of its
    own and is asked for as a phrase; it counts as rare."""
    limit = max(RARE_FLOOR, COMMON_SHARE * rows)
    numbers = [w for w in words if w[:1].isdigit() and df.get(w, 0) <= limit]
    others = sorted(
        (w for w in words if not w[:1].isdigit() and df.get(w, 0) > 0), key=lambda w: df[w]
    )
    rare = [w for w in others if df[w] <= limit]
    common = [w for w in others if df[w] > limit][:1]
    if rare and sum(df[w] for w in rare) <= RARE_FLOOR:
        common = []  # few enough rows that the rare words alone rank them
    return _within_budget(numbers + rare + common, df)[:MAX_TERMS]


def _within_budget(words: list[str], df: dict[str, int]) -> list[str]:
    """Words in order while their document lists fit POSTINGS_BUDGET (always the first)."""
    kept: list[str] = []
    total = 0
    for word in words:
        if kept and total + df.get(word, 0) > POSTINGS_BUDGET:
            break
        kept.append(word)
        total += df.get(word, 0)
    return kept


def phrases(words: Iterable[str]) -> list[tuple[str, ...]]:
    """The phrases an OR-query of words asks for, each a tuple of tokens, without repeats.

    FTS5 splits "12,000" into "12" and "000", so a number is also asked for as that phrase.
    """
    out: list[tuple[str, ...]] = []
    for word in words:
        tokens = tuple(_TOKEN.findall(word.lower()))
        if not tokens:
            continue
        out.append(tokens)
        if len(tokens) == 1 and tokens[0].isdigit() and len(tokens[0]) >= 4:
            out.append(tuple(f"{int(tokens[0]):,}".split(",")))
    return list(dict.fromkeys(out))


def match_query(words: Iterable[str]) -> str:
    """An FTS5 OR-query of words, each a quoted phrase so no operator can be injected."""
    return " OR ".join(phrase_query(p) for p in phrases(words))


def phrase_query(tokens: Sequence[str]) -> str:
    """One phrase of `phrases` as FTS5 query syntax; tokens hold only word characters."""
    return f'"{" ".join(tokens)}"'
