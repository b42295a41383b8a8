"""A date's words to a period: the first and the last day they cover, resolved against the
document's date when the words are relative («в прошлом году», «вчера», «за 10 месяцев этого
года»). ``None`` when the words need an anchor the document does not give."""
from __future__ import annotations

import datetime as dt
import re

from svodka.values import lexicon as L
from svodka.values.numbers import ordinal, parse_words, roman
from svodka.values.periods import (Period, add_months, month_end, month_period, months_period, safe_date,
                                   third_of, unit_period, year_period)

class DateResolver:
    """Turns a yargy ``Date`` fact (its pieces as written) into (period, qualifier)."""

    def __init__(self, lemma, lemmas, parses=None):
        self.lemma = lemma  # word -> its most likely lemma («ё» as «е»)
        self.lemmas = lemmas  # word -> every lemma it may have
        self.parses = parses  # word -> its pymorphy parses

    def find(self, word: str | None, table: dict):
        """The entry of the table for any lemma the word may have: «этого» is «этот» or «это»."""
        if not word:
            return None
        for w in (word.lower().replace("ё", "е"), self.lemma(word)):
            if w in table:
                return table[w]
        for lem in self.lemmas(word):
            if lem in table:
                return table[lem]
        return None

    # -- pieces ----------------------------------------------------------------------------------
    def month(self, words: str | None) -> int | None:
        if not words:
            return None
        w = words.lower().rstrip(".")
        if w.isdigit():
            return int(w) if 1 <= int(w) <= 12 else None
        return self.find(w, L.MONTHS) or L.MONTH_ABBR.get(w)

    @staticmethod
    def year(words: str | None) -> int | None:
        if not words:
            return None
        m = re.match(r"\d{4}", words)
        return int(m.group()) if m else None

    def count(self, words: str | None) -> float | None:
        if not words:
            return 1.0
        if words.isdigit():
            return float(words)
        if self.lemma(words) == "несколько":
            return None
        return parse_words(words)

    def shift(self, words: str | None) -> int | None:
        return self.find(words, L.REL_SHIFT)

    def unit(self, words: str | None) -> str | None:
        return self.find(words, L.REL_UNITS)

    def anaphoric(self, f, before: list[Period]) -> Period | None:
        """«в том же году», «в тот же день»: the year (month, week, day) of the nearest date before
        it; «годом позже», «двумя неделями ранее»: that year (month, week, day) moved by so much.
        Unresolved when there is no date before, or it spans more than the unit."""
        if not before:
            return None
        start, end = before[-1]
        unit = self.unit(f.rel_unit if f.same else f.count_unit)
        n = 0 if f.same else (self.count(f.count) if f.count else 1)
        if n is None or n != int(n):
            return None
        n = int(n) * (-1 if f.later and f.later.lower() in ("ранее", "раньше") else 1)
        if unit == "year" and start.year == end.year:
            return year_period(start.year + n)
        if unit == "month" and (start.year, start.month) == (end.year, end.month):
            return month_period(*add_months(start.year, start.month, n))
        if start == end and (unit == "day" or (unit == "week" and not f.same)):
            day = start + dt.timedelta(days=n * (7 if unit == "week" else 1))
            return day, day  # «в тот же день», «двумя неделями ранее»: a day from a day
        if unit == "week" and (end - start).days < 7:
            monday = start - dt.timedelta(days=start.weekday()) + dt.timedelta(weeks=n)
            return monday, monday + dt.timedelta(days=6)
        return None

    # -- the period ------------------------------------------------------------------------------
    def resolve(self, f, anchor: dt.date | None) -> tuple[Period | None, str]:
        prep = (f.prep or "").lower().split()
        try:
            period = self._period(f, anchor)
        except (ValueError, OverflowError):
            period = None  # «сотни миллионов лет назад»: before any calendar date can say
        qualifier = "="
        if period is None or None in period:
            return None, qualifier  # a day before 0001-01-01 or after 9999-12-31 has no date
        head = prep[0] if prep else ""
        if f.qual:  # «около года назад»
            return period, L.QUALIFIERS.get(tuple(f.qual.lower().split()), "~")
        if head in ("с", "со") or prep[:1] == ["начиная"]:
            if f.part and self.find(f.part, L.PARTS) == "start" and anchor and period[0] <= anchor:
                return (period[0], anchor), "="  # «с начала года»: up to the document's day
            if f.year2 or f.day2 or f.month2:
                return period, "="  # «с 1949 по 1973 годы»
            if anchor and period[0] <= anchor:
                return (period[0], anchor), "="  # «с 2014 года»: since then, up to the document
            qualifier = ">="
        elif head == "до" or prep[:2] in (["не", "позднее"], ["не", "позже"]):
            qualifier = "<="
        elif head == "после" or prep[:2] in (["не", "ранее"], ["не", "раньше"]):
            qualifier = ">"
        return period, qualifier

    def _period(self, f, anchor: dt.date | None) -> Period | None:
        """The days the collected words cover, each form read by its own method."""
        if f.dmy or f.iso or (f.year and f.day and f.month and f.month.isdigit()):
            return self._numeric(f, anchor)
        if f.same or f.later:
            return None  # «в том же году», «годом позже»: read from the date before it (``anaphoric``)
        if f.relday and not (f.day and f.month):  # «Вчера, 16 августа 2016 года»: the date it names
            return self._relday(f, anchor)
        if f.ago:
            return self._ago(f, anchor)
        if f.last:
            return self._last(f, anchor)
        year = self.year(f.year)
        if f.rel and f.rel_unit and not f.season and not f.weekday and not f.decade:
            rel = self._relative(f, anchor)
            if rel is None:
                return None
            if self.unit(f.rel_unit) == "year" and (f.month or f.day or f.ordinal or f.count or f.part):
                year = rel[0].year  # «в январе нынешнего года», «10 месяцев этого года»
            elif not (f.month or f.day or f.ordinal or f.count or f.part):
                return rel
            elif f.part:
                return self._part(f.part, rel)
        return self._calendar(f, year, anchor)

    def _numeric(self, f, anchor: dt.date | None) -> Period | None:
        """«25.11.2025», «25/11/25», «2025-11-25»."""
        if f.dmy:
            d, m, y = (int(x) for x in re.split(r"[./]", f.dmy))
            y = y + 2000 if y < 100 and y <= (anchor.year % 100 if anchor else 30) else (y + 1900 if y < 100 else y)
            day = safe_date(y, m, d)
        else:
            day = safe_date(int(f.year), int(f.month), int(f.day))
        return (day, day) if day else None

    def _relday(self, f, anchor: dt.date | None) -> Period | None:
        """«вчера», «сегодняшний день»: a day counted from the document's."""
        if not anchor:
            return None
        shift = L.REL_DAYS.get(f.relday.lower())
        if shift is None:
            shift = {"сегодняшний": 0, "вчерашний": -1, "завтрашний": 1}.get(self.lemma(f.relday), 0)
        day = anchor + dt.timedelta(days=shift)
        return day, day

    def _calendar(self, f, year: int | None, anchor: dt.date | None) -> Period | None:
        """Decades, centuries, parts of a year, seasons, weekdays, ranges, and plain days,
        months and years."""
        month = self.month(f.month)
        if f.decade:
            return self._decade(f, anchor)
        if f.century and not f.part:
            return self._century(f.century)
        if f.ordinal and f.period_unit:
            return self._year_part(f, year, anchor)
        if f.count and f.count_unit and not f.ago:
            n = self.count(f.count)
            y = year or (anchor.year if anchor else None)
            if not n or not y or n > 12:
                return None
            return months_period(y, 1, int(n))  # «за 10 месяцев этого года»: January..October
        if f.season:
            return self._season(f, year, anchor)
        if f.part:
            return self._part_of(f, year, month, anchor)
        if f.weekday and not f.day:
            return self._weekday(f, anchor)
        year2, month2 = self.year(f.year2), self.month(f.month2)
        if year2 and not (f.day or f.day2):
            return self._year_range(year, year2, month, month2)
        if f.day2 or month2:
            return self._day_range(f, year, year2, month, month2, anchor)
        return self._day_or_month(f, year, month, anchor)

    @staticmethod
    def _year_range(year: int | None, year2: int, month: int | None, month2: int | None) -> Period | None:
        """«2026-2027 годы», «с марта 2011 по декабрь 2015»."""
        if month and month2:
            return dt.date(year or year2, month, 1), month_end(year2, month2)
        if year and year <= year2:
            return dt.date(year, 1, 1), dt.date(year2, 12, 31)
        return None

    def _day_range(self, f, year, year2, month, month2, anchor: dt.date | None) -> Period | None:
        """«17–28 мая 2017 года», «с 11 по 22 мая», «с мая по июль»."""
        end_y = year2 or year or self._guess_year(month2 or month, anchor)
        if end_y is None:
            return None
        if f.day2:
            m2 = month2 or month
            m1 = month or m2
            end = safe_date(end_y, m2, int(f.day2))
            start_y = year if (year and month) else end_y
            start = safe_date(start_y, m1, int(f.day)) if f.day else None
            if start and end and start > end and not year:
                start = safe_date(start_y - 1, m1, int(f.day))
            return (start, end) if start and end and start <= end else None
        start_y = year or end_y
        return dt.date(start_y, month, 1), month_end(end_y, month2)

    def _day_or_month(self, f, year: int | None, month: int | None, anchor: dt.date | None) -> Period | None:
        """«в следующем мае», «24 сентября», «в мае», «в 2024 году»."""
        if f.rel and month and not f.rel_unit and not year and not f.day:
            shift = self.shift(f.rel)
            if not anchor or shift is None:
                return None
            if shift > 0:  # the next such month after the document's
                y = anchor.year + (1 if month <= anchor.month else 0)
            elif shift < 0:  # the last one before it
                y = anchor.year - (1 if month >= anchor.month else 0)
            else:
                y = anchor.year
            return month_period(y, month)
        if f.day and month:
            y = year or self._guess_year(month, anchor, int(f.day))
            if y is None:
                return None
            day = safe_date(y, month, int(f.day))
            return (day, day) if day else None
        if month:
            y = year or self._guess_year(month, anchor)
            return month_period(y, month) if y else None
        if year:
            return year_period(year)
        return None

    def _guess_year(self, month: int | None, anchor: dt.date | None, day: int = 1) -> int | None:
        """A day or month with no year: the one within half a year of the document's date."""
        if not anchor or not month:
            return None
        y = anchor.year
        d = safe_date(y, month, min(day, 28)) or dt.date(y, month, 1)
        if (d - anchor).days > 183:
            return y - 1
        if (anchor - d).days > 183:
            return y + 1
        return y

    def _relative(self, f, anchor: dt.date | None) -> Period | None:
        if not anchor:
            return None
        shift = self.shift(f.rel)
        unit = self.unit(f.rel_unit)
        if shift is None or unit is None:
            return None
        return unit_period(unit, anchor, shift)

    def _ago(self, f, anchor: dt.date | None) -> Period | None:
        if not anchor:
            return None
        n = self.count(f.count)
        unit = self.unit(f.count_unit)
        if n is None or unit is None or n != int(n):
            return None
        n = int(n)
        sign = 1 if f.ago.lower() in ("через", "спустя") else -1
        if sign > 0 and f.ago.lower() == "спустя":
            return None  # «спустя год» counts from an event, not from the document
        if unit == "year":
            return year_period(anchor.year + sign * n)
        if unit == "month":
            return month_period(*add_months(anchor.year, anchor.month, sign * n))
        if unit == "week":
            day = anchor + dt.timedelta(weeks=sign * n)
            monday = day - dt.timedelta(days=day.weekday())
            return monday, monday + dt.timedelta(days=6)
        if unit == "day":
            day = anchor + dt.timedelta(days=sign * n)
            return day, day
        return None

    def _last(self, f, anchor: dt.date | None) -> Period | None:
        """«за последние 10 лет» -> the ten years up to the document's day; «в последние годы»
        (how many, unsaid) stays unresolved."""
        if not anchor:
            return None
        forms = self.parses(f.count_unit) if self.parses and not f.count else ()
        if forms and all("plur" in p.tag for p in forms):
            return None
        n = self.count(f.count)
        unit = self.unit(f.count_unit)
        if n is None or unit is None or n != int(n):
            return None
        n = int(n)
        if self.lemma(f.last) == "ближайший":
            days = {"year": 365, "month": 30, "week": 7, "day": 1}.get(unit)
            return (anchor, anchor + dt.timedelta(days=days * n)) if days else None
        if unit == "year":
            start = safe_date(anchor.year - n, anchor.month, anchor.day) or dt.date(anchor.year - n, anchor.month, 28)
        elif unit == "month":
            y, m = add_months(anchor.year, anchor.month, -n)
            start = safe_date(y, m, min(anchor.day, 28))
            if start is None:
                return None  # «за последние 24300 месяцев»: before the calendar's first year
        elif unit == "week":
            start = anchor - dt.timedelta(weeks=n)
        elif unit == "day":
            start = anchor - dt.timedelta(days=n)
        else:
            return None
        return start, anchor

    def _decade(self, f, anchor: dt.date | None) -> Period | None:
        w = f.decade
        century = 1900  # «90-е», «сороковые годы»: of the 20th century unless said otherwise
        if f.century:
            century = self._century_start(f.century)
        elif f.rel and self.unit(f.rel_unit) == "century":
            if not anchor:
                return None
            century = ((anchor.year - 1) // 100 + (self.shift(f.rel) or 0)) * 100
        if w.isdigit():
            d = int(w)
            if d < 100:
                d = century + d
        else:
            base = self.find(w, L.DECADE_WORDS)
            if base is None:
                return None
            d = century + base
        period = dt.date(d, 1, 1), dt.date(d + 9, 12, 31)
        return self._part(f.part, period) if f.part else period

    def _century_start(self, words: str) -> int:
        n = ordinal(words) if not words.isdigit() else int(words)
        return (n - 1) * 100 if n else 1900

    def _century(self, words: str) -> Period | None:
        n = int(words) if words.isdigit() else (roman(words) or ordinal(self.lemma(words)))
        if not n or n > 21:
            return None
        return dt.date((n - 1) * 100 + 1, 1, 1), dt.date(n * 100, 12, 31)

    def _year_part(self, f, year: int | None, anchor: dt.date | None) -> Period | None:
        n = ordinal(self.lemma(f.ordinal)) if f.ordinal.isalpha() and not roman(f.ordinal) else (
            roman(f.ordinal) if roman(f.ordinal) and f.ordinal.isupper() else ordinal(f.ordinal))
        unit = self.lemma(f.period_unit)
        y = year or (anchor.year if anchor else None)
        if not n or not y:
            return None
        size = {"квартал": 3, "полугодие": 6, "половина": 6, "треть": 4}.get(unit)
        if not size or n * size > 12:
            return None
        return dt.date(y, (n - 1) * size + 1, 1), month_end(y, n * size)

    def _season(self, f, year: int | None, anchor: dt.date | None) -> Period | None:
        name = L.SEASON_ADVERBS.get(f.season.lower()) or self.find(f.season, {k: k for k in L.SEASONS})
        first = L.SEASONS.get(name)
        if first is None:
            return None
        if f.rel and anchor:
            shift = self.shift(f.rel) or 0
            y = anchor.year + shift
        else:
            y = year or (anchor.year if anchor else None)
        if y is None:
            return None
        if first == 12:  # winter: December of the year before .. February
            return dt.date(y - 1, 12, 1), month_end(y, 2)
        return dt.date(y, first, 1), month_end(y, first + 2)

    def _part_of(self, f, year: int | None, month: int | None, anchor: dt.date | None) -> Period | None:
        if f.century:
            base = self._century(f.century)
        elif month:
            y = year or self._guess_year(month, anchor)
            base = month_period(y, month) if y else None
        elif year:
            base = year_period(year)
        elif f.rel_unit and anchor:
            base = unit_period(self.unit(f.rel_unit) or "year", anchor, 0)
        else:
            base = None
        return self._part(f.part, base) if base else None

    def _part(self, part: str, base: Period) -> Period:
        """«начало/середина/конец» of a period: its first, middle or last third."""
        return third_of(base, self.find(part, L.PARTS))

    def _weekday(self, f, anchor: dt.date | None) -> Period | None:
        """«в пятницу»: the latest such day up to the document's date (news report what was);
        «в следующую пятницу»: the one after it."""
        if not anchor:
            return None
        wd = self.find(f.weekday, L.WEEKDAYS)
        if wd is None:
            return None
        back = (anchor.weekday() - wd) % 7
        day = anchor - dt.timedelta(days=back)
        shift = self.shift(f.rel) if f.rel else None
        if shift == -1 and back == 0:
            day -= dt.timedelta(days=7)
        elif shift and shift > 0:
            day = anchor + dt.timedelta(days=(wd - anchor.weekday()) % 7 or 7)
        return day, day
