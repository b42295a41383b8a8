"""HTTP API and web page latency on a knowledge base of many documents, beside the same answer
through ``KnowledgeBase`` in-process (what the CLI calls).

    python bench/web.py [--docs 10000] [--requests 200]

The example reports (examples/) are extracted once and stored again and again under new ids and
dates (a day apart) until the knowledge base holds ``--docs`` documents; then `svodka serve`
runs on loopback in a process of its own and a client times each route ``--requests`` times:
p50 and p95 in milliseconds, and the ratio to the in-process call."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def build(db: str, n: int):
    from svodka.kb import KnowledgeBase
    from svodka.read import iter_sources
    kb = KnowledgeBase(db)
    docs = [kb.pipeline.process(s).to_dict() for s in iter_sources([str(ROOT / "examples")]) if hasattr(s, "text")]
    start = dt.date(2020, 1, 1)
    batch, made = [], 0
    while made < n:
        base = docs[made % len(docs)]
        day = start + dt.timedelta(days=made // 5)
        batch.append(dict(base, id=f"{base['id']}-{made}", date=day.isoformat()))
        made += 1
        if len(batch) == 500:
            kb.add(batch)
            batch = []
            print(f"  {made} documents", file=sys.stderr, end="\r")
    kb.add(batch)
    return kb


def timed(call, times: int) -> list[float]:
    out = []
    for _ in range(times):
        t = time.perf_counter()
        call()
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=200)
    args = ap.parse_args()
    import httpx
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        t = time.perf_counter()
        build(db, args.docs).close()
        from svodka.kb import KnowledgeBase
        kb = KnowledgeBase(db, readonly=True)  # read as the server reads it: a fresh, read-only opening
        print(f"built {kb.counts()['documents']} documents in {time.perf_counter() - t:.0f} s", flush=True)
        russia = kb.entities("Россия")[0].id  # named in 42 % of the documents: the heaviest profile
        tokaev = kb.entities("Токаев")[0].id
        doc_id = next(h.doc_id for h in kb.latest(50) if h.doc_id.startswith("000_"))  # the seed: 29 facts
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen([str(Path(sys.executable).with_name("svodka")), "serve", "--db", db, "--port",
                                   str(port)], stderr=subprocess.DEVNULL, env=dict(os.environ, SVODKA_TOKEN=""))
        base = f"http://127.0.0.1:{port}"
        client = httpx.Client(base_url=base, timeout=30)
        for _ in range(100):
            try:
                client.get("/api/v1")
                break
            except httpx.TransportError:
                time.sleep(0.2)
        routes = [
            ("API search «Казахстан»", "/api/v1/search?q=Казахстан&limit=20",
             lambda: kb.search_page("Казахстан", limit=20)),
            ("API entity profile (Россия)", f"/api/v1/entities/{russia}", lambda: kb.entity(f"#{russia}", 50)),
            ("API entity profile (Токаев)", f"/api/v1/entities/{tokaev}", lambda: kb.entity(f"#{tokaev}", 50)),
            ("API facts list", "/api/v1/facts?type=agreement&limit=50",
             lambda: kb.facts_page(types=("agreement",), limit=50)),
            ("page: entity (Россия)", f"/entities/{russia}", lambda: kb.entity(f"#{russia}", 50)),
            ("page: entity (Токаев)", f"/entities/{tokaev}", lambda: kb.entity(f"#{tokaev}", 50)),
            ("page: document", f"/documents/{doc_id}", lambda: (kb.document(doc_id), kb.document_conflicts(doc_id))),
            ("page: search", "/search?q=Казахстан", lambda: kb.search_page("Казахстан", limit=20)),
            ("page: home", "/", lambda: (kb.counts(), kb.latest(8), kb.top_entities(12), kb.metrics())),
        ]
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (the figures scale with it)")
        print(f"{'route':32} {'p50 ms':>8} {'p95 ms':>8} {'in-process p50':>15} {'ratio':>6}")
        try:
            for name, url, direct in routes:
                assert client.get(url).status_code == 200, url
                http = timed(lambda: client.get(url), args.requests)
                local = timed(direct, max(20, args.requests // 4))
                p50, lp50 = statistics.median(http), statistics.median(local)
                print(f"{name:32} {p50:8.1f} {percentile(http, 0.95):8.1f} {lp50:15.1f} {p50 / max(lp50, 1e-6):6.2f}",
                      flush=True)
        finally:
            server.terminate()
            server.wait(10)
            kb.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
