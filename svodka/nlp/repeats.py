"""A name found once is found everywhere it is written again in the document («one sense per
discourse»): the tagger reads each occurrence in its own context and misses some («рабочим
Vestas», «Голос Америки: …» as an interviewer's cue), though the same words were a name a few
lines before. Only words written exactly as a found mention, not inside another mention, and only
names of one type in the document are repeated."""
from __future__ import annotations

import bisect
import re

from svodka.document import Document, Mention

TYPES = ("PER", "ORG", "LOC")


def tag_repeats(doc: Document) -> None:
    names, quoted = _names(doc)
    if not names:
        return
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
                         + r")(?![\w-])")
    starts = {t.start for t in doc.tokens}
    ends = {t.end for t in doc.tokens}
    taken = sorted((m.span.start, m.span.end) for m in doc.mentions)
    added = []
    for match in pattern.finditer(doc.text):
        start, end = match.span()
        if start not in starts or end not in ends or _overlaps(taken, start, end) or \
                (_quoted(doc.text, start, end) and match.group() not in quoted):
            continue  # Talk Talk, the band, and «Talk Talk», its song
        added.append(Mention(doc.span(start, end), names[match.group()], source="repeat"))
    if added:
        doc.mentions.extend(added)
        doc.mentions.sort(key=lambda m: (m.span.start, -m.span.end))


def _names(doc: Document) -> tuple[dict[str, str], set[str]]:
    """Each mention's words and their type, if the document gives them one type only and they
    start with a capital or a digit (a name, not a common word the tagger took); and the words
    found in quotes: only those are repeated where they are quoted again (a band's name in
    quotes is its song)."""
    types: dict[str, set[str]] = {}
    quoted: set[str] = set()
    for m in doc.mentions:
        if m.type in TYPES and len(m.span.text) >= 2 and (m.span.text[0].isupper() or m.span.text[0].isdigit()):
            types.setdefault(m.span.text, set()).add(m.type)
            if _quoted(doc.text, m.span.start, m.span.end):
                quoted.add(m.span.text)
    return {text: next(iter(kinds)) for text, kinds in types.items() if len(kinds) == 1}, quoted


def _quoted(text: str, start: int, end: int) -> bool:
    return text[start - 1:start] in "«„“\"" and text[end:end + 1] in "»“”\"" and start > 0


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps any of ``spans`` (sorted by start; mentions are short, so
    looking back over the few that start before ``end`` is enough)."""
    i = bisect.bisect_left(spans, (end, end))
    for s, e in reversed(spans[max(0, i - 50):i]):
        if s < end and start < e:
            return True
    return False
