"""Runners: documents in, contract records out, in input order. ``local`` runs in this process or
a pool of worker processes on this machine; a distributed runner (Dask) takes the same
arguments. Every runner rebuilds the caller's pipeline from its picklable ``PipelineSpec``."""
from svodka.scale.local import BATCH, MAX_CHARS, freeze_long_lived, process_all

__all__ = ["BATCH", "MAX_CHARS", "freeze_long_lived", "process_all"]
