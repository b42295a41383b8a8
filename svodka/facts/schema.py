"""Each fact type declared once: its fields, what kind of thing each holds, and its label.

The fact rules build these records, ``Document.to_dict`` writes them as the contract JSON, the
store learns from ``reference_fields`` which fields point at entities, and the renderers, exports
and the API read ``FACT_TYPES`` for their columns and labels. A new fact type or field is one
class here, and every consumer follows.

The module holds declarations only (no NLP), so the store and the servers can import it without
loading a model."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import Enum
from typing import Any, ClassVar

from svodka.document import Fact
from svodka.span import Span


class Kind(str, Enum):
    """What a field holds, as the contract JSON writes it."""

    ENTITY = "entity"  # one entity id of the same document, or null
    ENTITIES = "entities"  # a list of entity ids
    TEXT = "text"  # a phrase in the nominative
    DAY = "day"  # an ISO date, or null
    PERIOD = "period"  # {"start", "end"} ISO dates, or null
    VALUE = "value"  # a Value object (CONTRACT.md)
    SPAN = "span"  # {"start", "end"} offsets into the document text
    CHANGE = "change"  # {"percent"}, or null
    STATUS = "status"  # one of STATUSES


STATUSES = ("agreed", "decided", "proposed", "to_consider", "discussed", "signed", "planned",
            "in_progress", "done")
REFERENCE_KINDS = (Kind.ENTITY, Kind.ENTITIES)


def _field(kind: Kind, label: str) -> Any:
    meta = {"kind": kind, "label": label}
    if kind is Kind.ENTITIES:
        return dataclasses.field(default_factory=list, metadata=meta)
    return dataclasses.field(default=None, metadata=meta)


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    kind: Kind
    label: str  # a column heading for a reader of Russian news

    @property
    def is_reference(self) -> bool:
        return self.kind in REFERENCE_KINDS


FACT_TYPES: dict[str, type[Fact]] = {}


def fact_type(cls: type[Fact]) -> type[Fact]:
    """Register a fact record under its ``TYPE``, in declaration order."""
    FACT_TYPES[cls.TYPE] = cls
    return cls


@fact_type
@dataclass(slots=True, kw_only=True)
class Meeting(Fact):
    TYPE: ClassVar[str] = "meeting"
    LABEL: ClassVar[str] = "встречи"
    participants: list[str] = _field(Kind.ENTITIES, "участники")
    date: str | None = _field(Kind.DAY, "дата")
    place: str | None = _field(Kind.ENTITY, "место")


@fact_type
@dataclass(slots=True, kw_only=True)
class Occupation(Fact):
    TYPE: ClassVar[str] = "occupation"
    LABEL: ClassVar[str] = "должности"
    person: str | None = _field(Kind.ENTITY, "кто")
    role: str | None = _field(Kind.TEXT, "должность")
    of: str | None = _field(Kind.ENTITY, "где")


@fact_type
@dataclass(slots=True, kw_only=True)
class Statement(Fact):
    TYPE: ClassVar[str] = "statement"
    LABEL: ClassVar[str] = "высказывания"
    speaker: str | None = _field(Kind.ENTITY, "кто")
    quote: dict | None = _field(Kind.SPAN, "слова")


@fact_type
@dataclass(slots=True, kw_only=True)
class Indicator(Fact):
    TYPE: ClassVar[str] = "indicator"
    LABEL: ClassVar[str] = "показатели"
    metric: str | None = _field(Kind.TEXT, "показатель")
    scope: list[str] = _field(Kind.ENTITIES, "чей")
    value: dict | None = _field(Kind.VALUE, "значение")
    period: dict | None = _field(Kind.PERIOD, "период")
    change: dict | None = _field(Kind.CHANGE, "изменение")


@fact_type
@dataclass(slots=True, kw_only=True)
class Target(Fact):
    TYPE: ClassVar[str] = "target"
    LABEL: ClassVar[str] = "цели"
    metric: str | None = _field(Kind.TEXT, "показатель")
    scope: list[str] = _field(Kind.ENTITIES, "чей")
    value: dict | None = _field(Kind.VALUE, "цель")
    deadline: str | None = _field(Kind.DAY, "срок")
    status: str | None = _field(Kind.STATUS, "статус")


@fact_type
@dataclass(slots=True, kw_only=True)
class Decision(Fact):
    TYPE: ClassVar[str] = "decision"
    LABEL: ClassVar[str] = "решения"
    action: str | None = _field(Kind.TEXT, "решение")
    parties: list[str] = _field(Kind.ENTITIES, "стороны")
    status: str | None = _field(Kind.STATUS, "статус")


@fact_type
@dataclass(slots=True, kw_only=True)
class Agreement(Fact):
    TYPE: ClassVar[str] = "agreement"
    LABEL: ClassVar[str] = "соглашения"
    kind: str | None = _field(Kind.TEXT, "вид")
    subject: str | None = _field(Kind.TEXT, "предмет")
    parties: list[str] = _field(Kind.ENTITIES, "стороны")
    status: str | None = _field(Kind.STATUS, "статус")
    date: str | None = _field(Kind.DAY, "дата")
    period: dict | None = _field(Kind.PERIOD, "период")


def fields(fact_type_name: str) -> tuple[FieldSpec, ...]:
    """The contract fields of a fact type, in the order tables show them."""
    cls = FACT_TYPES.get(fact_type_name)
    if cls is None:
        raise ValueError(f"unknown fact type {fact_type_name!r}: one of {', '.join(FACT_TYPES)}")
    return tuple(FieldSpec(f.name, f.metadata["kind"], f.metadata["label"])
                 for f in dataclasses.fields(cls) if "kind" in f.metadata)


def reference_fields(fact_type_name: str) -> tuple[str, ...]:
    """The fields of a fact type that hold entity ids."""
    return tuple(f.name for f in fields(fact_type_name) if f.is_reference)


def from_dict(data: dict) -> Fact:
    """A fact record from its contract JSON (``Fact.to_dict``); unknown keys are left out."""
    cls = FACT_TYPES.get(data.get("type"))
    if cls is None:
        raise ValueError(f"unknown fact type {data.get('type')!r}: one of {', '.join(FACT_TYPES)}")
    values = {f.name: data[f.name] for f in fields(cls.TYPE) if f.name in data}
    evidence = [Span(e["start"], e["end"], e.get("text", "")) for e in data.get("evidence") or []]
    return cls(**values, evidence=evidence)
