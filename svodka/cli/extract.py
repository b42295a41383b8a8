"""``svodka extract``: documents in, the contract JSON out (one object a line), or a highlighted
reading for a person at a terminal. Whatever goes wrong with one document is its error record;
what the reader should know about the run (repaired input, undated or duplicate documents) goes
to stderr at the end."""
from __future__ import annotations

import contextlib
import json
import sys
from collections import Counter
from typing import Iterable, Iterator, Optional

import typer

from svodka.cli import cluster
from svodka.cli.cluster import Engine
from svodka.cli.options import Format, date_option, err, max_chars_option
from svodka.cli.progress import bar


def extract(
    paths: list[str] = typer.Argument(..., metavar="PATH...",
                                      help="Files, folders (every *.txt and *.jsonl below), Parquet files (id, date, "
                                           "text), globs, or - for stdin."),
    format: Optional[Format] = typer.Option(None, "--format", "-f", metavar="FORMAT",
                                            help="jsonl (default when piped), json, or pretty (default at a terminal); "
                                                 "with --out: parquet (default) or jsonl."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, max=256, metavar="N",
                                help="Documents in N parallel processes; output order is kept."),
    date: Optional[str] = typer.Option(None, "--date", metavar="DATE",
                                       help="Date of documents that give none (YYYY-MM-DD)."),
    engine: Engine = cluster.ENGINE,
    scheduler: Optional[str] = cluster.SCHEDULER,
    local: Optional[int] = cluster.LOCAL,
    out_dir: Optional[str] = cluster.OUT,
    partition: int = cluster.PARTITION,
    max_chars: int = max_chars_option(),
) -> None:
    """Read documents and write the contract output: one JSON object per document."""
    doc_date = date_option(date, "--date")
    cluster.check(engine, scheduler, local, out_dir, format)
    local = local or (workers if workers > 1 else None)
    if out_dir is not None:
        cluster.extract_to(paths, doc_date, out_dir, format, scheduler, local, partition, max_chars)
        return
    fmt = format or (Format.pretty if sys.stdout.isatty() else Format.jsonl)
    with contextlib.ExitStack() as stack:
        if engine is Engine.dask:
            dask, client = stack.enter_context(cluster.dask_client(scheduler, local))
            _write_all(paths, doc_date, fmt, lambda sources: dask.process_all(sources, client, max_chars=max_chars))
        else:
            from svodka.scale import process_all
            _write_all(paths, doc_date, fmt, lambda sources: process_all(sources, workers, max_chars=max_chars))


def _write_all(paths: list[str], doc_date, fmt: Format, run) -> None:
    """Every record ``run`` gives for the sources, in input order, to stdout; progress and the
    summary to stderr."""
    from svodka.read import count_documents, iter_sources
    write = _writer(fmt)
    summary = _Summary()
    total = count_documents(paths)
    try:
        with bar(err, "extracting", total) as advance:
            for done, record in enumerate(run(_noting(iter_sources(paths, doc_date))), 1):
                summary.add(record)
                write(record)
                advance(done)
    except KeyboardInterrupt:
        sys.stdout.flush()
        err.print(f"interrupted after {summary.documents} documents (their records are written)")
        raise typer.Exit(130) from None
    write(None)
    summary.report()
    if summary.failed:
        raise typer.Exit(1)


def _noting(sources: Iterable) -> Iterator:
    """The sources, each repair made to read one said on stderr as it passes."""
    for src in sources:
        if getattr(src, "note", None):
            err.print(f"{src.source}: {src.note}", markup=False)
        yield src


def _writer(fmt: Format):
    """A function taking each record, then None at the end."""
    if fmt is Format.jsonl:
        def jsonl(record):
            if record is None:
                sys.stdout.flush()
            else:
                sys.stdout.write(strict_json(record) + "\n")
        return jsonl
    if fmt is Format.json:
        collected = []

        def whole(record):
            if record is not None:
                collected.append(record)
            else:
                sys.stdout.write("[\n" + ",\n".join(strict_json(r) for r in collected) + "\n]")
                sys.stdout.write("\n")
        return whole
    from svodka.cli.options import human
    from svodka.cli.render import render
    console = human()
    return lambda record: render(record, console) if record is not None else None


def strict_json(record: dict) -> str:
    """The record as strict JSON (no NaN or Infinity); one that cannot be becomes its error."""
    try:
        return json.dumps(record, ensure_ascii=False, allow_nan=False)
    except ValueError as e:
        return json.dumps({"id": record.get("id"), "source": record.get("source"),
                           "error": f"output not representable as JSON: {e}"}, ensure_ascii=False)


class _Summary:
    """What stderr says after the run: failures are in the records; undated and duplicate
    documents are easy to miss there."""

    def __init__(self):
        self.documents = 0
        self.failed = 0
        self.undated: list[str] = []
        self.ids: Counter = Counter()

    def add(self, record: dict) -> None:
        self.documents += 1
        self.ids[record.get("id")] += 1
        if "error" in record:
            self.failed += 1
        elif record.get("date") is None:
            self.undated.append(str(record.get("id")))

    def report(self) -> None:
        if self.undated:
            some = ", ".join(self.undated[:3]) + (" …" if len(self.undated) > 3 else "")
            err.print(f"{len(self.undated)} of {self.documents} documents have no date ({some}): dates relative "
                      "to them («в прошлом году») are left unresolved; --date gives one", markup=False)
        repeated = {i: n for i, n in self.ids.items() if n > 1}
        if repeated:
            err.print("the same id for several documents: " + ", ".join(f"{i} ×{n}" for i, n in list(repeated.items())[:5]),
                      markup=False)
        if self.failed:
            err.print(f"{self.failed} of {self.documents} documents could not be read (see their \"error\")")
