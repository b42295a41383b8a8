"""Documents from a Parquet file: one row a document, columns ``id``, ``date`` and ``text`` (and
``title``, ``url`` when there; ``id`` and ``date`` may be missing or null), as archives and data
lakes keep news. Read a row group at a time, so a file larger than memory streams like a folder
of texts, and each row is checked as a JSON line is (the same ids, dates and errors)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable, Iterator

from svodka.document import DocumentError

BATCH_ROWS = 1024
COLUMNS = ("id", "date", "text", "title", "url")


def read_parquet(p: Path, source: str, stem: str, date: dt.date | None, make: Callable) -> Iterator:
    """Every row of ``p`` as ``make(row, fallback_id, where, date)`` gives it (a ``Source`` or a
    ``DocumentError`` naming the row); a file that is no Parquet or has no ``text`` column is one
    error naming the file."""
    import pyarrow.parquet as pq
    try:
        data = pq.ParquetFile(p)
        names = set(data.schema_arrow.names)
    except Exception as e:  # noqa: BLE001 - pyarrow raises several kinds for a file it cannot read
        yield DocumentError(stem, source, f"cannot read as Parquet: {e}")
        return
    if "text" not in names:
        yield DocumentError(stem, source, "Parquet file has no \"text\" column (expected id, date, text)")
        return
    row = 0
    for batch in data.iter_batches(batch_size=BATCH_ROWS, columns=[c for c in COLUMNS if c in names]):
        for values in batch.to_pylist():
            row += 1
            if isinstance(values.get("date"), (dt.date, dt.datetime)):  # a date32 or timestamp column
                values["date"] = values["date"].isoformat()
            yield make(values, f"{stem}:{row}", f"{source}:{row}", date)
