"""Words and their lemmas, for the full-text index and for matching queries and metrics.

The index holds pymorphy lemmas, so any word form finds any other. A query adjective also looks
for the stem it was derived from, as a prefix: «казахстанской» finds «Казахстан», «туркменский»
finds «Туркменистан»."""
from __future__ import annotations

import re
from typing import Iterator

WORD = re.compile(r"[^\W_]+", re.U)

# Adjective endings stripped to reach the stem of the noun the adjective was derived from.
DERIVATION_SUFFIXES = ("ийский", "ский", "цкий", "ской", "ный", "ной", "ний", "ий", "ый", "ой")
MIN_STEM = 4


def words(text: str) -> Iterator[tuple[int, int, str]]:
    for m in WORD.finditer(text):
        yield m.start(), m.end(), m.group()


def lemmas(text: str, morph) -> list[str]:
    return [morph.lemma(w) for _, _, w in words(text)]


def lemma_text(text: str, morph) -> str:
    return " ".join(lemmas(text, morph))


def derived_stem(word: str, morph) -> str | None:
    """The noun stem an adjective comes from, or None for other words."""
    parses = morph.parse(word.lower())
    if not parses or parses[0].tag.POS not in ("ADJF", "ADJS"):
        return None
    lemma = morph.lemma(word)
    for suffix in DERIVATION_SUFFIXES:
        if lemma.endswith(suffix):
            stem = lemma[: -len(suffix)]
            return stem if len(stem) >= MIN_STEM else None
    return None


def query_terms(query: str, morph) -> list[tuple[str, str | None]]:
    """One (lemma, derived stem or None) per query word."""
    return [(morph.lemma(w), derived_stem(w, morph)) for _, _, w in words(query)]


def fts_expression(terms: list[tuple[str, str | None]], any_word: bool = False) -> str:
    """The FTS5 MATCH string: every word (or any, when ``any_word``), as its lemma or stem prefix."""
    groups = []
    for lemma, stem in terms:
        alts = [f'"{lemma}"'] + ([f'"{stem}"*'] if stem else [])
        groups.append("(" + " OR ".join(alts) + ")" if len(alts) > 1 else alts[0])
    return (" OR " if any_word else " AND ").join(groups)


def matches(lemma: str, terms: list[tuple[str, str | None]]) -> bool:
    return any(lemma == l or (s and lemma.startswith(s)) for l, s in terms)


def snippet(text: str, terms: list[tuple[str, str | None]], morph, width: int = 30
            ) -> tuple[str, list[tuple[int, int]]]:
    """The ``width``-word window with most query words, and where they are in it."""
    toks = list(words(text))
    hits = [i for i, (_, _, w) in enumerate(toks) if matches(morph.lemma(w), terms)]
    if not toks:
        return "", []
    first = 0
    if hits:
        best = max(range(len(hits)), key=lambda k: sum(1 for h in hits[k:] if h < hits[k] + width))
        first = max(0, hits[best] - width // 4)
    last = min(len(toks), first + width) - 1
    start, end = toks[first][0], toks[last][1]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    body = " ".join(text[start:end].split())
    # Offsets are recomputed on the space-normalized body, word by word.
    marks, pos = [], len(prefix)
    normal = prefix + body + suffix
    for i in range(first, last + 1):
        w = toks[i][2]
        at = normal.find(w, pos)
        if at < 0:
            continue
        if i in hits:
            marks.append((at, at + len(w)))
        pos = at + len(w)
    return normal, marks
