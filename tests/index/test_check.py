"""`newsdesk check`: each kind of damage is found, named with its repair, and repaired."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.check_cli import check_cmd
from index import HashEmbedder, build, build_index
from index.build import exclusive
from index.check import check_index, repair_index
from index.errors import NewsdeskError
from index.vectors import MANIFEST

MODEL, DIM = HashEmbedder.name, HashEmbedder().dim


@pytest.fixture
def data(seeds_copy: Path, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    build_index([str(seeds_copy)], data, HashEmbedder())
    return data


def sql(data: Path, *statements: str) -> None:
    db = sqlite3.connect(data / "newsdesk.db")
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()


def test_a_fresh_index_passes(data: Path) -> None:
    report = check_index(data, MODEL, DIM)
    assert report.ok and report.passages == report.vectors > 40 and report.articles == 5


def _drop_vector_file(data: Path) -> None:
    (data / json.loads((data / MANIFEST).read_text())["file"]).unlink()


def _behind(data: Path) -> None:
    sql(data, "DELETE FROM passages WHERE id = (SELECT max(id) FROM passages)")


@pytest.mark.parametrize(
    ("damage", "repair", "words"),
    [
        (_drop_vector_file, "vectors", "missing or unreadable"),
        (lambda d: (d / MANIFEST).write_text("{not json"), "vectors", "unreadable"),
        # Rows deleted behind the library's back: the saved keyword row lengths go stale too.
        (_behind, "vectors,fts", "1 not in SQLite"),
        (lambda d: (d / "vectors.9.faiss.tmp").write_bytes(b"x"), "leftovers", "leftover"),
        (
            lambda d: sql(
                d,
                "INSERT INTO passages_fts(passages_fts, rowid, text) "
                "SELECT 'delete', id, text FROM passages WHERE id = 3",
            ),
            "fts",
            "keyword index holds",
        ),
        (
            lambda d: sql(
                d,
                "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
                "SELECT 'delete', id, title, text FROM articles WHERE id = 1",
            ),
            "fts",
            "article keyword index holds 4",
        ),
        (
            lambda d: sql(d, "UPDATE keyword_lengths SET tokens = zeroblob(length(tokens))"),
            "fts",
            "row lengths do not match",
        ),
        (lambda d: sql(d, "DELETE FROM figures WHERE id = 1"), "ok", ""),
        (
            lambda d: sql(d, "UPDATE figures SET text = 'x' WHERE id = 1"),
            "figures",
            "do not quote",
        ),
        (
            lambda d: sql(d, "UPDATE articles SET text = text || ' ' WHERE id = 2"),
            "reindex",
            "does not match its hash",
        ),
        (
            lambda d: sql(d, "UPDATE passages SET text = 'x' || text WHERE id = 7"),
            "reindex",
            "is not the article's text",
        ),
        (
            lambda d: sql(d, "UPDATE passages SET vector = substr(vector, 1, 100) WHERE id = 5"),
            "reindex",
            "1 stored vector(s) damaged",
        ),
    ],
    ids=[
        "vector-file-gone",
        "manifest-garbled",
        "faiss-ahead-of-sqlite",
        "leftover-tmp",
        "fts-row-lost",
        "article-fts-row-lost",
        "keyword-lengths-wrong",
        "figure-deleted-is-fine",
        "figure-text-wrong",
        "article-text-altered",
        "passage-text-altered",
        "passage-vector-cut",
    ],
)
def test_damage_is_named_with_its_repair(data: Path, damage, repair: str, words: str) -> None:  # type: ignore[no-untyped-def]
    damage(data)
    report = check_index(data, MODEL, DIM)
    if repair == "ok":
        assert report.ok
        return
    assert [p.repair for p in report.problems] == repair.split(","), report.problems
    assert words in report.problems[0].what
    repaired = repair_index(data, MODEL, DIM)
    if repair == "reindex":  # not derivable: marked, then the next index run fixes it
        assert [p.repair for p in repaired.problems] == ["reindex"]
        build_index([str(data.parent / "seeds")], data, HashEmbedder())
    else:
        assert repaired.ok and repaired.repaired
    assert check_index(data, MODEL, DIM).ok


def test_another_model_is_reported_as_needing_a_rebuild(data: Path) -> None:
    report = check_index(data, "sentence-transformers/all-MiniLM-L6-v2", 384)
    assert [p.repair for p in report.problems] == ["none"]
    assert "built with hash-bow" in report.problems[0].what


def test_check_command_says_what_to_repair_and_repairs(data: Path) -> None:
    _drop_vector_file(data)
    runner = CliRunner()
    env = {"NEWSDESK_EMBEDDER": "hash"}
    found = runner.invoke(check_cmd, ["--data", str(data)], env=env)
    assert found.exit_code == 1
    assert "problem: the vector file" in found.output
    assert "repair: `newsdesk check --repair` rebuilds the vector file" in found.output
    fixed = runner.invoke(check_cmd, ["--data", str(data), "--repair", "--json"], env=env)
    assert fixed.exit_code == 0, fixed.output
    passages = sqlite3.connect(data / "newsdesk.db").execute("SELECT count(*) FROM passages")
    expected = f"rebuilt the vector file ({passages.fetchone()[0]} vectors)"
    assert json.loads(fixed.output)["repaired"] == [expected]
    assert runner.invoke(check_cmd, ["--data", str(data)], env=env).output.endswith("ok\n")


def test_a_check_during_an_index_run_refuses_rather_than_report_its_half_written_state(
    data: Path,
) -> None:
    folder = re.escape(str(data))
    busy = rf"^an index run \(pid {os.getpid()} on .+, since .+\) is using {folder}; wait"
    with exclusive(data):  # what an index run holds while it writes
        for run in (check_index, repair_index):
            with pytest.raises(NewsdeskError, match=busy):  # who, and no repair to try
                run(data, MODEL, DIM)
        with pytest.raises(NewsdeskError, match=busy):
            build_index([str(data)], data, HashEmbedder())
    with exclusive(data, holder="a check"), pytest.raises(NewsdeskError, match=r"^a check \(pid"):
        build_index([str(data)], data, HashEmbedder())
    assert check_index(data, MODEL, DIM).ok  # and once it has finished, the check runs


def test_a_folder_the_checker_cannot_write_to_is_checked_unlocked(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(path: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        if str(path).endswith("index.lock"):
            raise PermissionError(13, "Permission denied", str(path))
        return open(path, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(build, "open", refused, raising=False)  # as for a read-only mount
    assert check_index(data, MODEL, DIM).ok
    with pytest.raises(PermissionError):  # a repair writes: it needs the lock
        repair_index(data, MODEL, DIM)
