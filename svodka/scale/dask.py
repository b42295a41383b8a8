"""The Dask runner: documents read on a cluster (``dask scheduler`` + ``dask worker``, a
``LocalCluster``, Kubernetes, YARN or an HPC queue: the same code) instead of one machine.

The client reads the inputs (``svodka.read``: the same ids, dates and read errors as a local run)
and cuts them into partitions as it goes (``partitions``); at most ``window`` partitions are in
flight, so a million documents never sit in the client's memory at once. Each task carries its
partition's sources and the caller's ``PipelineSpec``; a worker process builds that pipeline once
and keeps it (``worker_pipeline``; the ``LoadModels`` plugin builds it when the worker starts).

Two ways out of a partition: ``extract`` has the worker write the partition's tables itself and
its marker last (scale/output.py), so a rerun skips what is complete; ``process_all`` returns the
records to the client in input order, the runner seam ``kb`` ingests through.

A task whose worker dies is run again by the scheduler on another worker; writing a partition
twice replaces its files, so every document is there once."""
from __future__ import annotations

import ctypes
import hashlib
import os
import threading
import uuid
import zlib
from collections import deque
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Callable, Iterable, Iterator

import cloudpickle
from distributed import Client, LocalCluster, WorkerPlugin, as_completed

from svodka.document import DocumentError
from svodka.pipeline import Models, Pipeline, PipelineSpec
from svodka.read import Source
from svodka.scale.local import BATCH, MAX_CHARS, freeze_long_lived, record, too_long
from svodka.scale.output import Output

BLAS_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
PARTITION = 128  # documents a partition holds on average: ~6 s of one core's work
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters
Finish = Callable[[dict, Pipeline], Any]
# a batch of finished records in, what comes back to the client out; runs on the worker
Sink = Callable[[list], list]
_pipelines: dict[bytes, Pipeline] = {}
_models: Models | None = None
_lock = threading.Lock()


# -- the cluster -----------------------------------------------------------------------------------

def connect(scheduler: str | None = None, local: int | None = None) -> Client:
    """A client of the scheduler at ``scheduler`` (``tcp://host:8786``), or of a new cluster of
    ``local`` worker processes on this machine (one thread each: the NLP is bound by the GIL, so
    more threads in one process only share one core). Workers start with one BLAS thread."""
    if scheduler:
        return Client(scheduler, timeout="15s")
    blas = {v: "1" for v in BLAS_VARS}
    cluster = LocalCluster(n_workers=local or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                           env=blas, dashboard_address=":0")
    return Client(cluster)


def dashboard(client: Client) -> str:
    """Where the dashboard is, and what it needs when this machine cannot serve it."""
    try:
        import bokeh  # noqa: F401 - distributed serves its pages with bokeh
    except ImportError:
        return f"{client.dashboard_link} (pages need `pip install bokeh` on the scheduler)"
    return client.dashboard_link


class LoadModels(WorkerPlugin):
    """Builds the pipeline and loads its models when a worker starts (and when a dead worker's
    replacement starts), so no task pays for the load. Registered once per run."""

    name = "svodka-models"

    def __init__(self, spec: PipelineSpec):
        self.spec = spec

    def setup(self, worker) -> None:
        warm_up(self.spec)


def warm_up(spec: PipelineSpec) -> None:
    """One short document through the pipeline: every model is then loaded and the long-lived
    objects frozen out of the collector's sight, as in a local run."""
    pipeline = worker_pipeline(spec)
    with _lock:
        list(pipeline.pipe([Source("warm-up", "warm-up", "Президент России встретился в Москве.")]))
        freeze_long_lived()


def worker_pipeline(spec: PipelineSpec) -> Pipeline:
    """This process's pipeline for ``spec``, built on first use and kept: models load once per
    worker process, however many tasks it runs. Every task unpickles its own copy of the spec,
    so the cache is keyed by what the spec pickles to, not by the object (a custom recognizer
    need not define equality); all pipelines of a process share one ``Models``."""
    global _models
    for var in BLAS_VARS:  # effective only if numpy is not loaded yet; `dask worker`'s nanny sets them
        os.environ.setdefault(var, "1")
    key = cloudpickle.dumps(spec)
    with _lock:
        if key not in _pipelines:
            if _models is None:
                relax_malloc_trim()
            _models = _models or Models()
            _pipelines[key] = spec.build(_models)
        return _pipelines[key]


def relax_malloc_trim() -> None:
    """Dask's nanny starts a worker with ``MALLOC_TRIM_THRESHOLD_=65536``: glibc then hands freed
    memory back to the system as soon as 64 KB are free at the top of the heap, and (a threshold
    being set) maps every block over 128 KB afresh. The pipeline allocates and frees large arrays
    and lists all the time: measured here, a worker read 4.3 docs/s where the same code in a
    plain process read 5.1. Both thresholds raised (64 MB, 32 MB) in the worker, whatever started
    it, it reads as fast as a plain process; a no-op where the variable is not set."""
    if os.environ.get("MALLOC_TRIM_THRESHOLD_") is None:
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(M_TRIM_THRESHOLD, 64 << 20)
        libc.mallopt(M_MMAP_THRESHOLD, 32 << 20)  # fixed at 128 KB once the trim threshold is set
    except (OSError, AttributeError):  # not glibc: nothing to relax
        pass


def _extract_records(spec: PipelineSpec, sources: list) -> list[dict]:
    pipeline = worker_pipeline(spec)
    with _lock:  # a worker started with several threads still runs one pipeline at a time
        records = [record(d) for d in pipeline.pipe(sources, BATCH)]
        freeze_long_lived()
    return records


# -- partitions ------------------------------------------------------------------------------------

@dataclass
class Part:
    """Consecutive sources, named by a digest of what they are: the same input gives the same
    partitions and names on every run."""

    pid: str
    sources: list = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [s.source or s.id for s in self.sources]


def partitions(sources: Iterable[Source | DocumentError], size: int = PARTITION, salt: str = "") -> Iterator[Part]:
    """Sources cut where a source's own id says so (its checksum modulo ``size``; at the latest
    after ``4 * size``), as content-defined chunking cuts a file: a document added to or dropped
    from a folder changes only the partition it falls in, and the others are still complete."""
    current: list = []
    for src in sources:
        current.append(src)
        if zlib.crc32(str(src.id).encode("utf-8")) % size == 0 or len(current) >= 4 * size:
            yield _part(current, salt)
            current = []
    if current:
        yield _part(current, salt)


def _part(sources: list, salt: str) -> Part:
    digest = hashlib.blake2b(salt.encode("utf-8"), digest_size=10)
    for s in sources:
        content = s.error if isinstance(s, DocumentError) else f"{s.date}\n{s.text}"
        for piece in (str(s.id), str(s.source), content):
            digest.update(piece.encode("utf-8", "surrogatepass") + b"\0")
    return Part(digest.hexdigest(), list(sources))


def spec_salt(spec: PipelineSpec, *extra: str) -> str:
    """What else decides a partition's output: svodka's version, the stages, the recognizer."""
    from importlib.metadata import PackageNotFoundError, version
    try:
        __version__ = version("svodka")
    except PackageNotFoundError:  # run from a source tree
        __version__ = ""
    recognizer = spec.recognizer
    name = "" if recognizer is None else f"{type(recognizer).__module__}.{type(recognizer).__qualname__}"
    return "|".join((__version__, ",".join(spec.stages), name, *extra))


# -- running ---------------------------------------------------------------------------------------

def submit_window(client: Client, parts: Iterable[Part], task: Callable, args: tuple, window: int,
                  ordered: bool) -> Iterator[tuple[Part, Any]]:
    """Each partition's task result (or the exception it ended with), at most ``window`` in
    flight; in input order when ``ordered``, else as they finish. Task names carry a token of
    this run, so two runs on one cluster never share a task."""
    run = uuid.uuid4().hex[:8]
    pending: deque = deque()
    finished = None if ordered else as_completed()
    for part in parts:
        future = client.submit(task, part.pid, part.sources, *args, key=f"svodka-{run}-{part.pid}")
        pending.append((part, future))
        if finished is not None:
            finished.add(future)
        while len(pending) >= window:
            yield _take(pending, finished)
    while pending:
        yield _take(pending, finished)


def _take(pending: deque, finished: as_completed | None) -> tuple[Part, Any]:
    if finished is None:
        part, future = pending.popleft()
    else:
        done = next(finished)
        index = next(i for i, (_, f) in enumerate(pending) if f is done)
        part, future = pending[index]
        del pending[index]
    try:
        result = future.result()
    except Exception as e:  # noqa: BLE001 - a failed partition is reported, the run goes on
        result = e
    future.release()
    return part, result


def default_window(client: Client) -> int:
    """Two partitions per worker thread in flight: each worker has the next one waiting."""
    threads = sum(client.nthreads().values()) or 1
    return 2 * threads + 2


# -- the two ways out ------------------------------------------------------------------------------

def process_all(sources: Iterable[Source | DocumentError], client: Client, pipeline: Pipeline | None = None,
                size: int = BATCH, window: int | None = None, finish: Finish | None = None,
                max_chars: int | None = MAX_CHARS, sink: Sink | None = None) -> Iterator[Any]:
    """The contract record of every source, in input order, extracted on the cluster: the runner
    seam of ``scale.local.process_all`` with a client in place of a worker count. ``finish(record,
    pipeline)``, when given, runs on the worker and its result comes back in the record's place:
    work the client would otherwise do for every record (an ingest's lemmas) spreads over the
    cluster with the extraction. ``sink(records)``, when given, runs on the worker over each batch
    of ``size`` finished records and what it returns comes back instead (an ingest into a server
    database writes there from the workers and sends back only what happened)."""
    spec = (pipeline or Pipeline()).spec
    if max_chars is not None:  # a longer text is its document's error, as in a local run
        sources = (too_long(s, max_chars) for s in sources)
    parts = (Part(str(n), chunk) for n, chunk in enumerate(_chunks(iter(sources), size)))
    for part, result in submit_window(client, _registering(client, spec, parts), _records_task, (spec, finish, sink),
                                      window or default_window(client), ordered=True):
        if isinstance(result, Exception):
            yield from (failed(s, result) for s in part.sources)
        else:
            yield from result


@dataclass
class Runner:
    """``process_all`` bound to a client: what ``KnowledgeBase.ingest`` takes as its runner."""

    client: Client
    size: int = BATCH

    def __call__(self, sources: Iterable, pipeline: Pipeline | None = None,
                 finish: Finish | None = None, sink: Sink | None = None) -> Iterator[Any]:
        return process_all(sources, self.client, pipeline, self.size, finish=finish, sink=sink)


@dataclass
class RunReport:
    """What an ``extract`` run did: partitions written, skipped as complete, failed; error rows."""

    parts: int = 0
    documents: int = 0
    skipped_parts: int = 0
    skipped_documents: int = 0
    removed_parts: int = 0
    errors: list = field(default_factory=list)  # [id, source, problem] of each error row
    failed_parts: list = field(default_factory=list)  # (first source, problem) of a partition not written

    @property
    def failed(self) -> bool:
        return bool(self.errors or self.failed_parts)


def extract(sources: Iterable[Source | DocumentError], out: str, client: Client, pipeline: Pipeline | None = None,
            fmt: str = "parquet", size: int = PARTITION, window: int | None = None,
            on_part: Callable[[RunReport], None] | None = None, max_chars: int | None = MAX_CHARS) -> RunReport:
    """Every source extracted on the cluster and written to ``out`` (scale/output.py) by the
    workers, one partition at a time; partitions complete from an earlier run are skipped, and
    partitions of an earlier run whose sources now fall in other partitions are removed."""
    spec = (pipeline or Pipeline()).spec
    if max_chars is not None:
        sources = (too_long(s, max_chars) for s in sources)
    output = Output.open(out)
    done = output.done()
    report, planned, names = RunReport(), set(), set()

    def todo() -> Iterator[Part]:
        for part in partitions(sources, size, spec_salt(spec, fmt)):
            planned.add(part.pid)
            names.update(part.names)
            if part.pid in done:
                report.skipped_parts += 1
                report.skipped_documents += len(part.sources)
                continue
            yield part

    for part, result in submit_window(client, _registering(client, spec, todo()), _extract_part,
                                      (spec, output.location, fmt), window or default_window(client), ordered=False):
        if isinstance(result, Exception):
            report.failed_parts.append((part.names[0], f"{type(result).__name__}: {result}"))
        else:
            report.parts += 1
            report.documents += result["documents"]
            report.errors += result["errors"]
        if on_part:
            on_part(report)
    if not report.failed_parts:
        for pid, marker in done.items():
            if pid not in planned and names.intersection(marker.get("sources", ())):
                output.remove(pid, marker)
                report.removed_parts += 1
    return report


def failed(src: Source | DocumentError, problem: Exception) -> dict:
    """The error record of a source whose partition failed on the cluster as a whole."""
    return DocumentError(src.id, src.source, f"processing failed on the cluster: {type(problem).__name__}: "
                                             f"{problem}").to_dict()


def _registering(client: Client, spec: PipelineSpec, parts: Iterator[Part]) -> Iterator[Part]:
    """The partitions, with the model-loading plugin registered before the first is sent (and
    never when there is nothing to do)."""
    for n, part in enumerate(parts):
        if n == 0:
            client.register_plugin(LoadModels(spec))
        yield part


def _chunks(sources: Iterator, size: int) -> Iterator[list]:
    while chunk := list(islice(sources, size)):
        yield chunk


# -- what a worker runs ----------------------------------------------------------------------------

def _records_task(pid: str, sources: list, spec: PipelineSpec, finish: Finish | None, sink: Sink | None) -> list:
    records = _extract_records(spec, sources)
    if finish is not None:
        pipeline = worker_pipeline(spec)
        with _lock:
            records = [finish(r, pipeline) for r in records]
    return records if sink is None else sink(records)


def _extract_part(pid: str, sources: list, spec: PipelineSpec, location: str, fmt: str) -> dict:
    records = _extract_records(spec, sources)
    output = Output.open(location)
    files = output.write_part(pid, records, fmt)
    errors = [[r.get("id"), r.get("source"), r["error"]] for r in records if "error" in r]
    output.mark(pid, {"documents": len(records), "errors": errors, "files": files,
                      "sources": [s.source or s.id for s in sources]})
    return {"documents": len(records), "errors": errors}
