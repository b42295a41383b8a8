"""Knowledge-base answers as plain rows for ``--format json|csv``: what a script reads, with the
same content the tables show people (ids kept, names beside them)."""
from __future__ import annotations

import dataclasses

from svodka.cli.wording import value
from svodka.facts.schema import Kind, fields
from svodka.kb.track import when

HIT_COLUMNS = ("doc_id", "date", "source", "score", "snippet")
ENTITY_COLUMNS = ("id", "type", "subtype", "name", "ref", "documents", "mentions", "names")
PROFILE_COLUMNS = ("kind", "date", "doc_id", "summary", "sentence")
TRACK_COLUMNS = ("kind", "when", "scope", "value", "amount", "unit", "qualifier", "deadline", "status",
                 "met_by", "doc_id", "evidence")


def hits(found) -> list[dict]:
    return [dict(doc_id=h.doc_id, date=h.date, source=h.source, score=round(h.score, 4), snippet=h.snippet,
                 marks=h.marks) for h in found]


def entity(e, names: list[str]) -> dict:
    return dict(dataclasses.asdict(e), names=names)


def fact_summary(f) -> str:
    """A fact row in one line: its fields in schema order, entities by name, values in words."""
    parts = []
    for spec in fields(f.type):
        v = f.fields.get(spec.name)
        if v in (None, [], ""):
            continue
        if spec.kind is Kind.ENTITY:
            v = f.name(v)
        elif spec.kind is Kind.ENTITIES:
            v = ", ".join(f.name(i) or "?" for i in v)
        elif spec.kind is Kind.VALUE:
            v = value(v)
        elif spec.kind is Kind.SPAN:
            v = f"«{v.get('text', '')}»"
        elif spec.kind is Kind.PERIOD:
            v = f"{v.get('start')} … {v.get('end')}"
        elif spec.kind is Kind.CHANGE:
            v = f"{v.get('percent'):+}%"
        parts.append(f"{spec.name}: {v}")
    return "; ".join(parts)


def _fact(f) -> dict:
    return dict(kind=f.type, date=f.fields.get("date") or f.doc_date, doc_id=f.doc_id, summary=fact_summary(f),
                sentence=f.sentence, fields=f.fields, names={str(k): v for k, v in f.names.items()},
                evidence=f.evidence)


def profile(p, limit: int) -> dict:
    return dict(entity=dataclasses.asdict(p.entity), names=p.names,
                roles=[dict(role=g.role, of=g.of, of_name=g.of_name, times=g.times, first=g.first, last=g.last,
                            sentences=[_fact(f) for f in g.facts[:limit]]) for g in p.roles_held[:limit]],
                meetings=[_fact(f) for f in p.meetings[:limit]], statements=[_fact(f) for f in p.statements[:limit]],
                agreements=[_fact(f) for f in p.agreements[:limit]],
                companions=[dict(dataclasses.asdict(c), shared_documents=n) for c, n in p.companions],
                documents=p.documents, by_month=p.by_month, others=[dataclasses.asdict(o) for o in p.others])


def profile_rows(p) -> list[dict]:
    return [_fact(f) for f in (*p.roles, *p.meetings, *p.statements, *p.agreements)]


def fact_rows(doc: dict) -> list[dict]:
    """A stored document's facts, one row each, with the sentence they came from."""
    return [dict(type=f["type"], fields={k: v for k, v in f.items() if k not in ("type", "evidence")},
                 sentence=" ".join(" ".join(e.get("text", "") for e in f.get("evidence") or []).split()))
            for f in doc["facts"]]


def track(t) -> list[dict]:
    rows = []
    for o in [*t.indicators, *t.targets]:
        v = o.value
        rows.append(dict(kind=o.kind, when=when(o) if o.kind == "indicator" else o.doc_date, scope=", ".join(o.scope),
                         value=value(v), amount=v.get("amount"), unit=v.get("currency") or v.get("unit"),
                         qualifier=v.get("qualifier"), deadline=o.deadline, status=o.status, met_by=o.met_by,
                         doc_id=o.doc_id, evidence=o.evidence))
    return rows


def overview(o, limit: int) -> dict:
    tracked = None
    if o.tracked:
        target, t = o.tracked
        tracked = dict(metric=target.metric, scope=target.scope, value=target.value, deadline=target.deadline,
                       status=target.status, track=track(t))
    return dict(counts=o.counts, top_entities=[dataclasses.asdict(e) for e in o.top_entities],
                signed_agreements=[_fact(a) for a in o.signed[:limit]], signed_total=len(o.signed), tracked=tracked,
                conflicts=o.conflicts)


def conflicts(found, flat: bool = False) -> list[dict]:
    """Each conflict with its two claims; ``flat``: one CSV row a conflict, the claims side by side."""
    rows = []
    for c in found:
        claims = [dict(doc_id=x.doc_id, date=x.date, value=x.value, period=x.period, deadline=x.deadline,
                       evidence=x.evidence) for x in c.claims]
        if not flat:
            rows.append(dict(kind=c.kind, metric=c.metric, scope=c.scope, period=c.period, reason=c.reason,
                             claims=claims))
            continue
        row = dict(kind=c.kind, metric=c.metric, scope=", ".join(c.scope), reason=c.reason,
                   period=f"{c.period['start']} … {c.period['end']}" if c.period else "")
        for n, x in enumerate(c.claims, 1):
            row.update({f"doc_{n}": x.doc_id, f"date_{n}": x.date, f"value_{n}": value(x.value),
                        f"deadline_{n}": x.deadline, f"sentence_{n}": x.evidence.get("text")})
        rows.append(row)
    return rows
