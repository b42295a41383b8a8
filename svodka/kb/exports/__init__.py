"""What the knowledge base knows, in the shapes its users already work with.

- ``jsonl``, ``csv``, ``parquet``: the complete tables (tables.py), one file per table;
  ``csv`` with ``excel=True`` is UTF-8 with a BOM, ``;`` and decimal commas;
- ``xlsx``: the same tables as the sheets of one workbook;
- ``plover``: events in the PLOVER standard POLECAT uses (plover.py, mapping documented there);
- ``ftm``: FollowTheMoney entities for OpenAleph and other FtM tools (ftm.py);
- ``datasette``: one SQLite file with foreign keys, a full-text index and a view per fact type.

Every format reads the same selection: documents dated within ``--from``/``--to`` and the fact
types asked for."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from svodka.kb.exports import files
from svodka.kb.exports.tables import fact_types, tables
from svodka.store.records import Selection

TABLE_FORMATS = ("jsonl", "csv", "parquet", "xlsx", "datasette")
FORMATS = TABLE_FORMATS + ("plover", "ftm")


@dataclass(slots=True)
class ExportReport:
    written: list[tuple[str, Path, int]] = field(default_factory=list)  # (table or kind, file, rows)
    notes: list[str] = field(default_factory=list)  # what a format could not hold, said once


def export(store, fmt: str, out_dir: str | Path, selection: Selection | None = None,
           types: Iterable[str] = (), excel: bool = False) -> ExportReport:
    """Write the selected documents and fact types into ``out_dir`` in format ``fmt``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    types = fact_types(types)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ValueError(f"{out} is a file, not a folder")
    out.mkdir(parents=True, exist_ok=True)
    with store.snapshot():
        return _write(store, fmt, out, selection, types, excel)


def _write(store, fmt: str, out: Path, selection: Selection | None, types: tuple[str, ...],
           excel: bool) -> ExportReport:
    report = ExportReport()
    if fmt == "plover":
        from svodka.kb.exports.plover import write_plover
        report.written.append(("events", *write_plover(store, out / "events.plover.jsonl", selection, types)))
        return report
    if fmt == "ftm":
        from svodka.kb.exports.ftm import write_ftm
        report.written.append(("entities", *write_ftm(store, out / "entities.ftm.jsonl", selection, types)))
        return report
    sink = _sink(fmt, out, excel)
    try:
        for table in tables(store, selection, types):
            report.written.append((table.name, *sink.write(table)))
        sink.close()
    except BaseException:
        sink.abort()
        raise
    report.notes += sink.notes
    return report


def _sink(fmt: str, out: Path, excel: bool):
    if fmt == "datasette":
        from svodka.kb.exports.datasette import DatasetteSink
        return DatasetteSink(out / "svodka-datasette.db")
    if fmt == "csv":
        return files.CsvSink(out, excel)
    return {"jsonl": files.JsonlSink, "parquet": files.ParquetSink, "xlsx": files.XlsxSink}[fmt](out)
