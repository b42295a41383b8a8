"""`make bench`: the Dask engine beside single-process extraction, on the same ≥ 1,000 documents
in one run (this machine's absolute times are noisy; the ratios are what counts).

Prints docs/s of the plain run (``process_all`` in this process, what `svodka extract` does), of
`svodka extract --engine dask --out` on a LocalCluster of 1 and of 2 worker processes (one thread
each, writing Parquet), the scaling efficiency (2-worker docs/s ÷ (2 × 1-worker docs/s)) and
Dask's overhead over the plain run with one worker. Every engine reads a few documents first,
unmeasured, so model loading is outside the timings; the engines take turns over slices of the
documents, so a shared machine's load falls on each alike (the load average is printed too).

The corpus is factRuEval's devset and NEREL train and dev (962 texts), topped up to ``--docs``
with repeats of the first texts under other ids (every engine gets exactly the same list)."""
from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
# this file is called dask.py: its folder, first on the path, would shadow the dask package
sys.path[0] = str(ROOT)


def corpus(shared: Path, n: int) -> list:
    from svodka.read import Source
    dirs = [shared / "data" / "factrueval-2016" / "devset", shared / "data" / "nerel" / "train",
            shared / "data" / "nerel" / "dev"]
    files = sorted(f for d in dirs if d.is_dir() for f in d.glob("*.txt"))
    if not files:
        sys.exit(f"no documents under {shared / 'data'}: the benchmark reads ../shared/data")
    texts = [(f.stem, f.read_text(encoding="utf-8")) for f in files]
    docs = [Source(stem, stem, text) for stem, text in texts]
    while len(docs) < n:
        stem, text = texts[len(docs) % len(texts)]
        docs.append(Source(f"{stem}#{len(docs)}", stem, text))
    return docs[:max(n, len(texts))]


def clusters(stack: contextlib.ExitStack, sizes: tuple[int, ...]) -> dict:
    """A client of a fresh LocalCluster per size, every worker's models loaded (untimed)."""
    from distributed import Client, LocalCluster

    from svodka.scale import dask as engine
    clients = {}
    for n in sizes:
        cluster = stack.enter_context(LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                                   dashboard_address=":0"))
        clients[n] = stack.enter_context(Client(cluster))
    return clients


def timed_plain(pipeline, docs: list) -> float:
    from svodka.scale import process_all
    t0 = time.perf_counter()
    for _record in process_all(docs, 1, pipeline):
        pass
    return time.perf_counter() - t0


def timed_dask(client, docs: list, partition: int) -> float:
    """`svodka extract --engine dask --out` as the command runs it: Parquet written by the workers."""
    from svodka.scale import dask as engine
    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        report = engine.extract(docs, out, client, size=partition)
        seconds = time.perf_counter() - t0
    assert report.documents == len(docs) and not report.failed_parts, report
    return seconds


def measure(docs: list, chunks: int, partition: int) -> dict[str, float]:
    """docs/s of each engine over all ``docs``, taken in ``chunks`` slices in turn (plain, 1
    worker, 2 workers, plain, ...), so that the load other processes put on a shared machine
    falls on every engine alike rather than on whichever ran while it peaked."""
    from svodka.pipeline import Pipeline
    from svodka.scale import dask as engine
    from svodka.scale import process_all
    pipeline = Pipeline()
    list(process_all(docs[:20], 1, pipeline))  # models load untimed
    seconds = {"plain": 0.0, 1: 0.0, 2: 0.0}
    with contextlib.ExitStack() as stack:
        clients = clusters(stack, (1, 2))
        for client in clients.values():
            with tempfile.TemporaryDirectory() as warm:
                engine.extract(docs[:20], warm, client, size=4)  # every worker loads its models untimed
        size = -(-len(docs) // chunks)
        for i in range(0, len(docs), size):
            part = docs[i:i + size]
            seconds["plain"] += timed_plain(pipeline, part)
            for n, client in clients.items():
                seconds[n] += timed_dask(client, part, partition)
        rss = {n: max(c.run(lambda: __import__("psutil").Process().memory_info().rss / 2**20).values())
               for n, c in clients.items()}
    print(f"  worker memory after the run: {max(rss.values()):.0f} MB resident", flush=True)
    return {k: len(docs) / v for k, v in seconds.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--chunks", type=int, default=4, help="turns the engines take over the documents")
    ap.add_argument("--partition", type=int, default=32, help="documents per task (32: ~30 tasks for 2 workers)")
    args = ap.parse_args()
    docs = corpus(args.shared, args.docs)
    print(f"{len(docs)} documents, {os.cpu_count()} cores, partitions of ~{args.partition}, "
          f"in {args.chunks} turns", flush=True)
    rate = measure(docs, args.chunks, args.partition)
    plain, one, two = rate["plain"], rate[1], rate[2]
    print(f"single process (svodka extract)  {plain:7.1f} docs/s")
    print(f"dask, 1 worker  (--out parquet)  {one:7.1f} docs/s")
    print(f"dask, 2 workers (--out parquet)  {two:7.1f} docs/s")
    print(f"scaling efficiency 2 workers     {two / (2 * one):7.0%}   (2-worker ÷ 2 × 1-worker)")
    print(f"dask overhead, 1 worker          {plain / one - 1:7.1%}   (plain ÷ 1-worker − 1; aim < 15 %)")
    print(f"load average during the run      {os.getloadavg()[0]:7.1f}   (on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
