"""What every backend makes of a contract document's parts, and back: the columns of a value
and a fact row, the entity references a fact holds, and a stored fact as a ``FactRow`` with KB
ids. Backend-neutral (no SQL here), so both backends store and answer alike."""
from __future__ import annotations

import json
from typing import Iterable

from svodka.facts.schema import reference_fields
from svodka.store.records import FactRow


def value_columns(v: dict) -> tuple:
    """(type, start, end, amount, currency, unit, period start, period end, qualifier, json)."""
    period = v.get("period") or {}
    return (v.get("type"), v.get("start"), v.get("end"), v.get("amount"), v.get("currency"), v.get("unit"),
            period.get("start"), period.get("end"), v.get("qualifier"), json.dumps(v, ensure_ascii=False))


def fact_columns(f: dict, metric_lemmas: str | None) -> tuple:
    """(type, status, date, metric, metric lemmas, json): the date is the fact's own date, its
    deadline or its period's end; the metric lemmas are padded with spaces for LIKE '% word %'."""
    period = f.get("period") if isinstance(f.get("period"), dict) else None
    date = f.get("date") or f.get("deadline") or (period or {}).get("end")
    return (f["type"], f.get("status"), date, f.get("metric"),
            f" {metric_lemmas} " if metric_lemmas else None, json.dumps(f, ensure_ascii=False))


def references(fact: dict, ids: set[str]) -> Iterable[tuple[str, str]]:
    """(field, entity id) for every entity id the fact's reference fields hold."""
    for name in reference_fields(fact["type"]):
        value = fact.get(name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item in ids:
                yield name, item


def fact_record(doc: str, n: int, fact: dict, date: str | None,
                links: dict[tuple[str, str], tuple[int, str]]) -> FactRow:
    """The stored contract fact with its entity references turned into KB ids (``links``:
    (doc id, entity id) → (KB id, KB name))."""
    fields = {k: v for k, v in fact.items() if k not in ("type", "evidence")}
    names: dict[int, str] = {}

    def kb(eid):
        link = links.get((doc, eid))
        if link is not None:
            names[link[0]] = link[1]
        return link[0] if link else None

    for name in reference_fields(fact["type"]):
        value = fields.get(name)
        if isinstance(value, list):
            fields[name] = [k for k in map(kb, value) if k is not None]
        elif value is not None:
            fields[name] = kb(value)
    return FactRow(doc, n, date, fact["type"], fields, names, fact.get("evidence") or [])


def fits_given(query_given: str, given: str) -> bool:
    """A given-name key of a query fits a stored one: the same, or an initial of it either way."""
    if not given:
        return False
    if len(given) == 1 or len(query_given) == 1:
        return query_given[:1] == given[:1]
    return query_given == given
