"""Hostile inputs (tests/data/hostile/ plus big and unreadable files made here): each is skipped
with one clear reason or indexed safely, and every other file in the same run is indexed."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

from index import HashEmbedder, build_index, open_corpus
from index.check import check_index
from index.ingest import DEFAULT_MAX_BYTES

HOSTILE = Path(__file__).resolve().parents[1] / "data" / "hostile"

SKIPPED = {
    "empty.txt": "empty file",
    "binary.txt": "binary file (contains NUL bytes)",
    "invalid-utf8.txt": "not UTF-8 text (invalid byte at offset 3)",
    "nul-bytes.txt": "binary file (contains NUL bytes)",
    "broken.jsonl#L2": "invalid JSON (JSONDecodeError)",
    "broken.jsonl#L3": "no article text in the record",
    "broken.jsonl#L4": "no article text in the record",
    "broken.jsonl#L5": "no article text in the record",
    "broken.jsonl#L6": "invalid JSON (JSONDecodeError)",
    "broken.jsonl#L8": "text is not valid Unicode (a lone surrogate at character 17)",
    "broken.jsonl": "feed read stopped (line 10 is cut off)",  # a cut feed: none pruned
    "ten-mb-line.txt": f"too large (10,000,000 bytes; the limit is {DEFAULT_MAX_BYTES:,})",
    "big-feed.jsonl#L2": "too large (10,000,0",
    "over-limit.txt": f"too large ({DEFAULT_MAX_BYTES + 1:,} bytes; the limit is",
    "loop.txt": "cannot resolve path (",
    "unreadable.txt": "cannot read (",
}
INDEXED = {  # file: a phrase its quote must hold
    "good.txt": "3,000 soldiers crossed the river",
    "nested.html": "14 bridges were repaired",
    "script.html": "27 families were moved to shelters",
    "zero-width-rtl.txt": "9 villages were evacuated",
    "broken.jsonl#L1": "31 patients were treated",
    "broken.jsonl#L7": "8 aircraft were grounded",
    "broken.jsonl#L9": "12 ferries resumed service",  # its title and author: lone surrogates
    "big-feed.jsonl#L1": "41 boats returned",
}


def hostile_folder(tmp_path: Path) -> Path:
    """The committed files, plus the big and odd ones that are made rather than committed."""
    folder = tmp_path / "hostile"
    shutil.copytree(HOSTILE, folder)
    (folder / "ten-mb-line.txt").write_bytes(b"Officials said 3 boats sank. " * 344_827 + b"x" * 17)
    with open(folder / "over-limit.txt", "wb") as handle:  # sparse: costs no disk
        handle.truncate(DEFAULT_MAX_BYTES + 1)
    good_line = {"url": "https://desk.example/big-1", "text": "Crews said 41 boats returned."}
    with open(folder / "big-feed.jsonl", "w") as handle:
        handle.write(json.dumps(good_line) + "\n")
        handle.write('{"text": "' + "a" * 10_000_000 + '"}\n')
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "back").symlink_to(folder, target_is_directory=True)  # a folder loop
    unreadable = folder / "unreadable.txt"
    if os.geteuid() == 0:  # root reads any mode; /proc/self/mem refuses a plain read
        unreadable.symlink_to("/proc/self/mem")
    else:
        unreadable.write_text("secret")
        unreadable.chmod(0)
    return folder


def test_hostile_files_are_skipped_with_one_reason_and_the_rest_indexed(tmp_path: Path) -> None:
    folder = hostile_folder(tmp_path)
    assert (folder / "ten-mb-line.txt").stat().st_size == 10_000_000
    data = tmp_path / "data"
    report = build_index([str(folder)], data, HashEmbedder())
    reasons: dict[str, list[str]] = {}
    for skipped in report.skipped:
        reasons.setdefault(skipped.path.removeprefix(str(folder) + "/"), []).append(skipped.reason)
    assert sorted(reasons) == sorted(SKIPPED)
    for name, expected in SKIPPED.items():
        (reason,) = reasons[name]  # one reason per file or feed line
        assert reason.startswith(expected), (name, reason)
    added = sorted(p.removeprefix(str(folder) + "/") for p in report.added)
    assert added == sorted(INDEXED)
    assert check_index(data, HashEmbedder.name, HashEmbedder().dim).ok

    corpus = open_corpus(data, HashEmbedder())
    for name, phrase in INDEXED.items():
        quotes = [q for q in corpus.ask(phrase).quotes if q.source.path.endswith(name)]
        assert quotes and phrase in quotes[0].text, name
    db = sqlite3.connect(data / "newsdesk.db")
    stored = "\n".join(r[0] for r in db.execute("SELECT text FROM articles"))
    for never in ("alert(", "injected paragraph", "color:red", "Enable scripts", "<div>"):
        assert never not in stored
    zero_width = db.execute("SELECT text FROM articles WHERE path LIKE '%zero-width%'").fetchone()
    source = (folder / "zero-width-rtl.txt").read_text("utf-8")
    assert zero_width[0] == source  # kept verbatim, so quotes stay exact substrings
    odd = db.execute("SELECT title, author FROM articles WHERE url LIKE '%feed-9'").fetchone()
    assert odd == ("Odd \ufffd title", "Ann \ufffd Lee")
    corpus.close()
