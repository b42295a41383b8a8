"""Documents from a Parquet file: one row a document, columns ``id``, ``date`` and ``text``
(``date`` and ``id`` may be missing or null), as archives and data lakes keep news. Read a row
group at a time, so a file larger than memory streams like a folder of texts."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Iterator

from svodka.document import DocumentError

BATCH_ROWS = 1024


def read_parquet(p: Path, source: str, date: dt.date | None, make_source) -> Iterator:
    """Every row of ``p`` as ``make_source(id, where, text, date)``, or a ``DocumentError`` naming
    the row; a file that is no Parquet or has no ``text`` column is one error naming the file."""
    import pyarrow.parquet as pq
    try:
        data = pq.ParquetFile(p)
        names = set(data.schema_arrow.names)
    except Exception as e:  # noqa: BLE001 - pyarrow raises several kinds for a file it cannot read
        yield DocumentError(p.stem, source, f"cannot read as Parquet: {e}")
        return
    if "text" not in names:
        yield DocumentError(p.stem, source, "Parquet file has no \"text\" column (expected id, date, text)")
        return
    columns = [c for c in ("id", "date", "text") if c in names]
    row = 0
    for batch in data.iter_batches(batch_size=BATCH_ROWS, columns=columns):
        for values in batch.to_pylist():
            row += 1
            yield _row(values, f"{p.stem}:{row}", f"{source}:{row}", date, make_source)


def _row(values: dict, fallback_id: str, where: str, date: dt.date | None, make_source):
    doc_id = str(values["id"]) if values.get("id") is not None else fallback_id
    text = values.get("text")
    if not isinstance(text, str) or not text.strip():
        return DocumentError(doc_id, where, "empty document: no text")
    own = values.get("date")
    if isinstance(own, dt.datetime):
        own = own.date()
    elif isinstance(own, str) and own:
        try:
            own = dt.date.fromisoformat(own)
        except ValueError:
            return DocumentError(doc_id, where, f"bad date {own!r}: expected YYYY-MM-DD")
    return make_source(doc_id, where, text, own or date)
