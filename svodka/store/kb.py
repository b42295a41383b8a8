"""``KnowledgeBase``: many reports in one store, read as one body of knowledge.

Ingest hashes every input first and runs extraction only on what is new or changed, then writes
in batches, one transaction each: a killed ingest keeps every batch it committed and the next
run starts where it stopped. Everything else reads through the ``Store`` interface."""
from __future__ import annotations

import datetime as dt
import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from svodka.nlp.models import Models
from svodka.store.base import Store
from svodka.store.model import Hit, KBEntity, Profile, Readings, SearchQuery, Track
from svodka.store.text import fts_expression, lemma_text, lemmas, query_terms, snippet
from svodka.store.track import build_track

DEFAULT_BATCH = 32


@dataclass(slots=True)
class IngestReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (id or source, problem)
    seconds: float = 0.0

    @property
    def processed(self) -> int:
        return len(self.added) + len(self.replaced) + len(self.failed)


def content_hash(text: str, date) -> str:
    return hashlib.sha256(f"{date or ''}\n{text}".encode("utf-8")).hexdigest()


class KnowledgeBase:
    def __init__(self, path: str | Path = "svodka.db", pipeline=None, store: Store | None = None):
        self._pipeline = pipeline
        # one set of lazily loaded models, shared with the pipeline: the store's lemmas and
        # lookups read the same analyzer cache and gazetteer as extraction
        self.models = pipeline.models if pipeline is not None else Models()
        if store is None:
            from svodka.store.sqlite import SQLiteStore
            store = SQLiteStore(path, morph=self.morph)
        self.store = store

    @property
    def morph(self):
        return self.models.morph

    @property
    def gazetteer(self):
        return self.models.gazetteer

    @property
    def pipeline(self):
        if self._pipeline is None:
            from svodka.pipeline import Pipeline
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
               on_plan: Callable[[int, int], None] | None = None) -> IngestReport:
        """Store what is new or changed under ``paths``. ``on_plan(to_process, skipped)`` is
        called once before extraction, ``on_document(id, done)`` after each document."""
        from svodka.read import iter_sources
        started = time.perf_counter()
        report = IngestReport()
        stored = self.store.hashes()
        todo, hashes, seen = [], {}, set()
        for src in iter_sources(paths, date):
            if not hasattr(src, "text"):
                report.failed.append((src.id or src.source, src.error))
                continue
            digest = content_hash(src.text, src.date)
            if src.id in seen:
                report.failed.append((src.id, f"duplicate id: {src.source} has the id of a document read before"))
                continue
            if stored.get(src.id) == digest:
                report.skipped.append(src.id)
                continue
            seen.add(src.id)
            hashes[src.id] = digest
            todo.append(src)
        if on_plan:
            on_plan(len(todo), len(report.skipped))
        pending: list = []
        done = 0
        for record in self._extract(todo, workers):
            done += 1
            if "error" in record:
                report.failed.append((record.get("id") or record.get("source"), record["error"]))
            else:
                pending.append((record, hashes[record["id"]], lemma_text(record["text"], self.morph)))
            if len(pending) >= batch:
                self._commit(pending, report)
            if on_document:
                on_document(record.get("id"), done)
        self._commit(pending, report)
        report.seconds = time.perf_counter() - started
        return report

    def add(self, documents: Iterable[dict]) -> IngestReport:
        """Store contract documents as they are (already extracted, or written by hand)."""
        report = IngestReport()
        pending = []
        for doc in documents:
            pending.append((doc, content_hash(doc["text"], doc.get("date")), lemma_text(doc["text"], self.morph)))
        self._commit(pending, report)
        return report

    def _extract(self, sources: list, workers: int) -> Iterator[dict]:
        if not sources:
            return iter(())
        from svodka.parallel import process_all
        return process_all(sources, workers, pipeline=self.pipeline if workers <= 1 else None)

    def _commit(self, pending: list, report: IngestReport) -> None:
        if pending:
            result = self.store.write(pending)
            report.added += result.added
            report.replaced += result.replaced
            report.skipped += result.unchanged
            pending.clear()

    # -- queries --------------------------------------------------------------------------------

    def search(self, query: str = "", entity: str | None = None, fact_type: str | None = None,
               date_from: str | None = None, date_to: str | None = None, limit: int = 10) -> list[Hit]:
        """Ranked documents with every query word in some form; when none has all of them, those
        with any, still ranked."""
        if entity is not None:
            found = self._find(entity)
            if not found:
                return []
            entity = f"#{found[0].id}"
        q = SearchQuery(query, entity, fact_type, date_from, date_to, limit)
        terms = query_terms(query, self.morph, self.store.vocabulary)
        if not terms:
            found = self.store.search(q, None)
        else:
            found = self.store.search(q, fts_expression(terms)) or self.store.search(q, fts_expression(terms, True))
        hits = []
        for hit, text in found:
            hit.snippet, hit.marks = snippet(text, terms, self.morph)
            hits.append(hit)
        return hits

    def entities(self, name: str) -> list[KBEntity]:
        """KB entities a name in any word form can mean, the likeliest first."""
        return self._find(name)

    def entity(self, name: str) -> Profile | None:
        """The profile of the likeliest entity a name means; ``others`` lists the rest."""
        found = self._find(name)
        if not found:
            return None
        profile = self.store.profile(found[0].id)
        profile.others = found[1:]
        return profile

    def _find(self, name: str) -> list[KBEntity]:
        from svodka.store.forms import place_refs, readings
        text = " ".join(name.split())
        if not text or text.lstrip("#").isdigit():
            return self.store.find_entities(text) if text else []
        found = self.store.find_entities(text, readings(text, self.morph))
        if not found:
            refs = place_refs(text, self.gazetteer)  # «Соединенных Штатов», «РФ»: the gazetteer knows
            if refs:
                found = self.store.find_entities(text, Readings(refs=refs))
        return found

    def track(self, metric: str, scope: Iterable[str] = (), as_of: dt.date | None = None) -> Track:
        groups = []
        for name in scope:
            ids = {e.id for e in self._find(name)}
            groups.append(ids or {-1})  # an unknown scope matches nothing
        observations = self.store.observations(lemmas(metric, self.morph))
        return build_track(metric, observations, groups, as_of or dt.date.today())

    def merge(self, keep: str, drop: str) -> tuple[KBEntity, KBEntity]:
        a, b = self._one(keep), self._one(drop)
        if a.id == b.id:
            raise ValueError(f"#{a.id} {a.name} is already one entity")
        self.store.merge(a.id, b.id)
        return a, b

    def split(self, entity: str, doc_id: str, name: str | None = None) -> KBEntity:
        new = self.store.split(self._one(entity).id, doc_id, name)
        return self.store.find_entities(str(new))[0]

    def _one(self, name: str) -> KBEntity:
        found = self._find(name)
        if not found:
            raise ValueError(f"no entity called {name!r}")
        return found[0]

    def counts(self) -> dict[str, int]:
        return self.store.counts()

    def top_entities(self, limit: int = 10, type_: str | None = None) -> list[KBEntity]:
        return self.store.top_entities(limit, type_)

    def facts(self, type_: str | None = None, status: str | None = None) -> list[dict]:
        return self.store.facts(type_, status)

    def export(self, fmt: str, out_dir: str | Path):
        from svodka.store.export import export
        return export(self.store, fmt, out_dir)
