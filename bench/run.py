"""`make bench`: svodka's speed beside natasha's NER alone, measured in the same run on the same
documents (this machine's absolute times are noisy; the ratio is what counts).

Prints docs/s of full `svodka` extraction and of natasha NER-only, their ratio, each stage's
share of extraction time, and the cold start of `svodka extract` on one short document."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# one BLAS thread for both natasha and svodka, as `svodka` runs (see svodka/cli.py)
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
sys.path.insert(0, str(ROOT))


def corpus(shared: Path) -> list[str]:
    dirs = [shared / "data" / "factrueval-2016" / "devset", shared / "data" / "nerel" / "dev"]
    files = sorted(f for d in dirs if d.is_dir() for f in d.glob("*.txt"))
    return [f.read_text(encoding="utf-8") for f in files]


def warmup_texts(shared: Path, n: int = 200) -> list[str]:
    """Other documents read first, as a long run has read many before: the per-word morphology
    cache is then as warm as in an ingest of thousands, and the measured documents are unseen."""
    files = sorted((shared / "data" / "nerel" / "train").glob("*.txt"))[:n]
    return [f.read_text(encoding="utf-8") for f in files]


def natasha_rate(texts: list[str], warmup: list[str], rounds: int) -> float:
    from natasha import NewsEmbedding, NewsNERTagger
    tagger = NewsNERTagger(NewsEmbedding())
    for t in warmup:
        tagger(t)
    best = 0.0
    for _ in range(rounds):
        t0 = time.perf_counter()
        for t in texts:
            tagger(t)
        best = max(best, len(texts) / (time.perf_counter() - t0))
    return best


def svodka_rate(texts: list[str], warmup: list[str], rounds: int) -> tuple[float, dict[str, float]]:
    """Documents through ``Pipeline.pipe`` as `svodka extract` and `svodka ingest` send them,
    each stage (and its batch form) timed."""
    from svodka.scale import BATCH
    from svodka.pipeline import Pipeline
    from svodka.read import Source
    p = Pipeline()
    list(p.pipe(Source(str(i), "warmup", t) for i, t in enumerate(warmup)))  # models load untimed, as natasha's
    from svodka.scale import freeze_long_lived
    freeze_long_lived()  # as process_all does after its first batch
    stage_time: dict[str, float] = defaultdict(float)

    def timed(name, fn):
        def run(*args):
            t0 = time.perf_counter()
            fn(*args)
            stage_time[name] += time.perf_counter() - t0
        return run if fn else None

    p.stages = [timed(n, f) for n, f in zip(p.stage_names, p.stages)]
    p.batch_stages = [timed(n, f) for n, f in zip(p.stage_names, p.batch_stages)]
    best, per_stage = 0.0, {}
    for _ in range(rounds):
        stage_time.clear()
        t0 = time.perf_counter()
        for _doc in p.pipe((Source(str(i), "bench", t) for i, t in enumerate(texts)), BATCH):
            pass
        rate = len(texts) / (time.perf_counter() - t0)
        if rate > best:
            best, per_stage = rate, dict(stage_time)
    return best, per_stage


def cold_start() -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as d:
        doc = Path(d) / "short.txt"
        doc.write_text("date 2025-11-25 Президент Казахстана Касым-Жомарт Токаев прибыл в Ашхабад.", encoding="utf-8")
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "svodka.cli", "extract", str(doc)], check=True, capture_output=True)
        svodka_cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "from natasha import NewsEmbedding, NewsNERTagger;"
                        f"NewsNERTagger(NewsEmbedding())({doc.read_text(encoding='utf-8')!r})"],
                       check=True, capture_output=True)
        return svodka_cold, time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--rounds", type=int, default=1)
    a = ap.parse_args()
    texts = corpus(Path(a.shared))
    if not texts:
        print(f"bench: no annotated texts under {a.shared}/data: nothing to measure (needs ../shared)")
        return 0
    warmup = warmup_texts(Path(a.shared))
    print(f"{len(texts)} documents (factRuEval devset + NEREL dev), best of {a.rounds} rounds, "
          f"after {len(warmup)} NEREL train documents read to warm up")
    peer = natasha_rate(texts, warmup, a.rounds)
    ours, stages = svodka_rate(texts, warmup, a.rounds)
    print(f"natasha NER only   {peer:8.1f} docs/s")
    print(f"svodka extract     {ours:8.1f} docs/s   ratio {ours / peer:.2f}x natasha")
    total = sum(stages.values())
    for name, t in stages.items():
        print(f"  {name:12} {100 * t / total:5.1f} % of extraction time")
    s_cold, n_cold = cold_start()
    print(f"cold start, one short document: svodka extract {s_cold:.2f} s; natasha NER {n_cold:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
