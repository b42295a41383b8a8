"""Calendar arithmetic on periods (first day, last day): years, months, weeks and their parts.
No words here: svodka/values/dates.py reads the words and asks for the period they name."""
from __future__ import annotations

import calendar
import datetime as dt

Period = tuple[dt.date, dt.date]


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def year_period(y: int) -> Period:
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def month_period(y: int, m: int) -> Period:
    return dt.date(y, m, 1), month_end(y, m)


def months_period(y: int, m1: int, m2: int) -> Period:
    return dt.date(y, m1, 1), month_end(y, m2)


def add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def unit_period(unit: str, anchor: dt.date, shift: int) -> Period | None:
    """The year, month, week, weekend, quarter, half, day, century or decade ``shift`` of them away
    from the one ``anchor`` falls in («в прошлом месяце»: month, -1)."""
    if unit == "year":
        return year_period(anchor.year + shift)
    if unit == "month":
        y, m = add_months(anchor.year, anchor.month, shift)
        return month_period(y, m)
    if unit in ("week", "weekend"):
        monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=shift)
        if unit == "weekend":
            if shift == -1 or (shift == 0 and anchor.weekday() < 5):
                monday = anchor - dt.timedelta(days=anchor.weekday()) - dt.timedelta(weeks=1 if shift == -1 else 0)
            return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6)
        return monday, monday + dt.timedelta(days=6)
    if unit == "quarter":
        q = (anchor.month - 1) // 3
        y, m = add_months(anchor.year, q * 3 + 1, shift * 3)
        return dt.date(y, m, 1), month_end(*add_months(y, m, 2))
    if unit == "half":
        h = (anchor.month - 1) // 6
        y, m = add_months(anchor.year, h * 6 + 1, shift * 6)
        return dt.date(y, m, 1), month_end(*add_months(y, m, 5))
    if unit == "day":
        day = anchor + dt.timedelta(days=shift)
        return day, day
    if unit == "century":
        c = (anchor.year - 1) // 100 + shift
        return dt.date(c * 100 + 1, 1, 1), dt.date(c * 100 + 100, 12, 31)
    if unit == "decade":
        d = anchor.year // 10 * 10 + 10 * shift
        return dt.date(d, 1, 1), dt.date(d + 9, 12, 31)
    return None


def third_of(base: Period, kind: str | None) -> Period:
    """The first («start»), middle or last («end») third of a period; the whole for any other kind."""
    start, end = base
    third = max(1, ((end - start).days + 1) // 3)
    if kind == "start":
        return start, start + dt.timedelta(days=third - 1)
    if kind == "end":
        return end - dt.timedelta(days=third - 1), end
    if kind == "middle":
        return start + dt.timedelta(days=third), end - dt.timedelta(days=third)
    return base
