"""Words and their lemmas, for the full-text index and for matching queries and metrics.

The index holds pymorphy lemmas, so any word form finds any other. Names need more than a
lemma: pymorphy reads «Токаев» as a form of «токай» and «Токаева» as «токаев», so a capitalized
word is also indexed under every nominative it can be a name in (``names.name_forms``), and each
mention under the words of its entity's name as the extraction put it in the nominative
(«Сердаром Бердымухамедовым» → «сердар бердымухамедов»); a query word looks for all of these, and
for its own nominative by the extraction's rules. A place and the adjective
made from it count as one query word: «казахстанской» also finds «Казахстан», «Туркменистан»
also finds «туркменский». The pairs come from Russian derivation patterns (``PLACE_ADJECTIVE``),
kept only when the dictionary reads the place as a geographic name and the other as an adjective,
and (``query_terms``' ``present``) when the index holds the derived word at all."""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Callable, Iterable, Iterator

from svodka.kb.names import name_forms, nominative
from svodka.store.records import Term

WORD = re.compile(r"[^\W_]+", re.U)

# How Russian makes an adjective from a place name: place = stem + first, adjective = stem + second.
# «Казахстан» → «казахстанский», «Туркменистан» → «туркменский», «Россия» → «российский»,
# «Грузия» → «грузинский», «Москва» → «московский», «Турция» → «турецкий», «Польша» → «польский».
PLACE_ADJECTIVE = (
    ("", "ский"), ("истан", "ский"), ("стан", "ский"), ("ь", "ский"), ("ск", "ский"),
    ("ия", "ийский"), ("ия", "ский"), ("ия", "ьский"), ("ия", "инский"), ("ия", "янский"),
    ("ея", "ейский"), ("кия", "цкий"), ("гия", "жский"),
    ("ция", "ецкий"), ("ция", "ческий"), ("ция", "дский"), ("ция", "цузский"),
    ("а", "ский"), ("а", "инский"), ("а", "анский"), ("а", "ейский"), ("ва", "овский"), ("ша", "ский"),
    ("ы", "ский"), ("ы", "инский"), ("и", "ийский"), ("и", "инский"), ("и", "ский"), ("у", "инский"),
)
MIN_STEM = 3


def words(text: str) -> Iterator[tuple[int, int, str]]:
    for m in WORD.finditer(text):
        yield m.start(), m.end(), m.group()


def lemmas(text: str, morph) -> list[str]:
    return [morph.lemma(w) for _, _, w in words(text)]


def lemma_text(text: str, morph) -> str:
    return " ".join(lemmas(text, morph))


def index_text(doc: dict, morph) -> str:
    """What the full-text index holds for a contract document: every word's lemma, a capitalized
    word's name readings beside it, and the words of the entity names its mentions stand for."""
    out = []
    for _, _, w in words(doc["text"]):
        out.append(morph.lemma(w))
        if w[:1].isupper():
            out.extend(f for f in name_forms(w, morph) if f != out[-1])
    for e in doc.get("entities") or []:
        name = [w.lower().replace("ё", "е") for _, _, w in words(e.get("name") or "")]
        out.extend(name * len(e.get("mentions") or [None]))
    return " ".join(out)


def word_keys(word: str, morph) -> set[str]:
    """What a word of a text is found under: its lemma and, capitalized, its name readings."""
    keys = {morph.lemma(word)}
    if word[:1].isupper():
        keys.update(name_forms(word, morph))
    return keys


def _reads_as(word: str, morph, test: Callable, known: bool = False) -> bool:
    """The dictionary reads ``word`` as its own lemma of this kind (a known word, if ``known``)."""
    return any(p.normal_form.replace("ё", "е") == word and test(p.tag) and (p.is_known or not known)
               for p in morph.parse(word))


def _is_place(tag) -> bool:
    return tag.POS == "NOUN" and "Geox" in tag.grammemes


def _is_adjective(tag) -> bool:
    return tag.POS == "ADJF"


def related_places(lemma: str, morph) -> list[str]:
    """Place names an adjective lemma is derived from («казахстанский» → «казахстан»), or, for a
    place name, its adjectives («туркменистан» → «туркменский»): words of the other kind that the
    derivation patterns give and the dictionary reads as such. A word the dictionary knows pairs
    only with words it knows; one it does not («Костанай») with guesses, which the index then
    confirms or not."""
    known = any(p.is_known for p in morph.parse(lemma))
    if _reads_as(lemma, morph, _is_adjective):
        pairs = [(adj_end, place_end, _is_place) for place_end, adj_end in PLACE_ADJECTIVE]
    elif _reads_as(lemma, morph, _is_place):
        pairs = [(place_end, adj_end, _is_adjective) for place_end, adj_end in PLACE_ADJECTIVE]
    else:
        return []
    out = []
    for end, other_end, test in pairs:
        stem = lemma[: len(lemma) - len(end)]
        if lemma.endswith(end) and len(stem) >= MIN_STEM and _reads_as(stem + other_end, morph, test, known):
            out.append(stem + other_end)
    return list(dict.fromkeys(w for w in out if w != lemma))


def query_terms(query: str, morph, present: Callable[[list[str]], Iterable[str]] | None = None) -> list[Term]:
    """One term per query word: its lemma, or a related place word, or any nominative it can be a
    name in; ``present`` keeps the alternatives the index holds (all when None)."""
    terms = []
    for _, _, w in words(query):
        lemma = morph.lemma(w)
        alts = related_places(lemma, morph) + name_forms(w, morph)
        for kind in ("PER", "LOC"):
            name = w if w[:1].isupper() else w.capitalize()
            alts += [x.lower().replace("ё", "е") for x in WORD.findall(nominative(name, kind, morph))]
        alts = [a for a in dict.fromkeys(alts) if a != lemma]
        if alts and present is not None:
            held = set(present(alts))
            alts = [a for a in alts if a in held]
        terms.append(Term(lemma, tuple(alts)))
    return terms


def _term_of(keys: set[str], terms: list[Term]) -> int | None:
    return next((k for k, t in enumerate(terms) if not keys.isdisjoint(t.lemmas)), None)


def snippet(text: str, terms: list[Term], morph, width: int = 30
            ) -> tuple[str, list[tuple[int, int]]]:
    """The ``width``-word window with most different query words (then most of them), and where
    they are in it."""
    toks = list(words(text))
    if not toks:
        return "", []
    hits = [(i, k) for i, (_, _, w) in enumerate(toks) if (k := _term_of(word_keys(w, morph), terms)) is not None]
    first = 0
    if hits:
        at = [i for i, _ in hits]

        def score(start: int) -> tuple[int, int]:
            inside = hits[bisect_left(at, start):bisect_left(at, start + width)]
            return len({k for _, k in inside}), len(inside)
        first = max((max(0, i - width // 4) for i, _ in hits), key=score)
    last = min(len(toks), first + width) - 1
    start, end = toks[first][0], toks[last][1]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    body = " ".join(text[start:end].split())
    # Offsets are recomputed on the space-normalized body, word by word.
    marked = {i for i, _ in hits}
    marks, pos = [], len(prefix)
    normal = prefix + body + suffix
    for i in range(first, last + 1):
        w = toks[i][2]
        at = normal.find(w, pos)
        if at < 0:
            continue
        if i in marked:
            marks.append((at, at + len(w)))
        pos = at + len(w)
    return normal, marks
