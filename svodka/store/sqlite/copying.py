"""A SQLite knowledge base dumped as records and loaded from them (``svodka copy``): documents as
ingest wrote them, lemmas included, with their links, and the KB entities with every key, name
form, override and correction, ids kept."""
from __future__ import annotations

import sqlite3
from typing import Iterable, Iterator

from svodka.store.base import StoreError
from svodka.store.records import DocumentRecord, EntityRegistry, StoredDocument

REGISTRY_QUERIES = {
    "entities": "SELECT id, type, subtype, name, ref, pinned FROM kb_entity ORDER BY id",
    "aliases": "SELECT key, kb_id FROM alias ORDER BY kb_id, key",
    "person_names": "SELECT surname, given, kb_id FROM person_name ORDER BY kb_id, surname, given",
    "overrides": "SELECT doc_id, type, name, kb_id FROM link_override ORDER BY doc_id, type, name",
    "corrections": "SELECT id, at, kind, detail, undone FROM correction ORDER BY id",
}
REGISTRY_INSERTS = {
    "entities": "INSERT INTO kb_entity (id, type, subtype, name, ref, pinned) VALUES (?,?,?,?,?,?)",
    "aliases": "INSERT INTO alias VALUES (?,?)",
    "person_names": "INSERT INTO person_name VALUES (?,?,?)",
    "overrides": "INSERT INTO link_override VALUES (?,?,?,?)",
    "corrections": "INSERT INTO correction (id, at, kind, detail, undone) VALUES (?,?,?,?,?)",
}


class Copying:
    con: sqlite3.Connection

    def dump(self) -> tuple[EntityRegistry, Iterator[StoredDocument]]:
        con = self.con
        con.execute("BEGIN")  # one snapshot for the registry and every document
        try:
            registry = EntityRegistry(**{name: [tuple(r) for r in con.execute(sql)]
                                         for name, sql in REGISTRY_QUERIES.items()})
            ids = [r[0] for r in con.execute("SELECT id FROM document ORDER BY id")]
        except BaseException:
            con.execute("COMMIT")
            raise
        return registry, self._documents(ids)

    def _documents(self, ids: list[str]) -> Iterator[StoredDocument]:
        try:
            for doc_id in ids:
                yield self._stored(doc_id)
        finally:
            if self.con.in_transaction:
                self.con.execute("COMMIT")

    def _stored(self, doc_id: str) -> StoredDocument:
        doc = self.document(doc_id)
        links = {e["id"]: e.pop("kb_id") for e in doc["entities"]}
        digest, lemmas, at = self.con.execute(
            "SELECT d.hash, f.lemmas, d.ingested_at FROM document d JOIN doc_fts f ON f.rowid = d.rowid "
            "WHERE d.id = ?", (doc_id,)).fetchone()
        metric = {n: m.strip() for n, m in self.con.execute(
            "SELECT n, metric_lemmas FROM fact WHERE doc_id = ? AND metric_lemmas IS NOT NULL", (doc_id,))}
        return StoredDocument(DocumentRecord(doc, digest, lemmas, metric), links, at)

    def load(self, registry: EntityRegistry, documents: Iterable[StoredDocument]) -> int:
        n = 0
        with self.transaction() as w:
            held = w.execute("SELECT (SELECT COUNT(*) FROM document) + (SELECT COUNT(*) FROM kb_entity) "
                             "+ (SELECT COUNT(*) FROM correction)").fetchone()[0]
            if held:
                raise StoreError(f"{self.path} is not empty: a copy goes into a new knowledge base")
            for name, sql in REGISTRY_INSERTS.items():
                w.executemany(sql, getattr(registry, name))
            for stored in documents:
                self._insert(stored.record, stored.links, stored.ingested_at)
                n += 1
        return n
