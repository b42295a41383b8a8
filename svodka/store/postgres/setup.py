"""What a schema is before svodka touches it, and how it becomes (or stays) a knowledge base.

A svodka schema has a ``meta`` table naming svodka and its schema version (the version the
SQLite backend writes too: store/base.py). An empty schema (or none yet) becomes a knowledge
base on opening for writing; a schema with another program's tables is refused with one line
before anything is written. An older schema is upgraded in one transaction, under the writer
lock, so two processes opening it at once upgrade it once and nobody sees it half done
(PostgreSQL's DDL is transactional)."""
from __future__ import annotations

from importlib import resources

import psycopg
from psycopg import sql

from svodka.store.base import SCHEMA_VERSION, NotAKnowledgeBase
from svodka.store.postgres.location import Location

APPLICATION = "svodka"
SVODKA_TABLES = {"meta", "document", "kb_entity", "entity"}
# What each schema version adds to the one before it (CREATE ... IF NOT EXISTS in schema.sql
# covers new tables and indexes; columns of existing tables need ALTER), as for SQLite.
COLUMNS_ADDED = {
    3: (("document", "title", "text"), ("document", "url", "text"),
        ("correction", "undone", "integer NOT NULL DEFAULT 0")),
}


def writer_lock(con: psycopg.Connection, where: Location) -> None:
    """Wait for, then hold until the transaction ends, the lock every writer of this schema takes:
    writes to one knowledge base happen one transaction after another, whichever process makes
    them (readers never wait for it)."""
    con.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"svodka:{where.schema}",))


def schema_version(con: psycopg.Connection, where: Location) -> int | None:
    """The schema's svodka version; None when it is empty or absent; NotAKnowledgeBase when it
    holds something else."""
    tables = {r[0] for r in con.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'v', 'm', 'f')", (where.schema,))}
    if not tables:
        return None
    if SVODKA_TABLES <= tables:
        meta = dict(con.execute(sql.SQL("SELECT key, value FROM {}.meta").format(sql.Identifier(where.schema)))
                    .fetchall())
        if meta.get("application") == APPLICATION and str(meta.get("schema", "")).isdigit():
            return int(meta["schema"])
    shown = ", ".join(sorted(tables)[:4]) + (", …" if len(tables) > 4 else "")
    raise NotAKnowledgeBase(f"{where.shown} is not a svodka knowledge base: schema {where.schema} holds "
                            f"another program's tables ({shown}); give svodka a schema of its own (?schema=NAME)")


def create_or_upgrade(con: psycopg.Connection, where: Location) -> int | None:
    """Give the schema the current tables in one transaction; returns the version it upgraded from."""
    with con.transaction():
        writer_lock(con, where)
        version = schema_version(con, where)  # again, under the lock: another process may have made it
        if version == SCHEMA_VERSION:
            return None
        if version is not None and version > SCHEMA_VERSION:
            raise NotAKnowledgeBase(f"{where.shown} has schema {version}, newer than this svodka understands "
                                    f"({SCHEMA_VERSION}): upgrade svodka")
        con.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(where.schema)))
        con.execute(sql.SQL("SET LOCAL search_path TO {}").format(sql.Identifier(where.schema)))
        for added in range(version + 1, SCHEMA_VERSION + 1) if version is not None else ():
            for table, column, kind in COLUMNS_ADDED.get(added, ()):
                con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {kind}")
        con.execute(resources.files("svodka.store.postgres").joinpath("schema.sql").read_text(encoding="utf-8"))
        con.execute("INSERT INTO meta VALUES ('application', %s), ('schema', %s) "
                    "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", (APPLICATION, str(SCHEMA_VERSION)))
    return version
