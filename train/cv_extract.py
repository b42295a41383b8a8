"""`svodka extract` over the factRuEval devset by the cross-validation taggers: each document is read
by the fold tagger that never saw it in training (svodka/nlp/data/folds/, written by `make train`),
so the devset can be scored although the shipped tagger learned from all of it.

usage: python train/cv_extract.py DIR | python3 ../shared/tools/score_mentions.py --gold factru DIR
Documents that no fold held out are left out (the scorer counts them as misses). numpy only."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FOLDS = ROOT / "svodka" / "nlp" / "data" / "folds"


def held_out(path: Path) -> list[str]:
    with np.load(path) as z:
        return json.loads(bytes(z["meta"]).decode("utf-8")).get("held_out", [])


def main(folder: str) -> int:
    from svodka.nlp.ner import SvodkaNER
    from svodka.pipeline import Models, Pipeline
    from svodka.read import Source
    files = {f.stem: f for f in sorted(Path(folder).glob("*.txt"))}
    weights = sorted(FOLDS.glob("*.npz"))
    if not weights:
        print(f"no fold taggers in {FOLDS}: run `make train`", file=sys.stderr)
        return 2
    models = Models()
    out: dict[str, dict] = {}
    for path in weights:
        pipeline = Pipeline(models, SvodkaNER.load(models.embedding, path))
        sources = [Source(i, str(files[i]), files[i].read_text(encoding="utf-8")) for i in held_out(path) if i in files]
        for doc in pipeline.pipe(sources):
            out[doc.id] = doc.to_dict()
    for doc_id in sorted(out):
        sys.stdout.write(json.dumps(out[doc_id], ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
