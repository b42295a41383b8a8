"""Knowledge-base records as the JSON the API answers with, and as flat rows for CSV. Ids stay
ids (KB entities as integers, documents as their ids) with names beside them, so a program can
follow them to ``/api/v1/entities/{id}`` and ``/api/v1/documents/{id}``."""
from __future__ import annotations

import dataclasses

from svodka.facts.schema import FACT_TYPES, Kind, fields
from svodka.kb.track import when

FACT_CSV_COLUMNS = ("doc_id", "n", "type", "doc_date", "sentence")


def hit(h) -> dict:
    return dict(doc_id=h.doc_id, title=h.title, date=h.date, source=h.source, score=round(h.score, 4),
                snippet=h.snippet, marks=[list(m) for m in h.marks])


def facets(found: dict) -> dict:
    return {name: [dict(value=f.value, count=f.count, label=f.label) for f in values]
            for name, values in found.items()}


def entity(e, names: list[str] | None = None) -> dict:
    out = dataclasses.asdict(e)
    if names is not None:
        out["names"] = names
    return out


def fact(f) -> dict:
    return dict(doc_id=f.doc_id, n=f.n, type=f.type, doc_date=f.doc_date, fields=f.fields,
                names={str(k): v for k, v in f.names.items()}, evidence=f.evidence, sentence=f.sentence)


def fact_row(f) -> dict:
    """A fact in one flat row: its fields in schema order, entities by name, values as the
    words the text gave them with the amount beside."""
    row = dict(doc_id=f.doc_id, n=f.n, type=f.type, doc_date=f.doc_date)
    for spec in fields(f.type):
        v = f.fields.get(spec.name)
        if spec.kind is Kind.ENTITY:
            v = f.name(v)
        elif spec.kind is Kind.ENTITIES:
            v = "; ".join(f.name(i) or "?" for i in v or [])
        elif spec.kind is Kind.VALUE and isinstance(v, dict):
            row[f"{spec.name}_amount"], row[f"{spec.name}_unit"] = v.get("amount"), v.get("currency") or v.get("unit")
            v = v.get("text")
        elif spec.kind is Kind.SPAN and isinstance(v, dict):
            v = v.get("text")
        elif spec.kind is Kind.PERIOD and isinstance(v, dict):
            v = f"{v.get('start')}/{v.get('end')}"
        elif spec.kind is Kind.CHANGE and isinstance(v, dict):
            v = v.get("percent")
        row[spec.name] = v
    row["sentence"] = f.sentence
    return row


def fact_csv_columns() -> list[str]:
    """Every column a fact row can have: the common ones, then each type's fields in order."""
    cols = list(FACT_CSV_COLUMNS[:4])
    for t in FACT_TYPES:
        for spec in fields(t):
            names = [spec.name] + ([f"{spec.name}_amount", f"{spec.name}_unit"] if spec.kind is Kind.VALUE else [])
            cols += [n for n in names if n not in cols]
    return cols + ["sentence"]


def profile(p, limit: int) -> dict:
    roles = [dict(role=g.role, of=g.of, of_name=g.of_name, times=g.times, first=g.first, last=g.last,
                  facts=[fact(f) for f in g.facts[:limit]]) for g in p.roles_held]
    return dict(entity=entity(p.entity), names=p.names, roles=roles[:limit],
                meetings=[fact(f) for f in p.meetings[:limit]], statements=[fact(f) for f in p.statements[:limit]],
                agreements=[fact(f) for f in p.agreements[:limit]],
                companions=[dict(entity(c), shared_documents=n) for c, n in p.companions],
                documents=p.documents[-limit:], by_month=[dict(month=m, documents=n) for m, n in p.by_month],
                others=[entity(o) for o in p.others],
                totals=dict(roles=len(roles), meetings=p.totals.get("meeting", len(p.meetings)),
                            statements=p.totals.get("statement", len(p.statements)),
                            agreements=p.totals.get("agreement", len(p.agreements)), documents=len(p.documents)))


def observation(o, conflicting: bool = False) -> dict:
    return dict(kind=o.kind, when=when(o) if o.kind == "indicator" else o.doc_date, doc_id=o.doc_id,
                doc_date=o.doc_date, metric=o.metric, scope=o.scope, scope_ids=list(o.scope_ids), value=o.value,
                period=o.period, deadline=o.deadline, stated_status=o.stated_status, status=o.status,
                met_by=o.met_by, evidence=o.evidence, conflict=conflicting)


def observation_row(o: dict) -> dict:
    v = o["value"] or {}
    return dict(o, scope="; ".join(o["scope"]), scope_ids=None, value=v.get("text"), amount=v.get("amount"),
                unit=v.get("currency") or v.get("unit"), qualifier=v.get("qualifier"))


def conflict(c) -> dict:
    return dict(kind=c.kind, metric=c.metric, scope=c.scope, period=c.period, reason=c.reason,
                claims=[dict(doc_id=x.doc_id, date=x.date, value=x.value, period=x.period, deadline=x.deadline,
                             evidence=x.evidence) for x in c.claims])


def conflict_row(c: dict) -> dict:
    row = dict(kind=c["kind"], metric=c["metric"], scope="; ".join(c["scope"]), reason=c["reason"],
               period=f"{c['period']['start']}/{c['period']['end']}" if c["period"] else "")
    for n, x in enumerate(c["claims"], 1):
        row.update({f"doc_{n}": x["doc_id"], f"date_{n}": x["date"], f"value_{n}": (x["value"] or {}).get("text"),
                    f"amount_{n}": (x["value"] or {}).get("amount"), f"deadline_{n}": x["deadline"],
                    f"sentence_{n}": x["evidence"].get("text")})
    return row
