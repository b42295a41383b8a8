"""Names in the nominative, scored: does a person's entity name hold the surname the annotators
give? factRuEval's .coref files give each person's «lastname»; NEREL's Wikidata links give a label
(«Мишель Обама», «Тиллерсон, Рекс»). A person counts once per annotated mention it covers; names
whose text never writes the annotated surname (a Latin transcription, a first name alone) are not
counted.

usage: svodka extract DIR | python bench/score_names.py --gold factru|nerel DIR"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

WORDS = re.compile(r"[\s.]+")


def fold(s: str) -> str:
    return s.lower().replace("ё", "е")


def factru_people(stem: Path) -> list[tuple[list[tuple[int, int]], str]]:
    """[(the spans of one person, their last name)] of one factRuEval document."""
    spans = {}
    for line in stem.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
        p = line.split()
        if len(p) >= 4:
            spans[p[0]] = (int(p[2]), int(p[2]) + int(p[3]))
    objects = {}
    for line in stem.with_suffix(".objects").read_text(encoding="utf-8").splitlines():
        p = line.split("#")[0].split()
        if len(p) >= 3 and p[1] == "Person":
            objects[p[0]] = [spans[s] for s in p[2:] if s in spans]
    people = []
    for block in re.split(r"\n\s*\n", stem.with_suffix(".coref").read_text(encoding="utf-8")):
        lines = [l.strip() for l in block.splitlines() if l.strip()]
        fields = dict(l.split(" ", 1) for l in lines[1:] if " " in l)
        if lines and fields.get("lastname"):
            where = [s for o in lines[0].split()[1:] for s in objects.get(o, [])]
            people += [([s], fields["lastname"]) for s in where]
    return people


def nerel_people(stem: Path) -> list[tuple[list[tuple[int, int]], str]]:
    spans, labels = {}, {}
    for line in stem.with_suffix(".ann").read_text(encoding="utf-8").splitlines():
        p = line.split("\t")
        if line.startswith("T") and len(p) >= 2 and p[1].startswith("PERSON ") and ";" not in p[1]:
            spans[p[0]] = tuple(int(x) for x in p[1].split()[1:3])
        elif line.startswith("N") and len(p) >= 3 and len(p[1].split()) >= 2:
            labels[p[1].split()[1]] = p[2]
    out = []
    for t, span in spans.items():
        label = labels.get(t, "").strip()
        if label:
            out.append(([span], label.split(",")[0].split()[-1] if "," in label else label.split()[-1]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", choices=("factru", "nerel"), required=True)
    ap.add_argument("gold_dir")
    args = ap.parse_args()
    read = factru_people if args.gold == "factru" else nerel_people
    agree = total = 0
    for line in sys.stdin:
        doc = json.loads(line)
        stem = Path(args.gold_dir) / doc["id"]
        if not stem.with_suffix(".txt").exists() or not stem.with_suffix(".coref" if args.gold == "factru" else ".ann").exists():
            continue
        people = [e for e in doc.get("entities") or [] if e.get("type") == "PER"]
        for where, surname in read(stem):
            for e in people:
                if not any(m["start"] < b and a < m["end"] for m in e["mentions"] for a, b in where):
                    continue
                hit = fold(surname) in {fold(w) for w in WORDS.split(e["name"])}
                written = any(fold(surname) in fold(doc["text"][a:b]) for a, b in where)
                if hit or written:
                    agree, total = agree + hit, total + 1
    print(f"person names holding the annotated surname: {agree} of {total} ({agree / max(total, 1):.3f})")


if __name__ == "__main__":
    main()
