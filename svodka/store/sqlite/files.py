"""What a file is before svodka touches it, and how it becomes (or stays) a knowledge base.

A svodka file carries an application id (``PRAGMA application_id``, as SQLite intends for file
formats) and a schema version in its ``meta`` table; a file from before the application id is
known by its tables. Anything else — another program's database, a text file, a damaged one — is
refused with one line before a single byte is written: reading never writes, and writing first
runs ``PRAGMA quick_check``. An older schema is upgraded on opening for writing, in one
transaction: all of it or none."""
from __future__ import annotations

import sqlite3
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from svodka.store.base import SCHEMA_VERSION, DamagedKnowledgeBase, NotAKnowledgeBase

APPLICATION_ID = 0x73766B62  # "svkb"
SVODKA_TABLES = {"meta", "document", "kb_entity", "entity"}
# What each schema version adds to the one before it (CREATE ... IF NOT EXISTS in schema.sql
# covers new tables and indexes; columns of existing tables need ALTER).
COLUMNS_ADDED = {
    3: (("document", "title", "TEXT"), ("document", "url", "TEXT"),
        ("correction", "undone", "INTEGER NOT NULL DEFAULT 0")),
}


def connect(path: str | Path, readonly: bool = False) -> sqlite3.Connection:
    """A connection; read-only ones (``mode=ro``) can neither write nor create the file. A WAL
    file in a folder we may not write has no shared-memory file to read through: it is then read
    as immutable (nobody who may not write it can be writing it through this folder either)."""
    if not readonly:
        con = sqlite3.connect(str(path), timeout=60, isolation_level=None, check_same_thread=False)
        con.execute("PRAGMA busy_timeout = 60000")
        return con
    for mode in ("ro", "ro&immutable=1"):
        con = sqlite3.connect(f"file:{quote(str(path))}?mode={mode}", uri=True, timeout=60,
                              isolation_level=None, check_same_thread=False)
        try:
            con.execute("PRAGMA busy_timeout = 60000")
            con.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            return con
        except sqlite3.OperationalError as e:
            con.close()
            if "readonly" not in str(e) and "unable to open" not in str(e):
                raise
        except sqlite3.DatabaseError as e:
            con.close()
            raise NotAKnowledgeBase(f"{path} is not a svodka knowledge base ({e})") from None
    raise sqlite3.OperationalError(f"{path}: cannot be read")


def use_wal(con: sqlite3.Connection) -> None:
    """WAL lets readers query while one writer writes; NORMAL sync loses nothing committed when
    the process is killed. Set only once the file is known to be svodka's."""
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = NORMAL")


def schema_version(con: sqlite3.Connection, path: str) -> int | None:
    """The file's svodka schema version; None for an empty file; NotAKnowledgeBase otherwise."""
    try:
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as e:
        raise NotAKnowledgeBase(f"{path} is not a svodka knowledge base ({e})") from None
    if not tables and app_id in (0, APPLICATION_ID):
        return None
    if (app_id == APPLICATION_ID or app_id == 0) and SVODKA_TABLES <= tables:
        row = con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is not None and str(row[0]).isdigit():
            return int(row[0])
    raise NotAKnowledgeBase(f"{path} is not a svodka knowledge base: it holds another program's tables")


def check_integrity(con: sqlite3.Connection, path: str) -> None:
    try:
        problems = [r[0] for r in con.execute("PRAGMA quick_check(5)")]
    except sqlite3.DatabaseError as e:
        problems = [str(e)]
    if problems != ["ok"]:
        raise DamagedKnowledgeBase(f"{path} is damaged ({'; '.join(problems)[:200]}): nothing was written. "
                                   "Restore it from a copy, or ingest into a new file")


def create_or_upgrade(con: sqlite3.Connection, version: int | None) -> int | None:
    """Give the file the current schema in one transaction; returns the version it upgraded from."""
    if version == SCHEMA_VERSION:
        return None
    if version is not None and version > SCHEMA_VERSION:
        raise NotAKnowledgeBase(f"this knowledge base has schema {version}, newer than this svodka "
                                f"understands ({SCHEMA_VERSION}): upgrade svodka")
    schema = resources.files("svodka.store.sqlite").joinpath("schema.sql").read_text(encoding="utf-8")
    con.execute("BEGIN IMMEDIATE")
    try:
        if version is not None:
            for added in range(version + 1, SCHEMA_VERSION + 1):
                for table, column, kind in COLUMNS_ADDED.get(added, ()):
                    if column not in {r[1] for r in con.execute(f"PRAGMA table_info({table})")}:
                        con.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
        for statement in statements(schema):
            con.execute(statement)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return version


def statements(script: str) -> list[str]:
    """The schema's statements one by one (executescript would commit our transaction)."""
    out, buf = [], []
    for line in script.splitlines():
        code = line.split("--", 1)[0] if not line.strip().startswith("--") else ""
        buf.append(code)
        if code.rstrip().endswith(";") and sqlite3.complete_statement("\n".join(buf)):
            out.append("\n".join(buf).strip())
            buf = []
    return [s for s in out if s.strip(" ;\n")]
