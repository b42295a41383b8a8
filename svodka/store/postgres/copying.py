"""A PostgreSQL knowledge base dumped as records and loaded from them (``svodka copy``): the
documents as ingest wrote them, lemmas included, with their links, and the KB entities with
every key, name form, override and correction, ids kept. A dump reads one snapshot; a load is
one transaction under the writer lock, into an empty schema only, so a failed copy leaves
nothing behind."""
from __future__ import annotations

from collections import defaultdict
from contextlib import ExitStack
from typing import Iterable, Iterator

import psycopg

from svodka.store.base import StoreError
from svodka.store.postgres.reads import documents
from svodka.store.postgres.registry import send
from svodka.store.postgres.tables import document_rows
from svodka.store.records import DocumentRecord, EntityRegistry, StoredDocument

REGISTRY = {  # field of EntityRegistry: (table, columns, order)
    "entities": ("kb_entity", "id, type, subtype, name, ref, pinned", "id"),
    "aliases": ("alias", "key, kb_id", "kb_id, key"),
    "person_names": ("person_name", "surname, given, kb_id", "kb_id, surname, given"),
    "overrides": ("link_override", "doc_id, type, name, kb_id", "doc_id, type, name"),
    "corrections": ("correction", "id, at, kind, detail, undone", "id"),
}
CHUNK = 500  # documents read at a time


class Copying:
    def dump(self) -> tuple[EntityRegistry, Iterator[StoredDocument]]:
        stack = ExitStack()
        con = stack.enter_context(self.reading())  # one snapshot for the registry and every document
        try:
            registry = EntityRegistry(**{
                field: [tuple(r) for r in con.execute(f"SELECT {columns} FROM {table} ORDER BY {order}")]
                for field, (table, columns, order) in REGISTRY.items()})
            ids = [r[0] for r in con.execute("SELECT id FROM document ORDER BY id")]
        except BaseException:
            stack.close()
            raise
        return registry, self._stored(stack, con, ids)

    @staticmethod
    def _stored(stack: ExitStack, con: psycopg.Connection, ids: list[str]) -> Iterator[StoredDocument]:
        with stack:
            for i in range(0, len(ids), CHUNK):
                chunk = ids[i:i + CHUNK]
                docs = documents(con, chunk)
                extra = {r[0]: r[1:] for r in con.execute(
                    "SELECT id, hash, lemmas, ingested_at FROM document WHERE id = ANY(%s)", (chunk,))}
                metric: dict[str, dict[int, str]] = {}
                for doc, n, lemmas in con.execute("SELECT doc_id, n, metric_lemmas FROM fact WHERE doc_id = ANY(%s) "
                                                  "AND metric_lemmas IS NOT NULL", (chunk,)):
                    metric.setdefault(doc, {})[n] = lemmas.strip()
                for doc_id in chunk:
                    doc = docs[doc_id]
                    links = {e["id"]: e.pop("kb_id") for e in doc["entities"]}
                    digest, lemmas, at = extra[doc_id]
                    yield StoredDocument(DocumentRecord(doc, digest, lemmas, metric.get(doc_id, {})), links, at)

    def load(self, registry: EntityRegistry, documents: Iterable[StoredDocument]) -> int:
        n = 0
        with self.transaction() as w:
            held = w.execute("SELECT (SELECT COUNT(*) FROM document) + (SELECT COUNT(*) FROM kb_entity) "
                             "+ (SELECT COUNT(*) FROM correction)").fetchone()[0]
            if held:
                raise StoreError(f"{self.where.shown} is not empty: a copy goes into a new knowledge base")
            for field, (table, columns, _) in REGISTRY.items():
                with w.cursor().copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in getattr(registry, field):
                        copy.write_row(row)
            rows: dict[str, list[tuple]] = defaultdict(list)
            for n, stored in enumerate(documents, 1):
                for table, batch in document_rows(stored.record, stored.links, stored.ingested_at).items():
                    rows[table].extend(batch)
                if n % CHUNK == 0:
                    send(w, rows)
                    rows.clear()
            send(w, rows)
        return n
