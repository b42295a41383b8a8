"""The SQLite backend: one file, WAL mode, so readers query while ingest writes, and every batch
is one transaction: a killed ingest loses only the batch it was writing.

Writes go in with ``executemany`` per document and table; reads live in ``sqlite_read``."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from importlib import resources
from pathlib import Path
from typing import Iterable

from svodka.store.model import WriteResult
from svodka.store.resolve import resolve_document
from svodka.store.sqlite_read import Reads

SCHEMA_VERSION = "2"  # 2: index on entity names
# Fact fields that hold offsets or values, never entity ids.
NOT_REFERENCES = {"type", "evidence", "value", "quote", "period", "change", "status", "date",
                  "deadline", "metric", "kind", "subject", "action", "role"}
PER_DOCUMENT_TABLES = ("entity", "mention", "value", "fact", "fact_entity", "evidence")


def connect(path: str | Path) -> sqlite3.Connection:
    con = sqlite3.connect(str(path), timeout=60, isolation_level=None, check_same_thread=False)
    con.execute("PRAGMA busy_timeout = 60000")
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: a killed process loses nothing committed
    return con


class SQLiteStore(Reads):
    def __init__(self, path: str | Path, morph=None):
        self.path = str(path)
        self.con = connect(self.path)
        self._morph = morph
        self._neighbours: dict[int, set[int]] = {}
        if self.con.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone() is None:
            self._apply_schema()
        elif self.con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() != (SCHEMA_VERSION,):
            self._upgrade()

    def _apply_schema(self) -> None:
        """Every statement of the schema is IF NOT EXISTS: applying it again adds only what is new."""
        schema = resources.files("svodka.store").joinpath("schema.sql").read_text(encoding="utf-8")
        with self.transaction():
            for statement in _statements(schema):
                self.con.execute(statement)
            self.con.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))

    def _upgrade(self) -> None:
        """A file an older svodka wrote gets the new indexes; while another process writes, the
        next opening does it (queries only run slower without them)."""
        self.con.execute("PRAGMA busy_timeout = 0")
        try:
            self._apply_schema()
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) and "busy" not in str(e):
                raise
        finally:
            self.con.execute("PRAGMA busy_timeout = 60000")

    # -- transactions -------------------------------------------------------------------------

    def transaction(self):
        return _Transaction(self.con)

    def close(self) -> None:
        self.con.close()

    # -- writes ---------------------------------------------------------------------------------

    def hashes(self) -> dict[str, str]:
        return dict(self.con.execute("SELECT id, hash FROM document"))

    def write(self, batch: list[tuple[dict, str, str]]) -> WriteResult:
        result = WriteResult()
        with self.transaction():
            for doc, digest, lemmas in batch:
                self._neighbours.clear()  # the last document's links changed them
                old = self.con.execute("SELECT rowid, hash FROM document WHERE id = ?", (doc["id"],)).fetchone()
                if old and old[1] == digest:
                    result.unchanged.append(doc["id"])
                    continue
                if old:
                    self._delete(doc["id"], old[0])
                    result.replaced.append(doc["id"])
                else:
                    result.added.append(doc["id"])
                self._insert(doc, digest, lemmas)
            if result.replaced:
                self._drop_orphans()
        return result

    def _delete(self, doc_id: str, rowid: int) -> None:
        for table in PER_DOCUMENT_TABLES:
            self.con.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
        self.con.execute("DELETE FROM doc_fts WHERE rowid = ?", (rowid,))
        self.con.execute("DELETE FROM document WHERE rowid = ?", (rowid,))

    def _drop_orphans(self) -> None:
        """KB entities no document links to any more, unless a person made or kept them."""
        orphans = "SELECT id FROM kb_entity WHERE pinned = 0 AND id NOT IN (SELECT kb_id FROM entity)"
        for table in ("alias", "person_name"):
            self.con.execute(f"DELETE FROM {table} WHERE kb_id IN ({orphans})")
        self.con.execute(f"DELETE FROM kb_entity WHERE id IN ({orphans})")

    def _insert(self, doc: dict, digest: str, lemmas: str) -> None:
        con, doc_id = self.con, doc["id"]
        cur = con.execute("INSERT INTO document (id, source, date, hash, text, ingested_at) VALUES (?,?,?,?,?,?)",
                          (doc_id, doc.get("source"), doc.get("date"), digest, doc["text"],
                           dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")))
        con.execute("INSERT INTO doc_fts (rowid, lemmas) VALUES (?, ?)", (cur.lastrowid, lemmas))
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
                        [self._fact_row(doc_id, n, f) for n, f in enumerate(facts)])
        con.executemany("INSERT INTO fact_entity VALUES (?,?,?,?)",
                        [(doc_id, n, role, ref) for n, f in enumerate(facts) for role, ref in _references(f, ids)])
        con.executemany('INSERT INTO evidence VALUES (?,?,?,?)',
                        [(doc_id, n, ev["start"], ev["end"]) for n, f in enumerate(facts)
                         for ev in f.get("evidence") or []])

    def _fact_row(self, doc_id: str, n: int, f: dict) -> tuple:
        period = f.get("period") if isinstance(f.get("period"), dict) else None
        date = f.get("date") or f.get("deadline") or (period or {}).get("end")
        metric = f.get("metric")
        metric_lemmas = None
        if metric and self._morph is not None:
            from svodka.store.text import lemma_text
            metric_lemmas = f" {lemma_text(metric, self._morph)} "
        return (doc_id, n, f["type"], f.get("status"), date, metric, metric_lemmas,
                json.dumps(f, ensure_ascii=False))

    # -- Registry, for resolve ------------------------------------------------------------------

    def override(self, doc_id: str, type_: str, name: str) -> int | None:
        row = self.con.execute("SELECT kb_id FROM link_override WHERE doc_id = ? AND type = ? AND name = ?",
                               (doc_id, type_, name)).fetchone()
        return row[0] if row else None

    def by_keys(self, keys: list[str]) -> list[tuple[str, int]]:
        marks = ",".join("?" * len(keys))
        return list(self.con.execute(f"SELECT key, kb_id FROM alias WHERE key IN ({marks})", keys))

    def persons(self, surname: str) -> list[tuple[int, str]]:
        return list(self.con.execute("SELECT kb_id, given FROM person_name WHERE surname = ?", (surname,)))

    def neighbours(self, kb_id: int) -> set[int]:
        if kb_id not in self._neighbours:
            self._neighbours[kb_id] = {r[0] for r in self.con.execute(
                "SELECT DISTINCT b.kb_id FROM entity a JOIN entity b ON b.doc_id = a.doc_id "
                "WHERE a.kb_id = ? AND b.kb_id != ?", (kb_id, kb_id))}
        return self._neighbours[kb_id]

    def create(self, type_: str, subtype: str | None, name: str, ref: str | None) -> int:
        return self.con.execute("INSERT INTO kb_entity (type, subtype, name, ref) VALUES (?,?,?,?)",
                                (type_, subtype, name, ref)).lastrowid

    def add_keys(self, kb_id: int, keys: Iterable[str]) -> None:
        self.con.executemany("INSERT OR IGNORE INTO alias VALUES (?, ?)", [(k, kb_id) for k in keys])

    def add_person_name(self, kb_id: int, surname: str, given: str | None) -> None:
        self.con.execute("INSERT OR IGNORE INTO person_name VALUES (?, ?, ?)", (surname, given or "", kb_id))

    def rename(self, kb_id: int, name: str) -> None:
        self.con.execute("UPDATE kb_entity SET name = ? WHERE id = ?", (name, kb_id))

    # -- a person's corrections -----------------------------------------------------------------

    def merge(self, keep: int, drop: int) -> None:
        """``drop`` becomes ``keep``: its links, keys and name forms, now and on every re-ingest."""
        with self.transaction():
            self._require(keep), self._require(drop)
            con = self.con
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
        with self.transaction():
            kb = self._require(kb_id)
            rows = list(self.con.execute("SELECT type, name, subtype, ref FROM entity WHERE doc_id = ? AND kb_id = ?",
                                         (doc_id, kb_id)))
            if not rows:
                raise ValueError(f"document {doc_id!r} has no entity linked to #{kb_id} {kb.name}")
            type_, doc_name, subtype, ref = rows[0]
            new = self.create(type_, subtype, name or doc_name, ref)
            self.con.execute("UPDATE kb_entity SET pinned = 1 WHERE id = ?", (new,))
            self.con.execute("UPDATE entity SET kb_id = ? WHERE doc_id = ? AND kb_id = ?", (new, doc_id, kb_id))
            self.con.executemany("INSERT OR REPLACE INTO link_override VALUES (?,?,?,?)",
                                 [(doc_id, t, n, new) for t, n, _, _ in rows])
            if type_ == "PER":
                from svodka.store.keys import person_name
                for _, n, _, _ in rows:
                    p = person_name(n)
                    self.add_person_name(new, p.surname, p.given)
            self._log("split", {"from": kb_id, "doc": doc_id, "into": new})
            return new

    def _log(self, kind: str, detail: dict) -> None:
        self.con.execute("INSERT INTO correction (at, kind, detail) VALUES (?,?,?)",
                         (dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), kind, json.dumps(detail)))


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception; nests by doing nothing inside."""

    def __init__(self, con: sqlite3.Connection):
        self.con = con
        self.outer = False

    def __enter__(self):
        if not self.con.in_transaction:
            self.con.execute("BEGIN IMMEDIATE")
            self.outer = True
        return self.con

    def __exit__(self, kind, exc, tb):
        if self.outer:
            self.con.execute("ROLLBACK" if kind else "COMMIT")
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


def _references(fact: dict, ids: set[str]) -> Iterable[tuple[str, str]]:
    """(role, entity id) for every field holding an entity id or a list of them, whatever the type."""
    for role, value in fact.items():
        if role in NOT_REFERENCES:
            continue
        if isinstance(value, str) and value in ids:
            yield role, value
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, str) and item in ids:
                    yield role, item
