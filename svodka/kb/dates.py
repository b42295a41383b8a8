"""The days a person means by a date: «2025» is the year, «2025-11» the month, «2025-11-25» or
«25.11.2025» the day. One reading for the command line's ``--from``/``--to`` and the HTTP API's
``from``/``to``, so a filter means the same wherever it is typed."""
from __future__ import annotations

import datetime as dt
import re

DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
DATE_FORMS = "YYYY, YYYY-MM, YYYY-MM-DD or DD.MM.YYYY"


def period(value: str | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day ``value`` covers; ValueError naming it when it is no date."""
    if value is None:
        return None
    v = value.strip()
    try:
        if m := DAY_MONTH_YEAR.fullmatch(v):
            day = dt.date(int(m[3]), int(m[2]), int(m[1]))
            return day, day
        if re.fullmatch(r"\d{4}", v):
            return dt.date(int(v), 1, 1), dt.date(int(v), 12, 31)
        if re.fullmatch(r"\d{4}-\d{1,2}", v):
            y, m = (int(x) for x in v.split("-"))
            start = dt.date(y, m, 1)
            return start, (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            day = dt.date.fromisoformat(v)
            return day, day
    except (ValueError, OverflowError):
        pass
    raise ValueError(f"{value[:40]!r} is not a date ({DATE_FORMS})")


def date_range(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """ISO bounds of a from/to pair: the first day of the one, the last day of the other."""
    first, last = period(since), period(until)
    start, end = (first[0] if first else None), (last[1] if last else None)
    if start and end and start > end:
        raise ValueError(f"{since} is after {until}: the range holds no day")
    return (start.isoformat() if start else None), (end.isoformat() if end else None)
