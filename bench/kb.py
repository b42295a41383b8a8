"""Knowledge-base benchmark: what the store adds to extraction, and how fast search answers.

    python bench/kb.py [--shared ../shared] [--queries 1000]

Ingests the factRuEval devset and NEREL dev texts into a fresh SQLite file and compares its
docs/s with bare extraction of the same documents (each run with a fresh pipeline warmed up on
other texts, so neither inherits the other's caches); then times 1,000 searches of one to three
words taken, in the forms they were written, from those texts, and 1,000 entity lookups by the
words a mention used («Токаева»). Skips, saying why, without ../shared."""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):  # as `svodka` runs
    os.environ.setdefault(_var, "1")
sys.path.insert(0, str(ROOT))


def fresh_pipeline(warmup: list):
    from svodka.pipeline import Pipeline
    p = Pipeline()
    for src in warmup:
        p.process(src)
    return p


def percentile(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--db", help="keep the store here (default: a temporary file)")
    args = ap.parse_args()
    data = Path(args.shared) / "data"
    paths = [data / "factrueval-2016" / "devset", data / "nerel" / "dev"]
    if not all(p.is_dir() for p in paths):
        print(f"skipped: the factRuEval devset and NEREL dev are not at {data} (pass --shared)")
        return 0
    from svodka.read import iter_sources
    sources = [s for s in iter_sources([str(p) for p in paths]) if hasattr(s, "text")]
    warmup = [s for s in iter_sources([str(data / "nerel" / "train")]) if hasattr(s, "text")][:8]
    print(f"{len(sources)} documents, {sum(len(s.text) for s in sources) / 1000:.0f}k characters")
    bare = bare_extraction(sources, warmup)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db or Path(tmp) / "bench.db")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        from svodka.kb import KnowledgeBase
        with KnowledgeBase(db, pipeline=fresh_pipeline(warmup)) as kb:
            ingest(kb, [str(p) for p in paths], bare, db)
            rng = random.Random(6)
            search(kb, [s.text for s in sources], rng, args.queries)
            lookup(kb, [s.id for s in sources], rng, args.queries)
    return 0


def bare_extraction(sources, warmup) -> float:
    from svodka.scale import process_all
    pipeline = fresh_pipeline(warmup)
    t = time.perf_counter()
    for _ in process_all(sources, pipeline=pipeline):  # as `svodka extract` runs, batches and all
        pass
    bare = time.perf_counter() - t
    print(f"bare extraction: {bare:.1f} s, {len(sources) / bare:.1f} docs/s")
    return bare


def ingest(kb, paths: list[str], bare: float, db: Path) -> None:
    t = time.perf_counter()
    report = kb.ingest(paths)
    took = time.perf_counter() - t
    print(f"ingest: {took:.1f} s, {len(report.added) / took:.1f} docs/s "
          f"({len(report.added)} stored, {len(report.failed)} failed) = "
          f"{100 * bare / took:.0f} % of bare extraction speed")
    t = time.perf_counter()
    again = kb.ingest(paths)
    print(f"re-ingest of unchanged documents: {time.perf_counter() - t:.2f} s, {len(again.skipped)} skipped")
    counts = kb.counts()
    print("store: " + ", ".join(f"{k} {v}" for k, v in counts.items() if "." not in k)
          + f", {db.stat().st_size / 1e6:.1f} MB")


def search(kb, texts: list[str], rng: random.Random, n: int) -> None:
    from svodka.kb.text import words
    vocab = [[w for _, _, w in words(tx) if len(w) > 3 and not w.isdigit()] for tx in texts]
    queries = []
    while len(queries) < n:
        ws = rng.choice(vocab)
        if ws:
            i = rng.randrange(len(ws))
            queries.append(" ".join(ws[i:i + rng.randint(1, 3)]))
    latencies, empty = [], 0
    for q in queries:
        t = time.perf_counter()
        hits = kb.search(q)
        latencies.append((time.perf_counter() - t) * 1000)
        empty += not hits
    print(f"search: {len(queries)} queries, p50 {percentile(latencies, 0.5):.1f} ms, "
          f"p95 {percentile(latencies, 0.95):.1f} ms, mean {statistics.mean(latencies):.1f} ms, "
          f"{empty} found nothing")


def lookup(kb, doc_ids: list[str], rng: random.Random, n: int) -> None:
    """Entity lookup by the words a text used for it («Токаева», «Казахстане»): is the first
    answer the KB entity that mention is linked to?"""
    mentions = [(m["text"], e["kb_id"]) for d in doc_ids for e in kb.document(d)["entities"] for m in e["mentions"]]
    sample = rng.sample(mentions, min(n, len(mentions)))
    latencies, first, anywhere = [], 0, 0
    for surface, kb_id in sample:
        t = time.perf_counter()
        found = kb.entities(surface)
        latencies.append((time.perf_counter() - t) * 1000)
        first += bool(found) and found[0].id == kb_id
        anywhere += any(e.id == kb_id for e in found)
    print(f"entity lookup by mention text: {len(sample)} names, p50 {percentile(latencies, 0.5):.1f} ms, "
          f"p95 {percentile(latencies, 0.95):.1f} ms; its own entity first for {100 * first / len(sample):.0f} %, "
          f"among the answers for {100 * anywhere / len(sample):.0f} %")


if __name__ == "__main__":
    sys.exit(main())
