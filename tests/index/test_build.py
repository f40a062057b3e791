"""Index runs with the fake embedder: formats, bad input, idempotence, updates, prune, crashes."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from index import HashEmbedder, IndexMismatch, build_index, ingest, open_corpus
from index.build import open_vectors
from index.check import check_index
from index.store import Store
from index.vectors import MANIFEST, load_vectors


class CountingEmbedder(HashEmbedder):
    """The fake embedder, counting what it is asked to embed (and failing on demand)."""

    def __init__(self, fail_after: int | None = None) -> None:
        super().__init__()
        self.calls = 0
        self.texts = 0
        self.fail_after = fail_after

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        if self.fail_after is not None and self.calls > self.fail_after:
            raise KeyboardInterrupt("simulated kill")
        self.texts += len(texts)
        return super().encode(texts)


def counts(data: Path) -> tuple[int, int, int]:
    store = Store(data)
    try:
        c = store.counts()
        fts = store.db.execute("SELECT count(*) FROM passages_fts").fetchone()[0]
        assert fts == c["passages"]
    finally:
        store.close()
    loaded = load_vectors(data, HashEmbedder.name, HashEmbedder().dim)
    assert loaded is not None
    return c["articles"], c["passages"], loaded[0].count


def test_seeds_index_with_exact_substring_passages(seeds_copy: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    report = build_index([str(seeds_copy)], data, HashEmbedder())
    assert len(report.added) == 5 and not report.skipped
    articles, passages, vectors = counts(data)
    assert articles == 5 and passages == vectors > 40
    db = sqlite3.connect(data / "newsdesk.db")
    for path, start, end, text in db.execute(
        'SELECT a.path, p.start, p."end", p.text FROM passages p JOIN articles a '
        "ON a.id = p.article_id"
    ):
        assert Path(path).read_text("utf-8")[start:end] == text
        assert "Leave a Comment" not in text and "Latest Contents" not in text


def test_rerun_embeds_nothing(seeds_copy: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    build_index([str(seeds_copy)], data, HashEmbedder())
    embedder = CountingEmbedder()
    report = build_index([str(seeds_copy)], data, embedder)
    assert embedder.texts == 0 and len(report.unchanged) == 5
    assert not report.added and not report.updated


def test_edited_file_replaces_its_passages_and_reuses_unchanged_vectors(
    seeds_copy: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    build_index([str(seeds_copy)], data, HashEmbedder())
    before = counts(data)
    target = next(seeds_copy.glob("004_*.txt"))
    target.write_text(target.read_text("utf-8") + "\nA new closing sentence was added today.\n")
    embedder = CountingEmbedder()
    report = build_index([str(seeds_copy)], data, embedder)
    assert report.updated == (str(target),)
    assert 0 < embedder.texts <= 2  # only the changed tail passage is embedded again
    after = counts(data)
    assert after[0] == before[0] and after[1] == after[2]
    corpus = open_corpus(data, HashEmbedder())
    answer = corpus.ask("new closing sentence added today")
    assert answer.quotes and "A new closing sentence" in answer.quotes[0].text


def test_new_furniture_rules_reindex_an_unchanged_file_reusing_its_vectors(
    seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    build_index([str(seeds_copy)], data, HashEmbedder())
    target = next(seeds_copy.glob("004_*.txt"))
    text = target.read_text("utf-8")
    cut = text.index("Austin sees the involvement")  # a story line the new rules call furniture
    real = ingest.body_spans

    def stricter(text: str, start: int = 0) -> tuple[tuple[int, int], ...]:
        return tuple(span for span in real(text, start) if span[0] != cut)

    monkeypatch.setattr(ingest, "body_spans", stricter)
    embedder = CountingEmbedder()
    report = build_index([str(seeds_copy)], data, embedder)
    assert report.updated == (str(target),) and len(report.unchanged) == 4
    assert 0 < embedder.texts <= 3  # only passages around the dropped line
    store = Store(data, create=False)
    assert not any(
        "Austin sees the involvement" in row[0]
        for row in store.db.execute("SELECT text FROM passages")
    )
    store.close()


def test_an_index_hashed_before_the_spans_counts_as_unchanged_and_is_brought_up_to_date(
    seeds_copy: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    build_index([str(seeds_copy)], data, HashEmbedder())
    store = Store(data, create=False)
    fields = "id, text, title, outlet, author, date, url, content_hash"
    rows = store.db.execute(f"SELECT {fields} FROM articles").fetchall()
    with store.db.conn:
        for aid, text, title, outlet, author, date, url, _ in rows:
            meta = {"title": title, "outlet": outlet, "author": author, "date": date, "url": url}
            legacy = ingest.content_hash(text, meta, None)
            store.db.execute("UPDATE articles SET content_hash = ? WHERE id = ?", [legacy, aid])
    store.close()
    assert check_index(data).ok  # as an older run left it
    embedder = CountingEmbedder()
    report = build_index([str(seeds_copy)], data, embedder)
    assert len(report.unchanged) == 5 and embedder.texts == 0
    store = Store(data, create=False)
    assert sorted(r[-1] for r in store.db.execute(f"SELECT {fields} FROM articles")) == sorted(
        r[-1] for r in rows
    )  # the hashes with the spans again
    store.close()
    assert check_index(data).ok


def test_replacing_an_article_reads_only_its_own_rows(seeds_copy: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    build_index([str(seeds_copy)], data, HashEmbedder())
    store = Store(data, create=False)
    db = store.db.conn
    # A deleted passage's figures are found by index, not by reading every figure (migration 9).
    plan = " ".join(
        str(row[-1])
        for row in db.execute("EXPLAIN QUERY PLAN SELECT id FROM figures WHERE passage_id = 1")
    )
    assert "USING INDEX figures_passage" in plan or "USING COVERING INDEX" in plan, plan
    # A new content hash leaves the article keyword index alone: one row changes, no more.
    before = db.total_changes
    with db:
        db.execute("UPDATE articles SET content_hash = 'x' WHERE id = 1")
    assert db.total_changes - before == 1
    before = db.total_changes
    with db:
        db.execute("UPDATE articles SET title = 'A new title' WHERE id = 1")
    assert db.total_changes - before > 1  # the row, and its words deleted and added again
    store.close()


def test_prune_drops_articles_whose_files_are_gone(seeds_copy: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    build_index([str(seeds_copy)], data, HashEmbedder())
    gone = next(seeds_copy.glob("002_*.txt"))
    gone.unlink()
    kept = build_index([str(seeds_copy)], data, HashEmbedder())
    assert counts(data)[0] == 5 and not kept.removed  # without --prune nothing is lost
    report = build_index([str(seeds_copy)], data, HashEmbedder(), prune=True)
    assert report.removed == (str(gone),)
    articles, passages, vectors = counts(data)
    assert articles == 4 and passages == vectors


@pytest.mark.parametrize("name", ["linked.txt", "linked.jsonl"])
def test_prune_drops_articles_read_through_a_link_that_is_gone(
    seeds_copy: Path, tmp_path: Path, name: str
) -> None:
    desk, data = tmp_path / "desk", tmp_path / "data"
    desk.mkdir()
    target = next(seeds_copy.glob("002_*.txt"))
    if name.endswith(".jsonl"):
        target = tmp_path / "elsewhere.jsonl"
        _feed(target, FEED_RECORDS)
    (desk / name).symlink_to(target)
    added = build_index([str(desk)], data, HashEmbedder()).added
    assert added and all(p.startswith(str(desk / name)) for p in added)  # shown as reached
    (desk / name).unlink()  # the desk no longer holds it; its target is still there
    report = build_index([str(desk)], data, HashEmbedder(), prune=True)
    assert sorted(report.removed) == sorted(added) and counts(data)[0] == 0


def test_bad_files_are_skipped_with_a_reason_and_the_rest_indexed(
    seeds_copy: Path, tmp_path: Path
) -> None:
    bad = seeds_copy
    (bad / "empty.txt").write_text("")
    (bad / "blank.txt").write_text("  \n\n ")
    (bad / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (bad / "latin1.txt").write_bytes("Caf\xe9 soldiers arrived in Russia today.".encode("latin-1"))
    (bad / "huge.txt").write_text("North Korea. " * 100_000)
    (bad / "dangling.txt").symlink_to(bad / "does-not-exist.txt")
    (bad / "loop.txt").symlink_to(bad / "loop.txt")
    shutil.copy(next(bad.glob("001_*.txt")), bad / "copy-of-001.txt")
    unreadable = bad / "unreadable.txt"
    if os.geteuid() == 0:  # root reads any mode; /proc/self/mem refuses a plain read
        unreadable.symlink_to("/proc/self/mem")
    else:
        unreadable.write_text("secret")
        unreadable.chmod(0)
    report = build_index(
        [str(bad), str(tmp_path / "missing")],
        tmp_path / "data",
        HashEmbedder(),
        max_bytes=1_000_000,
    )
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert reasons["empty.txt"] == "empty file"
    assert reasons["blank.txt"] == "empty file"
    assert reasons["binary.txt"].startswith("binary file")
    assert reasons["latin1.txt"].startswith("not UTF-8 text")
    assert reasons["huge.txt"].startswith("too large")
    assert reasons["dangling.txt"].startswith("cannot resolve path")
    assert reasons["loop.txt"].startswith("cannot resolve path")
    assert reasons["unreadable.txt"].startswith("cannot read")
    assert reasons["copy-of-001.txt"].startswith("same text as")
    assert reasons["missing"] == "no such file or folder"
    assert len(report.added) == 5


class RefusingEmbedder(HashEmbedder):
    """The fake embedder, refusing any batch holding a word, as a tokenizer refuses odd text."""

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if any("Zorblax" in t for t in texts):
            raise TypeError("TextEncodeInput must be Union[TextInputSequence, ...]")
        return super().encode(texts)


def test_an_article_the_embedder_refuses_is_skipped_and_its_batch_indexed(
    seeds_copy: Path, tmp_path: Path
) -> None:
    (seeds_copy / "odd.txt").write_text("Officials said the Zorblax convoy carried 40 trucks.")
    report = build_index([str(seeds_copy)], tmp_path / "data", RefusingEmbedder())
    (skipped,) = report.skipped
    assert skipped.path.endswith("odd.txt")
    assert skipped.reason.startswith("could not be embedded (TypeError: TextEncodeInput")
    assert len(report.added) == 5 and not any(p.endswith("odd.txt") for p in report.added)
    assert report.passages_embedded == counts(tmp_path / "data")[1]
    assert check_index(tmp_path / "data", HashEmbedder.name, HashEmbedder().dim).ok


def test_markdown_front_matter_and_sidecar_override_text_metadata(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "story.md").write_text(
        "---\ntitle: Front matter title\noutlet: Desk Wire\ndate: 2024-10-24\n"
        "url: https://example.com/a\n---\nBy Ann Lee\n\nNorth Korea sent 3,000 soldiers to "
        "Russia, officials said on Thursday.\n"
    )
    (src / "plain.txt").write_text("Plain Headline Here\n\nTroops moved toward Kursk on Friday.\n")
    (src / "plain.meta.json").write_text(
        json.dumps({"outlet": "Sidecar Times", "date": "October 25, 2024"})
    )
    data = tmp_path / "data"
    build_index([str(src)], data, HashEmbedder())
    from index.corpus import list_sources

    got = {Path(s.path).name: s for s in list_sources(data)}
    md = got["story.md"]
    assert (md.title, md.outlet, md.author, md.date, md.url) == (
        "Front matter title",
        "Desk Wire",
        "Ann Lee",
        "2024-10-24",
        "https://example.com/a",
    )
    txt = got["plain.txt"]
    assert (txt.title, txt.outlet, txt.date) == (
        "Plain Headline Here",
        "Sidecar Times",
        "2024-10-25",
    )
    corpus = open_corpus(data, HashEmbedder())
    quote = corpus.ask("3,000 soldiers Russia").quotes[0]
    raw = (src / "story.md").read_text("utf-8")
    assert raw[quote.start : quote.end] == quote.text and "title:" not in quote.text


def test_jsonl_feeds_plain_and_gzipped_with_a_broken_line(tmp_path: Path) -> None:
    records = [
        {
            "url": "https://news.example.com/1",
            "title": "One",
            "authors": ["Ann Bell Cy Dunn", "Ann Bell", "Cy Dunn", "Ann Bell"],  # as RealTimeQA
            "publish_date": "2024/10/23",
            "text": "North Korea sent troops to Russia this week.",
        },
        {
            "url": "https://www.cnn.com/2",
            "title": "Two",
            "authors": [],
            "publish_date": None,
            "text": "Ukraine said the troops wore Russian uniforms near the border.",
        },
    ]
    lines = [json.dumps(records[0]), "{not json", json.dumps({"url": "x"}), json.dumps(records[1])]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(lines) + "\n")
    with gzip.open(tmp_path / "feed2.jsonl.gz", "wt") as handle:
        handle.write(json.dumps({**records[0], "url": "https://news.example.com/3"}) + "\n")
    report = build_index(
        [str(feed), str(tmp_path / "feed2.jsonl.gz")], tmp_path / "d", HashEmbedder()
    )
    assert len(report.added) == 2  # the gzipped copy has the same text as line 1
    reasons = {s.path.rsplit("/", 1)[-1]: s.reason for s in report.skipped}
    assert reasons["feed.jsonl#L2"].startswith("invalid JSON")
    assert reasons["feed.jsonl#L3"] == "no article text in the record"
    assert reasons["feed2.jsonl.gz#L1"].startswith("same text as")
    corpus = open_corpus(tmp_path / "d", HashEmbedder())
    quote = corpus.ask("troops wore Russian uniforms").quotes[0]
    assert quote.source.path.endswith("feed.jsonl#L4") and quote.source.outlet == "cnn.com"
    assert records[1]["text"][quote.start : quote.end] == quote.text
    one = next(s for s in corpus.sources() if s.title == "One")
    assert (one.author, one.date, one.outlet) == (
        "Ann Bell, Cy Dunn",
        "2024-10-23",
        "news.example.com",
    )


def test_a_run_killed_midway_leaves_the_previous_index_answering(
    seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    first = sorted(seeds_copy.glob("*.txt"))
    build_index([str(first[0])], data, HashEmbedder())
    monkeypatch.setattr("index.build.FLUSH_PASSAGES", 10)  # many small batches
    with pytest.raises(KeyboardInterrupt):
        build_index([str(seeds_copy)], data, CountingEmbedder(fail_after=2))
    corpus = open_corpus(data, HashEmbedder())  # the old FAISS file plus committed batches
    assert corpus.ask("Lloyd Austin North Korean troops Russian uniforms").quotes
    store = Store(data)
    committed = store.counts()["passages"]
    store.close()
    resumed = CountingEmbedder()
    build_index([str(seeds_copy)], data, resumed)
    articles, passages, vectors = counts(data)
    assert articles == 5 and passages == vectors
    assert resumed.texts == passages - committed  # committed batches are not embedded again
    db = sqlite3.connect(data / "newsdesk.db")
    dupes = db.execute(
        "SELECT count(*) - count(DISTINCT article_id || ':' || start) FROM passages"
    ).fetchone()[0]
    assert dupes == 0


def test_stale_vector_file_is_synced_from_sqlite(seeds_copy: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    build_index([str(next(seeds_copy.glob("000_*")))], data, HashEmbedder())
    old_manifest = (data / MANIFEST).read_text()
    old_file = json.loads(old_manifest)["file"]
    shutil.copy(data / old_file, tmp_path / old_file)
    build_index([str(seeds_copy)], data, HashEmbedder())
    # Put the old manifest and vector file back: as if the run died before saving FAISS.
    shutil.copy(tmp_path / old_file, data / old_file)
    (data / MANIFEST).write_text(old_manifest)
    store = Store(data)
    vindex = open_vectors(store, HashEmbedder())
    assert vindex.count == store.counts()["passages"]
    store.close()


def test_an_unchanged_run_after_a_new_migration_brings_the_manifest_up_to_date(
    seeds_copy: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    build_index([str(seeds_copy)], data, HashEmbedder())
    manifest = json.loads((data / MANIFEST).read_text())
    current = manifest["schema_version"]
    manifest["schema_version"] = current - 1  # saved before the latest migration
    (data / MANIFEST).write_text(json.dumps(manifest))
    assert not check_index(data).ok
    report = build_index([str(seeds_copy)], data, HashEmbedder())
    assert not report.added and not report.updated
    assert json.loads((data / MANIFEST).read_text())["schema_version"] == current
    assert check_index(data).ok


def test_an_index_built_by_another_model_is_refused(seeds_copy: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    build_index([str(seeds_copy)], data, HashEmbedder())
    with pytest.raises(IndexMismatch, match="was built with hash-bow"):
        open_corpus(data, HashEmbedder(dim=32))


def test_large_collections_switch_to_ivf_and_stay_in_sync(
    seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("index.vectors.FLAT_LIMIT", 40)
    monkeypatch.setattr("index.vectors.TRAIN_PER_LIST", 2)
    data = tmp_path / "data"
    build_index([str(seeds_copy)], data, HashEmbedder())
    manifest = json.loads((data / MANIFEST).read_text())
    assert manifest["index_type"].startswith("ivf")
    _, passages, vectors = counts(data)
    assert passages == vectors
    target = next(seeds_copy.glob("004_*.txt"))
    target.write_text(target.read_text("utf-8") + "\nKim Jong Un inspected a new drone factory.\n")
    build_index([str(seeds_copy)], data, HashEmbedder())
    store = Store(data)
    vindex = open_vectors(store, HashEmbedder())
    assert not vindex.exact
    assert sorted(vindex.ids().tolist()) == store.passage_ids().tolist()
    store.close()
    answer = open_corpus(data, HashEmbedder()).ask("Kim Jong Un inspected a new drone factory")
    assert "drone factory" in answer.quotes[0].text


def test_rebuild_starts_over_with_another_model_and_keeps_bot_state(
    seeds_copy: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    build_index([str(seeds_copy)], data, HashEmbedder())
    (data / "bot.db").write_text("the bot's own state")
    with pytest.raises(IndexMismatch, match="--rebuild"):
        build_index([str(seeds_copy)], data, HashEmbedder(dim=32))
    report = build_index([str(seeds_copy)], data, HashEmbedder(dim=32), rebuild=True)
    assert len(report.added) == 5
    assert open_corpus(data, HashEmbedder(dim=32)).ask("Kyrylo Budanov").quotes
    assert (data / "bot.db").read_text() == "the bot's own state"
    assert len(list(data.glob("vectors.*.faiss"))) == 1


def test_rebuild_replaces_a_database_sqlite_cannot_read(seeds_copy: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    build_index([str(seeds_copy)], data, HashEmbedder())
    (data / "newsdesk.db").write_bytes(b"not a database " * 1000)
    with pytest.raises(sqlite3.DatabaseError):
        build_index([str(seeds_copy)], data, HashEmbedder())
    report = build_index([str(seeds_copy)], data, HashEmbedder(), rebuild=True)
    assert len(report.added) == 5
    assert check_index(data, HashEmbedder.name, HashEmbedder().dim).ok


def _articles(data: Path) -> dict[str, tuple[int, str | None]]:
    """{path as indexed: (article id, title)}."""
    store = Store(data)
    try:
        rows = store.db.execute("SELECT path, id, title FROM articles").fetchall()
    finally:
        store.close()
    return {path: (aid, title) for path, aid, title in rows}


@pytest.mark.parametrize("prune", [False, True])
def test_a_renamed_file_keeps_its_rows_and_vectors(
    seeds_copy: Path, tmp_path: Path, prune: bool
) -> None:
    data = tmp_path / "data"
    build_index([str(seeds_copy)], data, HashEmbedder())
    old = next(seeds_copy.glob("001_*.txt"))
    before = _articles(data)[str(old)]
    new = old.with_name("renamed.txt")
    old.rename(new)
    embedder = CountingEmbedder()
    report = build_index([str(seeds_copy)], data, embedder, prune=prune)
    assert report.updated == (str(new),) and report.removed == () and report.skipped == ()
    assert embedder.texts == 0
    assert _articles(data)[str(new)] == before and str(old) not in _articles(data)
    again = build_index([str(seeds_copy)], data, embedder, prune=prune)
    assert len(again.unchanged) == 5 and embedder.texts == 0
    assert check_index(data, HashEmbedder.name, HashEmbedder().dim).ok


def test_two_files_that_swap_their_text_are_both_updated(tmp_path: Path) -> None:
    folder, data = tmp_path / "docs", tmp_path / "data"
    folder.mkdir()
    a_text = "Ferry Services Resume After Storm\n\nPort staff said 12 ferries sailed again.\n"
    b_text = "Rail Strike Hits Coast Line\n\nUnion leaders said 40 trains were cancelled.\n"
    (folder / "a.txt").write_text(a_text)
    (folder / "b.txt").write_text(b_text)
    build_index([str(folder)], data, HashEmbedder())
    (folder / "a.txt").write_text(b_text)
    (folder / "b.txt").write_text(a_text)
    report = build_index([str(folder)], data, HashEmbedder())
    assert sorted(report.updated) == [str(folder / "a.txt"), str(folder / "b.txt")]
    assert report.skipped == ()
    titles = {Path(p).name: t for p, (_, t) in _articles(data).items()}
    assert titles == {
        "a.txt": "Rail Strike Hits Coast Line",
        "b.txt": "Ferry Services Resume After Storm",
    }
    assert check_index(data, HashEmbedder.name, HashEmbedder().dim).ok


def _feed(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))


FEED_RECORDS = [
    {"url": "https://desk.example/b", "text": "Medics said 31 patients were treated on Monday."},
    {"url": "https://desk.example/c", "text": "Pilots said 8 aircraft were grounded by ash."},
]


@pytest.mark.parametrize("with_urls", [True, False])
def test_a_record_added_above_others_leaves_every_record_quoting_its_own_line(
    tmp_path: Path, with_urls: bool
) -> None:
    feed, data = tmp_path / "feed.jsonl", tmp_path / "data"
    records = [r if with_urls else {"text": r["text"]} for r in FEED_RECORDS]
    _feed(feed, records)
    build_index([str(feed)], data, HashEmbedder())
    first = {"url": "https://desk.example/a", "text": "Crews said 41 boats returned at dawn."}
    _feed(feed, [first if with_urls else {"text": first["text"]}, *records])
    report = build_index([str(feed)], data, HashEmbedder(), prune=True)
    assert report.skipped == () and report.removed == ()
    lines = feed.read_text().splitlines()
    store = Store(data)
    rows = store.db.execute("SELECT path, text FROM articles").fetchall()
    store.close()
    assert len(rows) == 3
    for path, text in rows:  # the path names the line whose text field this article is
        line = int(path.rsplit("#L", 1)[1])
        assert json.loads(lines[line - 1])["text"] == text


def test_a_cut_off_feed_with_prune_keeps_the_records_after_the_cut(tmp_path: Path) -> None:
    feed, data = tmp_path / "feed.jsonl.gz", tmp_path / "data"
    records = [{"url": f"https://desk.example/{n}", "text": f"Officials said {n} boats sank."}
               for n in range(10, 16)]  # fmt: skip
    with gzip.open(feed, "wt") as handle:
        handle.write("".join(json.dumps(r) + "\n" for r in records))
    build_index([str(feed)], data, HashEmbedder())
    feed.write_bytes(feed.read_bytes()[:-20])  # a download cut short
    report = build_index([str(feed)], data, HashEmbedder(), prune=True)
    assert report.removed == ()
    assert any(s.reason.startswith("feed read stopped") for s in report.skipped)
    assert len(_articles(data)) == 6


def test_a_feed_repeating_a_url_keeps_the_first_record_and_settles(tmp_path: Path) -> None:
    feed, data = tmp_path / "feed.jsonl", tmp_path / "data"
    _feed(feed, [FEED_RECORDS[0], {**FEED_RECORDS[0], "text": "Medics said 32 were treated."}])
    report = build_index([str(feed)], data, HashEmbedder())
    assert len(report.added) == 1
    (skipped,) = report.skipped
    assert skipped.path.endswith("#L2") and skipped.reason.startswith("same url as an earlier")
    embedder = CountingEmbedder()
    again = build_index([str(feed)], data, embedder)
    assert len(again.unchanged) == 1 and embedder.texts == 0


def test_front_matter_a_date_parser_rejects_or_a_bom_does_not_stop_the_run(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    body = "Officials said 3,000 soldiers crossed the river on Tuesday.\n"
    (folder / "bad-date.md").write_text(f"---\ntitle: Bad date\ndate: 2024-13-45\n---\n{body}")
    (folder / "bom.md").write_text(f"\ufeff---\ntitle: Saved with a BOM\n---\n{body} Again.\n")
    (folder / ".git").mkdir()
    (folder / ".git" / "notes.txt").write_text("Hidden folders are not articles. " * 5)
    report = build_index([str(folder)], tmp_path / "data", HashEmbedder())
    assert len(report.added) == 2 and report.skipped == ()
    titles = {Path(p).name: t for p, (_, t) in _articles(tmp_path / "data").items()}
    assert titles == {"bom.md": "Saved with a BOM", "bad-date.md": "Bad date"}
    assert [(i.path, i.reason) for i in report.ignored] == [
        (str(folder / "bad-date.md"), 'front matter field ignored: date "2024-13-45" (not a date)')
    ]


def test_a_bad_sidecar_is_named_and_a_bom_sidecar_and_utf16_text_are_told_apart(
    tmp_path: Path,
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    body = "Plain Headline Here\n\nTroops moved toward Kursk on Friday, officials said.\n"
    (src / "a.txt").write_text(body)
    (src / "a.meta.json").write_text("{not json")
    (src / "b.txt").write_text(body.replace("Friday", "Monday"))
    (src / "b.meta.json").write_bytes(b"\xef\xbb\xbf" + json.dumps({"outlet": "BOM Wire"}).encode())
    (src / "c.txt").write_bytes(body.replace("Friday", "Sunday").encode("utf-16"))
    report = build_index([str(src)], tmp_path / "data", HashEmbedder())
    reasons = {s.path: s.reason for s in report.skipped}
    assert reasons == {str(src / "c.txt"): "UTF-16 text (save it as UTF-8)"}
    assert [(i.path, i.reason) for i in report.ignored] == [
        (
            str(src / "a.meta.json"),
            "sidecar ignored: invalid JSON at line 1, column 2 "
            "(Expecting property name enclosed in double quotes)",
        )
    ]
    from index.corpus import list_sources

    outlets = {Path(s.path).name: s.outlet for s in list_sources(tmp_path / "data")}
    assert outlets == {"a.txt": None, "b.txt": "BOM Wire"}


def test_a_sidecar_field_that_cannot_be_used_is_named_and_the_rest_are_kept(
    tmp_path: Path,
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("Plain Headline Here\n\nTroops moved toward Kursk on Friday.\n")
    (src / "a.meta.json").write_text(
        json.dumps({"outlet": "Sidecar Times", "date": "not a date", "url": {"x": 1}})
    )
    report = build_index([str(src)], tmp_path / "data", HashEmbedder())
    assert len(report.added) == 1 and report.skipped == ()
    assert [(i.path, i.reason) for i in report.ignored] == [
        (
            str(src / "a.meta.json"),
            'sidecar fields ignored: date "not a date" (not a date); url (a mapping, not text)',
        )
    ]
    from index.corpus import list_sources

    (source,) = list_sources(tmp_path / "data")
    assert (source.outlet, source.date, source.url) == ("Sidecar Times", None, None)


def test_a_hash_sign_in_a_path_is_part_of_the_file_name(tmp_path: Path) -> None:
    folder, data = tmp_path / "news#1", tmp_path / "data"
    folder.mkdir()
    (folder / "issue#5.txt").write_text("Officials said 44 tanks crossed the river on Monday.\n")
    _feed(folder / "feed#2.jsonl", FEED_RECORDS)
    build_index([str(folder)], data, HashEmbedder())
    embedder = CountingEmbedder()
    report = build_index([str(folder)], data, embedder, prune=True)
    assert report.removed == () and len(report.unchanged) == 3 and embedder.texts == 0


def test_a_file_edited_into_a_copy_of_another_leaves_no_stale_text(tmp_path: Path) -> None:
    folder, data = tmp_path / "docs", tmp_path / "data"
    folder.mkdir()
    (folder / "a.txt").write_text("Port staff said 12 ferries sailed again after the storm.\n")
    (folder / "b.txt").write_text("Union leaders said 40 trains were cancelled on Friday.\n")
    build_index([str(folder)], data, HashEmbedder())
    (folder / "b.txt").write_text((folder / "a.txt").read_text())
    report = build_index([str(folder)], data, HashEmbedder())
    assert [s.reason for s in report.skipped] == [f"same text as {folder / 'a.txt'}"]
    assert report.removed == (str(folder / "b.txt"),)
    store = Store(data)
    texts = [r[0] for r in store.db.execute("SELECT text FROM articles")]
    store.close()
    assert texts == [(folder / "a.txt").read_text()]  # no article holds b's old text
    assert check_index(data, HashEmbedder.name, HashEmbedder().dim).ok


def test_a_plain_feed_cut_mid_record_with_prune_keeps_the_records_after_the_cut(
    tmp_path: Path,
) -> None:
    feed, data = tmp_path / "feed.jsonl", tmp_path / "data"
    records = [{"url": f"https://desk.example/{n}", "text": f"Officials said {n} boats sank."}
               for n in range(10, 16)]  # fmt: skip
    _feed(feed, records)
    build_index([str(feed)], data, HashEmbedder())
    feed.write_bytes(feed.read_bytes()[: len(feed.read_bytes()) // 2 + 20])  # mid-record
    report = build_index([str(feed)], data, HashEmbedder(), prune=True)
    assert report.removed == ()
    (skipped,) = report.skipped
    assert skipped.reason.startswith("feed read stopped (line ") and "cut off" in skipped.reason
    assert len(_articles(data)) == 6


@pytest.mark.parametrize("damage", ["missing", "truncated"])
def test_an_unreadable_vector_file_is_rebuilt_from_sqlite(
    seeds_copy: Path, tmp_path: Path, damage: str
) -> None:
    data = tmp_path / "data"
    build_index([str(seeds_copy)], data, HashEmbedder())
    (vector_file,) = data.glob("vectors.*.faiss")
    if damage == "missing":
        vector_file.unlink()
    else:
        vector_file.write_bytes(vector_file.read_bytes()[:3000])
    corpus = open_corpus(data, HashEmbedder())  # answers from SQLite's vectors meanwhile
    assert corpus.ask("Kirby 3,000 soldiers").quotes
    corpus.close()
    embedder = CountingEmbedder()
    report = build_index([str(seeds_copy)], data, embedder)  # heals the file
    assert len(report.unchanged) == 5 and embedder.texts == 0
    assert check_index(data, HashEmbedder.name, HashEmbedder().dim).ok


def test_a_reader_open_during_a_rebuild_answers_from_the_new_index(
    seeds_copy: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    feed = tmp_path / "feed.jsonl"
    _feed(feed, FEED_RECORDS)
    build_index([str(feed)], data, HashEmbedder())
    corpus = open_corpus(data, HashEmbedder())
    assert any("feed.jsonl" in q.source.path for q in corpus.ask("patients treated").related
               + corpus.ask("patients treated").quotes)  # fmt: skip
    build_index([str(seeds_copy)], data, HashEmbedder(), rebuild=True)  # the feed is gone
    answer = corpus.ask("Kirby 3,000 soldiers")
    paths = {q.source.path for q in (*answer.quotes, *answer.related)}
    assert paths and all("feed.jsonl" not in p for p in paths)
    assert corpus.stats().articles == 5
    corpus.close()


def test_records_shifted_across_batches_are_not_embedded_again(tmp_path: Path) -> None:
    feed, data = tmp_path / "feed.jsonl", tmp_path / "data"
    records = [
        {"text": " ".join(f"Crew {n} said {n * 7 + k} boats sailed on day {k}." for k in range(6))}
        for n in range(1200)
    ]  # no urls: every record moves down a line when one is put on top
    _feed(feed, records)
    first = build_index([str(feed)], data, HashEmbedder())
    assert first.passages_embedded > 2 * 512  # several batches
    _feed(feed, [{"text": "Port staff said 12 ferries sailed again after the storm."}, *records])
    embedder = CountingEmbedder()
    report = build_index([str(feed)], data, embedder)
    assert (len(report.added), len(report.updated), len(report.unchanged)) == (1, 0, 1200)
    assert embedder.texts == report.passages_embedded == 1  # only the new record's passage


def test_metadata_of_the_wrong_type_is_ignored_not_stringified(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.md").write_text(
        "---\ntitle: Ferry Services Resume\noutlet: true\nauthor: {name: Ann}\n"
        "url: [https://e.com/a, https://e.com/b]\ndate: 2024-10-23\n---\n"
        "Port staff said 12 ferries sailed again after the storm.\n"
    )
    report = build_index([str(folder)], tmp_path / "data", HashEmbedder())
    (ignored,) = report.ignored
    assert ignored.reason == (
        "front matter fields ignored: outlet (true or false, not text); "
        "author (a mapping, not text); url (a list, not text)"
    )
    from index.corpus import list_sources

    (src,) = list_sources(tmp_path / "data")
    assert (src.title, src.outlet, src.author, src.url, src.date) == (
        "Ferry Services Resume",
        None,
        None,
        None,
        "2024-10-23",
    )


def test_an_unchanged_run_clears_what_a_killed_run_left(seeds_copy: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    build_index([str(seeds_copy)], data, HashEmbedder())
    (data / "vectors.99.faiss").write_bytes(b"written, never named")
    (data / "vectors.99.faiss.tmp").write_bytes(b"half written")
    assert not check_index(data, HashEmbedder.name, HashEmbedder().dim).ok
    report = build_index([str(seeds_copy)], data, HashEmbedder())
    assert len(report.unchanged) == 5
    assert len(list(data.glob("vectors.*"))) == 1
    assert check_index(data, HashEmbedder.name, HashEmbedder().dim).ok


def test_readers_answer_from_the_whole_old_index_until_a_rebuild_ends(
    seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, feed = tmp_path / "data", tmp_path / "feed.jsonl"
    _feed(feed, FEED_RECORDS)
    build_index([str(feed)], data, HashEmbedder())
    running = open_corpus(data, HashEmbedder())  # a `serve` started before the rebuild
    monkeypatch.setattr("index.build.FLUSH_PASSAGES", 10)  # many batches, each saved at once
    monkeypatch.setattr("index.build.SAVE_EVERY_S", 0.0)
    seen: list[tuple[int, str]] = []

    def look(done: int, total: int, embedded: int) -> None:
        started = open_corpus(data, HashEmbedder())  # an `ask` started during the rebuild
        for corpus in (running, started):
            answer = corpus.ask("patients treated on Monday")
            seen.append((corpus.stats().articles, answer.quotes[0].source.path))
        started.close()

    build_index([str(seeds_copy)], data, HashEmbedder(), rebuild=True, progress=look)
    assert len(seen) == 10 and all(n == 2 and "feed.jsonl" in p for n, p in seen)
    assert running.ask("Kirby 3,000 soldiers").quotes and running.stats().articles == 5
    running.close()
    assert sorted(p.name for p in data.iterdir() if "vectors" in p.name or p.is_dir()) == [
        json.loads((data / MANIFEST).read_text())["file"]
    ]  # the rebuild's folder and the old vector file are gone
    assert check_index(data, HashEmbedder.name, HashEmbedder().dim).ok


def test_a_rebuild_killed_midway_leaves_the_old_index_and_the_next_run_clears_it(
    seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, feed = tmp_path / "data", tmp_path / "feed.jsonl"
    _feed(feed, FEED_RECORDS)
    build_index([str(feed)], data, HashEmbedder())
    monkeypatch.setattr("index.build.FLUSH_PASSAGES", 10)
    with pytest.raises(KeyboardInterrupt):
        build_index([str(seeds_copy)], data, CountingEmbedder(fail_after=2), rebuild=True)
    corpus = open_corpus(data, HashEmbedder())
    assert corpus.stats().articles == 2 and corpus.ask("aircraft grounded by ash").quotes
    corpus.close()
    assert not check_index(data, HashEmbedder.name, HashEmbedder().dim).ok  # its leftover
    report = build_index([str(feed)], data, HashEmbedder())
    assert len(report.unchanged) == 2 and not (data / "rebuilding").exists()
    assert check_index(data, HashEmbedder.name, HashEmbedder().dim).ok


def test_a_file_left_with_only_furniture_loses_its_stored_article(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    story = folder / "story.txt"
    story.write_text("Troops arrived\n\nNorth Korea sent 3,000 troops to Russia this week.\n")
    feed = folder / "feed.jsonl"
    record = {"url": "https://example.com/1", "title": "Ad", "text": "Ukraine said troops wore "
              "Russian uniforms near the border."}  # fmt: skip
    feed.write_text(json.dumps(record) + "\n")
    data = tmp_path / "data"
    assert len(build_index([str(folder)], data, HashEmbedder()).added) == 2
    story.write_text("Troops arrived\n\nLeave a Comment\n\n0 Comments\n")  # edited: no story
    form = "1. How relevant is this ad to you?\n\nAd froze or did not finish loading"
    feed.write_text(json.dumps({**record, "text": form}) + "\n")  # re-scraped: only a form
    report = build_index([str(folder)], data, HashEmbedder())  # no --prune needed
    assert sorted(Path(p).name for p in report.removed) == ["feed.jsonl#L1", "story.txt"]
    assert {s.reason for s in report.skipped} == {
        "no article text (only headings or page furniture)"
    }
    store = Store(data, create=False)
    assert store.db.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    assert store.db.execute("SELECT count(*) FROM passages").fetchone()[0] == 0
    store.close()


@pytest.mark.parametrize(
    ("authors", "kept"),
    [
        (["Amir Vera Jacob Lev", "Amir Vera", "Jacob Lev"], ["Amir Vera", "Jacob Lev"]),
        (["Dan Merica Gaborr", "Dan Merica"], ["Dan Merica"]),  # with a stray user name
        (["Gaborr Kristen Holmes Evan Perez", "Kristen Holmes", "Evan Perez"],
         ["Kristen Holmes", "Evan Perez"]),
        (["Ann Bell", "Bell"], ["Ann Bell", "Bell"]),  # one word proves nothing
        (["David Smith", "David Smith Jr."], ["David Smith", "David Smith Jr."]),
        (["Sarah Kim", "Sarah Kimball Jones"], ["Sarah Kim", "Sarah Kimball Jones"]),
        (["Jim Morris", "Jim Morris", " "], ["Jim Morris"]),
    ],
)  # fmt: skip
def test_feed_authors_that_run_the_others_together_are_dropped(
    authors: list[str], kept: list[str]
) -> None:
    assert ingest._author_names(authors) == kept


def test_a_story_moved_out_of_a_file_left_with_only_furniture_is_kept(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    story = "Troops arrived\n\nNorth Korea sent 3,000 troops to Russia this week.\n"
    (folder / "a.txt").write_text(story)
    data = tmp_path / "data"
    build_index([str(folder)], data, HashEmbedder())
    (folder / "a.txt").write_text("Moved\n\nAdvertisement\n")
    (folder / "b.txt").write_text(story)
    report = build_index([str(folder)], data, HashEmbedder())
    assert not any(s.path.endswith("b.txt") for s in report.skipped)
    store = Store(data, create=False)
    paths = [Path(r[0]).name for r in store.db.execute("SELECT path FROM articles")]
    store.close()
    assert paths == ["b.txt"]  # not lost as a "duplicate" of the emptied a.txt


@pytest.mark.parametrize("spelling", ["./seeds/../seeds", "seeds/", "./seeds/./", "seeds//"])
def test_another_spelling_of_the_folder_finds_the_same_articles_unchanged(
    seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spelling: str
) -> None:
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    first = build_index(["seeds"], data, HashEmbedder())
    assert all(p.startswith("seeds/") and ".." not in p for p in first.added)
    report = build_index([spelling], data, HashEmbedder())
    assert sorted(report.unchanged) == sorted(first.added)
    store = Store(data)
    paths = [r[0] for r in store.db.execute("SELECT path FROM articles").fetchall()]
    store.close()
    assert sorted(paths) == sorted(first.added)


def test_a_file_given_under_another_spelling_keeps_its_path(
    seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    name = sorted(p.name for p in seeds_copy.iterdir())[0]
    assert build_index([f"seeds/{name}"], data, HashEmbedder()).added == (f"seeds/{name}",)
    again = build_index([f"./seeds/../seeds/{name}"], data, HashEmbedder())
    assert again.unchanged == (f"seeds/{name}",)


def test_a_folder_reached_through_a_link_and_dot_dot_is_read_where_the_link_leads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "real" / "inner").mkdir(parents=True)
    (tmp_path / "real" / "a.txt").write_text("Port staff said 12 ferries sailed again.\n")
    (tmp_path / "link").symlink_to(tmp_path / "real" / "inner")
    monkeypatch.chdir(tmp_path)
    # link/.. is real/, not the folder the link sits in: no lexical shortcut may change that
    report = build_index(["link/.."], tmp_path / "data", HashEmbedder())
    assert report.added == ("link/../a.txt",)
