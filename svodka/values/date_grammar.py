"""The yargy grammar of dates: days, months, years, ranges, decades and centuries, parts of a
year, and dates relative to the document's («в прошлом году», «10 лет назад»). The grammar only
collects the words; ``dates.py`` resolves them against the document date.

Built in parts that each return named rules (a ``SimpleNamespace``), so that every part reads as
one group of forms and the whole is assembled in ``build_dates``."""
from __future__ import annotations

import re
from types import SimpleNamespace

from yargy import or_, rule
from yargy.predicates import caseless, custom, eq, in_, in_caseless

from svodka.values import lexicon as L
from svodka.values.grammar import DASH, DOT, Date, Lexicon, _digits, _is_day, _is_int, _is_roman, _is_year, \
    icustom, qualifiers
from svodka.values.numbers import is_number_word


def _atoms(lex: Lexicon) -> SimpleNamespace:
    """Years, days, months and the relative words dates are made of."""
    is_ = lex.is_
    d = SimpleNamespace()
    d.YEAR = icustom(_is_year)
    d.DAY = icustom(_is_day)
    d.GOD = or_(rule(custom(is_({"год"}))),
                rule(in_caseless({"г", "гг"}), DOT.optional()))
    d.YEAR_END = rule(DASH, in_caseless({"м", "й", "го", "му", "ом"})).optional()  # «в 1999-м»
    d.MONTH = or_(rule(custom(lambda v: v.isalpha() and not lex.lemmas(v).isdisjoint(L.MONTHS))),
                  rule(in_caseless(set(L.MONTH_ABBR)), DOT))
    d.REL = custom(is_(L.REL_SHIFT)).interpretation(Date.rel)
    REL_UNIT = custom(is_(L.REL_UNITS)).interpretation(Date.rel_unit)

    def y(attr=Date.year, mark=True):
        r = rule(d.YEAR.interpretation(attr), d.YEAR_END)
        if mark:
            r = rule(r, d.GOD.interpretation(Date.yearmark).optional())
        return r

    d.y = y
    d.YEAR_GOD = rule(d.YEAR.interpretation(Date.year), d.YEAR_END, d.GOD.interpretation(Date.yearmark))
    # «прошлого года», «на следующей неделе»; «с.г.»: this year
    THIS_YEAR = rule(caseless("с"), DOT, caseless("г"), DOT.optional()).interpretation(Date.rel)
    d.REL_PHRASE = or_(rule(d.REL, REL_UNIT), THIS_YEAR)
    d.YEAR_OF = or_(d.YEAR_GOD, d.REL_PHRASE)  # «2024 года», «этого года»
    return d


def _days(d: SimpleNamespace, lex: Lexicon) -> SimpleNamespace:
    """A day, a month of a year, a weekday: «24 сентября», «в мае 2024 года», «во вторник»."""
    r = SimpleNamespace()
    r.DAY_MONTH = rule(d.DAY.interpretation(Date.day), d.MONTH.interpretation(Date.month),
                       or_(d.y(), d.REL_PHRASE).optional())
    r.MONTH_YEAR = rule(d.MONTH.interpretation(Date.month), or_(d.y(), d.REL_PHRASE))
    r.WEEKDAY = rule(rule(d.REL).optional(), custom(lex.is_(L.WEEKDAYS)).interpretation(Date.weekday),
                     rule(in_({",", "—", "–"}).optional(), d.DAY.interpretation(Date.day),
                          d.MONTH.interpretation(Date.month), d.y().optional()).optional())
    return r


def _ranges(d: SimpleNamespace) -> SimpleNamespace:
    """«17–28 мая 2017 года», «с 11 по 22 мая», «2026-2027 годы», «с 1949 по 1973 годы»."""
    r = SimpleNamespace()
    TO = or_(DASH, in_caseless({"по", "до"}))
    r.DAY_RANGE = rule(d.DAY.interpretation(Date.day),
                       rule(d.MONTH.interpretation(Date.month), d.y(mark=False).optional()).optional(),
                       TO, d.DAY.interpretation(Date.day2), d.MONTH.interpretation(Date.month2),
                       or_(d.y(Date.year2), d.REL_PHRASE).optional())
    r.YEAR_RANGE = rule(d.YEAR.interpretation(Date.year), TO, d.YEAR.interpretation(Date.year2),
                        d.GOD.interpretation(Date.yearmark).optional())
    r.MONTH_RANGE = rule(d.MONTH.interpretation(Date.month), d.y(mark=False).optional(), TO,
                         d.MONTH.interpretation(Date.month2), or_(d.y(Date.year2), d.REL_PHRASE).optional())
    # «с 1 марта 2011 по декабрь 2015»
    r.MIXED_RANGE = rule(d.DAY.interpretation(Date.day), d.MONTH.interpretation(Date.month),
                         d.y(mark=False), TO, d.MONTH.interpretation(Date.month2), d.y(Date.year2))
    return r


def _eras(d: SimpleNamespace, lex: Lexicon) -> SimpleNamespace:
    """Decades, centuries and parts of a year: «1990-х годов», «XX века», «в первом полугодии»,
    «10 месяцев этого года», «в начале 2014 года»."""
    is_ = lex.is_
    r = SimpleNamespace()
    DECADE = or_(
        rule(icustom(lambda v: _digits(v) and v.endswith("0") and len(v) in (2, 4)).interpretation(Date.decade),
             DASH, in_caseless({"х", "е", "ые", "ых", "ым", "ми", "ие", "их"}),
             d.GOD.interpretation(Date.yearmark).optional()),
        rule(custom(is_(L.DECADE_WORDS)).interpretation(Date.decade),
             custom(is_({"год"})).interpretation(Date.yearmark)),
    )
    CENTURY_NUM = or_(rule(custom(_is_roman)), rule(icustom(lambda v: _digits(v) and len(v) <= 2)),
                      rule(custom(is_(L.ORDINALS))))
    r.CENTURY = rule(CENTURY_NUM.interpretation(Date.century), custom(is_({"век"})))
    r.DECADE_C = rule(DECADE, or_(r.CENTURY, d.REL_PHRASE).optional())  # «90-х годов прошлого века»
    ORD = or_(rule(custom(is_(L.ORDINALS))), rule(custom(_is_roman)),
              rule(icustom(lambda v: _digits(v) and len(v) == 1), DASH.optional(),
                   in_caseless({"й", "м", "го", "ом", "ем"}).optional()))
    PERIOD_UNIT = custom(is_({"квартал", "полугодие", "половина", "треть"})).interpretation(Date.period_unit)
    r.YEAR_PART = rule(ORD.interpretation(Date.ordinal), PERIOD_UNIT,
                       or_(d.YEAR_OF, rule(custom(is_({"год"})).interpretation(Date.yearmark))).optional())
    r.MONTHS_OF = rule(custom(is_({"первый"})).optional(),
                       or_(rule(icustom(_is_int)), rule(custom(lambda v: v.isalpha() and is_number_word(v)))
                           ).interpretation(Date.count),
                       custom(is_({"месяц"})).interpretation(Date.count_unit), d.YEAR_OF)
    return r


def _part(d: SimpleNamespace, days: SimpleNamespace, eras: SimpleNamespace, lex: Lexicon):
    """«в начале/конце/середине 2014 года / октября / прошлого века / года»."""
    return rule(custom(lex.is_(L.PARTS)).interpretation(Date.part),
                or_(d.YEAR_GOD, days.MONTH_YEAR, rule(d.MONTH.interpretation(Date.month)), d.REL_PHRASE,
                    eras.DECADE_C, eras.CENTURY,
                    rule(custom(lex.is_({"год", "месяц", "неделя"})).interpretation(Date.rel_unit))))


def _relative(d: SimpleNamespace, lex: Lexicon) -> SimpleNamespace:
    """Seasons and days relative to the document, and counts of time back or ahead: «летом»,
    «вчера», «10 лет назад», «через год», «за последние 10 лет»."""
    is_ = lex.is_
    r = SimpleNamespace()
    r.SEASON = or_(
        rule(custom(lambda v: v.lower() in L.SEASON_ADVERBS).interpretation(Date.season),
             or_(d.YEAR_OF, d.YEAR_GOD).optional()),
        rule(d.REL, custom(is_(L.SEASONS)).interpretation(Date.season)),
        rule(custom(is_(L.SEASONS)).interpretation(Date.season), d.YEAR_OF),
    )
    r.RELDAY = rule(custom(lambda v: v.lower() in L.REL_DAYS).interpretation(Date.relday),
                    rule(in_({",", "—", "–"}), d.DAY.interpretation(Date.day), d.MONTH.interpretation(Date.month),
                         d.y().optional()).optional())  # «Вчера, 16 августа 2016 года»
    r.RELDAY_ADJ = rule(custom(is_({"сегодняшний", "вчерашний", "завтрашний"})).interpretation(Date.relday),
                        custom(is_({"день"})))
    COUNT = or_(rule(icustom(_is_int)), rule(custom(lambda v: v.isalpha() and is_number_word(v))),
                rule(custom(is_({"несколько"}))))
    COUNT_UNIT = custom(is_({"год", "месяц", "неделя", "день", "лет", "сутки", "век", "десятилетие"})
                        ).interpretation(Date.count_unit)
    # «около 14 лет назад», «немногим более года назад»: the qualifier is part of the words
    DQUAL = qualifiers((">", "<", "~")).interpretation(Date.qual)
    r.AGO = or_(
        rule(DQUAL.optional(), COUNT.interpretation(Date.count).optional(), COUNT_UNIT,
             rule(caseless("тому").optional(), caseless("назад")).interpretation(Date.ago)),
        rule(in_caseless({"через", "спустя"}).interpretation(Date.ago),
             COUNT.interpretation(Date.count).optional(), COUNT_UNIT),
    )
    # «в том же году», «в этом же месяце», «в тот же день»: that of the date named before it
    r.SAME = rule(custom(is_({"тот", "этот"})).interpretation(Date.same), caseless("же"),
                  custom(is_({"год", "месяц", "неделя", "день"})).interpretation(Date.rel_unit))
    # «годом позже», «двумя неделями ранее»: counted from the date named before it
    r.LATER = rule(COUNT.interpretation(Date.count).optional(), COUNT_UNIT,
                   in_caseless({"позже", "позднее", "ранее", "раньше"}).interpretation(Date.later))
    r.LAST = rule(custom(is_({"последний", "прошедший", "минувший", "ближайший"})).interpretation(Date.last),
                  COUNT.interpretation(Date.count).optional(), COUNT_UNIT)
    return r


def _numeric(d: SimpleNamespace) -> tuple:
    """«25.11.2025», «25/11/25» and ISO «2025-11-25»."""
    DMY = custom(lambda v: re.fullmatch(r"\d{1,2}(\.\d{1,2}\.|/\d{1,2}/)(\d{4}|\d{2})", v) is not None
                 ).interpretation(Date.dmy)
    ISO = rule(d.YEAR.interpretation(Date.year), eq("-").interpretation(Date.iso),
               icustom(lambda v: _digits(v) and len(v) == 2).interpretation(Date.month),
               eq("-"), icustom(lambda v: _digits(v) and len(v) == 2).interpretation(Date.day))
    return rule(DMY), ISO


def _preposition():
    return or_(
        rule(in_caseless({"в", "во", "с", "со", "до", "на", "к", "ко", "за", "после", "по", "от"})),
        rule(caseless("в"), caseless("течение")),
        rule(caseless("в"), caseless("период"), in_caseless({"с", "со"}).optional()),
        rule(caseless("начиная"), in_caseless({"с", "со"})),
        rule(caseless("не"), in_caseless({"позднее", "позже", "ранее", "раньше"})),
    ).interpretation(Date.prep)


def _bare(d: SimpleNamespace) -> tuple:
    """A bare month or year, a date only after a preposition («в мае», «в 2004»); a year alone in
    brackets («(1993)», «(1984, 1988)», trimmed later) or hyphened to a name («Олимпиаде-2016»)."""
    BARE = or_(rule(d.MONTH.interpretation(Date.month)), rule(d.YEAR.interpretation(Date.year), d.YEAR_END))
    PAREN_YEAR = or_(
        # «(1990—2000 годы)»: a range of years with its word, in brackets (only the bracket is trimmed)
        rule(eq("(").interpretation(Date.dmy_paren), d.YEAR.interpretation(Date.year), DASH,
             d.YEAR.interpretation(Date.year2), d.GOD.interpretation(Date.yearmark)),
        rule(eq("(").interpretation(Date.dmy_paren), d.YEAR.interpretation(Date.year),
             in_({")", ",", "—", "–", "-", ";"})),
        rule(eq(",").interpretation(Date.dmy_paren), d.YEAR.interpretation(Date.year), eq(")")),
        rule(eq("-").interpretation(Date.dmy_paren), d.YEAR.interpretation(Date.year)),
    )
    return BARE, PAREN_YEAR


def build_dates(lex: Lexicon):
    d = _atoms(lex)
    days, ranges, eras, rel = _days(d, lex), _ranges(d), _eras(d, lex), _relative(d, lex)
    DMY, ISO = _numeric(d)
    REL_MONTH = rule(d.REL, d.MONTH.interpretation(Date.month))  # «в следующем мае»
    BODY = or_(
        REL_MONTH, ranges.DAY_RANGE, ranges.YEAR_RANGE, ranges.MONTH_RANGE, ranges.MIXED_RANGE,
        days.DAY_MONTH, days.MONTH_YEAR, days.WEEKDAY, d.YEAR_GOD, eras.DECADE_C, eras.CENTURY,
        eras.YEAR_PART, eras.MONTHS_OF, _part(d, days, eras, lex), rel.SEASON, d.REL_PHRASE, rel.RELDAY,
        rel.RELDAY_ADJ, rel.AGO, rel.LAST, rel.SAME, rel.LATER, DMY, ISO,
    )
    BARE, PAREN_YEAR = _bare(d)
    PREP = _preposition()
    return or_(rule(PREP, BODY), BODY, rule(PREP, BARE), PAREN_YEAR).interpretation(Date)
