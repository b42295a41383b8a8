"""Turn what the user names (files, folders, globs, ``-``) into documents to read, as CONTRACT.md
says: folders give every ``*.txt`` and ``*.jsonl`` below them (any letter case) sorted by path, a
``.txt`` is one document with an optional ``date YYYY-MM-DD`` header, a ``.jsonl`` holds one
document a line (a ``[...]`` JSON array of documents is read too).

A document's id is its path relative to the argument it was found under, without the extension
(``2025/11/25/01`` for ``news/2025/11/25/01.txt`` given ``news``), or a file's name without the
extension when the file itself is given: ``a/01.txt`` and ``b/01.txt`` are two documents.

Every problem becomes a ``DocumentError`` in place of the document, never an exception: one bad
line or file costs only itself."""
from __future__ import annotations

import datetime as dt
import glob
import json
import os
import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from svodka.document import DocumentError
from svodka.read.encoding import NotText, decode_noting

# «date 2025-11-25 » before the text; the one space (or the line break) after the date belongs to it
DATE_HEADER = re.compile(r"\s*date (\d{4}-\d{2}-\d{2})(?: |\r?\n|$)")
DOCUMENT_SUFFIXES = (".txt", ".jsonl")
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


@dataclass(slots=True)
class Source:
    """One document as read, before any analysis. ``note`` says what had to be repaired to read
    it (broken bytes, lone surrogates); the text is still the document."""

    id: str
    source: str
    text: str
    date: dt.date | None = None
    title: str | None = None
    url: str | None = None
    note: str | None = None


def parse_date(value) -> dt.date:
    """A document date: ``2025-01-15``, or an ISO date-time as feeds write it
    (``2025-01-15T10:30:00+03:00``, the day as written there)."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            try:
                return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
            except ValueError:
                pass
    raise ValueError(f"bad date {value!r}: expected YYYY-MM-DD or an ISO date-time")


def split_date_header(text: str) -> tuple[dt.date | None, str]:
    """The ``date YYYY-MM-DD`` header, when there is one, and the text after it."""
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
        if p.is_dir():
            yield from _read_folder(p, path, date)
        elif os.path.lexists(path):
            yield from _read_file(p, path, p.stem, date)
        elif glob.has_magic(path):
            matches = sorted(glob.glob(path, recursive=True))
            if not matches:
                yield DocumentError(path, path, "no file matches this pattern")
            yield from iter_sources(matches, date)
        else:
            yield DocumentError(p.stem or path, path, "no such file or directory")


def count_documents(paths: Iterable[str]) -> int | None:
    """How many documents ``paths`` hold, counted without decoding them (a JSONL file by its
    lines): the total of a progress bar. None when standard input is among them."""
    total = 0
    for path in paths:
        if path == "-":
            return None
        p = Path(path)
        found = sorted(glob.glob(path, recursive=True)) if glob.has_magic(path) and not p.exists() else [path]
        for f in found:
            fp = Path(f)
            files = [x for x in fp.rglob("*") if is_document(x.name)] if fp.is_dir() else [fp]
            total += sum(_lines(x) if x.suffix.lower() == ".jsonl" else 1 for x in files)
    return total


def _lines(p: Path) -> int:
    try:
        if not p.is_file():
            return 1
        with p.open("rb") as f:
            return max(1, sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b"")))
    except OSError:
        return 1


def is_document(name: str) -> bool:
    return name.lower().endswith(DOCUMENT_SUFFIXES)


def _read_folder(root: Path, given: str, date: dt.date | None) -> Iterator[Source | DocumentError]:
    unreadable: list[OSError] = []
    files = []
    for folder, dirs, names in os.walk(root, onerror=unreadable.append):
        dirs.sort()
        files += [Path(folder) / n for n in names if is_document(n)]
    for e in unreadable:
        yield DocumentError(str(Path(e.filename or given).relative_to(root)) if e.filename else given,
                            e.filename or given, f"cannot read folder: {e.strerror or e}")
    if not files and not unreadable:
        yield DocumentError(root.name, given, "directory holds no *.txt or *.jsonl documents")
    for f in sorted(files, key=lambda f: f.relative_to(root).as_posix()):
        rel = f.relative_to(root)
        yield from _read_file(f, str(f), rel.with_suffix("").as_posix(), date)


def _read_file(p: Path, source: str, doc_id: str, date: dt.date | None) -> Iterator[Source | DocumentError]:
    try:
        mode = p.stat().st_mode
        if not stat.S_ISREG(mode):
            yield DocumentError(doc_id, source, "not a regular file (a pipe, device or socket is not read)")
            return
        data = p.read_bytes()
    except OSError as e:
        yield DocumentError(doc_id, source, f"cannot read file: {e.strerror or e}")
        return
    if p.suffix.lower() == ".jsonl":
        yield from _read_json_lines(data, doc_id, source, date)
    else:
        yield _read_text(data, doc_id, source, date)


def _read_stream(stream: BinaryIO, date: dt.date | None) -> Iterator[Source | DocumentError]:
    """Standard input is JSONL when its first non-blank character opens an object (a JSON array
    of documents when it opens one), else one text; in any encoding a file may have."""
    data = stream.read()
    try:
        text, _ = decode_noting(data)
    except NotText as e:
        yield DocumentError("stdin", "-", str(e))
        return
    head = text.lstrip("\ufeff \t\r\n")[:1]
    if head in ("{", "["):
        yield from _read_json_lines(data, "stdin", "-", date)
    else:
        yield _read_text(data, "stdin", "-", date)


def _read_text(data: bytes, doc_id: str, source: str, date: dt.date | None) -> Source | DocumentError:
    try:
        text, note = decode_noting(data)
        header_date, text = split_date_header(text)
    except (NotText, ValueError) as e:
        return DocumentError(doc_id, source, str(e))
    if not text.strip():
        return DocumentError(doc_id, source, "empty document: no text")
    return Source(doc_id, source, text, header_date or date, note=note)


def _read_json_lines(data: bytes, stem: str, source: str, date: dt.date | None) -> Iterator[Source | DocumentError]:
    try:
        content, _ = decode_noting(data)
    except NotText as e:
        yield DocumentError(stem, source, str(e))
        return
    content = content.lstrip("\ufeff")
    if content.lstrip()[:1] == "[":
        yield from _read_json_array(content, stem, source, date)
        return
    # JSONL lines end at "\n" only: a JSON string may hold U+2028, U+2029 or U+0085 raw
    lines = [(n, line.rstrip("\r")) for n, line in enumerate(content.split("\n"), 1) if line.strip()]
    if not lines:
        yield DocumentError(stem, source, "empty JSONL file: no documents")
    for n, line in lines:
        yield _json_document(_loads(line), f"{stem}:{n}", f"{source}:{n}", date)


def _read_json_array(content: str, stem: str, source: str, date: dt.date | None) -> Iterator[Source | DocumentError]:
    items = _loads(content)
    if isinstance(items, DocumentError) or not isinstance(items, list):
        yield DocumentError(stem, source, items.error if isinstance(items, DocumentError) else
                            "JSON is neither one document a line nor an array of documents")
        return
    for n, obj in enumerate(items, 1):
        yield _json_document(obj, f"{stem}:{n}", f"{source}:[{n}]", date)


def _loads(text: str):
    """Parsed JSON, or a DocumentError saying why not (broken syntax, a number beyond Python's
    limits, nesting too deep)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        return DocumentError(None, None, f"broken JSON: {e.msg} at column {e.colno}")
    except (ValueError, RecursionError) as e:
        return DocumentError(None, None, f"unreadable JSON: {type(e).__name__}: {str(e)[:120]}")


def _json_document(obj, fallback_id: str, where: str, date: dt.date | None) -> Source | DocumentError:
    if isinstance(obj, DocumentError):
        return DocumentError(fallback_id, where, obj.error)
    if not isinstance(obj, dict):
        return DocumentError(fallback_id, where, "JSON line is not an object with id, date and text")
    raw_id = obj.get("id")
    if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, (str, int))):
        return DocumentError(fallback_id, where, f"\"id\" must be a string or an integer, not {type(raw_id).__name__}")
    doc_id = str(raw_id) if raw_id is not None and str(raw_id).strip() else fallback_id
    text = obj.get("text")
    if not isinstance(text, str):
        return DocumentError(doc_id, where, "JSON line has no \"text\" string")
    if not text.strip():
        return DocumentError(doc_id, where, "empty document: no text")
    try:
        doc_date = parse_date(obj["date"]) if obj.get("date") else date
    except ValueError as e:
        return DocumentError(doc_id, where, str(e))
    text, note = _without_lone_surrogates(text)
    title, url = (v if isinstance(v, str) and v.strip() else None for v in (obj.get("title"), obj.get("url")))
    return Source(doc_id, where, text, doc_date, title, url, note)


def _without_lone_surrogates(text: str) -> tuple[str, str | None]:
    """JSON may escape half a surrogate pair (``"\\ud800"``), which no UTF-8 output can hold: each
    becomes U+FFFD, one character for one, so offsets stay as they were."""
    n = len(LONE_SURROGATE.findall(text))
    if not n:
        return text, None
    return LONE_SURROGATE.sub("\ufffd", text), f"{n} lone surrogate{'s' if n > 1 else ''} replaced by U+FFFD"
