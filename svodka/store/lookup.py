"""Finding KB entities by a name in any form: the order of the steps, shared by every backend.

Each backend answers the same few questions in its own SQL (``EntityLookup``); the steps and
what wins over what live here once, so the two backends cannot drift apart in what a name finds."""
from __future__ import annotations

from typing import Protocol

from svodka.store.keys import lookup_keys, person_name
from svodka.store.records import KBEntity, Readings

TYPES = ("ORG", "LOC", "PER", "FAC", "EVENT")


class EntityLookup(Protocol):
    def _by_id(self, kb_id: int) -> list[KBEntity]: ...

    def _named(self, names: list[str]) -> set[int]:
        """KB entities whose own name is one of these, ignoring case."""

    def _mentioned_as(self, names: list[str]) -> set[int]:
        """KB entities a document named exactly so."""

    def _by_keys(self, keys: list[str]) -> set[int]: ...

    def _persons(self, pairs: list[tuple[str, str | None]]) -> set[int]: ...

    def _ranked(self, ids: set[int]) -> list[KBEntity]:
        """These KB entities, most documented first."""


def find_entities(store: EntityLookup, name: str, readings: Readings | None = None) -> list[KBEntity]:
    """«#12» or «12» is a KB id. Otherwise the first step that finds something wins: a KB name
    (any case) among the name's forms; a name documents used, a key (folded name, gazetteer id)
    or a person of that surname and given name; an acronym the name stands for or abbreviates.
    What a step finds is ranked by documents, so «Медведева» shows Дмитрий Медведев first."""
    text = " ".join(name.split())
    if not text:
        return []
    if text.lstrip("#").isdigit():
        kb_id = int(text.lstrip("#"))
        return store._by_id(kb_id) if kb_id < 2 ** 63 else []
    r = readings or Readings()
    names = list(dict.fromkeys([text, *r.forms]))
    found = store._ranked(store._named(names))
    if found:
        return found
    keys = [f"ref:{ref}" for ref in r.refs]
    keys += [k for n in names for t in TYPES for k in lookup_keys(t, n, None, acronyms=False)]
    p = person_name(text)
    ids = (store._mentioned_as(names) | store._by_keys(keys)
           | store._persons(r.persons or ([(p.surname, p.given)] if p.surname else [])))
    if ids:
        return store._ranked(ids)
    acronyms = sorted({k for n in names for k in lookup_keys("ORG", n, None)} - set(keys))
    return store._ranked(store._by_keys(acronyms))


def most_documented(counts: list[tuple[int, int]], n: int, most: int = 2000) -> list[int] | None:
    """Of (KB id, documents) counts, the ids with at least as many documents as the ``n``-th
    most documented: the only candidates for a page of the top ``n``, so a backend groups just
    them with their mentions and names. None when there are fewer, or too many ties to help."""
    if len(counts) < n or n < 1:
        return None
    cutoff = sorted((c for _, c in counts), reverse=True)[n - 1]
    ids = [k for k, c in counts if c >= cutoff]
    return ids if len(ids) <= most else None
