"""Index runs killed with SIGKILL, and questions answered while an index run is in progress."""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

import pytest

from index import HashEmbedder, build_index, open_corpus

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
from kill_index import full_run, run_trial  # noqa: E402


def write_feed(path: Path, count: int, first: int = 0) -> Path:
    """count distinct articles made from the seeds, one JSON record per line."""
    seeds = [p.read_text("utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))]
    with open(path, "w", encoding="utf-8") as out:
        for i in range(first, first + count):
            text = f"Dispatch number {i} from the desk.\n\n" + seeds[i % len(seeds)]
            record = {"url": f"https://desk.example/{i}", "title": f"Dispatch {i}", "text": text}
            out.write(json.dumps(record) + "\n")
    return path


def test_sigkill_at_three_moments_leaves_a_working_index(tmp_path: Path) -> None:
    """The short version of bench/kill_index.py (10 random moments on RealTimeQA)."""
    base = write_feed(tmp_path / "base.jsonl", 5)
    more = write_feed(tmp_path / "more.jsonl", 100, first=5)
    full_s, articles = full_run(tmp_path, base, more)
    for fraction in (0.35, 0.6, 0.85):
        trial = run_trial(tmp_path, base, more, "Dispatch number 0", full_s * fraction)
        assert trial.passed(articles), trial
        assert trial.check_after_kill in ("ok", "vectors", "leftovers+vectors"), trial


def test_questions_are_answered_during_an_index_run_and_new_articles_appear(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    build_index([str(write_feed(tmp_path / "base.jsonl", 3))], data, HashEmbedder())
    corpus = open_corpus(data, HashEmbedder())
    # Small batches, each saved at once: the reader reloads while the writer keeps writing.
    monkeypatch.setattr("index.build.FLUSH_PASSAGES", 20)
    monkeypatch.setattr("index.build.SAVE_EVERY_S", 0.0)
    more = write_feed(tmp_path / "more.jsonl", 40, first=3)
    failures: list[BaseException] = []

    def index_more() -> None:
        try:
            build_index([str(more)], data, HashEmbedder())
        except BaseException as exc:
            failures.append(exc)

    writer = threading.Thread(target=index_more)
    writer.start()
    answered = 0
    while writer.is_alive() and answered < 2000:
        answer = corpus.ask("Dispatch number 1 from the desk")
        assert answer.quotes, "the old index stopped answering during the run"
        answered += 1
    writer.join()
    assert not failures and answered > 0
    late = corpus.ask("Dispatch number 42 from the desk")  # the last new article
    assert late.quotes[0].source.path.endswith("more.jsonl#L40")
    assert corpus.stats().articles == 43
    corpus.close()
