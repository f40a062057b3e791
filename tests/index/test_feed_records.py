"""Feed records without urls: their identity survives records put above, taken out or edited."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from index import HashEmbedder, build_index
from index.store import Store

OLD = "2020-01-01T00:00:00+00:00"
STORIES = [
    {"text": f"Crew {n} said {n * 7} boats sailed from the harbour on day {n}."} for n in range(5)
]
NEW = {"text": "Port staff said 12 ferries sailed again after the storm."}


class CountingEmbedder(HashEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.texts = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.texts += len(texts)
        return super().encode(texts)


def _feed(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))


def _rows(data: Path) -> dict[str, tuple[str, str, str]]:
    """{text: (key, path, first_indexed_at)} of every stored article."""
    store = Store(data)
    try:
        rows = store.db.execute("SELECT text, key, path, first_indexed_at FROM articles")
        return {r[0]: (r[1], r[2], r[3]) for r in rows.fetchall()}
    finally:
        store.close()


def _indexed_long_ago(data: Path) -> None:
    """Date every stored article's first indexing back, as a run days ago would have."""
    store = Store(data)
    store.db.execute("UPDATE articles SET first_indexed_at = ?", [OLD])
    store.close()


def _indexed(tmp_path: Path, records: list[dict]) -> tuple[Path, Path]:
    feed, data = tmp_path / "feed.jsonl", tmp_path / "data"
    _feed(feed, records)
    build_index([str(feed)], data, HashEmbedder())
    _indexed_long_ago(data)
    return feed, data


def test_a_record_put_on_top_is_the_only_one_added_and_the_only_new_one(
    tmp_path: Path,
) -> None:
    feed, data = _indexed(tmp_path, STORIES)
    _feed(feed, [NEW, *STORIES])
    embedder = CountingEmbedder()
    report = build_index([str(feed)], data, embedder)
    assert (len(report.added), len(report.updated), len(report.unchanged)) == (1, 0, 5)
    assert embedder.texts == report.passages_embedded == 1  # only the new record's passage
    rows = _rows(data)
    assert [t for t, (_, _, first) in rows.items() if first != OLD] == [NEW["text"]]
    lines = feed.read_text().splitlines()
    for text, (_, path, _) in rows.items():  # each still names the line that holds it
        assert json.loads(lines[int(path.rsplit("#L", 1)[1]) - 1])["text"] == text
    again = build_index([str(feed)], data, CountingEmbedder())
    assert len(again.unchanged) == 6 and not again.added + again.updated


def test_an_edited_record_is_updated_in_place_and_keeps_its_first_indexing(
    tmp_path: Path,
) -> None:
    feed, data = _indexed(tmp_path, STORIES)
    edited = {"text": STORIES[2]["text"].replace("boats", "ferries")}
    _feed(feed, [*STORIES[:2], edited, *STORIES[3:]])
    report = build_index([str(feed)], data, HashEmbedder())  # no --prune needed
    assert (len(report.added), len(report.updated), len(report.unchanged)) == (0, 1, 4)
    assert report.updated[0].endswith("feed.jsonl#L3") and not report.removed
    rows = _rows(data)
    assert STORIES[2]["text"] not in rows  # the old text is not quoted any more
    assert rows[edited["text"]][1].endswith("#L3") and rows[edited["text"]][2] == OLD


def test_a_record_taken_out_leaves_the_others_unchanged_and_prune_drops_it(
    tmp_path: Path,
) -> None:
    feed, data = _indexed(tmp_path, STORIES)
    _feed(feed, [STORIES[0], *STORIES[2:]])
    report = build_index([str(feed)], data, HashEmbedder(), prune=True)
    assert (len(report.added), len(report.updated), len(report.unchanged)) == (0, 0, 4)
    assert [Path(p).name for p in report.removed] == ["feed.jsonl#L2"]
    assert sorted(_rows(data)) == sorted(s["text"] for s in [STORIES[0], *STORIES[2:]])


def test_the_same_text_twice_in_a_feed_is_stored_once(tmp_path: Path) -> None:
    feed, data = tmp_path / "feed.jsonl", tmp_path / "data"
    _feed(feed, [STORIES[0], STORIES[1], STORIES[0]])
    report = build_index([str(feed)], data, HashEmbedder())
    assert len(report.added) == 2
    (skipped,) = report.skipped
    assert skipped.path.endswith("#L3") and skipped.reason.startswith("same text as")
    _feed(feed, [NEW, STORIES[0], STORIES[1], STORIES[0]])
    again = build_index([str(feed)], data, HashEmbedder())
    assert (len(again.added), len(again.updated), len(again.unchanged)) == (1, 0, 2)


def test_an_index_keyed_by_line_moves_to_the_new_keys_without_embedding(
    tmp_path: Path,
) -> None:
    feed, data = _indexed(tmp_path, STORIES)
    store = Store(data)  # as indexes written before kept them: feed path + "#L" + line
    for aid, path in store.db.execute("SELECT id, path FROM articles").fetchall():
        line = path.rsplit("#L", 1)[1]
        store.db.execute("UPDATE articles SET key = ? WHERE id = ?", [f"{feed}#L{line}", aid])
    store.close()
    embedder = CountingEmbedder()
    report = build_index([str(feed)], data, embedder)
    assert embedder.texts == 0 and not report.added and not report.removed
    assert {first for _, _, first in _rows(data).values()} == {OLD}
    assert all("#L" not in key for key, _, _ in _rows(data).values())
    again = build_index([str(feed)], data, HashEmbedder())
    assert len(again.unchanged) == 5


def test_a_record_left_with_only_furniture_loses_its_stored_article(tmp_path: Path) -> None:
    feed, data = _indexed(tmp_path, STORIES)
    form = {"text": "1. How relevant is this ad to you?\n\nAd froze or did not finish loading"}
    _feed(feed, [*STORIES[:4], form])  # the last record re-scraped: only a form
    report = build_index([str(feed)], data, HashEmbedder())  # no --prune needed
    assert [Path(p).name for p in report.removed] == ["feed.jsonl#L5"]
    assert STORIES[4]["text"] not in _rows(data) and len(report.unchanged) == 4
