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


def held_out(path: Path) -> list[str]:
    with np.load(path) as z:
        return json.loads(bytes(z["meta"]).decode("utf-8")).get("held_out", [])


def cv_documents(folds: Path, folder: str, models=None) -> list[dict]:
    """The contract documents of ``folder``'s held-out texts, each read by its fold's tagger, by id."""
    from svodka.nlp.ner import SvodkaNER
    from svodka.pipeline import Models, Pipeline
    from svodka.read import Source
    files = {f.stem: f for f in sorted(Path(folder).glob("*.txt"))}
    models = models or Models()
    out: dict[str, dict] = {}
    for path in sorted(folds.glob("*.npz")):
        pipeline = Pipeline(models, SvodkaNER.load(models.embedding, path))
        sources = [Source(i, str(files[i]), files[i].read_text(encoding="utf-8")) for i in held_out(path) if i in files]
        for doc in pipeline.pipe(sources):
            out[doc.id] = doc.to_dict()
    return [out[i] for i in sorted(out)]


def main(folds: str, folder: str) -> int:
    if not list(Path(folds).glob("*.npz")):
        print(f"no fold taggers in {folds}: train/ner.py --factru --cv K writes them", file=sys.stderr)
        return 2
    for doc in cv_documents(Path(folds), folder):
        sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
