"""An entity's profile: what the knowledge base knows of one KB entity, from every document —
the names it was given, the roles it held, whom it met, what it said, the agreements it is party
to, the company it keeps and the documents that name it."""
from __future__ import annotations

from dataclasses import dataclass, field

from svodka.store.base import Store
from svodka.store.records import FactQuery, FactRow, KBEntity


@dataclass(slots=True)
class RoleHeld:
    """One role (and where it is held) however many reports give it: «президент — Россия ×6»."""

    role: str | None
    of: int | None  # KB id
    of_name: str | None
    times: int
    first: str | None  # the earliest and latest dates of the reports that give it
    last: str | None
    facts: list[FactRow]


def roles_held(roles: list[FactRow]) -> list[RoleHeld]:
    """Occupation facts grouped by (role, of), the most often reported first, then the latest."""
    groups: dict[tuple, RoleHeld] = {}
    for f in roles:
        key = (f.fields.get("role"), f.fields.get("of"))
        g = groups.get(key)
        if g is None:
            g = groups[key] = RoleHeld(key[0], key[1], f.name(key[1]), 0, f.doc_date, f.doc_date, [])
        g.times += 1
        g.facts.append(f)
        dates = [d for d in (g.first, g.last, f.doc_date) if d]
        g.first, g.last = (min(dates), max(dates)) if dates else (None, None)
    return sorted(groups.values(), key=lambda g: (-g.times, g.last or ""), reverse=False)


def by_month(documents: list[dict]) -> list[tuple[str, int]]:
    """Documents naming the entity per month («2025-11»), in time order; undated ones left out."""
    months: dict[str, int] = {}
    for d in documents:
        if d.get("date"):
            months[d["date"][:7]] = months.get(d["date"][:7], 0) + 1
    return sorted(months.items())


@dataclass(slots=True)
class Profile:
    entity: KBEntity
    names: list[str]  # every name form documents gave, the most used first
    roles: list[FactRow]  # occupation facts whose person it is
    meetings: list[FactRow]  # meetings it took part in
    statements: list[FactRow]  # statements it made
    agreements: list[FactRow]  # agreements it is a party to
    companions: list[tuple[KBEntity, int]]  # entities seen with it most, shared documents
    documents: list[dict]  # {id, date, source, mentions}, in time order
    others: list[KBEntity] = field(default_factory=list)  # other entities the name could mean
    totals: dict[str, int] = field(default_factory=dict)  # how many of each there are, when a list is cut

    @property
    def roles_held(self) -> list[RoleHeld]:
        return roles_held(self.roles)

    @property
    def by_month(self) -> list[tuple[str, int]]:
        return by_month(self.documents)


# fact type → the field that must hold the entity for the fact to be its (None: any reference)
OWN_FIELD = {"occupation": "person", "meeting": None, "statement": "speaker", "agreement": None}


def build_profile(store: Store, entity: KBEntity) -> Profile:
    facts = store.facts(types=tuple(OWN_FIELD), kb_id=entity.id)
    mine: dict[str, list[FactRow]] = {t: [] for t in OWN_FIELD}
    for f in facts:
        own = OWN_FIELD[f.type]
        if own is None or f.fields.get(own) == entity.id:
            mine[f.type].append(f)
    return Profile(entity, store.entity_names(entity.id), mine["occupation"], mine["meeting"], mine["statement"],
                   mine["agreement"], store.companions(entity.id), store.entity_documents(entity.id))


def latest_profile(store: Store, entity: KBEntity, limit: int) -> Profile:
    """A profile whose meetings, statements and agreements are the ``limit`` latest of each (in
    time order), ``totals`` saying how many there are: what a page shows of an entity named in
    thousands of documents. Its roles are all of them (a person holds few)."""
    lists, totals = {}, {}
    for fact_type, own in OWN_FIELD.items():
        q = FactQuery((fact_type,), kb_id=entity.id, kb_field=own, newest_first=True)
        totals[fact_type] = store.count_facts(q)
        if fact_type != "occupation":
            q.limit = limit
        lists[fact_type] = list(reversed(store.find_facts(q)))
    documents = store.entity_documents(entity.id)
    totals["documents"] = len(documents)
    return Profile(entity, store.entity_names(entity.id), lists["occupation"], lists["meeting"], lists["statement"],
                   lists["agreement"], store.companions(entity.id), documents, totals=totals)
