"""The keyword plan (index/keyword.py) and the document frequencies the store remembers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index import HashEmbedder, build_index, keyword
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


def test_a_common_word_is_asked_where_the_budget_leaves_room() -> None:
    # "images" is in more than 0.5% of 792k passages, but with "containers" it fits the budget:
    # the passage holding both must outrank the thousands that hold "containers" alone.
    df = {"show": 22_313, "containers": 3_074, "white": 12_192, "house": 22_380, "images": 4_910}
    assert plan(list(df), df, rows=792_168) == ["containers", "images"]
    # ...but only the rarest common word: each reads a long document list; and none where the
    # rare words hold few rows, which they rank alone.
    df = {"b": 6_000, "a": 2_100, "c": 5_500}
    assert plan(list(df), df, rows=MILLION) == ["a", "c"]
    df = {"b": 6_000, "a": 100, "c": 5_500}
    assert plan(list(df), df, rows=MILLION) == ["a"]


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


def test_common_terms_are_counted_by_the_index_run_and_read_only_for_its_generation(
    seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("index.keyword.RARE_FLOOR", 3)  # the seeds' common words count as common
    data = tmp_path / "data"
    build_index([str(seeds_copy)], data, HashEmbedder())
    store = Store(data)
    saved = json.loads(store.get_setting("common_terms") or "{}")
    assert saved["generation"] == store.generation
    common = saved["vocabs"]["passages_vocab"]
    assert common and all(n > 3 for n in common.values())
    words = ["korean", "soldiers", "kursk", "drone", "zebra"]
    exact = keyword.frequencies(store.db.conn, "passages_vocab", words)
    assert store.document_frequencies(words) == exact
    (term,) = keyword.stems(store.db.conn, ["korean"])
    assert term in common
    # Questions read the saved counts of their generation...
    saved["vocabs"]["passages_vocab"][term] = 999_999
    store.set_setting("common_terms", json.dumps(saved))
    assert Store(data).document_frequencies(["korean"]) == {"korean": 999_999}
    # ...and never counts saved for another one.
    saved["generation"] -= 1
    store.set_setting("common_terms", json.dumps(saved))
    assert Store(data).document_frequencies(["korean"]) == {"korean": exact["korean"]}
    store.close()


def test_an_unchanged_run_does_not_count_the_common_terms_again(
    seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    build_index([str(seeds_copy)], data, HashEmbedder())

    def fail(*_: object) -> dict[str, int]:
        raise AssertionError("counted again")

    monkeypatch.setattr("index.keyword.common_terms", fail)
    build_index([str(seeds_copy)], data, HashEmbedder())
