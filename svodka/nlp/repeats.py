"""A name found once is found everywhere it is written again in the document («one sense per
discourse»): the tagger reads each occurrence in its own context and misses some («рабочим
Vestas», «Голос Америки: …» as an interviewer's cue), though the same words were a name a few
lines before. Only words written exactly as a found mention, not inside another mention, and only
names of one type in the document are repeated."""
from __future__ import annotations

import bisect

from svodka.document import Document, Mention
from svodka.nlp.ner import in_domain_zone

TYPES = ("PER", "ORG", "LOC")


def tag_repeats(doc: Document) -> None:
    names, quoted = _names(doc)
    if not names:
        return
    # the names by their first word, longest first: the words are walked once, not the text per name
    by_first: dict[str, set[tuple[int, str]]] = {}
    for m in doc.mentions:
        if m.span.text in names:
            words = doc.tokens_in(m.span.start, m.span.end)
            if words:
                by_first.setdefault(words[0].text, set()).add((len(words), m.span.text))
    longest_first = {w: sorted(found, reverse=True) for w, found in by_first.items()}
    tokens, text = doc.tokens, doc.text
    taken = sorted((m.span.start, m.span.end) for m in doc.mentions)
    added = []
    for i, t in enumerate(tokens):
        for n, name in longest_first.get(t.text, ()):
            if i + n > len(tokens):
                continue
            start, end = t.start, tokens[i + n - 1].end
            if text[start:end] != name:
                continue
            if not (_boundary(text, start - 1) and _boundary(text, end)) or _overlaps(taken, start, end) or \
                    (_quoted(text, start, end) and name not in quoted) or in_domain_zone(text, start, end):
                break  # Talk Talk, the band, and «Talk Talk», its song
            added.append(Mention(doc.span(start, end), names[name], source="repeat"))
            break
    if added:
        doc.mentions.extend(added)
        doc.mentions.sort(key=lambda m: (m.span.start, -m.span.end))


def _boundary(text: str, i: int) -> bool:
    """Whether the character at ``i`` (if any) cannot continue a word: a name is not part of one."""
    return i < 0 or i >= len(text) or not (text[i].isalnum() or text[i] in "-_")


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
