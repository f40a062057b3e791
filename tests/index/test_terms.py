"""Words as search sees them (index/terms.py)."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor

from index import terms


def test_stemming_from_many_threads_gives_the_stems_one_thread_gives() -> None:
    # The snowball stemmer keeps the word in hand on itself: unguarded, threads answering
    # questions at once corrupted each other's stems (or raised IndexError).
    words = [f"{prefix}ing" for prefix in ("deploy", "report", "announc", "confirm", "mov")]
    words = [f"{w}{'s' * (i % 3)}{chr(97 + i % 26)}ation" for i, w in enumerate(words * 400)]
    terms._stem_word.cache_clear()
    expected = [terms._SNOWBALL.stemWord(w) for w in words]
    terms._stem_word.cache_clear()
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(8) as pool:
            got = list(pool.map(terms._stem_word, words))
    finally:
        sys.setswitchinterval(old)
        terms._stem_word.cache_clear()
    assert got == expected
