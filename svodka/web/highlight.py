"""A document's text as HTML: every sentence a fact came from wrapped in an element with an id
(``s{start}-{end}``, so a fact elsewhere links to it and ``:target`` lights it), every mention
and value marked by its type, with its normalized name or value on hover. Everything from the
text is escaped; only the markup added here is HTML.

Marks must nest to be HTML. Evidence spans are kept when they nest (a span crossing another's
boundary keeps an empty anchor at its start instead), mentions and values when they do not
overlap one another, each cut where a sentence span begins or ends."""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from svodka.web.wording import ENTITY_TYPES, value


@dataclass(slots=True)
class Mark:
    start: int
    end: int
    layer: int  # 0 a sentence, 1 a mention or a value
    open: str
    close: str


def sentence_id(span: dict) -> str:
    return f"s{span['start']}-{span['end']}"


def evidence_marks(doc: dict) -> list[Mark]:
    spans = sorted({(e["start"], e["end"]) for f in doc.get("facts") or [] for e in f.get("evidence") or []
                    if _valid(e, doc["text"])}, key=lambda s: (s[0], -s[1]))
    kept, stack = [], []
    for start, end in spans:
        while stack and stack[-1][1] <= start:
            stack.pop()
        span_id = escape(sentence_id({"start": start, "end": end}))
        if stack and end > stack[-1][1]:  # crosses the span it starts in: an anchor only
            kept.append(Mark(start, start, 0, f'<span class="anchor" id="{span_id}">', "</span>"))
            continue
        stack.append((start, end))
        kept.append(Mark(start, end, 0, f'<span class="ev" id="{span_id}">', "</span>"))
    return kept


def inline_marks(doc: dict) -> list[Mark]:
    found = []
    for e in doc.get("entities") or []:
        label = escape(f"{e.get('name')} · {ENTITY_TYPES.get(e.get('type'), e.get('type'))}")
        cls = f"ent ent-{escape(e.get('type') or '')}"
        if e.get("kb_id") is not None:
            start_tag = f'<a class="{cls}" href="/entities/{int(e["kb_id"])}" title="{label}">'
            close = "</a>"
        else:
            start_tag, close = f'<span class="{cls}" title="{label}">', "</span>"
        found += [Mark(m["start"], m["end"], 1, start_tag, close) for m in e.get("mentions") or []
                  if _valid(m, doc["text"])]
    for v in doc.get("values") or []:
        if _valid(v, doc["text"]):
            found.append(Mark(v["start"], v["end"], 1, f'<span class="val val-{escape(v.get("type") or "")}" '
                                                         f'title="{escape(value(v))}">', "</span>"))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept, last_end = [], -1
    for m in found:
        if m.start >= last_end:
            kept.append(m)
            last_end = m.end
    return kept


def _valid(span: dict, text: str) -> bool:
    s, e = span.get("start"), span.get("end")
    return isinstance(s, int) and isinstance(e, int) and 0 <= s <= e <= len(text)


def _cut(marks: list[Mark], bounds: list[int]) -> list[Mark]:
    """Each mark in pieces that no sentence boundary falls inside."""
    out = []
    for m in marks:
        cuts = [b for b in bounds if m.start < b < m.end]
        edges = [m.start, *cuts, m.end]
        out += [Mark(a, b, m.layer, m.open, m.close) for a, b in zip(edges, edges[1:]) if b > a]
    return out


def highlight(doc: dict) -> Markup:
    text = doc["text"]
    sentences = evidence_marks(doc)
    bounds = sorted({b for m in sentences if m.end > m.start for b in (m.start, m.end)})
    marks = sorted(sentences + _cut(inline_marks(doc), bounds), key=lambda m: (m.start, -m.end, m.layer))
    out, stack, pos = [], [], 0
    for m in marks:
        while stack and stack[-1].end <= m.start:
            top = stack.pop()
            out += [escape(text[pos:top.end]), top.close]
            pos = top.end
        out += [escape(text[pos:m.start]), m.open]
        pos = m.start
        if m.end == m.start:
            out.append(m.close)
        else:
            stack.append(m)
    while stack:
        top = stack.pop()
        out += [escape(text[pos:top.end]), top.close]
        pos = top.end
    out.append(escape(text[pos:]))
    return Markup("".join(str(x) for x in out))


def marked(snippet: str, marks: list) -> Markup:
    """A search snippet with the query's words in ``<mark>``."""
    out, pos = [], 0
    for a, b in sorted(marks):
        if a < pos or b > len(snippet):
            continue
        out += [escape(snippet[pos:a]), Markup("<mark>"), escape(snippet[a:b]), Markup("</mark>")]
        pos = b
    out.append(escape(snippet[pos:]))
    return Markup("".join(str(x) for x in out))
