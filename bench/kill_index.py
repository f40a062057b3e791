"""Kill -9 of `newsdesk index` at random moments: the index survives every time.

    python bench/kill_index.py [--trials 10] [--articles 250] [--seed 6]

Each trial indexes a small base feed, then starts `newsdesk index` (fake embedder) on the base
plus ARTICLES more RealTimeQA articles and SIGKILLs it after a random delay within one
uninterrupted run's duration. It then checks that the previous index still answers, what
`newsdesk check` says, that a re-run finishes, and that the result has no duplicate passages
and agreeing SQLite, FTS and FAISS counts. Exits 1 if any trial fails.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, log, realtimeqa_feed, table, write_json

from index import HashEmbedder, build_index, open_corpus
from index.check import check_index
from index.store import Store
from index.vectors import load_vectors

BASE_ARTICLES = 20


@dataclass(frozen=True)
class Trial:
    kill_at_s: float
    killed: bool  # False when the run had already finished
    committed: int  # passages in SQLite right after the kill
    old_answers: bool  # the index answered the base question right after the kill
    check_after_kill: str  # "ok" or the repairs it named
    rerun_s: float
    articles: int
    passages: int
    fts: int
    vectors: int
    duplicates: int
    check_final: str

    def passed(self, articles: int) -> bool:
        return (
            self.old_answers
            and self.articles == articles
            and self.passages == self.fts == self.vectors
            and self.duplicates == 0
            and self.check_final == "ok"
        )


def index_command(data: Path, *feeds: Path) -> list[str]:
    newsdesk = [sys.executable, "-c", "from bot.cli import main; main()"]
    return [*newsdesk, "--data", str(data), "index", *map(str, feeds)]


def run_env() -> dict[str, str]:
    return {**os.environ, "NEWSDESK_EMBEDDER": "hash", "PYTHONPATH": str(ROOT)}


def make_feeds(folder: Path, articles: int) -> tuple[Path, Path, str]:
    """The base feed, the bigger feed, and a question (the base's first title) it answers."""
    both = realtimeqa_feed(folder / "all.jsonl", BASE_ARTICLES + articles)
    lines = both.read_bytes().splitlines(keepends=True)
    base, more = folder / "base.jsonl", folder / "more.jsonl"
    base.write_bytes(b"".join(lines[:BASE_ARTICLES]))
    more.write_bytes(b"".join(lines[BASE_ARTICLES:]))
    both.unlink()
    return base, more, json.loads(lines[0])["title"]


def full_run(folder: Path, base: Path, more: Path) -> tuple[float, int]:
    """Seconds an uninterrupted run takes, and how many articles it leaves."""
    data = folder / "calibrate"
    build_index([str(base)], data, HashEmbedder())
    started = time.perf_counter()
    subprocess.run(
        index_command(data, base, more), env=run_env(), cwd=ROOT, check=True, capture_output=True
    )
    took = time.perf_counter() - started
    store = Store(data)
    articles = store.counts()["articles"]
    store.close()
    shutil.rmtree(data)
    return took, articles


def counts(data: Path) -> tuple[int, int, int, int, int]:
    """(articles, passages, FTS rows, FAISS vectors, duplicate passages)."""
    store = Store(data)
    try:
        db = store.db
        c = store.counts()
        fts = db.execute("SELECT count(*) FROM passages_fts_docsize").fetchone()[0]
        dupes = db.execute(
            "SELECT count(*) FROM (SELECT 1 FROM passages GROUP BY article_id, start "
            "HAVING count(*) > 1)"
        ).fetchone()[0]
    finally:
        store.close()
    loaded = load_vectors(data, HashEmbedder.name, HashEmbedder().dim)
    return c["articles"], c["passages"], fts, loaded[0].count if loaded else 0, dupes


def verdict(data: Path) -> str:
    report = check_index(data, HashEmbedder.name, HashEmbedder().dim)
    return "ok" if report.ok else "+".join(sorted({p.repair for p in report.problems}))


def run_trial(folder: Path, base: Path, more: Path, question: str, kill_at: float) -> Trial:
    """One trial in a fresh data folder under folder."""
    data = Path(tempfile.mkdtemp(dir=folder))
    build_index([str(base)], data, HashEmbedder())
    child = subprocess.Popen(
        index_command(data, base, more),
        env=run_env(),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(kill_at)
    killed = child.poll() is None
    if killed:
        os.kill(child.pid, signal.SIGKILL)
    child.wait()
    committed = counts(data)[1]
    corpus = open_corpus(data, HashEmbedder())
    try:
        answer = corpus.ask(question)
        old_answers = any(q.source.path.endswith("#L1") for q in answer.quotes)
    finally:
        corpus.close()
    after_kill = verdict(data)
    started = time.perf_counter()
    subprocess.run(
        index_command(data, base, more), env=run_env(), cwd=ROOT, check=True, capture_output=True
    )
    rerun_s = time.perf_counter() - started
    articles, passages, fts, vectors, dupes = counts(data)
    trial = Trial(
        kill_at,
        killed,
        committed,
        old_answers,
        after_kill,
        rerun_s,
        articles,
        passages,
        fts,
        vectors,
        dupes,
        verdict(data),
    )
    shutil.rmtree(data)
    return trial


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--articles", type=int, default=250, help="articles in the killed run")
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base, more, question = make_feeds(folder, args.articles)
        full_s, articles = full_run(folder, base, more)
        log(f"an uninterrupted run takes {full_s:.2f} s and leaves {articles} articles")
        trials = []
        for i in range(args.trials):
            kill_at = round(rng.uniform(0.1, full_s), 2)
            trials.append(run_trial(folder, base, more, question, kill_at))
            log(f"trial {i + 1}: {trials[-1]}")
    headers = [
        "#",
        "kill s",
        "killed",
        "committed",
        "old answers",
        "check after kill",
        "rerun s",
        "articles",
        "passages",
        "fts",
        "vectors",
        "dupes",
        "final check",
        "ok",
    ]
    rows = [
        [
            i + 1,
            t.kill_at_s,
            t.killed,
            t.committed,
            t.old_answers,
            t.check_after_kill,
            t.rerun_s,
            t.articles,
            t.passages,
            t.fts,
            t.vectors,
            t.duplicates,
            t.check_final,
            t.passed(articles),
        ]
        for i, t in enumerate(trials)
    ]
    print(f"{args.trials} trials; an uninterrupted run: {full_s:.2f} s, {articles} articles")
    print(table(headers, rows))
    passed = sum(t.passed(articles) for t in trials)
    print(f"{passed}/{len(trials)} trials passed")
    write_json(
        "kill_index",
        {"full_run_s": full_s, "articles": articles, "trials": [asdict(t) for t in trials]},
    )
    sys.exit(0 if passed == len(trials) else 1)


if __name__ == "__main__":
    main()
