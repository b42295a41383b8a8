"""Turn what the user names (files, folders, ``-``) into documents to read, as CONTRACT.md says:
folders give every ``*.txt`` and ``*.jsonl`` below them sorted by path, a ``.txt`` is one document
with an optional ``date YYYY-MM-DD `` header, a ``.jsonl`` holds one document a line, a
``.parquet`` one a row (read/parquet.py), and a quoted pattern (``'news/*.parquet'``) its matches.
Every problem becomes a ``DocumentError`` in place of the document, never an exception."""
from __future__ import annotations

import datetime as dt
import glob
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from svodka.document import DocumentError
from svodka.read.encoding import NotText, decode
from svodka.read.parquet import read_parquet

DATE_HEADER = re.compile(r"\s*date (\d{4}-\d{2}-\d{2}) ")
DOCUMENT_SUFFIXES = (".txt", ".jsonl")
GLOB_CHARS = re.compile(r"[*?[]")


@dataclass(slots=True)
class Source:
    """One document as read, before any analysis."""

    id: str
    source: str
    text: str
    date: dt.date | None = None


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f"bad date {value!r}: expected YYYY-MM-DD") from None


def split_date_header(text: str) -> tuple[dt.date | None, str]:
    """The ``date YYYY-MM-DD `` header, when there is one, and the text after it."""
    m = DATE_HEADER.match(text)
    if not m:
        return None, text
    return parse_date(m.group(1)), text[m.end():]


def iter_sources(paths: Iterable[str], date: dt.date | None = None,
                 stdin: BinaryIO | None = None) -> Iterator[Source | DocumentError]:
    """Every document under ``paths`` in order; ``date`` is the date of those that give none."""
    for path in paths:
        if path == "-":
            yield from _read_stream(stdin or sys.stdin.buffer, date)
            continue
        p = Path(path)
        if not p.exists() and GLOB_CHARS.search(path):
            yield from _read_glob(path, date)
            continue
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.suffix in DOCUMENT_SUFFIXES and f.is_file())
            if not files:
                yield DocumentError(p.name, path, "directory holds no *.txt or *.jsonl documents")
            for f in files:
                yield from _read_file(f, str(f), date)
        elif p.exists():
            yield from _read_file(p, path, date)
        else:
            yield DocumentError(p.stem or path, path, "no such file or directory")


def _read_glob(pattern: str, date: dt.date | None) -> Iterator[Source | DocumentError]:
    """A pattern the shell left alone (``'news/**/*.jsonl'``, quoted for a cluster run): every
    file it matches, sorted; a match that is a folder reads as a folder."""
    matches = sorted(glob.glob(pattern, recursive=True))
    if not matches:
        yield DocumentError(Path(pattern).stem or pattern, pattern, "no file matches this pattern")
    yield from iter_sources(matches, date)


def _read_file(p: Path, source: str, date: dt.date | None) -> Iterator[Source | DocumentError]:
    try:
        data = p.read_bytes()
    except OSError as e:
        yield DocumentError(p.stem, source, f"cannot read file: {e.strerror or e}")
        return
    if p.suffix == ".jsonl":
        yield from _read_jsonl(data, p.stem, source, date)
    elif p.suffix == ".parquet":
        yield from read_parquet(p, source, date, Source)
    else:
        yield _read_text(data, p.stem, source, date)


def _read_stream(stream: BinaryIO, date: dt.date | None) -> Iterator[Source | DocumentError]:
    """Standard input is JSONL when its first non-blank character opens an object, else one text."""
    data = stream.read()
    if data.lstrip()[:1] == b"{":
        yield from _read_jsonl(data, "stdin", "-", date)
    else:
        yield _read_text(data, "stdin", "-", date)


def _read_text(data: bytes, doc_id: str, source: str, date: dt.date | None) -> Source | DocumentError:
    try:
        text = decode(data)
        header_date, text = split_date_header(text)
    except (NotText, ValueError) as e:
        return DocumentError(doc_id, source, str(e))
    if not text.strip():
        return DocumentError(doc_id, source, "empty document: no text")
    return Source(doc_id, source, text, header_date or date)


def _read_jsonl(data: bytes, stem: str, source: str, date: dt.date | None) -> Iterator[Source | DocumentError]:
    try:
        content = decode(data)
    except NotText as e:
        yield DocumentError(stem, source, str(e))
        return
    lines = [(n, line) for n, line in enumerate(content.splitlines(), 1) if line.strip()]
    if not lines:
        yield DocumentError(stem, source, "empty JSONL file: no documents")
    for n, line in lines:
        yield _jsonl_document(line, f"{stem}:{n}", f"{source}:{n}", date)


def _jsonl_document(line: str, fallback_id: str, where: str, date: dt.date | None) -> Source | DocumentError:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        return DocumentError(fallback_id, where, f"broken JSON line: {e.msg} at column {e.colno}")
    if not isinstance(obj, dict):
        return DocumentError(fallback_id, where, "JSON line is not an object with id, date and text")
    doc_id = str(obj["id"]) if obj.get("id") is not None else fallback_id
    text = obj.get("text")
    if not isinstance(text, str):
        return DocumentError(doc_id, where, "JSON line has no \"text\" string")
    if not text.strip():
        return DocumentError(doc_id, where, "empty document: no text")
    own_date = obj.get("date")
    try:
        doc_date = parse_date(own_date) if own_date else date
    except ValueError as e:
        return DocumentError(doc_id, where, str(e))
    return Source(doc_id, where, text, doc_date)
