"""A person's corrections of entity links in PostgreSQL, as store/sqlite/corrections.py makes
them: merge, split and undo, each logged in ``correction`` with exactly what it changed (the
same JSON), inside the caller's write transaction (under the schema's writer lock)."""
from __future__ import annotations

import datetime as dt
import json

import psycopg

from svodka.store.keys import person_name


def merge(con: psycopg.Connection, keep: int, drop: int) -> dict:
    """``drop`` becomes ``keep``: its links, keys and name forms, now and on every re-ingest."""
    one = lambda sql, *args: con.execute(sql, args).fetchone()  # noqa: E731
    rows = lambda sql, *args: [list(r) for r in con.execute(sql, args)]  # noqa: E731
    before = {
        "keep": keep, "drop": drop,
        "dropped": list(one("SELECT id, type, subtype, name, ref, pinned FROM kb_entity WHERE id = %s", drop)),
        "keep_pinned": one("SELECT pinned FROM kb_entity WHERE id = %s", keep)[0],
        "entities": rows("SELECT doc_id, id FROM entity WHERE kb_id = %s", drop),
        "overrides": rows("SELECT doc_id, type, name FROM link_override WHERE kb_id = %s", drop),
        "aliases": [r[0] for r in rows(
            "SELECT key FROM alias WHERE kb_id = %s AND key NOT IN (SELECT key FROM alias WHERE kb_id = %s)",
            drop, keep)],
        "person_names": rows(
            "SELECT surname, given FROM person_name WHERE kb_id = %s AND (surname, given) NOT IN "
            "(SELECT surname, given FROM person_name WHERE kb_id = %s)", drop, keep),
    }
    con.execute("UPDATE entity SET kb_id = %s WHERE kb_id = %s", (keep, drop))
    con.execute("UPDATE link_override SET kb_id = %s WHERE kb_id = %s", (keep, drop))
    con.execute("INSERT INTO alias SELECT key, %s FROM alias WHERE kb_id = %s ON CONFLICT DO NOTHING", (keep, drop))
    con.execute("INSERT INTO person_name SELECT surname, given, %s FROM person_name WHERE kb_id = %s "
                "ON CONFLICT DO NOTHING", (keep, drop))
    for table in ("alias", "person_name"):
        con.execute(f"DELETE FROM {table} WHERE kb_id = %s", (drop,))
    con.execute("DELETE FROM kb_entity WHERE id = %s", (drop,))
    con.execute("UPDATE kb_entity SET pinned = 1 WHERE id = %s", (keep,))
    _log(con, "merge", before)
    return before


def split(con: psycopg.Connection, kb_id: int, doc_id: str, entity_id: str, new: int) -> dict:
    """Document ``doc_id``'s entity ``entity_id`` moves from ``kb_id`` to the new KB entity ``new``,
    and stays there on re-ingest (a link override by its type and name)."""
    type_, name = con.execute("SELECT type, name FROM entity WHERE doc_id = %s AND id = %s",
                              (doc_id, entity_id)).fetchone()
    previous = con.execute("SELECT kb_id FROM link_override WHERE doc_id = %s AND type = %s AND name = %s",
                           (doc_id, type_, name)).fetchone()
    con.execute("UPDATE kb_entity SET pinned = 1 WHERE id = %s", (new,))
    con.execute("UPDATE entity SET kb_id = %s WHERE doc_id = %s AND id = %s", (new, doc_id, entity_id))
    con.execute("INSERT INTO link_override VALUES (%s, %s, %s, %s) ON CONFLICT (doc_id, type, name) "
                "DO UPDATE SET kb_id = EXCLUDED.kb_id", (doc_id, type_, name, new))
    if type_ == "PER":
        p = person_name(name)
        if p.surname:
            con.execute("INSERT INTO person_name VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                        (p.surname, p.given or "", new))
    detail = {"from": kb_id, "doc": doc_id, "entity": entity_id, "type": type_, "name": name, "into": new,
              "previous_override": previous[0] if previous else None}
    _log(con, "split", detail)
    return detail


def undo(con: psycopg.Connection) -> dict | None:
    """Reverse the last correction not yet undone; None when there is none."""
    row = con.execute("SELECT id, kind, detail FROM correction WHERE undone = 0 ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return None
    cid, kind, detail = row[0], row[1], json.loads(row[2])
    (_unmerge if kind == "merge" else _unsplit)(con, detail)
    con.execute("UPDATE correction SET undone = 1 WHERE id = %s", (cid,))
    return {"kind": kind, "detail": detail}


def _unmerge(con: psycopg.Connection, d: dict) -> None:
    keep, drop = d["keep"], d["drop"]
    con.execute("INSERT INTO kb_entity (id, type, subtype, name, ref, pinned) VALUES (%s,%s,%s,%s,%s,%s)",
                d["dropped"])
    cur = con.cursor()
    cur.executemany("UPDATE entity SET kb_id = %s WHERE doc_id = %s AND id = %s AND kb_id = %s",
                    [(drop, doc, eid, keep) for doc, eid in d["entities"]])
    cur.executemany("UPDATE link_override SET kb_id = %s WHERE doc_id = %s AND type = %s AND name = %s "
                    "AND kb_id = %s", [(drop, doc, t, n, keep) for doc, t, n in d["overrides"]])
    cur.executemany("UPDATE alias SET kb_id = %s WHERE key = %s AND kb_id = %s",
                    [(drop, k, keep) for k in d["aliases"]])
    cur.executemany("UPDATE person_name SET kb_id = %s WHERE surname = %s AND given = %s AND kb_id = %s",
                    [(drop, s, g, keep) for s, g in d["person_names"]])
    con.execute("UPDATE kb_entity SET pinned = %s WHERE id = %s", (d["keep_pinned"], keep))


def _unsplit(con: psycopg.Connection, d: dict) -> None:
    con.execute("UPDATE entity SET kb_id = %s WHERE kb_id = %s", (d["from"], d["into"]))
    if d["previous_override"] is None:
        con.execute("DELETE FROM link_override WHERE doc_id = %s AND type = %s AND name = %s",
                    (d["doc"], d["type"], d["name"]))
    else:
        con.execute("UPDATE link_override SET kb_id = %s WHERE doc_id = %s AND type = %s AND name = %s",
                    (d["previous_override"], d["doc"], d["type"], d["name"]))
    con.execute("UPDATE link_override SET kb_id = %s WHERE kb_id = %s", (d["from"], d["into"]))
    for table in ("alias", "person_name"):
        con.execute(f"DELETE FROM {table} WHERE kb_id = %s", (d["into"],))
    con.execute("DELETE FROM kb_entity WHERE id = %s", (d["into"],))


def _log(con: psycopg.Connection, kind: str, detail: dict) -> None:
    con.execute("INSERT INTO correction (id, at, kind, detail) SELECT COALESCE(MAX(id), 0) + 1, %s, %s, %s "
                "FROM correction",
                (dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), kind,
                 json.dumps(detail, ensure_ascii=False)))
