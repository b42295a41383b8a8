"""resolve's ``Registry`` over one write transaction, in few round trips.

A server is a round trip away (a tenth of a millisecond or more), where SQLite is a function
call; asked one question at a time, linking a document's entities would cost dozens of them.
Inside a write transaction this process holds the schema's writer lock, so nothing but its own
writes changes the keys, person names, overrides and KB ids it reads. So the batch's keys,
surnames and overrides are read at once at its start (more on a miss), what linking adds is kept
here as well as queued for the server, new KB entities take the next id (the highest + 1, as
SQLite gives it), and the batch's rows go to the server together (``flush``: COPY for new rows,
one pipeline for upserts). Only ``shared`` (which of a document's entities a candidate was seen
with) asks the server during linking, and adds the documents of the batch not sent yet."""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

import psycopg

from svodka.store.keys import lookup_keys, person_name
from svodka.store.postgres.tables import COLUMNS, copy_statement
from svodka.store.records import DocumentRecord

ADD_KEY = "INSERT INTO alias VALUES (%s, %s) ON CONFLICT DO NOTHING"
ADD_PERSON = "INSERT INTO person_name VALUES (%s, %s, %s) ON CONFLICT DO NOTHING"
RENAME = "UPDATE kb_entity SET name = %s WHERE id = %s"
KB_ID = COLUMNS["entity"].index("kb_id")


def send(con: psycopg.Connection, tables: dict[str, list[tuple]],
         statements: dict[str, list[tuple]] | None = None) -> None:
    """New rows by table, with COPY (no statement per row), then statements with their rows
    (upserts, updates) in one pipeline."""
    cur = con.cursor()
    for table, rows in tables.items():
        if rows:
            with cur.copy(copy_statement(table)) as copy:
                for row in rows:
                    copy.write_row(row)
    if statements and any(statements.values()):
        with con.pipeline():
            for sql, rows in statements.items():
                if rows:
                    cur.executemany(sql, rows)


class BatchRegistry:
    def __init__(self, con: psycopg.Connection, batch: list[DocumentRecord]):
        self.con = con
        self.aliases: dict[str, set[int]] = {}  # as stored when the batch began, for the keys read
        self.people: dict[str, set[tuple[int, str]]] = {}
        self.overrides: dict[tuple[str, str, str], int] = {}
        self.override_docs: set[str] = set()
        self.added_aliases: dict[str, set[int]] = defaultdict(set)  # what this batch added
        self.added_people: dict[str, set[tuple[int, str]]] = defaultdict(set)
        self.new_rows: dict[str, list[tuple]] = defaultdict(list)  # table → rows, sent by ``flush``
        self.pending: dict[str, list[tuple]] = defaultdict(list)  # statement → rows, sent after them
        self.next_id: int | None = None
        entities = [e for r in batch for e in r.doc.get("entities") or []]
        self._read(keys={k for e in entities if e["type"] != "PER" for k in lookup_keys(e["type"], e["name"], e.get("ref"))},
                   surnames={person_name(e["name"]).surname for e in entities if e["type"] == "PER"} - {""},
                   doc_ids={r.doc["id"] for r in batch})

    def _read(self, keys: Iterable[str] = (), surnames: Iterable[str] = (), doc_ids: Iterable[str] = ()) -> None:
        keys, surnames, doc_ids = sorted(keys), sorted(surnames), sorted(doc_ids)
        with self.con.pipeline():
            found = [self.con.execute(sql, (args,)) if args else None for sql, args in (
                ("SELECT key, kb_id FROM alias WHERE key = ANY(%s)", keys),
                ("SELECT surname, kb_id, given FROM person_name WHERE surname = ANY(%s)", surnames),
                ("SELECT doc_id, type, name, kb_id FROM link_override WHERE doc_id = ANY(%s)", doc_ids))]
        self.aliases.update((k, set()) for k in keys)
        self.people.update((s, set()) for s in surnames)
        self.override_docs.update(doc_ids)
        aliases, people, overrides = (cur.fetchall() if cur else [] for cur in found)
        for key, kb in aliases:
            self.aliases[key].add(kb)
        for surname, kb, given in people:
            self.people[surname].add((kb, given))
        for doc, type_, name, kb in overrides:
            self.overrides[doc, type_, name] = kb

    def add_rows(self, rows: dict[str, list[tuple]]) -> None:
        """A document's rows (table → rows), sent with the next ``flush``."""
        for table, batch in rows.items():
            self.new_rows[table].extend(batch)

    def flush(self) -> None:
        """Send what is queued: new rows first (KB entities among them), then keys, names, renames."""
        send(self.con, self.new_rows, self.pending)
        self.new_rows.clear()
        self.pending.clear()

    # -- Registry -------------------------------------------------------------------------------

    def override(self, doc_id: str, type_: str, name: str) -> int | None:
        if doc_id not in self.override_docs:
            self._read(doc_ids=[doc_id])
        return self.overrides.get((doc_id, type_, name))

    def by_keys(self, keys: list[str]) -> list[tuple[str, int]]:
        missing = [k for k in keys if k not in self.aliases]
        if missing:
            self._read(keys=missing)
        return [(k, kb) for k in dict.fromkeys(keys) for kb in sorted(self.aliases[k] | self.added_aliases[k])]

    def persons(self, surname: str) -> list[tuple[int, str]]:
        if surname not in self.people:
            self._read(surnames=[surname])
        return sorted(self.people[surname] | self.added_people[surname])

    def shared(self, kb_id: int, others: set[int]) -> set[int]:
        """Those of ``others`` some document names with this entity: among the documents stored,
        and those of this batch not sent yet (their entity rows are here)."""
        wanted = others - {kb_id}
        if not wanted:
            return set()
        found = {r[0] for r in self.con.execute(
            "SELECT DISTINCT b.kb_id FROM entity a JOIN entity b ON b.doc_id = a.doc_id "
            "WHERE a.kb_id = %s AND b.kb_id = ANY(%s)", (kb_id, sorted(wanted)))}
        queued = self.new_rows.get("entity", [])
        docs = {row[0] for row in queued if row[KB_ID] == kb_id}
        return found | {row[KB_ID] for row in queued if row[0] in docs and row[KB_ID] in wanted}

    def create(self, type_: str, subtype: str | None, name: str, ref: str | None) -> int:
        if self.next_id is None:
            self.next_id = self.con.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM kb_entity").fetchone()[0]
        kb_id, self.next_id = self.next_id, self.next_id + 1
        self.new_rows["kb_entity"].append((kb_id, type_, subtype, name, ref))
        return kb_id

    def add_keys(self, kb_id: int, keys: Iterable[str]) -> None:
        for key in keys:
            if kb_id not in self.added_aliases[key] and kb_id not in self.aliases.get(key, ()):
                self.added_aliases[key].add(kb_id)
                self.pending[ADD_KEY].append((key, kb_id))

    def add_person_name(self, kb_id: int, surname: str, given: str | None) -> None:
        row = (kb_id, given or "")
        if row not in self.added_people[surname] and row not in self.people.get(surname, ()):
            self.added_people[surname].add(row)
            self.pending[ADD_PERSON].append((surname, given or "", kb_id))

    def rename(self, kb_id: int, name: str) -> None:
        self.pending[RENAME].append((name, kb_id))
