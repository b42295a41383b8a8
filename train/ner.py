"""Train svodka's NER tagger (svodka/nlp/tagger.py) and write its weights: `make train`.

    python train/ner.py --shared ../shared [--factru] [--cv K] [--epochs N] [--out PATH]

The network is slovnet's news NER (navec vectors and word shapes through three convolutions and a
CRF) with an embedding of each word's last three letters added to its input. It starts from
slovnet's own weights, which natasha ships (the added inputs start at zero, so training starts
from slovnet's tagger exactly), and is fine-tuned on NEREL train; `--factru` adds the factRuEval
devset. `--cv K` measures that: first K taggers, each trained without one K-th of the devset, their
weights in folds/ beside --out with the ids of the documents they never saw, so that the full
pipeline is scored on factRuEval only by taggers that did not learn from what they are scored
on (train/cv_extract.py). It was no gain (train/REPORT.md), so `make train` trains on NEREL alone.
Fixed seed, CPU, one thread; torch is needed here only (the `train` extra), never at run time."""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch
from torch import nn

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "train"))

from ner_data import Doc, folds, read_factru, read_nerel  # noqa: E402
from svodka.nlp.tagger import TAGS, Features, Tagger, bio_records, ending  # noqa: E402

SEED = 14
SEQ_LEN = 128
BATCH = 32
ENDING_DIM = 32
MIN_ENDING_COUNT = 3


def pretrained():
    """slovnet's news NER as natasha ships it: its numpy modules, shapes and tags."""
    import natasha
    from slovnet.api import NER
    path = Path(natasha.__file__).parent / "data" / "model" / "slovnet_ner_news_v1.tar"
    api = NER.load(str(path))
    assert tuple(api.infer.decoder.tags_vocab.items) == TAGS, api.infer.decoder.tags_vocab.items
    return api.infer.model, list(api.infer.encoder.shapes_vocab.items)


class Net(nn.Module):
    def __init__(self, navec, n_shapes: int, n_endings: int, dims=(256, 128, 64), kernel=3, dropout=0.2):
        super().__init__()
        codes = torch.from_numpy(np.ascontiguousarray(navec.pq.codes))  # qdim x centroids x sub
        self.register_buffer("codes", codes, persistent=False)
        self.register_buffer("indexes", torch.from_numpy(navec.pq.indexes.astype(np.int64)), persistent=False)
        self.shape = nn.Embedding(n_shapes, 30)
        self.ending = nn.Embedding(n_endings, ENDING_DIM)
        in_dims = (codes.shape[0] * codes.shape[2] + 30 + ENDING_DIM,) + tuple(dims[:-1])
        self.convs = nn.ModuleList(nn.Conv1d(a, b, kernel, padding=kernel // 2) for a, b in zip(in_dims, dims))
        self.norms = nn.ModuleList(nn.BatchNorm1d(b) for b in dims)
        self.drop = nn.Dropout(dropout)
        self.proj = nn.Linear(dims[-1], len(TAGS))
        self.transitions = nn.Parameter(torch.zeros(len(TAGS), len(TAGS)))

    def words(self, ids: torch.Tensor) -> torch.Tensor:
        idx = self.indexes[ids]  # batch x seq x qdim
        q = torch.arange(self.codes.shape[0])
        return self.codes[q, idx].flatten(-2)  # batch x seq x qdim*sub

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        x = torch.cat((self.words(ids[..., 0]), self.shape(ids[..., 1]), self.ending(ids[..., 2])), -1)
        x = self.drop(x).transpose(1, 2)
        for conv, norm in zip(self.convs, self.norms):
            x = norm(torch.relu(conv(x)))
        return self.proj(x.transpose(1, 2))

    def nll(self, ids: torch.Tensor, tags: torch.Tensor) -> torch.Tensor:
        """The CRF's negative log-likelihood of the gold tags (sequences of one length, no mask)."""
        em, tr = self(ids), self.transitions
        gold = em.gather(2, tags[..., None]).squeeze(-1).sum(1) + tr[tags[:, :-1], tags[:, 1:]].sum(1)
        alpha = em[:, 0]
        for t in range(1, em.shape[1]):
            alpha = torch.logsumexp(alpha[:, :, None] + tr + em[:, t, None, :], dim=1)
        return (torch.logsumexp(alpha, 1) - gold).mean()


def init_from(net: Net, model) -> None:
    """slovnet's weights into the net; the ending inputs of the first layer start at zero."""
    with torch.no_grad():
        net.shape.weight.copy_(torch.from_numpy(model.emb.shape.weight.array))
        net.ending.weight.normal_(0, 0.1)
        for conv, norm, layer in zip(net.convs, net.norms, model.encoder.layers):
            w = torch.from_numpy(layer.conv.weight.array)
            conv.weight.zero_()
            conv.weight[:, :w.shape[1]] = w
            conv.bias.copy_(torch.from_numpy(layer.conv.bias.array))
            norm.weight.copy_(torch.from_numpy(layer.norm.weight.array))
            norm.bias.copy_(torch.from_numpy(layer.norm.bias.array))
            norm.running_mean.copy_(torch.from_numpy(layer.norm.mean.array))
            norm.running_var.copy_(torch.from_numpy(layer.norm.std.array) ** 2 - norm.eps)
        net.proj.weight.copy_(torch.from_numpy(model.head.proj.weight.array).T)
        net.proj.bias.copy_(torch.from_numpy(model.head.proj.bias.array))
        net.transitions.copy_(torch.from_numpy(model.head.crf.transitions.array))


def ending_vocab(docs: list[Doc]) -> list[str]:
    counts = Counter(ending(w) for d in docs for w in d.tokens)
    return ["<unk>"] + sorted(e for e, n in counts.items() if n >= MIN_ENDING_COUNT and e)


def encode(docs: list[Doc], features: Features) -> tuple[np.ndarray, np.ndarray]:
    """All documents' words one after another: ids (n, 3) and tag ids (n)."""
    tag_id = {t: i for i, t in enumerate(TAGS)}
    ids = np.concatenate([features.encode(d.tokens) for d in docs])
    tags = np.array([tag_id[t] for d in docs for t in d.tags], dtype=np.int64)
    return ids, tags


def batches(ids: np.ndarray, tags: np.ndarray, rng: random.Random):
    """The word stream cut into SEQ_LEN pieces from a random offset, shuffled, BATCH at a time."""
    offset = rng.randrange(SEQ_LEN)
    n = (len(tags) - offset) // SEQ_LEN
    starts = [offset + i * SEQ_LEN for i in range(n)]
    rng.shuffle(starts)
    for i in range(0, n, BATCH):
        rows = starts[i:i + BATCH]
        yield (torch.from_numpy(np.stack([ids[s:s + SEQ_LEN] for s in rows])),
               torch.from_numpy(np.stack([tags[s:s + SEQ_LEN] for s in rows])))


def export(net: Net, meta: dict) -> dict[str, np.ndarray]:
    """The numpy arrays svodka/nlp/tagger.py reads: kernels as (k, in, out), batch norm folded."""
    a = {"shape_emb": net.shape.weight, "ending_emb": net.ending.weight,
         "proj_w": net.proj.weight.T, "proj_b": net.proj.bias, "transitions": net.transitions}
    for i, (conv, norm) in enumerate(zip(net.convs, net.norms)):
        scale = norm.weight / torch.sqrt(norm.running_var + norm.eps)
        a[f"conv{i}_w"], a[f"conv{i}_b"] = conv.weight.permute(2, 1, 0), conv.bias
        a[f"norm{i}_scale"], a[f"norm{i}_shift"] = scale, norm.bias - norm.running_mean * scale
    out = {k: np.ascontiguousarray(v.detach().numpy().astype(np.float32)) for k, v in a.items()}
    out["meta"] = np.frombuffer(json.dumps({**meta, "layers": len(net.convs)}).encode("utf-8"), dtype=np.uint8)
    return out


def span_f1(tagger: Tagger, docs: list[Doc]) -> dict[str, float]:
    """The tagger's own spans against the gold, exact extent and type, per type and overall."""
    counts = {t: [0, 0, 0] for t in ("PER", "ORG", "LOC", "all")}
    for d, tags in zip(docs, tagger.tag_words([d.tokens for d in docs])):
        pred = {(r["start"], r["end"], r["type"]) for r in bio_records(d.words, tags)}
        for t in ("PER", "ORG", "LOC"):
            p, g = {m for m in pred if m[2] == t}, {m for m in d.gold if m[2] == t}
            for key in (t, "all"):
                counts[key][0] += len(p & g)
                counts[key][1] += len(p)
                counts[key][2] += len(g)
    return {t: round(2 * tp / (np_ + ng), 4) if np_ + ng else 0.0 for t, (tp, np_, ng) in counts.items()}


def train(docs: list[Doc], dev: dict[str, list[Doc]], epochs: int, navec, lr: float,
          extra: dict | None = None, seed: int = SEED) -> tuple[dict, list]:
    """Fine-tune from slovnet on ``docs``; each epoch's F1 on the ``dev`` sets is logged.
    ``extra`` goes into the weights' meta (the factRuEval documents a fold model never saw)."""
    random.seed(seed), np.random.seed(seed), torch.manual_seed(seed)
    rng = random.Random(seed)
    model, shapes = pretrained()
    meta = {"tags": list(TAGS), "shapes": shapes, "endings": ending_vocab(docs), "navec": navec.meta.id,
            **(extra or {})}
    features = Features(navec.vocab, shapes, meta["endings"])
    net = Net(navec, len(shapes), len(meta["endings"]))
    init_from(net, model)
    ids, tags = encode(docs, features)
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda e: 1 - e / max(1, epochs))
    log = []
    for epoch in range(1, epochs + 1):
        t0, total = time.time(), 0.0
        net.train()
        for x, y in batches(ids, tags, rng):
            opt.zero_grad()
            loss = net.nll(x, y)
            loss.backward()
            opt.step()
            total += float(loss)
        sched.step()
        net.eval()
        arrays = export(net, meta)
        tagger = Tagger({k: v for k, v in arrays.items() if k != "meta"}, meta | {"layers": len(net.convs)}, navec)
        row = {"epoch": epoch, "loss": round(total, 1), "seconds": round(time.time() - t0, 1),
               **{name: span_f1(tagger, ds) for name, ds in dev.items()}}
        log.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    return export(net, meta), log


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--out", default=str(ROOT / "svodka" / "nlp" / "data" / "ner.npz"))
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--factru", action="store_true", help="train on the factRuEval devset too")
    ap.add_argument("--cv", type=int, default=0, help="first K taggers, each without a K-th of the factRuEval devset")
    ap.add_argument("--factru-repeat", type=int, default=2,
                    help="factRuEval documents seen this many times an epoch (it is a sixth of NEREL's size)")
    a = ap.parse_args()
    torch.set_num_threads(1)
    from natasha import NewsEmbedding
    navec = NewsEmbedding()
    nerel, nerel_dev, factru = read_nerel(a.shared, "train"), read_nerel(a.shared, "dev"), read_factru(a.shared)
    t0 = time.time()
    for i, held in enumerate(folds(factru, a.cv) if a.cv else []):
        rest = [d for d in factru if d not in held]
        arrays, _ = train(nerel + rest * a.factru_repeat, {"factru_held_out": held}, a.epochs, navec, a.lr,
                          {"held_out": [d.id for d in held]})
        out = Path(a.out).parent / "folds" / f"{Path(a.out).stem}.fold{i}.npz"
        out.parent.mkdir(exist_ok=True)
        np.savez_compressed(out, **arrays)
        print(f"fold {i}: {time.time() - t0:.0f} s; weights: {out}", flush=True)
    docs = nerel + (factru * a.factru_repeat if a.factru else [])
    dev = {"nerel_dev": nerel_dev} | ({} if a.factru else {"factru_dev": factru})
    arrays, _ = train(docs, dev, a.epochs, navec, a.lr, {"held_out": []}, a.seed)
    np.savez_compressed(a.out, **arrays)
    print(f"trained in {time.time() - t0:.0f} s; weights: {a.out}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
