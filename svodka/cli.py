"""The ``svodka`` command."""
from __future__ import annotations

import datetime as dt
import json
import os
import sys

# slovnet's matrices are small: OpenBLAS threads gain nothing on them and, beside another busy
# process or --workers, spin against each other (NER measured 7x slower). Set before numpy loads;
# a user's own setting wins.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
from enum import Enum
from typing import Iterator, Optional

import typer
from rich.console import Console

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="svodka: Russian news as data — entities, values and facts with their evidence.")
err = Console(stderr=True)


class Format(str, Enum):
    jsonl = "jsonl"
    json = "json"
    pretty = "pretty"


def _date_option(value: Optional[str]) -> Optional[dt.date]:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date: expected YYYY-MM-DD") from None


@app.callback()
def main() -> None:
    """svodka reads Russian news into entities, values and facts."""


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help="Files, folders (every *.txt and *.jsonl below) or - for stdin."),
    format: Optional[Format] = typer.Option(None, "--format", "-f",
                                            help="jsonl (default when piped), json, or pretty (default at a terminal)."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Documents in parallel processes; order is kept."),
    date: Optional[str] = typer.Option(None, "--date", help="Date (YYYY-MM-DD) of documents that give none."),
) -> None:
    """Read documents and write the contract output: one JSON object per document."""
    from svodka.read import iter_sources

    doc_date = _date_option(date)
    fmt = format or (Format.pretty if sys.stdout.isatty() else Format.jsonl)
    sources = list(iter_sources(paths, doc_date))
    failed = False
    out = Console(highlight=False) if fmt is Format.pretty else None
    collected = []
    for record in _with_progress(_run(sources, workers), len(sources)):
        failed |= "error" in record
        if fmt is Format.jsonl:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif fmt is Format.json:
            collected.append(record)
        else:
            from svodka.render import render
            render(record, out)
    if fmt is Format.json:
        json.dump(collected, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    sys.stdout.flush()
    if failed:
        raise typer.Exit(1)


def _run(sources: list, workers: int) -> Iterator[dict]:
    from svodka.parallel import process_all
    yield from process_all(sources, workers)


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


from svodka.kb_cli import register as _register_kb  # noqa: E402 - ingest, search, entity, track, ...

_register_kb(app)


def run() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    run()
