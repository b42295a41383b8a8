"""Ingest: documents in, stored once each. Every input is hashed first and only what is new or
changed is extracted; results are written in batches, one transaction each, so a killed ingest
keeps every batch it committed and the next run starts where it stopped.

Everything a store needs from the language is worked out here, not in the store: the lemmas of
the text for the full-text index, the lemmas of each fact's metric for tracking, and the words of
each piece of evidence."""
from __future__ import annotations

import contextlib
import hashlib
import signal
import threading
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from svodka.facts.schema import Kind, fields
from svodka.kb.text import index_text, lemma_text
from svodka.store.base import Store
from svodka.store.records import DocumentRecord, WriteResult

DEFAULT_BATCH = 32


@dataclass(slots=True)
class IngestReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (id or source, problem)
    undated: list[str] = field(default_factory=list)  # stored with no date: relative dates unresolved
    seconds: float = 0.0

    @property
    def processed(self) -> int:
        return len(self.added) + len(self.replaced) + len(self.failed)


def content_hash(text: str, date) -> str:
    return hashlib.sha256(f"{date or ''}\n{text}".encode("utf-8")).hexdigest()


def document_record(doc: dict, morph, digest: str | None = None) -> DocumentRecord:
    """A contract document ready for any store: lemmas for search and tracking, and the words of
    every evidence span and quote filled in from the text where a hand-made document left them out."""
    text = doc["text"]
    metric_lemmas = {}
    for n, fact in enumerate(doc.get("facts") or []):
        _fill_words(fact, text)
        if fact.get("metric"):
            metric_lemmas[n] = lemma_text(fact["metric"], morph)
    return DocumentRecord(doc, digest or content_hash(text, doc.get("date")), index_text(doc, morph), metric_lemmas)


def stored_record(record: dict, pipeline) -> dict | DocumentRecord:
    """An extracted record as the store takes it, worked out where it was extracted (a cluster
    worker): an error record stays as it is."""
    return record if "error" in record else document_record(record, pipeline.models.morph)


@dataclass(frozen=True, slots=True)
class Written:
    """What a worker that stored a document itself sends back in the document's place."""

    id: str
    outcome: str  # "added", "replaced" or "unchanged" (stored meanwhile by another ingest)
    undated: bool


class WriteFromWorker:
    """A cluster runner's sink for a server database: the worker that extracted a batch writes it
    in one transaction and sends back ``Written`` outcomes, not documents, so the client's
    network and memory carry no texts and the server takes writes from every worker (its
    writer lock keeps them one after another). A SQLite file is written through the client."""

    def __init__(self, location: str):
        self.location = location

    def __call__(self, records: list) -> list:
        stored = [r for r in records if isinstance(r, DocumentRecord)]
        result = _worker_store(self.location).write(stored) if stored else WriteResult()
        outcome = {**{i: "added" for i in result.added}, **{i: "replaced" for i in result.replaced},
                   **{i: "unchanged" for i in result.unchanged}}
        return [Written(r.doc["id"], outcome[r.doc["id"]], r.doc.get("date") is None)
                if isinstance(r, DocumentRecord) else r for r in records]


# One store a worker process, opened on its first batch and kept, as the worker keeps its pipeline.
_stores: dict[str, Store] = {}
_stores_lock = threading.Lock()


def _worker_store(location: str) -> Store:
    from svodka.store import open as open_store
    with _stores_lock:
        if location not in _stores:
            _stores[location] = open_store(location)
        return _stores[location]


def _fill_words(fact: dict, text: str) -> None:
    spans = list(fact.get("evidence") or [])
    spans += [fact[f.name] for f in fields(fact["type"]) if f.kind is Kind.SPAN and isinstance(fact.get(f.name), dict)]
    for span in spans:
        if "text" not in span and "start" in span:
            span["text"] = text[span["start"]:span["end"]]


def plan(sources: Iterable, stored: dict[str, str], report: IngestReport) -> tuple[list, dict[str, str]]:
    """The sources to extract (new or changed) and their hashes; unreadable, duplicate and
    unchanged ones go into the report."""
    todo, hashes = [], {}
    for src in sources:
        if not hasattr(src, "text"):
            report.failed.append((src.id or src.source, src.error))
            continue
        digest = content_hash(src.text, src.date)
        if src.id in hashes:
            report.failed.append((src.id, f"duplicate id: {src.source} has the id of a document read before"))
            continue
        if stored.get(src.id) == digest:
            report.skipped.append(src.id)
            continue
        hashes[src.id] = digest
        todo.append(src)
    return todo, hashes


def store_records(store: Store, records: Iterator[dict | DocumentRecord], hashes: dict[str, str], morph,
                  batch: int, report: IngestReport, on_document: Callable[[str, int], None] | None = None,
                  on_commit: Callable[[int], None] | None = None) -> None:
    """Write extracted records ``batch`` at a time (contract dicts, or ``DocumentRecord``s a
    runner's workers made with ``stored_record``); errors go into the report. ``on_commit(n)``
    hears how many documents are stored so far after each transaction."""
    pending: list[DocumentRecord] = []
    for done, record in enumerate(records, 1):
        if isinstance(record, Written):
            _count_written(record, report, on_commit)
            if on_document:
                on_document(record.id, done)
            continue
        if isinstance(record, DocumentRecord):
            pending.append(record)
            record = record.doc
        elif "error" in record:
            report.failed.append((record.get("id") or record.get("source"), record["error"]))
        else:
            pending.append(document_record(record, morph, hashes.get(record["id"])))
        if "error" not in record and record.get("date") is None:
            report.undated.append(record["id"])
        if len(pending) >= batch:
            commit(store, pending, report, on_commit)
        if on_document:
            on_document(record.get("id"), done)
    commit(store, pending, report, on_commit)


def _count_written(record: Written, report: IngestReport, on_commit: Callable[[int], None] | None) -> None:
    {"added": report.added, "replaced": report.replaced, "unchanged": report.skipped}[record.outcome].append(record.id)
    if record.undated:
        report.undated.append(record.id)
    if on_commit and record.outcome != "unchanged":
        on_commit(len(report.added) + len(report.replaced))


def commit(store: Store, pending: list[DocumentRecord], report: IngestReport,
           on_commit: Callable[[int], None] | None = None) -> None:
    if pending:
        with _ctrl_c_after():
            result = store.write(pending)
            report.added += result.added
            report.replaced += result.replaced
            report.skipped += result.unchanged
            pending.clear()
            if on_commit:
                on_commit(len(report.added) + len(report.replaced))


@contextlib.contextmanager
def _ctrl_c_after():
    """Ctrl-C while a batch is written waits until it is written and counted: otherwise the
    batch may be committed and the interrupt land before the count, and «interrupted: N
    documents were stored» would say fewer than the store holds. Only the main thread can
    take signals, and only Python's own Ctrl-C handler is stood in for."""
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:
            raise KeyboardInterrupt
