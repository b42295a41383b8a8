"""``svodka extract``: documents in, the contract JSON out (one object a line), or a highlighted
reading for a person at a terminal."""
from __future__ import annotations

import json
import sys
from typing import Iterator, Optional

import typer

from svodka.cli.options import Format, date_option, err, max_chars_option


def extract(
    paths: list[str] = typer.Argument(..., help="Files, folders (every *.txt and *.jsonl below) or - for stdin."),
    format: Optional[Format] = typer.Option(None, "--format", "-f",
                                            help="jsonl (default when piped), json, or pretty (default at a terminal)."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Documents in parallel processes; order is kept."),
    date: Optional[str] = typer.Option(None, "--date", help="Date (YYYY-MM-DD) of documents that give none."),
    max_chars: int = max_chars_option(),
) -> None:
    """Read documents and write the contract output: one JSON object per document."""
    from rich.console import Console

    from svodka.read import iter_sources
    from svodka.scale import process_all

    doc_date = date_option(date)
    fmt = format or (Format.pretty if sys.stdout.isatty() else Format.jsonl)
    sources = list(iter_sources(paths, doc_date))
    failed = False
    out = Console(highlight=False) if fmt is Format.pretty else None
    collected = []
    for record in _with_progress(process_all(sources, workers, max_chars=max_chars), len(sources)):
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
