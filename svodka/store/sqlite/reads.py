"""The SQLite backend's queries: search, entities, facts and overview counts (export rows: exports.py). Each
runs on the calling thread's own read connection (``self.con``). Entity references of facts
reach KB entities through ``entity``, so merges show at once."""
from __future__ import annotations

import json
import sqlite3

from svodka.store import lookup
from svodka.store.records import Facet, FactQuery, FactRow, Hit, KBEntity, Readings, SearchQuery, Selection
from svodka.store.rows import fact_record, fits_given
from svodka.store.where import search_filters
from svodka.store.sqlite.exports import ExportReads, selected
from svodka.store.sqlite.fts import match_expression, vocabulary

KB_COLUMNS = ("SELECT k.id, k.type, k.subtype, k.name, k.ref, COUNT(DISTINCT e.doc_id), "
              "COALESCE(SUM(e.mentions), 0) FROM kb_entity k LEFT JOIN entity e ON e.kb_id = k.id ")
MOST_DOCUMENTED = "ORDER BY COUNT(DISTINCT e.doc_id) DESC, SUM(e.mentions) DESC, k.id"


class Reads(ExportReads):
    con: sqlite3.Connection

    # -- search ---------------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> list[tuple[Hit, str]]:
        columns = "d.id, d.date, d.source, {}, d.text, d.title"
        if query.terms:
            sql, args = self._matching(query, columns.format("bm25(doc_fts) AS rank"))
            sql += " ORDER BY rank, d.id LIMIT ? OFFSET ?"
        else:
            sql, args = self._matching(query, columns.format("0.0"))
            sql += " ORDER BY d.date DESC, d.id LIMIT ? OFFSET ?"
        rows = self.con.execute(sql, [*args, query.limit, max(query.offset, 0)])
        return [(Hit(i, date, src, -rank, "", [], title), text) for i, date, src, rank, text, title in rows]

    def count(self, query: SearchQuery) -> int:
        sql, args = self._matching(query, "COUNT(*)")
        return self.con.execute(sql, args).fetchone()[0]

    def _matching(self, query: SearchQuery, columns: str) -> tuple[str, list]:
        """SELECT ``columns`` of the documents a query matches, without order or limit."""
        where, args = search_filters(query, "?")
        if query.terms:
            where.insert(0, "doc_fts MATCH ?"), args.insert(0, match_expression(query.terms, query.any_word))
        source = ("doc_fts JOIN document d ON d.rowid = doc_fts.rowid" if query.terms else "document d")
        return f"SELECT {columns} FROM {source}" + (" WHERE " + " AND ".join(where) if where else ""), args

    def vocabulary(self, lemmas: list[str]) -> set[str]:
        return vocabulary(self.con, lemmas)

    def facets(self, query: SearchQuery, limit: int = 10) -> dict[str, list[Facet]]:
        matched, args = self._matching(query, "d.id")
        inside = f"doc_id IN ({matched})"
        out = {}
        for name, sql in (
                ("entity_type", f"SELECT type, COUNT(DISTINCT doc_id) AS n FROM entity WHERE {inside} "
                                "GROUP BY type ORDER BY n DESC, type"),
                ("fact_type", f"SELECT type, COUNT(DISTINCT doc_id) AS n FROM fact WHERE {inside} "
                              "GROUP BY type ORDER BY n DESC, type"),
                ("year", f"SELECT substr(date, 1, 4) AS y, COUNT(*) FROM document WHERE date IS NOT NULL "
                         f"AND id IN ({matched}) GROUP BY y ORDER BY y")):
            out[name] = [Facet(str(v), n) for v, n in self.con.execute(sql, args)]
        out["entity"] = [Facet(str(k), n, name) for k, name, n in self.con.execute(
            f"SELECT k.id, k.name, COUNT(DISTINCT e.doc_id) AS n FROM entity e JOIN kb_entity k ON k.id = e.kb_id "
            f"WHERE e.{inside} GROUP BY k.id ORDER BY n DESC, k.id LIMIT ?", [*args, limit])]
        return out

    def document(self, doc_id: str) -> dict | None:
        """The stored contract JSON of a document, each entity with the KB entity it links to."""
        row = self.con.execute("SELECT id, source, date, text, title, url FROM document WHERE id = ?",
                               (doc_id,)).fetchone()
        if row is None:
            return None
        text = row[3]
        mentions: dict[str, list[dict]] = {}
        for eid, start, end in self.con.execute(
                'SELECT entity_id, start, "end" FROM mention WHERE doc_id = ? ORDER BY rowid', (doc_id,)):
            mentions.setdefault(eid, []).append({"start": start, "end": end, "text": text[start:end]})
        entities = [dict(id=eid, type=t, subtype=st, name=n, ref=ref, kb_id=kb, mentions=mentions.get(eid, []))
                    for eid, t, st, n, ref, kb in self.con.execute(
                        "SELECT id, type, subtype, name, ref, kb_id FROM entity WHERE doc_id = ?", (doc_id,))]
        entities.sort(key=lambda e: (len(e["id"]), e["id"]))  # e1, e2, … e10
        values = [json.loads(js) for (js,) in self.con.execute(
            "SELECT json FROM value WHERE doc_id = ? ORDER BY n", (doc_id,))]
        facts = [json.loads(js) for (js,) in self.con.execute(
            "SELECT json FROM fact WHERE doc_id = ? ORDER BY n", (doc_id,))]
        head = dict(id=row[0], source=row[1], date=row[2])
        head.update({k: v for k, v in (("title", row[4]), ("url", row[5])) if v is not None})
        return dict(head, text=text, entities=entities, values=values, facts=facts)

    # -- entities -------------------------------------------------------------------------------

    def _require(self, kb_id: int, con: sqlite3.Connection | None = None) -> KBEntity:
        rows = self._entities("WHERE k.id = ?", [kb_id], con=con) if 0 <= kb_id < 2 ** 63 else []
        if not rows:
            raise ValueError(f"no KB entity #{kb_id}")
        return rows[0]

    def _entities(self, where: str, args: list, order: str = "", limit: int | None = None,
                  con: sqlite3.Connection | None = None) -> list[KBEntity]:
        sql = KB_COLUMNS + where + " GROUP BY k.id " + order + (f" LIMIT {int(limit)}" if limit else "")
        return [KBEntity(*row) for row in (con or self.con).execute(sql, args)]

    def find_entities(self, name: str, readings: Readings | None = None) -> list[KBEntity]:
        return lookup.find_entities(self, name, readings)

    # the questions store/lookup.py asks
    def _by_id(self, kb_id: int) -> list[KBEntity]:
        return self._entities("WHERE k.id = ?", [kb_id])

    def _named(self, names: list[str]) -> set[int]:
        return self._ids("SELECT id FROM kb_entity WHERE name COLLATE NOCASE IN ({})", names)

    def _mentioned_as(self, names: list[str]) -> set[int]:
        return self._ids("SELECT kb_id FROM entity WHERE name IN ({})", names)

    def _by_keys(self, keys: list[str]) -> set[int]:
        return self._ids("SELECT kb_id FROM alias WHERE key IN ({})", keys)

    def _ids(self, sql: str, args: list) -> set[int]:
        if not args:
            return set()
        return {row[0] for row in self.con.execute(sql.format(",".join("?" * len(args))), args)}

    def _ranked(self, ids: set[int]) -> list[KBEntity]:
        """These KB entities, most documented first."""
        if not ids:
            return []
        return self._entities(f"WHERE k.id IN ({','.join('?' * len(ids))})", sorted(ids), MOST_DOCUMENTED)

    def _persons(self, pairs: list[tuple[str, str | None]]) -> set[int]:
        """Persons of one of these (surname, given name) readings; a bare surname reading takes
        every person of it. When none fits the given name, those known by the surname alone."""
        ids: set[int] = set()
        forms: dict[int, set[str]] = {}
        for surname in dict.fromkeys(s for s, _ in pairs):
            givens = {g for s, g in pairs if s == surname}
            for kb, given in self.con.execute("SELECT kb_id, given FROM person_name WHERE surname = ?", (surname,)):
                forms.setdefault(kb, set()).add(given)
                if None in givens or any(fits_given(g, given) for g in givens if g):
                    ids.add(kb)
        return ids or {kb for kb, gs in forms.items() if gs == {""}}

    def entity_names(self, kb_id: int) -> list[str]:
        return [r[0] for r in self.con.execute(
            "SELECT name FROM entity WHERE kb_id = ? GROUP BY name ORDER BY COUNT(*) DESC, name", (kb_id,))]

    def entity_documents(self, kb_id: int) -> list[dict]:
        return [dict(id=i, date=d, source=s, mentions=m) for i, d, s, m in self.con.execute(
            "SELECT d.id, d.date, d.source, SUM(e.mentions) FROM entity e JOIN document d ON d.id = e.doc_id "
            "WHERE e.kb_id = ? GROUP BY d.id ORDER BY d.date IS NULL, d.date, d.id", (kb_id,))]

    def companions(self, kb_id: int, limit: int = 10) -> list[tuple[KBEntity, int]]:
        # counted by KB id first and only the top ones named: half the time of joining every row
        return [(KBEntity(*row[:5]), row[5]) for row in self.con.execute(
            "SELECT k.id, k.type, k.subtype, k.name, k.ref, c.n FROM (SELECT b.kb_id AS id, "
            "COUNT(DISTINCT b.doc_id) AS n FROM entity a JOIN entity b ON b.doc_id = a.doc_id AND b.kb_id != a.kb_id "
            "WHERE a.kb_id = ? GROUP BY b.kb_id ORDER BY n DESC, b.kb_id LIMIT ?) c JOIN kb_entity k ON k.id = c.id "
            "ORDER BY c.n DESC, k.id", (kb_id, limit))]

    def top_entities(self, limit: int, type_: str | None = None, offset: int = 0) -> list[KBEntity]:
        where, args = ("WHERE k.type = ?", [type_]) if type_ else ("", [])
        page = f" LIMIT {int(limit)} OFFSET {int(offset)}"
        few = self._most_documented_ids(limit + offset, type_)
        if few is not None:  # only the candidates are grouped with their mentions and names
            marks = ",".join("?" * len(few))
            where = (where + " AND" if where else "WHERE") + f" k.id IN ({marks})"
            args = [*args, *few]
        return self._entities(where, args, MOST_DOCUMENTED + page)

    def _most_documented_ids(self, n: int, type_: str | None, most: int = 2000) -> list[int] | None:
        """The KB ids with at least as many documents as the ``n``-th most documented: counted
        on the (kb_id, doc_id) index alone, without every row's mentions. None when there are
        fewer, or too many ties to be worth it."""
        join, where, args = ("JOIN kb_entity k ON k.id = e.kb_id", "WHERE k.type = ?", [type_]) if type_ else ("", "", [])
        counts = self.con.execute(f"SELECT e.kb_id, COUNT(DISTINCT e.doc_id) FROM entity e {join} {where} "
                                  "GROUP BY e.kb_id", args).fetchall()
        return lookup.most_documented(counts, n, most)

    def names(self, type_: str | None = None) -> list[tuple[int, str]]:
        where, args = ("WHERE type = ?", [type_]) if type_ else ("", [])
        return list(self.con.execute(f"SELECT id, name FROM kb_entity {where} ORDER BY id", args))

    # -- facts ----------------------------------------------------------------------------------

    def facts(self, types: tuple[str, ...] = (), status: str | None = None, kb_id: int | None = None,
              metric_lemmas: list[str] | None = None, selection: Selection | None = None) -> list[FactRow]:
        clause, args = selected(selection or Selection(), "d")
        where = [clause.removeprefix("WHERE ")] if clause else []
        if types:
            where.append(f"f.type IN ({','.join('?' * len(types))})"), args.extend(types)
        if status:
            where.append("f.status = ?"), args.append(status)
        if kb_id is not None:  # from the entity's own rows (entity_kb), not from every fact
            where.append("(f.doc_id, f.n) IN (SELECT fe.doc_id, fe.n FROM entity e JOIN fact_entity fe "
                         "ON fe.doc_id = e.doc_id AND fe.entity_id = e.id WHERE e.kb_id = ?)")
            args.append(kb_id)
        for lemma in metric_lemmas or ():
            where.append("f.metric_lemmas LIKE ? ESCAPE '\\'"), args.append(f"% {_like(lemma)} %")
        rows = list(self.con.execute(
            "SELECT f.doc_id, f.n, f.json, d.date FROM fact f JOIN document d ON d.id = f.doc_id"
            + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY d.date IS NULL, d.date, f.doc_id, f.n",
            args))
        links = self._doc_entities({r[0] for r in rows})
        return [fact_record(doc, n, json.loads(js), date, links) for doc, n, js, date in rows]

    def find_facts(self, query: FactQuery) -> list[FactRow]:
        where, args = self._fact_filter(query)
        order = "d.date IS NULL, d.date DESC, f.doc_id DESC, f.n" if query.newest_first else \
            "d.date IS NULL, d.date, f.doc_id, f.n"
        page = " LIMIT ? OFFSET ?" if query.limit is not None else ""
        rows = list(self.con.execute(
            f"SELECT f.doc_id, f.n, f.json, d.date FROM fact f JOIN document d ON d.id = f.doc_id{where} ORDER BY {order}"
            + page, args + ([query.limit, max(query.offset, 0)] if page else [])))
        links = self._doc_entities({r[0] for r in rows})
        return [fact_record(doc, n, json.loads(js), date, links) for doc, n, js, date in rows]

    def count_facts(self, query: FactQuery) -> int:
        where, args = self._fact_filter(query)
        return self.con.execute(f"SELECT COUNT(*) FROM fact f JOIN document d ON d.id = f.doc_id{where}",
                                args).fetchone()[0]

    def _fact_filter(self, query: FactQuery) -> tuple[str, list]:
        """The WHERE clause (with its leading space) of a fact query over ``fact f JOIN document d``."""
        where, args = [], []
        if query.types:
            where.append(f"f.type IN ({','.join('?' * len(query.types))})"), args.extend(query.types)
        if query.status:
            where.append("f.status = ?"), args.append(query.status)
        if query.kb_id is not None:  # from the entity's own rows (entity_kb), not from every fact
            role = " AND fe.role = ?" if query.kb_field else ""
            where.append("(f.doc_id, f.n) IN (SELECT fe.doc_id, fe.n FROM entity e JOIN fact_entity fe "
                         f"ON fe.doc_id = e.doc_id AND fe.entity_id = e.id WHERE e.kb_id = ?{role})")
            args += [query.kb_id, query.kb_field] if query.kb_field else [query.kb_id]
        if query.kind:
            where.append("json_extract(f.json, '$.kind') = ?"), args.append(query.kind)
        for lemma in query.metric_lemmas or ():
            where.append("f.metric_lemmas LIKE ? ESCAPE '\\'"), args.append(f"% {_like(lemma)} %")
        for clause, value in (("d.date >= ?", query.date_from), ("d.date <= ?", query.date_to),
                              ("f.doc_id = ?", query.doc_id)):
            if value:
                where.append(clause), args.append(value)
        return (" WHERE " + " AND ".join(where) if where else ""), args

    def _doc_entities(self, doc_ids: set[str]) -> dict[tuple[str, str], tuple[int, str]]:
        """(doc id, entity id) → (KB id, KB name) for these documents."""
        out = {}
        for chunk in _chunks(sorted(doc_ids), 500):
            marks = ",".join("?" * len(chunk))
            for doc, eid, kb, name in self.con.execute(
                    f"SELECT e.doc_id, e.id, k.id, k.name FROM entity e JOIN kb_entity k ON k.id = e.kb_id "
                    f"WHERE e.doc_id IN ({marks})", chunk):
                out[doc, eid] = (kb, name)
        return out

    def metrics(self) -> list[tuple[str, int]]:
        return list(self.con.execute(
            "SELECT metric, COUNT(*) AS n FROM fact WHERE type IN ('indicator', 'target') AND metric IS NOT NULL "
            "GROUP BY metric ORDER BY n DESC, metric"))

    # -- overview --------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        q = lambda sql: self.con.execute(sql).fetchone()[0]  # noqa: E731
        out = {"documents": q("SELECT COUNT(*) FROM document"), "kb_entities": q("SELECT COUNT(*) FROM kb_entity"),
               "document_entities": q("SELECT COUNT(*) FROM entity"), "mentions": q("SELECT COUNT(*) FROM mention"),
               "values": q("SELECT COUNT(*) FROM value"), "facts": q("SELECT COUNT(*) FROM fact"),
               "evidence": q("SELECT COUNT(*) FROM evidence")}
        for t, n in self.con.execute("SELECT type, COUNT(*) FROM kb_entity GROUP BY type ORDER BY type"):
            out[f"kb_entities.{t}"] = n
        for t, n in self.con.execute("SELECT type, COUNT(*) FROM fact GROUP BY type ORDER BY type"):
            out[f"facts.{t}"] = n
        return out


def _like(text: str) -> str:
    """Text matched literally by LIKE … ESCAPE '\\': its own % and _ are no wildcards."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]
