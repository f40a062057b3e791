"""Cold start of a one-shot `newsdesk ask`: the torch-free query encoder against the torch one.

    python bench/cold_start.py [--data DIR] [--runs 5] [--questions 500] [--skip-encoders]

Wall time of whole processes, median of --runs, the variants interleaved run by run so machine
load falls on all alike:
  python -c pass        the interpreter alone (the floor)
  import bot.cli        what every command pays before it does anything
  ask (torch-free)      `newsdesk --data DIR ask Q`, the default (index/fast_encoder.py)
  ask (torch)           the same with NEWSDESK_EMBEDDER=minilm-torch: sentence-transformers
  ready (torch-free|torch)  a `newsdesk serve`-like process: open_corpus + the warm-up ask
Then, in this process (unless --skip-encoders), the encoders on the same texts: torch-free with
its layers in ONNX Runtime (the default) and in numpy (its fallback), and sentence-transformers:
  speed    per-question encode time on short questions (dev questions + SQuAD questions),
           each question encoded by all three back to back
  cosine   each torch-free one vs sentence-transformers on --questions SQuAD questions, the dev
           questions, SQuAD paragraphs and whole seed articles (beyond 256 tokens: truncated)
Without --data, the seed articles are indexed into a temp dir first (with the torch model).
Writes bench/out/cold_start.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common
from common import log, summary_ms, table, write_json

STATS = ("mean", "p50", "p90", "p99")
QUESTION = "How many North Korean soldiers are in Russia?"
NEWSDESK = str(Path(sys.executable).with_name("newsdesk"))
READY = """
import sys
from pathlib import Path
from index import MiniLMEmbedder, open_corpus
from index.fast_encoder import TorchFreeMiniLM
embedder = TorchFreeMiniLM() if sys.argv[2] == "torch-free" else MiniLMEmbedder()
open_corpus(Path(sys.argv[1]), embedder).ask("warm up the model")
"""


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDESK_")}
    env.update(HF_HUB_OFFLINE="1", HF_HUB_DISABLE_PROGRESS_BARS="1", **extra)
    return env


def _wall(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=common.ROOT, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t0


def cold_starts(data: Path, runs: int) -> dict[str, list[float]]:
    py = sys.executable
    variants = {
        "python -c pass": ([py, "-c", "pass"], _env()),
        "import bot.cli": ([py, "-c", "import bot.cli"], _env()),
        "ask (torch-free)": ([NEWSDESK, "--data", str(data), "ask", QUESTION], _env()),
        "ask (numpy layers)": (
            [NEWSDESK, "--data", str(data), "ask", QUESTION],
            _env(NEWSDESK_EMBEDDER="minilm-numpy"),
        ),
        "ask (torch)": (
            [NEWSDESK, "--data", str(data), "ask", QUESTION],
            _env(NEWSDESK_EMBEDDER="minilm-torch"),
        ),
        "ready (torch-free)": ([py, "-c", READY, str(data), "torch-free"], _env()),
        "ready (torch)": ([py, "-c", READY, str(data), "torch"], _env()),
    }
    for cmd, env in variants.values():  # once untimed: page cache, .pyc files
        _wall(cmd, env)
    times: dict[str, list[float]] = {name: [] for name in variants}
    for run in range(runs):
        for name, (cmd, env) in variants.items():
            times[name].append(_wall(cmd, env))
        log(f"run {run + 1}/{runs}: " + ", ".join(f"{n} {t[-1]:.2f}s" for n, t in times.items()))
    return times


def _texts(n_questions: int) -> dict[str, list[str]]:
    rng = random.Random(7)
    dev = json.loads((common.ROOT / "tests/data/dev_questions.json").read_text("utf-8"))
    with zipfile.ZipFile(common.SQUAD_DEV) as z:
        squad = json.loads(z.read("dev-v1.1.json"))["data"]
    paragraphs = [p["context"] for a in squad for p in a["paragraphs"]]
    questions = [q["question"] for a in squad for p in a["paragraphs"] for q in p["qas"]]
    return {
        "dev questions": [d["q"] for d in dev],
        "squad questions": rng.sample(questions, n_questions),
        "squad paragraphs": rng.sample(paragraphs, 40) + sorted(paragraphs, key=len)[-10:],
        "seed articles": [p.read_text("utf-8") for p in sorted(common.SEEDS.glob("*.txt"))],
    }


def encoders(n_questions: int) -> dict[str, Any]:
    from index import MiniLMEmbedder
    from index.fast_encoder import TorchFreeMiniLM

    embedders: dict[str, Any] = {
        "onnxruntime": TorchFreeMiniLM(),
        "numpy": TorchFreeMiniLM(onnx_runtime=False),
        "torch": MiniLMEmbedder(),
    }
    load = {}
    for name, emb in embedders.items():
        t0 = time.perf_counter()
        emb.encode(["warm up"])
        load[name] = time.perf_counter() - t0
    groups = _texts(n_questions)
    short = groups["dev questions"] + groups["squad questions"][:200]
    per_query: dict[str, list[float]] = {name: [] for name in embedders}
    for q in short:
        for name, emb in embedders.items():
            t0 = time.perf_counter()
            emb.encode([q])
            per_query[name].append((time.perf_counter() - t0) * 1000)
    log(f"speed: {len(short)} short questions timed")
    cosines: dict[str, dict[str, Any]] = {"onnxruntime": {}, "numpy": {}}
    tokens = {}
    tokenizer, _ = embedders["numpy"]._load()
    for group, texts in groups.items():
        reference = embedders["torch"].encode(texts)
        for name, by_group in cosines.items():
            cos = (embedders[name].encode(texts) * reference).sum(axis=1)
            by_group[group] = {"n": len(texts), "min": float(cos.min()), "mean": float(cos.mean())}
        lengths = [len(e.ids) for e in tokenizer.encode_batch(texts)]
        tokens[group] = {"max": max(lengths), "at_256": sum(n == 256 for n in lengths)}
        log(f"cosine: {group} done")
    cosine_all = {}
    for name, by_group in cosines.items():
        n_all = sum(g["n"] for g in by_group.values())
        cosine_all[name] = {
            "n": n_all,
            "min": min(g["min"] for g in by_group.values()),
            "mean": sum(g["mean"] * g["n"] for g in by_group.values()) / n_all,
        }
    return {
        "load_and_first_encode_s": load,
        "per_query_ms": {k: summary_ms(v) for k, v in per_query.items()},
        "per_query_p50_vs_numpy": {
            k: summary_ms(v)["p50"] / summary_ms(per_query["numpy"])["p50"]
            for k, v in per_query.items()
        },
        "short_questions": len(short),
        "cosine": cosines,
        "cosine_all": cosine_all,
        "tokens": tokens,
    }


def print_encoders(enc: dict[str, Any]) -> None:
    pq = enc["per_query_ms"]
    print(f"\nencode one short question, ms ({enc['short_questions']} questions, interleaved)")
    rows = [
        [
            name,
            enc["load_and_first_encode_s"][name],
            *(pq[name][k] for k in STATS),
            enc["per_query_p50_vs_numpy"][name],
        ]
        for name in pq
    ]
    print(table(["encoder", "load+first s", *STATS, "p50 / numpy"], rows))
    for name, by_group in enc["cosine"].items():
        print(f"\ncosine(torch-free with {name}, sentence-transformers)")
        rows = [
            [g, c["n"], f"{c['min']:.7f}", f"{c['mean']:.7f}", *enc["tokens"][g].values()]
            for g, c in by_group.items()
        ]
        every = enc["cosine_all"][name]
        rows.append(["all", every["n"], f"{every['min']:.7f}", f"{every['mean']:.7f}", "", ""])
        print(table(["texts", "n", "min", "mean", "max tokens", "at 256 tokens"], rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, help="an index to ask (default: the seeds, indexed)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--questions", type=int, default=400, help="SQuAD questions for cosine")
    parser.add_argument("--skip-encoders", action="store_true")
    args = parser.parse_args()

    tmp = None
    data = args.data
    if data is None:
        tmp = Path(tempfile.mkdtemp(prefix="cold-start-"))
        data = tmp / "data"
        log("indexing the seeds (torch model)")
        subprocess.run(
            [NEWSDESK, "--data", str(data), "index", str(common.SEEDS)],
            env=_env(),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    try:
        times = cold_starts(data, args.runs)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    medians = {name: statistics.median(t) for name, t in times.items()}
    base = medians["python -c pass"]
    print(f"cold start, median of {args.runs} runs (seconds; load {os.getloadavg()[0]:.1f})")
    print(
        table(
            ["variant", "median s", "min s", "max s", "minus python"],
            [[n, medians[n], min(t), max(t), medians[n] - base] for n, t in times.items()],
        )
    )
    result: dict[str, Any] = {
        "question": QUESTION,
        "runs": args.runs,
        "times_s": times,
        "median_s": medians,
        "speedup_ask": medians["ask (torch)"] / medians["ask (torch-free)"],
    }
    if not args.skip_encoders:
        result["encoders"] = encoders(args.questions)
        print_encoders(result["encoders"])
    print(f"\nwrote {write_json('cold_start', result)}")


if __name__ == "__main__":
    main()
