"""Storage of the knowledge base behind one protocol (``base.Store``): the records it takes and
gives (``records``), the rules that link document entities to KB entities (``keys``,
``resolve``), and the backends, each in its own package, opened through ``open``. No NLP here:
what needs morphology is worked out by ``svodka.kb`` before it reaches a store."""
from __future__ import annotations

from pathlib import Path

from svodka.store.base import Store

__all__ = ["Store", "open"]


def open(location: str | Path, readonly: bool = False) -> Store:  # noqa: A001 - store.open, as sqlite3.connect
    """The store at ``location``: a file path means SQLite (the default backend). Read-only
    opening never creates or changes anything."""
    from svodka.store.sqlite import SQLiteStore
    return SQLiteStore(location, readonly=readonly)
