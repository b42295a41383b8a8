"""Documents through the pipeline in order, in this process or in N worker processes.

Documents go in batches of ``BATCH`` (the NER model tags a batch at once). Each worker builds the
caller's pipeline once from its ``PipelineSpec`` (models load per process) and returns plain
dicts, so nothing heavy crosses a process boundary; ``imap`` keeps the input order. Sources are
read as they are consumed, so a folder of thousands of documents is never all in memory."""
from __future__ import annotations

import gc
import multiprocessing as mp
from itertools import chain, islice
from typing import Iterable, Iterator

from svodka.document import DocumentError
from svodka.pipeline import Pipeline, PipelineSpec
from svodka.read import Source

BATCH = 32
# Longer documents are refused with an error record rather than read (``--max-chars``): time and
# memory grow linearly with a text (about 10 s and 1 GB a MB here), and a runaway input (a log,
# a dump glued into one file) would otherwise take the machine.
MAX_CHARS = 10_000_000
_worker_pipeline: Pipeline | None = None
_frozen = False


def _init_worker(spec: PipelineSpec) -> None:
    global _worker_pipeline
    _worker_pipeline = spec.build()


def _process_batch(batch: list[Source | DocumentError]) -> list[dict]:
    out = [record(d) for d in _worker_pipeline.pipe(batch, len(batch))]
    freeze_long_lived()
    return out


def record(doc) -> dict:
    """A document's contract record; one whose record cannot be made (a bug in a stage that left
    a field unfit for JSON) becomes that document's error, and the run goes on."""
    try:
        return doc.to_dict()
    except Exception as e:  # noqa: BLE001 - one bad document must not lose the others
        return DocumentError(doc.id, doc.source, f"processing failed: {type(e).__name__}: {e}").to_dict()


def too_long(src: Source | DocumentError, max_chars: int) -> Source | DocumentError:
    if isinstance(src, DocumentError) or len(src.text) <= max_chars:
        return src
    return DocumentError(src.id, src.source, f"document too long: {len(src.text):,} characters, "
                                             f"more than --max-chars {max_chars:,}")


def freeze_long_lived() -> None:
    """After the first batch the models, the gazetteer and the word caches are built: hundreds of
    thousands of objects that live as long as the process. Moved out of the collector's sight
    (``gc.freeze``), they are no longer traversed by every full collection, which took 8 % of
    extraction time. Once per process."""
    global _frozen
    if not _frozen:
        gc.freeze()
        _frozen = True


def _batches(sources: Iterator, size: int) -> Iterator[list]:
    while batch := list(islice(sources, size)):
        yield batch


def process_all(sources: Iterable[Source | DocumentError], workers: int = 1,
                pipeline: Pipeline | None = None, max_chars: int | None = MAX_CHARS) -> Iterator[dict]:
    """The contract record of every source, in input order. With ``workers`` > 1 each worker
    process rebuilds ``pipeline`` (or a default one) from its spec. A text longer than
    ``max_chars`` (None: no limit) becomes its document's error."""
    sources = iter(sources) if max_chars is None else (too_long(s, max_chars) for s in sources)
    pipeline = pipeline or Pipeline()
    if workers > 1:
        first = list(islice(sources, BATCH + 1))
        if len(first) > 1:
            # batches small enough that every worker gets some, however short the input
            size = max(1, min(BATCH, len(first) // workers))
            ctx = mp.get_context("spawn" if mp.get_start_method(allow_none=True) == "spawn" else "fork")
            with ctx.Pool(workers, initializer=_init_worker, initargs=(pipeline.spec,)) as pool:
                for batch in pool.imap(_process_batch, _batches(chain(first, sources), size)):
                    yield from batch
            return
        sources = iter(first)
    for i, doc in enumerate(pipeline.pipe(sources, BATCH)):
        if i == 0:  # the first batch is done
            freeze_long_lived()
        yield record(doc)
