"""The one offset record of svodka: every mention, value and piece of evidence is a view into
the document's text, as razdel's ``Substring`` and spaCy's ``Span`` are."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Span:
    start: int
    end: int
    text: str = ""

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Span":
        return cls(start, end, text[start:end])

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}
