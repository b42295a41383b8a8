"""The records one document is read into. Every stage of the pipeline enriches one ``Document``;
``to_dict`` gives the contract JSON of ../shared/CONTRACT.md (field names kept, extras added)."""
from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any, ClassVar

from svodka.span import Span


@dataclass(slots=True)
class Token:
    """A word with its morphology; ``stop`` mirrors ``end`` because natasha's helpers read it."""

    start: int
    end: int
    text: str
    pos: str = ""
    feats: dict = field(default_factory=dict)
    lemma: str = ""

    @property
    def stop(self) -> int:
        return self.end


@dataclass(slots=True)
class Mention:
    """One recognized name before mentions are joined into entities."""

    span: Span
    type: str
    normal: str = ""
    subtype: str | None = None
    ref: str | None = None  # gazetteer id: "iso:KZ", "geonames:610612", "lex:…"
    source: str = "ner"  # which stage found it


@dataclass(slots=True)
class Entity:
    id: str
    type: str
    name: str
    mentions: list[Span]
    subtype: str | None = None
    ref: str | None = None

    def to_dict(self) -> dict:
        out = {"id": self.id, "type": self.type, "subtype": self.subtype, "name": self.name,
               "mentions": [m.to_dict() for m in self.mentions]}
        if self.ref:
            out["ref"] = self.ref
        return out


@dataclass(slots=True)
class Value:
    type: str  # MONEY, QUANTITY, PERCENT, DATE
    span: Span
    amount: float | None = None
    currency: str | None = None
    unit: str | None = None
    period: tuple[dt.date, dt.date] | None = None
    qualifier: str = "="
    change: bool = False  # «на 14%», «в полтора раза»: a change, not a level
    amount_max: float | None = None  # a range «от 3 до 5 тыс.», «50-70 млн»: amount..amount_max
    direction: str | None = None  # of a change: "up" («увеличившись на 14%») or "down"
    factor: float | None = None  # «в полтора раза»: 1.5 (amount is then the change in percent)
    error: str | None = None  # why a number the words give is left out («$» and 309 nines)
    duration: str | None = None  # of a DATE that is a length of time: ISO 8601, «два года» P2Y
    duration_max: str | None = None  # the upper end of a range of lengths: «от 5 до 10 лет» P10Y

    def check_finite(self) -> "Value":
        """A number too large for a float («$» and 309 nines, «1e300 трлн») is no amount: the value
        keeps its words, its amount is null and ``error`` says why (JSON has no Infinity)."""
        for name in ("amount", "amount_max", "factor"):
            x = getattr(self, name)
            if x is not None and not math.isfinite(x):
                setattr(self, name, None)
                self.error = "amount too large to represent"
        return self

    def to_dict(self) -> dict:
        self.check_finite()
        out: dict[str, Any] = {"type": self.type, "start": self.span.start, "end": self.span.end,
                               "text": self.span.text}
        if self.type == "DATE":
            out["period"] = (None if self.period is None else
                             {"start": self.period[0].isoformat(), "end": self.period[1].isoformat()})
            if self.duration:
                out["duration"] = self.duration
            if self.duration_max:
                out["duration_max"] = self.duration_max
        else:
            out["amount"] = _number(self.amount)
            if self.type == "MONEY":
                out["currency"] = self.currency
            if self.type == "QUANTITY":
                out["unit"] = self.unit
        if self.amount_max is not None:
            out["amount_max"] = _number(self.amount_max)
        out["qualifier"] = self.qualifier
        if self.change:
            out["change"] = True
        if self.direction:
            out["direction"] = self.direction
        if self.factor is not None:
            out["factor"] = _number(self.factor)
        if self.error:
            out["error"] = self.error
        return out


@dataclass(slots=True, kw_only=True)
class Fact:
    """A fact, one of the types declared in svodka/facts/schema.py (a subclass per type). Entity
    references are entity ids of the same document; values and quotes are contract dicts."""

    TYPE: ClassVar[str] = ""
    evidence: list[Span] = field(default_factory=list)

    @property
    def type(self) -> str:
        return self.TYPE

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"type": self.TYPE}
        for f in dataclasses.fields(self):
            if f.name != "evidence":
                out[f.name] = getattr(self, f.name)
        out["evidence"] = [e.to_dict() for e in self.evidence]
        return out


@dataclass
class Document:
    text: str
    id: str | None = None
    source: str | None = None
    date: dt.date | None = None
    title: str | None = None  # given with the input (JSONL), kept for people and exports
    url: str | None = None
    sentences: list[Span] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    values: list[Value] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    _token_starts: list[int] = field(default_factory=list, repr=False)

    def tokens_in(self, start: int, end: int) -> list[Token]:
        """The words inside ``[start, end)``, found by bisection (tokens are in text order)."""
        if len(self._token_starts) != len(self.tokens):
            self._token_starts = [t.start for t in self.tokens]
        i = bisect.bisect_left(self._token_starts, start)
        j = bisect.bisect_left(self._token_starts, end, lo=i)
        return [t for t in self.tokens[i:j] if t.end <= end]

    def span(self, start: int, end: int) -> Span:
        return Span.of(self.text, start, end)

    def entity(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    def to_dict(self) -> dict:
        out = {"id": self.id, "source": self.source, "date": self.date.isoformat() if self.date else None}
        if self.title is not None:
            out["title"] = self.title
        if self.url is not None:
            out["url"] = self.url
        out.update({"text": self.text, "entities": [e.to_dict() for e in self.entities],
                    "values": [v.to_dict() for v in self.values], "facts": [f.to_dict() for f in self.facts]})
        return out


@dataclass(slots=True)
class DocumentError:
    """A document that could not be read or processed: the run goes on without it."""

    id: str | None
    source: str | None
    error: str

    def to_dict(self) -> dict:
        return {"id": self.id, "source": self.source, "error": self.error}


def _number(x: float | None) -> float | int | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else round(x, 6)
