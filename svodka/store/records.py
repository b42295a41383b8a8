"""What the store is given and answers with: plain records, the same for every backend. No NLP
happens in a store: lemmas arrive worked out (``DocumentRecord``, ``Term``)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class WriteResult:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # stored meanwhile by another ingest


@dataclass(slots=True)
class DocumentRecord:
    """One document to store: its contract JSON, the content hash ingest skips unchanged input
    by, the lemmas of its text for the full-text index (words in order, space-separated), and
    the lemmas of each fact's metric («товарооборот между Россией» → «товарооборот между
    россия»), by the fact's index, for ``observations``."""

    doc: dict
    digest: str
    lemmas: str
    metric_lemmas: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Term:
    """One query word: its lemma and the lemmas that count as the same word."""

    lemma: str
    alts: tuple[str, ...] = ()

    @property
    def lemmas(self) -> tuple[str, ...]:
        return (self.lemma, *self.alts)


@dataclass(slots=True)
class SearchQuery:
    """Documents holding every term (or any, with ``any_word``) in one of its lemmas, ranked;
    with no terms, documents by date, newest first. Filters narrow either."""

    terms: list[Term] = field(default_factory=list)
    any_word: bool = False
    entity_id: int | None = None  # only documents naming this KB entity
    fact_type: str | None = None  # only documents with a fact of this type
    date_from: str | None = None
    date_to: str | None = None
    undated: bool = False  # only documents with no date (what a date filter leaves out)
    entity_type: str | None = None  # only documents naming an entity of this type (PER, ORG, LOC…)
    limit: int = 10
    offset: int = 0  # skip this many of the ranked documents (a page further)


@dataclass(slots=True)
class Selection:
    """The documents an export reads: those dated within [date_from, date_to] (ISO days, either
    bound open). With no bound, every document, undated ones too; with one, undated documents
    are left out, as a date filter of search leaves them out."""

    date_from: str | None = None
    date_to: str | None = None

    @property
    def dated_only(self) -> bool:
        return bool(self.date_from or self.date_to)


@dataclass(slots=True)
class Readings:
    """What a typed name can also be, worked out with morphology (``forms``): tried after the
    name itself, strongest reading first."""

    forms: list[str] = field(default_factory=list)  # nominatives and lemmas: «Казахстана» → «Казахстан»
    persons: list[tuple[str, str | None]] = field(default_factory=list)  # (surname key, given key)
    refs: list[str] = field(default_factory=list)  # gazetteer ids: «Соединенных Штатов» → iso:US


@dataclass(slots=True)
class Hit:
    doc_id: str
    date: str | None
    source: str | None
    score: float
    snippet: str
    marks: list[tuple[int, int]]  # highlighted [start, end) in snippet
    title: str | None = None  # as the input gave it (JSONL), or None


@dataclass(frozen=True, slots=True)
class Facet:
    """One value of a facet over a whole search result and how many documents have it; ``label``
    names it for a person where the value is an id (a KB entity's name)."""

    value: str
    count: int
    label: str | None = None


@dataclass(slots=True)
class FactQuery:
    """Facts to list, a page at a time: of these types (all when empty), with this status, naming
    this KB entity (in any reference field, or in ``kb_field``), of this kind (an agreement's «меморандум»), whose
    metric holds all these lemmas, in documents dated within [date_from, date_to] (ISO, inclusive),
    of one document; in document-date order, or newest first."""

    types: tuple[str, ...] = ()
    status: str | None = None
    kb_id: int | None = None
    kind: str | None = None
    metric_lemmas: list[str] | None = None
    date_from: str | None = None
    date_to: str | None = None
    doc_id: str | None = None
    newest_first: bool = False
    limit: int | None = None
    offset: int = 0
    kb_field: str | None = None  # the field that must name ``kb_id`` («speaker»), any when None


@dataclass(slots=True)
class KBEntity:
    id: int
    type: str
    subtype: str | None
    name: str
    ref: str | None
    documents: int = 0
    mentions: int = 0


@dataclass(slots=True)
class FactRow:
    """A stored fact: its contract fields with entity references as KB entity ids (the fields
    ``facts.schema`` declares as references), the names of those entities, and its evidence
    (offsets and words) in the document ``doc_id``."""

    doc_id: str
    n: int  # its index among the document's facts
    doc_date: str | None
    type: str
    fields: dict
    names: dict[int, str]  # KB entity id → name, for every id the fields hold
    evidence: list[dict]  # {"start", "end", "text"}

    def name(self, kb_id) -> str | None:
        return self.names.get(kb_id) if kb_id is not None else None

    @property
    def sentence(self) -> str:
        """The evidence words, white space collapsed."""
        return " ".join(" ".join(e.get("text") or "" for e in self.evidence).split())


@dataclass(slots=True)
class StoredDocument:
    """A stored document as it travels from one store to another (``svodka copy``): the record
    ingest wrote (lemmas included, so nothing is read again), the KB entity each of its entities
    links to, and when it was stored."""

    record: DocumentRecord
    links: dict[str, int]
    ingested_at: str


@dataclass(slots=True)
class EntityRegistry:
    """Everything a store keeps about KB entities besides the documents' links: the entities
    (with whether a person made or kept them), the keys and person names they are found by, the
    corrections' link overrides and the log ``undo`` reads. It travels with a copy, so merges,
    splits and their undo history move too."""

    entities: list[tuple] = field(default_factory=list)  # (id, type, subtype, name, ref, pinned)
    aliases: list[tuple[str, int]] = field(default_factory=list)  # (key, kb id)
    person_names: list[tuple[str, str, int]] = field(default_factory=list)  # (surname, given, kb id)
    overrides: list[tuple[str, str, str, int]] = field(default_factory=list)  # (doc id, type, name, kb id)
    corrections: list[tuple] = field(default_factory=list)  # (id, at, kind, detail JSON, undone)
