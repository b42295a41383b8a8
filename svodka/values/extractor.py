"""The values stage: stretches of text that may hold a value go through the yargy grammars;
each match becomes a ``Value`` with its amount, currency or unit, period and qualifier.

Only the words around an anchor (a digit, a currency sign, a number word, a calendar word) are
parsed (``windows.py``), by the parser of ``earley.py``; a stretch seen before is not parsed
again (``_matches``)."""
from __future__ import annotations

import gc

from svodka.document import Document, Value
from svodka.span import Span
from svodka.values import lexicon as L
from svodka.values.dates import DateResolver
from svodka.values.durations import as_duration, is_length, join_compound
from svodka.values.grammar import Bare, Date, Lexicon, Money, Percent, Quantity, parsers
from svodka.values.numbers import parse_digits, parse_words
from svodka.values.windows import AMOUNT, DATE, Windows

STOP_CONTEXT = {".", ",", ";", ":", "!", "?", "(", ")", "—", "–"}
MAX_STRETCH = 2000  # characters of one parse; a stretch around anchors is rarely 200


def _piece_end(text: str, start: int) -> int:
    """Where a piece of a long stretch that begins at ``start`` ends: after the last space or
    punctuation in its second half, or at MAX_STRETCH."""
    end = start + MAX_STRETCH
    if end >= len(text):
        return len(text)
    for k in range(end, start + MAX_STRETCH // 2, -1):
        if not text[k - 1].isalnum():
            return k
    return end


def _in_title(text: str, start: int, end: int) -> bool:
    """«Один день Ивана Денисовича», «Сто лет одиночества»: words that open a quoted title, a
    capitalized name after them, name a book or a film, not a length of time."""
    after = text[end:end + 60]
    return text[start - 1:start] in "«„“\"" and text[start:start + 1].isupper() and \
        after[:1] == " " and after[1:2].isupper() and any(q in after for q in "»“”\"")


class ValueExtractor:
    def __init__(self, morph):
        self.morph = morph
        self.lex = Lexicon(morph)
        self.amounts, self.date_parser = parsers(self.lex)
        self.dates = DateResolver(self.lemma, self.lex.lemmas, self.lex.parses)
        self._windows = Windows(self.lex)
        self._stretches: dict[tuple[str, int], tuple] = {}

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
                        continue  # part of a code or an address: «%D0%BE», «A320»
                    if _in_title(doc.text, a, b):
                        continue
                    if text_lower is None and isinstance(fact, Money):
                        text_lower = doc.text.lower()
                    if isinstance(fact, Bare):
                        value = self._bare(doc, fact, a, b, found)
                    else:
                        value = self._value(doc, fact, a, b, text_lower)
                    if isinstance(fact, Date) and value is not None and (fact.same or fact.later):
                        value.period = self.dates.anaphoric(fact, [v.period for v in values + found
                                                                    if v.type == "DATE" and v.period])
                    if value is not None:
                        found.append(value.check_finite())
            values.extend(join_compound(doc, found))
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
        """The values in a stretch: a stretch longer than MAX_STRETCH characters (one "word" of
        60,000 characters, «25.25.25...»; the parser's time grows with the square of a run) is
        read in pieces cut after a space or punctuation; a value is a few words, far shorter."""
        if len(text) <= MAX_STRETCH:
            return self._matches_in(text, offset, kinds)
        out, start = [], 0
        while start < len(text):
            end = _piece_end(text, start)
            out += self._matches_in(text[start:end], offset + start, kinds)
            start = end
        return out

    def _matches_in(self, text: str, offset: int, kinds: int):
        """The values in a stretch of text: (start, end, fact), the amounts' and the dates'
        grammars as its words call for, overlaps settled for the longer match. The same stretch
        recurs across documents («в 2016 году», «в прошлом году»): its matches are kept (facts
        are read, never changed, by what follows)."""
        key = (text, kinds)
        found = self._stretches.get(key)
        if found is None:
            found = self._parse(text, kinds)
            if len(self._stretches) > 50_000:
                self._stretches.clear()
            self._stretches[key] = found
        return [(offset + a, offset + b, fact) for a, b, fact in found]

    def _parse(self, text: str, kinds: int) -> tuple:
        found = []
        tokens = self.amounts.tokenize(text)  # one tokenizer for both grammars
        if kinds & AMOUNT:
            found += self.amounts.findall(text, tokens)
        if kinds & DATE:
            dates = self.date_parser.findall(text, tokens)
            if found:
                keep = []
                for d in dates:
                    rivals = [f for f in found if f[0] < d[1] and d[0] < f[1]]
                    if all(d[1] - d[0] > f[1] - f[0] for f in rivals):
                        found = [f for f in found if f not in rivals]
                        keep.append(d)
                dates = keep
            found += dates
        return tuple(sorted(found, key=lambda m: m[0]))

    # -- one match -------------------------------------------------------------------------------
    def _value(self, doc: Document, f, start: int, end: int, text_lower: str | None,
               kind: str | None = None) -> Value | None:
        start, end = self._trim(doc.text, start, end, isinstance(f, Date))
        if isinstance(f, Date) and f.dmy_paren:  # «(1993)»: the year without its brackets
            while start < end and not doc.text[start].isdigit():
                start += 1
            while end > start and not doc.text[end - 1].isdigit() and not f.yearmark:
                end -= 1
        span = doc.span(start, end)
        before = self._context_before(doc, start)
        if isinstance(f, Date):
            if f.weekday and not f.day and not f.rel and self._after_adjective(doc, start, end):
                return None  # «окружающей среды»: the word, not Wednesday
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
        if f.qual and high is None:
            # «около 4,1 тысячи долларов», «более чем в 2 раза», «до $1 млрд», «от 10 долларов»:
            # the qualifier is in ``qualifier``, and its words stay outside the value's (CONTRACT.md)
            span = self._after_qualifier(doc, f, start, end)
        value = Value(kind or {Money: "MONEY", Percent: "PERCENT", Quantity: "QUANTITY"}[type(f)], span,
                      amount=amount, qualifier=qualifier, amount_max=high)
        if isinstance(f, Money):
            value.currency = self._currency(f, text_lower or doc.text.lower())
        elif isinstance(f, Quantity):
            unit = self._unit(f)
            if unit is None:
                return None
            value.unit = unit
            if is_length(doc, value, self.lex.parses):
                return as_duration(value)
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

    def _after_adjective(self, doc: Document, start: int, end: int) -> bool:
        """A weekday's word alone, right after an adjective that agrees with it and is no
        relative word («прошлой»), names what the word also means: «окружающей среды»."""
        before = doc.tokens_in(max(0, start - 40), start)
        if len(doc.tokens_in(start, end)) != 1 or not before or doc.text[before[-1].end:start] != " ":
            return False
        parses = self.morph.parse(before[-1].text.lower())
        return bool(parses) and parses[0].tag.POS in ("ADJF", "PRTF")

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

    @staticmethod
    def _after_qualifier(doc: Document, f, start: int, end: int) -> Span:
        """The span less its leading qualifier words (and the «в» of «примерно в 3 раза»)."""
        skip = len(f.qual.split()) + (1 if f.qual_prep else 0)
        words = doc.tokens_in(start, end)
        if len(words) > skip:
            start = words[skip].start
        return doc.span(start, end)

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
        """«выросли в полтора раза», «сократились в 2 раза»: a change by a factor, which is no
        percent (NEREL marks it a number; «в 2600 раз» is no 259 900 %): a QUANTITY of unit
        ``times``, amount and ``factor`` the multiple, with the change's direction. Without a word
        of change nearby («в 2 раза больше»? no: «больше» is one) it is not emitted."""
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
        return Value("QUANTITY", span, amount=k, unit="times", change=True, direction=direction, factor=k,
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
    """The stage. The parser's charts hold no reference cycles (an item points only at older
    ones), so they are freed as soon as they are read, and the cyclic garbage collector is held
    off while the stage runs: its passes, set off by the many short-lived chart items, would
    otherwise scan every object the models keep alive."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        doc.values = extractor(doc)
    finally:
        if enabled:
            gc.enable()
