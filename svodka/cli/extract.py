"""``svodka extract``: documents in, the contract JSON out (one object a line), or a highlighted
reading for a person at a terminal."""
from __future__ import annotations

import json
import sys
from typing import Iterator, Optional

import typer

from svodka.cli import cluster
from svodka.cli.cluster import Engine
from svodka.cli.options import Format, date_option, err


def extract(
    paths: list[str] = typer.Argument(..., help="Files, folders (every *.txt and *.jsonl below), Parquet files "
                                                "(id, date, text), quoted patterns ('news/*.parquet') or - for stdin."),
    format: Optional[Format] = typer.Option(None, "--format", "-f",
                                            help="jsonl (default when piped), json, or pretty (default at a terminal); "
                                                 "with --out: parquet (default) or jsonl."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Documents in parallel processes; order is kept."),
    date: Optional[str] = typer.Option(None, "--date", help="Date (YYYY-MM-DD) of documents that give none."),
    engine: Engine = cluster.ENGINE,
    scheduler: Optional[str] = cluster.SCHEDULER,
    local: Optional[int] = cluster.LOCAL,
    out_dir: Optional[str] = typer.Option(None, "--out", "-o", metavar="DIR",
                                          help="With --engine dask: write tables partitioned by month here "
                                               "(a path or URI every worker reaches); a rerun skips what is complete."),
    partition: int = typer.Option(128, "--partition-size", min=1, help="Documents per cluster task (on average)."),
) -> None:
    """Read documents and write the contract output: one JSON object per document."""
    doc_date = date_option(date)
    cluster.check(engine, scheduler, local)
    if out_dir is not None:
        _extract_to(paths, doc_date, out_dir, format, engine, scheduler, local or _local(workers), partition)
        return
    if format is Format.parquet:
        raise typer.BadParameter("parquet is written to a folder: add --engine dask --out DIR", param_hint="--format")
    fmt = format or (Format.pretty if sys.stdout.isatty() else Format.jsonl)
    if engine is Engine.dask:
        with cluster.dask_client(scheduler, local or _local(workers)) as (dask, client):
            _print(paths, doc_date, fmt, lambda sources: dask.process_all(sources, client))
        return
    from svodka.scale import process_all
    _print(paths, doc_date, fmt, lambda sources: process_all(sources, workers))


def _local(workers: int) -> Optional[int]:
    return workers if workers > 1 else None


def _extract_to(paths: list[str], doc_date, out_dir: str, format: Optional[Format], engine: Engine,
                scheduler: Optional[str], local: Optional[int], partition: int) -> None:
    """The cluster run that writes partitioned tables, its progress and summary on stderr."""
    import time

    from svodka.read import iter_sources
    if engine is not Engine.dask:
        raise typer.BadParameter("--out writes a cluster run's tables: add --engine dask (--local N runs "
                                 "a cluster on this machine)", param_hint="--out")
    fmt = format or Format.parquet
    if fmt not in (Format.parquet, Format.jsonl):
        raise typer.BadParameter(f"--out writes parquet or jsonl, not {fmt.value}", param_hint="--format")
    with cluster.dask_client(scheduler, local) as (dask, client):
        progress, started = cluster.PartProgress(), time.perf_counter()
        try:
            report = dask.extract(iter_sources(paths, doc_date), out_dir, client, fmt=fmt.value,
                                  size=partition, on_part=progress)
        except OSError as e:
            progress.close()
            err.print(f"{out_dir}: cannot write there: {e}")
            raise typer.Exit(1) from None
        progress.close()
        cluster.summary(report, out_dir, time.perf_counter() - started)
    if report.failed:
        raise typer.Exit(1)


def _print(paths: list[str], doc_date, fmt: Format, run) -> None:
    """Records in input order to stdout, as jsonl, one json array, or pretty."""
    from rich.console import Console

    from svodka.read import iter_sources
    sources = list(iter_sources(paths, doc_date))
    failed = False
    out = Console(highlight=False) if fmt is Format.pretty else None
    collected = []
    for record in _with_progress(run(sources), len(sources)):
        failed |= "error" in record
        if fmt is Format.jsonl:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif fmt is Format.json:
            collected.append(record)
        else:
            from svodka.cli.render import render
            render(record, out)
    if fmt is Format.json:
        json.dump(collected, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    sys.stdout.flush()
    if failed:
        raise typer.Exit(1)


def _with_progress(records: Iterator[dict], total: int) -> Iterator[dict]:
    if total <= 1 or not sys.stderr.isatty():
        yield from records
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
    with Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), console=err,
                  transient=True) as progress:
        task = progress.add_task("extract", total=total, rate="")
        for record in records:
            elapsed = progress.tasks[0].elapsed or 0
            done = progress.tasks[0].completed + 1
            progress.update(task, advance=1, rate=f"{done / elapsed:.1f} docs/s" if elapsed else "")
            yield record
