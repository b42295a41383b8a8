"""The PostgreSQL backend's queries, the same answers as store/sqlite/reads.py gives. Each method
reads in one transaction of its own (REPEATABLE READ, read only: one snapshot), so a document
is never seen half-written nor half-replaced. Text sorts and compares in "C" order, NULL dates
sort as SQLite sorts them (lowest), and a name matches case-blind in ASCII only, as SQLite's NOCASE."""
from __future__ import annotations

import json
from contextlib import AbstractContextManager

import psycopg

from svodka.store import lookup
from svodka.store.postgres.text import tokens, tsquery
from svodka.store.postgres.exports import ExportReads, selected
from svodka.store.records import Facet, FactQuery, FactRow, Hit, KBEntity, Readings, SearchQuery, Selection
from svodka.store.rows import fact_record, fits_given
from svodka.store.where import search_filters

KB_COLUMNS = ("SELECT k.id, k.type, k.subtype, k.name, k.ref, COUNT(DISTINCT e.doc_id), "
              "COALESCE(SUM(e.mentions), 0) FROM kb_entity k LEFT JOIN entity e ON e.kb_id = k.id ")
MOST_DOCUMENTED = "ORDER BY COUNT(DISTINCT e.doc_id) DESC, SUM(e.mentions) DESC NULLS LAST, k.id"
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
FACTS_OF = {False: "fact f JOIN document d ON d.id = f.doc_id",  # with an entity: its facts alone
            True: "mine JOIN fact f ON f.doc_id = mine.doc_id AND f.n = mine.n JOIN document d ON d.id = f.doc_id"}
RANK = "ts_rank(d.tsv, %s::tsquery, 1)"  # frequency over 1 + log(length): the denser document first


class Reads(ExportReads):
    def reading(self) -> AbstractContextManager[psycopg.Connection]: ...

    # -- search ---------------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> list[tuple[Hit, str]]:
        q = tsquery(query.terms, query.any_word) if query.terms else None
        if query.terms and q is None:
            return []
        page = [query.limit, max(query.offset, 0)]
        if q:
            sql, args = self._matching(query, q, f"d.id, d.date, d.source, {RANK} AS rank, d.text, d.title")
            sql += " ORDER BY rank DESC, d.date DESC NULLS LAST, d.id LIMIT %s OFFSET %s"
            args = [q, *args, *page]
        else:
            sql, args = self._matching(query, None, "d.id, d.date, d.source, 0.0, d.text, d.title")
            sql += " ORDER BY d.date DESC NULLS LAST, d.id LIMIT %s OFFSET %s"
            args += page
        with self.reading() as con:
            if q:
                _through_the_index(con)
            rows = con.execute(sql, args).fetchall()
        return [(Hit(i, date, src, float(rank), "", [], title), text) for i, date, src, rank, text, title in rows]

    def count(self, query: SearchQuery) -> int:
        q = tsquery(query.terms, query.any_word) if query.terms else None
        if query.terms and q is None:
            return 0
        sql, args = self._matching(query, q, "COUNT(*)")
        with self.reading() as con:
            if q:
                _through_the_index(con)
            return con.execute(sql, args).fetchone()[0]

    @staticmethod
    def _matching(query: SearchQuery, q: str | None, columns: str) -> tuple[str, list]:
        """SELECT ``columns`` of the documents a query matches, without order or limit."""
        where, args = search_filters(query, "%s")
        if q:
            where.insert(0, "d.tsv @@ %s::tsquery"), args.insert(0, q)
        return f"SELECT {columns} FROM document d" + (" WHERE " + " AND ".join(where) if where else ""), args

    def vocabulary(self, lemmas: list[str]) -> set[str]:
        """Those lemmas some document's index holds, each looked up in the GIN index (as FTS5's
        vocabulary, a lemma is one word of the index, in lower case)."""
        words = sorted({lemma for lemma in lemmas if tokens(lemma) == [lemma]})
        if not words:
            return set()
        with self.reading() as con:
            return {r[0] for r in con.execute(
                "SELECT w FROM unnest(%s::text[]) AS w WHERE EXISTS "
                "(SELECT 1 FROM document WHERE tsv @@ ('''' || w || '''')::tsquery)", (words,))}

    def document(self, doc_id: str) -> dict | None:
        with self.reading() as con:
            return documents(con, [doc_id]).get(doc_id)

    # -- entities -------------------------------------------------------------------------------

    def _require(self, kb_id: int, con: psycopg.Connection | None = None) -> KBEntity:
        rows = self._entities("WHERE k.id = %s", [kb_id], con=con) if 0 <= kb_id < 2 ** 63 else []
        if not rows:
            raise ValueError(f"no KB entity #{kb_id}")
        return rows[0]

    def _entities(self, where: str, args: list, order: str = "", con: psycopg.Connection | None = None
                  ) -> list[KBEntity]:
        sql = KB_COLUMNS + where + " GROUP BY k.id " + order
        if con is not None:
            return [KBEntity(*row) for row in con.execute(sql, args)]
        with self.reading() as con:
            return [KBEntity(*row) for row in con.execute(sql, args)]

    def find_entities(self, name: str, readings: Readings | None = None) -> list[KBEntity]:
        return lookup.find_entities(self, name, readings)

    # the questions store/lookup.py asks
    def _by_id(self, kb_id: int) -> list[KBEntity]:
        return self._entities("WHERE k.id = %s", [kb_id])

    def _named(self, names: list[str]) -> set[int]:
        return self._ids("SELECT id FROM kb_entity WHERE lower(name) = ANY(%s)", [n.translate(ASCII_LOWER) for n in names])

    def _mentioned_as(self, names: list[str]) -> set[int]:
        return self._ids("SELECT kb_id FROM entity WHERE name = ANY(%s)", names)

    def _by_keys(self, keys: list[str]) -> set[int]:
        return self._ids("SELECT kb_id FROM alias WHERE key = ANY(%s)", keys)

    def _ids(self, sql: str, args: list) -> set[int]:
        if not args:
            return set()
        with self.reading() as con:
            return {row[0] for row in con.execute(sql, (args,))}

    def _ranked(self, ids: set[int]) -> list[KBEntity]:
        return self._entities("WHERE k.id = ANY(%s)", [sorted(ids)], MOST_DOCUMENTED) if ids else []

    def _persons(self, pairs: list[tuple[str, str | None]]) -> set[int]:
        ids: set[int] = set()
        forms: dict[int, set[str]] = {}
        surnames = list(dict.fromkeys(s for s, _ in pairs))
        if not surnames:
            return ids
        with self.reading() as con:
            rows = con.execute("SELECT surname, kb_id, given FROM person_name WHERE surname = ANY(%s)",
                               (surnames,)).fetchall()
        for surname in surnames:
            givens = {g for s, g in pairs if s == surname}
            for s, kb, given in rows:
                if s != surname:
                    continue
                forms.setdefault(kb, set()).add(given)
                if None in givens or any(fits_given(g, given) for g in givens if g):
                    ids.add(kb)
        return ids or {kb for kb, gs in forms.items() if gs == {""}}

    def entity_names(self, kb_id: int) -> list[str]:
        with self.reading() as con:
            return [r[0] for r in con.execute(
                "SELECT name FROM entity WHERE kb_id = %s GROUP BY name ORDER BY COUNT(*) DESC, name", (kb_id,))]

    def entity_documents(self, kb_id: int) -> list[dict]:
        with self.reading() as con:
            return [dict(id=i, date=d, source=s, mentions=m) for i, d, s, m in con.execute(
                "SELECT d.id, d.date, d.source, SUM(e.mentions) FROM entity e JOIN document d ON d.id = e.doc_id "
                "WHERE e.kb_id = %s GROUP BY d.id ORDER BY d.date IS NULL, d.date, d.id", (kb_id,))]

    def companions(self, kb_id: int, limit: int = 10) -> list[tuple[KBEntity, int]]:
        # counted by KB id first and only the top ones named, as the SQLite backend does
        with self.reading() as con:
            return [(KBEntity(*row[:5]), row[5]) for row in con.execute(
                "SELECT k.id, k.type, k.subtype, k.name, k.ref, c.n FROM (SELECT b.kb_id AS id, "
                "COUNT(DISTINCT b.doc_id) AS n FROM entity a JOIN entity b ON b.doc_id = a.doc_id AND b.kb_id <> a.kb_id "
                "WHERE a.kb_id = %s GROUP BY b.kb_id ORDER BY n DESC, b.kb_id LIMIT %s) c JOIN kb_entity k ON k.id = c.id "
                "ORDER BY c.n DESC, k.id", (kb_id, limit))]

    def top_entities(self, limit: int, type_: str | None = None, offset: int = 0) -> list[KBEntity]:
        where, args = ("WHERE k.type = %s", [type_]) if type_ else ("", [])
        few = self._most_documented_ids(limit + offset, type_)
        if few is not None:  # only the candidates are grouped with their mentions and names
            where = (where + " AND" if where else "WHERE") + " k.id = ANY(%s)"
            args = [*args, few]
        return self._entities(where, args, MOST_DOCUMENTED + f" LIMIT {int(limit)} OFFSET {int(offset)}")

    def _most_documented_ids(self, n: int, type_: str | None, most: int = 2000) -> list[int] | None:
        """As the SQLite backend: counted on (kb_id, doc_id) alone, then store/lookup.py's cutoff."""
        join, where, args = ("JOIN kb_entity k ON k.id = e.kb_id", "WHERE k.type = %s", [type_]) if type_ else ("", "", [])
        with self.reading() as con:
            counts = con.execute(f"SELECT e.kb_id, COUNT(DISTINCT e.doc_id) FROM entity e {join} {where} "
                                 "GROUP BY e.kb_id", args).fetchall()
        return lookup.most_documented(counts, n, most)

    def names(self, type_: str | None = None) -> list[tuple[int, str]]:
        where, args = ("WHERE type = %s", [type_]) if type_ else ("", [])
        with self.reading() as con:
            return [tuple(r) for r in con.execute(f"SELECT id, name FROM kb_entity {where} ORDER BY id", args)]

    # -- facts ----------------------------------------------------------------------------------

    def facts(self, types: tuple[str, ...] = (), status: str | None = None, kb_id: int | None = None,
              metric_lemmas: list[str] | None = None, selection: Selection | None = None) -> list[FactRow]:
        clause, args = selected(selection or Selection(), "d")
        where = [clause.removeprefix("WHERE ")] if clause else []
        if types:
            where.append("f.type = ANY(%s)"), args.append(list(types))
        if status:
            where.append("f.status = %s"), args.append(status)
        if kb_id is not None:
            where.append("EXISTS (SELECT 1 FROM fact_entity fe JOIN entity e ON e.doc_id = fe.doc_id "
                         "AND e.id = fe.entity_id WHERE fe.doc_id = f.doc_id AND fe.n = f.n AND e.kb_id = %s)")
            args.append(kb_id)
        for lemma in metric_lemmas or ():
            where.append("strpos(f.metric_lemmas, %s) > 0"), args.append(f" {lemma} ")
        with self.reading() as con:
            rows = con.execute(
                "SELECT f.doc_id, f.n, f.json, d.date FROM fact f JOIN document d ON d.id = f.doc_id"
                + (" WHERE " + " AND ".join(where) if where else "")
                + " ORDER BY d.date IS NULL, d.date, f.doc_id, f.n", args).fetchall()
            links = _doc_entities(con, sorted({r[0] for r in rows}))
        return [fact_record(doc, n, json.loads(js), date, links) for doc, n, js, date in rows]

    def find_facts(self, query: FactQuery) -> list[FactRow]:
        mine, where, args = _fact_filter(query)
        order = "d.date IS NULL, d.date DESC, f.doc_id DESC, f.n" if query.newest_first else \
            "d.date IS NULL, d.date, f.doc_id, f.n"
        page = " LIMIT %s OFFSET %s" if query.limit is not None else ""
        with self.reading() as con:
            rows = con.execute(f"{mine}SELECT f.doc_id, f.n, f.json, d.date FROM {FACTS_OF[bool(mine)]}{where} "
                               f"ORDER BY {order}{page}",
                               args + ([query.limit, max(query.offset, 0)] if page else [])).fetchall()
            links = _doc_entities(con, sorted({r[0] for r in rows}))
        return [fact_record(doc, n, json.loads(js), date, links) for doc, n, js, date in rows]

    def count_facts(self, query: FactQuery) -> int:
        mine, where, args = _fact_filter(query)
        with self.reading() as con:
            return con.execute(f"{mine}SELECT COUNT(*) FROM {FACTS_OF[bool(mine)]}{where}", args).fetchone()[0]

    def facets(self, query: SearchQuery, limit: int = 10) -> dict[str, list[Facet]]:
        q = tsquery(query.terms, query.any_word) if query.terms else None
        if query.terms and q is None:
            return {"entity_type": [], "fact_type": [], "year": [], "entity": []}
        matched, args = self._matching(query, q, "d.id")
        inside = f"doc_id IN ({matched})"
        out = {}
        with self.reading() as con:
            for name, sql in (
                    ("entity_type", f"SELECT type, COUNT(DISTINCT doc_id) AS n FROM entity WHERE {inside} "
                                    "GROUP BY type ORDER BY n DESC, type"),
                    ("fact_type", f"SELECT type, COUNT(DISTINCT doc_id) AS n FROM fact WHERE {inside} "
                                  "GROUP BY type ORDER BY n DESC, type"),
                    ("year", f"SELECT substr(date, 1, 4) AS y, COUNT(*) FROM document WHERE date IS NOT NULL "
                             f"AND id IN ({matched}) GROUP BY y ORDER BY y")):
                out[name] = [Facet(str(v), n) for v, n in con.execute(sql, args)]
            out["entity"] = [Facet(str(k), n, name) for k, name, n in con.execute(
                f"SELECT k.id, k.name, COUNT(DISTINCT e.doc_id) AS n FROM entity e JOIN kb_entity k ON k.id = e.kb_id "
                f"WHERE e.{inside} GROUP BY k.id, k.name ORDER BY n DESC, k.id LIMIT %s", [*args, limit])]
        return out

    def metrics(self) -> list[tuple[str, int]]:
        with self.reading() as con:
            return [tuple(r) for r in con.execute(
                "SELECT metric, COUNT(*) AS n FROM fact WHERE type IN ('indicator', 'target') AND metric IS NOT NULL "
                "GROUP BY metric ORDER BY n DESC, metric")]

    # -- overview --------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        tables = {"documents": "document", "kb_entities": "kb_entity", "document_entities": "entity",
                  "mentions": "mention", "values": "value", "facts": "fact", "evidence": "evidence"}
        with self.reading() as con:
            out = {k: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for k, t in tables.items()}
            for t, n in con.execute("SELECT type, COUNT(*) FROM kb_entity GROUP BY type ORDER BY type"):
                out[f"kb_entities.{t}"] = n
            for t, n in con.execute("SELECT type, COUNT(*) FROM fact GROUP BY type ORDER BY type"):
                out[f"facts.{t}"] = n
        return out


def _through_the_index(con: psycopg.Connection) -> None:
    """Match lemmas through the GIN index even when most documents hold them: the planner would
    scan the table and test each tsvector (reading it, TOAST and all, once to match and again to
    rank); the index answers exactly, so each is read once, to rank (a count reads none). For
    this read transaction only."""
    con.execute("SET LOCAL enable_seqscan = off")


def documents(con: psycopg.Connection, ids: list[str]) -> dict[str, dict]:
    """The stored contract JSON of these documents, each entity with the KB entity it links to
    (what ``document`` answers, a chunk of documents at a time for ``dump``)."""
    heads = {r[0]: r for r in con.execute(
        "SELECT id, source, date, text, title, url FROM document WHERE id = ANY(%s)", (ids,))}
    mentions: dict[tuple[str, str], list[dict]] = {}
    for doc, eid, start, end in con.execute(
            'SELECT doc_id, entity_id, start, "end" FROM mention WHERE doc_id = ANY(%s) ORDER BY doc_id, n', (ids,)):
        mentions.setdefault((doc, eid), []).append({"start": start, "end": end, "text": heads[doc][3][start:end]})
    parts: dict[str, dict[str, list]] = {i: {"entities": [], "values": [], "facts": []} for i in heads}
    for doc, eid, t, st, n, ref, kb in con.execute(
            "SELECT doc_id, id, type, subtype, name, ref, kb_id FROM entity WHERE doc_id = ANY(%s)", (ids,)):
        parts[doc]["entities"].append(dict(id=eid, type=t, subtype=st, name=n, ref=ref, kb_id=kb,
                                           mentions=mentions.get((doc, eid), [])))
    for table, key in (("value", "values"), ("fact", "facts")):
        for doc, js in con.execute(f"SELECT doc_id, json FROM {table} WHERE doc_id = ANY(%s) ORDER BY doc_id, n",
                                   (ids,)):
            parts[doc][key].append(json.loads(js))
    out = {}
    for doc_id, (_, source, date, text, title, url) in heads.items():
        head = dict(id=doc_id, source=source, date=date)
        head.update({k: v for k, v in (("title", title), ("url", url)) if v is not None})
        entities = sorted(parts[doc_id]["entities"], key=lambda e: (len(e["id"]), e["id"]))  # e1, e2, … e10
        out[doc_id] = dict(head, text=text, entities=entities, **{k: parts[doc_id][k] for k in ("values", "facts")})
    return out


def _doc_entities(con: psycopg.Connection, doc_ids: list[str]) -> dict[tuple[str, str], tuple[int, str]]:
    """(doc id, entity id) → (KB id, KB name) for these documents."""
    out = {}
    for i in range(0, len(doc_ids), 5000):
        for doc, eid, kb, name in con.execute(
                "SELECT e.doc_id, e.id, k.id, k.name FROM entity e JOIN kb_entity k ON k.id = e.kb_id "
                "WHERE e.doc_id = ANY(%s)", (doc_ids[i:i + 5000],)):
            out[doc, eid] = (kb, name)
    return out


def _fact_filter(query: FactQuery) -> tuple[str, str, list]:
    """A fact query's parts over ``FACTS_OF``: the WITH clause of the entity's own facts (empty
    without ``kb_id``), the WHERE clause (with its leading space), and the arguments. The
    entity's facts are found from its own rows and materialized first: with a LIMIT, PostgreSQL
    would otherwise walk every fact in date order looking for them."""
    mine, where, args = "", [], []
    if query.kb_id is not None:
        role = " AND fe.role = %s" if query.kb_field else ""
        mine = ("WITH mine AS MATERIALIZED (SELECT DISTINCT fe.doc_id, fe.n FROM entity e JOIN fact_entity fe "
                f"ON fe.doc_id = e.doc_id AND fe.entity_id = e.id WHERE e.kb_id = %s{role}) ")
        args += [query.kb_id, query.kb_field] if query.kb_field else [query.kb_id]
    if query.types:
        where.append("f.type = ANY(%s)"), args.append(list(query.types))
    if query.status:
        where.append("f.status = %s"), args.append(query.status)
    if query.kind:
        where.append("(f.json::jsonb ->> 'kind') = %s"), args.append(query.kind)
    for lemma in query.metric_lemmas or ():
        where.append("strpos(f.metric_lemmas, %s) > 0"), args.append(f" {lemma} ")
    for clause, value in (("d.date >= %s", query.date_from), ("d.date <= %s", query.date_to),
                          ("f.doc_id = %s", query.doc_id)):
        if value:
            where.append(clause), args.append(value)
    return mine, (" WHERE " + " AND ".join(where) if where else ""), args
