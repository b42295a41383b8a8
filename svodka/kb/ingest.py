"""Ingest: documents in, stored once each. Every input is hashed first and only what is new or
changed is extracted; results are written in batches, one transaction each, so a killed ingest
keeps every batch it committed and the next run starts where it stopped.

Everything a store needs from the language is worked out here, not in the store: the lemmas of
the text for the full-text index, the lemmas of each fact's metric for tracking, and the words of
each piece of evidence."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from svodka.facts.schema import Kind, fields
from svodka.kb.text import index_text, lemma_text
from svodka.store.base import Store
from svodka.store.records import DocumentRecord

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


def store_records(store: Store, records: Iterator[dict], hashes: dict[str, str], morph, batch: int,
                  report: IngestReport, on_document: Callable[[str, int], None] | None = None,
                  on_commit: Callable[[int], None] | None = None) -> None:
    """Write extracted records ``batch`` at a time; errors go into the report. ``on_commit(n)``
    hears how many documents are stored so far after each transaction."""
    pending: list[DocumentRecord] = []
    for done, record in enumerate(records, 1):
        if "error" in record:
            report.failed.append((record.get("id") or record.get("source"), record["error"]))
        else:
            pending.append(document_record(record, morph, hashes.get(record["id"])))
            if record.get("date") is None:
                report.undated.append(record["id"])
        if len(pending) >= batch:
            commit(store, pending, report, on_commit)
        if on_document:
            on_document(record.get("id"), done)
    commit(store, pending, report, on_commit)


def commit(store: Store, pending: list[DocumentRecord], report: IngestReport,
           on_commit: Callable[[int], None] | None = None) -> None:
    if pending:
        result = store.write(pending)
        report.added += result.added
        report.replaced += result.replaced
        report.skipped += result.unchanged
        pending.clear()
        if on_commit:
            on_commit(len(report.added) + len(report.replaced))
