"""What a name typed in any word form can mean: «Казахстана» is «Казахстан», «Токаева» the
surname «Токаев», «Касым-Жомарта Токаева» the person «Касым-Жомарт Токаев», «Соединенных Штатов»
the gazetteer's ``iso:US``.

Names are stored in the nominative (the extraction puts them there), so a query is read the same
way: its nominative by the extraction's own rules (``svodka.nlp.names``), its words' lemmas, and,
since one word cannot settle its own case («Медведева» is his genitive or her nominative), every
surname and given name the dictionary reads it as. The store tries them in order of strength and
ranks what they find (``Reads.find_entities``)."""
from __future__ import annotations

import re

import razdel

from svodka.document import Token
from svodka.nlp.names import nominative as nlp_nominative
from svodka.store.keys import INITIAL, WORD, fold, given_key, person_words
from svodka.store.records import Readings

PLACE_WORD = re.compile(r"[\w'-]+")  # as the gazetteer splits names


def _tokens(text: str) -> list:
    return [Token(t.start, t.stop, t.text) for t in razdel.tokenize(text)]


def nominative(text: str, kind: str, morph) -> str:
    """``text`` in the nominative as the extraction would write a name of this kind."""
    tokens = _tokens(text)
    return nlp_nominative(tokens, kind, morph, text) if tokens else text


def name_forms(word: str, morph) -> list[str]:
    """Every nominative a word of a name can be read as (``Morph.name_forms``, memoized there)."""
    return list(morph.name_forms(word))


def word_readings(word: str, morph) -> list[str]:
    """Folded keys of every nominative a name word can be read as, the word itself first."""
    if INITIAL.match(word):
        return [given_key(word)]
    return list(dict.fromkeys(k for k in (fold(f) for f in name_forms(word, morph)) if k))


def readings(text: str, morph) -> Readings:
    """The forms, person keys and nothing else (gazetteer refs cost a load: ``place_refs``)."""
    text = " ".join(text.split())
    forms = [nominative(text, "LOC", morph), nominative(text, "PER", morph),
             " ".join(morph.lemma(w) for w in WORD.findall(text))]
    persons: list[tuple[str, str | None]] = []
    surname, given = person_words(text)
    if surname and len(text.split()) <= 4:
        givens = word_readings(given, morph) if given else [None]
        persons = [(s, g) for s in word_readings(surname, morph) for g in givens]
    return Readings(forms=[f for f in dict.fromkeys(forms) if f and f != text], persons=persons)


def place_refs(text: str, gazetteer) -> list[str]:
    """Gazetteer ids the name means in any form: «Соединенных Штатов», «РФ»."""
    words = PLACE_WORD.findall(text)
    place = gazetteer.lookup(words) if words else None
    return [place.ref] if place is not None and place.ref else []
