"""Mention quality on the annotated dev sets, beside natasha's NER alone in the same run:
svodka must not fall below its peer (../shared/tools/score_mentions.py, strict extent and type)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("score_mentions", shared / "tools" / "score_mentions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def f1(sm, gold, docs) -> float:
    tp = fp = fn = 0
    preds = {d["id"]: sm.predicted(d) for d in docs}
    for doc_id, g in gold.items():
        p = preds.get(doc_id, set())
        tp, fp, fn = tp + len(g & p), fp + len(p - g), fn + len(g - p)
    return sm.prf(tp, fp, fn)["f1"]


@pytest.mark.slow
@pytest.mark.parametrize("kind,folder", [("factru", "factrueval-2016/devset"), ("nerel", "nerel/dev")])
def test_mentions_at_least_as_good_as_natasha(pipeline, shared, kind, folder):
    sys.path.insert(0, str(ROOT / "bench"))
    from natasha_peer import peer_documents
    from svodka.read import iter_sources

    sm = scorer(shared)
    gold_dir = shared / "data" / folder
    gold, _ = sm.load_gold(kind, str(gold_dir))
    ours = [pipeline.process(s).to_dict() for s in iter_sources([str(p) for p in sorted(gold_dir.glob("*.txt"))])]
    peer = list(peer_documents([str(gold_dir)]))
    ours_f1, peer_f1 = f1(sm, gold, ours), f1(sm, gold, peer)
    print(f"{kind}: svodka F1 {ours_f1:.3f}, natasha {peer_f1:.3f}")
    assert ours_f1 >= peer_f1
