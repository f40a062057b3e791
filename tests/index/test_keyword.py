"""The keyword plan (index/keyword.py) and the document frequencies the store remembers."""

from __future__ import annotations

from pathlib import Path

from index import HashEmbedder, build_index
from index.keyword import MAX_TERMS, POSTINGS_BUDGET, plan
from index.store import Store

MILLION = 1_000_000  # 0.5% of it: words in up to 5,000 rows are rare


def test_small_collections_ask_for_numbers_first_then_the_rarest_words() -> None:
    df = {"troops": 40, "12000": 0, "korea": 90, "sent": 120, "3": 30}
    words = ["troops", "12000", "korea", "sent", "3"]
    assert plan(words, df, rows=152) == ["12000", "3", "troops", "korea", "sent"]


def test_at_most_max_terms_words() -> None:
    words = [f"w{i}" for i in range(10)]
    assert len(plan(words, {w: 5 for w in words}, rows=152)) == MAX_TERMS


def test_common_numbers_are_left_out_like_common_words() -> None:
    # "1" sits in 36,717 of 1.09M passages: asking for it read and scored all of them (46 ms).
    df = {"1": 36_717, "2024": 7_237, "135": 255, "12000": 0, "ohio": 4_651, "cfp": 115}
    chosen = plan(["1", "2024", "135", "12000", "ohio", "cfp"], df, rows=MILLION)
    assert chosen == ["135", "12000", "cfp", "ohio"]


def test_words_stop_once_their_document_lists_fill_the_budget() -> None:
    df = {"a1": 4_000, "b2": 4_500, "c3": 4_900, "d4": 4_950}
    chosen = plan(list(df), df, rows=MILLION)
    assert chosen == ["a1", "b2"]
    assert sum(df[w] for w in chosen) <= POSTINGS_BUDGET


def test_with_nothing_rare_the_rarest_common_word_is_still_asked() -> None:
    df = {"saturday": 12_334, "best": 17_115, "said": 300_000}
    assert plan(["best", "said", "saturday"], df, rows=MILLION) == ["saturday"]


def test_the_store_counts_again_after_an_index_run(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Pyongyang sent troops.\n\nThe troops arrived in Kursk.\n")
    build_index([str(docs)], tmp_path / "data", HashEmbedder())
    store = Store(tmp_path / "data")
    try:
        assert store.document_frequencies(["troops", "tanks"]) == {"troops": 1, "tanks": 0}
        (docs / "b.txt").write_text("Tanks and troops moved north.\n")
        build_index([str(docs)], tmp_path / "data", HashEmbedder())
        assert store.document_frequencies(["troops", "tanks"]) == {"troops": 2, "tanks": 1}
    finally:
        store.close()
