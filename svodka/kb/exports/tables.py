"""The knowledge base as flat tables: one row per thing, typed columns, ready for pandas, a
spreadsheet or SQL.

- ``documents`` (id, title, url, date, text, counts), ``entities`` (KB entities: id, type,
  name, the names documents used), ``mentions`` (entity, document, offsets, words) and
  ``values`` (every field of a contract value);
- ``facts_<type>``, one table per fact type, its fields as columns read from facts/schema.py:
  an entity reference is ``<field>_id`` (the KB id, what ``entities.id`` holds) beside
  ``<field>`` (its KB name), a list of them ``<field>_ids`` and ``<field>``; a day is a date,
  a period ``<field>_start``/``<field>_end``, a value ``<field>_amount``, ``<field>_currency`` …
  (the value columns of ``values``), a quote ``<field>_start``/``_end``/``_text``, a change
  ``<field>_percent``; then the evidence offsets and words;
- ``fact_entities``: every entity reference of every fact, one row each (type, doc_id, n,
  field, kb_id), for joins that need no list column.

Each table is a name, an Arrow schema (dates as date32, lists as lists: what Parquet keeps and
the other formats write as best they can), keys for a database, and its rows. The value columns
and the day parsing are those of the cluster's Parquet tables (scale/tables.py)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

import pyarrow as pa

from svodka.facts.schema import FACT_TYPES, FieldSpec, Kind, fields
from svodka.scale.tables import VALUE_FIELDS, iso_day, value_row
from svodka.store.records import FactRow, Selection

VALUE_COLUMNS = [name for name, _ in VALUE_FIELDS]


@dataclass(frozen=True)
class Table:
    """One export table. ``references`` are (column, table, column) pairs a database declares
    as foreign keys; ``search`` the text columns a full-text index covers."""

    name: str
    schema: pa.Schema
    rows: Callable[[], Iterator[dict]]
    key: tuple[str, ...] = ()
    references: tuple[tuple[str, str, str], ...] = ()
    search: tuple[str, ...] = ()

    @property
    def columns(self) -> list[str]:
        return self.schema.names


DOCUMENTS = pa.schema([("id", pa.string()), ("source", pa.string()), ("date", pa.date32()),
                       ("title", pa.string()), ("url", pa.string()), ("hash", pa.string()),
                       ("text", pa.string()), ("entities", pa.int32()), ("values", pa.int32()),
                       ("facts", pa.int32())])
ENTITIES = pa.schema([("id", pa.int64()), ("type", pa.string()), ("subtype", pa.string()),
                      ("name", pa.string()), ("ref", pa.string()), ("documents", pa.int32()),
                      ("mentions", pa.int32()), ("names", pa.list_(pa.string()))])
MENTIONS = pa.schema([("doc_id", pa.string()), ("entity_id", pa.string()), ("kb_id", pa.int64()),
                      ("start", pa.int32()), ("end", pa.int32()), ("text", pa.string())])
VALUES = pa.schema([("doc_id", pa.string()), ("n", pa.int32())] + VALUE_FIELDS + [("error", pa.string())])
FACT_ENTITIES = pa.schema([("type", pa.string()), ("doc_id", pa.string()), ("n", pa.int32()),
                           ("field", pa.string()), ("kb_id", pa.int64())])
EVIDENCE = [("evidence_start", pa.int32()), ("evidence_end", pa.int32()), ("evidence_text", pa.string())]
TO_DOCUMENT = ("doc_id", "documents", "id")


def field_columns(spec: FieldSpec) -> list[tuple[str, pa.DataType]]:
    """The columns one declared fact field becomes."""
    n = spec.name
    return {
        Kind.ENTITY: [(f"{n}_id", pa.int64()), (n, pa.string())],
        Kind.ENTITIES: [(f"{n}_ids", pa.list_(pa.int64())), (n, pa.list_(pa.string()))],
        Kind.TEXT: [(n, pa.string())],
        Kind.STATUS: [(n, pa.string())],
        Kind.DAY: [(n, pa.date32())],
        Kind.PERIOD: [(f"{n}_start", pa.date32()), (f"{n}_end", pa.date32())],
        Kind.VALUE: [(f"{n}_{name}", kind) for name, kind in VALUE_FIELDS],
        Kind.SPAN: [(f"{n}_start", pa.int32()), (f"{n}_end", pa.int32()), (f"{n}_text", pa.string())],
        Kind.CHANGE: [(f"{n}_percent", pa.float64())],
    }[spec.kind]


def field_cells(spec: FieldSpec, value, names: dict[int, str]) -> dict:
    """One declared field of a stored fact (``FactRow.fields``) as its columns' cells."""
    n, kind = spec.name, spec.kind
    if kind is Kind.ENTITY:
        return {f"{n}_id": value, n: names.get(value) if value is not None else None}
    if kind is Kind.ENTITIES:
        ids = list(value or [])
        return {f"{n}_ids": ids, n: [names.get(i) for i in ids]}
    if kind is Kind.DAY:
        return {n: iso_day(value)}
    if kind is Kind.PERIOD:
        return {f"{n}_start": iso_day((value or {}).get("start")), f"{n}_end": iso_day((value or {}).get("end"))}
    if kind is Kind.VALUE:
        cells = value_row(value) if value else {}
        return {f"{n}_{name}": cells.get(name) for name in VALUE_COLUMNS}
    if kind is Kind.SPAN:
        return {f"{n}_{k}": (value or {}).get(k) for k in ("start", "end", "text")}
    if kind is Kind.CHANGE:
        return {f"{n}_percent": (value or {}).get("percent")}
    return {n: value}


def fact_schema(fact_type: str) -> pa.Schema:
    columns = [("doc_id", pa.string()), ("n", pa.int32()), ("doc_date", pa.date32())]
    for spec in fields(fact_type):
        columns += field_columns(spec)
    return pa.schema(columns + EVIDENCE)


def fact_cells(fact: FactRow) -> dict:
    """A stored fact as a row of its type's table; evidence spans from the first start to the
    last end (one span per fact, as the rules write them)."""
    row = {"doc_id": fact.doc_id, "n": fact.n, "doc_date": iso_day(fact.doc_date)}
    for spec in fields(fact.type):
        row.update(field_cells(spec, fact.fields.get(spec.name), fact.names))
    spans = fact.evidence or [{}]
    row.update(evidence_start=spans[0].get("start"), evidence_end=spans[-1].get("end"), evidence_text=fact.sentence)
    return row


def fact_references(fact: FactRow) -> Iterator[dict]:
    for spec in fields(fact.type):
        value = fact.fields.get(spec.name)
        ids = value if spec.kind is Kind.ENTITIES else [value] if spec.kind is Kind.ENTITY else []
        for kb_id in ids or []:
            if kb_id is not None:
                yield {"type": fact.type, "doc_id": fact.doc_id, "n": fact.n, "field": spec.name, "kb_id": kb_id}


def fact_types(requested: Iterable[str] = ()) -> tuple[str, ...]:
    """The fact types asked for (all when none), checked against the schema."""
    asked = tuple(dict.fromkeys(requested))
    unknown = [t for t in asked if t not in FACT_TYPES]
    if unknown:
        raise ValueError(f"unknown fact type {unknown[0]!r}: one of {', '.join(FACT_TYPES)}")
    return asked or tuple(FACT_TYPES)


def tables(store, selection: Selection | None = None, types: Iterable[str] = ()) -> list[Table]:
    """Every export table of the selected documents and fact types, rows read when asked for."""
    sel = selection or Selection()
    chosen = fact_types(types)
    facts_of: dict[str, list[FactRow]] = {}

    def facts(fact_type: str | None = None) -> list[FactRow]:
        if "all" not in facts_of:
            facts_of["all"] = store.facts(chosen, selection=sel)
        return [f for f in facts_of["all"] if fact_type in (None, f.type)]

    def rows_of(name: str, convert: Callable[[dict], dict] = lambda r: r):
        return lambda: (convert(r) for r in store.rows(name, sel))

    out = [
        Table("documents", DOCUMENTS, rows_of("documents", _document), key=("id",), search=("title", "text")),
        Table("entities", ENTITIES, rows_of("entities"), key=("id",)),
        Table("mentions", MENTIONS, rows_of("mentions"), references=(TO_DOCUMENT, ("kb_id", "entities", "id"))),
        Table("values", VALUES, rows_of("values", _value), key=("doc_id", "n"), references=(TO_DOCUMENT,)),
    ]
    for t in chosen:
        schema = fact_schema(t)
        refs = tuple((c, "entities", "id") for c in schema.names if c.endswith("_id") and c != "doc_id")
        out.append(Table(f"facts_{t}", schema, lambda t=t: (fact_cells(f) for f in facts(t)),
                         key=("doc_id", "n"), references=(TO_DOCUMENT, *refs)))
    out.append(Table("fact_entities", FACT_ENTITIES, lambda: (r for f in facts() for r in fact_references(f)),
                     references=(TO_DOCUMENT, ("kb_id", "entities", "id"))))
    return out


def _document(row: dict) -> dict:
    return dict(row, date=iso_day(row.get("date")))


def _value(row: dict) -> dict:
    """A stored value's row; ``error`` says why a number its words give has no amount."""
    return {"doc_id": row["doc_id"], "n": row["n"], **value_row(row), "error": row.get("error")}
