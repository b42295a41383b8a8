"""What a page shows, worked out from the knowledge base's records before a template lays it out:
facts as table rows with their columns from the schema (entities as links, values in words, the
sentence they came from as a link to its anchor), facet links that narrow a search, the charts."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from urllib.parse import urlencode

from svodka.facts.schema import Kind, fields
from svodka.kb.browse import claim_key
from svodka.web import charts
from svodka.web.highlight import highlight, sentence_id
from svodka.web.wording import ENTITY_TYPES_PLURAL, FACT_TYPES_RU, STATUSES, day, period, value


@dataclass(slots=True)
class Cell:
    text: str = ""
    href: str | None = None
    links: list[tuple[str, str | None]] = field(default_factory=list)  # several entities


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    doc_id: str
    sentence: str
    anchor: str | None  # the sentence's element id in its document
    date: str | None = None
    conflict: bool = False


def _entity_cell(ref, names: dict, link: bool = True) -> Cell:
    """A KB entity (its page linked), or a document's own entity id when ``link`` is off."""
    if ref is None:
        return Cell("—")
    return Cell(names.get(ref) or f"#{ref}", f"/entities/{int(ref)}" if link else None)


def cells(fact_type: str, values: dict, names: dict, link: bool = True) -> list[Cell]:
    """One cell per field of the fact type, in schema order; ``names`` gives entity names by the
    ids the fields hold (KB ids, linked; a document's own ids when ``link`` is off)."""
    out = []
    for spec in fields(fact_type):
        v = values.get(spec.name)
        if spec.kind is Kind.ENTITY:
            out.append(_entity_cell(v, names, link))
        elif spec.kind is Kind.ENTITIES:
            out.append(Cell(links=[(c.text, c.href) for c in (_entity_cell(i, names, link) for i in v or [])]))
        elif spec.kind is Kind.VALUE:
            out.append(Cell(value(v)))
        elif spec.kind is Kind.SPAN:
            out.append(Cell(f"«{v.get('text', '')}»" if isinstance(v, dict) else "—"))
        elif spec.kind is Kind.PERIOD:
            out.append(Cell(period(v)))
        elif spec.kind is Kind.DAY:
            out.append(Cell(day(v) if v else "—"))
        elif spec.kind is Kind.STATUS:
            out.append(Cell(STATUSES.get(v, v or "—")))
        elif spec.kind is Kind.CHANGE:
            out.append(Cell(f"{v.get('percent'):+g} %" if isinstance(v, dict) and v.get("percent") is not None else "—"))
        else:
            out.append(Cell(str(v) if v not in (None, "") else "—"))
    return out


def headings(fact_type: str) -> list[str]:
    return [spec.label for spec in fields(fact_type)]


def fact_rows(rows, conflicting: set | None = None) -> list[Row]:
    """``FactRow``s (entity references as KB ids) as table rows."""
    out = []
    for f in rows:
        ev = f.evidence[0] if f.evidence else None
        out.append(Row(cells(f.type, f.fields, f.names), f.doc_id, f.sentence, sentence_id(ev) if ev else None,
                       f.doc_date, claim_key(f.doc_id, f.sentence) in (conflicting or set())))
    return out


@dataclass(slots=True)
class FactTable:
    type: str
    label: str
    headings: list[str]
    rows: list[Row]


def document_view(doc: dict, conflicts: list) -> dict:
    """The text highlighted and the facts in one table per type; figures in conflict marked. A
    stored document's entities link to their KB pages; an extracted one's are names only."""
    stored = any(e.get("kb_id") is not None for e in doc["entities"])
    to_kb = {e["id"]: e.get("kb_id") for e in doc["entities"]}
    names = ({e["kb_id"]: e["name"] for e in doc["entities"] if e.get("kb_id") is not None} if stored
             else {e["id"]: e["name"] for e in doc["entities"]})
    keys = {claim_key(x.doc_id, x.evidence.get("text")) for c in conflicts for x in c.claims}
    tables: dict[str, FactTable] = {}
    for f in doc["facts"]:
        t = tables.setdefault(f["type"], FactTable(f["type"], FACT_TYPES_RU.get(f["type"], f["type"]),
                                                   headings(f["type"]), []))
        values = _as_kb_ids(f, to_kb) if stored else f
        ev = (f.get("evidence") or [None])[0]
        sentence = " ".join(" ".join(e.get("text", "") for e in f.get("evidence") or []).split())
        t.rows.append(Row(cells(f["type"], values, names, stored), doc.get("id") or "", sentence,
                          sentence_id(ev) if ev else None, doc.get("date"),
                          claim_key(doc.get("id") or "", sentence) in keys))
    return dict(text=highlight(doc), tables=[_without_empty_columns(t) for t in tables.values()], conflicts=conflicts,
                types=sorted({e["type"] for e in doc["entities"]}), values=bool(doc.get("values")))


def _empty(c: Cell) -> bool:
    return not c.links and c.text in ("", "—")


def _without_empty_columns(table: FactTable) -> FactTable:
    """A table without the columns no row fills (an agreement's period, most often)."""
    keep = [i for i in range(len(table.headings)) if not all(_empty(r.cells[i]) for r in table.rows)]
    for r in table.rows:
        r.cells = [r.cells[i] for i in keep]
    table.headings = [table.headings[i] for i in keep]
    return table


def _as_kb_ids(fact: dict, to_kb: dict) -> dict:
    """A stored contract fact's entity references as the KB ids they link to."""
    out = dict(fact)
    for spec in fields(fact["type"]):
        v = fact.get(spec.name)
        if spec.kind is Kind.ENTITY:
            out[spec.name] = to_kb.get(v)
        elif spec.kind is Kind.ENTITIES:
            out[spec.name] = [to_kb[i] for i in v or [] if to_kb.get(i) is not None]
    return out


def profile_view(p) -> dict:
    roles = [dict(role=g.role or "—", of=_entity_cell(g.of, {g.of: g.of_name}) if g.of is not None else None,
                  times=g.times, first=g.first, last=g.last, example=fact_rows(g.facts[-1:])[0])
             for g in p.roles_held]
    return dict(roles=roles, meetings=fact_rows(_without(reversed(p.meetings), p.entity.id)),
                statements=fact_rows(reversed(p.statements)), agreements=fact_rows(reversed(p.agreements)),
                chart=charts.mentions_per_month(p.by_month), documents=list(reversed(p.documents))[:30],
                meeting_headings=["с кем" if h == "участники" else h for h in headings("meeting")],
                agreement_headings=headings("agreement"))


def _without(meetings, kb_id: int) -> list:
    """Meetings as their participant's page shows them: with whom, the entity itself left out."""
    out = []
    for f in meetings:
        others = [i for i in f.fields.get("participants") or [] if i != kb_id]
        out.append(dataclasses.replace(f, fields=dict(f.fields, participants=others)))
    return out


def unit_of(v: dict) -> str:
    return v.get("currency") or v.get("unit") or ("%" if v.get("type") == "PERCENT" else "")


def track_view(t, conflicting: set) -> dict:
    def row(o):
        return dict(o=o, value=value(o.value), conflict=claim_key(o.doc_id, o.evidence) in conflicting)
    return dict(indicators=[row(o) for o in t.indicators], targets=[row(o) for o in t.targets],
                chart=charts.track_chart(t, unit_of))


FACET_PARAMS = {"entity_type": "entity_type", "fact_type": "fact", "entity": "entity"}


def facet_links(request, facets: dict) -> dict:
    """Each facet value as a link to the same search narrowed by it (a year: from and to)."""
    params = {k: v for k, v in request.query_params.items() if k != "cursor"}
    out = {}
    for name, values in facets.items():
        links = []
        for f in values:
            narrowed = dict(params)
            if name == "year":
                narrowed.update({"from": f.value, "to": f.value})
                label = f.value
            elif name == "entity":
                narrowed["entity"] = f"#{f.value}"
                label = f.label or f"#{f.value}"
            else:
                narrowed[FACET_PARAMS[name]] = f.value
                label = (ENTITY_TYPES_PLURAL if name == "entity_type" else FACT_TYPES_RU).get(f.value, f.value)
            active = all(params.get(k) == v for k, v in narrowed.items() if k in params) and narrowed.items() <= params.items()
            links.append(dict(label=label, count=f.count, href="/search?" + urlencode(narrowed), active=active))
        out[name] = links
    return out
