"""What the commands share: the consoles, option parsing (dates, the knowledge base location)
and opening a knowledge base with one clear line for every way that can fail."""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from enum import Enum
from pathlib import Path
from typing import Iterator, Optional

import typer
from rich.console import Console

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)
DB_HELP = "The knowledge base file (or $SVODKA_DB)."
MAX_CHARS = 10_000_000  # svodka.scale.MAX_CHARS, written out so that --help loads no models


def max_chars_option():
    return typer.Option(MAX_CHARS, "--max-chars", min=1,
                        help="Longer documents give an error record instead of being read (time and "
                             "memory grow with the text: about 10 s and 1 GB a MB).")


class Format(str, Enum):
    jsonl = "jsonl"
    json = "json"
    pretty = "pretty"


def default_db() -> str:
    return os.environ.get("SVODKA_DB", "svodka.db")


def date_option(value: Optional[str]) -> Optional[dt.date]:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date: expected YYYY-MM-DD") from None


def iso_option(value: Optional[str]) -> Optional[str]:
    day = date_option(value)
    return day.isoformat() if day else None


@contextlib.contextmanager
def open_kb(db: str, create: bool = False) -> Iterator:
    """The knowledge base at ``db``; a missing file (unless ``create``), a file that is no
    knowledge base, or a bad name or id given to a command end with one line naming it."""
    from svodka.kb import KnowledgeBase
    if not create and not Path(db).is_file():
        err.print(f"no knowledge base at {db}: run `svodka ingest PATH --db {db}` first")
        raise typer.Exit(1)
    try:
        kb = KnowledgeBase(db)
    except sqlite3.Error as e:
        err.print(f"{db}: cannot open as a knowledge base ({e})")
        raise typer.Exit(1) from None
    try:
        yield kb
    except ValueError as e:
        err.print(str(e))
        raise typer.Exit(1) from None
    except sqlite3.Error as e:
        err.print(f"{db}: {e}")
        raise typer.Exit(1) from None
    finally:
        kb.close()
