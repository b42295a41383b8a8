"""The one offset record of svodka: every mention, value and piece of evidence is a view into
the document's text, as razdel's ``Substring`` and spaCy's ``Span`` are."""
from __future__ import annotations

import bisect
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


class Overlaps:
    """Spans already taken, asked whether a new one overlaps any of them (some taken ``(s, e)``
    with ``s < end and start < e``) in logarithmic time: an ``any()`` over all of a long
    document's mentions for each candidate made stages quadratic. The spans given at the start
    are sorted once, with the running maximum of their ends; spans added later (few) are found
    by bisection over their starts, looking back no further than the longest of them."""

    def __init__(self, spans=()):
        spans = sorted(spans)
        self._starts = [s for s, _ in spans]
        self._max_end, top = [], -1
        for _, e in spans:
            top = max(top, e)
            self._max_end.append(top)
        self._added: list[tuple[int, int]] = []
        self._longest = 0

    def add(self, start: int, end: int) -> None:
        bisect.insort(self._added, (start, end))
        self._longest = max(self._longest, end - start)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, end)  # the spans that start before ``end``
        if i and self._max_end[i - 1] > start:
            return True
        added = self._added
        i = bisect.bisect_left(added, (start - self._longest,))
        while i < len(added) and added[i][0] < end:
            if start < added[i][1]:
                return True
            i += 1
        return False
