"""natasha's NER alone, written as contract JSONL, so the same scorer reads svodka and its peer.

usage: python bench/natasha_peer.py [--normalize] DIR... | python3 ../shared/tools/score_mentions.py --gold ... DIR
Each natasha span becomes an entity of one mention: the scorer reads mentions, not entities. With
``--normalize`` each entity is named as natasha puts it in the nominative (its morphology tagger and
``span.normalize``), for bench/score_names.py; without, by the words as written."""
from __future__ import annotations

import json
import sys
from pathlib import Path


def peer_documents(dirs: list[str], normalize: bool = False):
    from natasha import Doc, MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter
    embedding = NewsEmbedding()
    tagger = NewsNERTagger(embedding)
    segmenter, morph_tagger, vocab = (Segmenter(), NewsMorphTagger(embedding), MorphVocab()) if normalize else (None,) * 3
    for d in dirs:
        for f in sorted(Path(d).glob("*.txt")):
            text = f.read_text(encoding="utf-8")
            if normalize:
                doc = Doc(text)
                doc.segment(segmenter)
                doc.tag_morph(morph_tagger)
                doc.tag_ner(tagger)
                for span in doc.spans:
                    span.normalize(vocab)
                spans = [(s.type, s.start, s.stop, s.normal or s.text) for s in doc.spans]
            else:
                spans = [(s.type, s.start, s.stop, text[s.start:s.stop]) for s in tagger(text).spans]
            yield {"id": f.stem, "source": str(f), "date": None, "text": text, "values": [], "facts": [],
                   "entities": [{"id": f"e{i}", "type": kind, "subtype": None, "name": name,
                                 "mentions": [{"start": start, "end": stop}]}
                                for i, (kind, start, stop, name) in enumerate(spans, 1)]}


if __name__ == "__main__":
    args = sys.argv[1:]
    normalize = "--normalize" in args
    for doc in peer_documents([a for a in args if a != "--normalize"], normalize):
        sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")
