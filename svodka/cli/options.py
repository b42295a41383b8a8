"""What the commands share: consoles, option parsing (dates and periods, the knowledge-base
location, bounded numbers), opening a knowledge base with one clear line for every way that can
fail, and writing records as JSON or CSV for scripts.

Exit statuses: 0 done; 1 something asked for was not there (nothing found, no such entity) or a
document could not be read; 2 a bad option or argument; 130 interrupted."""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import os
import sqlite3
import sys
from enum import Enum
from pathlib import Path
from typing import Iterable, Iterator, Optional

import typer
from rich.console import Console

from svodka import store as stores
from svodka.store.base import StoreError

err = Console(stderr=True, highlight=False, soft_wrap=True)  # a message is one line, however long
DB_HELP = ("The knowledge base: a file (default svodka.db) or a PostgreSQL URL, "
           "postgresql://USER@HOST:PORT/DBNAME[?schema=NAME]; $SVODKA_DB when not given.")
MAX_LIMIT = 10_000
MAX_CHARS = 10_000_000  # svodka.scale.MAX_CHARS, written out so that --help loads no models


def max_chars_option():
    return typer.Option(MAX_CHARS, "--max-chars", min=1, metavar="N",
                        help="Longer documents give an error record instead of being read (time and "
                             "memory grow with the text).")


class Format(str, Enum):
    jsonl = "jsonl"
    json = "json"
    pretty = "pretty"
    parquet = "parquet"


class Output(str, Enum):
    """How a knowledge-base answer is written: for a person, or for a script."""
    pretty = "pretty"
    json = "json"
    csv = "csv"


def human() -> Console:
    """A console for people on stdout; piped, it wraps nothing (a script reads whole lines)."""
    if sys.stdout.isatty():
        return Console(highlight=False)
    return Console(highlight=False, soft_wrap=True, width=int(os.environ.get("COLUMNS") or 0) or 240)


def default_db() -> str:
    return str(stores.location())


def db_option():
    """--db, or $SVODKA_DB when it is not given (read when the command runs)."""
    return typer.Option(stores.DEFAULT, "--db", envvar="SVODKA_DB", metavar="DB", help=DB_HELP)


def period(value: Optional[str], option: str) -> Optional[tuple[dt.date, dt.date]]:
    """The days a date option covers (svodka/kb/dates.py): «2025» is the year, «2025-11» the
    month, «2025-11-25» or «25.11.2025» the day."""
    from svodka.kb.dates import period as days
    try:
        return days(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY, YYYY-MM, YYYY-MM-DD or DD.MM.YYYY)",
                                 param_hint=option) from None


def date_option(value: Optional[str], option: str = "--date") -> Optional[dt.date]:
    found = period(value, option)
    return found[0] if found else None


def date_range(since: Optional[str], until: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """ISO bounds of ``--from``/``--to``: the first day of the one, the last day of the other."""
    first, last = period(since, "--from"), period(until, "--to")
    start, end = (first[0] if first else None), (last[1] if last else None)
    if start and end and start > end:
        raise typer.BadParameter(f"{since} is after --to {until}", param_hint="--from")
    return (start.isoformat() if start else None), (end.isoformat() if end else None)


@contextlib.contextmanager
def open_kb(db: str, write: bool = False) -> Iterator:
    """The knowledge base at ``db``: read-only unless ``write`` (a read never changes a file).
    A missing, foreign, damaged or unwritable one, or a bad name or id given to a command, ends
    with one line naming it."""
    from svodka.kb import KnowledgeBase
    where = stores.shown(db)
    if not write and not stores.is_server(db) and not Path(db).exists():
        fail(f"no knowledge base at {where}: run `svodka ingest PATH --db {where}` first")
    try:
        kb = KnowledgeBase(db, readonly=not write)
    except (StoreError, sqlite3.Error, OSError) as e:
        fail(_store_problem(where, e))
    if kb.store.migrated_from is not None:
        err.print(f"{where}: upgraded from schema {kb.store.migrated_from} to the current one", markup=False)
    try:
        yield kb
    except ValueError as e:
        fail(str(e))
    except (StoreError, sqlite3.Error) as e:
        fail(_store_problem(where, e))
    finally:
        kb.close()


def _store_problem(where: str, e: Exception) -> str:
    text = " ".join(str(e).split())  # one line
    return text if where in text else f"{where}: {text}"


def fail(message: str, status: int = 1):
    err.print(message, markup=False)
    raise typer.Exit(status)


def emit(rows: Iterable[dict], fmt: Output, columns: tuple[str, ...] | None = None) -> None:
    """Rows for a script: one JSON array, or CSV with a header (nested values as JSON)."""
    rows = list(rows)
    if fmt is Output.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
        return
    names = list(columns or dict.fromkeys(k for r in rows for k in r))
    writer = csv.DictWriter(sys.stdout, fieldnames=names, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v
                         for k, v in r.items()})
