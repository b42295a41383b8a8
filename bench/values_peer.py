"""natasha's own DatesExtractor and MoneyExtractor as contract JSONL, so the scorer that reads
svodka's output reads theirs the same way:

    .venv/bin/python bench/values_peer.py ../shared/data/nerel/dev \\
        | python3 ../shared/tools/score_mentions.py --gold nerel --values ../shared/data/nerel/dev

natasha has no percent extractor, so its PERCENT row is empty. Dates keep natasha's own fields
(year, month, day) beside the span; money its amount and currency."""
from __future__ import annotations

import json
import sys

from natasha import DatesExtractor, MoneyExtractor, MorphVocab

from svodka.read import iter_sources


def peer_documents(paths: list[str]):
    """Contract documents with natasha's values, one per input document."""
    morph = MorphVocab()
    dates, money = DatesExtractor(morph), MoneyExtractor(morph)
    for src in iter_sources(paths, None):
        if not hasattr(src, "text"):
            yield src.to_dict()
            continue
        values = []
        for m in money(src.text):
            values.append({"type": "MONEY", "start": m.start, "end": m.stop, "text": src.text[m.start:m.stop],
                           "amount": m.fact.amount, "currency": m.fact.currency})
        for m in dates(src.text):
            f = m.fact
            values.append({"type": "DATE", "start": m.start, "end": m.stop, "text": src.text[m.start:m.stop],
                           "year": f.year, "month": f.month, "day": f.day})
        values.sort(key=lambda v: v["start"])
        yield {"id": src.id, "source": src.source, "date": None, "text": src.text,
               "entities": [], "values": values, "facts": []}


def main() -> int:
    for doc in peer_documents(sys.argv[1:] or ["-"]):
        print(json.dumps(doc, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
