"""The one interface the knowledge base stores through. ``KnowledgeBase`` and the CLI see only
this, so a PostgreSQL backend is one more class: extraction and commands stay as they are.

Writes take contract documents (dicts, as ``svodka extract`` prints them) plus the lemma text of
each for the full-text index; a batch is one transaction, all of it or none."""
from __future__ import annotations

from typing import Iterator, Protocol, runtime_checkable

from svodka.store.model import Hit, KBEntity, Observation, Profile, Readings, SearchQuery, WriteResult


@runtime_checkable
class Store(Protocol):
    def hashes(self) -> dict[str, str]:
        """Stored document id → content hash: what ingest can skip."""

    def write(self, batch: list[tuple[dict, str, str]]) -> WriteResult:
        """Store (contract document, content hash, lemma text) triples in one transaction,
        replacing documents of the same id and linking their entities to KB entities."""

    def search(self, query: SearchQuery, fts: str | None) -> list[tuple[Hit, str]]:
        """Ranked hits (snippet left empty) and each document's text; ``fts`` is the MATCH
        expression, None to list by date."""

    def vocabulary(self, lemmas: list[str]) -> set[str]:
        """Those of these lemmas some stored document holds."""

    def find_entities(self, name: str, readings: Readings | None = None) -> list[KBEntity]:
        """KB entities a name or id can mean, most documented first; ``readings`` are what else
        the name can be read as (its nominative, surname readings, gazetteer ids)."""

    def profile(self, kb_id: int) -> Profile: ...

    def observations(self, metric_lemmas: list[str]) -> list[Observation]:
        """Indicator and target facts whose metric holds all these lemmas."""

    def merge(self, keep: int, drop: int) -> None: ...

    def split(self, kb_id: int, doc_id: str, name: str | None) -> int: ...

    def counts(self) -> dict[str, int]: ...

    def top_entities(self, limit: int, type_: str | None = None) -> list[KBEntity]: ...

    def facts(self, type_: str | None = None, status: str | None = None) -> list[dict]:
        """Facts with entity references as KB names, plus doc_id, n and date."""

    def rows(self, table: str) -> Iterator[dict]:
        """Export rows of ``documents``, ``entities`` or ``facts``."""

    def close(self) -> None: ...
