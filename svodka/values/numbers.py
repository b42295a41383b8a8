"""Numbers as written: digits («1,5», «1 500 000», «17739,10»), words («триста сорок»,
«двух миллиардов») read by number-parser, and the halves Russian builds into words («полтора»,
«полмиллиарда», «два с половиной»)."""
from __future__ import annotations

import re
from functools import lru_cache

from svodka.values.lexicon import MULTIPLIERS, ORDINALS

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
HALF_WORDS = {"полтора": 1.5, "полторы": 1.5, "полутора": 1.5, "полуторы": 1.5}
# Fractions that count a multiplier: «четверть миллиарда долларов» is 250 000 000 dollars.
FRACTION_WORDS = {"четверть": 0.25, "четверти": 0.25, "четвертью": 0.25,
                  "треть": 1 / 3, "трети": 1 / 3, "третью": 1 / 3}


def parse_digits(text: str) -> float | None:
    """«1,5» -> 1.5, «1 500 000» -> 1500000, «2.2» -> 2.2."""
    s = _SPACES.sub("", text).replace(",", ".")
    try:
        return float(s)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def parse_words(text: str) -> float | None:
    """A number written in words, in any case: «двадцати пяти» -> 25, «полтора» -> 1.5,
    «два с половиной» -> 2.5, «полмиллиона» -> 500000."""
    words = text.lower().replace("ё", "е").split()
    if not words:
        return None
    half = 0.0
    if words[-2:] in (["с", "половиной"], ["с", "половинной"]):
        half, words = 0.5, words[:-2]
    if len(words) == 1 and words[0] in HALF_WORDS:
        return HALF_WORDS[words[0]] + half
    if len(words) == 1 and words[0] in FRACTION_WORDS:
        return FRACTION_WORDS[words[0]]
    if len(words) == 1 and words[0].startswith("пол") and len(words[0]) > 4:
        rest = parse_words(words[0][3:].lstrip("-"))
        if rest:
            return rest / 2
    n = _parse_number(" ".join(words))
    return None if n is None else n + half


@lru_cache(maxsize=1)
def _russian():
    from number_parser.parser import LanguageData
    return LanguageData("ru")


def is_number_word(word: str) -> bool:
    """Whether number-parser knows the word as (part of) a cardinal: «двух», «сорока», «тысяч»,
    and the halves: «полтора», «полмиллиона»."""
    w = word.lower().replace("ё", "е")
    if w in HALF_WORDS:
        return True
    if w.startswith("пол") and len(w) > 5:
        w = w[3:].lstrip("-")
    return w in _russian().all_numbers


def _parse_number(text: str) -> int | None:
    """number-parser's ``parse_number`` for Russian, with its language tables built once
    (the library rebuilds them on every call)."""
    from number_parser import parser as npp
    lang = _russian()
    tokens = npp._normalize_tokens(npp._tokenize(text, "ru"))
    for index, token in enumerate(tokens):
        if npp._is_cardinal_token(token, lang) or not token.strip():
            continue
        if npp._is_skip_token(token, lang) and index != 0:
            continue
        return None
    built = npp._build_number(tokens, lang)
    return int(built[0]) if len(built) == 1 else None


def ordinal(lemma: str) -> int | None:
    """«первом» (lemma «первый») -> 1; roman numerals «III» -> 3; digits «3-м» -> 3."""
    lemma = lemma.lower().replace("ё", "е")
    if lemma in ORDINALS:
        return ORDINALS[lemma]
    m = re.fullmatch(r"(\d+)(?:-?[а-я]{1,3})?", lemma)
    if m:
        return int(m.group(1))
    return roman(lemma)


_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "m": 1000,
          # Cyrillic look-alikes as often typed in Russian text: «ХХ век», «ІІІ квартал»
          "х": 10, "і": 1, "с": 100, "м": 1000}


def roman(text: str) -> int | None:
    s = text.lower()
    if not s or any(ch not in _ROMAN for ch in s):
        return None
    total, prev = 0, 0
    for ch in reversed(s):
        v = _ROMAN[ch]
        total += -v if v < prev else v
        prev = max(prev, v)
    return total if 0 < total < 4000 else None


def multiplier(lemma: str) -> int | None:
    return MULTIPLIERS.get(lemma.lower().rstrip("."))
