"""Runners: documents in, contract records out, in input order. ``local`` runs in this process or
a pool of worker processes on this machine; ``dask`` (imported on its own, it needs the dask
extra) on a Dask cluster, with a client in place of a worker count, and writes partitioned
tables (``output``, ``tables``). Every runner rebuilds the caller's pipeline from its picklable
``PipelineSpec``."""
from svodka.scale.local import BATCH, MAX_CHARS, freeze_long_lived, process_all

__all__ = ["BATCH", "MAX_CHARS", "freeze_long_lived", "process_all"]
