"""The sentences around each passage are found once, as it is stored (migration 7), and read
back as `passages` would have found them from the article body; damage never widens a quote
with text from elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import HashEmbedder, build_index
from index.store import Store
from tests.conftest import SEEDS


@pytest.fixture
def data(tmp_path: Path) -> Path:
    build_index([str(SEEDS)], tmp_path / "data", HashEmbedder())
    return tmp_path / "data"


def _neighbours(store: Store) -> dict[int, tuple[object, object]]:
    rows = store.passages(store.passage_ids().tolist())
    return {pid: (row.before, row.after) for pid, row in rows.items()}


def test_stored_neighbours_are_those_the_body_gives(data: Path) -> None:
    store = Store(data)
    stored = _neighbours(store)
    assert (
        store.db.execute("SELECT count(*) FROM passages WHERE adjacent IS NULL").fetchone()[0] == 0
    )
    store.db.execute("UPDATE passages SET adjacent = NULL")
    store.db.conn.commit()
    from_body = _neighbours(store)
    assert stored == from_body
    # Seed passages are one or two sentences of longer stories: most have both neighbours.
    assert sum(b is not None and a is not None for b, a in stored.values()) > len(stored) / 2


def test_an_index_run_fills_passages_stored_without_them(data: Path) -> None:
    store = Store(data)
    before = dict(store.db.execute("SELECT id, adjacent FROM passages").fetchall())
    store.db.execute("UPDATE passages SET adjacent = NULL WHERE id % 2 = 0")
    store.db.conn.commit()
    store.close()
    report = build_index([str(SEEDS)], data, HashEmbedder())  # nothing changed, nothing embedded
    assert report.passages_embedded == 0
    store = Store(data)
    assert dict(store.db.execute("SELECT id, adjacent FROM passages").fetchall()) == before
    # Every run looks for such rows: through an index of them, not a scan of every passage.
    plan = store.db.execute(
        "EXPLAIN QUERY PLAN SELECT DISTINCT article_id FROM passages WHERE adjacent IS NULL"
    ).fetchall()
    assert "passages_unfilled" in str(plan)


def test_filling_them_leaves_the_keyword_index_alone(data: Path) -> None:
    store = Store(data)
    store.db.execute("UPDATE passages SET adjacent = NULL")
    store.db.conn.commit()
    segments = store.db.execute("SELECT count(*) FROM passages_fts_data").fetchone()[0]
    assert store.fill_adjacent() == len(store.passage_ids())
    assert store.db.execute("SELECT count(*) FROM passages_fts_data").fetchone()[0] == segments
    # ...while a change of text still reaches it.
    pid = int(store.passage_ids()[0])
    store.db.execute("UPDATE passages SET text = 'zyzzyva' WHERE id = ?", [pid])
    store.db.conn.commit()
    assert store.keyword_search(["zyzzyva"], 5)[0][0] == pid


@pytest.mark.parametrize(
    "damage",
    ["not json", "[1]", '{"a": 1}', "[[0, 999999999], null]", '[["x", 5], [3, 2]]', "[null]"],
)
def test_a_damaged_value_loses_width_not_truth(data: Path, damage: str) -> None:
    store = Store(data)
    ids = store.passage_ids().tolist()
    text = {r[0]: r[1] for r in store.db.execute("SELECT id, text FROM articles").fetchall()}
    store.db.execute("UPDATE passages SET adjacent = ?", [damage])
    store.db.conn.commit()
    for row in store.passages(ids).values():
        assert (row.before, row.after) == (None, None)
        assert row.span_text(row.start, row.end) == text[row.article_id][row.start : row.end]


def test_benches_can_ask_for_the_body_path(data: Path) -> None:
    store = Store(data)
    stored = _neighbours(store)
    store.db.execute("UPDATE passages SET adjacent = '[null, null]'")
    store.db.conn.commit()
    assert all(pair == (None, None) for pair in _neighbours(store).values())
    store.stored_neighbours = False  # bench/scale_latency.py --baseline-body-neighbours
    assert _neighbours(store) == stored
