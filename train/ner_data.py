"""Training material for train/ner.py, read from ../shared/data at training time (never copied
into the repository): documents as razdel words, each with a BIO tag.

The gold mentions are taken by the scorer's own readers (shared/tools/score_mentions.py), so the
tagger learns exactly the extents it is scored on: NEREL's outermost PER/ORG/LOC, factRuEval's
names without their descriptors. A tagger gives one tag a word, so of nested mentions only the
outermost is learned («МИД России» as ORG); svodka's later stages find the place inside it."""
from __future__ import annotations

import glob
import os
import sys
from dataclasses import dataclass

import razdel


@dataclass
class Doc:
    id: str
    text: str
    words: list[tuple[int, int]]
    tags: list[str]
    gold: set  # (start, end, type): the scorer's mentions, nested ones too

    @property
    def tokens(self) -> list[str]:
        return [self.text[a:b] for a, b in self.words]


def scorer(shared: str):
    """The scorer module of shared/tools, imported from where it lies."""
    sys.path.insert(0, os.path.join(shared, "tools"))
    import score_mentions
    return score_mentions


def read_nerel(shared: str, split: str, names_only: bool = True) -> list[Doc]:
    """NEREL documents. ``names_only`` teaches names alone, as CONTRACT.md has mentions: NEREL also
    marks words with no capital as places and organizations («российский», «полиция»,
    «правительство»), which factRuEval leaves out; they stay in ``gold`` (the scorer counts them)
    but are no tags to learn (ARCHITECTURE.md, «What a mention is»)."""
    sm = scorer(shared)
    folder = os.path.join(shared, "data", "nerel", split)
    stems = sorted(p[:-len(".ann")] for p in glob.glob(os.path.join(folder, "*.ann")))
    docs = []
    for s in stems:
        text, gold = sm.read(s + ".txt"), sm.nerel_gold(s)
        taught = {m for m in gold if not names_only or is_name(text[m[0]:m[1]])}
        docs.append(_doc(os.path.basename(s), text, gold, taught))
    return docs


def is_name(words: str) -> bool:
    """Some word of it begins with a capital or a digit: «правительство Японии», «G7», not «полиция»."""
    return any(w[:1].isupper() or w[:1].isdigit() for w in words.replace("-", " ").split())


def read_factru(shared: str) -> list[Doc]:
    sm = scorer(shared)
    folder = os.path.join(shared, "data", "factrueval-2016", "devset")
    stems = sorted(p[:-len(".objects")] for p in glob.glob(os.path.join(folder, "*.objects")))
    return [_doc(os.path.basename(s), sm.read(s + ".txt"), sm.factru_gold(s)) for s in stems]


def _doc(doc_id: str, text: str, gold: set, taught: set | None = None) -> Doc:
    words = [(t.start, t.stop) for t in razdel.tokenize(text)]
    return Doc(doc_id, text, words, bio_tags(words, outermost(gold if taught is None else taught)), gold)


def outermost(gold: set) -> list[tuple[int, int, str]]:
    """Mentions no other contains, longest first where two overlap."""
    kept: list[tuple[int, int, str]] = []
    for m in sorted(gold, key=lambda m: (-(m[1] - m[0]), m[0])):
        if not any(m[0] < k[1] and k[0] < m[1] for k in kept):
            kept.append(m)
    return sorted(kept)


def bio_tags(words: list[tuple[int, int]], mentions: list[tuple[int, int, str]]) -> list[str]:
    """A word inside a mention (or cut by its edge) takes its type: B- the first, I- the rest."""
    tags = ["O"] * len(words)
    for start, end, kind in mentions:
        inside = [i for i, (a, b) in enumerate(words) if a < end and start < b]
        for n, i in enumerate(inside):
            tags[i] = ("B-" if n == 0 else "I-") + kind
    return tags


def folds(docs: list[Doc], k: int) -> list[list[Doc]]:
    """k parts of about equal size, documents dealt in their sorted order (no randomness)."""
    return [docs[i::k] for i in range(k)]
