"""The case a person's name stands in, read off its sentence by natasha's morphology tagger, for
the names whose own words leave it open: «фильм Стэнли Кубрика» (the first name indeclinable, the
surname unknown to the dictionary), «Гол Неймара», «снят Чарли Чаплином». The tagger reads the
words around the name; it costs about as much a word as the NER does, so only the sentences that
hold such a name are tagged, and it loads on the first one (many documents have none)."""
from __future__ import annotations

import bisect
from typing import Callable

from svodka.document import Document, Mention

CASES = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}


class LazyTagger:
    """natasha's ``NewsMorphTagger``, built by ``load`` on first use: sentences of words in, each
    word's features (``{"Case": "Gen", …}``) out."""

    def __init__(self, load: Callable[[], object]):
        self._load = load
        self._tagger = None

    def __call__(self, sentences: list[list[str]]) -> list[list[dict]]:
        if self._tagger is None:
            self._tagger = self._load()
        return [[token.feats for token in markup.tokens] for markup in self._tagger.map(sentences)]


GENDERS = {"Masc": "masc", "Fem": "femn"}


def name_cases(doc: Document, mentions: list[Mention], tag: Callable) -> dict[int, tuple[frozenset[str], str | None]]:
    """The case (and gender, if told) of each mention's last word as the tagger reads it in its
    sentence, by id(mention)."""
    starts = [s.start for s in doc.sentences]
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        i = bisect.bisect_right(starts, m.span.start) - 1
        if i >= 0:
            by_sentence.setdefault(i, []).append(m)
    words = [doc.tokens_in(doc.sentences[i].start, doc.sentences[i].end) for i in by_sentence]
    features = tag([[t.text for t in ws] for ws in words]) if words else []
    out: dict[int, tuple[frozenset[str], str | None]] = {}
    for ms, ws, fs in zip(by_sentence.values(), words, features):
        at = {t.end: k for k, t in enumerate(ws)}
        for m in ms:
            k = at.get(m.span.end)
            feats = fs[k] if k is not None and k < len(fs) else {}
            if feats.get("Case") in CASES:
                out[id(m)] = frozenset({CASES[feats["Case"]]}), GENDERS.get(feats.get("Gender"))
    return out
