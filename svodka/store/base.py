"""The one interface the knowledge base stores through. ``KnowledgeBase`` (svodka/kb) sees only
this, so a second backend is one more package under ``store/``, tested by the same suite
(tests/test_store_protocol.py runs against every backend).

The protocol speaks records, not a query language: search takes lemma terms and filters, writes
take documents whose lemmas were worked out above (no NLP happens in a store). A write batch is
one transaction, all of it or none; readers never see half a document."""
from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Iterable, Iterator, Protocol, runtime_checkable

from svodka.store.records import (DocumentRecord, EntityRegistry, Facet, FactQuery, FactRow, Hit, KBEntity,
                                  Readings, SearchQuery, Selection, StoredDocument, WriteResult)

# The schema version every backend writes. 3: document title and url, undoable corrections.
SCHEMA_VERSION = 3


class StoreError(Exception):
    """A knowledge base that cannot be used as asked; the message names it and says why."""


class NotAKnowledgeBase(StoreError):
    """The location holds something else (another program's database, not a database at all)."""


class DamagedKnowledgeBase(StoreError):
    """The database fails its integrity check: nothing is written into it."""


class ReadOnlyKnowledgeBase(StoreError):
    """Opened read-only (or the file may not be written): a write was refused."""


class UnreachableKnowledgeBase(StoreError):
    """The database server cannot be reached or refuses the user (a server backend)."""


@runtime_checkable
class Store(Protocol):
    readonly: bool
    migrated_from: int | None  # the schema version this opening upgraded, if it did

    # -- writes ---------------------------------------------------------------------------------

    def hashes(self) -> dict[str, str]:
        """Stored document id → content hash: what ingest can skip."""

    def write(self, batch: list[DocumentRecord]) -> WriteResult:
        """Store documents in one transaction, replacing documents of the same id (unless their
        hash is the same) and linking their entities to KB entities (store/resolve.py)."""

    def merge(self, keep: int, drop: int) -> None:
        """KB entity ``drop`` is ``keep``: its links, keys and name forms move, now and on every
        re-ingest."""

    def split(self, kb_id: int, doc_id: str, entity_id: str, name: str | None) -> int:
        """Document ``doc_id``'s entity ``entity_id`` (linked to ``kb_id``) is someone else: a new
        KB entity, kept for this document on re-ingest. Returns its id."""

    def undo(self) -> dict | None:
        """Reverse the last correction not yet undone: {"kind", "detail"} of what was undone."""

    # -- documents and search -------------------------------------------------------------------

    def document(self, doc_id: str) -> dict | None:
        """The stored contract JSON of a document (None if there is none), each entity with the
        ``kb_id`` of the KB entity it links to."""

    def search(self, query: SearchQuery) -> list[tuple[Hit, str]]:
        """Ranked hits (snippet left empty) and each document's text."""

    def count(self, query: SearchQuery) -> int:
        """How many documents the query matches (its limit aside)."""

    def vocabulary(self, lemmas: list[str]) -> set[str]:
        """Those of these lemmas some stored document holds."""

    def facets(self, query: SearchQuery, limit: int = 10) -> dict[str, list[Facet]]:
        """Over every document the query matches (its limit and offset aside): how many name an
        entity of each type (``entity_type``), hold a fact of each type (``fact_type``), are dated
        in each year (``year``, in order), and the ``limit`` KB entities most of them name
        (``entity``: value the KB id, label its name), the most documents first."""

    # -- entities -------------------------------------------------------------------------------

    def find_entities(self, name: str, readings: Readings | None = None) -> list[KBEntity]:
        """KB entities a name or id («#12») can mean, most documented first; ``readings`` are what
        else the name can be read as (its nominative, surname readings, gazetteer ids)."""

    def entity_names(self, kb_id: int) -> list[str]:
        """Every name documents gave this KB entity, the most used first."""

    def entity_documents(self, kb_id: int) -> list[dict]:
        """{id, date, source, mentions} of the documents naming it, in time order."""

    def companions(self, kb_id: int, limit: int = 10) -> list[tuple[KBEntity, int]]:
        """The entities seen in most documents with it, and how many."""

    def top_entities(self, limit: int, type_: str | None = None, offset: int = 0) -> list[KBEntity]: ...

    def names(self, type_: str | None = None) -> list[tuple[int, str]]:
        """(KB id, name) of every KB entity (of a type): what «did you mean» compares against."""

    # -- facts ----------------------------------------------------------------------------------

    def facts(self, types: tuple[str, ...] = (), status: str | None = None, kb_id: int | None = None,
              metric_lemmas: list[str] | None = None, selection: Selection | None = None) -> list[FactRow]:
        """Facts in document-date order: of these types (all when empty), with this status,
        naming this KB entity, whose metric holds all these lemmas, of the selected documents."""

    def find_facts(self, query: FactQuery) -> list[FactRow]:
        """The facts a ``FactQuery`` asks for, its page of them."""

    def count_facts(self, query: FactQuery) -> int:
        """How many facts the query matches (its limit and offset aside)."""

    def metrics(self) -> list[tuple[str, int]]:
        """(metric, number of indicator and target facts), the most reported first."""

    # -- overview and export --------------------------------------------------------------------

    def counts(self) -> dict[str, int]: ...

    def snapshot(self) -> AbstractContextManager[None]:
        """Every read of this thread inside it sees one state of the store, whatever is written
        meanwhile, so the tables of an export agree with each other (a fact never names an
        entity its export lacks). Nested, it does nothing more."""

    def rows(self, table: str, selection: Selection | None = None) -> Iterator[dict]:
        """Export rows of the selected documents (all without a selection), streamed in a stable
        order; facts come from ``facts``.

        - ``documents``: id, source, date, title, url, hash, text, and how many entities,
          values and facts each holds; by id.
        - ``entities``: the KB entities the selected documents name: id, type, subtype, name,
          ref, in how many of them (documents) and how often (mentions), and the names they
          used (names, a list); by id.
        - ``mentions``: doc_id, entity_id (the document's own «e1»), kb_id, start, end and
          text (``document.text[start:end]``); by document, then offset.
        - ``values``: doc_id, n (its index in the document) and the contract value's fields
          (type, start, end, text, amount, amount_max, currency, unit, qualifier, change,
          direction, factor, period {start, end}, duration, duration_max); by document and index."""

    # -- copy between stores --------------------------------------------------------------------

    def dump(self) -> tuple[EntityRegistry, Iterator[StoredDocument]]:
        """The KB entities with their keys, name forms, link overrides and corrections, and every
        stored document as written with its links, in id order, streamed: both from one
        snapshot, so a copy taken while an ingest writes is still whole."""

    def load(self, registry: EntityRegistry, documents: Iterable[StoredDocument]) -> int:
        """Fill an empty store with what another dumped, ids kept, in one transaction (all or
        nothing); returns the number of documents. A store holding anything refuses."""

    def close(self) -> None: ...
