"""Contract documents as flat Arrow tables: what a cluster run writes as Parquet.

Five tables, one row per thing, joined on ``doc_id`` (and ``entity_id`` for mentions):
``documents`` (one row per input, its ``error`` when it failed), ``entities``, ``mentions``,
``values`` and ``facts``. Flat rather than nested so that a query engine (DuckDB, Spark, pandas)
filters and joins them without unnesting a document first; the whole nested document stays one
``svodka extract`` away, or in the JSONL output. A fact row has a column per field of every fact
type (facts/schema.py declares them; a field name means one thing across types), null where its
type has no such field, so a new field in the schema becomes a new column here by itself.

Types: offsets int32, amounts float64 (exact below 2**53), the document date and a value's period
date32, a fact's days and periods as the contract's ISO strings."""
from __future__ import annotations

import datetime as dt
from typing import Iterable

import pyarrow as pa

from svodka.facts.schema import FACT_TYPES, Kind, fields

TABLES = ("documents", "entities", "mentions", "values", "facts")

SPAN = pa.struct([("start", pa.int32()), ("end", pa.int32()), ("text", pa.string())])
PERIOD = pa.struct([("start", pa.string()), ("end", pa.string())])
VALUE_FIELDS = [("type", pa.string()), ("start", pa.int32()), ("end", pa.int32()), ("text", pa.string()),
                ("amount", pa.float64()), ("amount_max", pa.float64()), ("currency", pa.string()),
                ("unit", pa.string()), ("qualifier", pa.string()), ("change", pa.bool_()),
                ("direction", pa.string()), ("factor", pa.float64()),
                ("period_start", pa.date32()), ("period_end", pa.date32()),
                ("duration", pa.string()), ("duration_max", pa.string())]  # a length of time: ISO 8601
VALUE = pa.struct(VALUE_FIELDS)
KIND_TYPES = {Kind.ENTITY: pa.string(), Kind.ENTITIES: pa.list_(pa.string()), Kind.TEXT: pa.string(),
              Kind.DAY: pa.string(), Kind.PERIOD: PERIOD, Kind.VALUE: VALUE, Kind.SPAN: SPAN,
              Kind.CHANGE: pa.struct([("percent", pa.float64())]), Kind.STATUS: pa.string()}


def _fact_columns() -> dict[str, Kind]:
    """Every field of every fact type, in declaration order; a name with two kinds would make
    one column mean two things, so it is refused when the module loads."""
    columns: dict[str, Kind] = {}
    for name in FACT_TYPES:
        for f in fields(name):
            if columns.setdefault(f.name, f.kind) is not f.kind:
                raise TypeError(f"fact field {f.name!r} has two kinds: {columns[f.name]} and {f.kind}")
    return columns


FACT_COLUMNS = _fact_columns()

SCHEMAS = {
    "documents": pa.schema([("doc_id", pa.string()), ("source", pa.string()), ("date", pa.date32()),
                            ("text", pa.string()), ("error", pa.string()), ("entities", pa.int32()),
                            ("values", pa.int32()), ("facts", pa.int32())]),
    "entities": pa.schema([("doc_id", pa.string()), ("entity_id", pa.string()), ("type", pa.string()),
                           ("subtype", pa.string()), ("name", pa.string()), ("ref", pa.string()),
                           ("mentions", pa.int32())]),
    "mentions": pa.schema([("doc_id", pa.string()), ("entity_id", pa.string()), ("start", pa.int32()),
                           ("end", pa.int32()), ("text", pa.string())]),
    "values": pa.schema([("doc_id", pa.string()), ("value_index", pa.int32())] + VALUE_FIELDS),
    "facts": pa.schema([("doc_id", pa.string()), ("fact_index", pa.int32()), ("type", pa.string()),
                        ("evidence", pa.list_(SPAN))]
                       + [(name, KIND_TYPES[kind]) for name, kind in FACT_COLUMNS.items()]),
}


def month(record: dict) -> str | None:
    """The partition a document's rows go to: the month of its date (``2025-11``), or None."""
    date = record.get("date")
    return date[:7] if date else None


def rows(record: dict) -> dict[str, list[dict]]:
    """One contract document (or error record) as rows of each table."""
    doc_id = record.get("id")
    out: dict[str, list[dict]] = {t: [] for t in TABLES}
    out["documents"].append({
        "doc_id": doc_id, "source": record.get("source"), "date": iso_day(record.get("date")),
        "text": record.get("text"), "error": record.get("error"),
        "entities": _count(record, "entities"), "values": _count(record, "values"), "facts": _count(record, "facts")})
    for e in record.get("entities") or []:
        out["entities"].append({"doc_id": doc_id, "entity_id": e["id"], "type": e["type"], "subtype": e.get("subtype"),
                                "name": e.get("name"), "ref": e.get("ref"), "mentions": len(e["mentions"])})
        out["mentions"] += [{"doc_id": doc_id, "entity_id": e["id"], **_span(m)} for m in e["mentions"]]
    for n, v in enumerate(record.get("values") or []):
        out["values"].append({"doc_id": doc_id, "value_index": n, **value_row(v)})
    for n, f in enumerate(record.get("facts") or []):
        out["facts"].append(fact_row(doc_id, n, f))
    return out


def value_row(v: dict) -> dict:
    period = v.get("period") or {}
    row = {name: v.get(name) for name, _ in VALUE_FIELDS[:12]}
    row["change"] = bool(v.get("change"))
    row["period_start"], row["period_end"] = iso_day(period.get("start")), iso_day(period.get("end"))
    row["duration"], row["duration_max"] = v.get("duration"), v.get("duration_max")
    return row


def fact_row(doc_id: str, n: int, fact: dict) -> dict:
    row = {"doc_id": doc_id, "fact_index": n, "type": fact["type"],
           "evidence": [_span(e) for e in fact.get("evidence") or []]}
    for name, kind in FACT_COLUMNS.items():
        value = fact.get(name)
        if kind is Kind.VALUE and value is not None:
            value = value_row(value)
        elif kind is Kind.SPAN and value is not None:
            value = _span(value)
        row[name] = value
    return row


def to_tables(records: Iterable[dict]) -> dict[str, pa.Table]:
    """The rows of many documents, as one Arrow table per name in ``TABLES``."""
    collected: dict[str, list[dict]] = {t: [] for t in TABLES}
    for record in records:
        for table, found in rows(record).items():
            collected[table] += found
    return {t: pa.Table.from_pylist(collected[t], schema=SCHEMAS[t]) for t in TABLES}


def _span(s: dict) -> dict:
    return {"start": s.get("start"), "end": s.get("end"), "text": s.get("text")}


def iso_day(value: str | None) -> dt.date | None:
    """An ISO date string as a date (what Arrow writes as date32), None for none."""
    return dt.date.fromisoformat(value) if value else None


def _count(record: dict, key: str) -> int | None:
    return None if "error" in record else len(record.get(key) or [])
