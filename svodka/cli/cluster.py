"""``--engine dask``: the options ``extract`` and ``ingest`` share to run on a Dask cluster, the
client's life (connect, dashboard address, close), and the progress of a run, all on stderr:
standard output carries records only."""
from __future__ import annotations

import contextlib
import os
import sys
import time
from enum import Enum
from typing import Iterator, Optional

import typer

from svodka.cli.options import err


class Engine(str, Enum):
    local = "local"
    dask = "dask"


ENGINE = typer.Option(Engine.local, "--engine", help="local (this process, or --workers processes) or dask.")
SCHEDULER = typer.Option(None, "--scheduler", metavar="tcp://HOST:8786",
                         help="The Dask scheduler to run on (with --engine dask).")
LOCAL = typer.Option(None, "--local", min=1, metavar="N",
                     help="Run on a Dask cluster of N worker processes on this machine (with --engine dask).")

OUT = typer.Option(None, "--out", "-o", metavar="DIR",
                   help="With --engine dask: write tables partitioned by month here (a path or URI every worker "
                        "reaches); a rerun skips what is complete.")
PARTITION = typer.Option(128, "--partition-size", min=1, max=100_000, metavar="N",
                         help="Documents per cluster task, on average (with --out).")


def check(engine: Engine, scheduler: Optional[str], local: Optional[int], out: Optional[str] = None,
          fmt=None) -> None:
    """Options that do not go together, refused before anything starts."""
    if engine is Engine.local and (scheduler or local or out):
        raise typer.BadParameter("--scheduler, --local and --out are for a Dask cluster: add --engine dask "
                                 "(--local N starts one on this machine)", param_hint="--engine")
    if scheduler and local:
        raise typer.BadParameter("give --scheduler (a cluster that runs) or --local N (one started here), not both",
                                 param_hint="--scheduler")
    name = getattr(fmt, "value", fmt)
    if out and name not in (None, "parquet", "jsonl"):
        raise typer.BadParameter(f"--out writes parquet or jsonl, not {name}", param_hint="--format")
    if not out and name == "parquet":
        raise typer.BadParameter("parquet is written to a folder: add --out DIR", param_hint="--format")


def extract_to(paths: list[str], doc_date, out_dir: str, fmt, scheduler: Optional[str], local: Optional[int],
               partition: int, max_chars: int | None = None) -> None:
    """The cluster run that writes partitioned tables: progress and summary on stderr, nothing
    on stdout; exit 1 when a document or a partition failed."""
    from svodka.read import iter_sources
    with dask_client(scheduler, local) as (dask, client):
        progress, started = PartProgress(), time.perf_counter()
        try:
            report = dask.extract(iter_sources(paths, doc_date), out_dir, client, fmt=getattr(fmt, "value", "parquet"),
                                  size=partition, on_part=progress, max_chars=max_chars)
        except OSError as e:
            progress.close()
            err.print(f"{out_dir}: cannot write there: {e}", markup=False)
            raise typer.Exit(1) from None
        progress.close()
        summary(report, out_dir, time.perf_counter() - started)
    if report.failed:
        raise typer.Exit(1)


@contextlib.contextmanager
def dask_client(scheduler: Optional[str], local: Optional[int]) -> Iterator:
    """A connected client (``svodka.scale.dask`` with it), the dashboard's address on stderr; a
    missing package, an unreachable scheduler or a cluster that fails the run (workers without
    svodka, a scheduler gone) is one line, never a traceback."""
    try:
        from svodka.scale import dask as engine
    except ImportError as e:
        err.print(f"--engine dask needs Dask ({e.name} is not installed): pip install 'svodka[dask]'", markup=False)
        raise typer.Exit(1) from None
    try:
        client = engine.connect(scheduler, local or os.cpu_count())
    except (OSError, TimeoutError) as e:
        err.print(f"cannot reach the Dask scheduler at {scheduler}: {e}", markup=False)
        raise typer.Exit(1) from None
    try:
        workers = len(client.scheduler_info().get("workers", {}))
        err.print(f"dask: {_n(workers, 'worker')} · dashboard {engine.dashboard(client)}", markup=False)
        yield engine, client
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as e:  # noqa: BLE001 - whatever the cluster raised, said in one line
        err.print(f"the Dask run stopped: {type(e).__name__}: {e}", markup=False)
        raise typer.Exit(1) from None
    finally:
        cluster = client.cluster
        client.close()
        if cluster is not None and not scheduler:
            cluster.close()


class PartProgress:
    """Partitions and documents done and the rate, on stderr: a live line at a terminal, a line
    every ``every`` seconds in a log."""

    def __init__(self, every: float = 10.0):
        self.started = time.perf_counter()
        self.every, self.last = every, self.started
        self.live = sys.stderr.isatty()

    def __call__(self, report) -> None:
        now = time.perf_counter()
        if not self.live and now - self.last < self.every:
            return
        self.last = now
        rate = report.documents / (now - self.started) if now > self.started else 0.0
        line = (f"{report.parts} partitions · {report.documents} documents · {rate:.1f} docs/s"
                + (f" · {len(report.failed_parts)} partitions failed" if report.failed_parts else ""))
        if self.live:
            sys.stderr.write(f"\r\33[2K{line}")
            sys.stderr.flush()
        else:
            err.print(line, markup=False)

    def close(self) -> None:
        if self.live:
            sys.stderr.write("\r\33[2K")
            sys.stderr.flush()


def summary(report, out: str, seconds: float) -> None:
    """What the run wrote, skipped and could not do, and each error row, on stderr."""
    rate = report.documents / seconds if seconds else 0.0
    line = (f"{report.documents} documents in {_n(report.parts, 'partition')} written to {out} ({rate:.1f} docs/s)"
            f"; {_n(report.skipped_parts, 'partition')} ({report.skipped_documents} documents) complete before, skipped")
    if report.removed_parts:
        line += f"; {_n(report.removed_parts, 'outdated partition')} removed"
    err.print(line, markup=False)
    for doc_id, source, problem in report.errors:
        err.print(f"{doc_id} ({source}): {problem}", markup=False)
    for source, problem in report.failed_parts:
        err.print(f"partition starting at {source}: not written: {problem}", markup=False)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
