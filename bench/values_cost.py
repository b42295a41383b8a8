"""What the values stage costs: the wall time of each pipeline stage over a folder of documents, and
the values stage's share of the whole extraction, as one `svodka extract` over the folder spends it
(models loaded first, outside the timing; every cache starts cold). With PASSES > 1 the folder is
run again and each stage keeps its fastest pass.

usage: .venv/bin/python bench/values_cost.py [DIR] [PASSES]   (DIR: ../shared/data/nerel/dev)"""
from __future__ import annotations

import sys
import time
from collections import defaultdict

from svodka.pipeline import DEFAULT_STAGES, STAGES, Pipeline
from svodka.read import iter_sources


def main() -> int:
    path = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/nerel/dev"
    sources = list(iter_sources([path], None))
    spent: dict[str, float] = defaultdict(float)

    def timed(name, fn):
        def run(doc, p):
            t = time.perf_counter()
            fn(doc, p)
            spent[name] += time.perf_counter() - t
        return run

    pipeline = Pipeline()
    pipeline.stages = [timed(name, STAGES[name]) for name in DEFAULT_STAGES]
    pipeline(sources[0].text, sources[0].date)  # load every model once, outside the timing
    passes = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    chars = sum(len(src.text) for src in sources if hasattr(src, "text"))
    best: dict[str, float] = {}
    for _ in range(passes):
        spent.clear()
        for src in sources:
            if hasattr(src, "text"):
                pipeline(src.text, src.date)
        best = {k: min(v, best.get(k, v)) for k, v in spent.items()}
    total = sum(best.values())
    print(f"{len(sources)} documents, {chars} characters, {total:.2f} s in the pipeline")
    for name in DEFAULT_STAGES:
        print(f"  {name:10} {best[name]:7.2f} s  {100 * best[name] / total:5.1f} %")
    share = 100 * best["values"] / total
    print(f"values: {share:.1f} % of extraction time (budget: < 20 %)")
    return 0 if share < 20 else 1


if __name__ == "__main__":
    sys.exit(main())
