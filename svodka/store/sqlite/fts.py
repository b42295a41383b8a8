"""SQLite's FTS5 dialect, kept here so that no other layer speaks it: a search's lemma terms as a
MATCH expression, and which lemmas the index holds (``fts5vocab``)."""
from __future__ import annotations

import sqlite3

from svodka.store.records import Term


def match_expression(terms: list[Term], any_word: bool = False) -> str:
    """Every term (or any, when ``any_word``) in one of its lemmas. Lemmas are quoted as FTS5
    strings (a double quote doubled), so nothing a user typed is read as query syntax."""
    groups = []
    for t in terms:
        alts = ['"' + lemma.replace('"', '""') + '"' for lemma in t.lemmas]
        groups.append("(" + " OR ".join(alts) + ")" if len(alts) > 1 else alts[0])
    return (" OR " if any_word else " AND ").join(groups)


def vocabulary(con: sqlite3.Connection, lemmas: list[str]) -> set[str]:
    """Those of ``lemmas`` the index holds: fts5vocab over it, in this connection's temp schema,
    so nothing is written to the file."""
    if not lemmas:
        return set()
    con.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.doc_vocab USING fts5vocab(main, doc_fts, row)")
    marks = ",".join("?" * len(lemmas))
    return {r[0] for r in con.execute(f"SELECT term FROM temp.doc_vocab WHERE term IN ({marks})", lemmas)}
