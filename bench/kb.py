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
    from svodka.kb import KnowledgeBase
    sources = [s for s in iter_sources([str(p) for p in paths]) if hasattr(s, "text")]
    warmup = [s for s in iter_sources([str(data / "nerel" / "train")]) if hasattr(s, "text")][:8]
    chars = sum(len(s.text) for s in sources)
    print(f"{len(sources)} documents, {chars / 1000:.0f}k characters")

    from svodka.scale import process_all
    pipeline = fresh_pipeline(warmup)
    t = time.perf_counter()
    for _ in process_all(sources, pipeline=pipeline):  # as `svodka extract` runs, batches and all
        pass
    bare = time.perf_counter() - t
    print(f"bare extraction: {bare:.1f} s, {len(sources) / bare:.1f} docs/s")

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db or Path(tmp) / "bench.db")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        kb = KnowledgeBase(db, pipeline=fresh_pipeline(warmup))
        t = time.perf_counter()
        report = kb.ingest([str(p) for p in paths])
        ingest = time.perf_counter() - t
        print(f"ingest: {ingest:.1f} s, {len(report.added) / ingest:.1f} docs/s "
              f"({len(report.added)} stored, {len(report.failed)} failed) = "
              f"{100 * bare / ingest:.0f} % of bare extraction speed")
        t = time.perf_counter()
        again = kb.ingest([str(p) for p in paths])
        print(f"re-ingest of unchanged documents: {time.perf_counter() - t:.2f} s, {len(again.skipped)} skipped")
        counts = kb.counts()
        print("store: " + ", ".join(f"{k} {v}" for k, v in counts.items() if "." not in k)
              + f", {db.stat().st_size / 1e6:.1f} MB")

        rng = random.Random(6)
        texts = [s.text for s in sources]
        from svodka.kb.text import words
        vocab = [[w for _, _, w in words(tx) if len(w) > 3 and not w.isdigit()] for tx in texts]
        queries = []
        while len(queries) < args.queries:
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

        # Entity lookup by the words a text used for it («Токаева», «Казахстане»): is the first
        # answer the KB entity that mention is linked to?
        mentions = list(kb.store.con.execute(
            "SELECT substr(d.text, m.start + 1, m.\"end\" - m.start), e.kb_id FROM mention m "
            "JOIN entity e ON e.doc_id = m.doc_id AND e.id = m.entity_id JOIN document d ON d.id = m.doc_id"))
        sample = rng.sample(mentions, min(args.queries, len(mentions)))
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
        kb.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
