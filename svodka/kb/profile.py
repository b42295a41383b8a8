"""An entity's profile: what the knowledge base knows of one KB entity, from every document —
the names it was given, the roles it held, whom it met, what it said, the agreements it is party
to, the company it keeps and the documents that name it."""
from __future__ import annotations

from dataclasses import dataclass, field

from svodka.store.base import Store
from svodka.store.records import FactRow, KBEntity


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
