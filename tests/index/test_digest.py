"""The digest's content with the fake embedder: windows, stories, new and changed figures."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from index import HashEmbedder, build_index
from index.digest import Window, build_digest, iso
from index.store import Store
from index.stories import cluster_vectors

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "realtimeqa_sample.jsonl.gz"
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def soon() -> datetime:
    """A window end safely after anything indexed so far (stamps are to the second)."""
    return datetime.now(UTC) + timedelta(minutes=1)


def ingested_at(store: Store, paths_like: str, when: datetime) -> None:
    """Pretend the articles whose path matches were first indexed at `when`."""
    store.db.execute(
        "UPDATE articles SET first_indexed_at = ? WHERE path LIKE ?", [iso(when), paths_like]
    )


@pytest.fixture(scope="module")
def three_days(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[list[dict]]]:
    """Sample articles of three publish days, each day's feed indexed on its own (fake) day."""
    tmp = tmp_path_factory.mktemp("digest-days")
    with gzip.open(SAMPLE, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    days = ["2022/09/21", "2022/11/17", "2025/04/25"]
    batches = [[r for r in records if r["publish_date"] == d] for d in days]
    data = tmp / "data"
    for n, batch in enumerate(batches, start=1):
        feed = tmp / f"day{n}.jsonl"
        feed.write_text("".join(json.dumps(r) + "\n" for r in batch))
        build_index([str(feed)], data, HashEmbedder())
        store = Store(data)
        ingested_at(store, f"%day{n}.jsonl%", datetime(2026, 3, n, 7, tzinfo=UTC))
        store.close()
    return data, batches


def test_ingest_windows_hold_exactly_the_articles_first_indexed_in_them(three_days) -> None:  # type: ignore[no-untyped-def]
    data, batches = three_days
    store = Store(data)
    day = lambda n: datetime(2026, 3, n, tzinfo=UTC)  # noqa: E731
    digest = build_digest(store, HashEmbedder(), Window.since(day(2), day(3)))
    assert sorted(s.url for st in digest.stories for s in (a.source for a in st.articles)) == (
        sorted(r["url"] for r in batches[1])
    )
    assert len(digest.article_ids) == len(batches[1])
    both = build_digest(store, HashEmbedder(), Window.since(day(2), day(4)))
    assert len(both.article_ids) == len(batches[1]) + len(batches[2])
    assert build_digest(store, HashEmbedder(), Window.since(day(4), day(5))).empty
    volume = Counter(r["url"].split("/")[2].removeprefix("www.") for r in batches[1])
    assert dict(digest.outlets) == dict(volume)
    store.close()


def test_date_window_holds_the_articles_published_that_day(three_days) -> None:  # type: ignore[no-untyped-def]
    data, batches = three_days
    store = Store(data)
    # Published in 2022, first indexed in 2026: a day's articles are its own however late.
    digest = build_digest(store, HashEmbedder(), Window.of_day(date(2022, 11, 17), "UTC"))
    assert len(digest.article_ids) == len(batches[1])
    assert digest.to_json()["window"] == {
        "start": None, "end": "2022-11-18T00:00:00+00:00", "date": "2022-11-17", "tz": "UTC"
    }  # fmt: skip
    store.close()


def test_stories_cover_every_article_once_with_verbatim_passages(three_days) -> None:  # type: ignore[no-untyped-def]
    data, _ = three_days
    store = Store(data)
    digest = build_digest(store, HashEmbedder(), Window.since(EPOCH, soon()))
    covered = [a.id for s in digest.stories for a in s.articles]
    assert sorted(covered) == sorted(digest.article_ids)
    for story in digest.stories:
        assert story.headline == story.articles[0].source.title
        assert 1 <= len(story.passages) <= 2
        for p in story.passages:
            text = store.db.execute(
                "SELECT text FROM articles WHERE path = ?", [p.source.path]
            ).fetchone()[0]
            assert text[p.start : p.end] == p.text
    store.close()


def test_seed_digest_shows_the_conflicting_troop_numbers_with_claimants(tmp_path: Path) -> None:
    build_index([str(Path(__file__).resolve().parents[2] / "seeds")], tmp_path, HashEmbedder())
    store = Store(tmp_path)
    digest = build_digest(store, HashEmbedder(), Window.since(EPOCH, soon()))
    soldiers = next(f for f in digest.figures if f.what == "North Korean soldiers")
    assert soldiers.kind == "new"
    assert "3,000 (John Kirby" in soldiers.summary
    assert "12,000 (Time News, Lloyd Austin)" in soldiers.summary
    assert soldiers.summary.startswith("North Korean soldiers: 3,000 (John Kirby")
    # Each report carries its verbatim sentence (grouping reads those of the figures it compares).
    for report in soldiers.reports:
        text = Path(report.source.path).read_text(encoding="utf-8")
        assert report.sentence and text[report.start : report.end] == report.sentence
    store.close()


def test_a_figure_that_differs_from_an_earlier_report_is_a_change(seeds_copy: Path) -> None:
    data = seeds_copy.parent / "data"
    kirby = seeds_copy / "001_1ed963706c63bb85.txt"
    build_index([str(kirby)], data, HashEmbedder())
    store = Store(data)
    yesterday = datetime.now(UTC) - timedelta(days=1)
    ingested_at(store, "%001_1ed963706c63bb85.txt", yesterday)
    build_index([str(seeds_copy)], data, HashEmbedder())
    start = yesterday + timedelta(hours=1)
    digest = build_digest(store, HashEmbedder(), Window.since(start, soon()))
    assert len(digest.article_ids) == 4
    change = next(f for f in digest.figures if f.what == "North Korean soldiers")
    assert change.kind == "changed"
    assert change.previous is not None and change.previous.source.path == str(kirby)
    before, after = change.summary.split(" -> ")
    assert before.startswith("North Korean soldiers: ")
    assert "12,000 (Time News, Lloyd Austin)" in after
    assert all(f.source.path != str(kirby) for f in change.reports)
    assert set(digest.figure_ids) >= {f.id for f in change.reports}
    store.close()


def test_clustering_joins_close_vectors_and_keeps_far_ones_apart() -> None:
    a = np.array([1.0, 0.0, 0.0])
    b = np.array([0.9, np.sqrt(1 - 0.81), 0.0])
    c = np.array([0.0, 0.0, 1.0])
    assert cluster_vectors(np.vstack([a, c, b]), 0.8) == [[0, 2], [1]]
    assert cluster_vectors(np.vstack([a, c, b]), 0.95) == [[0], [1], [2]]
    assert cluster_vectors(np.zeros((0, 3)), 0.5) == []


def _report(folder: Path, name: str, published: str | None, troops: str) -> None:
    date_line = f"date: {published}\n" if published else ""
    (folder / name).write_text(
        f"---\ntitle: Troops report {name}\n{date_line}---\n"
        f"U.S. officials said {troops} North Korean soldiers are in Russia now.\n"
    )


@pytest.mark.parametrize(
    ("earlier", "late", "expected"),
    [
        # An undated earlier article is not the latest report: 12,000 repeats the dated one.
        ([("u.md", None, "3,000"), ("d.md", "2024-10-23", "12,000")],
         ("w.md", "2024-10-24", "12,000"), None),
        # An older article indexed late repeats a known value: not a fall from 12,000.
        ([("a.md", "2024-10-20", "3,000"), ("b.md", "2024-10-23", "12,000")],
         ("c.md", "2024-10-21", "3,000"), None),
        # A newer report with another value is a change.
        ([("a.md", "2024-10-20", "3,000"), ("b.md", "2024-10-23", "12,000")],
         ("c.md", "2024-10-24", "10,000"), "changed"),
    ],
)  # fmt: skip
def test_a_change_is_judged_against_the_latest_earlier_report_by_publication(
    tmp_path: Path, earlier: list, late: tuple, expected: str | None
) -> None:
    folder, data = tmp_path / "articles", tmp_path / "data"
    folder.mkdir()
    for name, published, troops in earlier:
        _report(folder, name, published, troops)
    build_index([str(folder)], data, HashEmbedder())
    store = Store(data)
    ingested_at(store, "%", datetime.now(UTC) - timedelta(days=1))
    _report(folder, *late)
    build_index([str(folder)], data, HashEmbedder())
    digest = build_digest(store, HashEmbedder(), Window.since(soon() - timedelta(hours=1), soon()))
    assert len(digest.article_ids) == 1
    kinds = [f.kind for f in digest.figures if "soldiers" in f.what]
    assert kinds == ([expected] if expected else [])
    store.close()


def test_figures_of_earlier_years_are_no_news_and_the_ledes_come_first(tmp_path: Path) -> None:
    folder, data = tmp_path / "articles", tmp_path / "data"
    folder.mkdir()
    (folder / "storm.md").write_text(
        "---\ntitle: Blizzard\ndate: 2022-12-24\n---\n"
        "The blizzard has buried 4,000 vehicles across western New York, officials said.\n\n"
        "Crews cleared 300 roads by Saturday night.\n\n"
        "The blizzard in January 1977 buried 1,500 trucks over four days.\n"
    )
    build_index([str(folder)], data, HashEmbedder())
    store = Store(data)
    digest = build_digest(store, HashEmbedder(), Window.of_day(date(2022, 12, 24), "UTC"))
    # The 1977 trucks are recalled, not reported; the lede's vehicles come before the roads.
    assert [f.what for f in digest.figures] == ["vehicles", "roads"]
    store.close()


def test_a_figure_of_one_comes_after_every_other_new_figure(tmp_path: Path) -> None:
    folder, data = tmp_path / "articles", tmp_path / "data"
    folder.mkdir()
    (folder / "swap.md").write_text(
        "---\ntitle: Swap\ndate: 2022-12-08\n---\n"
        "It took one painful decision, one senior official said.\n\n"
        "The deal freed 2 prisoners, and 40 guards watched.\n"
    )
    build_index([str(folder)], data, HashEmbedder())
    store = Store(data)
    digest = build_digest(store, HashEmbedder(), Window.of_day(date(2022, 12, 8), "UTC"))
    whats = [f.what for f in digest.figures]
    assert set(whats[:2]) == {"prisoners", "guards"}
    assert set(whats[2:]) == {"painful decision", "senior official"}
    store.close()


def test_a_story_is_headed_by_a_title_not_by_an_untitled_articles_path(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    lede = "U.S. officials said 3,000 North Korean soldiers are in Russia now, training near Kursk."
    # The untitled article comes first, so it is the most central of the two (a tie).
    (folder / "a.txt").write_text(f"{lede}\n")
    (folder / "b.md").write_text(f"---\ntitle: Troops arrive in Russia\n---\n{lede} More soon.\n")
    build_index([str(folder)], tmp_path / "data", HashEmbedder())
    store = Store(tmp_path / "data")
    (story,) = build_digest(store, HashEmbedder(), Window.since(EPOCH, soon())).stories
    store.close()
    assert len(story.articles) == 2
    assert story.headline == "Troops arrive in Russia"
    assert story.articles[0].source.title == story.headline
