"""Query parameters the API routes and the web pages share: their bounds, and how a name the
user typed becomes a filter (fact types, statuses and entity types checked against the schema,
dates read as ``svodka search --from/--to`` reads them)."""
from __future__ import annotations

from fastapi import Query

from svodka.facts.schema import FACT_TYPES, STATUSES
from svodka.kb.dates import date_range
from svodka.api.paging import MAX_LIMIT

ENTITY_TYPES = ("PER", "ORG", "LOC", "FAC", "EVENT")
MAX_QUERY = 2000  # characters of a search query
MAX_TEXT = 500  # characters of a name, a metric, a date

# Each parameter gets its own Query (FastAPI keeps per-parameter state in it): these make them.


def QUERY():  # noqa: N802 - read as a constant at each use
    return Query("", max_length=MAX_QUERY, description="Words in any form: «казахстанской пшеницы».")


def NAME(description: str = "A name in any word form, or #id."):  # noqa: N802
    return Query(None, max_length=MAX_TEXT, description=description)


def CURSOR():  # noqa: N802
    return Query(None, max_length=MAX_TEXT, description="`next_cursor` of the page before.")


def FORMAT():  # noqa: N802
    return Query("json", pattern="^(json|csv)$", description="json (default) or csv.")


def FROM():  # noqa: N802
    return Query(None, alias="from", max_length=MAX_TEXT, description="From this day, month or year: 2025, 2025-11.")


def TO():  # noqa: N802
    return Query(None, alias="to", max_length=MAX_TEXT, description="To this day, month or year.")


def limit(default: int = 20):
    return Query(default, ge=1, le=MAX_LIMIT, description=f"How many on a page (at most {MAX_LIMIT}).")


def blank_none(value: str | None) -> str | None:
    return value if value is not None and value.strip() else None


def fact_type(value: str | None) -> str | None:
    value = blank_none(value)
    if value is not None and value not in FACT_TYPES:
        raise ValueError(f"{value[:40]!r} is no fact type: " + ", ".join(FACT_TYPES))
    return value


def status(value: str | None) -> str | None:
    value = blank_none(value)
    if value is not None and value not in STATUSES:
        raise ValueError(f"{value[:40]!r} is no status: " + ", ".join(STATUSES))
    return value


def entity_type(value: str | None) -> str | None:
    value = blank_none(value)
    if value is not None and value.upper() not in ENTITY_TYPES:
        raise ValueError(f"{value[:40]!r} is no entity type: " + ", ".join(ENTITY_TYPES))
    return value.upper() if value else None


def dates(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    return date_range(blank_none(since), blank_none(until))


def names(value: str | None) -> list[str]:
    """A comma-separated list of names: «Казахстан,Туркменистан»."""
    return [s.strip() for s in (value or "").split(",") if s.strip()]
