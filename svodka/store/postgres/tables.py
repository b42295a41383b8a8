"""The rows a document becomes in PostgreSQL, and the statements that write and remove them:
rows by table, written with COPY (fast: no statement per row) when a batch is sent."""
from __future__ import annotations

import datetime as dt

from svodka.store.postgres.text import tsvector
from svodka.store.records import DocumentRecord
from svodka.store.rows import fact_columns, references, value_columns

PER_DOCUMENT_TABLES = ("entity", "mention", "value", "fact", "fact_entity", "evidence")
DELETES = [f"DELETE FROM {table} WHERE doc_id = %s" for table in PER_DOCUMENT_TABLES] + [
    "DELETE FROM document WHERE id = %s"]
COLUMNS = {  # the columns each table is written by (COPY … FROM STDIN), in the rows' order
    "kb_entity": ("id", "type", "subtype", "name", "ref"),
    "document": ("id", "source", "date", "hash", "text", "ingested_at", "title", "url", "lemmas", "tsv"),
    "entity": ("doc_id", "id", "type", "subtype", "name", "ref", "kb_id", "mentions"),
    "mention": ("doc_id", "n", "entity_id", "start", "end"),
    "value": ("doc_id", "n", "type", "start", "end", "amount", "currency", "unit", "period_start", "period_end",
              "qualifier", "json"),
    "fact": ("doc_id", "n", "type", "status", "date", "metric", "metric_lemmas", "json"),
    "fact_entity": ("doc_id", "n", "role", "entity_id"),
    "evidence": ("doc_id", "n", "start", "end"),
}


def copy_statement(table: str) -> str:
    columns = ", ".join(f'"{c}"' for c in COLUMNS[table])
    return f"COPY {table} ({columns}) FROM STDIN"


def document_rows(record: DocumentRecord, links: dict[str, int], ingested_at: str | None = None
                  ) -> dict[str, list[tuple]]:
    """The rows of one document and its parts, by table (``COLUMNS`` says their order)."""
    doc = record.doc
    doc_id, entities, facts = doc["id"], doc.get("entities") or [], doc.get("facts") or []
    ids = {e["id"] for e in entities}
    mentions = [(e["id"], m) for e in entities for m in e.get("mentions") or []]
    rows = {
        "document": [(doc_id, doc.get("source"), doc.get("date"), record.digest, doc["text"],
                      ingested_at or dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                      doc.get("title"), doc.get("url"), record.lemmas, tsvector(record.lemmas))],
        "entity": [(doc_id, e["id"], e["type"], e.get("subtype"), e["name"], e.get("ref"), links[e["id"]],
                    len(e.get("mentions") or [])) for e in entities],
        "mention": [(doc_id, n, eid, m["start"], m["end"]) for n, (eid, m) in enumerate(mentions)],
        "value": [(doc_id, n, *value_columns(v)) for n, v in enumerate(doc.get("values") or [])],
        "fact": [(doc_id, n, *fact_columns(f, record.metric_lemmas.get(n))) for n, f in enumerate(facts)],
        "fact_entity": [(doc_id, n, role, ref) for n, f in enumerate(facts) for role, ref in references(f, ids)],
        "evidence": [(doc_id, n, ev["start"], ev["end"]) for n, f in enumerate(facts) for ev in f.get("evidence") or []],
    }
    return rows
