"""A person's mention is the name only: «Император Акихито» → «Акихито», «Поп-звезда Мадонна» →
«Мадонна». slovnet takes a capitalized title before a name into the name; and at the start of a
sentence it takes a capitalized common noun («Внук бывшего президента…») for a name outright.

Titles are a lexicon (data/titles.tsv), not any dictionary noun: «Пан Ги Мун», «Франк Де Блекере»
begin with words the dictionary knows as nouns that are given names here."""
from __future__ import annotations

from collections import Counter
from functools import cache
from importlib import resources

from svodka.document import Document, Mention, Token
from svodka.nlp.morph import Morph


@cache
def titles() -> frozenset[str]:
    text = resources.files("svodka.nlp").joinpath("data/titles.tsv").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def strip_titles(doc: Document, morph: Morph) -> None:
    # a line starts a sentence too: a headline runs into its text with no full stop between
    sentence_starts = {s.start for s in doc.sentences} | {
        t.start for t in doc.tokens if "\n" in doc.text[max(0, t.start - 3):t.start]}
    # words of people's names elsewhere in the text: «Мадонна» that starts a sentence is still her
    named = Counter(morph.lemma(t.text) for m in doc.mentions if m.type == "PER"
                    for t in doc.tokens_in(m.span.start, m.span.end))
    kept = []
    for m in doc.mentions:
        if m.type != "PER":
            kept.append(m)
            continue
        tokens = doc.tokens_in(m.span.start, m.span.end)
        words = [t for t in tokens if t.text[:1].isalpha()]
        if len(words) == 1 and words[0].start in sentence_starts and (_title(words[0].text, morph) or (
                _common_word(words[0].text, morph) and named[morph.lemma(words[0].text)] == 1)):
            continue  # «Внук бывшего президента …», «Супруга …», «Подана заявка»: no name at all
        if len(tokens) == 1 and words and _adjective(words[0].text, morph):
            continue  # «Нобелевской премией»: an adjective made from a name names no one
        if any(c.isdigit() for c in m.span.text):
            continue  # «Формулы-1», «Су-35»: no person's name has a digit
        while len(words) > 1 and _title(words[0].text, morph):
            words.pop(0)
        if words and words[0].start != m.span.start:
            m.span = doc.span(words[0].start, m.span.end)
        kept.append(m)
    doc.mentions = kept
    _given_names_before(doc, morph)


def _given_names_before(doc: Document, morph: Morph) -> None:
    """«[Мейв] Кеннеди»: a capitalized word right before a person's name, that the dictionary
    knows only as a given name or not at all, is the first name the tagger left out (at a
    sentence start it often does)."""
    taken = {(m.span.start, m.span.end) for m in doc.mentions}
    for m in doc.mentions:
        if m.type != "PER" or doc.text[m.span.start - 1:m.span.start] != " ":
            continue
        before = doc.tokens_in(max(0, m.span.start - 30), m.span.start - 1)
        if not before or before[-1].end != m.span.start - 1:
            continue
        word = before[-1]
        if not word.text[:1].isupper() or not word.text.replace("-", "").isalpha():
            continue
        org = _ending_with(doc, word)
        if org is not None and "Name" in morph.parse(word.text.lower())[0].tag:
            # «основатель [Национального фронта Жан-Мари] Ле Пен»: the tagger took his given name
            org.span, org.normal = doc.span(org.span.start, doc.tokens_in(org.span.start, word.start)[-1].end), ""
        elif any(s < word.end and word.start < e for s, e in taken):
            continue
        known = [p for p in morph.parse(word.text.lower()) if p.is_known]
        if not known or any("Name" in p.tag for p in known):
            m.span, m.normal = doc.span(word.start, m.span.end), ""


def _ending_with(doc: Document, word: Token) -> Mention | None:
    """The organization of two words or more whose last word is ``word``, if there is one."""
    return next((o for o in doc.mentions if o.type == "ORG" and o.span.end == word.end and
                 o.span.start < word.start and doc.text[o.span.start:word.start].strip()), None)


NAME_TAGS = ("Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Init")


def _common_word(word: str, morph: Morph) -> bool:
    """A word the dictionary knows, and only as no name: capitalized at a sentence start, it is
    an ordinary word («Супруга», «Воскресное», «Подана»), not a person."""
    known = [p for p in morph.parse(word.lower()) if p.is_known]
    return bool(known) and not any(tag in p.tag for p in known for tag in NAME_TAGS)


def _adjective(word: str, morph: Morph) -> bool:
    known = [p for p in morph.parse(word.lower()) if p.is_known]
    return bool(known) and all(p.tag.POS in ("ADJF", "PRTF") for p in known) and \
        not any(tag in p.tag for p in known for tag in NAME_TAGS)


def _title(word: str, morph: Morph) -> bool:
    return morph.lemma(word) in titles() or word.lower().replace("ё", "е") in titles()
