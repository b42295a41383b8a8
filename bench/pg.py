"""PostgreSQL beside SQLite, on the same documents, in the same run (`make bench`).

    python bench/pg.py [--shared ../shared] [--server URL] [--scale N] [--queries 300]

1. Ingest: the factRuEval devset and NEREL dev texts, extracted and stored by ``KnowledgeBase.ingest``
   into a new SQLite file and a new PostgreSQL schema, in turns (twice each, so the machine's
   load falls on both alike): docs/s and PostgreSQL's share of SQLite's.
2. The store alone: the records that ingest stored (dumped, lemmas included) written again into
   new stores, batches of 32, entity linking included: docs/s of each.
3. ``--scale N`` (e.g. 100000): those documents and NEREL train's, extracted once, then copied at
   the store level with new ids and dates until there are N, written into each backend in
   batches of 500; then search (1–3 words from the texts, in the forms they were written),
   entity profile and track latencies (p50/p95) through ``KnowledgeBase``, and each database's
   size. Says how long extracting, generating and loading took.

The server is $SVODKA_TEST_POSTGRES or postgresql://postgres@127.0.0.1:5432/test; each run works
in schemas of its own and drops them. Skips, saying why, without ../shared or the server."""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):  # as `svodka` runs
    os.environ.setdefault(_var, "1")
sys.path.insert(0, str(ROOT))

SERVER = os.environ.get("SVODKA_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


def percentile(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


class Places:
    """New store locations, a SQLite file in a temporary folder or a PostgreSQL schema; all
    removed at the end."""

    def __init__(self, server: str, folder: Path):
        self.server, self.folder, self.schemas = server, folder, []

    def new(self, backend: str) -> str:
        if backend == "sqlite":
            return str(self.folder / f"{uuid.uuid4().hex[:8]}.db")
        self.schemas.append(f"bench_{uuid.uuid4().hex[:12]}")
        return f"{self.server}?schema={self.schemas[-1]}"

    def size_mb(self, location: str) -> float:
        import psycopg
        if "schema=" not in location:
            return sum(p.stat().st_size for p in Path(location).parent.glob(Path(location).name + "*")) / 1e6
        with psycopg.connect(self.server) as con:
            return float(con.execute("SELECT SUM(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n "
                               "ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind = 'r'",
                               (location.rsplit("schema=", 1)[1],)).fetchone()[0]) / 1e6

    def drop(self) -> None:
        import psycopg
        from psycopg import sql
        with psycopg.connect(self.server, autocommit=True) as con:
            for schema in self.schemas:
                con.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def fresh_pipeline(warmup: list):
    from svodka.pipeline import Pipeline
    p = Pipeline()
    for src in warmup:
        p.process(src)
    return p


def ingest_speed(places: Places, paths: list[str], warmup: list) -> str:
    """Extract-and-store rates, in turns; returns the last SQLite location (what was stored)."""
    from svodka.kb import KnowledgeBase
    rates = {"sqlite": [], "postgres": []}
    kept = ""
    for backend in ("sqlite", "postgres", "sqlite", "postgres"):
        where = places.new(backend)
        with KnowledgeBase(where, pipeline=fresh_pipeline(warmup)) as kb:
            t = time.perf_counter()
            report = kb.ingest(paths)
            rates[backend].append(len(report.added) / (time.perf_counter() - t))
        kept = where if backend == "sqlite" else kept
    s, p = max(rates["sqlite"]), max(rates["postgres"])
    print(f"1. ingest ({len(report.added)} documents, extraction included): SQLite {s:.1f} docs/s, "
          f"PostgreSQL {p:.1f} docs/s = {100 * p / s:.0f} % (runs: "
          + ", ".join(f"{b} {r:.1f}" for b, rs in rates.items() for r in rs) + ")")
    return kept


def stored_records(location: str) -> list:
    from svodka import store as stores
    s = stores.open(location, readonly=True)
    try:
        _, docs = s.dump()
        return [d.record for d in docs]
    finally:
        s.close()


def write_all(location: str, records: list, batch: int) -> float:
    """Seconds to write these records into a new store at ``location``, ``batch`` a transaction."""
    from svodka import store as stores
    s = stores.open(location)
    try:
        t = time.perf_counter()
        for i in range(0, len(records), batch):
            s.write(records[i:i + batch])
        return time.perf_counter() - t
    finally:
        s.close()


def store_speed(places: Places, records: list) -> None:
    rates = {"sqlite": [], "postgres": []}
    for backend in ("sqlite", "postgres", "sqlite", "postgres"):
        rates[backend].append(len(records) / write_all(places.new(backend), records, 32))
    s, p = max(rates["sqlite"]), max(rates["postgres"])
    print(f"2. the store alone ({len(records)} documents, batches of 32, linking included): "
          f"SQLite {s:.0f} docs/s, PostgreSQL {p:.0f} docs/s = {100 * p / s:.0f} %")


def copies(base: list, n: int, rng: random.Random):
    """``n`` records: the base ones, then copies with new ids and dates (2015–2025) and digests."""
    from svodka.store.records import DocumentRecord
    for i in range(n):
        r, k = base[i % len(base)], i // len(base)
        if k == 0:
            yield r
            continue
        date = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        doc = dict(r.doc, id=f"{r.doc['id']}~{k}", date=date)
        yield DocumentRecord(doc, f"{r.digest}~{k}", r.lemmas, r.metric_lemmas)


def scale(places: Places, paths: list[str], warmup: list, n: int, queries: int,
          backends: tuple[str, ...] = ("sqlite", "postgres")) -> None:
    from svodka.kb import KnowledgeBase
    from svodka.read import iter_sources
    where = places.new("sqlite")
    t = time.perf_counter()
    with KnowledgeBase(where, pipeline=fresh_pipeline(warmup)) as kb:
        kb.ingest(paths)
    base = stored_records(where)
    print(f"3. {n} documents from {len(base)} unique ones: extracting them took {time.perf_counter() - t:.0f} s")
    t = time.perf_counter()
    records = list(copies(base, n, random.Random(16)))
    print(f"   generating {n} records (new ids and dates) took {time.perf_counter() - t:.1f} s")
    texts = [s.text for s in iter_sources(paths) if hasattr(s, "text")]
    for backend in backends:
        location = places.new(backend)
        took = write_all(location, records, 500)
        print(f"   {backend}: loading took {took:.0f} s ({n / took:.0f} docs/s), "
              f"size {places.size_mb(location):.0f} MB")
        latencies(location, texts, queries)


def latencies(location: str, texts: list[str], n: int) -> None:
    from svodka.kb import KnowledgeBase
    from svodka.kb.text import words
    rng = random.Random(6)
    vocab = [[w for _, _, w in words(tx) if len(w) > 3 and not w.isdigit()] for tx in texts]
    with KnowledgeBase(location, readonly=True) as kb:
        asks = []
        while len(asks) < n:
            ws = rng.choice(vocab)
            if ws:
                i = rng.randrange(len(ws))
                asks.append(" ".join(ws[i:i + rng.randint(1, 3)]))
        names = [e.name for e in kb.top_entities(n // 2)] + [name for _, name in rng.sample(kb.store.names(), n // 2)]
        metrics = [m for m, _ in kb.metrics()][:50]
        timed = {"search": (kb.search, asks), "profile": (kb.entity, names),
                 "track": (lambda m: kb.track(m, []), [rng.choice(metrics) for _ in range(min(n, 100))])}
        out = []
        for what, (call, args) in timed.items():
            ms = []
            for a in args:
                t = time.perf_counter()
                call(a)
                ms.append((time.perf_counter() - t) * 1000)
            out.append(f"{what} p50 {percentile(ms, 0.5):.1f} / p95 {percentile(ms, 0.95):.1f} ms")
        print("   " + ", ".join(out))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--server", default=SERVER)
    ap.add_argument("--scale", type=int, default=0, help="documents for the latency measurement (0: none)")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--scale-only", action="store_true", help="only the --scale measurement")
    ap.add_argument("--backends", default="sqlite,postgres", help="of the --scale measurement")
    args = ap.parse_args()
    data = Path(args.shared) / "data"
    paths = [str(data / "factrueval-2016" / "devset"), str(data / "nerel" / "dev")]
    if not all(Path(p).is_dir() for p in paths):
        print(f"skipped: the factRuEval devset and NEREL dev are not at {data} (pass --shared)")
        return 0
    import psycopg
    try:
        psycopg.connect(args.server, connect_timeout=5).close()
    except psycopg.OperationalError as e:
        print(f"skipped: no PostgreSQL at {args.server} ({str(e).strip().splitlines()[0]})")
        return 0
    from svodka.read import iter_sources
    warmup = [s for s in iter_sources([str(data / "nerel" / "train")]) if hasattr(s, "text")][:8]
    with tempfile.TemporaryDirectory() as tmp:
        places = Places(args.server, Path(tmp))
        try:
            if not args.scale_only:
                kept = ingest_speed(places, paths, warmup)
                store_speed(places, stored_records(kept))
            if args.scale:
                scale(places, [*paths, str(data / "nerel" / "train")], warmup, args.scale, args.queries,
                      tuple(args.backends.split(",")))
        finally:
            places.drop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
