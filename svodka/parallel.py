"""Documents through the pipeline in order, in this process or in N worker processes.

Documents go in batches of ``BATCH`` (the NER model tags a batch at once). Each worker builds its
own pipeline once (models load per process) and returns plain dicts, so nothing heavy crosses a
process boundary; ``imap`` keeps the input order. Sources are read as they are consumed, so a
folder of thousands of documents is never all in memory."""
from __future__ import annotations

import gc
import multiprocessing as mp
from itertools import chain, islice
from typing import Iterable, Iterator

from svodka.document import DocumentError
from svodka.read import Source

BATCH = 32
_worker_pipeline = None


def _init_worker() -> None:
    global _worker_pipeline
    from svodka.pipeline import Pipeline
    _worker_pipeline = Pipeline()


def _process_batch(batch: list[Source | DocumentError]) -> list[dict]:
    out = [d.to_dict() for d in _worker_pipeline.pipe(batch, len(batch))]
    freeze_long_lived()
    return out


def freeze_long_lived() -> None:
    """After the first batch the models, the gazetteer and the word caches are built: hundreds of
    thousands of objects that live as long as the process. Moved out of the collector's sight
    (``gc.freeze``), they are no longer traversed by every full collection, which took 8 % of
    extraction time. Once per process."""
    global _frozen
    if not _frozen:
        gc.freeze()
        _frozen = True


_frozen = False


def _batches(sources: Iterator, size: int) -> Iterator[list]:
    while batch := list(islice(sources, size)):
        yield batch


def process_all(sources: Iterable[Source | DocumentError], workers: int = 1, pipeline=None) -> Iterator[dict]:
    sources = iter(sources)
    if workers > 1:
        first = list(islice(sources, BATCH + 1))
        if len(first) > 1:
            # batches small enough that every worker gets some, however short the input
            size = max(1, min(BATCH, len(first) // workers))
            ctx = mp.get_context("spawn" if mp.get_start_method(allow_none=True) == "spawn" else "fork")
            with ctx.Pool(workers, initializer=_init_worker) as pool:
                for batch in pool.imap(_process_batch, _batches(chain(first, sources), size)):
                    yield from batch
            return
        sources = iter(first)
    if pipeline is None:
        from svodka.pipeline import Pipeline
        pipeline = Pipeline()
    for i, doc in enumerate(pipeline.pipe(sources, BATCH)):
        if i == 0:  # the first batch is done
            freeze_long_lived()
        yield doc.to_dict()
