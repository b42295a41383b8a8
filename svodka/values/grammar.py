"""yargy grammars for values: money, percents, quantities and dates.

The grammar decides extents and collects the pieces of a value as strings (yargy facts); the
arithmetic, the currency and unit codes and the calendar are done afterwards in ``extractor.py``
and ``dates.py``. Words are matched by lemma (pymorphy3, «ё» read as «е»), so one entry covers
every case form: «долларов», «доллара», «долларам» are all «доллар».

Tokens: yargy's tokenizer, with numbers read whole before it («1 500 000», «1,5», «17739,10»,
«25.11.2025») so a number is one token with one value."""
from __future__ import annotations

import re
from functools import lru_cache

from yargy import or_, rule
from yargy.interpretation import fact
from yargy.predicates import caseless, custom, eq, in_, in_caseless
from yargy.tokenizer import RULES, Tokenizer, TokenRule

from svodka.values import lexicon as L
from svodka.values.earley import FastParser, LemmaIn
from svodka.values.numbers import is_number_word, roman

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
                             "ago", "last", "dmy", "iso", "dmy_paren", "qual"])


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


def build(lex: Lexicon):
    """The grammar of amounts (money, percents, quantities) as one yargy rule, each alternative
    interpreted into its fact; dates have their own, ``build_dates``."""
    is_ = lex.is_
    NUMBER = or_(rule(icustom(lambda v: v[:1].isdigit() and v[-1:].isdigit())))

    # numbers written in words: «двух», «триста сорок», «полтора», «два с половиной»
    def numword(value: str) -> bool:
        return value.isalpha() and is_number_word(value) and not is_multiplier(value)

    def is_multiplier(value: str) -> bool:
        return not lex.lemmas(value).isdisjoint({"тысяча", "миллион", "миллиард", "триллион"})

    WORDS = rule(custom(numword).repeatable(max=6),
                 rule(caseless("с"), is_pred(lex, {"половина"})).optional())
    HALF_MULT = custom(lambda v: v.lower().startswith("пол") and len(v) > 5 and
                       not lex.lemmas(v[3:].lstrip("-")).isdisjoint({"тысяча", "миллион", "миллиард", "триллион"}))
    MULT = or_(rule(custom(is_({"тысяча", "миллион", "миллиард", "триллион"}))),
               rule(in_caseless({"тыс", "млн", "млрд", "трлн"}), DOT.optional()))

    def amount(num, mult, words=True):
        base = or_(NUMBER, WORDS) if words else NUMBER
        return or_(
            rule(base.interpretation(num), MULT.interpretation(mult).optional()),
            rule(HALF_MULT.interpretation(num)),
        )

    VAGUE = rule(custom(is_({"несколько"})),
                 custom(is_({"десяток", "сотня"})).optional(),
                 MULT).interpretation(Num.vague)
    BARE_MULT = MULT.interpretation(Num.mult)  # «миллион долларов»

    AMOUNT = amount(Num.num, Num.mult)
    AMOUNT2 = amount(Num.num2, Num.mult2)
    RANGE = or_(
        rule(caseless("от").interpretation(Num.qual), AMOUNT, caseless("до"), AMOUNT2),
        rule(AMOUNT, DASH, AMOUNT2),
    )

    qual_rules = []
    for words in sorted(L.QUALIFIERS, key=len, reverse=True):
        qual_rules.append(rule(*[caseless(w) for w in words]))
    QUAL = or_(*qual_rules).interpretation(Num.qual)

    AMOUNTS = or_(RANGE, AMOUNT)
    # «более чем на 10 процентов», «примерно в 3,4 млн долларов»
    QUAL_IN = rule(QUAL, caseless("в").interpretation(Num.qual_prep).optional())
    Q_AMOUNT = rule(QUAL_IN.optional(), AMOUNTS)

    # money
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

    MONEY = or_(
        rule(Q_AMOUNT, CURRENCY),
        rule(QUAL.optional(), SIGN, AMOUNTS),
        rule(Q_AMOUNT, SIGN),
        rule(QUAL.optional(), or_(VAGUE, BARE_MULT), CURRENCY),
        rule(NUMBER.interpretation(Num.num), DASH,
             custom(is_(L.CURRENCY_ADJ_WORDS)).interpretation(Num.cur)),  # «20-долларовой»
    ).interpretation(Money)

    # percent
    PCT = or_(rule(eq("%"), custom(is_({"процент"})).optional()), rule(custom(is_({"процент"}))))
    PCT_ADJ = custom(lambda v: any(lem.endswith("процентный") for lem in lex.lemmas(v)))
    PERCENT = or_(
        rule(Q_AMOUNT, PCT.interpretation(Num.pct_word)),
        rule(QUAL.optional(), NUMBER.interpretation(Num.num), DASH.optional(),
             PCT_ADJ.interpretation(Num.pct_word)),
        rule(QUAL.optional(), PCT_ADJ.interpretation(Num.pct_word)),
        rule(caseless("в"), or_(NUMBER, WORDS).interpretation(Num.factor), custom(is_({"раз"}))),
    ).interpretation(Percent)

    # quantity: units of measure, or any counted noun after a number
    unit_words = set(L.UNITS)

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
               rule(custom(is_({"квадратный", "кубический"})))).interpretation(Num.size)
    UNIT = or_(
        rule(SIZE.optional(), or_(
            rule(custom(lambda v: v.isalpha() and len(v) > 2 and not lex.lemmas(v).isdisjoint(unit_words))),
            rule(custom(lambda v: v.lower() in {"т", "тн", "км", "кг", "м", "га", "л", "мвт", "квт",
                                                "гвт", "твт", "см", "мм", "ц", "teu", "дфэ"}),
                 DOT.optional()),
        ).interpretation(Num.unit)),
        rule(custom(counted).interpretation(Num.unit)),
    )
    # durations: «15 лет», «534 дня» (a year number is a date: «2016 года»)
    TIME_UNIT = custom(lambda v: v.isalpha() and not lex.lemmas(v).isdisjoint(L.TIME_UNITS)).interpretation(Num.unit)
    NOT_YEAR = icustom(lambda v: v[:1].isdigit() and v[-1:].isdigit() and not _is_year(v))
    QUANTITY = or_(
        rule(Q_AMOUNT, UNIT),
        rule(QUAL.optional(), VAGUE, UNIT),
        rule(QUAL_IN.optional(), or_(rule(NOT_YEAR), WORDS).interpretation(Num.num), TIME_UNIT),
        rule(or_(rule(caseless("от").interpretation(Num.qual), NOT_YEAR.interpretation(Num.num), caseless("до")),
                 rule(NOT_YEAR.interpretation(Num.num), DASH)),
             or_(rule(NOT_YEAR), WORDS).interpretation(Num.num2), TIME_UNIT),  # «от 5 до 10 лет»
    ).interpretation(Quantity)
    BARE = rule(QUAL.optional(), or_(NUMBER, WORDS).interpretation(Num.num),
                MULT.interpretation(Num.mult)).interpretation(Bare)

    return or_(MONEY, PERCENT, QUANTITY, BARE)  # no root fact: see ``interpret.interpreted``


def is_pred(lex: Lexicon, words):
    return custom(lex.is_(words))


def build_dates(lex: Lexicon):
    is_ = lex.is_
    YEAR = icustom(_is_year)
    DAY = icustom(_is_day)
    GOD = or_(rule(custom(is_({"год"}))),
              rule(in_caseless({"г", "гг"}), DOT.optional()))
    YEAR_END = rule(DASH, in_caseless({"м", "й", "го", "му", "ом"})).optional()  # «в 1999-м»
    MONTH = or_(rule(custom(lambda v: v.isalpha() and not lex.lemmas(v).isdisjoint(L.MONTHS))),
                rule(in_caseless(set(L.MONTH_ABBR)), DOT))
    REL = custom(is_(L.REL_SHIFT)).interpretation(Date.rel)
    REL_UNIT = custom(is_(L.REL_UNITS)).interpretation(Date.rel_unit)
    REL_PHRASE = rule(REL, REL_UNIT)  # «прошлого года», «на следующей неделе»

    def y(attr=Date.year, mark=True):
        r = rule(YEAR.interpretation(attr), YEAR_END)
        if mark:
            r = rule(r, GOD.interpretation(Date.yearmark).optional())
        return r

    YEAR_GOD = rule(YEAR.interpretation(Date.year), YEAR_END, GOD.interpretation(Date.yearmark))
    # «с.г.»: this year
    THIS_YEAR = rule(caseless("с"), DOT, caseless("г"), DOT.optional()).interpretation(Date.rel)
    REL_PHRASE = or_(REL_PHRASE, THIS_YEAR)
    YEAR_OF = or_(YEAR_GOD, REL_PHRASE)  # «2024 года», «этого года»

    DAY_MONTH = rule(DAY.interpretation(Date.day), MONTH.interpretation(Date.month),
                     or_(y(), REL_PHRASE).optional())
    MONTH_YEAR = rule(MONTH.interpretation(Date.month), or_(y(), REL_PHRASE))
    WEEKDAY = rule(rule(REL).optional(), custom(is_(L.WEEKDAYS)).interpretation(Date.weekday),
                   rule(in_({",", "—", "–"}).optional(), DAY.interpretation(Date.day),
                        MONTH.interpretation(Date.month), y().optional()).optional())

    # ranges: «17–28 мая 2017 года», «с 11 по 22 мая», «2026-2027 годы», «с 1949 по 1973 годы»
    TO = or_(DASH, in_caseless({"по", "до"}))
    DAY_RANGE = rule(DAY.interpretation(Date.day),
                     rule(MONTH.interpretation(Date.month), y(mark=False).optional()).optional(),
                     TO, DAY.interpretation(Date.day2), MONTH.interpretation(Date.month2),
                     or_(y(Date.year2), REL_PHRASE).optional())
    YEAR_RANGE = rule(YEAR.interpretation(Date.year), TO, YEAR.interpretation(Date.year2),
                      GOD.interpretation(Date.yearmark).optional())
    MONTH_RANGE = rule(MONTH.interpretation(Date.month), y(mark=False).optional(), TO,
                       MONTH.interpretation(Date.month2), or_(y(Date.year2), REL_PHRASE).optional())
    # «с 1 марта 2011 по декабрь 2015»
    MIXED_RANGE = rule(DAY.interpretation(Date.day), MONTH.interpretation(Date.month),
                       y(mark=False), TO, MONTH.interpretation(Date.month2), y(Date.year2))

    # decades and centuries: «1990-х годов», «в 1960-е», «сороковых годах», «XX века»
    DECADE = or_(
        rule(icustom(lambda v: _digits(v) and v.endswith("0") and len(v) in (2, 4)).interpretation(Date.decade),
             DASH, in_caseless({"х", "е", "ые", "ых", "ым", "ми", "ие", "их"}),
             GOD.interpretation(Date.yearmark).optional()),
        rule(custom(is_(L.DECADE_WORDS)).interpretation(Date.decade),
             custom(is_({"год"})).interpretation(Date.yearmark)),
    )
    CENTURY_NUM = or_(rule(custom(_is_roman)), rule(icustom(lambda v: _digits(v) and len(v) <= 2)),
                      rule(custom(is_(L.ORDINALS))))
    CENTURY = rule(CENTURY_NUM.interpretation(Date.century), custom(is_({"век"})))
    DECADE_C = rule(DECADE, or_(CENTURY, REL_PHRASE).optional())  # «90-х годов прошлого века»

    # parts of a year: «в первом полугодии 2024 года», «III квартал», «первой половине года»
    ORD = or_(rule(custom(is_(L.ORDINALS))), rule(custom(_is_roman)),
              rule(icustom(lambda v: _digits(v) and len(v) == 1), DASH.optional(),
                   in_caseless({"й", "м", "го", "ом", "ем"}).optional()))
    PERIOD_UNIT = custom(is_({"квартал", "полугодие", "половина", "треть"})).interpretation(Date.period_unit)
    YEAR_PART = rule(ORD.interpretation(Date.ordinal), PERIOD_UNIT,
                     or_(YEAR_OF, rule(custom(is_({"год"})).interpretation(Date.yearmark))).optional())
    # «10 месяцев этого года», «первые девять месяцев 2024 года»
    MONTHS_OF = rule(custom(is_({"первый"})).optional(),
                     or_(rule(icustom(_is_int)), rule(custom(lambda v: v.isalpha() and is_number_word(v)))
                         ).interpretation(Date.count),
                     custom(is_({"месяц"})).interpretation(Date.count_unit), YEAR_OF)

    # «в начале/конце/середине 2014 года / октября / прошлого века / года»
    PART = rule(custom(is_(L.PARTS)).interpretation(Date.part),
                or_(YEAR_GOD, MONTH_YEAR, rule(MONTH.interpretation(Date.month)), REL_PHRASE, DECADE_C,
                    CENTURY, rule(custom(is_({"год", "месяц", "неделя"})).interpretation(Date.rel_unit))))

    SEASON = or_(
        rule(custom(lambda v: v.lower() in L.SEASON_ADVERBS).interpretation(Date.season),
             or_(YEAR_OF, YEAR_GOD).optional()),
        rule(REL, custom(is_(L.SEASONS)).interpretation(Date.season)),
        rule(custom(is_(L.SEASONS)).interpretation(Date.season), YEAR_OF),
    )
    RELDAY = rule(custom(lambda v: v.lower() in L.REL_DAYS).interpretation(Date.relday),
                  rule(in_({",", "—", "–"}), DAY.interpretation(Date.day), MONTH.interpretation(Date.month),
                       y().optional()).optional())  # «Вчера, 16 августа 2016 года»
    RELDAY_ADJ = rule(custom(is_({"сегодняшний", "вчерашний", "завтрашний"})).interpretation(Date.relday),
                      custom(is_({"день"})))
    # «10 лет назад», «через год», «за последние 10 лет», «в последние три месяца»
    COUNT = or_(rule(icustom(_is_int)), rule(custom(lambda v: v.isalpha() and is_number_word(v))),
                rule(custom(is_({"несколько"}))))
    COUNT_UNIT = custom(is_({"год", "месяц", "неделя", "день", "лет", "сутки", "век", "десятилетие"})
                        ).interpretation(Date.count_unit)
    # «около 14 лет назад», «немногим более года назад»: the qualifier is part of the words
    DQUAL = or_(*[rule(*[caseless(w) for w in words]) for words in sorted(L.QUALIFIERS, key=len, reverse=True)
                  if L.QUALIFIERS[words] in (">", "<", "~")]).interpretation(Date.qual)
    AGO = or_(
        rule(DQUAL.optional(), COUNT.interpretation(Date.count).optional(), COUNT_UNIT,
             rule(caseless("тому").optional(), caseless("назад")).interpretation(Date.ago)),
        rule(in_caseless({"через", "спустя"}).interpretation(Date.ago),
             COUNT.interpretation(Date.count).optional(), COUNT_UNIT),
    )
    LAST = rule(custom(is_({"последний", "прошедший", "минувший", "ближайший"})).interpretation(Date.last),
                COUNT.interpretation(Date.count).optional(), COUNT_UNIT)

    DMY = custom(lambda v: re.fullmatch(r"\d{1,2}(\.\d{1,2}\.|/\d{1,2}/)(\d{4}|\d{2})", v) is not None).interpretation(Date.dmy)
    ISO = rule(YEAR.interpretation(Date.year), eq("-").interpretation(Date.iso),
               icustom(lambda v: _digits(v) and len(v) == 2).interpretation(Date.month),
               eq("-"), icustom(lambda v: _digits(v) and len(v) == 2).interpretation(Date.day))

    PREP = or_(
        rule(in_caseless({"в", "во", "с", "со", "до", "на", "к", "ко", "за", "после", "по", "от"})),
        rule(caseless("в"), caseless("течение")),
        rule(caseless("в"), caseless("период"), in_caseless({"с", "со"}).optional()),
        rule(caseless("начиная"), in_caseless({"с", "со"})),
        rule(caseless("не"), in_caseless({"позднее", "позже", "ранее", "раньше"})),
    ).interpretation(Date.prep)

    REL_MONTH = rule(REL, MONTH.interpretation(Date.month))  # «в следующем мае»
    BODY = or_(
        REL_MONTH, DAY_RANGE, YEAR_RANGE, MONTH_RANGE, MIXED_RANGE, DAY_MONTH, MONTH_YEAR, WEEKDAY, YEAR_GOD, DECADE_C,
        CENTURY, YEAR_PART, MONTHS_OF, PART, SEASON, REL_PHRASE, RELDAY, RELDAY_ADJ, AGO, LAST,
        rule(DMY), ISO,
    )
    # A bare month or a bare year is a date only after a preposition: «в мае», «в 2004».
    BARE = or_(rule(MONTH.interpretation(Date.month)), rule(YEAR.interpretation(Date.year), YEAR_END))
    # a year alone in brackets: «(1993)», «(1984, 1988)»; the brackets are trimmed off later
    PAREN_YEAR = or_(
        rule(eq("(").interpretation(Date.dmy_paren), YEAR.interpretation(Date.year), in_({")", ",", "—", "–", "-", ";"})),
        rule(eq(",").interpretation(Date.dmy_paren), YEAR.interpretation(Date.year), eq(")")),
        # a year hyphened to a name: «Олимпиаде-2016», «ЧМ-1986»
        rule(eq("-").interpretation(Date.dmy_paren), YEAR.interpretation(Date.year)),
    )
    return or_(rule(PREP, BODY), BODY, rule(PREP, BARE), PAREN_YEAR).interpretation(Date)


def parsers(lex: Lexicon) -> tuple[FastParser, FastParser]:
    """Two parsers, amounts and dates: a stretch of text goes only through the one its words call
    for, and each grammar alone predicts far fewer states than the two together."""
    tok = tokenizer()
    return FastParser(build(lex), tokenizer=tok), FastParser(build_dates(lex), tokenizer=tok)
