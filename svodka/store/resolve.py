"""Linking each document entity to one KB entity.

Places and organisations link by key (gazetteer ref first, then folded name, name without legal
form, acronym: see ``keys.lookup_keys``). People link by surname and given name: a full name joins the KB person with the
same or a fitting given name; a bare surname («Иванов») joins the only person of that surname, or,
when there are several, the one whose company this document keeps (its KB neighbours among this
document's entities), so two Ивановы of different stories stay two. A person's correction
(``link_override``) comes before all of it. Entities are resolved in an order that gives context
first: non-persons, then full names, then bare surnames.

The rules here see the store only through ``Registry``, so every backend resolves alike."""
from __future__ import annotations

from typing import Iterable, Protocol

from svodka.store.keys import PersonName, entity_keys, lookup_keys, person_name


class Registry(Protocol):
    def override(self, doc_id: str, type_: str, name: str) -> int | None: ...
    def by_keys(self, keys: list[str]) -> list[tuple[str, int]]: ...  # (key, kb_id), any order
    def persons(self, surname: str) -> list[tuple[int, str]]: ...  # (kb_id, given or "")
    def shared(self, kb_id: int, others: set[int]) -> set[int]: ...  # those of others some document names with it
    def create(self, type_: str, subtype: str | None, name: str, ref: str | None) -> int: ...
    def add_keys(self, kb_id: int, keys: Iterable[str]) -> None: ...
    def add_person_name(self, kb_id: int, surname: str, given: str | None) -> None: ...
    def rename(self, kb_id: int, name: str) -> None: ...


def _order(entity: dict) -> int:
    if entity["type"] != "PER":
        return 0
    return 1 if person_name(entity["name"]).given else 2


def resolve_document(doc_id: str, entities: list[dict], reg: Registry) -> dict[str, int]:
    """Document entity id → KB entity id, for every entity of one document."""
    links: dict[str, int] = {}
    context: set[int] = set()
    for e in sorted(entities, key=_order):
        kb = reg.override(doc_id, e["type"], e["name"])
        if e["type"] == "PER":
            kb = _person(e, reg, context, kb)
        else:
            kb = _thing(e, reg, context, kb)
        links[e["id"]] = kb
        context.add(kb)
    return links


def _best(candidates: list[int], reg: Registry, context: set[int]) -> tuple[int, int]:
    """The candidate sharing most KB neighbours with this document, and that count; ties go to
    the oldest KB entity, so the result never depends on set order. A store is asked which of
    this document's entities each candidate was seen with, not for all it was ever seen with:
    a country named in ten thousand documents has thousands of those."""
    scored = sorted(((len(reg.shared(c, context)) if context else 0, -c) for c in set(candidates)), reverse=True)
    score, neg_id = scored[0]
    unique = len(scored) == 1 or scored[1][0] < score
    return -neg_id, (score if unique else 0)


def _thing(e: dict, reg: Registry, context: set[int], kb: int | None) -> int:
    if kb is None:
        wanted = lookup_keys(e["type"], e["name"], e.get("ref"))
        found = reg.by_keys(wanted)
        for key in wanted:  # strongest key that finds anything decides
            hits = [k for key_, k in found if key_ == key]
            if hits:
                kb = hits[0] if len(hits) == 1 else _best(hits, reg, context)[0]
                break
    if kb is None:
        kb = reg.create(e["type"], e.get("subtype"), e["name"], e.get("ref"))
    reg.add_keys(kb, entity_keys(e["type"], e["name"], e.get("ref")))
    return kb


def _person(e: dict, reg: Registry, context: set[int], kb: int | None) -> int:
    name = person_name(e["name"])
    if kb is None and name.surname:
        kb = _find_person(name, reg, context)
    if kb is None:
        kb = reg.create("PER", e.get("subtype"), e["name"], e.get("ref"))
    else:
        forms = [g for k, g in reg.persons(name.surname) if k == kb]
        if name.given and not name.is_initial and not any(len(g) > 1 for g in forms):
            reg.rename(kb, e["name"])  # «Токаев» learns he is «Касым-Жомарт Токаев»
    if name.surname:
        reg.add_person_name(kb, name.surname, name.given)
    return kb


def _find_person(name: PersonName, reg: Registry, context: set[int]) -> int | None:
    forms: dict[int, set[str]] = {}
    for kb, given in reg.persons(name.surname):
        forms.setdefault(kb, set()).add(given)
    if not forms:
        return None
    if name.given:
        exact = [kb for kb, gs in forms.items() if name.given in gs]
        if exact:
            return _best(exact, reg, context)[0]
        fitting = [kb for kb, gs in forms.items()
                   if all(name.compatible(g or None) for g in gs)]
        if not fitting:
            return None  # «Дмитрий Иванов» is not «Алексей Иванов»
        best, score = _best(fitting, reg, context)
        if len(fitting) == 1 or score:
            return best
        return None
    if len(forms) == 1:
        return next(iter(forms))
    best, score = _best(list(forms), reg, context)
    if score:
        return best
    bare = [kb for kb, gs in forms.items() if gs == {""}]
    return min(bare) if bare else None  # no context to tell them apart: a surname of its own
