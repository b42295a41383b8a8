"""`make bench`: the Dask engine beside single-process extraction, on the same ≥ 1,000 documents
in one run (this machine's absolute times are noisy; the ratios are what counts).

Prints docs/s of the plain run (``process_all`` in this process, what `svodka extract` does), of
`svodka extract --engine dask --out` on a LocalCluster of 1 and of 2 worker processes (one thread
each, writing Parquet), the scaling efficiency (2-worker docs/s ÷ (2 × 1-worker docs/s)) and
Dask's overhead over the plain run with one worker. Every engine reads a few documents first,
unmeasured, so model loading is outside the timings; each timed run is the best of ``--rounds``.

The corpus is factRuEval's devset and NEREL train and dev (962 texts), topped up to ``--docs``
with repeats of the first texts under other ids (every engine gets exactly the same list)."""
from __future__ import annotations

import argparse
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


def plain_rate(docs: list, rounds: int) -> float:
    from svodka.pipeline import Pipeline
    from svodka.scale import process_all
    pipeline = Pipeline()
    list(process_all(docs[:20], 1, pipeline))  # models load untimed
    best = 0.0
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _record in process_all(docs, 1, pipeline):
            pass
        best = max(best, len(docs) / (time.perf_counter() - t0))
    return best


def dask_rate(docs: list, workers: int, rounds: int, partition: int) -> float:
    """`svodka extract --engine dask --out` as the command runs it, on a fresh cluster."""
    from distributed import Client, LocalCluster

    from svodka.scale import dask as engine
    blas = {v: "1" for v in engine.BLAS_VARS}
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                      env=blas) as cluster, Client(cluster) as client:
        with tempfile.TemporaryDirectory() as warm:
            engine.extract(docs[:20], warm, client, size=4)  # every worker loads its models untimed
        best = 0.0
        for _ in range(rounds):
            with tempfile.TemporaryDirectory() as out:
                t0 = time.perf_counter()
                report = engine.extract(docs, out, client, size=partition)
                seconds = time.perf_counter() - t0
            assert report.documents == len(docs) and not report.failed_parts, report
            best = max(best, len(docs) / seconds)
        rss = client.run(lambda: __import__("psutil").Process().memory_info().rss / 2**20)
        print(f"  worker memory after the run: {max(rss.values()):.0f} MB resident", flush=True)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--partition", type=int, default=32, help="documents per task (32: ~30 tasks for 2 workers)")
    args = ap.parse_args()
    docs = corpus(args.shared, args.docs)
    print(f"{len(docs)} documents, {os.cpu_count()} cores, partitions of ~{args.partition}", flush=True)
    plain = plain_rate(docs, args.rounds)
    print(f"single process (svodka extract)  {plain:7.1f} docs/s", flush=True)
    one = dask_rate(docs, 1, args.rounds, args.partition)
    print(f"dask, 1 worker  (--out parquet)  {one:7.1f} docs/s", flush=True)
    two = dask_rate(docs, 2, args.rounds, args.partition)
    print(f"dask, 2 workers (--out parquet)  {two:7.1f} docs/s", flush=True)
    print(f"scaling efficiency 2 workers     {two / (2 * one):7.0%}   (2-worker ÷ 2 × 1-worker)")
    print(f"dask overhead, 1 worker          {plain / one - 1:7.1%}   (plain ÷ 1-worker − 1; aim < 15 %)")


if __name__ == "__main__":
    main()
