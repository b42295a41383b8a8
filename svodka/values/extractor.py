"""The values stage: sentences that may hold a value go through the yargy grammar; each match
becomes a ``Value`` with its amount, currency or unit, period and qualifier.

Only sentences with a digit, a currency sign, a number word or a calendar word are parsed: the
rest (most of a news text) cost one pass over their tokens' lemmas."""
from __future__ import annotations

import gc

from svodka.document import Document, Value
from svodka.span import Span
from svodka.values import lexicon as L
from svodka.values.dates import DateResolver
from svodka.values.grammar import Bare, Date, Lexicon, Money, Percent, Quantity, fact_of, parsers
from svodka.values.numbers import is_number_word, parse_digits, parse_words, roman

AMOUNT, DATE = 1, 2  # which grammar a stretch of text calls for
DATE_LEMMAS = (set(L.MONTHS) | set(L.WEEKDAYS) | set(L.REL_DAYS) | set(L.SEASONS) | set(L.DECADE_WORDS)
               | {"год", "век", "неделя", "месяц", "квартал", "полугодие", "назад", "сегодняшний", "день",
                  "сутки",
                  "вчерашний", "завтрашний", "выходные", "десятилетие"})
AMOUNT_LEMMAS = ({"полтора", "один", "ноль", "несколько", "тысяча", "миллион", "миллиард",
                  "триллион", "полмиллиона", "полмиллиарда", "тыс", "млн", "млрд", "трлн", "процент",
                  "раз"} | set(L.CURRENCY_WORDS))
SIGNS = set(L.CURRENCY_SIGNS) | {"%"}
STOP_CONTEXT = {".", ",", ";", ":", "!", "?", "(", ")", "—", "–"}


MULTIPLIER_LEMMAS = frozenset({"тысяча", "миллион", "миллиард", "триллион", "тыс", "млн", "млрд", "трлн"})
AMOUNT_NEXT = ({"%", "процент", "тыс", "млн", "млрд", "трлн", "тысяча", "миллион", "миллиард", "триллион"}
               | set(L.CURRENCY_WORDS) | set(L.CURRENCY_SIGNS) | set(L.UNITS) | set(L.COUNTED))
_OPENERS = ({"в", "во", "с", "со", "до", "на", "к", "ко", "за", "после", "по", "от", "около", "течение",
             "период", "начиная", "между", "не", "позднее", "позже", "ранее", "раньше", "чем",
             "последний", "ближайший", "первый", "(", ",", "$", "€", "£", "¥", "₽", "₸", "через",
             "спустя", "несколько", "десяток", "сотня", "тот", "же", "этот", "следующий"}
            | {w for words in L.QUALIFIERS for w in words} | set(L.REL_SHIFT) | set(L.ORDINALS)
            | set(L.PARTS) | set(L.CURRENCY_ADJECTIVES))
_CLOSERS = ({"год", "г", "гг", "с.г", "с", "назад", "тому", "сша", "стерлинг", "рф", "%", ".", "-", "—", "–", ",",
             ")", "по", "до", "х", "е", "ые", "ых", "м", "й", "го", "кв", "куб", "век", "раз",
             "спустя", "квадратный", "кубический"}
            | set(L.CURRENCY_WORDS) | set(L.UNITS) | set(L.MULTIPLIERS) | set(L.MONTHS)
            | set(L.REL_SHIFT) | set(L.REL_UNITS) | set(L.CURRENCY_ADJECTIVES) | set(L.TIME_UNITS)
            | {"процент", "процентный"})




def _roman(text: str) -> bool:
    return text.isupper() and len(text) <= 6 and roman(text) is not None


def _parts(t):
    from svodka.document import Token
    for part in t.text.split("-"):
        if part:
            yield Token(t.start, t.end, part, pos="", lemma=part.lower())


class ValueExtractor:
    def __init__(self, morph):
        self.morph = morph
        self.lex = Lexicon(morph)
        self.amounts, self.date_parser = parsers(self.lex)
        self.dates = DateResolver(self.lemma, self.lex.lemmas, self.lex.parses)
        # every written form of the words that anchor, open and close a value: a set look-up per
        # word, where a lemma look-up would cost a morphological parse of each new word
        self._date_forms = self._forms(DATE_LEMMAS) | set(L.SEASON_ADVERBS)
        self._amount_forms = self._forms(AMOUNT_LEMMAS)
        self._opener_forms = self._forms(_OPENERS)
        self._closer_forms = self._forms(_CLOSERS)

    def _forms(self, lemmas) -> frozenset:
        out = set()
        for lemma in lemmas:
            out.add(lemma)
            for p in self.lex.parses(lemma):
                if p.normal_form.replace("ё", "е") == lemma:
                    out.update(f.word.replace("ё", "е") for f in p.lexeme)
        return frozenset(out)

    def lemma(self, word: str) -> str:
        return self.morph.lemma(word.lower()) if word else ""

    # -- the stage -------------------------------------------------------------------------------
    def __call__(self, doc: Document) -> list[Value]:
        values: list[Value] = []
        text_lower = None
        for sent in doc.sentences or [Span(0, len(doc.text), doc.text)]:
            found: list[Value] = []
            for start, end, kinds in self._windows(doc, sent):
                for a, b, fact in self._matches(doc.text[start:end], start, kinds):
                    before_char, after_char = doc.text[a - 1:a], doc.text[b:b + 1]
                    if (before_char.isascii() and before_char.isalnum()) or before_char == "%" or \
                            (after_char.isascii() and after_char.isalpha()):
                        continue  # part of a code or an address: «%D0%BE», «A320»                    if text_lower is None and isinstance(fact, Money):
                        text_lower = doc.text.lower()
                    if isinstance(fact, Bare):
                        value = self._bare(doc, fact, a, b, found)
                    else:
                        value = self._value(doc, fact, a, b, text_lower)
                    if value is not None:
                        found.append(value)
            values.extend(found)
        return values

    def _bare(self, doc: Document, f, start: int, end: int, found: list[Value]) -> Value | None:
        """«17 миллиардов рублей, 12 миллиардов из них ...»: a number with a multiplier and no
        currency or unit takes them from the nearest money or quantity before it in the sentence."""
        model = next((v for v in reversed(found) if v.type in ("MONEY", "QUANTITY")), None)
        if model is None:
            return None
        value = self._value(doc, f, start, end, None, kind=model.type)
        if value is not None:
            value.currency, value.unit = model.currency, model.unit
        return value

    def _matches(self, text: str, offset: int, kinds: int):
        """The values in a stretch of text: (start, end, fact), the amounts' and the dates'
        grammars as its words call for, overlaps settled for the longer match."""
        found = []
        if kinds & AMOUNT:
            found += [(offset + m.span.start, offset + m.span.stop, fact_of(m))
                      for m in self.amounts.findall(text)]
        if kinds & DATE:
            dates = [(offset + m.span.start, offset + m.span.stop, m.fact)
                     for m in self.date_parser.findall(text)]
            if found:
                keep = []
                for d in dates:
                    rivals = [f for f in found if f[0] < d[1] and d[0] < f[1]]
                    if all(d[1] - d[0] > f[1] - f[0] for f in rivals):
                        found = [f for f in found if f not in rivals]
                        keep.append(d)
                dates = keep
            found += dates
        return sorted(found, key=lambda m: m[0])

    def _opens(self, t) -> bool:
        w = t.text.lower().replace("ё", "е")
        return w[:1].isdigit() or w in self._opener_forms or is_number_word(w) or _roman(t.text)

    def _closes(self, t) -> bool:
        w = t.text.lower().replace("ё", "е")
        return w[:1].isdigit() or w in self._closer_forms or _roman(t.text)

    def _anchor(self, t, next_lemma: str, text: str) -> int:
        """Which grammar a word calls for, if it can be the core of a value: every value has
        one (a number, a month, «вчера», «году» ...), and the grammars run only around them."""
        word = t.text
        if word.isalpha() and word.islower() and len(word) > 2:
            # most words: one look-up settles them
            w = word.replace("ё", "е")
            if w in self._date_forms:
                return DATE
            if w in self._amount_forms or is_number_word(w):
                return AMOUNT | DATE
            if not w.startswith("пол"):
                return 0
        prev, nxt = text[t.start - 1:t.start], text[t.end:t.end + 1]
        text = word
        if text[:1].isdigit():
            if (prev.isascii() and prev.isalpha()) or prev == "%" or (nxt.isascii() and nxt.isalpha()):
                return 0  # a code: «%D0%BE», «A320»
            if len(text) == 4 and text.isdigit() and 1000 <= int(text) <= 2100:
                # a year: a date, unless money or a quantity follows («2000 долларов»)
                return DATE if next_lemma in ("год", "г", ")", ",", "-", "—", "–", ".") else DATE | AMOUNT
            if next_lemma in L.MONTHS or next_lemma in ("г", "век", "квартал", "полугодие"):
                return DATE  # «25 ноября», «5 г.»
            if next_lemma in AMOUNT_NEXT:
                return AMOUNT  # «14%», «5 млн», «300 долларов», «1,5 тонны»
            return DATE | AMOUNT
        if text in SIGNS:
            return AMOUNT
        lemma = t.lemma
        if "-" in text and text[:1].isalpha():  # «ноябре-декабре», «полтора-два»
            return max((self._anchor(part, next_lemma, "") for part in _parts(t)), default=0)
        w = text.lower().replace("ё", "е")
        if w in self._date_forms:
            return DATE
        if _roman(text):
            return DATE  # «XIV век», «III квартал»
        if is_number_word(w) or w in self._amount_forms or (
                lemma.startswith("пол") and lemma[3:] in ("миллиард", "миллион", "тысяча")):
            return AMOUNT | DATE  # «два года назад», «двух миллиардов»
        if lemma.startswith("пол") and lemma[3:] in ("год", "года"):
            return DATE
        return 0

    def _windows(self, doc: Document, sent: Span, before: int = 4, after: int = 4):
        """Stretches of the sentence around its anchors, merged where they touch. A stretch runs
        back over the words that may open a value (prepositions, qualifiers, ordinals, «прошлом»),
        and on over those that may close one (units, currencies, «года», «назад»), and the word
        right after a number (what it counts): at most ``before`` and ``after`` words."""
        tokens = doc.tokens_in(sent.start, sent.end)
        if not tokens:
            return []
        spans: list[list[int]] = []
        n = len(tokens)
        for i, t in enumerate(tokens):
            kind = self._anchor(t, tokens[i + 1].lemma if i + 1 < n else "", doc.text)
            if not kind:
                continue
            lo = i
            while lo > 0 and i - lo < before and self._opens(tokens[lo - 1]):
                lo -= 1
            hi = i
            if i + 1 < n and (t.text[:1].isdigit() or is_number_word(t.text)):
                hi = i + 1  # «120 рейсов»: the counted thing
            while hi + 1 < n and hi - i < after and self._closes(tokens[hi + 1]):
                hi += 1
            last = tokens[hi].text.lower().rstrip(".")
            if hi + 1 < n and (last in L.MULTIPLIERS or self.lex.lemmas(last) & MULTIPLIER_LEMMAS):
                hi += 1  # «120 тысяч вагонов»: what the multiplied number counts
            if spans and lo <= spans[-1][1] + 1:
                spans[-1][1] = max(hi, spans[-1][1])
                spans[-1][2] |= kind
            else:
                spans.append([lo, hi, kind])
        return [(tokens[lo].start, tokens[hi].end, kind) for lo, hi, kind in spans]

    # -- one match -------------------------------------------------------------------------------
    def _value(self, doc: Document, f, start: int, end: int, text_lower: str | None,
               kind: str | None = None) -> Value | None:
        start, end = self._trim(doc.text, start, end, isinstance(f, Date))
        if isinstance(f, Date) and f.dmy_paren:  # «(1993)»: the year without its brackets
            while start < end and not doc.text[start].isdigit():
                start += 1
            while end > start and not doc.text[end - 1].isdigit():
                end -= 1
        span = doc.span(start, end)
        before = self._context_before(doc, start)
        if isinstance(f, Date):
            period, qualifier = self.dates.resolve(f, doc.date)
            return Value("DATE", span, period=period, qualifier=qualifier)
        if isinstance(f, Percent) and f.factor:
            return self._factor(doc, f, span, self._context_before(doc, start, n=12))
        amount, high = self._amounts(f)
        qualifier = self._qualifier(f, before, high)
        vague = amount is None and (f.vague or (f.mult and not f.num))
        if vague:
            qualifier = "~"  # «несколько миллионов евро», «миллиарды долларов»: no number to give
        elif amount is None:
            return None
        if f.qual and high is None and (qualifier == "=" or f.qual.lower() == "от") and \
                f.qual.lower() in ("до", "от"):
            # «увеличить до $1 млрд» (the level itself), «от 10 долларов» (no upper end):
            # the preposition is not part of the value's words
            start += len(f.qual)
            while doc.text[start:start + 1].isspace():
                start += 1
            span = doc.span(start, end)
        value = Value(kind or {Money: "MONEY", Percent: "PERCENT", Quantity: "QUANTITY"}[type(f)], span,
                      amount=amount, qualifier=qualifier, amount_max=high)
        if isinstance(f, Money):
            value.currency = self._currency(f, text_lower or doc.text.lower())
        elif isinstance(f, Quantity):
            unit = self._unit(f)
            if unit is None:
                return None
            value.unit = unit
        elif isinstance(f, Percent) and f.pct_word and "процентн" in f.pct_word.lower():
            after = doc.text[end:end + 20].lower().lstrip()
            if after.startswith("пункт"):
                return None  # «на 2 процентных пункта» is a difference of percents, not a percent
        direction = self._change(before, self._word_after(doc, end))
        if direction:
            value.change, value.direction = True, direction
        return value

    def _trim(self, text: str, start: int, end: int, is_date: bool) -> tuple[int, int]:
        """A dot that ends the sentence is not the abbreviation's («5 млн руб.»: kept;
        «... 100 тыс. руб]. Во»: dropped); «2005г.» keeps its dot out, as NEREL writes it."""
        if text[end - 1:end] == ".":
            rest = text[end:end + 3].lstrip(" \u00a0")
            word = text[start:end - 1].rsplit(None, 1)[-1].lower() if text[start:end - 1].split() else ""
            if is_date and (word.endswith("г") or word.endswith("гг")):
                return start, end - 1
            if not rest or rest[:1].isupper() or rest[:1] in "\n\r«\"—–-":
                return start, end - 1
        return start, end

    def _context_before(self, doc: Document, start: int, n: int = 6) -> list[str]:
        """Lemmas of up to n words before the value in the same clause, nearest last."""
        sent_start = max(0, start - 120)
        toks = doc.tokens_in(sent_start, start)
        out: list[str] = []
        for t in reversed(toks):
            if t.text in STOP_CONTEXT or len(out) >= n:
                break
            out.append(t.lemma or t.text.lower())
        return out[::-1]

    # -- numbers ---------------------------------------------------------------------------------
    def _number(self, words: str | None) -> float | None:
        if not words:
            return None
        if words[:1].isdigit():
            return parse_digits(words)
        return parse_words(words)

    def _mult(self, words: str | None) -> float | None:
        if not words:
            return None
        w = words.lower().rstrip(".").strip()
        return L.MULTIPLIERS.get(w) or L.MULTIPLIERS.get(self.lemma(w))

    def _amounts(self, f) -> tuple[float | None, float | None]:
        if f.vague:
            return None, None
        num, mult = self._number(f.num), self._mult(f.mult)
        if num is None and mult is not None:
            # «миллион долларов»: one million; «миллионы долларов»: some millions
            plural = any("plur" in p.tag for p in self.lex.parses(f.mult.lower().rstrip(".")))
            single = any("sing" in p.tag for p in self.lex.parses(f.mult.lower().rstrip(".")))
            num = 1.0 if single or not plural else None
        if num is None:
            return None, None
        amount = num * (mult or 1)
        if not f.num2:
            return amount, None
        num2, mult2 = self._number(f.num2), self._mult(f.mult2)
        if num2 is None:
            return amount, None
        high = num2 * (mult2 or 1)
        if mult is None and mult2 and num * mult2 <= high:
            amount = num * mult2  # «от 3 до 5 тыс.», «50-70 млн»: the multiplier is shared
        return amount, high

    def _qualifier(self, f, before: list[str], high) -> str:
        if high is not None:
            return "="  # a range: amount..amount_max
        if f.qual:
            words = tuple(f.qual.lower().replace("ё", "е").split())
            q = L.QUALIFIERS.get(words, "=")
            if words == ("до",) and any(w in L.TARGET_VERBS for w in before):
                return "="  # «увеличить до $1 млрд»: the level to reach is the value itself
            return q
        q = self._context_qualifier(before)
        if q:
            return q
        for w in reversed(before[-3:]):
            if w in L.QUALIFIER_VERBS:
                neg = len(before) >= 2 and before[-2] == "не"
                return "<=" if neg and L.QUALIFIER_VERBS[w] == ">" else L.QUALIFIER_VERBS[w]
        return "="

    @staticmethod
    def _context_qualifier(before: list[str]) -> str | None:
        """«более чем на 10 процентов», «приблизительно на 45 процентов», «более чем в два раза»:
        a qualifier just before the preposition, outside the value's words."""
        words = before[:-1] if before[-1:] in (["на"], ["в"]) else before
        for n in (3, 2, 1):
            if len(words) >= n and tuple(words[-n:]) in L.QUALIFIERS and words[-n:] != ["до"]:
                return L.QUALIFIERS[tuple(words[-n:])]
        return None

    def _word_after(self, doc: Document, end: int) -> str:
        after = doc.tokens_in(end, end + 20)
        return after[0].text.lower() if after else ""

    def _change(self, before: list[str], after: str = "") -> str | None:
        """«увеличившись на 14%», «рост на 5%», «на 8% больше»: a change, with its direction."""
        if not before or before[-1] != "на":
            return None
        if after in ("больше", "выше", "дороже", "много"):
            return "up"
        if after in ("меньше", "ниже", "дешевле", "мало"):
            return "down"
        for w in reversed(before[:-1]):
            if w in L.CHANGE_UP:
                return "up"
            if w in L.CHANGE_DOWN:
                return "down"
        return None

    def _factor(self, doc: Document, f, span: Span, before: list[str]) -> Value | None:
        """«выросли в полтора раза» -> +50 %; «сократились в 2 раза» -> -50 %."""
        k = self._number(f.factor)
        if not k or k <= 1:
            return None
        after = [self.lemma(t.text) for t in doc.tokens_in(span.end, span.end + 30)[:2]]
        direction = None
        for w in list(reversed(before)) + after:
            if w in L.CHANGE_UP:
                direction = "up"
                break
            if w in L.CHANGE_DOWN:
                direction = "down"
                break
        if direction is None:
            return None
        amount = (k - 1) * 100 if direction == "up" else (1 - 1 / k) * 100
        return Value("PERCENT", span, amount=round(amount, 4), change=True, direction=direction, factor=k,
                     qualifier=self._context_qualifier(before + ["в"]) or "=")

    # -- currency and unit -----------------------------------------------------------------------
    def _currency(self, f, text_lower: str) -> str | None:
        if f.cur_sign:
            return L.CURRENCY_SIGNS.get(f.cur_sign)
        if not f.cur:
            return None
        word = f.cur.lower().rstrip(".").strip()
        if word in L.ISO_CODES:
            code = word.upper()
            return {"RMB": "CNY", "BYR": "BYN"}.get(code, code)
        code = L.CURRENCY_WORDS.get(word)
        if code is None:
            for lem in self.lex.lemmas(word):
                if lem in L.CURRENCY_ADJ_WORDS:
                    return L.CURRENCY_ADJ_WORDS[lem]
        if code is None:
            for lem in self.lex.lemmas(word):
                if lem in L.CURRENCY_WORDS:
                    code = L.CURRENCY_WORDS[lem]
                    break
        if f.adj:
            adj = L.CURRENCY_ADJECTIVES.get(self.lemma(f.adj))
            if adj:
                return adj
        if isinstance(code, tuple):
            named = [c for c in code if L.CURRENCY_COUNTRY_STEMS.get(c, "\0") in text_lower]
            return named[0] if len(named) == 1 else code[0]
        return code

    def _unit(self, f) -> str | None:
        words = f.unit.lower().rstrip(".").strip()
        lem = self.lemma(words)
        for cand in (words, lem, *sorted(self.lex.lemmas(words))):
            if cand in L.TIME_UNITS:
                return L.TIME_UNITS[cand]
        unit = L.UNITS.get(words) or L.UNITS.get(lem)
        if unit is None:
            for cand in self.lex.lemmas(words):
                if cand in L.UNITS:
                    unit = L.UNITS[cand]
                    break
        if unit is not None:
            if f.size:
                size = f.size.lower().rstrip(".")
                size = "кв" if size.startswith("кв") else "куб"
                unit = L.AREA_VOLUME.get((size, unit), unit)
            return unit
        if f.num and not f.num[:1].isdigit() and lem not in L.COUNTED:
            return None  # «двух стран»: a word number before any noun is not worth a value
        return L.COUNTED.get(lem, lem)


def extract_values(doc: Document, extractor: ValueExtractor) -> None:
    """The stage. The parser's charts are freed as soon as they are read (their cycles are broken),
    so the cyclic garbage collector is held off while it runs: its passes, set off by the many
    short-lived chart states, would otherwise scan every object the models keep alive."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        doc.values = extractor(doc)
    finally:
        if enabled:
            gc.enable()
