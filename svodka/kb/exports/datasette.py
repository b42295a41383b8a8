"""The export tables as one SQLite file made for Datasette (``datasette svodka-datasette.db``):

- every table of tables.py, with its primary key and declared foreign keys (a fact's
  ``participants_ids``… live in ``fact_entities``; ``person_id``, ``place_id``, ``mentions.kb_id``
  point at ``entities.id``, every ``doc_id`` at ``documents.id``), so Datasette links rows to
  the rows they name and lists the rows that name them;
- ``documents_fts``, an FTS5 index over documents' title and text declared with
  ``content="documents"``, which Datasette finds by itself: a search box on ``documents`` and
  ``?_search=`` in its JSON API;
- a view per fact type (``meetings``, ``occupations``, …) with readable columns: names in
  place of ids, lists joined with commas, the value's words and amount, the evidence sentence;
- lists as JSON arrays (``entities.names``), which Datasette facets with ``_facet_array``;
  dates as ISO text, which it facets by ``_facet_date``;
- beside it, ``svodka-datasette.metadata.json`` (``datasette FILE -m METADATA``): a description
  of every table, the schema's label of every fact column, and the facets each table opens with
  (entities by type and subtype, values by type and currency, facts by status).

The file is written under a temporary name and renamed into place, so an interrupted export
never leaves half a file where the last good one was."""
from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from pathlib import Path

import pyarrow as pa

from svodka.facts.schema import FACT_TYPES, Kind, fields
from svodka.kb.exports.files import chunks
from svodka.kb.exports.tables import Table


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def column_type(kind: pa.DataType) -> str:
    if pa.types.is_integer(kind) or pa.types.is_boolean(kind):
        return "INTEGER"
    if pa.types.is_floating(kind):
        return "REAL"
    return "TEXT"  # strings, ISO dates, lists and structs as JSON


def create_table(table: Table) -> str:
    columns = [f"{quoted(f.name)} {column_type(f.type)}" for f in table.schema]
    if table.key:
        columns.append(f"PRIMARY KEY ({', '.join(map(quoted, table.key))})")
    columns += [f"FOREIGN KEY ({quoted(c)}) REFERENCES {quoted(other)}({quoted(key)})"
                for c, other, key in table.references]
    return f"CREATE TABLE {quoted(table.name)} (\n  " + ",\n  ".join(columns) + "\n)"


def cell(value):
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


class DatasetteSink:
    def __init__(self, path: Path):
        self.file = path
        self.partial = path.with_name(f".{path.name}.partial")
        self.partial.unlink(missing_ok=True)
        self.con = sqlite3.connect(self.partial, isolation_level=None)
        self.con.execute("PRAGMA foreign_keys = ON")  # a reference to nothing stops the export
        self.con.execute("BEGIN")
        self.notes: list[str] = []
        self.written: list[Table] = []

    def write(self, table: Table) -> tuple[Path, int]:
        self.con.execute(create_table(table))
        insert = (f"INSERT INTO {quoted(table.name)} VALUES ({', '.join('?' * len(table.columns))})")
        n = 0
        for chunk in chunks(table.rows()):
            self.con.executemany(insert, [[cell(row.get(c)) for c in table.columns] for row in chunk])
            n += len(chunk)
        for column, _, _ in table.references:
            self.con.execute(f"CREATE INDEX {quoted(f'{table.name}_{column}')} "
                             f"ON {quoted(table.name)}({quoted(column)})")
        self.written.append(table)
        return self.file, n

    def close(self) -> None:
        meta = self.file.with_name(self.file.stem + ".metadata.json")
        meta.write_text(json.dumps(metadata(self.written, self.file.stem), ensure_ascii=False, indent=2),
                        encoding="utf-8")
        for table in self.written:
            if table.search:
                self._full_text(table)
            if table.name.startswith("facts_") and table.name[6:] in FACT_TYPES:
                self.con.execute(fact_view(table.name[6:]))
        self.con.execute("COMMIT")
        self.con.execute("ANALYZE")
        self.con.close()
        os.replace(self.partial, self.file)
        self.notes.append(f"browse it: datasette {self.file} -m {meta}")

    def abort(self) -> None:
        """The export failed: the partial file goes, the last good one stays."""
        self.con.close()
        self.partial.unlink(missing_ok=True)

    def _full_text(self, table: Table) -> None:
        fts, cols = quoted(f"{table.name}_fts"), ", ".join(map(quoted, table.search))
        self.con.execute(f'CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content="{table.name}")')
        self.con.execute(f"INSERT INTO {fts} (rowid, {cols}) SELECT rowid, {cols} FROM {quoted(table.name)}")


DESCRIPTIONS = {
    "documents": "Documents as ingested: text, date, title and url; counts of what was read in each.",
    "entities": "KB entities: one row per person, organization or place, every name documents used.",
    "mentions": "Every mention of a KB entity: text[start:end] of its document.",
    "values": "Amounts, quantities, percentages and dates read in the documents.",
    "fact_entities": "Every entity a fact names, one row each: its field and KB id.",
}
FACETS = {"entities": ["type", "subtype"], "values": ["type", "currency"], "fact_entities": ["type", "field"]}


def metadata(tables: list[Table], database: str) -> dict:
    """Datasette's metadata for the file: descriptions, column labels and opening facets."""
    described = {}
    for table in tables:
        fact_type = table.name.removeprefix("facts_") if table.name.startswith("facts_") else None
        entry = {"description": DESCRIPTIONS.get(table.name) or
                 f"Facts of type {fact_type} ({FACT_TYPES[fact_type].LABEL}); readable: the view {fact_type}s."}
        facets = FACETS.get(table.name, ["status"] if "status" in table.columns else [])
        if facets:
            entry["facets"] = facets
        if fact_type:
            entry["columns"] = {column: spec.label + (" (KB id)" if column.endswith(("_id", "_ids")) else "")
                                for spec in fields(fact_type) for column in table.columns
                                if column == spec.name or column.startswith(spec.name + "_")}
        described[table.name] = entry
    return {"title": "svodka", "description": "A svodka knowledge base: svodka export --format datasette",
            "databases": {database: {"tables": described}}}


def fact_view(fact_type: str) -> str:
    """A view of one fact type's table: its readable columns, in the schema's order."""
    columns = ["f.doc_id AS document", "f.doc_date AS document_date"]
    for spec in fields(fact_type):
        n = spec.name
        if spec.kind is Kind.ENTITIES:
            columns.append(f"(SELECT group_concat(value, ', ') FROM json_each(f.{quoted(n)})) AS {quoted(n)}")
        elif spec.kind is Kind.PERIOD:
            columns += [f"f.{quoted(n + '_start')} AS {quoted(n + '_start')}",
                        f"f.{quoted(n + '_end')} AS {quoted(n + '_end')}"]
        elif spec.kind is Kind.VALUE:
            columns += [f"f.{quoted(f'{n}_{part}')} AS {quoted(f'{n}_{part}')}"
                        for part in ("text", "amount", "currency", "unit", "qualifier")]
        elif spec.kind is Kind.SPAN:
            columns.append(f"f.{quoted(n + '_text')} AS {quoted(n)}")
        elif spec.kind is Kind.CHANGE:
            columns.append(f"f.{quoted(n + '_percent')} AS {quoted(n + '_percent')}")
        else:  # one entity's name, a phrase, a day, a status
            columns.append(f"f.{quoted(n)} AS {quoted(n)}")
    columns.append("f.evidence_text AS evidence")
    return (f"CREATE VIEW {quoted(fact_type + 's')} AS SELECT " + ", ".join(columns)
            + f" FROM {quoted('facts_' + fact_type)} f ORDER BY f.doc_date, f.doc_id, f.n")
