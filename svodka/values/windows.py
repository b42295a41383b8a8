"""Where the grammars run: short stretches of a sentence around its *anchors*, the words every
value is built on (a number, a month, «году», «вчера», a currency sign), widened over the words
that may open a value and those that may close one.

Every word of every document passes through here, and most are no anchor: what a word is (an
anchor of which grammar, an opener, a closer) depends on its text alone, except for numbers,
whose neighbours decide, so it is worked out once per distinct word and then read from a dict."""
from __future__ import annotations

import re
from itertools import compress, repeat
from operator import attrgetter, ne

from svodka.document import Document, Token
from svodka.span import Span
from svodka.values import lexicon as L
from svodka.values.numbers import is_number_word, roman

AMOUNT, DATE = 1, 2  # which grammar a stretch of text calls for
DATE_LEMMAS = (set(L.MONTHS) | set(L.WEEKDAYS) | set(L.REL_DAYS) | set(L.SEASONS) | set(L.DECADE_WORDS)
               | {"год", "век", "неделя", "месяц", "квартал", "полугодие", "назад", "сегодняшний", "день",
                  "сутки", "вчерашний", "завтрашний", "выходные", "десятилетие"})
AMOUNT_LEMMAS = ({"полтора", "один", "ноль", "несколько", "тысяча", "миллион", "миллиард",
                  "триллион", "полмиллиона", "полмиллиарда", "тыс", "млн", "млрд", "трлн", "процент",
                  "раз"} | set(L.CURRENCY_WORDS))
SIGNS = set(L.CURRENCY_SIGNS) | {"%"}
MULTIPLIER_LEMMAS = frozenset({"тысяча", "миллион", "миллиард", "триллион", "тыс", "млн", "млрд", "трлн"})
# the word after a number that makes it an amount: «14%», «5 млн», «300 долларов», «1,5 тонны»
AMOUNT_NEXT = ({"%", "процент", "тыс", "млн", "млрд", "трлн", "тысяча", "миллион", "миллиард", "триллион"}
               | set(L.CURRENCY_WORDS) | set(L.CURRENCY_SIGNS) | set(L.UNITS) | set(L.COUNTED))
YEAR_NEXT = ("год", "г", ")", ",", "-", "—", "–", ".")  # after these a year number is a date only
OPENERS = ({"в", "во", "с", "со", "до", "на", "к", "ко", "за", "после", "по", "от", "около", "течение",
            "период", "начиная", "между", "не", "позднее", "позже", "ранее", "раньше", "чем",
            "последний", "ближайший", "первый", "(", ",", "$", "€", "£", "¥", "₽", "₸", "через",
            "спустя", "несколько", "десяток", "сотня", "тот", "же", "этот", "следующий", "четверть",
            "треть"}
           | {w for words in L.QUALIFIERS for w in words} | set(L.REL_SHIFT) | set(L.ORDINALS)
           | set(L.PARTS) | set(L.CURRENCY_ADJECTIVES))
CLOSERS = ({"год", "г", "гг", "с.г", "с", "назад", "тому", "сша", "стерлинг", "рф", "%", ".", "-", "—", "–", ",",
            ")", "по", "до", "х", "е", "ые", "ых", "м", "й", "го", "кв", "куб", "век", "раз",
            "спустя", "квадратный", "кубический", "позже", "позднее", "ранее", "раньше"}
           | set(L.CURRENCY_WORDS) | set(L.UNITS) | set(L.MULTIPLIERS) | set(L.MONTHS)
           | set(L.REL_SHIFT) | set(L.REL_UNITS) | set(L.CURRENCY_ADJECTIVES) | set(L.TIME_UNITS)
           | {"процент", "процентный"})

# what a word is, as bits of one int (see ``Windows.word``)
OPENS, CLOSES, COUNTS = 1, 2, 4
_DIGIT = re.compile(r"\d")
_TEXT, _LEMMA = attrgetter("text"), attrgetter("lemma")
# lemmas that make a word an anchor whatever its text (pymorphy's reading of «полгода»)
LEMMA_KINDS = {"полмиллиард": AMOUNT | DATE, "полмиллион": AMOUNT | DATE, "полтысяча": AMOUNT | DATE,
               "полгод": DATE, "полгода": DATE}


def _roman(text: str) -> bool:
    return text.isupper() and len(text) <= 6 and roman(text) is not None


class Windows:
    """The stretches of a sentence the grammars read, as (start, end, kinds) in characters, kinds
    the grammars (AMOUNT, DATE) the stretch's anchors call for."""

    def __init__(self, lex):
        self.lex = lex
        # every written form of the words that anchor, open and close a value: a set look-up per
        # word, where a lemma look-up would cost a morphological parse of each new word
        self.date_forms = self._forms(DATE_LEMMAS) | set(L.SEASON_ADVERBS)
        self.amount_forms = self._forms(AMOUNT_LEMMAS)
        self.opener_forms = self._forms(OPENERS)
        self.closer_forms = self._forms(CLOSERS)
        self._kinds: dict[str, int] = {}  # text -> anchor kinds, of words without digits
        self._words: dict[str, int] = {}  # text -> OPENS | CLOSES | COUNTS | MULTIPLIES

    def _forms(self, lemmas) -> frozenset:
        out = set()
        for lemma in lemmas:
            out.add(lemma)
            for p in self.lex.parses(lemma):
                if p.normal_form.replace("ё", "е") == lemma:
                    out.update(f.word.replace("ё", "е") for f in p.lexeme)
        return frozenset(out)

    # -- what one word is ------------------------------------------------------------------------
    def anchor(self, t: Token, next_lemma: str, text: str) -> int:
        """Which grammars a word calls for, if it can be the core of a value: every value has
        one (a number, a month, «вчера», «году» ...), and the grammars run only around them.
        A number's neighbours decide («2016 года» is a date, «2000 долларов» an amount, «A320» a
        code); any other word is settled by its text, once, and by its lemma only when that is
        one of ``LEMMA_KINDS``."""
        word = t.text
        if word[:1].isdigit():
            prev, nxt = text[t.start - 1:t.start], text[t.end:t.end + 1]
            return self._number_kind(word, prev, nxt, next_lemma)
        if t.lemma in LEMMA_KINDS:
            return self._word_kind(word, t.lemma, next_lemma)
        kind = self._kinds.get(word)
        if kind is None:
            kind = self._word_kind(word, "", next_lemma)
            if word.isalpha() or not _DIGIT.search(word):  # «COVID-19»: the number asks its neighbour
                self._kinds[word] = kind
        return kind

    @staticmethod
    def _number_kind(word: str, prev: str, nxt: str, next_lemma: str) -> int:
        if (prev.isascii() and prev.isalpha()) or prev == "%" or (nxt.isascii() and nxt.isalpha()):
            return 0  # a code: «%D0%BE», «A320»
        if len(word) == 4 and word.isdigit() and 1000 <= int(word) <= 2100:
            # a year: a date, unless money or a quantity follows («2000 долларов»)
            return DATE if next_lemma in YEAR_NEXT else DATE | AMOUNT
        if next_lemma in L.MONTHS or next_lemma in ("г", "век", "квартал", "полугодие"):
            return DATE  # «25 ноября», «5 г.»
        if next_lemma in AMOUNT_NEXT:
            return AMOUNT  # «14%», «5 млн», «300 долларов», «1,5 тонны»
        return DATE | AMOUNT

    def _word_kind(self, word: str, lemma: str, next_lemma: str) -> int:
        if word.isalpha() and word.islower() and len(word) > 2:
            w = word.replace("ё", "е")
            if w in self.date_forms:
                return DATE
            if w in self.amount_forms or is_number_word(w):
                return AMOUNT | DATE
            if not w.startswith("пол"):
                return 0
        if word[:1].isdigit():  # a part of a hyphened word: «COVID-19»
            return self._number_kind(word, "", "", next_lemma)
        if word in SIGNS:
            return AMOUNT
        if "-" in word and word[:1].isalpha():  # «ноябре-декабре», «полтора-два»
            return max((self._word_kind(part, part.lower(), next_lemma) for part in word.split("-") if part),
                       default=0)
        w = word.lower().replace("ё", "е")
        if w in self.date_forms:
            return DATE
        if _roman(word):
            return DATE  # «XIV век», «III квартал»
        if is_number_word(w) or w in self.amount_forms:
            return AMOUNT | DATE  # «два года назад», «двух миллиардов»
        return LEMMA_KINDS.get(lemma, 0)

    def word(self, text: str) -> int:
        """Whether a word may open a value (prepositions, qualifiers, ordinals, «прошлом»), close
        one (units, currencies, «года», «назад»), or is a number, in digits or words."""
        bits = self._words.get(text)
        if bits is None:
            w = text.lower().replace("ё", "е")
            digit, rom = w[:1].isdigit(), _roman(text)
            bits = ((OPENS if digit or w in self.opener_forms or is_number_word(w) or rom else 0)
                    | (CLOSES if digit or w in self.closer_forms or rom else 0)
                    | (COUNTS if digit or is_number_word(text) else 0))
            if len(self._words) > 200_000:
                self._words.clear()
            self._words[text] = bits
        return bits

    def multiplies(self, text: str) -> bool:
        """«тысяч», «млн.»: a multiplier, whose number counts the word after it."""
        last = text.lower().rstrip(".")
        return last in L.MULTIPLIERS or bool(self.lex.lemmas(last) & MULTIPLIER_LEMMAS)

    # -- the stretches ---------------------------------------------------------------------------
    def __call__(self, doc: Document, sent: Span, before: int = 4, after: int = 4):
        """Stretches of the sentence around its anchors, merged where they touch. A stretch runs
        back over the words that may open a value and on over those that may close one, and
        takes the word right after a number (what it counts): at most ``before`` and ``after``
        words."""
        tokens = doc.tokens_in(sent.start, sent.end)
        if not tokens:
            return []
        if len(self._kinds) > 200_000:
            self._kinds.clear()
        # most words are known to be no anchor: they are passed over by look-ups done in C
        n = len(tokens)
        candidates = list(compress(range(n), map(ne, map(self._kinds.get, map(_TEXT, tokens)), repeat(0))))
        lemmas = set(map(_LEMMA, tokens))
        if not lemmas.isdisjoint(LEMMA_KINDS):  # «полгода», «полмиллиона»: the lemma decides
            candidates = sorted(set(candidates) | {i for i, t in enumerate(tokens) if t.lemma in LEMMA_KINDS})
        spans: list[list[int]] = []
        text = doc.text
        word = self.word
        for i in candidates:
            t = tokens[i]
            kind = self.anchor(t, tokens[i + 1].lemma if i + 1 < n else "", text)
            if not kind:
                continue
            lo = i
            while lo > 0 and i - lo < before and word(tokens[lo - 1].text) & OPENS:
                lo -= 1
            hi = i
            if i + 1 < n and word(t.text) & COUNTS:
                hi = i + 1  # «120 рейсов»: the counted thing
            while hi + 1 < n and hi - i < after and word(tokens[hi + 1].text) & CLOSES:
                hi += 1
            if hi + 1 < n and self.multiplies(tokens[hi].text):
                hi += 1  # «120 тысяч вагонов»: what the multiplied number counts
            if spans and lo <= spans[-1][1] + 1:
                spans[-1][1] = max(hi, spans[-1][1])
                spans[-1][2] |= kind
            else:
                spans.append([lo, hi, kind])
        return [(tokens[lo].start, tokens[hi].end, kind) for lo, hi, kind in spans]
