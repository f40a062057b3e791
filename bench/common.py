"""Shared helpers for the benchmark scripts: environment, timing, RSS, tables, JSON output.

Every figure a bench script prints is measured in that run; nothing here asserts a number.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# The model ships in a package; never reach a hub, never draw progress bars.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

OUT_DIR = ROOT / "bench" / "out"
CORPORA = Path(os.environ.get("NEWSDESK_CORPORA", ROOT.parent / "shared" / "corpora"))
REALTIMEQA_ARTICLES = CORPORA / "realtimeqa" / "articles.jsonl.gz"
REALTIMEQA_CLUSTERS = CORPORA / "realtimeqa" / "clusters.jsonl.gz"
SQUAD_DEV = CORPORA / "squad" / "dev-v1.1.json.zip"
SEEDS = ROOT / "seeds"


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def current_rss_mb() -> float:
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return float("nan")


class Timer:
    """`with Timer() as t: ...` then t.s (seconds, wall clock, perf_counter)."""

    def __enter__(self) -> Timer:
        self.t0 = time.perf_counter()
        self.cpu0 = time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.s = time.perf_counter() - self.t0
        self.cpu_s = time.process_time() - self.cpu0


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank-interpolated percentile (q in 0..100) of values."""
    if not values:
        return float("nan")
    if len(values) == 1:
        return float(values[0])
    cuts = statistics.quantiles(values, n=1000, method="inclusive")
    idx = min(len(cuts) - 1, max(0, round(q * 10) - 1))
    return float(cuts[idx])


def summary_ms(values: Sequence[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "mean": statistics.fmean(values) if values else float("nan"),
        "p50": percentile(values, 50),
        "p90": percentile(values, 90),
        "p99": percentile(values, 99),
        "max": max(values) if values else float("nan"),
    }


def environment() -> dict[str, Any]:
    import numpy
    info: dict[str, Any] = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "loadavg_when_written": os.getloadavg(),
        "numpy": numpy.__version__,
    }
    try:
        import torch
        info["torch"] = torch.__version__
        info["torch_threads"] = torch.get_num_threads()
    except ImportError:
        pass
    try:
        import sentence_transformers
        info["sentence_transformers"] = sentence_transformers.__version__
    except ImportError:
        pass
    try:
        import faiss
        info["faiss"] = faiss.__version__
    except ImportError:
        pass
    return info


def write_json(name: str, payload: dict[str, Any]) -> Path:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"{name}.json"
    payload = {"script": f"bench/{name}.py", "argv": sys.argv[1:],
               "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
               "environment": environment(), **payload}
    path.write_text(json.dumps(payload, indent=2, default=_jsonable) + "\n", encoding="utf-8")
    return path


def _jsonable(obj: Any) -> Any:
    if hasattr(obj, "tolist"):
        return obj.tolist()
    if isinstance(obj, Path):
        return str(obj)
    return str(obj)


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain fixed-width table."""
    cells = [[_fmt(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h)
              for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    for r in cells:
        out.append("  ".join(c.rjust(w) if _numeric(c) else c.ljust(w)
                             for c, w in zip(r, widths, strict=True)))
    return "\n".join(out)


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        if value != value:
            return "n/a"
        if abs(value) >= 100:
            return f"{value:,.1f}"
        return f"{value:.3f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _numeric(cell: str) -> bool:
    return cell.replace(",", "").replace(".", "", 1).replace("-", "", 1).replace("x", "").isdigit()


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def realtimeqa_feed(dest: Path, n: int) -> Path:
    """The first n lines of the RealTimeQA articles feed, as a plain JSONL file at dest."""
    import gzip
    written = 0
    with gzip.open(REALTIMEQA_ARTICLES, "rb") as src, open(dest, "wb") as out:
        for raw in src:
            if written >= n:
                break
            if raw.strip():
                out.write(raw if raw.endswith(b"\n") else raw + b"\n")
                written += 1
    return dest
