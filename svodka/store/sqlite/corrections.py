"""A person's corrections of entity links in SQLite: merge two KB entities, split one document's
entity off, and undo the last of them. Each records in ``correction`` exactly what it changed,
so ``undo`` can put it back; the link overrides it leaves make the correction survive re-ingest."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3

from svodka.store.keys import person_name


def merge(con: sqlite3.Connection, keep: int, drop: int) -> dict:
    """``drop`` becomes ``keep``: its links, keys and name forms, now and on every re-ingest."""
    before = {
        "keep": keep, "drop": drop,
        "dropped": list(con.execute("SELECT id, type, subtype, name, ref, pinned FROM kb_entity WHERE id = ?",
                                    (drop,)).fetchone()),
        "keep_pinned": con.execute("SELECT pinned FROM kb_entity WHERE id = ?", (keep,)).fetchone()[0],
        "entities": [list(r) for r in con.execute("SELECT doc_id, id FROM entity WHERE kb_id = ?", (drop,))],
        "overrides": [list(r) for r in con.execute("SELECT doc_id, type, name FROM link_override WHERE kb_id = ?",
                                                   (drop,))],
        "aliases": [r[0] for r in con.execute(
            "SELECT key FROM alias WHERE kb_id = ? AND key NOT IN (SELECT key FROM alias WHERE kb_id = ?)",
            (drop, keep))],
        "person_names": [list(r) for r in con.execute(
            "SELECT surname, given FROM person_name WHERE kb_id = ? AND (surname, given) NOT IN "
            "(SELECT surname, given FROM person_name WHERE kb_id = ?)", (drop, keep))],
    }
    con.execute("UPDATE entity SET kb_id = ? WHERE kb_id = ?", (keep, drop))
    con.execute("UPDATE link_override SET kb_id = ? WHERE kb_id = ?", (keep, drop))
    con.execute("INSERT OR IGNORE INTO alias SELECT key, ? FROM alias WHERE kb_id = ?", (keep, drop))
    con.execute("INSERT OR IGNORE INTO person_name SELECT surname, given, ? FROM person_name WHERE kb_id = ?",
                (keep, drop))
    for table in ("alias", "person_name"):
        con.execute(f"DELETE FROM {table} WHERE kb_id = ?", (drop,))
    con.execute("DELETE FROM kb_entity WHERE id = ?", (drop,))
    con.execute("UPDATE kb_entity SET pinned = 1 WHERE id = ?", (keep,))
    _log(con, "merge", before)
    return before


def split(con: sqlite3.Connection, kb_id: int, doc_id: str, entity_id: str, new: int) -> dict:
    """Document ``doc_id``'s entity ``entity_id`` moves from ``kb_id`` to the new KB entity ``new``,
    and stays there on re-ingest (a link override by its type and name)."""
    type_, name = con.execute("SELECT type, name FROM entity WHERE doc_id = ? AND id = ?",
                              (doc_id, entity_id)).fetchone()
    previous = con.execute("SELECT kb_id FROM link_override WHERE doc_id = ? AND type = ? AND name = ?",
                           (doc_id, type_, name)).fetchone()
    con.execute("UPDATE kb_entity SET pinned = 1 WHERE id = ?", (new,))
    con.execute("UPDATE entity SET kb_id = ? WHERE doc_id = ? AND id = ?", (new, doc_id, entity_id))
    con.execute("INSERT OR REPLACE INTO link_override VALUES (?,?,?,?)", (doc_id, type_, name, new))
    if type_ == "PER":
        p = person_name(name)
        if p.surname:
            con.execute("INSERT OR IGNORE INTO person_name VALUES (?, ?, ?)", (p.surname, p.given or "", new))
    detail = {"from": kb_id, "doc": doc_id, "entity": entity_id, "type": type_, "name": name, "into": new,
              "previous_override": previous[0] if previous else None}
    _log(con, "split", detail)
    return detail


def undo(con: sqlite3.Connection) -> dict | None:
    """Reverse the last correction not yet undone; None when there is none."""
    row = con.execute("SELECT id, kind, detail FROM correction WHERE undone = 0 ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return None
    cid, kind, detail = row[0], row[1], json.loads(row[2])
    (_unmerge if kind == "merge" else _unsplit)(con, detail)
    con.execute("UPDATE correction SET undone = 1 WHERE id = ?", (cid,))
    return {"kind": kind, "detail": detail}


def _unmerge(con: sqlite3.Connection, d: dict) -> None:
    keep, drop = d["keep"], d["drop"]
    con.execute("INSERT INTO kb_entity (id, type, subtype, name, ref, pinned) VALUES (?,?,?,?,?,?)", d["dropped"])
    con.executemany("UPDATE entity SET kb_id = ? WHERE doc_id = ? AND id = ? AND kb_id = ?",
                    [(drop, doc, eid, keep) for doc, eid in d["entities"]])
    con.executemany("UPDATE link_override SET kb_id = ? WHERE doc_id = ? AND type = ? AND name = ? AND kb_id = ?",
                    [(drop, doc, t, n, keep) for doc, t, n in d["overrides"]])
    con.executemany("UPDATE alias SET kb_id = ? WHERE key = ? AND kb_id = ?", [(drop, k, keep) for k in d["aliases"]])
    con.executemany("UPDATE person_name SET kb_id = ? WHERE surname = ? AND given = ? AND kb_id = ?",
                    [(drop, s, g, keep) for s, g in d["person_names"]])
    con.execute("UPDATE kb_entity SET pinned = ? WHERE id = ?", (d["keep_pinned"], keep))


def _unsplit(con: sqlite3.Connection, d: dict) -> None:
    con.execute("UPDATE entity SET kb_id = ? WHERE kb_id = ?", (d["from"], d["into"]))
    if d["previous_override"] is None:
        con.execute("DELETE FROM link_override WHERE doc_id = ? AND type = ? AND name = ?", (d["doc"], d["type"], d["name"]))
    else:
        con.execute("UPDATE link_override SET kb_id = ? WHERE doc_id = ? AND type = ? AND name = ?",
                    (d["previous_override"], d["doc"], d["type"], d["name"]))
    con.execute("UPDATE link_override SET kb_id = ? WHERE kb_id = ?", (d["from"], d["into"]))
    for table in ("alias", "person_name"):
        con.execute(f"DELETE FROM {table} WHERE kb_id = ?", (d["into"],))
    con.execute("DELETE FROM kb_entity WHERE id = ?", (d["into"],))


def _log(con: sqlite3.Connection, kind: str, detail: dict) -> None:
    con.execute("INSERT INTO correction (at, kind, detail) VALUES (?,?,?)",
                (dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), kind,
                 json.dumps(detail, ensure_ascii=False)))
