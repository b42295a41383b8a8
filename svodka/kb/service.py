"""``KnowledgeBase``: many reports in one store, read as one body of knowledge. The CLI, the HTTP
API and the web pages all call this class; none of them speaks to a store directly.

It owns the language side of the knowledge base (lemmas for the index and for queries, name
readings for lookups), through the same lazily loaded ``Models`` as its pipeline, and leaves
storage to a ``Store`` (svodka/store)."""
from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import BinaryIO, Callable, Iterable

from svodka.kb import browse
from svodka.kb import ingest as ingesting
from svodka.kb.ingest import DEFAULT_BATCH, IngestReport
from svodka.kb.names import place_refs, readings
from svodka.kb.overview import Overview, overview
from svodka.kb.profile import Profile, build_profile, latest_profile
from svodka.kb.text import lemmas, query_terms, snippet
from svodka.kb.track import Observation, Track, build_track
from svodka.pipeline import Pipeline
from svodka.pipeline.models import Models
from svodka.store import is_server, open as open_store
from svodka.store import location as store_location
from svodka.store.base import Store
from svodka.store.records import FactRow, Hit, KBEntity, Readings, SearchQuery


class KnowledgeBase:
    def __init__(self, location: str | Path | None = None, pipeline: Pipeline | None = None,
                 store: Store | None = None, readonly: bool = False):
        """The knowledge base at ``location``: a file (SQLite) or a ``postgresql://`` URL; by
        default ``$SVODKA_DB``, else svodka.db here."""
        self._pipeline = pipeline
        # one set of lazily loaded models, shared with the pipeline: the lemmas and lookups here
        # read the same analyzer cache and gazetteer as extraction
        self.models = pipeline.models if pipeline is not None else Models()
        self.store = store if store is not None else open_store(location, readonly=readonly)
        # where the store is, when this object opened it: what a cluster's workers open to write
        self.location = None if store is not None else str(store_location(location))

    @property
    def morph(self):
        return self.models.morph

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            self._pipeline = Pipeline(self.models)
        return self._pipeline

    def close(self) -> None:
        self.store.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- ingest ---------------------------------------------------------------------------------

    def ingest(self, paths: Iterable[str], date: dt.date | None = None, workers: int = 1,
               batch: int = DEFAULT_BATCH, on_document: Callable[[str, int], None] | None = None,
               on_plan: Callable[[int, int], None] | None = None,
               on_commit: Callable[[int], None] | None = None, max_chars: int | None = None,
               runner: Callable | None = None, stdin: BinaryIO | None = None) -> IngestReport:
        """Store what is new or changed under ``paths``. ``on_plan(to_process, skipped)`` is
        called once before extraction, ``on_document(id, done)`` after each document,
        ``on_commit(stored)`` after each transaction. A text longer than ``max_chars`` (default
        ``scale.MAX_CHARS``) fails as its document's error. A ``runner(sources, pipeline, finish)``
        (``scale.dask.Runner``) extracts elsewhere in place of ``workers`` local processes, and
        runs ``finish`` (the lemmas a store needs) there too; this process then only writes.
        ``stdin`` is what the path «-» reads (a text, JSONL or a JSON array), as ``svodka.read`` has it."""
        from svodka.read import iter_sources
        from svodka.scale import MAX_CHARS, process_all
        from svodka.scale.local import too_long
        started = time.perf_counter()
        report = IngestReport()
        todo, hashes = ingesting.plan(iter_sources(paths, date, stdin), self.store.hashes(), report)
        if on_plan:
            on_plan(len(todo), len(report.skipped))
        if todo:
            if runner is not None:
                limited = [too_long(s, max_chars or MAX_CHARS) for s in todo]
                # a server database takes the writes from the workers themselves
                sink = ingesting.WriteFromWorker(self.location) if is_server(self.location or "") else None
                records = runner(limited, self.pipeline, ingesting.stored_record, sink)
            else:
                records = process_all(todo, workers, pipeline=self.pipeline, max_chars=max_chars or MAX_CHARS)
            ingesting.store_records(self.store, records, hashes, self.morph, batch, report, on_document, on_commit)
        report.seconds = time.perf_counter() - started
        return report

    def add(self, documents: Iterable[dict]) -> IngestReport:
        """Store contract documents as they are (already extracted, or written by hand)."""
        report = IngestReport()
        ingesting.commit(self.store, [ingesting.document_record(d, self.morph) for d in documents], report)
        return report

    # -- documents and search -------------------------------------------------------------------

    def document(self, doc_id: str) -> dict | None:
        """A stored document as the contract JSON, each entity with its ``kb_id``."""
        return self.store.document(doc_id)

    def search(self, query: str = "", entity: str | None = None, fact_type: str | None = None,
               date_from: str | None = None, date_to: str | None = None, limit: int = 10) -> list[Hit]:
        """Ranked documents with every query word in some form; when none has all of them, those
        with any, still ranked."""
        entity_id = None
        if entity is not None:
            found = self._find(entity)
            if not found:
                return []
            entity_id = found[0].id
        terms = query_terms(query, self.morph, self.store.vocabulary)
        if not terms and query.strip():
            raise ValueError(f"the query {query[:40]!r} has no words to search for")
        if not terms and entity_id is None and not (fact_type or date_from or date_to):
            raise ValueError("nothing to search for: give words, or a filter (--entity, --fact, --from, --to)")
        q = SearchQuery(terms, False, entity_id, fact_type, date_from, date_to, limit=limit)
        found = self.store.search(q)
        if not found and len(terms) > 1:
            q.any_word = True
            found = self.store.search(q)
        hits = []
        for hit, text in found:
            hit.snippet, hit.marks = snippet(text, terms, self.morph)
            hits.append(hit)
        return hits

    def undated_left_out(self, query: str = "", entity: str | None = None, fact_type: str | None = None) -> int:
        """How many undated documents match this search: what a date filter leaves out."""
        found = self._find(entity) if entity else []
        terms = query_terms(query, self.morph, self.store.vocabulary)
        q = SearchQuery(terms, False, found[0].id if found else None, fact_type, undated=True)
        n = self.store.count(q)
        if not n and len(terms) > 1:
            q.any_word = True
            n = self.store.count(q)
        return n

    # -- entities -------------------------------------------------------------------------------

    def entities(self, name: str) -> list[KBEntity]:
        """KB entities a name in any word form can mean, the likeliest first."""
        return self._find(name)

    def entity(self, name: str, limit: int | None = None) -> Profile | None:
        """The profile of the likeliest entity a name means; ``others`` lists the rest. With a
        ``limit``, only the latest meetings, statements and agreements (``totals`` counts them all)."""
        found = self._find(name)
        if not found:
            return None
        profile = build_profile(self.store, found[0]) if limit is None else latest_profile(self.store, found[0], limit)
        profile.others = found[1:]
        return profile

    def _find(self, name: str) -> list[KBEntity]:
        text = " ".join(name.split())
        if not text or text.lstrip("#").isdigit():
            return self.store.find_entities(text) if text else []
        found = self.store.find_entities(text, readings(text, self.morph))
        if not found:
            refs = place_refs(text, self.models.gazetteer)  # «Соединенных Штатов», «РФ»: the gazetteer knows
            if refs:
                found = self.store.find_entities(text, Readings(refs=refs))
        return found

    def _one(self, name: str) -> KBEntity:
        found = self._find(name)
        if not found:
            raise ValueError(f"no entity called {name!r}")
        return found[0]

    def merge(self, keep: str, drop: str, force: bool = False) -> tuple[KBEntity, KBEntity]:
        """``drop`` is the same thing as ``keep``. Entities of different types («Казахстан» and
        «Токаев») are refused unless ``force``: such a merge is nearly always a slip."""
        a, b = self._one(keep), self._one(drop)
        if a.id == b.id:
            raise ValueError(f"#{a.id} {a.name} is already one entity")
        if a.type != b.type and not force:
            raise ValueError(f"#{a.id} {a.name} is {a.type} and #{b.id} {b.name} is {b.type}: "
                             "not merged (--force merges them anyway)")
        self.store.merge(a.id, b.id)
        return a, b

    def split(self, entity: str, doc_id: str, name: str | None = None,
              entity_id: str | None = None) -> tuple[KBEntity, dict]:
        """The one entity of document ``doc_id`` linked to ``entity`` is someone else: it gets a KB
        entity of its own (named ``name``, or as the document named it). When the document has
        several entities linked to it, ``entity_id`` («e3») says which."""
        kb_entity = self._one(entity)
        doc = self.store.document(doc_id)
        if doc is None:
            raise ValueError(f"no document {doc_id!r}")
        linked = [e for e in doc["entities"] if e["kb_id"] == kb_entity.id]
        if entity_id is not None:
            linked = [e for e in linked if e["id"] == entity_id]
        if not linked:
            raise ValueError(f"document {doc_id!r} has no entity linked to #{kb_entity.id} {kb_entity.name}")
        if len(linked) > 1:
            raise ValueError(f"document {doc_id!r} names #{kb_entity.id} {kb_entity.name} as "
                             + ", ".join(f"{e['id']} «{e['name']}»" for e in linked) + ": say which with --entity-id")
        new = self.store.split(kb_entity.id, doc_id, linked[0]["id"], name)
        return self.store.find_entities(str(new))[0], linked[0]

    def undo(self) -> dict | None:
        """Reverse the last merge or split not yet undone; what it was, or None."""
        return self.store.undo()

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """KB names close to a name nothing was found for: «did you mean …». A one-word query is
        compared with every word of the names too («Токаеф» → «Касым-Жомарт Токаев»)."""
        import difflib
        keys: dict[str, str] = {}
        for _, full in self.store.names():
            keys.setdefault(full.lower(), full)
            if len(name.split()) == 1:
                for word in full.split():
                    keys.setdefault(word.lower(), full)
        close = difflib.get_close_matches(name.lower(), list(keys), limit * 3, 0.75)
        return list(dict.fromkeys(keys[k] for k in close))[:limit]

    def top_entities(self, limit: int = 10, type_: str | None = None, offset: int = 0) -> list[KBEntity]:
        return self.store.top_entities(limit, type_, offset)

    def entity_names(self, kb_id: int) -> list[str]:
        return self.store.entity_names(kb_id)

    # -- facts, tracking, overview --------------------------------------------------------------

    def facts(self, type_: str | None = None, status: str | None = None) -> list[FactRow]:
        return self.store.facts((type_,) if type_ else (), status)

    def track(self, metric: str, scope: Iterable[str] = (), as_of: dt.date | None = None) -> Track:
        """Indicators and targets of a metric (any word form) over time, each target's status;
        ``scope`` names entities every fact's scope must hold (an unknown name matches nothing)."""
        groups = [{e.id for e in self._find(name)} or {-1} for name in scope]
        return self.track_ids(metric, groups, as_of)

    def track_ids(self, metric: str, groups: list[set[int]], as_of: dt.date | None = None) -> Track:
        rows = self.store.facts(("indicator", "target"), metric_lemmas=self._metric_lemmas(metric))
        return build_track(metric, [Observation.of(r) for r in rows], groups, as_of or dt.date.today())

    def _metric_lemmas(self, metric: str) -> list[str]:
        found = lemmas(metric, self.morph)
        if not found:
            raise ValueError(f"the metric {metric[:40]!r} has no words to look for")
        return found

    def metrics(self) -> list[tuple[str, int]]:
        """The metrics indicators and targets were reported for, with how many facts each."""
        return self.store.metrics()

    def conflicts(self, metric: str | None = None, scope: Iterable[str] = (), date_from: str | None = None,
                  date_to: str | None = None, doc_id: str | None = None) -> list:
        """Indicators (and targets) that two documents give differently (kb/conflicts.py): of this
        metric (any word form), with every entity of ``scope``, for periods meeting [from, to];
        with ``doc_id``, only those where that document is one of the two."""
        from svodka.kb.conflicts import find_conflicts
        groups = [{e.id for e in self._find(name)} or {-1} for name in scope]
        rows = self.store.facts(("indicator", "target"), metric_lemmas=self._metric_lemmas(metric) if metric else None)
        rows = [r for r in rows if all(set(r.fields.get("scope") or []) & g for g in groups)]
        found = find_conflicts(rows, self.morph, (lambda r: r.doc_id == doc_id) if doc_id is not None else None)
        return [c for c in found if _within(c, date_from, date_to)]

    def counts(self) -> dict[str, int]:
        return self.store.counts()

    # -- a page at a time (kb/browse.py): what the HTTP API and the web pages ask -----------------

    def search_page(self, query: str = "", **filters) -> "browse.SearchPage":
        """A page of a search with the total and the facets of the whole result."""
        return browse.search_page(self, query, **filters)

    def latest(self, limit: int = 10) -> list[Hit]:
        return browse.latest(self, limit)

    def facts_page(self, **filters) -> "browse.Page":
        return browse.facts_page(self, **filters)

    def entities_page(self, name: str | None = None, type_: str | None = None, limit: int = 50,
                      offset: int = 0) -> "browse.Page":
        return browse.entities_page(self, name, type_, limit, offset)

    def document_conflicts(self, doc_id: str) -> list:
        return browse.document_conflicts(self, doc_id)

    def track_conflicts(self, track: Track) -> list:
        return browse.track_conflicts(self, track)

    def overview(self, limit: int = 10) -> Overview:
        return overview(self, limit)

    def export(self, fmt: str, out_dir: str | Path, date_from: str | None = None, date_to: str | None = None,
               types: Iterable[str] = (), excel: bool = False):
        """Write what the knowledge base knows in ``fmt`` (kb/exports: tables, Excel, PLOVER,
        FollowTheMoney, a Datasette file): documents dated within [from, to], facts of ``types``."""
        from svodka.kb.exports import export
        from svodka.store.records import Selection
        return export(self.store, fmt, out_dir, Selection(date_from, date_to), types, excel)


def _within(conflict, date_from: str | None, date_to: str | None) -> bool:
    """A conflict's period (or its claims' dates) meets [from, to]."""
    start = (conflict.period or {}).get("start") or min(c.date or "" for c in conflict.claims)
    end = (conflict.period or {}).get("end") or max(c.date or "" for c in conflict.claims)
    return (not date_to or (start or "") <= date_to) and (not date_from or (end or "9999") >= date_from)
