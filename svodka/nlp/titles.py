"""A person's mention is the name only: «Император Акихито» → «Акихито», «Поп-звезда Мадонна» →
«Мадонна». slovnet takes a capitalized title before a name into the name; and at the start of a
sentence it takes a capitalized common noun («Внук бывшего президента…») for a name outright.

Titles are a lexicon (data/titles.tsv), not any dictionary noun: «Пан Ги Мун», «Франк Де Блекере»
begin with words the dictionary knows as nouns that are given names here."""
from __future__ import annotations

from functools import cache
from importlib import resources

from svodka.document import Document
from svodka.nlp.morph import Morph


@cache
def titles() -> frozenset[str]:
    text = resources.files("svodka.nlp").joinpath("data/titles.tsv").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def strip_titles(doc: Document, morph: Morph) -> None:
    sentence_starts = {s.start for s in doc.sentences}
    kept = []
    for m in doc.mentions:
        if m.type != "PER":
            kept.append(m)
            continue
        tokens = doc.tokens_in(m.span.start, m.span.end)
        words = [t for t in tokens if t.text[:1].isalpha()]
        if len(words) == 1 and words[0].start in sentence_starts and _title(words[0].text, morph):
            continue  # «Внук бывшего президента …»: no name at all
        while len(words) > 1 and _title(words[0].text, morph):
            words.pop(0)
        if words and words[0].start != m.span.start:
            m.span = doc.span(words[0].start, m.span.end)
        kept.append(m)
    doc.mentions = kept


def _title(word: str, morph: Morph) -> bool:
    return morph.lemma(word) in titles() or word.lower().replace("ё", "е") in titles()
