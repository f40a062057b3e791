"""Paragraph retrieval on SQuAD v1.1 dev: keyword-only vs dense-only vs hybrid, recall@1/@5.

    python bench/squad_retrieval.py [--limit N] [--keyword-weight W] [--sweep]
                                    [--weights 0.1,0.2,...] [--data DIR] [--keep-data DIR]

Each of the 2,067 paragraphs becomes one feed article (url squad://<article>/<i>, title = the
Wikipedia article title with underscores as spaces, text = the context); build_index indexes the
feed; every question is then asked three ways through the library:
  keyword  store.keyword_search(content_terms(q), k)              (FTS5 BM25 only)
  dense    searcher.vectors.search(qvec, k)                         (FAISS cosine only)
  hybrid   searcher.retrieve(q, qvec, k) with SearchParams(keyword_weight=W)
A paragraph's rank is the best rank of any of its passages; recall@n = share of questions whose
paragraph ranks <= n. k = SearchParams.candidates (40) unless --k.

--sweep re-fuses the SAME per-question dense and keyword candidates (cached from the library
calls, with exact cosines from the stored vectors for keyword-only candidates and the BM25 of
each candidate's article, as retrieve does) at each weight and re-ranks the first of them by
word pairs and answer kind (Searcher.rerank), so a sweep costs seconds; the fusion at the run's own
weight is checked against searcher.retrieve and any disagreement is counted in the output.
Writes bench/out/squad_retrieval.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common
from common import Timer, log, peak_rss_mb, summary_ms, table, write_json

from index import SearchParams, TorchFreeMiniLM, build_index, open_corpus
from index.terms import content_terms


def load_squad(path: Path) -> tuple[list[dict], list[tuple[str, int]]]:
    """(paragraphs [{url,title,text}], questions [(question, paragraph index)])."""
    with zipfile.ZipFile(path) as z:
        data = json.loads(z.read("dev-v1.1.json"))
    paragraphs: list[dict] = []
    questions: list[tuple[str, int]] = []
    for article in data["data"]:
        for i, para in enumerate(article["paragraphs"]):
            pid = len(paragraphs)
            paragraphs.append({"url": f"squad://{article['title']}/{i}",
                               "title": article["title"].replace("_", " "),
                               "text": para["context"]})
            questions += [(qa["question"], pid) for qa in para["qas"]]
    return paragraphs, questions


def write_feed(paragraphs: list[dict], dest: Path) -> Path:
    with open(dest, "w", encoding="utf-8") as out:
        for p in paragraphs:
            out.write(json.dumps({"url": p["url"], "title": p["title"], "authors": [],
                                  "publish_date": None, "text": p["text"]}) + "\n")
    return dest


def paragraph_rank(ranked_pids: list[int], para_of: dict[int, int], gold: int) -> int | None:
    """1-based rank of gold among the distinct paragraphs of ranked_pids (None if not there)."""
    seen: list[int] = []
    for pid in ranked_pids:
        para = para_of.get(pid)
        if para is None or para in seen:
            continue
        seen.append(para)
        if para == gold:
            return len(seen)
    return None


def fuse(searcher, question: str, pool: tuple, w: float, rows: dict) -> list[int]:
    """The fusion Searcher.retrieve performs, for a cached candidate pool (dense cosines,
    passage BM25, each candidate's article bonus from Searcher.article_bonus) at
    keyword_weight w, then its phrase re-ranking (rows: a cache of the rows it reads)."""
    dense, keyword, article = pool
    top_kw = max(keyword.values(), default=0.0) or 1.0
    wa = searcher.params.article_keyword_weight
    fused = {pid: dense.get(pid, 0.0) + w * keyword.get(pid, 0.0) / top_kw
             + wa * article.get(pid, 0.0) for pid in set(dense) | set(keyword)}
    ranked = sorted(fused.items(), key=lambda it: (-it[1], it[0]))
    return [pid for pid, _ in searcher.rerank(question, ranked, rows)]


def recall(ranks: list[int | None]) -> dict[str, float]:
    n = max(1, len(ranks))
    found = [r for r in ranks if r is not None]
    return {"r@1": sum(r <= 1 for r in found) / n, "r@5": sum(r <= 5 for r in found) / n,
            "mrr@k": sum(1.0 / r for r in found) / n}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="first N questions (default: all)")
    ap.add_argument("--keyword-weight", type=float, default=None,
                    help="SearchParams.keyword_weight for the hybrid run (default: library's)")
    ap.add_argument("--sweep", action="store_true",
                    help="also report hybrid recall at keyword_weight 0.1..1.0")
    ap.add_argument("--weights", type=str, default=None,
                    help="comma-separated weights for the sweep (implies --sweep)")
    ap.add_argument("--k", type=int, default=None, help="candidates per retriever (default: "
                    "SearchParams.candidates)")
    ap.add_argument("--data", type=Path, default=None,
                    help="reuse the SQuAD index in DIR (built there first if empty)")
    ap.add_argument("--keep-data", action="store_true", help="do not delete a temp index")
    args = ap.parse_args()

    wall = Timer().__enter__()
    defaults = SearchParams()
    weight = defaults.keyword_weight if args.keyword_weight is None else args.keyword_weight
    params = SearchParams(keyword_weight=weight)
    k = args.k or params.candidates
    sweep_weights: list[float] = []
    if args.weights:
        sweep_weights = [float(x) for x in args.weights.split(",") if x.strip()]
    elif args.sweep:
        sweep_weights = [round(0.1 * i, 1) for i in range(1, 11)]
    if sweep_weights and weight not in sweep_weights:
        sweep_weights = sorted({*sweep_weights, weight})

    paragraphs, questions = load_squad(common.SQUAD_DEV)
    if args.limit is not None:
        questions = questions[: args.limit]
    tmp = Path(tempfile.mkdtemp(prefix="bench_squad_"))
    data_dir = args.data or (tmp / "data")
    # The model as `newsdesk index` runs it (a thread per core): it embeds the paragraphs and,
    # in one batch, the 10,570 questions (vectors as the one-thread query encoder's, to 1e-7).
    emb = TorchFreeMiniLM(threads=0)
    with Timer() as t_load:
        emb.encode(["warm up"])
    feed = write_feed(paragraphs, tmp / "squad_dev.jsonl")
    build = None
    if not (data_dir / "newsdesk.db").exists():
        log(f"indexing {len(paragraphs)} paragraphs into {data_dir} ...")
        with Timer() as t_build:
            rep = build_index([str(feed)], data_dir, emb)
        build = {"seconds": t_build.s, "articles_added": len(rep.added),
                 "skipped": [[s.path, s.reason] for s in rep.skipped],
                 "passages_embedded": rep.passages_embedded,
                 "passages_per_s": rep.passages_embedded / t_build.s}
        log(f"indexed: {rep.passages_embedded} passages in {t_build.s:.1f}s")
    else:
        log(f"reusing the index in {data_dir}")

    corpus = open_corpus(data_dir, emb, params=params)
    searcher = corpus.searcher()
    store = searcher.store
    # passage id -> paragraph index (via the url each feed article carries)
    para_by_url = {p["url"]: i for i, p in enumerate(paragraphs)}
    all_ids = store.passage_ids().tolist()
    para_of: dict[int, int] = {}
    rows: dict = {}  # every passage row, also for the sweep's phrase re-ranking
    for i in range(0, len(all_ids), 500):
        rows.update(store.passages(all_ids[i : i + 500]))
    for pid, row in rows.items():
        para_of[pid] = para_by_url[row.url]
    vec_ids, vecs = [], []
    for ids, v in store.iter_vectors():
        vec_ids.append(ids)
        vecs.append(v)
    row_of = {int(pid): r for r, pid in enumerate(np.concatenate(vec_ids))}
    matrix = np.vstack(vecs)
    log(f"{len(all_ids)} passages over {len(set(para_of.values()))} paragraphs; "
        f"{len(questions)} questions")

    texts = [q for q, _ in questions]
    with Timer() as t_qenc:
        qvecs = emb.encode(texts)
    log(f"encoded {len(texts)} questions in {t_qenc.s:.1f}s")

    ranks: dict[str, list[int | None]] = {"keyword": [], "dense": [], "hybrid": []}
    lat: dict[str, list[float]] = {"keyword": [], "dense": [], "hybrid": []}
    pools: list[tuple[dict[int, float], dict[int, float], dict[int, float]]] = []
    fusion_mismatch = 0
    with Timer() as t_loop:
        for n, ((question, gold), qvec) in enumerate(zip(questions, qvecs, strict=True)):
            t0 = time.perf_counter()
            kw = store.keyword_search(content_terms(question), k)
            t1 = time.perf_counter()
            dn = searcher.vectors.search(qvec, k)
            t2 = time.perf_counter()
            hy = searcher.retrieve(question, qvec, k)
            t3 = time.perf_counter()
            lat["keyword"].append((t1 - t0) * 1e3)
            lat["dense"].append((t2 - t1) * 1e3)
            lat["hybrid"].append((t3 - t2) * 1e3)
            ranks["keyword"].append(paragraph_rank([p for p, _ in kw], para_of, gold))
            ranks["dense"].append(paragraph_rank([p for p, _ in dn], para_of, gold))
            hy_ids = [p for p, _ in hy]
            ranks["hybrid"].append(paragraph_rank(hy_ids, para_of, gold))
            if sweep_weights:
                dense = dict(dn)
                keyword = dict(kw)
                missing = [p for p in keyword if p not in dense]
                if missing:
                    cos = matrix[[row_of[p] for p in missing]] @ qvec
                    dense.update(zip(missing, cos.tolist(), strict=True))
                by_article = store.article_keyword_search(content_terms(question), k)
                article = searcher.article_bonus(list(dense), by_article)
                pools.append((dense, keyword, article))
                if fuse(searcher, question, pools[-1], weight, rows)[:10] != hy_ids[:10]:
                    fusion_mismatch += 1
            if (n + 1) % 2000 == 0:
                log(f"  {n + 1}/{len(questions)} questions")

    results = {name: recall(r) for name, r in ranks.items()}
    sweep = []
    if sweep_weights:
        with Timer() as t_sweep:
            for w in sweep_weights:
                r = [paragraph_rank(fuse(searcher, q, pool, w, rows), para_of, gold)
                     for pool, (q, gold) in zip(pools, questions, strict=True)]
                sweep.append({"keyword_weight": w, **recall(r)})
        best = max(sweep, key=lambda s: (s["r@1"] + s["r@5"], s["r@1"]))
    wall.__exit__()

    hyb = results["hybrid"]
    payload = {
        "questions": len(questions),
        "paragraphs": len(paragraphs),
        "passages": len(all_ids),
        "k": k,
        "keyword_weight": weight,
        "library_default_keyword_weight": defaults.keyword_weight,
        "recall": results,
        "hybrid_beats_both": all(hyb[m] > results[o][m] for o in ("keyword", "dense")
                                 for m in ("r@1", "r@5")),
        "reference": {"bm25_alone": {"r@1": 0.773, "r@5": 0.918},
                      "target_hybrid": {"r@1": 0.85, "r@5": 0.96}},
        "latency_ms_per_question": {name: summary_ms(v) for name, v in lat.items()},
        "timings_s": {"model_load": t_load.s, "question_encode_batch": t_qenc.s,
                      "question_encode_per_q_ms": t_qenc.s * 1e3 / max(1, len(texts)),
                      "retrieval_loop": t_loop.s, "wall": wall.s},
        "build": build,
        "sweep": sweep,
        "sweep_best": best if sweep else None,
        "sweep_fusion_mismatches_vs_library": fusion_mismatch if sweep else None,
        "peak_rss_mb": peak_rss_mb(),
    }
    if sweep:
        payload["timings_s"]["sweep"] = t_sweep.s
    path = write_json("squad_retrieval", payload)

    lt = payload["latency_ms_per_question"]
    print(f"SQuAD v1.1 dev: {len(questions):,} questions, {len(paragraphs):,} paragraphs, "
          f"{len(all_ids):,} passages, k={k}, keyword_weight={weight}")
    print(table(["retriever", "R@1", "R@5", "MRR", "p50 ms", "p99 ms"], [
        (name, results[name]["r@1"], results[name]["r@5"], results[name]["mrr@k"],
         lt[name]["p50"], lt[name]["p99"]) for name in ("keyword", "dense", "hybrid")]))
    print(f"hybrid beats both on R@1 and R@5: {payload['hybrid_beats_both']}")
    if sweep:
        print()
        print(table(["keyword_weight", "hybrid R@1", "hybrid R@5", "MRR"],
                    [(s["keyword_weight"], s["r@1"], s["r@5"], s["mrr@k"]) for s in sweep]))
        print(f"best by R@1+R@5: keyword_weight={best['keyword_weight']} "
              f"(R@1 {best['r@1']:.3f}, R@5 {best['r@5']:.3f}); fusion re-computation "
              f"disagreed with searcher.retrieve on {fusion_mismatch} questions (top 10)")
    if build:
        print(f"index build: {build['passages_embedded']:,} passages in {build['seconds']:.1f}s "
              f"({build['passages_per_s']:.1f}/s)")
    per_q = payload["timings_s"]["question_encode_per_q_ms"]
    print(f"question encode: {t_qenc.s:.1f}s ({per_q:.2f} ms/q batched); "
          f"retrieval loop {t_loop.s:.1f}s; wall {wall.s:.1f}s")
    print(f"wrote {path}")
    if args.data is None and not args.keep_data:
        shutil.rmtree(tmp, ignore_errors=True)
    elif args.keep_data:
        print(f"index kept in {data_dir}")


if __name__ == "__main__":
    main()
