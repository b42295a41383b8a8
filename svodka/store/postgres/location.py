"""Where a PostgreSQL knowledge base is, and what to say when it cannot be used.

A location is a libpq URL, ``postgresql://user[:password]@host[:port]/dbname``, with one
parameter of svodka's own: ``?schema=NAME`` puts the knowledge base in that schema (default
``public``), so one database can hold several. Every other parameter goes to libpq as it is
(``sslmode``, ``connect_timeout``, …). A problem reaching the server is one line naming the
location without its password."""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from svodka.store import shown
from svodka.store.base import NotAKnowledgeBase, StoreError, UnreachableKnowledgeBase

SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")  # as PostgreSQL folds an unquoted name
CONNECT_TIMEOUT = "10"  # seconds, unless the URL says otherwise


@dataclass(frozen=True)
class Location:
    conninfo: str  # what libpq is given
    schema: str
    shown: str  # the URL without its password, for messages

    @classmethod
    def parse(cls, url: str) -> "Location":
        parts = urlsplit(url)
        params = parse_qsl(parts.query, keep_blank_values=True)
        schema = next((v for k, v in params if k == "schema"), "public")
        if not SCHEMA_NAME.fullmatch(schema):
            raise StoreError(f"{shown(url)}: schema {schema!r} is not a plain name (lower-case letters, digits, _)")
        rest = [(k, v) for k, v in params if k != "schema"]
        if not any(k == "connect_timeout" for k, _ in rest):
            rest.append(("connect_timeout", CONNECT_TIMEOUT))
        conninfo = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(rest), ""))
        return cls(conninfo, schema, shown(url))


def connection_problem(where: Location, error: Exception) -> StoreError:
    """One line for a server that refuses or cannot be reached: the first line of libpq's
    message, which names the cause (refused, no such host, password, no such database)."""
    text = str(error).strip()
    detail = next((line.strip() for line in text.splitlines() if line.strip()), type(error).__name__)
    detail = re.sub(r"^connection (failed|to server at [^:]*failed): ", "", detail)
    detail = re.sub(r"^connection to server at \S+ \([^)]*\), port \d+ failed: ", "", detail)
    lowered = text.lower()
    if "does not exist" in lowered and "database" in lowered:
        return NotAKnowledgeBase(f"{where.shown}: {detail} (create it: createdb NAME)")
    return UnreachableKnowledgeBase(f"{where.shown}: cannot connect to PostgreSQL: {detail}")
