"""Documents, entities and facts as files pandas or polars read in one line
(``pd.read_parquet("out/facts.parquet")``, ``pl.read_ndjson("out/entities.jsonl")``).

Columns are declared once per table, so every format and an empty store give the same columns;
nested fields (a fact's contract fields, an entity's name forms) are JSON strings in CSV and
Parquet, JSON in JSONL."""
from __future__ import annotations

import csv
import json
from pathlib import Path

from svodka.facts.schema import reference_fields
from svodka.store.records import FactRow

COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "documents": (("id", "string"), ("source", "string"), ("date", "string"), ("title", "string"),
                  ("url", "string"), ("hash", "string"),
                  ("text", "string"), ("entities", "int64"), ("facts", "int64")),
    "entities": (("id", "int64"), ("type", "string"), ("subtype", "string"), ("name", "string"),
                 ("ref", "string"), ("documents", "int64"), ("mentions", "int64"), ("names", "json")),
    "facts": (("doc_id", "string"), ("n", "int64"), ("doc_date", "string"), ("type", "string"),
              ("status", "string"), ("evidence", "string"), ("fields", "json")),
}
FORMATS = ("jsonl", "csv", "parquet")


def export(store, fmt: str, out_dir: str | Path) -> dict[str, tuple[Path, int]]:
    """Write one file per table into ``out_dir``; table → (path, rows)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for table, columns in COLUMNS.items():
        path = out / f"{table}.{fmt}"
        rows = [_fact(f) for f in store.facts()] if table == "facts" else list(store.rows(table))
        WRITERS[fmt](path, rows, columns)
        written[table] = (path, len(rows))
    return written


def _fact(f: FactRow) -> dict:
    """A fact row with its entity references as KB entity names."""
    fields = {"type": f.type}
    for name, value in f.fields.items():
        if name in reference_fields(f.type):
            value = [f.name(v) for v in value] if isinstance(value, list) else f.name(value)
        fields[name] = value
    fields["evidence"] = f.evidence
    return dict(doc_id=f.doc_id, n=f.n, doc_date=f.doc_date, type=f.type, status=f.fields.get("status"),
                evidence=f.sentence, fields=fields)


def _flat(row: dict, columns) -> dict:
    return {name: json.dumps(row.get(name), ensure_ascii=False) if kind == "json" else row.get(name)
            for name, kind in columns}


def _jsonl(path: Path, rows: list[dict], columns) -> None:
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps({name: row.get(name) for name, _ in columns}, ensure_ascii=False) + "\n")


def _csv(path: Path, rows: list[dict], columns) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=[name for name, _ in columns])
        writer.writeheader()
        writer.writerows(_flat(r, columns) for r in rows)


def _parquet(path: Path, rows: list[dict], columns) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    types = {"string": pa.string(), "int64": pa.int64(), "json": pa.string()}
    schema = pa.schema([(name, types[kind]) for name, kind in columns])
    pq.write_table(pa.Table.from_pylist([_flat(r, columns) for r in rows], schema=schema), path)


WRITERS = {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet}
