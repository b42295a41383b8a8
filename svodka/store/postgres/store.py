"""The PostgreSQL backend: one schema holds the knowledge base, and any number of processes
write and read it at once.

Writers: every write transaction (a batch of documents, a merge, a split, an undo, a schema
upgrade) first takes the schema's advisory lock (``pg_advisory_xact_lock``), so writes happen
one transaction after another whichever process makes them, and each sees what the last one
committed (READ COMMITTED): a document another ingest stored meanwhile is found by its hash and
left alone, KB entities are linked as one process would link them, and rows that can meet a
concurrent insert go in as upserts (``ON CONFLICT``). A killed writer's transaction is rolled
back by the server and its lock released. Readers take a connection from a pool
(psycopg_pool) and read each answer in one REPEATABLE READ snapshot, so a batch shows whole or
not at all, and never wait for a writer."""
from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from svodka.store.base import NotAKnowledgeBase, ReadOnlyKnowledgeBase, StoreError, UnreachableKnowledgeBase
from svodka.store.postgres import corrections, setup
from svodka.store.postgres.copying import Copying
from svodka.store.postgres.location import Location, connection_problem
from svodka.store.postgres.reads import Reads
from svodka.store.postgres.registry import BatchRegistry, send
from svodka.store.postgres.tables import DELETES, document_rows
from svodka.store.records import DocumentRecord, WriteResult
from svodka.store.resolve import resolve_document

MAX_READERS = 8
WAIT_FOR_READER = 30.0  # seconds a read waits for a free pooled connection


class PostgresStore(Reads, Copying):
    def __init__(self, location: str, readonly: bool = False):
        self.where = Location.parse(location)
        self.path = self.where.shown  # what messages name
        self.readonly = readonly
        self.migrated_from: int | None = None
        self._lock = threading.RLock()  # one write transaction at a time in this process
        self._local = threading.local()  # whether this thread is inside one; its pinned snapshot
        self._writer: psycopg.Connection | None = None
        with self._connect() as con:
            self._prepare(con)
        self._pool = ConnectionPool(self.where.conninfo, min_size=1, max_size=MAX_READERS, kwargs=self._options(),
                                    configure=_snapshot_reader, timeout=WAIT_FOR_READER,
                                    name=f"svodka {self.where.shown}", open=True)

    def _options(self) -> dict:
        options = f"-c search_path={self.where.schema}"
        if self.readonly:
            options += " -c default_transaction_read_only=on"
        return {"options": options, "application_name": "svodka", "autocommit": True}

    def _connect(self) -> psycopg.Connection:
        try:
            return psycopg.connect(self.where.conninfo, **self._options())
        except psycopg.OperationalError as e:
            raise connection_problem(self.where, e) from None

    def _prepare(self, con: psycopg.Connection) -> None:
        """Identify the schema; for writing, create it or bring it up to date (one transaction)."""
        try:
            if not self.readonly:
                self.migrated_from = setup.create_or_upgrade(con, self.where)
                return
            version = setup.schema_version(con, self.where)
        except psycopg.Error as e:
            raise _refused(self.where, e) from None
        if version is None:
            raise NotAKnowledgeBase(f"no knowledge base at {self.where.shown} yet")
        if version < setup.SCHEMA_VERSION:
            raise StoreError(f"{self.where.shown} has schema {version}: open it once for writing "
                             "(svodka ingest, merge …) to upgrade it")
        if version > setup.SCHEMA_VERSION:
            raise NotAKnowledgeBase(f"{self.where.shown} has schema {version}, newer than this svodka "
                                    f"understands ({setup.SCHEMA_VERSION}): upgrade svodka")

    # -- connections and transactions ---------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[psycopg.Connection]:
        """A pooled connection in one read-only snapshot, for one answer; inside ``snapshot``,
        this thread's pinned one, so every answer reads the same state."""
        pinned = getattr(self._local, "snapshot", None)
        if pinned is not None:
            yield pinned
            return
        try:
            with self._pool.connection() as con:
                yield con
        except PoolTimeout as e:
            raise UnreachableKnowledgeBase(f"{self.where.shown}: no connection to PostgreSQL ({e})") from None
        except psycopg.OperationalError as e:
            raise connection_problem(self.where, e) from None
        except psycopg.Error as e:
            raise _refused(self.where, e) from None

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Connection]:
        """The writer connection in one transaction holding the schema's writer lock; nests by
        doing nothing inside. Commits at the end, rolls back on any exception."""
        if self.readonly:
            raise ReadOnlyKnowledgeBase(f"{self.where.shown} is open read-only: nothing was stored")
        if getattr(self._local, "writing", False):
            yield self._writer
            return
        with self._lock:
            self._local.writing = True
            try:
                if self._writer is None or self._writer.closed:
                    self._writer = self._connect()
                with self._writer.transaction():
                    setup.writer_lock(self._writer, self.where)
                    yield self._writer
            except psycopg.OperationalError as e:
                self._close_writer()
                raise connection_problem(self.where, e) from None
            except psycopg.Error as e:
                raise _refused(self.where, e) from None
            finally:
                self._local.writing = False

    def _close_writer(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def close(self) -> None:
        with self._lock:
            self._close_writer()
        self._pool.close()

    # -- writes ---------------------------------------------------------------------------------

    def hashes(self) -> dict[str, str]:
        with self.reading() as con:
            return dict(con.execute("SELECT id, hash FROM document").fetchall())

    def write(self, batch: list[DocumentRecord]) -> WriteResult:
        result = WriteResult()
        with self.transaction() as w:
            stored = dict(w.execute("SELECT id, hash FROM document WHERE id = ANY(%s)",
                                    ([r.doc["id"] for r in batch],)).fetchall())
            registry = BatchRegistry(w, batch)
            for record in batch:
                doc_id = record.doc["id"]
                if stored.get(doc_id) == record.digest:
                    result.unchanged.append(doc_id)
                    continue
                if doc_id in stored:
                    registry.flush()  # an earlier version may be among the rows queued
                    send(w, {}, {sql: [(doc_id,)] for sql in DELETES})
                    result.replaced.append(doc_id)
                else:
                    result.added.append(doc_id)
                links = resolve_document(doc_id, record.doc.get("entities") or [], registry)
                registry.add_rows(document_rows(record, links))
                stored[doc_id] = record.digest
            registry.flush()
            if result.replaced:
                self._drop_orphans(w)
        return result

    @staticmethod
    def _drop_orphans(w: psycopg.Connection) -> None:
        """KB entities no document links to any more, unless a person made or kept them."""
        orphans = ("SELECT k.id FROM kb_entity k WHERE k.pinned = 0 "
                   "AND NOT EXISTS (SELECT 1 FROM entity e WHERE e.kb_id = k.id)")
        for table in ("alias", "person_name"):
            w.execute(f"DELETE FROM {table} WHERE kb_id IN ({orphans})")
        w.execute(f"DELETE FROM kb_entity WHERE id IN ({orphans})")

    def create(self, type_: str, subtype: str | None, name: str, ref: str | None) -> int:
        """A new KB entity (a split's), with the next id: the highest + 1, as SQLite gives it."""
        return self._writer.execute(
            "INSERT INTO kb_entity (id, type, subtype, name, ref) SELECT COALESCE(MAX(id), 0) + 1, %s, %s, %s, %s "
            "FROM kb_entity RETURNING id", (type_, subtype, name, ref)).fetchone()[0]

    # -- a person's corrections -----------------------------------------------------------------

    def merge(self, keep: int, drop: int) -> None:
        with self.transaction() as con:
            self._require(keep, con), self._require(drop, con)
            corrections.merge(con, keep, drop)

    def split(self, kb_id: int, doc_id: str, entity_id: str, name: str | None = None) -> int:
        with self.transaction() as con:
            self._require(kb_id, con)
            row = con.execute("SELECT type, name, subtype, ref FROM entity WHERE doc_id = %s AND id = %s "
                              "AND kb_id = %s", (doc_id, entity_id, kb_id)).fetchone()
            if row is None:
                raise ValueError(f"document {doc_id!r} has no entity {entity_id} linked to #{kb_id}")
            type_, doc_name, subtype, ref = row
            new = self.create(type_, subtype, name or doc_name, ref)
            corrections.split(con, kb_id, doc_id, entity_id, new)
            return new

    def undo(self) -> dict | None:
        with self.transaction() as con:
            return corrections.undo(con)


def _snapshot_reader(con: psycopg.Connection) -> None:
    """A pooled reader: each use is one read-only REPEATABLE READ transaction (the pool commits it
    when the connection goes back)."""
    con.autocommit = False
    con.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    con.read_only = True


def _refused(where: Location, error: psycopg.Error) -> StoreError:
    first = next((line.strip() for line in str(error).splitlines() if line.strip()), type(error).__name__)
    return StoreError(f"{where.shown}: PostgreSQL refused: {first}")
