"""Places against the gazetteer: a subtype and id for each LOC mention, country names the NER
called organizations made places again («Россия заявила» is a place acting), places the NER
missed added, and parts of route names («коридор Север – Юг») dropped."""
from __future__ import annotations

import re
from functools import cache
from importlib import resources

from svodka.document import Document, Mention, Token
from svodka.nlp.gazetteer import Gazetteer

MAX_WORDS = 4
DASHES = "-–—"
# Subtype of a place the gazetteer does not know, from the generic word in its name.
SUBTYPE_WORDS = {
    "region": {"область", "край", "республика", "округ", "район", "штат", "провинция", "губерния",
               "автономия", "графство", "улус", "воеводство", "кантон", "префектура", "эмират"},
    "city": {"город", "поселок", "село", "деревня", "станица", "аул", "кишлак"},
    "other": {"море", "океан", "река", "озеро", "залив", "пролив", "остров", "острова", "полуостров",
              "гора", "горы", "хребет", "пустыня", "улица", "проспект", "площадь", "порт"},
}


@cache
def _route_words() -> frozenset[str]:
    text = resources.files("svodka.nlp").joinpath("data/not_places.tsv").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def tag_places(doc: Document, gazetteer: Gazetteer) -> None:
    _drop_route_names(doc, gazetteer)
    for m in doc.mentions:
        words = _words(doc.tokens_in(m.span.start, m.span.end))
        place = gazetteer.lookup(words)
        if m.type == "LOC" and place and place.subtype == "organization":
            m.type, m.ref = "ORG", place.ref
            continue
        if m.type == "ORG" and place and place.subtype in ("country", "region", "city"):
            m.type = "LOC"
        if m.type == "LOC":
            if place:
                m.subtype, m.ref = place.subtype, place.ref
                # The gazetteer knows the nominative, and for «РФ» the name a list would give.
                m.normal = gazetteer.canonical.get(place.ref, place.name)
            else:
                m.subtype = _subtype_from_words(words, gazetteer)
    _add_missed(doc, gazetteer)
    doc.mentions.sort(key=lambda m: (m.span.start, -m.span.end))


def _words(tokens: list[Token]) -> list[str]:
    return [t.text for t in tokens if t.text[:1].isalnum()]


def _subtype_from_words(words: list[str], gazetteer: Gazetteer) -> str:
    lemmas = {gazetteer.morph.lemma(w) for w in words}
    for subtype, generic in SUBTYPE_WORDS.items():
        if lemmas & generic:
            return subtype
    return "other"


def _drop_route_names(doc: Document, gazetteer: Gazetteer) -> None:
    """Two direction words joined by a dash name a route, not two places."""
    route = _route_words()
    locs = [m for m in doc.mentions if m.type == "LOC" and gazetteer.morph.lemma(m.span.text) in route]
    drop = set()
    for a, b in zip(locs, locs[1:]):
        if doc.text[a.span.end:b.span.start].strip() and doc.text[a.span.end:b.span.start].strip() in DASHES:
            drop.update((id(a), id(b)))
    doc.mentions = [m for m in doc.mentions if id(m) not in drop]


def _add_missed(doc: Document, gazetteer: Gazetteer) -> None:
    """Capitalized word runs the gazetteer knows, outside every mention the NER found."""
    taken = [(m.span.start, m.span.end) for m in doc.mentions]
    tokens = doc.tokens
    sentence_starts = {s.start for s in doc.sentences}
    i = 0
    while i < len(tokens):
        found = None
        for n in range(min(MAX_WORDS, len(tokens) - i), 0, -1):
            run = tokens[i:i + n]
            if not all(_capitalized(t.text) for t in run if t.text.isalpha() or "-" in t.text):
                continue
            if not run[-1].text[:1].isalpha() or not _adjacent(doc.text, run):
                continue
            place = gazetteer.lookup([t.text for t in run])
            if place and place.subtype != "organization" and not (n == 1 and run[0].start in sentence_starts and place.subtype == "city"):
                found = (run, place)
                break
        if found:
            run, place = found
            start, end = run[0].start, run[-1].end
            if not any(s < end and start < e for s, e in taken):
                doc.mentions.append(Mention(doc.span(start, end), "LOC", gazetteer.canonical.get(place.ref, place.name),
                                            subtype=place.subtype, ref=place.ref, source="gazetteer"))
            i += len(run)
        else:
            i += 1


def _capitalized(word: str) -> bool:
    return word[:1].isupper()


def _adjacent(text: str, run: list[Token]) -> bool:
    """The words of one name are separated by spaces or hyphens only."""
    return all(re.fullmatch(r"[ -]?", text[a.end:b.start]) for a, b in zip(run, run[1:]))
