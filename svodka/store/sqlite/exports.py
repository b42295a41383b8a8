"""The SQLite backend's export reads: every row of a table for the documents a ``Selection``
keeps, streamed from the calling thread's read connection, in the order the protocol gives
(store/base.py ``rows``)."""
from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from typing import Iterator

from svodka.store.records import Selection

EXPORT_TABLES = ("documents", "entities", "mentions", "values")


class ExportReads:
    con: sqlite3.Connection

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """One read transaction on this thread's reader: in WAL mode it reads the state of its
        first query until it ends, while the writer goes on."""
        con = self.con
        if con.in_transaction:
            yield
            return
        con.execute("BEGIN")
        try:
            yield
        finally:
            if con.in_transaction:
                con.execute("COMMIT")

    def rows(self, table: str, selection: Selection | None = None) -> Iterator[dict]:
        reader = {"documents": self._document_rows, "entities": self._entity_rows,
                  "mentions": self._mention_rows, "values": self._value_rows}.get(table)
        if reader is None:
            raise ValueError(f"unknown table {table!r}: one of {', '.join(EXPORT_TABLES)} (facts: ``facts``)")
        where, args = selected(selection or Selection(), "d")
        yield from reader(where, args)

    def _document_rows(self, where: str, args: list) -> Iterator[dict]:
        yield from self._dicts(
            "SELECT d.id, d.source, d.date, d.title, d.url, d.hash, d.text, "
            "(SELECT COUNT(*) FROM entity e WHERE e.doc_id = d.id) AS entities, "
            "(SELECT COUNT(*) FROM value v WHERE v.doc_id = d.id) AS \"values\", "
            f"(SELECT COUNT(*) FROM fact f WHERE f.doc_id = d.id) AS facts FROM document d {where} ORDER BY d.id", args)

    def _entity_rows(self, where: str, args: list) -> Iterator[dict]:
        names: dict[int, list[str]] = {}
        for kb, name in self.con.execute(
                f"SELECT DISTINCT e.kb_id, e.name FROM entity e JOIN document d ON d.id = e.doc_id {where} "
                "ORDER BY e.kb_id, e.name", args):
            names.setdefault(kb, []).append(name)
        for row in self._dicts(
                "SELECT k.id, k.type, k.subtype, k.name, k.ref, COUNT(DISTINCT e.doc_id) AS documents, "
                "SUM(e.mentions) AS mentions FROM kb_entity k JOIN entity e ON e.kb_id = k.id "
                f"JOIN document d ON d.id = e.doc_id {where} GROUP BY k.id ORDER BY k.id", args):
            yield dict(row, names=names.get(row["id"], []))

    def _mention_rows(self, where: str, args: list) -> Iterator[dict]:
        # substr counts characters, as Python indexes a str: the text is the document's words
        yield from self._dicts(
            'SELECT m.doc_id, m.entity_id, e.kb_id, m.start, m."end", '
            'substr(d.text, m.start + 1, m."end" - m.start) AS text FROM mention m '
            "JOIN entity e ON e.doc_id = m.doc_id AND e.id = m.entity_id JOIN document d ON d.id = m.doc_id "
            f'{where} ORDER BY m.doc_id, m.start, m."end", m.rowid', args)

    def _value_rows(self, where: str, args: list) -> Iterator[dict]:
        for doc_id, n, js in self.con.execute(
                f"SELECT v.doc_id, v.n, v.json FROM value v JOIN document d ON d.id = v.doc_id {where} "
                "ORDER BY v.doc_id, v.n", args):
            yield dict(doc_id=doc_id, n=n, **json.loads(js))

    def _dicts(self, sql: str, args: list) -> Iterator[dict]:
        cur = self.con.execute(sql, args)
        cols = [c[0] for c in cur.description]
        for row in cur:
            yield dict(zip(cols, row))


def selected(selection: Selection, alias: str) -> tuple[str, list]:
    """A WHERE clause keeping the documents (table alias ``alias``) a selection keeps."""
    where, args = [], []
    if selection.date_from:
        where.append(f"{alias}.date >= ?"), args.append(selection.date_from)
    if selection.date_to:
        where.append(f"{alias}.date <= ?"), args.append(selection.date_to)
    if selection.dated_only:
        where.append(f"{alias}.date IS NOT NULL")
    return ("WHERE " + " AND ".join(where) if where else ""), args
