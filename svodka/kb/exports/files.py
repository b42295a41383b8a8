"""Export tables written as files: JSONL, CSV (plain, or for Excel), Parquet, one file per table;
an Excel workbook with one sheet per table.

Rows stream through in chunks, so a large knowledge base never sits in memory as one table.
What each format cannot hold is said once: CSV and Excel cells write a list as JSON
(``["Казахстан", "Туркменистан"]``), an Excel cell keeps at most 32,767 characters (a longer
document text is cut, and the export says how many were), and control characters Excel refuses
are left out of its cells. Every file is written under a hidden name and renamed into place when
whole (``replacing``), so an interrupted export leaves the last good files as they were."""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import decimal
import itertools
import json
import math
import os
from pathlib import Path
from typing import Iterable, Iterator

from svodka.kb.exports.tables import Table

CHUNK = 5000
EXCEL_CELL = 32_767
EXCEL_ROWS = 1_048_576


def chunks(rows: Iterable[dict], size: int = CHUNK) -> Iterator[list[dict]]:
    it = iter(rows)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A hidden name to write ``path`` under, renamed into place when the writing ends well and
    removed when it fails: an interrupted export never leaves half a file where the last good
    one was."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        yield partial
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


class FileSink:
    """One file per table in a folder; ``write`` returns its path and the rows written."""

    extension = ""

    def __init__(self, out: Path):
        self.out = out
        self.notes: list[str] = []

    def path(self, table: Table) -> Path:
        return self.out / f"{table.name}.{self.extension}"

    def close(self) -> None:
        """Nothing to finish: each table's file is complete when ``write`` returns."""

    def abort(self) -> None:
        """Nothing to remove: a table's file is renamed into place only when it is whole."""


class JsonlSink(FileSink):
    extension = "jsonl"

    def write(self, table: Table) -> tuple[Path, int]:
        n = 0
        with replacing(self.path(table)) as partial, partial.open("w", encoding="utf-8") as f:
            for row in table.rows():
                f.write(json.dumps({c: row.get(c) for c in table.columns}, ensure_ascii=False, default=_iso) + "\n")
                n += 1
        return self.path(table), n


class CsvSink(FileSink):
    """RFC 4180 CSV in UTF-8; ``excel``: what Excel opens by double-click in a Russian locale,
    UTF-8 with a BOM, ``;`` between fields and a decimal comma."""

    extension = "csv"

    def __init__(self, out: Path, excel: bool = False):
        super().__init__(out)
        self.excel = excel

    def write(self, table: Table) -> tuple[Path, int]:
        n = 0
        encoding, delimiter = ("utf-8-sig", ";") if self.excel else ("utf-8", ",")
        with replacing(self.path(table)) as partial, partial.open("w", encoding=encoding, newline="") as f:
            writer = csv.writer(f, delimiter=delimiter)
            writer.writerow(table.columns)
            for row in table.rows():
                writer.writerow([self.cell(row.get(c)) for c in table.columns])
                n += 1
        return self.path(table), n

    def cell(self, value):
        if isinstance(value, (list, dict)):
            return json.dumps(value, ensure_ascii=False, default=_iso)
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float) and self.excel:
            return _decimal_comma(value)
        return value


class ParquetSink(FileSink):
    extension = "parquet"

    def write(self, table: Table) -> tuple[Path, int]:
        import pyarrow as pa
        import pyarrow.parquet as pq
        n = 0
        with replacing(self.path(table)) as partial, \
                pq.ParquetWriter(partial, table.schema, compression="zstd") as writer:
            for chunk in chunks(table.rows()):
                writer.write_table(pa.Table.from_pylist(chunk, schema=table.schema))
                n += len(chunk)
            if n == 0:
                writer.write_table(table.schema.empty_table())
        return self.path(table), n


class XlsxSink(FileSink):
    """One workbook (``svodka.xlsx``), a sheet per table, dates as Excel dates."""

    def __init__(self, out: Path):
        from openpyxl import Workbook
        super().__init__(out)
        self.book = Workbook(write_only=True)
        self.file = out / "svodka.xlsx"
        self.cut = 0

    def write(self, table: Table) -> tuple[Path, int]:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        sheet = self.book.create_sheet(title=table.name[:31])
        bold = Font(bold=True)
        sheet.append([_with(WriteOnlyCell(sheet, value=c), font=bold) for c in table.columns])
        n = 0
        for row in table.rows():
            if n + 1 >= EXCEL_ROWS:
                raise ValueError(f"table {table.name} has more than {EXCEL_ROWS - 1:,} rows, more than an Excel "
                                 "sheet holds: use --format csv or parquet, or narrow it with --from/--to")
            sheet.append([self.cell(row.get(c)) for c in table.columns])
            n += 1
        sheet.freeze_panes = "A2"
        return self.file, n

    def cell(self, value):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        if isinstance(value, (list, dict)):
            value = json.dumps(value, ensure_ascii=False, default=_iso)
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
            if len(value) > EXCEL_CELL:
                self.cut += 1
                value = value[:EXCEL_CELL]
        return value

    def close(self) -> None:
        with replacing(self.file) as partial:
            self.book.save(partial)
        if self.cut:
            cells = "1 cell longer than Excel's {:,} characters was" if self.cut == 1 else \
                f"{self.cut} cells longer than Excel's {{:,}} characters were"
            self.notes.append(cells.format(EXCEL_CELL) + " cut in svodka.xlsx: the CSV, JSONL and Parquet "
                              "exports keep every text whole")


def _with(cell, **style):
    for k, v in style.items():
        setattr(cell, k, v)
    return cell


def _decimal_comma(x: float) -> str:
    """A number as a Russian Excel reads it: «1234,5», never «1.2345e3» nor a date («14.5»)."""
    if not math.isfinite(x):
        return ""
    text = format(decimal.Decimal(repr(x)), "f")  # the shortest digits that are x, no exponent
    return (text.rstrip("0").rstrip(".") if "." in text else text).replace(".", ",")


def _iso(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
