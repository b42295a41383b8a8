"""Documents through the pipeline in order, in this process or in N worker processes.

Each worker builds its own pipeline once (models load per process) and returns plain dicts,
so nothing heavy crosses a process boundary; ``imap`` keeps the input order."""
from __future__ import annotations

import multiprocessing as mp
from typing import Iterable, Iterator

from svodka.document import DocumentError
from svodka.read import Source

_worker_pipeline = None


def _init_worker() -> None:
    global _worker_pipeline
    from svodka.pipeline import Pipeline
    _worker_pipeline = Pipeline()


def _process(src: Source | DocumentError) -> dict:
    return _worker_pipeline.process(src).to_dict()


def process_all(sources: Iterable[Source | DocumentError], workers: int = 1, pipeline=None) -> Iterator[dict]:
    sources = list(sources)
    if workers <= 1 or len(sources) <= 1:
        if pipeline is None:
            from svodka.pipeline import Pipeline
            pipeline = Pipeline()
        for src in sources:
            yield pipeline.process(src).to_dict()
        return
    ctx = mp.get_context("spawn" if mp.get_start_method(allow_none=True) == "spawn" else "fork")
    with ctx.Pool(min(workers, len(sources)), initializer=_init_worker) as pool:
        yield from pool.imap(_process, sources, chunksize=4)
