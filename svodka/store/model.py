"""What the knowledge base answers with: plain records, the same from every backend."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class WriteResult:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # stored meanwhile by another ingest


@dataclass(slots=True)
class SearchQuery:
    text: str = ""
    entity: str | None = None  # KB entity name or id
    fact_type: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    limit: int = 10


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
class Profile:
    entity: KBEntity
    names: list[str]  # every name form documents gave
    roles: list[dict]  # {role, of, doc_id, date}
    meetings: list[dict]  # {participants, place, date, doc_id}
    statements: list[dict]  # {quote, doc_id, date}
    agreements: list[dict]  # {kind, subject, status, parties, date, doc_id}
    companions: list[tuple[KBEntity, int]]  # entities seen with it most, shared documents
    documents: list[dict]  # {id, date, source, mentions}, in time order
    others: list[KBEntity] = field(default_factory=list)  # other entities the name could mean


@dataclass(slots=True)
class Observation:
    """One indicator or target fact, its entity references resolved to KB names."""

    kind: str  # indicator | target
    doc_id: str
    doc_date: str | None
    metric: str
    scope: list[str]  # KB entity names
    scope_ids: tuple[int, ...]
    value: dict
    period: dict | None = None
    deadline: str | None = None
    stated_status: str | None = None
    evidence: str = ""
    status: str | None = None  # computed for targets: met | not yet met | overdue
    met_by: str | None = None  # the indicator's doc id


@dataclass(slots=True)
class Track:
    metric: str
    indicators: list[Observation]
    targets: list[Observation]
