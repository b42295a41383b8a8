"""The SQLite backend: one file, WAL mode, so readers query while ingest writes, and every batch
is one transaction: a killed ingest loses only the batch it was writing.

Connections as Datasette keeps them: one writer, held by one thread at a time for a whole
transaction, and one reader per thread (a SQLite connection must not be shared across threads).
Writes go in with ``executemany`` per document and table; reads live in ``reads.py``, the FTS5
syntax in ``fts.py``."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from importlib import resources
from pathlib import Path
from typing import Iterable

from svodka.facts.schema import reference_fields
from svodka.store.keys import person_name
from svodka.store.records import DocumentRecord, WriteResult
from svodka.store.resolve import resolve_document
from svodka.store.sqlite.reads import Reads

SCHEMA_VERSION = "2"  # 2: index on entity names
PER_DOCUMENT_TABLES = ("entity", "mention", "value", "fact", "fact_entity", "evidence")


def connect(path: str | Path) -> sqlite3.Connection:
    con = sqlite3.connect(str(path), timeout=60, isolation_level=None, check_same_thread=False)
    con.execute("PRAGMA busy_timeout = 60000")
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: a killed process loses nothing committed
    return con


class SQLiteStore(Reads):
    def __init__(self, path: str | Path, readonly: bool = False):
        self.path = str(path)
        self.readonly = readonly
        self._local = threading.local()  # this thread's reader; whether it holds the writer
        self._lock = threading.RLock()
        self._connections: list[sqlite3.Connection] = []
        self._writer: sqlite3.Connection | None = None
        self._neighbours: dict[int, set[int]] = {}
        if not readonly:
            w = self.writer
            if w.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone() is None:
                self._apply_schema()
            elif w.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() != (SCHEMA_VERSION,):
                self._upgrade()

    # -- connections and transactions ---------------------------------------------------------

    @property
    def con(self) -> sqlite3.Connection:
        """This thread's read connection."""
        con = getattr(self._local, "reader", None)
        if con is None:
            con = self._local.reader = self._open()
        return con

    @property
    def writer(self) -> sqlite3.Connection:
        if self._writer is None:
            if self.readonly:
                raise sqlite3.OperationalError(f"{self.path} is open read-only")
            self._writer = self._open()
        return self._writer

    def _open(self) -> sqlite3.Connection:
        con = connect(self.path)
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

    def _apply_schema(self) -> None:
        """Every statement of the schema is IF NOT EXISTS: applying it again adds only what is new."""
        schema = resources.files("svodka.store.sqlite").joinpath("schema.sql").read_text(encoding="utf-8")
        with self.transaction() as w:
            for statement in _statements(schema):
                w.execute(statement)
            w.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))

    def _upgrade(self) -> None:
        """A file an older svodka wrote gets the new indexes; while another process writes, the
        next opening does it (queries only run slower without them)."""
        self.writer.execute("PRAGMA busy_timeout = 0")
        try:
            self._apply_schema()
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) and "busy" not in str(e):
                raise
        finally:
            self.writer.execute("PRAGMA busy_timeout = 60000")

    # -- writes ---------------------------------------------------------------------------------

    def hashes(self) -> dict[str, str]:
        return dict(self.con.execute("SELECT id, hash FROM document"))

    def write(self, batch: list[DocumentRecord]) -> WriteResult:
        result = WriteResult()
        with self.transaction() as w:
            for record in batch:
                doc_id = record.doc["id"]
                self._neighbours.clear()  # the last document's links changed them
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

    def _insert(self, record: DocumentRecord) -> None:
        con, doc = self.writer, record.doc
        doc_id = doc["id"]
        cur = con.execute("INSERT INTO document (id, source, date, hash, text, ingested_at) VALUES (?,?,?,?,?,?)",
                          (doc_id, doc.get("source"), doc.get("date"), record.digest, doc["text"],
                           dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")))
        con.execute("INSERT INTO doc_fts (rowid, lemmas) VALUES (?, ?)", (cur.lastrowid, record.lemmas))
        entities = doc.get("entities") or []
        links = resolve_document(doc_id, entities, self)
        con.executemany("INSERT INTO entity VALUES (?,?,?,?,?,?,?,?)",
                        [(doc_id, e["id"], e["type"], e.get("subtype"), e["name"], e.get("ref"),
                          links[e["id"]], len(e.get("mentions") or [])) for e in entities])
        con.executemany('INSERT INTO mention VALUES (?,?,?,?)',
                        [(doc_id, e["id"], m["start"], m["end"]) for e in entities for m in e.get("mentions") or []])
        con.executemany("INSERT INTO value VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                        [_value_row(doc_id, n, v) for n, v in enumerate(doc.get("values") or [])])
        ids = {e["id"] for e in entities}
        facts = doc.get("facts") or []
        con.executemany("INSERT INTO fact VALUES (?,?,?,?,?,?,?,?)",
                        [_fact_row(doc_id, n, f, record.metric_lemmas.get(n)) for n, f in enumerate(facts)])
        con.executemany("INSERT INTO fact_entity VALUES (?,?,?,?)",
                        [(doc_id, n, role, ref) for n, f in enumerate(facts) for role, ref in _references(f, ids)])
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

    def neighbours(self, kb_id: int) -> set[int]:
        if kb_id not in self._neighbours:
            self._neighbours[kb_id] = {r[0] for r in self.writer.execute(
                "SELECT DISTINCT b.kb_id FROM entity a JOIN entity b ON b.doc_id = a.doc_id "
                "WHERE a.kb_id = ? AND b.kb_id != ?", (kb_id, kb_id))}
        return self._neighbours[kb_id]

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
        """``drop`` becomes ``keep``: its links, keys and name forms, now and on every re-ingest."""
        with self.transaction() as con:
            self._require(keep, con), self._require(drop, con)
            con.execute("UPDATE entity SET kb_id = ? WHERE kb_id = ?", (keep, drop))
            con.execute("UPDATE link_override SET kb_id = ? WHERE kb_id = ?", (keep, drop))
            con.execute("INSERT OR IGNORE INTO alias SELECT key, ? FROM alias WHERE kb_id = ?", (keep, drop))
            con.execute("INSERT OR IGNORE INTO person_name SELECT surname, given, ? FROM person_name WHERE kb_id = ?",
                        (keep, drop))
            for table in ("alias", "person_name"):
                con.execute(f"DELETE FROM {table} WHERE kb_id = ?", (drop,))
            con.execute("DELETE FROM kb_entity WHERE id = ?", (drop,))
            con.execute("UPDATE kb_entity SET pinned = 1 WHERE id = ?", (keep,))
            self._log("merge", {"keep": keep, "drop": drop})

    def split(self, kb_id: int, doc_id: str, name: str | None = None) -> int:
        """This document's entity linked to ``kb_id`` is someone else: a KB entity of its own,
        kept for this document on every re-ingest."""
        with self.transaction() as con:
            kb = self._require(kb_id, con)
            rows = list(con.execute("SELECT type, name, subtype, ref FROM entity WHERE doc_id = ? AND kb_id = ?",
                                    (doc_id, kb_id)))
            if not rows:
                raise ValueError(f"document {doc_id!r} has no entity linked to #{kb_id} {kb.name}")
            type_, doc_name, subtype, ref = rows[0]
            new = self.create(type_, subtype, name or doc_name, ref)
            con.execute("UPDATE kb_entity SET pinned = 1 WHERE id = ?", (new,))
            con.execute("UPDATE entity SET kb_id = ? WHERE doc_id = ? AND kb_id = ?", (new, doc_id, kb_id))
            con.executemany("INSERT OR REPLACE INTO link_override VALUES (?,?,?,?)",
                            [(doc_id, t, n, new) for t, n, _, _ in rows])
            if type_ == "PER":
                for _, n, _, _ in rows:
                    p = person_name(n)
                    self.add_person_name(new, p.surname, p.given)
            self._log("split", {"from": kb_id, "doc": doc_id, "into": new})
            return new

    def _log(self, kind: str, detail: dict) -> None:
        self.writer.execute("INSERT INTO correction (at, kind, detail) VALUES (?,?,?)",
                            (dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), kind, json.dumps(detail)))


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


def _statements(script: str) -> list[str]:
    """The schema's statements one by one (executescript would commit our transaction)."""
    out, buf = [], []
    for line in script.splitlines():
        code = line.split("--", 1)[0] if not line.strip().startswith("--") else ""
        buf.append(code)
        if code.rstrip().endswith(";") and sqlite3.complete_statement("\n".join(buf)):
            out.append("\n".join(buf).strip())
            buf = []
    return [s for s in out if s.strip(" ;\n")]


def _value_row(doc_id: str, n: int, v: dict) -> tuple:
    period = v.get("period") or {}
    return (doc_id, n, v.get("type"), v.get("start"), v.get("end"), v.get("amount"), v.get("currency"),
            v.get("unit"), period.get("start"), period.get("end"), v.get("qualifier"),
            json.dumps(v, ensure_ascii=False))


def _fact_row(doc_id: str, n: int, f: dict, metric_lemmas: str | None) -> tuple:
    period = f.get("period") if isinstance(f.get("period"), dict) else None
    date = f.get("date") or f.get("deadline") or (period or {}).get("end")
    return (doc_id, n, f["type"], f.get("status"), date, f.get("metric"),
            f" {metric_lemmas} " if metric_lemmas else None, json.dumps(f, ensure_ascii=False))


def _references(fact: dict, ids: set[str]) -> Iterable[tuple[str, str]]:
    """(field, entity id) for every entity id the fact's reference fields hold."""
    for name in reference_fields(fact["type"]):
        value = fact.get(name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item in ids:
                yield name, item
