"""svodka's own NER tagger: slovnet's news NER architecture (navec word vectors, word shapes,
a stack of convolutions, a CRF) with word-ending embeddings added, fine-tuned from slovnet's
weights on human-annotated news (train/ner.py; train/REPORT.md says on what and how well).

Inference is numpy only, as slovnet's own: torch is needed to train, never to tag. The weights
are one ``.npz`` in the package (svodka/nlp/data/ner.npz); navec's vectors are natasha's, shared
with the syntax parser through ``Models.embedding``. The tagger answers the recognizer seam of
svodka/nlp/ner.py: ``tag_many([(text, words)])`` gives each document's ``{"start", "end", "type"}``."""
from __future__ import annotations

import json
from importlib import resources
from typing import Sequence

import numpy as np
from slovnet.shape import word_shape

TAGS = ("<pad>", "O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG")
WEIGHTS = "data/ner.npz"
BATCH_WORDS = 8000  # words padded into one matrix: documents sorted by length share a batch


def ending(word: str) -> str:
    """The last three letters, lower-cased: case endings and name suffixes («-ов», «-ский», «-ия»)
    that navec's word vector lacks for a word it does not know."""
    w = word.lower().replace("ё", "е")
    return w[-3:] if w[:1].isalpha() else ""


class Features:
    """Word → (navec id, shape id, ending id); one vocabulary each, stored with the weights."""

    def __init__(self, navec_vocab, shapes: Sequence[str], endings: Sequence[str]):
        self.navec = navec_vocab
        self.shapes = {s: i for i, s in enumerate(shapes)}
        self.endings = {s: i for i, s in enumerate(endings)}  # index 0: any ending not listed
        self.shape_unk = self.shapes.get("<unk>", 0)

    def encode(self, words: Sequence[str]) -> np.ndarray:
        """An (n, 3) int array: the ids of each word's vector, shape and ending."""
        navec, unk = self.navec, self.navec.unk_id
        out = np.empty((len(words), 3), dtype=np.int64)
        for i, w in enumerate(words):
            out[i, 0] = navec.get(w.lower(), unk)
            out[i, 1] = self.shapes.get(word_shape(w), self.shape_unk)
            out[i, 2] = self.endings.get(ending(w), 0)
        return out


class Tagger:
    """The numpy forward pass and Viterbi decoding of the trained network."""

    def __init__(self, arrays: dict[str, np.ndarray], meta: dict, navec):
        self.features = Features(navec.vocab, meta["shapes"], meta["endings"])
        self.codes = navec.pq.codes  # qdim x centroids x subdim
        self.indexes = navec.pq.indexes  # words x qdim
        self.shape_emb, self.ending_emb = arrays["shape_emb"], arrays["ending_emb"]
        self.layers = [(arrays[f"conv{i}_w"], arrays[f"conv{i}_b"], arrays[f"norm{i}_scale"], arrays[f"norm{i}_shift"])
                       for i in range(meta["layers"])]
        self.proj_w, self.proj_b = arrays["proj_w"], arrays["proj_b"]
        self.transitions = arrays["transitions"]
        self.tags = tuple(meta["tags"])

    @classmethod
    def load(cls, navec, path=None) -> "Tagger":
        source = path or resources.files("svodka.nlp").joinpath(WEIGHTS)
        with source.open("rb") if hasattr(source, "open") else open(source, "rb") as f:
            with np.load(f) as z:
                arrays = {k: z[k] for k in z.files}
        meta = json.loads(bytes(arrays.pop("meta")).decode("utf-8"))
        return cls(arrays, meta, navec)

    def embed(self, ids: np.ndarray) -> np.ndarray:
        """(batch, seq, 3) ids → (batch, seq, dim) input vectors: navec's product-quantized word
        vector unpacked, then the shape and ending embeddings."""
        qdim = self.codes.shape[0]
        words = self.codes[np.arange(qdim), self.indexes[ids[..., 0]]]  # batch x seq x qdim x sub
        words = words.reshape(*ids.shape[:2], -1)
        return np.concatenate((words, self.shape_emb[ids[..., 1]], self.ending_emb[ids[..., 2]]), axis=-1)

    def emissions(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        x = self.embed(ids)
        keep = mask[..., None].astype(x.dtype)
        for w, b, scale, shift in self.layers:  # w: kernel x in x out, 'same' padding
            k = w.shape[0]
            padded = np.pad(x, ((0, 0), (k // 2, k // 2), (0, 0)))
            seq = x.shape[1]
            y = sum(padded[:, j:j + seq] @ w[j] for j in range(k)) + b
            x = (np.maximum(y, 0) * scale + shift) * keep  # relu, batch norm folded, padding zeroed
        return x @ self.proj_w + self.proj_b

    def viterbi(self, emissions: np.ndarray, lengths: Sequence[int]) -> list[list[int]]:
        batch, seq, n = emissions.shape
        score, history = emissions[:, 0], []
        steps = np.arange(seq)[:, None] < np.asarray(lengths)[None, :]  # seq x batch
        for t in range(1, seq):
            cand = score[:, :, None] + self.transitions + emissions[:, t, None, :]
            best = cand.argmax(1)
            history.append(best)
            score = np.where(steps[t][:, None], np.take_along_axis(cand, best[:, None, :], 1)[:, 0], score)
        out = []
        for i, size in enumerate(lengths):
            tag = int(score[i].argmax())
            path = [tag]
            for best in reversed(history[:size - 1]):
                tag = int(best[i, tag])
                path.append(tag)
            out.append(path[::-1])
        return out

    def tag_words(self, docs: Sequence[Sequence[str]]) -> list[list[str]]:
        """Each document's words → their BIO tags, documents batched by length."""
        out: list[list[str]] = [[] for _ in docs]
        order = sorted((i for i, d in enumerate(docs) if d), key=lambda i: len(docs[i]))
        while order:
            seq = len(docs[order[0]])
            take = 1
            while take < len(order) and len(docs[order[take]]) * (take + 1) <= max(BATCH_WORDS, seq):
                take += 1
            chunk, order = order[:take], order[take:]
            seq = len(docs[chunk[-1]])
            ids = np.zeros((len(chunk), seq, 3), dtype=np.int64)
            ids[..., 0] = self.features.navec.pad_id
            for row, i in enumerate(chunk):
                ids[row, :len(docs[i])] = self.features.encode(docs[i])
            lengths = [len(docs[i]) for i in chunk]
            mask = np.arange(seq)[None, :] < np.asarray(lengths)[:, None]
            for i, path in zip(chunk, self.viterbi(self.emissions(ids, mask), lengths)):
                out[i] = [self.tags[t] for t in path]
        return out


def bio_records(words: Sequence[tuple[int, int]], tags: Sequence[str]) -> list[dict]:
    """BIO tags over word offsets → ``{"start", "end", "type"}``; an I- that continues nothing
    (after O or another type) opens a name of its own, as slovnet's ``bio_spans`` reads it."""
    out: list[dict] = []
    current = None
    for (start, end), tag in zip(words, tags):
        part, _, kind = tag.partition("-")
        if not kind:
            current = None
        elif part == "I" and current is not None and current["type"] == kind:
            current["end"] = end
        else:
            current = {"start": start, "end": end, "type": kind}
            out.append(current)
    return out
