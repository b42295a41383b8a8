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


def main() -> int:
    morph = MorphVocab()
    dates, money = DatesExtractor(morph), MoneyExtractor(morph)
    for src in iter_sources(sys.argv[1:] or ["-"], None):
        if not hasattr(src, "text"):
            print(json.dumps(src.to_dict(), ensure_ascii=False))
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
        print(json.dumps({"id": src.id, "source": src.source, "date": None, "text": src.text,
                          "entities": [], "values": values, "facts": []}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
