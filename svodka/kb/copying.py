"""Moving a knowledge base from one store to another (SQLite file ↔ PostgreSQL) without reading
a text again: the source's records (documents with their lemmas and links, KB entities with their
keys, merges, splits and undo history) go into an empty target, ids kept, so every answer and
every export of the copy is the source's."""
from __future__ import annotations

from dataclasses import dataclass

from svodka import store as stores


@dataclass(slots=True)
class CopyReport:
    documents: int
    entities: int
    corrections: int


def copy(source: str, target: str) -> CopyReport:
    """Copy the knowledge base at ``source`` (read only) into the new or empty one at ``target``,
    in one transaction there: all of it, or nothing."""
    if stores.shown(source) == stores.shown(target):
        raise ValueError(f"--from and --to are both {stores.shown(source)}: a copy needs another knowledge base")
    src = stores.open(source, readonly=True)
    try:
        dst = stores.open(target)
        try:
            registry, documents = src.dump()
            n = dst.load(registry, documents)
            return CopyReport(n, len(registry.entities), len(registry.corrections))
        finally:
            dst.close()
    finally:
        src.close()
