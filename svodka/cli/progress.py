"""Progress at a terminal, on stderr only: rich's ``Progress`` redirects stdout by default, which
would send the JSON of ``svodka extract > out.jsonl`` to the screen instead of the file; here it
never touches stdout. Before the first document a «loading models…» line says why nothing moves."""
from __future__ import annotations

import contextlib
import sys
from typing import Callable, Iterator

from rich.console import Console


def interactive(console: Console) -> bool:
    return console.is_terminal and sys.stderr.isatty()


@contextlib.contextmanager
def bar(console: Console, verb: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """A progress bar ``verb``-ing towards ``total``; yields ``advance(done)``. Nothing at all
    when stderr is not a terminal."""
    if not interactive(console):
        yield lambda done: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                  TimeRemainingColumn(), console=console, transient=True,
                  redirect_stdout=False, redirect_stderr=False) as progress:
        task = progress.add_task("loading models…", total=total, rate="")

        def advance(done: int) -> None:
            elapsed = progress.tasks[0].elapsed or 0
            progress.update(task, description=verb, completed=done,
                            rate=f"{done / elapsed:.1f} docs/s" if elapsed else "")

        yield advance
