"""Word morphology from pymorphy3, memoized per word form.

svodka reads morphology per word rather than running natasha's neural morph tagger over every
sentence: the tagger costs as much as NER itself, and what the later stages need (lemmas for the
gazetteer and search, case and gender for putting a name in the nominative) the dictionary gives,
with the name's own words agreeing with one another to settle ambiguity."""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import pymorphy3

NAME_TAGS = frozenset({"Name", "Surn", "Patr"})


class Morph:
    def __init__(self, analyzer: pymorphy3.MorphAnalyzer | None = None):
        self.analyzer = analyzer or pymorphy3.MorphAnalyzer()
        self.parse = lru_cache(maxsize=200_000)(self._parse)
        self.lemma = lru_cache(maxsize=200_000)(self._lemma)
        self.name_forms = lru_cache(maxsize=100_000)(self._name_forms)

    def _parse(self, word: str) -> tuple:
        try:
            return tuple(self.analyzer.parse(word))
        except ValueError:  # UnicodeEncodeError too
            if not any(_unreadable(c) for c in word):
                raise
            return self._unknown(word)

    def _unknown(self, word: str) -> tuple:
        """A word with a letter Python's Unicode table gives no name (Tangut «𘚔»), or with a lone
        surrogate (half of a UTF-16 pair, «\\ud800»): pymorphy3 asks ``unicodedata.name``
        whether each letter is Latin, and its dictionary encodes the word as UTF-8; both fail.
        Such a word is no Russian word; it reads as pymorphy3 reads any foreign script: one
        unknown form."""
        stand_in = self.analyzer.parse("\u4e00")[0]  # a CJK letter: UNKN, its own normal form
        unknown = _unknown_type(type(stand_in))
        return (unknown(*stand_in._replace(word=word, normal_form=word)),)

    def _lemma(self, word: str) -> str:
        parses = self.parse(word.lower())
        return (parses[0].normal_form if parses else word.lower()).replace("ё", "е")

    def _name_forms(self, word: str) -> tuple[str, ...]:
        """Every nominative a word of a name can be read as, lower case, «ё» as «е»: the word
        itself first, then the readings as a given name, surname, patronymic or unknown noun
        («Токаева» → «токаев»; «Сердаром» → «сердар»), and a woman's surname as itself
        («Кузнецовой» → «кузнецова», where the dictionary's normal form is «кузнецов»)."""
        low = word.lower().replace("ё", "е")
        out = [low]
        for p in self.parse(low):
            if p.tag.POS == "NOUN" and (NAME_TAGS & p.tag.grammemes or not p.is_known):
                out.append(p.normal_form.replace("ё", "е"))
            if "Surn" in p.tag.grammemes and p.tag.gender == "femn":
                form = p.inflect({"nomn", "femn"})
                if form:
                    out.append(form.word.replace("ё", "е"))
        return tuple(dict.fromkeys(k for k in out if k))

    def inflect(self, parse, grammemes: set[str]) -> str | None:
        form = parse.inflect(grammemes)
        return form.word if form else None


@lru_cache(maxsize=None)
def _unknown_type(parse_type: type) -> type:
    """pymorphy3's parse, asked nothing of its dictionary: whether the word is known, its other
    forms (the dictionary cannot encode a lone surrogate)."""
    return type("UnknownParse", (parse_type,), {
        "__slots__": (), "is_known": property(lambda self: False), "normalized": property(lambda self: self),
        "lexeme": property(lambda self: [self]), "inflect": lambda self, grammemes: None})


def _unreadable(c: str) -> bool:
    return "\ud800" <= c <= "\udfff" or (c.isalpha() and not unicodedata.name(c, ""))
