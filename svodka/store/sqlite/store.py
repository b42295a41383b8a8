"""The SQLite backend: one file, WAL mode, so readers query while ingest writes, and every batch
is one transaction: a killed ingest loses only the batch it was writing.

Connections as Datasette keeps them: one writer, held by one thread at a time for a whole
transaction, and one reader per thread (a SQLite connection must not be shared across threads).
Writes go in with ``executemany`` per document and table; reads live in ``reads.py``, the FTS5
syntax in ``fts.py``."""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
from pathlib import Path
from typing import Iterable

from svodka.store.base import NotAKnowledgeBase, ReadOnlyKnowledgeBase
from svodka.store.records import DocumentRecord, WriteResult
from svodka.store.resolve import resolve_document
from svodka.store.rows import fact_columns, references, value_columns
from svodka.store.sqlite import corrections, files
from svodka.store.sqlite.copying import Copying
from svodka.store.sqlite.reads import Reads

PER_DOCUMENT_TABLES = ("entity", "mention", "value", "fact", "fact_entity", "evidence")


class SQLiteStore(Reads, Copying):
    def __init__(self, path: str | Path, readonly: bool = False):
        self.path = str(path)
        self.readonly = readonly
        self.migrated_from: int | None = None
        self._local = threading.local()  # this thread's reader; whether it holds the writer
        self._lock = threading.RLock()
        self._connections: list[sqlite3.Connection] = []
        self._writer: sqlite3.Connection | None = None
        if readonly:
            self._check_readable()
        else:
            self._prepare_for_writing()

    def _check_readable(self) -> None:
        if not Path(self.path).is_file():
            raise NotAKnowledgeBase(f"no knowledge base at {self.path}")
        version = files.schema_version(self.con, self.path)
        if version is None:
            raise NotAKnowledgeBase(f"{self.path} is empty: no knowledge base yet")

    def _prepare_for_writing(self) -> None:
        """Identify the file, check it, then (and only then) switch it to WAL and bring its
        schema up to date."""
        if Path(self.path).is_file() and not _writable(self.path):
            raise ReadOnlyKnowledgeBase(f"{self.path} may not be written: nothing was stored")
        w = self.writer
        version = files.schema_version(w, self.path)
        if version is not None:
            files.check_integrity(w, self.path)
        files.use_wal(w)
        self.migrated_from = files.create_or_upgrade(w, version)

    # -- connections and transactions ---------------------------------------------------------

    @property
    def con(self) -> sqlite3.Connection:
        """This thread's read connection."""
        con = getattr(self._local, "reader", None)
        if con is None:
            con = self._local.reader = self._open(self.readonly)
        return con

    @property
    def writer(self) -> sqlite3.Connection:
        if self._writer is None:
            if self.readonly:
                raise ReadOnlyKnowledgeBase(f"{self.path} is open read-only: nothing was stored")
            self._writer = self._open(False)
        return self._writer

    def _open(self, readonly: bool) -> sqlite3.Connection:
        con = files.connect(self.path, readonly)
        with self._lock:
            self._connections.append(con)
        return con

    def transaction(self):
        """The writer in one transaction (BEGIN IMMEDIATE); other threads wait for it."""
        return _Transaction(self)

    def close(self) -> None:
        with self._lock:
            for con in self._connections:
                con.close()
            self._connections.clear()
            self._writer = None
            self._local = threading.local()

    # -- writes ---------------------------------------------------------------------------------

    def hashes(self) -> dict[str, str]:
        return dict(self.con.execute("SELECT id, hash FROM document"))

    def write(self, batch: list[DocumentRecord]) -> WriteResult:
        result = WriteResult()
        with self.transaction() as w:
            for record in batch:
                doc_id = record.doc["id"]
                old = w.execute("SELECT rowid, hash FROM document WHERE id = ?", (doc_id,)).fetchone()
                if old and old[1] == record.digest:
                    result.unchanged.append(doc_id)
                    continue
                if old:
                    self._delete(doc_id, old[0])
                    result.replaced.append(doc_id)
                else:
                    result.added.append(doc_id)
                self._insert(record)
            if result.replaced:
                self._drop_orphans()
        return result

    def _delete(self, doc_id: str, rowid: int) -> None:
        for table in PER_DOCUMENT_TABLES:
            self.writer.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
        self.writer.execute("DELETE FROM doc_fts WHERE rowid = ?", (rowid,))
        self.writer.execute("DELETE FROM document WHERE rowid = ?", (rowid,))

    def _drop_orphans(self) -> None:
        """KB entities no document links to any more, unless a person made or kept them."""
        orphans = "SELECT id FROM kb_entity WHERE pinned = 0 AND id NOT IN (SELECT kb_id FROM entity)"
        for table in ("alias", "person_name"):
            self.writer.execute(f"DELETE FROM {table} WHERE kb_id IN ({orphans})")
        self.writer.execute(f"DELETE FROM kb_entity WHERE id IN ({orphans})")

    def _insert(self, record: DocumentRecord, links: dict[str, int] | None = None,
                ingested_at: str | None = None) -> None:
        """Store one document, its entities linked by ``resolve`` (or as ``links`` says, when a
        copy brings them)."""
        con, doc = self.writer, record.doc
        doc_id = doc["id"]
        cur = con.execute("INSERT INTO document (id, source, date, hash, text, ingested_at, title, url) "
                          "VALUES (?,?,?,?,?,?,?,?)",
                          (doc_id, doc.get("source"), doc.get("date"), record.digest, doc["text"],
                           ingested_at or dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                           doc.get("title"), doc.get("url")))
        con.execute("INSERT INTO doc_fts (rowid, lemmas) VALUES (?, ?)", (cur.lastrowid, record.lemmas))
        entities = doc.get("entities") or []
        if links is None:
            links = resolve_document(doc_id, entities, self)
        con.executemany("INSERT INTO entity VALUES (?,?,?,?,?,?,?,?)",
                        [(doc_id, e["id"], e["type"], e.get("subtype"), e["name"], e.get("ref"),
                          links[e["id"]], len(e.get("mentions") or [])) for e in entities])
        con.executemany('INSERT INTO mention VALUES (?,?,?,?)',
                        [(doc_id, e["id"], m["start"], m["end"]) for e in entities for m in e.get("mentions") or []])
        con.executemany("INSERT INTO value VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                        [(doc_id, n, *value_columns(v)) for n, v in enumerate(doc.get("values") or [])])
        ids = {e["id"] for e in entities}
        facts = doc.get("facts") or []
        con.executemany("INSERT INTO fact VALUES (?,?,?,?,?,?,?,?)",
                        [(doc_id, n, *fact_columns(f, record.metric_lemmas.get(n))) for n, f in enumerate(facts)])
        con.executemany("INSERT INTO fact_entity VALUES (?,?,?,?)",
                        [(doc_id, n, role, ref) for n, f in enumerate(facts) for role, ref in references(f, ids)])
        con.executemany('INSERT INTO evidence VALUES (?,?,?,?)',
                        [(doc_id, n, ev["start"], ev["end"]) for n, f in enumerate(facts)
                         for ev in f.get("evidence") or []])

    # -- Registry, for resolve ------------------------------------------------------------------

    def override(self, doc_id: str, type_: str, name: str) -> int | None:
        row = self.writer.execute("SELECT kb_id FROM link_override WHERE doc_id = ? AND type = ? AND name = ?",
                               (doc_id, type_, name)).fetchone()
        return row[0] if row else None

    def by_keys(self, keys: list[str]) -> list[tuple[str, int]]:
        marks = ",".join("?" * len(keys))
        return list(self.writer.execute(f"SELECT key, kb_id FROM alias WHERE key IN ({marks})", keys))

    def persons(self, surname: str) -> list[tuple[int, str]]:
        return list(self.writer.execute("SELECT kb_id, given FROM person_name WHERE surname = ?", (surname,)))

    def shared(self, kb_id: int, others: set[int]) -> set[int]:
        wanted = sorted(others - {kb_id})
        if not wanted:
            return set()
        marks = ",".join("?" * len(wanted))
        return {r[0] for r in self.writer.execute(
            f"SELECT DISTINCT b.kb_id FROM entity a JOIN entity b ON b.doc_id = a.doc_id "
            f"WHERE a.kb_id = ? AND b.kb_id IN ({marks})", (kb_id, *wanted))}

    def create(self, type_: str, subtype: str | None, name: str, ref: str | None) -> int:
        return self.writer.execute("INSERT INTO kb_entity (type, subtype, name, ref) VALUES (?,?,?,?)",
                                (type_, subtype, name, ref)).lastrowid

    def add_keys(self, kb_id: int, keys: Iterable[str]) -> None:
        self.writer.executemany("INSERT OR IGNORE INTO alias VALUES (?, ?)", [(k, kb_id) for k in keys])

    def add_person_name(self, kb_id: int, surname: str, given: str | None) -> None:
        self.writer.execute("INSERT OR IGNORE INTO person_name VALUES (?, ?, ?)", (surname, given or "", kb_id))

    def rename(self, kb_id: int, name: str) -> None:
        self.writer.execute("UPDATE kb_entity SET name = ? WHERE id = ?", (name, kb_id))

    # -- a person's corrections -----------------------------------------------------------------

    def merge(self, keep: int, drop: int) -> None:
        with self.transaction() as con:
            self._require(keep, con), self._require(drop, con)
            corrections.merge(con, keep, drop)

    def split(self, kb_id: int, doc_id: str, entity_id: str, name: str | None = None) -> int:
        with self.transaction() as con:
            self._require(kb_id, con)
            row = con.execute("SELECT type, name, subtype, ref FROM entity WHERE doc_id = ? AND id = ? AND kb_id = ?",
                              (doc_id, entity_id, kb_id)).fetchone()
            if row is None:
                raise ValueError(f"document {doc_id!r} has no entity {entity_id} linked to #{kb_id}")
            type_, doc_name, subtype, ref = row
            new = self.create(type_, subtype, name or doc_name, ref)
            corrections.split(con, kb_id, doc_id, entity_id, new)
            return new

    def undo(self) -> dict | None:
        with self.transaction() as con:
            return corrections.undo(con)


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception; nests by doing nothing inside.
    The thread that begins it holds the store's lock until it ends, so the one writer connection
    serves one transaction at a time."""

    def __init__(self, store: SQLiteStore):
        self.store = store
        self.outer = False

    def __enter__(self) -> sqlite3.Connection:
        local = self.store._local
        if not getattr(local, "writing", False):
            self.store._lock.acquire()
            try:
                self.store.writer.execute("BEGIN IMMEDIATE")
            except BaseException:
                self.store._lock.release()
                raise
            self.outer = local.writing = True
        return self.store.writer

    def __exit__(self, kind, exc, tb):
        if self.outer:
            try:
                self.store.writer.execute("ROLLBACK" if kind else "COMMIT")
            finally:
                self.store._local.writing = False
                self.store._lock.release()
        return False


def _writable(path: str) -> bool:
    """The file and its folder (where the -wal and -shm files go) may be written."""
    return os.access(path, os.W_OK) and os.access(os.path.dirname(os.path.abspath(path)), os.W_OK)
