"""yargy grammars for values: money, percents, quantities and dates.

The grammar decides extents and collects the pieces of a value as strings (yargy facts); the
arithmetic, the currency and unit codes and the calendar are done afterwards in ``extractor.py``
and ``dates.py``. Words are matched by lemma (pymorphy3, «ё» read as «е»), so one entry covers
every case form: «долларов», «доллара», «долларам» are all «доллар».

Tokens: yargy's tokenizer, with numbers read whole before it («1 500 000», «1,5», «17739,10»,
«25.11.2025») so a number is one token with one value."""
from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace

from yargy import or_, rule
from yargy.interpretation import fact
from yargy.predicates import caseless, custom, eq, in_, in_caseless
from yargy.tokenizer import RULES, Tokenizer, TokenRule

from svodka.values import lexicon as L
from svodka.values.earley import FastParser, LemmaIn
from svodka.values.numbers import FRACTION_WORDS, is_number_word, roman

# --- facts: every piece of a value is kept as the words it was written with --------------------

Num = fact("Num", ["qual", "qual_prep", "num", "mult", "num2", "mult2", "vague", "cur", "cur_sign", "adj",
                   "unit", "size", "pct_word", "factor"])


class Money(Num):
    pass


class Percent(Num):
    pass


class Quantity(Num):
    pass


class Bare(Num):
    """«316 млн» with no currency or unit: a value only beside one that has them."""


DateFact = fact("DateFact", ["prep", "day", "month", "year", "yearmark", "day2", "month2", "year2",
                             "decade", "century", "ordinal", "period_unit", "part", "season",
                             "rel", "rel_unit", "relday", "weekday", "count", "count_unit",
                             "ago", "last", "dmy", "iso", "dmy_paren", "qual", "same", "later"])


class Date(DateFact):
    pass



# --- tokens -----------------------------------------------------------------------------------

NUMBER_RULES = [
    # digits glued to Latin letters or a percent sign are codes, not numbers: «%D0%BE», «A320»
    TokenRule("OTHER", r"(?<=[A-Za-z%])\d+|\d+(?=[A-Za-z])"),
    TokenRule("DMY", r"\d{1,2}(?:\.\d{1,2}\.|/\d{1,2}/)(?:\d{4}|\d{2})(?!\d)"),
    TokenRule("INT", r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?(?![\d]|[.,]\d)"),
    TokenRule("INT", r"\d+(?:[.,]\d+)?"),
]


class Lexicon:
    """Cached lemma look-ups over pymorphy3: every normal form a word may have, «ё» as «е»."""

    def __init__(self, morph):
        self.morph = morph  # svodka's Morph: its parses are cached and shared with the lemmatizer
        self.analyzer = morph.analyzer
        self.lemmas = lru_cache(maxsize=100_000)(self._lemmas)
        self._is: dict[frozenset, LemmaIn] = {}

    def parses(self, word: str):
        return self.morph.parse(word.lower())

    def _lemmas(self, word: str) -> frozenset:
        w = word.lower().replace("ё", "е")
        return frozenset({p.normal_form.replace("ё", "е") for p in self.parses(w)} | {w})

    def is_(self, words) -> callable:
        """A predicate on a word: one of its lemmas is among ``words`` (the parser indexes these
        by lemma: see ``earley.LemmaIn``)."""
        words = frozenset(words)
        fn = self._is.get(words)
        if fn is None:
            fn = self._is[words] = LemmaIn(words, self.lemmas)
        return fn


def tokenizer() -> Tokenizer:
    """yargy's tokenizer with numbers read whole. No morphology: every predicate of the grammars
    reads the word itself (through ``Lexicon.lemmas``), none a yargy form."""
    return Tokenizer(rules=NUMBER_RULES + RULES)


# --- the grammar --------------------------------------------------------------------------------

DASH = in_({"-", "—", "–", "‒", "−"})
DOT = eq(".")


def icustom(fn):
    """A predicate on number tokens only (not on digits glued into codes: «%D0», «A320»)."""
    return custom(fn, types="INT")


def _digits(value: str) -> bool:
    return value.isascii() and value.isdigit()


def _is_int(value: str) -> bool:
    return _digits(value)


def _is_year(value: str) -> bool:
    return _digits(value) and len(value) == 4 and 1000 <= int(value) <= 2100


def _is_day(value: str) -> bool:
    return _digits(value) and len(value) <= 2 and 1 <= int(value) <= 31


def _is_roman(value: str) -> bool:
    return len(value) <= 6 and roman(value) is not None and value.isupper()


def _amounts(lex: Lexicon) -> SimpleNamespace:
    """Numbers in digits and words, multipliers, ranges and qualifiers: what every amount is made of."""
    is_ = lex.is_
    a = SimpleNamespace()
    a.NUMBER = or_(rule(icustom(lambda v: v[:1].isdigit() and v[-1:].isdigit())))

    # numbers written in words: «двух», «триста сорок», «полтора», «два с половиной»
    def numword(value: str) -> bool:
        return value.isalpha() and is_number_word(value) and not is_multiplier(value)

    def is_multiplier(value: str) -> bool:
        return not lex.lemmas(value).isdisjoint({"тысяча", "миллион", "миллиард", "триллион"})

    a.WORDS = rule(custom(numword).repeatable(max=6),
                   rule(caseless("с"), is_pred(lex, {"половина"})).optional())
    HALF_MULT = custom(lambda v: v.lower().startswith("пол") and len(v) > 5 and
                       not lex.lemmas(v[3:].lstrip("-")).isdisjoint({"тысяча", "миллион", "миллиард", "триллион"}))
    a.MULT = or_(rule(custom(is_({"тысяча", "миллион", "миллиард", "триллион"}))),
                 rule(in_caseless({"тыс", "млн", "млрд", "трлн"}), DOT.optional()))

    # «четверть миллиарда»: a fraction only with the multiplier it divides (never «четверть века»)
    FRACTION = in_caseless(set(FRACTION_WORDS))

    def amount(num, mult, words=True):
        base = or_(a.NUMBER, a.WORDS) if words else a.NUMBER
        return or_(
            rule(base.interpretation(num), a.MULT.interpretation(mult).optional()),
            rule(HALF_MULT.interpretation(num)),
            rule(FRACTION.interpretation(num), a.MULT.interpretation(mult)),
        )

    a.VAGUE = rule(custom(is_({"несколько"})),
                   custom(is_({"десяток", "сотня"})).optional(),
                   a.MULT).interpretation(Num.vague)
    a.BARE_MULT = a.MULT.interpretation(Num.mult)  # «миллион долларов»

    AMOUNT = amount(Num.num, Num.mult)
    AMOUNT2 = amount(Num.num2, Num.mult2)
    RANGE = or_(
        rule(caseless("от").interpretation(Num.qual), AMOUNT, caseless("до"), AMOUNT2),
        rule(AMOUNT, DASH, AMOUNT2),
    )
    a.QUAL = qualifiers().interpretation(Num.qual)
    a.AMOUNTS = or_(RANGE, AMOUNT)
    # «более чем на 10 процентов», «примерно в 3,4 млн долларов»
    a.QUAL_IN = rule(a.QUAL, caseless("в").interpretation(Num.qual_prep).optional())
    a.Q_AMOUNT = rule(a.QUAL_IN.optional(), a.AMOUNTS)
    return a


def qualifiers(kinds: tuple[str, ...] | None = None):
    """«более», «около», «не менее» ... as one rule, longest first; only those of ``kinds`` if given."""
    return or_(*[rule(*[caseless(w) for w in words]) for words in sorted(L.QUALIFIERS, key=len, reverse=True)
                 if kinds is None or L.QUALIFIERS[words] in kinds])


def _money(lex: Lexicon, a: SimpleNamespace):
    is_ = lex.is_
    cur_words = set(L.CURRENCY_WORDS)
    CUR_WORD = or_(
        rule(custom(lambda v: v.isalpha() and len(v) > 2 and not lex.lemmas(v).isdisjoint(cur_words))),
        rule(in_caseless({"руб", "долл", "дол", "грн", "евро", "тенге", "сом", "сум", "лари"}),
             DOT.optional()),
        rule(caseless("р"), DOT),  # «45 р.», never a bare «р»
        rule(custom(lambda v: v.lower() in L.ISO_CODES)),
    )
    CUR_ADJ = custom(is_(L.CURRENCY_ADJECTIVES)).interpretation(Num.adj)
    CUR_TAIL = custom(lambda v: v.lower() in L.CURRENCY_TAILS or "стерлинг" in lex.lemmas(v))
    CURRENCY = rule(CUR_ADJ.optional(), CUR_WORD.interpretation(Num.cur), CUR_TAIL.optional())
    SIGN = in_(set(L.CURRENCY_SIGNS)).interpretation(Num.cur_sign)
    return or_(
        rule(a.Q_AMOUNT, CURRENCY),
        rule(a.QUAL.optional(), SIGN, a.AMOUNTS),
        rule(a.Q_AMOUNT, SIGN),
        rule(a.QUAL.optional(), or_(a.VAGUE, a.BARE_MULT), CURRENCY),
        rule(a.NUMBER.interpretation(Num.num), DASH,
             custom(is_(L.CURRENCY_ADJ_WORDS)).interpretation(Num.cur)),  # «20-долларовой»
    ).interpretation(Money)


def _percent(lex: Lexicon, a: SimpleNamespace):
    is_ = lex.is_
    PCT = or_(rule(eq("%"), custom(is_({"процент"})).optional()), rule(custom(is_({"процент"}))))
    PCT_ADJ = custom(lambda v: any(lem.endswith("процентный") for lem in lex.lemmas(v)))
    return or_(
        rule(a.Q_AMOUNT, PCT.interpretation(Num.pct_word)),
        rule(a.QUAL.optional(), a.NUMBER.interpretation(Num.num), DASH.optional(),
             PCT_ADJ.interpretation(Num.pct_word)),
        rule(a.QUAL.optional(), PCT_ADJ.interpretation(Num.pct_word)),
        rule(caseless("в"), or_(a.NUMBER, a.WORDS).interpretation(Num.factor), custom(is_({"раз"}))),
    ).interpretation(Percent)


def _units(lex: Lexicon):
    """Units of measure, or any counted noun after a number («300 вагонов»)."""
    unit_words, cur_words = set(L.UNITS), set(L.CURRENCY_WORDS)

    def counted(value: str) -> bool:
        if not value.isalpha() or value[:1].isupper():
            return False
        parses = lex.parses(value.lower())
        if not parses or parses[0].tag.POS != "NOUN":
            return False
        lem = lex.lemmas(value)
        return (lem.isdisjoint(L.NOT_COUNTED) and lem.isdisjoint(cur_words)
                and lem.isdisjoint(L.MONTHS) and lem.isdisjoint(L.WEEKDAYS)
                and lem.isdisjoint({"процент", "раз"}))

    SIZE = or_(rule(in_caseless({"кв", "куб"}), DOT.optional()),
               rule(custom(lex.is_({"квадратный", "кубический"})))).interpretation(Num.size)
    return or_(
        rule(SIZE.optional(), or_(
            rule(custom(lambda v: v.isalpha() and len(v) > 2 and not lex.lemmas(v).isdisjoint(unit_words))),
            rule(custom(lambda v: v.lower() in {"т", "тн", "км", "кг", "м", "га", "л", "мвт", "квт",
                                                "гвт", "твт", "см", "мм", "ц", "teu", "дфэ"}),
                 DOT.optional()),
        ).interpretation(Num.unit)),
        rule(custom(counted).interpretation(Num.unit)),
    )


def _quantity(lex: Lexicon, a: SimpleNamespace):
    UNIT = _units(lex)
    # durations: «15 лет», «534 дня» (a year number is a date: «2016 года»)
    TIME_UNIT = custom(lambda v: v.isalpha() and not lex.lemmas(v).isdisjoint(L.TIME_UNITS)).interpretation(Num.unit)
    NOT_YEAR = icustom(lambda v: v[:1].isdigit() and v[-1:].isdigit() and not _is_year(v))
    return or_(
        rule(a.Q_AMOUNT, UNIT),
        rule(a.QUAL.optional(), a.VAGUE, UNIT),
        rule(a.QUAL_IN.optional(), or_(rule(NOT_YEAR), a.WORDS).interpretation(Num.num), TIME_UNIT),
        rule(or_(rule(caseless("от").interpretation(Num.qual), NOT_YEAR.interpretation(Num.num), caseless("до")),
                 rule(NOT_YEAR.interpretation(Num.num), DASH)),
             or_(rule(NOT_YEAR), a.WORDS).interpretation(Num.num2), TIME_UNIT),  # «от 5 до 10 лет»
    ).interpretation(Quantity)


def build(lex: Lexicon):
    """The grammar of amounts (money, percents, quantities) as one yargy rule, each alternative
    interpreted into its fact; dates have their own (``date_grammar.build_dates``)."""
    a = _amounts(lex)
    BARE = rule(a.QUAL.optional(), or_(a.NUMBER, a.WORDS).interpretation(Num.num),
                a.MULT.interpretation(Num.mult)).interpretation(Bare)
    return or_(_money(lex, a), _percent(lex, a), _quantity(lex, a), BARE)  # no root fact: see ``interpret.interpreted``


def is_pred(lex: Lexicon, words):
    return custom(lex.is_(words))


def parsers(lex: Lexicon) -> tuple[FastParser, FastParser]:
    """Two parsers, amounts and dates: a stretch of text goes only through the one its words call
    for, and each grammar alone predicts far fewer states than the two together."""
    from svodka.values.date_grammar import build_dates  # it builds on this module's pieces
    tok = tokenizer()
    return FastParser(build(lex), tokenizer=tok), FastParser(build_dates(lex), tokenizer=tok)
