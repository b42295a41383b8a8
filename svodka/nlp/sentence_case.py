"""The case a person's name stands in, read off its sentence by natasha's morphology tagger, for
the names whose own words leave it open: «фильм Стэнли Кубрика» (the first name indeclinable, the
surname unknown to the dictionary), «Гол Неймара», «снят Чарли Чаплином». The tagger reads the
words around the name; it costs about as much a word as the NER does, so only a few words around
each such name are tagged, and it loads on the first one (many documents have none)."""
from __future__ import annotations

import bisect
from typing import Callable

from svodka.document import Document, Mention

CASES = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}
GENDERS = {"Masc": "masc", "Fem": "femn"}
WORDS_BEFORE, WORDS_AFTER = 6, 3  # the words the tagger sees around a name


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


def name_cases(items: list[tuple[Document, list[Mention]]], tag: Callable) -> dict[int, tuple[frozenset[str], str | None]]:
    """The case (and gender, if told) of each mention's last word as the tagger reads it, by
    id(mention), for the mentions of many documents in one call. The tagger sees a few words each
    side of the name within its sentence: its convolutions reach no further, and a long sentence
    costs no more than a short one."""
    windows = []
    for doc, mentions in items:
        starts = [s.start for s in doc.sentences]
        windows += [window for m in mentions for window in _window(doc, starts, m)]
    features = tag([[t.text for t in words] for _, words, _ in windows]) if windows else []
    out: dict[int, tuple[frozenset[str], str | None]] = {}
    for (m, _, last), feats in zip(windows, features):
        word = feats[last] if last < len(feats) else {}
        if word.get("Case") in CASES:
            out[id(m)] = frozenset({CASES[word["Case"]]}), GENDERS.get(word.get("Gender"))
    return out


def _window(doc: Document, starts: list[int], m: Mention) -> list[tuple[Mention, list, int]]:
    """[(the mention, the words the tagger sees, the index of its last word among them)];
    ``starts``: where the document's sentences start."""
    i = bisect.bisect_right(starts, m.span.start) - 1
    if i < 0:
        return []
    sentence, name = doc.sentences[i], doc.tokens_in(m.span.start, m.span.end)
    before = doc.tokens_in(max(sentence.start, m.span.start - 80), m.span.start)[-WORDS_BEFORE:]
    after = doc.tokens_in(m.span.end, min(sentence.end, m.span.end + 40))[:WORDS_AFTER]
    return [(m, before + name + after, len(before) + len(name) - 1)] if name else []
