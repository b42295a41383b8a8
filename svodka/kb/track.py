"""A target's status from the indicators reported after it was set.

A target («довести товарооборот до $1 млрд к 2030 году») is met when a later indicator of the same
metric, scope and unit reaches it (an upper target «снизить до 5 %» when one falls to it);
overdue when its deadline has passed (as of a given day) with none that did; otherwise not yet
met. «Later» is the indicator's period end, or its document's date, on or after the day the
target was stated."""
from __future__ import annotations

import datetime as dt

from dataclasses import dataclass

from svodka.store.records import FactRow

MET, NOT_YET, OVERDUE = "met", "not yet met", "overdue"


@dataclass(slots=True)
class Observation:
    """One indicator or target fact, its scope as KB entities."""

    kind: str  # indicator | target
    doc_id: str
    doc_date: str | None
    metric: str
    scope: list[str]  # KB entity names
    scope_ids: tuple[int, ...]
    value: dict
    period: dict | None = None
    deadline: str | None = None
    stated_status: str | None = None
    evidence: str = ""
    status: str | None = None  # computed for targets: met | not yet met | overdue
    met_by: str | None = None  # the indicator's doc id

    @classmethod
    def of(cls, row: FactRow) -> "Observation":
        f = row.fields
        scope_ids = [i for i in f.get("scope") or [] if i is not None]
        return cls(row.type, row.doc_id, row.doc_date, f.get("metric") or "", [row.names[i] for i in scope_ids],
                   tuple(sorted(set(scope_ids))), f.get("value") or {}, f.get("period"), f.get("deadline"),
                   f.get("status"), row.sentence)


@dataclass(slots=True)
class Track:
    metric: str
    indicators: list[Observation]
    targets: list[Observation]


UPPER_BOUND = {"<", "<="}  # targets that cap a metric rather than raise it


def when(o: Observation) -> str | None:
    period = o.period if isinstance(o.period, dict) else None
    return (period or {}).get("end") or o.doc_date


def comparable(a: dict, b: dict) -> bool:
    """Same kind of value in the same currency or unit, both with an amount."""
    return (a.get("type") == b.get("type") and a.get("currency") == b.get("currency")
            and a.get("unit") == b.get("unit") and a.get("amount") is not None and b.get("amount") is not None)


def reaches(indicator: dict, target: dict) -> bool:
    if target.get("qualifier") in UPPER_BOUND:
        return indicator["amount"] <= target["amount"]
    return indicator["amount"] >= target["amount"]


def target_status(target: Observation, indicators: list[Observation], as_of: dt.date) -> tuple[str, str | None]:
    stated = target.doc_date or ""
    for ind in sorted(indicators, key=lambda i: when(i) or ""):
        if (ind.scope_ids == target.scope_ids and comparable(ind.value, target.value)
                and (when(ind) or "") >= stated and not ind.value.get("change") and reaches(ind.value, target.value)):
            return MET, ind.doc_id
    deadline = _deadline(target.deadline)
    if deadline is not None and deadline < as_of:
        return OVERDUE, None
    return NOT_YET, None


def build_track(metric: str, observations: list[Observation], scope_groups: list[set[int]],
                as_of: dt.date) -> Track:
    """Indicators and targets in time order, each target with its status; ``scope_groups`` keeps
    only facts whose scope holds one KB entity of every group."""
    kept = [o for o in observations if all(set(o.scope_ids) & group for group in scope_groups)]
    indicators = sorted((o for o in kept if o.kind == "indicator"), key=lambda o: (when(o) or "", o.doc_id))
    targets = sorted((o for o in kept if o.kind == "target"), key=lambda o: (o.doc_date or "", o.doc_id))
    for t in targets:
        t.status, t.met_by = target_status(t, indicators, as_of)
    return Track(metric, indicators, targets)


def _deadline(value: str | None) -> dt.date | None:
    """A deadline as the last day it allows: «2030» is 2030-12-31."""
    if not value:
        return None
    try:
        if len(value) == 4:
            return dt.date(int(value), 12, 31)
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
