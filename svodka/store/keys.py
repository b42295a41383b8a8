"""Keys under which one real-world thing is found again in another document.

Names are compared as folded Latin keys, so «Газпром», «Gazprom», «Токаев» and «Tokayev» meet:
Cyrillic is transliterated, then the spellings transliteration schemes disagree on («ks»/«x»,
«ye»/«e», «y»/«i», doubled letters) are folded to one. Organisations also answer to their
acronym and to their name without a legal form («ПАО «Газпром»» is «Газпром»). People are split
into surname and given name, because a bare surname is a weaker key than a full name and is
settled by context (see ``resolve``)."""
from __future__ import annotations

import re
from dataclasses import dataclass

TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o",
                     "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e",
                     "yu", "ya"]))

# Spellings different transliterations give the same sound, folded in this order.
FOLDS = (("shch", "sh"), ("kh", "h"), ("ks", "x"), ("ts", "c"), ("tz", "c"), ("ch", "c"),
         ("sh", "s"), ("zh", "j"), ("dj", "j"), ("yu", "u"), ("ya", "a"), ("ye", "e"), ("yo", "o"),
         ("iy", "i"), ("y", "i"), ("w", "v"), ("ck", "k"), ("q", "k"), ("ph", "f"))

LEGAL_FORMS = {"пао", "оао", "зао", "ао", "ооо", "нао", "ип", "гк", "ак", "фгуп", "гуп", "муп",
               "ано", "нко", "llc", "inc", "ltd", "plc", "jsc", "pjsc", "corp", "co", "ag", "gmbh"}
ACRONYM_SKIP = {"и", "в", "во", "на", "по", "для", "при", "с", "со", "о", "об", "of", "the", "and",
                "for", "de"}
PATRONYMIC = re.compile(r"(вич|вна|ична|инична|кызы|улы|оглы|угли)$", re.I)
INITIAL = re.compile(r"^(?:\w\.?-)?\w\.$")
GLUED_INITIAL = re.compile(r"\b(\w\.)(?=\w{2,})")
WORD = re.compile(r"[^\W_]+", re.U)


def fold(text: str) -> str:
    """A spelling-insensitive Latin key of a name: «Бердымухамедов» and «Berdimuhamedov» meet."""
    low = text.lower().replace("ё", "е")
    latin = "".join(TRANSLIT.get(ch, ch) for ch in low)
    latin = " ".join(WORD.findall(latin))
    for a, b in FOLDS:
        latin = latin.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", latin)


def acronym(name: str) -> str | None:
    """«Министерство иностранных дел» → «мид»: what news abbreviates a multi-word name to. A name
    that already holds an abbreviation («сенат США») has none of its own."""
    raw = WORD.findall(name)
    if any(len(w) > 1 and w.isupper() for w in raw):
        return None
    words = [w for w in (w.lower() for w in raw) if w not in ACRONYM_SKIP]
    if len(words) < 2 or len(words) > 8:
        return None
    return "".join(w[0] for w in words)


def without_legal_form(name: str) -> str | None:
    words = name.replace("«", " ").replace("»", " ").replace('"', " ").split()
    if len(words) > 1 and words[0].lower().strip(".") in LEGAL_FORMS:
        return " ".join(words[1:])
    return None


def is_abbreviation(name: str) -> bool:
    """«МИД», «ООН», «ЕС»: one word in capitals."""
    words = WORD.findall(name)
    return len(words) == 1 and 2 <= len(words[0]) <= 8 and words[0].isupper()


def _acronym_key(name: str, bare: str | None) -> str | None:
    acr = acronym(bare or name)
    return fold(acr) if acr and len(fold(acr)) > 1 else None  # «сш» folds to «s»: a key that meets everything


def entity_keys(type_: str, name: str, ref: str | None, acronyms: bool = True) -> list[str]:
    """Every key a non-person entity is registered under, strongest first. An organisation's
    full name is also registered as the full name of its acronym («ORG:~mid»), a key only an
    abbreviation looks for (``lookup_keys``): two full names of one acronym («Следственный
    комитет», «спецслужбы Северной Кореи») never meet through it."""
    keys = [f"ref:{ref}"] if ref else []
    keys.append(f"{type_}:{fold(name)}")
    bare = without_legal_form(name)
    if bare:
        keys.append(f"{type_}:{fold(bare)}")
    if acronyms and type_ == "ORG" and (acr := _acronym_key(name, bare)):
        keys.append(f"{type_}:~{acr}")
    return list(dict.fromkeys(k for k in keys if not k.endswith(":")))


def lookup_keys(type_: str, name: str, ref: str | None, acronyms: bool = True) -> list[str]:
    """The keys that find the KB entity a name means, strongest first: its own keys, then, for
    an organisation, its acronym as a name («Министерство иностранных дел» finds «МИД») or, for
    an abbreviation, the full names it abbreviates («ООН» finds «Организация Объединенных Наций»)."""
    keys = entity_keys(type_, name, ref, acronyms=False)
    if acronyms and type_ == "ORG":
        if acr := _acronym_key(name, without_legal_form(name)):
            keys.append(f"{type_}:{acr}")
        if is_abbreviation(name):
            keys.append(f"{type_}:~{fold(name)}")
    return list(dict.fromkeys(k for k in keys if not k.endswith(":")))


@dataclass(frozen=True, slots=True)
class PersonName:
    surname: str  # folded key
    given: str | None  # folded key of the first name, or its initial letter, or None

    @property
    def is_initial(self) -> bool:
        return self.given is not None and len(self.given) == 1

    def compatible(self, other_given: str | None) -> bool:
        """Same given name, or an initial that fits it; a missing given name fits anything."""
        if self.given is None or other_given is None:
            return True
        if self.is_initial or len(other_given) == 1:
            return self.given[0] == other_given[0]
        return self.given == other_given


def person_words(name: str) -> tuple[str, str | None]:
    """The surname and given-name words of «Касым-Жомарт Токаев», «Токаев Касым-Жомарт
    Кемелевич», «К.-Ж. Токаев» or «Токаев»: news writes «Given Surname», documents «Surname Given
    Patronymic»; an initial glued to the surname («А.Кудрин») is a word of its own."""
    parts = GLUED_INITIAL.sub(r"\1 ", name).split()
    if not parts:
        return "", None
    if len(parts) == 1:
        return parts[0], None
    if PATRONYMIC.search(parts[-1]) and len(parts) >= 3:
        return parts[0], parts[1]  # Токаев Касым-Жомарт Кемелевич
    if len(parts) >= 3 and PATRONYMIC.search(parts[1]):
        return parts[-1], parts[0]  # Касым-Жомарт Кемелевич Токаев
    if INITIAL.match(parts[-1]) and not INITIAL.match(parts[0]):
        return parts[0], parts[-1]  # Токаев К.-Ж.
    return parts[-1], parts[0]


def given_key(given: str) -> str:
    """The folded key of a given name, or the initial letter of an initial."""
    g = fold(given)
    return g[:1] if INITIAL.match(given) else g


def person_name(name: str) -> PersonName:
    surname, given = person_words(name)
    if not surname:
        return PersonName("", None)
    return PersonName(fold(surname), (given_key(given) or None) if given else None)
