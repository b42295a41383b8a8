"""What a knowledge base holds at a glance: counts, the most documented entities, the signed
agreements once each, and one tracked target worth showing. Domain choices live here, so the CLI,
the API and the web pages show the same overview."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from svodka.kb.track import Observation, Track
from svodka.store.records import FactRow, KBEntity

if TYPE_CHECKING:
    from svodka.kb.service import KnowledgeBase


@dataclass(slots=True)
class Overview:
    counts: dict[str, int]
    top_entities: list[KBEntity]
    signed: list[FactRow]  # signed agreements, once each, those naming parties first, latest first
    tracked: tuple[Observation, Track] | None  # a target and its track
    conflicts: int = 0  # figures two reports give differently (kb/conflicts.py)


def overview(kb: "KnowledgeBase", limit: int = 10) -> Overview:
    return Overview(kb.counts(), kb.top_entities(limit), agreements_once(kb.facts("agreement", "signed")),
                    tracked_target(kb), len(kb.conflicts()))


def _when(f: FactRow) -> str:
    return f.fields.get("date") or f.doc_date or ""


def agreements_once(facts: list[FactRow]) -> list[FactRow]:
    """Agreements once each (one treaty retold by several reports is one), those naming their
    parties first, the latest first."""
    seen, out = set(), []
    for a in sorted(facts, key=lambda a: (bool(a.fields.get("parties")), _when(a)), reverse=True):
        key = (a.fields.get("kind"), a.fields.get("subject"), tuple(sorted(a.fields.get("parties") or [])))
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def tracked_target(kb: "KnowledgeBase", candidates: int = 50) -> tuple[Observation, Track] | None:
    """The target worth showing: one with an amount and a scope, whose metric has most figures
    reported to judge it by, the latest first; with its track."""
    targets = [f for f in kb.facts("target")
               if (f.fields.get("value") or {}).get("amount") is not None and f.fields.get("metric")]
    targets.sort(key=lambda f: (bool(f.fields.get("scope")), f.doc_date or ""), reverse=True)
    best = None
    for f in targets[:candidates]:
        t = kb.track_ids(f.fields["metric"], [{i} for i in f.fields.get("scope") or []])
        mine = next((o for o in t.targets if o.doc_id == f.doc_id and o.value == f.fields["value"]), None)
        if mine is None:
            continue
        score = (bool(f.fields.get("scope")), len(t.indicators), mine.status != "not yet met")
        if best is None or score > best[0]:
            best = (score, mine, t)
    return best[1:] if best else None
