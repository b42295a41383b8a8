"""The PostgreSQL backend's export reads: every row of a table for the documents a ``Selection``
keeps, streamed through server-side cursors, in the order the protocol gives (store/base.py
``rows``), and ``snapshot``: one pooled connection, pinned to this thread, whose REPEATABLE
READ transaction every read inside it shares."""
from __future__ import annotations

import json
import threading
from contextlib import AbstractContextManager, contextmanager
from typing import Iterator

import psycopg

from svodka.store.records import Selection

EXPORT_TABLES = ("documents", "entities", "mentions", "values")


class ExportReads:
    _local: threading.local

    def reading(self) -> AbstractContextManager[psycopg.Connection]: ...

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Pin one pooled reader (one REPEATABLE READ transaction) to this thread: ``reading``
        gives it to every read until the snapshot ends."""
        if getattr(self._local, "snapshot", None) is not None:
            yield
            return
        with self.reading() as con:
            self._local.snapshot = con
            try:
                yield
            finally:
                self._local.snapshot = None

    def rows(self, table: str, selection: Selection | None = None) -> Iterator[dict]:
        reader = {"documents": _document_rows, "entities": _entity_rows,
                  "mentions": _mention_rows, "values": _value_rows}.get(table)
        if reader is None:
            raise ValueError(f"unknown table {table!r}: one of {', '.join(EXPORT_TABLES)} (facts: ``facts``)")
        where, args = selected(selection or Selection(), "d")
        with self.reading() as con:
            yield from reader(con, where, args)


def _streamed(con: psycopg.Connection, name: str, sql: str, args: list) -> Iterator[dict]:
    """Rows as dicts through a server-side cursor: a large table never sits in memory."""
    with con.cursor(name=f"export_{name}") as cur:
        cur.execute(sql, args)
        cols = [c.name for c in cur.description]
        for row in cur:
            yield dict(zip(cols, row))


def _document_rows(con, where: str, args: list) -> Iterator[dict]:
    yield from _streamed(con, "documents",
        "SELECT d.id, d.source, d.date, d.title, d.url, d.hash, d.text, "
        "(SELECT COUNT(*) FROM entity e WHERE e.doc_id = d.id)::int AS entities, "
        "(SELECT COUNT(*) FROM value v WHERE v.doc_id = d.id)::int AS \"values\", "
        f"(SELECT COUNT(*) FROM fact f WHERE f.doc_id = d.id)::int AS facts FROM document d {where} ORDER BY d.id", args)


def _entity_rows(con, where: str, args: list) -> Iterator[dict]:
    names: dict[int, list[str]] = {}
    for kb, name in con.execute(
            f"SELECT DISTINCT e.kb_id, e.name FROM entity e JOIN document d ON d.id = e.doc_id {where} "
            "ORDER BY e.kb_id, e.name", args):
        names.setdefault(kb, []).append(name)
    rows = list(_streamed(con, "entities",
        "SELECT k.id, k.type, k.subtype, k.name, k.ref, COUNT(DISTINCT e.doc_id)::int AS documents, "
        "SUM(e.mentions)::int AS mentions FROM kb_entity k JOIN entity e ON e.kb_id = k.id "
        f"JOIN document d ON d.id = e.doc_id {where} GROUP BY k.id ORDER BY k.id", args))
    for row in rows:
        yield dict(row, names=names.get(row["id"], []))


def _mention_rows(con, where: str, args: list) -> Iterator[dict]:
    # substr counts characters, as Python indexes a str: the text is the document's words
    yield from _streamed(con, "mentions",
        'SELECT m.doc_id, m.entity_id, e.kb_id, m.start, m."end", '
        'substr(d.text, m.start + 1, m."end" - m.start) AS text FROM mention m '
        "JOIN entity e ON e.doc_id = m.doc_id AND e.id = m.entity_id JOIN document d ON d.id = m.doc_id "
        f'{where} ORDER BY m.doc_id, m.start, m."end", m.n', args)


def _value_rows(con, where: str, args: list) -> Iterator[dict]:
    for row in _streamed(con, "values", f"SELECT v.doc_id, v.n, v.json FROM value v JOIN document d ON d.id = v.doc_id "
                                         f"{where} ORDER BY v.doc_id, v.n", args):
        yield dict(doc_id=row["doc_id"], n=row["n"], **json.loads(row["json"]))


def selected(selection: Selection, alias: str) -> tuple[str, list]:
    """A WHERE clause keeping the documents (table alias ``alias``) a selection keeps."""
    where, args = [], []
    if selection.date_from:
        where.append(f"{alias}.date >= %s"), args.append(selection.date_from)
    if selection.date_to:
        where.append(f"{alias}.date <= %s"), args.append(selection.date_to)
    if selection.dated_only:
        where.append(f"{alias}.date IS NOT NULL")
    return ("WHERE " + " AND ".join(where) if where else ""), args
