"""Storage of the knowledge base behind one protocol (``base.Store``): the records it takes and
gives (``records``), the rules that link document entities to KB entities (``keys``,
``resolve``), and the backends, each in its own package, opened through ``open``. No NLP here:
what needs morphology is worked out by ``svodka.kb`` before it reaches a store."""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from svodka.store.base import Store

__all__ = ["DEFAULT", "Store", "is_server", "location", "open", "shown"]

DEFAULT = "svodka.db"
SERVER_SCHEMES = ("postgresql://", "postgres://")


def location(given: str | Path | None = None) -> str | Path:
    """Where the knowledge base is: as given, else ``$SVODKA_DB``, else svodka.db here."""
    return given if given not in (None, "") else os.environ.get("SVODKA_DB") or DEFAULT


def is_server(where: str | Path) -> bool:
    """A database server's URL (PostgreSQL) rather than a file."""
    return isinstance(where, str) and where.lower().startswith(SERVER_SCHEMES)


def shown(where: str | Path) -> str:
    """A location as messages name it: a server URL without its password and connection
    options (its ``schema`` kept), a path as it is."""
    if not is_server(where):
        return str(where)
    parts = urlsplit(str(where))
    netloc = parts.netloc
    if "@" in netloc:
        user, host = netloc.rsplit("@", 1)
        netloc = user.split(":", 1)[0] + "@" + host
    schema = dict(parse_qsl(parts.query)).get("schema")
    return urlunsplit((parts.scheme, netloc, parts.path, "", "")) + (
        f"?schema={schema}" if schema and schema != "public" else "")


def open(where: str | Path | None = None, readonly: bool = False) -> Store:  # noqa: A001 - store.open, as sqlite3.connect
    """The store at ``where`` (default ``$SVODKA_DB``, then svodka.db): a ``postgresql://`` URL
    means PostgreSQL (store/postgres), a file path SQLite (store/sqlite, the default). Read-only
    opening never creates or changes anything."""
    where = location(where)
    if is_server(where):
        from svodka.store.postgres import PostgresStore
        return PostgresStore(str(where), readonly=readonly)
    from svodka.store.sqlite import SQLiteStore
    return SQLiteStore(where, readonly=readonly)
