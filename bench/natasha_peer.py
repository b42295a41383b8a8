"""natasha's NER alone, written as contract JSONL, so the same scorer reads svodka and its peer.

usage: python bench/natasha_peer.py DIR... | python3 ../shared/tools/score_mentions.py --gold ... DIR
Each natasha span becomes an entity of one mention: the scorer reads mentions, not entities."""
from __future__ import annotations

import json
import sys
from pathlib import Path


def peer_documents(dirs: list[str]):
    from natasha import NewsEmbedding, NewsNERTagger
    tagger = NewsNERTagger(NewsEmbedding())
    for d in dirs:
        for f in sorted(Path(d).glob("*.txt")):
            text = f.read_text(encoding="utf-8")
            spans = tagger(text).spans
            yield {"id": f.stem, "source": str(f), "date": None, "text": text, "values": [], "facts": [],
                   "entities": [{"id": f"e{i}", "type": s.type, "subtype": None, "name": text[s.start:s.stop],
                                 "mentions": [{"start": s.start, "end": s.stop}]} for i, s in enumerate(spans, 1)]}


if __name__ == "__main__":
    for doc in peer_documents(sys.argv[1:]):
        sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")
