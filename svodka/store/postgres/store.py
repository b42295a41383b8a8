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

import datetime as dt
import threading
from contextlib import contextmanager
from typing import Iterable, Iterator

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from svodka.store.base import NotAKnowledgeBase, ReadOnlyKnowledgeBase, StoreError, UnreachableKnowledgeBase
from svodka.store.postgres import corrections, setup
from svodka.store.postgres.copying import Copying
from svodka.store.postgres.location import Location, connection_problem
from svodka.store.postgres.reads import Reads
from svodka.store.postgres.text import tsvector
from svodka.store.records import DocumentRecord, WriteResult
from svodka.store.resolve import resolve_document
from svodka.store.rows import fact_columns, references, value_columns

PER_DOCUMENT_TABLES = ("entity", "mention", "value", "fact", "fact_entity", "evidence")
INSERTS = {
    "entity": "INSERT INTO entity VALUES (%s,%s,%s,%s,%s,%s,%s,%s)",
    "mention": 'INSERT INTO mention (doc_id, n, entity_id, start, "end") VALUES (%s,%s,%s,%s,%s)',
    "value": "INSERT INTO value VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
    "fact": "INSERT INTO fact VALUES (%s,%s,%s,%s,%s,%s,%s,%s)",
    "fact_entity": "INSERT INTO fact_entity VALUES (%s,%s,%s,%s)",
    "evidence": 'INSERT INTO evidence VALUES (%s,%s,%s,%s)',
}
MAX_READERS = 8
WAIT_FOR_READER = 30.0  # seconds a read waits for a free pooled connection


class PostgresStore(Reads, Copying):
    def __init__(self, location: str, readonly: bool = False):
        self.where = Location.parse(location)
        self.path = self.where.shown  # what messages name
        self.readonly = readonly
        self.migrated_from: int | None = None
        self._lock = threading.RLock()  # one write transaction at a time in this process
        self._local = threading.local()  # whether this thread is inside one
        self._writer: psycopg.Connection | None = None
        self._neighbours: dict[int, set[int]] = {}
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
        """A pooled connection in one read-only snapshot, for one answer."""
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
            for record in batch:
                doc_id = record.doc["id"]
                self._neighbours.clear()  # the last document's links changed them
                old = w.execute("SELECT hash FROM document WHERE id = %s", (doc_id,)).fetchone()
                if old and old[0] == record.digest:
                    result.unchanged.append(doc_id)
                    continue
                if old:
                    self._delete(w, doc_id)
                    result.replaced.append(doc_id)
                else:
                    result.added.append(doc_id)
                self._insert(w, record)
            if result.replaced:
                self._drop_orphans(w)
        return result

    @staticmethod
    def _delete(w: psycopg.Connection, doc_id: str) -> None:
        for table in (*PER_DOCUMENT_TABLES, "document"):
            w.execute(f"DELETE FROM {table} WHERE {'id' if table == 'document' else 'doc_id'} = %s", (doc_id,))

    @staticmethod
    def _drop_orphans(w: psycopg.Connection) -> None:
        """KB entities no document links to any more, unless a person made or kept them."""
        orphans = ("SELECT k.id FROM kb_entity k WHERE k.pinned = 0 "
                   "AND NOT EXISTS (SELECT 1 FROM entity e WHERE e.kb_id = k.id)")
        for table in ("alias", "person_name"):
            w.execute(f"DELETE FROM {table} WHERE kb_id IN ({orphans})")
        w.execute(f"DELETE FROM kb_entity WHERE id IN ({orphans})")

    def _insert(self, w: psycopg.Connection, record: DocumentRecord, links: dict[str, int] | None = None,
                ingested_at: str | None = None) -> None:
        """Store one document, its entities linked by ``resolve`` (or as ``links`` says, when a
        copy brings them)."""
        doc = record.doc
        doc_id = doc["id"]
        w.execute("INSERT INTO document (id, source, date, hash, text, ingested_at, title, url, lemmas, tsv) "
                  "VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s::tsvector)",
                  (doc_id, doc.get("source"), doc.get("date"), record.digest, doc["text"],
                   ingested_at or dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                   doc.get("title"), doc.get("url"), record.lemmas, tsvector(record.lemmas)))
        entities = doc.get("entities") or []
        if links is None:
            links = resolve_document(doc_id, entities, self)
        cur = w.cursor()
        for table, rows in document_rows(record, links).items():
            if rows:
                cur.executemany(INSERTS[table], rows)

    # -- Registry, for resolve (inside a write transaction) -------------------------------------

    def override(self, doc_id: str, type_: str, name: str) -> int | None:
        row = self._writer.execute("SELECT kb_id FROM link_override WHERE doc_id = %s AND type = %s AND name = %s",
                                   (doc_id, type_, name)).fetchone()
        return row[0] if row else None

    def by_keys(self, keys: list[str]) -> list[tuple[str, int]]:
        return [tuple(r) for r in self._writer.execute("SELECT key, kb_id FROM alias WHERE key = ANY(%s)", (keys,))]

    def persons(self, surname: str) -> list[tuple[int, str]]:
        return [tuple(r) for r in self._writer.execute("SELECT kb_id, given FROM person_name WHERE surname = %s",
                                                       (surname,))]

    def neighbours(self, kb_id: int) -> set[int]:
        if kb_id not in self._neighbours:
            self._neighbours[kb_id] = {r[0] for r in self._writer.execute(
                "SELECT DISTINCT b.kb_id FROM entity a JOIN entity b ON b.doc_id = a.doc_id "
                "WHERE a.kb_id = %s AND b.kb_id <> %s", (kb_id, kb_id))}
        return self._neighbours[kb_id]

    def create(self, type_: str, subtype: str | None, name: str, ref: str | None) -> int:
        return self._writer.execute("INSERT INTO kb_entity (type, subtype, name, ref) VALUES (%s,%s,%s,%s) "
                                    "RETURNING id", (type_, subtype, name, ref)).fetchone()[0]

    def add_keys(self, kb_id: int, keys: Iterable[str]) -> None:
        self._writer.execute("INSERT INTO alias SELECT unnest(%s::text[]), %s ON CONFLICT DO NOTHING",
                             (list(keys), kb_id))

    def add_person_name(self, kb_id: int, surname: str, given: str | None) -> None:
        self._writer.execute("INSERT INTO person_name VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                             (surname, given or "", kb_id))

    def rename(self, kb_id: int, name: str) -> None:
        self._writer.execute("UPDATE kb_entity SET name = %s WHERE id = %s", (name, kb_id))

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


def document_rows(record: DocumentRecord, links: dict[str, int]) -> dict[str, list[tuple]]:
    """The rows of one document's parts, by table."""
    doc = record.doc
    doc_id, entities, facts = doc["id"], doc.get("entities") or [], doc.get("facts") or []
    ids = {e["id"] for e in entities}
    mentions = [(e["id"], m) for e in entities for m in e.get("mentions") or []]
    return {
        "entity": [(doc_id, e["id"], e["type"], e.get("subtype"), e["name"], e.get("ref"), links[e["id"]],
                    len(e.get("mentions") or [])) for e in entities],
        "mention": [(doc_id, n, eid, m["start"], m["end"]) for n, (eid, m) in enumerate(mentions)],
        "value": [(doc_id, n, *value_columns(v)) for n, v in enumerate(doc.get("values") or [])],
        "fact": [(doc_id, n, *fact_columns(f, record.metric_lemmas.get(n))) for n, f in enumerate(facts)],
        "fact_entity": [(doc_id, n, role, ref) for n, f in enumerate(facts) for role, ref in references(f, ids)],
        "evidence": [(doc_id, n, ev["start"], ev["end"]) for n, f in enumerate(facts) for ev in f.get("evidence") or []],
    }


def _snapshot_reader(con: psycopg.Connection) -> None:
    """A pooled reader: each use is one read-only REPEATABLE READ transaction (the pool commits it
    when the connection goes back)."""
    con.autocommit = False
    con.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    con.read_only = True


def _refused(where: Location, error: psycopg.Error) -> StoreError:
    first = next((line.strip() for line in str(error).splitlines() if line.strip()), type(error).__name__)
    return StoreError(f"{where.shown}: PostgreSQL refused: {first}")
