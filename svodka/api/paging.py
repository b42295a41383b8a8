"""Lists a page at a time, and lists as CSV.

A cursor is opaque to clients: URL-safe base64 of the offset of the next page and a fingerprint
of the filters that made the list, so a cursor carried over to another query is refused rather
than read as a page of it. Every list answers as ``{"items", "total", "limit", "next_cursor"}``;
``?format=csv`` gives the same items as CSV in UTF-8 with a BOM (Excel then reads Cyrillic)."""
from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
from typing import Iterable

from fastapi.responses import Response

MAX_LIMIT = 500
PAGING_PARAMS = {"cursor", "limit", "format"}


class BadCursor(ValueError):
    pass


def fingerprint(params: dict) -> str:
    """What identifies a list: its filters, not its page."""
    kept = sorted((k, v) for k, v in params.items() if k not in PAGING_PARAMS and v not in (None, ""))
    return hashlib.sha256(json.dumps(kept, ensure_ascii=False).encode()).hexdigest()[:12]


def encode(offset: int, params: dict) -> str:
    raw = json.dumps({"o": offset, "f": fingerprint(params)}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def offset_of(cursor: str | None, params: dict) -> int:
    """The offset a cursor stands for; 0 without one. A cursor that is not ours, or was made
    for other filters, raises ``BadCursor``."""
    if not cursor:
        return 0
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        offset, made_for = int(raw["o"]), raw["f"]
    except (ValueError, TypeError, KeyError, json.JSONDecodeError):
        raise BadCursor(f"cursor {cursor[:40]!r} is not one this server gave") from None
    if made_for != fingerprint(params) or not 0 <= offset < 10 ** 9:
        raise BadCursor("this cursor belongs to a list with other filters: start again without it")
    return offset


def envelope(items: list, total: int, limit: int, offset: int, params: dict, **extra) -> dict:
    more = offset + len(items) < total and bool(items)
    return dict(items=items, total=total, limit=limit,
                next_cursor=encode(offset + len(items), params) if more else None, **extra)


def cell(value) -> str | int | float | None:
    """A CSV cell: lists and objects as JSON, the rest as they are."""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def csv_response(rows: Iterable[dict], name: str, columns: Iterable[str] | None = None) -> Response:
    rows = list(rows)
    names = list(columns or dict.fromkeys(k for r in rows for k in r))
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=names, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: cell(v) for k, v in r.items()})
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
