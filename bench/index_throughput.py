"""Index throughput: build_index on N RealTimeQA articles vs raw encoding of the same texts.

    python bench/index_throughput.py [--articles 2000] [--keep-data DIR]

Phases, in one process (both encoders warmed before any timing), raw / index / raw / rerun:
  raw     the texts the index run will embed (chunk_article + embed_text over read_articles,
          skipping same-text twins, one text per distinct passage content hash, as build_index
          does), encoded by
            st     sentence-transformers' model.encode(texts, batch_size=64): the reference
            index  the index runs' own encoder (TorchFreeMiniLM, ONNX Runtime, a thread per
                   core) called on all the texts at once: its rate without build_index around it
          Half the texts (every other one) are encoded before the index run and half after it,
          so warm-up, thermal state and other load on the machine fall on both sides alike;
          raw rate = all texts / both times.
  index   build_index into an empty data folder with the encoder `newsdesk index` uses;
          passages/s; the time spent inside embedder.encode is measured by a pass-through wrapper
  rerun   build_index again over the unchanged feed (nothing to embed); its wall time as a
          share of the first run's
Ratios: index / raw st (the issue's figure), index / raw index-encoder (what build_index costs
beyond its encoder). Writes bench/out/index_throughput.json.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common
from common import Timer, current_rss_mb, log, peak_rss_mb, table, write_json

from index import Embedder, MiniLMEmbedder, TorchFreeMiniLM, build_index
from index.chunk import chunk_article, embed_text
from index.ingest import DEFAULT_MAX_BYTES, read_articles
from index.models import Skipped


class TimedEmbedder:
    """Passes encode() through to the real embedder and adds up the time it takes."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.seconds = 0.0
        self.calls = 0
        self.texts = 0
        self.batch_sizes: list[int] = []

    def encode(self, texts):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        out = self.inner.encode(texts)
        self.seconds += time.perf_counter() - t0
        self.calls += 1
        self.texts += len(texts)
        self.batch_sizes.append(len(texts))
        return out


def embed_texts_like_index(feed: Path) -> tuple[list[str], int, int]:
    """The texts build_index embeds for feed (into an empty index), in its order."""
    seen_text: set[str] = set()
    todo: dict[str, str] = {}
    articles = passages = 0
    for got in read_articles(str(feed), feed, DEFAULT_MAX_BYTES):
        if isinstance(got, Skipped):
            continue
        text_hash = hashlib.sha256(got.text.encode("utf-8", "surrogatepass")).hexdigest()
        if text_hash in seen_text:
            continue
        seen_text.add(text_hash)
        articles += 1
        for p in chunk_article(got):
            passages += 1
            todo.setdefault(p.content_hash, embed_text(p.text, got.meta.title))
    return list(todo.values()), articles, passages


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--articles", type=int, default=2000, help="first N feed lines (default 2000)")
    ap.add_argument("--keep-data", type=Path, default=None,
                    help="build the index here (must be empty or absent) and keep it, e.g. for "
                         "bench/query_latency.py --data DIR; default: a temp dir, deleted")
    ap.add_argument("--batch-size", type=int, default=64, help="raw encode batch size (64)")
    args = ap.parse_args()

    wall = Timer().__enter__()
    tmp = Path(tempfile.mkdtemp(prefix="bench_tp_"))
    data_dir = args.keep_data or (tmp / "data")
    if data_dir.exists() and any(data_dir.iterdir()):
        sys.exit(f"{data_dir} is not empty; the first run must start from an empty index")
    feed = common.realtimeqa_feed(tmp / "articles.jsonl", args.articles)
    log(f"feed: {args.articles} articles -> {feed}")

    emb = MiniLMEmbedder()
    index_emb = TorchFreeMiniLM(threads=0)  # as bot/options.py's INDEX_EMBEDDERS["minilm"]
    with Timer() as t_load:
        model = emb.model
        index_emb.encode(["load"])
    with Timer() as t_prep:
        texts, n_articles, n_passages = embed_texts_like_index(feed)
    log(f"{len(texts)} distinct texts to embed ({n_passages} passages, {n_articles} articles); "
        f"prepared in {t_prep.s:.1f}s")
    # Warm every path the same way: a full batch through each.
    warm = texts[: 2 * args.batch_size]
    with Timer() as t_warm:
        model.encode(warm, batch_size=args.batch_size, show_progress_bar=False)
        emb.encode(warm)
        index_emb.encode(warm)
    rss_before = current_rss_mb()

    import os
    load = {"start": os.getloadavg()}
    raw: dict[str, list[Timer]] = {"st": [], "index": []}

    def raw_half(half: list[str], label: str) -> None:
        for name in ("st", "index"):
            with Timer() as t:
                if name == "st":
                    model.encode(half, batch_size=args.batch_size, show_progress_bar=False)
                else:
                    index_emb.encode(half)
            raw[name].append(t)
            log(f"raw {name} {label}: {t.s:.1f}s")

    raw_half(texts[0::2], "A")
    load["after_raw_a"] = os.getloadavg()
    rss_after_raw = peak_rss_mb()

    timed = TimedEmbedder(index_emb)
    log("build_index (first run) ...")
    with Timer() as t_idx:
        rep1 = build_index([str(feed)], data_dir, timed)
    idx_rate = rep1.passages_embedded / t_idx.s
    total_passages = rep1.passages_embedded + rep1.passages_reused
    log(f"index: {t_idx.s:.1f}s, {idx_rate:.1f} passages embedded/s "
        f"(encode {timed.seconds:.1f}s in {timed.calls} calls)")
    rss_after_index = peak_rss_mb()
    load["after_index"] = os.getloadavg()

    raw_half(texts[1::2], "B")
    load["after_raw_b"] = os.getloadavg()
    raw_s = {name: sum(t.s for t in ts) for name, ts in raw.items()}
    raw_cpu = {name: sum(t.cpu_s for t in ts) for name, ts in raw.items()}
    raw_rate = {name: len(texts) / s for name, s in raw_s.items()}
    log(f"raw: st {raw_rate['st']:.1f} texts/s, index encoder {raw_rate['index']:.1f} texts/s")

    timed2 = TimedEmbedder(index_emb)
    log("build_index (unchanged rerun) ...")
    with Timer() as t_re:
        rep2 = build_index([str(feed)], data_dir, timed2)
    log(f"rerun: {t_re.s:.2f}s")
    rss_after_rerun = peak_rss_mb()

    if args.keep_data is None:
        shutil.rmtree(tmp, ignore_errors=True)
    # with --keep-data the feed stays too: article keys name its path, so a later rerun needs it
    wall.__exit__()

    result = {
        "articles_requested": args.articles,
        "articles_indexed": len(rep1.added),
        "skipped": [[s.path, s.reason] for s in rep1.skipped],
        "texts_prepared_for_raw": len(texts),
        "passages_chunked": n_passages,
        "index_passages_embedded": rep1.passages_embedded,
        "index_passages_reused": rep1.passages_reused,
        "same_texts": len(texts) == rep1.passages_embedded == timed.texts,
        "model_load_s": t_load.s,
        "warmup_s": t_warm.s,
        "raw": {name: {"seconds": raw_s[name], "seconds_first_half": raw[name][0].s,
                       "seconds_second_half": raw[name][1].s, "cpu_seconds": raw_cpu[name],
                       "texts_per_s": raw_rate[name]} for name in raw},
        "raw_st_batch_size": args.batch_size,
        "index_encoder": "TorchFreeMiniLM(threads=0): ONNX Runtime, a thread per core",
        "index": {"seconds": t_idx.s, "cpu_seconds": t_idx.cpu_s,
                  "passages_embedded_per_s": idx_rate,
                  "passages_total_per_s": total_passages / t_idx.s,
                  "encode_seconds": timed.seconds, "encode_calls": timed.calls,
                  "encode_texts_per_call_mean": timed.texts / max(1, timed.calls),
                  "non_encode_seconds": t_idx.s - timed.seconds,
                  "encode_texts_per_s": timed.texts / timed.seconds if timed.seconds else None},
        "ratio_index_over_raw": idx_rate / raw_rate["st"],
        "ratio_index_over_raw_cpu_time": (rep1.passages_embedded / t_idx.cpu_s)
        / (len(texts) / raw_cpu["st"]),
        "ratio_index_over_raw_index_encoder": idx_rate / raw_rate["index"],
        "ratio_raw_index_encoder_over_raw_st": raw_rate["index"] / raw_rate["st"],
        "loadavg": load,
        "rerun": {"seconds": t_re.s, "share_of_first": t_re.s / t_idx.s,
                  "unchanged": len(rep2.unchanged), "added": len(rep2.added),
                  "updated": len(rep2.updated), "embedded": rep2.passages_embedded,
                  "encode_calls": timed2.calls},
        "rss_mb": {"before_raw_current": rss_before, "peak_after_raw": rss_after_raw,
                   "peak_after_index": rss_after_index, "peak_after_rerun": rss_after_rerun},
        "wall_s": wall.s,
        "data_dir": str(data_dir) if args.keep_data else None,
        "feed": str(feed) if args.keep_data else None,
        "targets": {"ratio_index_over_raw": ">= 0.9", "rerun_share": "<= 0.03"},
    }
    path = write_json("index_throughput", result)
    print(table(["measure", "value"], [
        ("articles indexed", len(rep1.added)),
        ("passages embedded (index)", rep1.passages_embedded),
        ("texts encoded (raw)", len(texts)),
        ("raw st encode s (A+B)", raw_s["st"]),
        ("raw st texts/s", raw_rate["st"]),
        ("raw index-encoder texts/s", raw_rate["index"]),
        ("index build s", t_idx.s),
        ("  of which encode s", timed.seconds),
        ("  of which other s", t_idx.s - timed.seconds),
        ("index passages/s", idx_rate),
        ("ratio index/raw st", result["ratio_index_over_raw"]),
        ("ratio index/raw st (CPU time)", result["ratio_index_over_raw_cpu_time"]),
        ("ratio index/raw index-encoder", result["ratio_index_over_raw_index_encoder"]),
        ("ratio raw index-encoder/raw st", result["ratio_raw_index_encoder_over_raw_st"]),
        ("rerun s", t_re.s),
        ("rerun share of first", t_re.s / t_idx.s),
        ("peak RSS MiB", rss_after_rerun),
        ("wall s", wall.s),
    ]))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
