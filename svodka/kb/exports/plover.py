"""Facts as PLOVER event records (JSONL), the event-data standard POLECAT is coded in
(https://github.com/openeventdata/PLOVER, manual 0.7b1, chapter «Data Fields»).

| svodka fact | PLOVER ``event`` | ``mode`` | ``context`` | actor / recipient |
|---|---|---|---|---|
| meeting | CONSULT | visit, phone, multilateral by the evidence words, else meet | diplomatic + words | every participant is an actor (no host is read) |
| agreement (any status) | AGREE | — | words of kind and subject (else of the evidence) | first party / the other parties |
| target (a commitment) | AGREE | — | words of the metric, else the evidence (товарооборот: economic) | first of scope / the rest |
| decision with an economic context | COOPERATE | — | words of the action, else the evidence | first party / the others |
| decision otherwise | AGREE | — | words | first party / the others |
| statement | no event: in ``extensions.statements`` of the events its speaker takes part in (same document) | | | |
| indicator | no event: in ``extensions.indicators`` of every event of its document | | | |
| occupation | no event: the ``office`` of the person in every actor object | | | |

Mode and context words: data/plover.tsv. An actor is ``{entity_text, identifier_id,
identifier_text, office, code}``: the KB name, the KB id (``entities.id`` of the tables),
the role its occupation facts give (from the same document, else the latest known by the
event's date), and the ISO 3166 alpha-3 code of a country (or of the country a person's office
is of). ``text_info`` is the evidence sentence with its offsets; ``cite_info`` names the
document (id, title, url, offsets). A fact naming no entity gives no record (PLOVER requires
an actor)."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from svodka.kb.exports.files import replacing
from svodka.store.records import FactRow, Selection

FIELDS = ("id", "date", "actor", "recipient", "event", "mode", "context", "event_loc", "text_info", "cite_info")
EXTENSION = "extensions"  # PLOVER lets a provider add named fields; svodka's go under one
ACTOR_FIELDS = ("entity_text", "identifier_id", "identifier_text", "office", "code")
EVENT_TYPES = ("meeting", "agreement", "target", "decision")
TABLE = Path(__file__).with_name("data") / "plover.tsv"


@lru_cache(maxsize=1)
def patterns() -> dict[str, list[tuple[str, re.Pattern]]]:
    """field (mode, context) → [(value, pattern)], in the order of the data file."""
    out: dict[str, list[tuple[str, re.Pattern]]] = {"mode": [], "context": []}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            field, value, pattern = line.split("\t")
            out[field].append((value, re.compile(rf"(?<!\w)(?:{pattern})")))
    return out


def words_say(field: str, *texts: str | None) -> list[str]:
    text = " ".join(t for t in texts if t).lower()
    return [value for value, pattern in patterns()[field] if pattern.search(text)]


def write_plover(store, path: Path, selection: Selection | None = None,
                 types: Iterable[str] = EVENT_TYPES) -> tuple[Path, int]:
    n = 0
    with replacing(path) as partial, partial.open("w", encoding="utf-8") as f:
        for record in events(store, selection, types):
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return path, n


def events(store, selection: Selection | None = None, types: Iterable[str] = EVENT_TYPES) -> Iterator[dict]:
    """PLOVER records of the selected documents' facts of ``types`` that make events."""
    sel = selection or Selection()
    wanted = [t for t in EVENT_TYPES if t in set(types)]
    if not wanted:
        return
    docs = {d["id"]: d for d in store.rows("documents", sel)}
    entities = {e["id"]: e for e in store.rows("entities", sel)}
    context = store.facts(("occupation", "statement", "indicator"), selection=sel)
    offices = Offices([f for f in context if f.type == "occupation"], entities)
    by_doc: dict[str, list[FactRow]] = {}
    for f in context:
        by_doc.setdefault(f.doc_id, []).append(f)
    for fact in store.facts(tuple(wanted), selection=sel):
        record = event(fact, docs[fact.doc_id], entities, offices, by_doc.get(fact.doc_id, []))
        if record is not None:
            yield record


def event(fact: FactRow, doc: dict, entities: dict[int, dict], offices: "Offices",
          around: list[FactRow]) -> dict | None:
    """One fact as a PLOVER record, or None when it names no entity."""
    kind, mode, contexts, parties = _classify(fact)
    if not parties:
        return None
    date = fact.fields.get("date") or fact.doc_date
    actor = lambda kb: _actor(kb, fact, entities, offices, date)  # noqa: E731
    if fact.type == "meeting":
        actors, recipients = [actor(k) for k in parties], []
    else:
        actors, recipients = [actor(parties[0])], [actor(k) for k in parties[1:]]
    spans = fact.evidence or [{}]
    start, end = spans[0].get("start"), spans[-1].get("end")
    involved = set(parties)
    return {
        "id": f"{fact.doc_id}:{fact.n}", "date": date, "actor": actors, "recipient": recipients,
        "event": [kind], "mode": [mode] if mode else [], "context": contexts,
        "event_loc": _place(fact, entities),
        "text_info": {"text": fact.sentence, "start": start, "end": end},
        "cite_info": {"citation": fact.doc_id, "title": doc.get("title"), "url": doc.get("url"),
                      "start": start, "end": end, "language": "ru", "coder": "svodka",
                      "codebook": "svodka PLOVER mapping (svodka/kb/exports/plover.py)"},
        EXTENSION: {"fact_type": fact.type, "status": fact.fields.get("status"),
                    "statements": [_statement(s) for s in around if s.type == "statement"
                                   and s.fields.get("speaker") in involved],
                    "indicators": [_indicator(i) for i in around if i.type == "indicator"]},
    }


def _classify(fact: FactRow) -> tuple[str, str | None, list[str], list[int]]:
    """(event, mode, contexts, the KB ids of the parties in order) of an event fact."""
    f, sentence = fact.fields, fact.sentence
    if fact.type == "meeting":
        modes = words_say("mode", sentence)
        contexts = list(dict.fromkeys(["diplomatic", *words_say("context", sentence)]))
        return "CONSULT", modes[0] if modes else "meet", contexts, _ids(f.get("participants"))
    if fact.type == "agreement":
        return "AGREE", None, _contexts(sentence, f.get("kind"), f.get("subject")), _ids(f.get("parties"))
    if fact.type == "target":
        return "AGREE", None, _contexts(sentence, f.get("metric")), _ids(f.get("scope"))
    contexts = _contexts(sentence, f.get("action"))
    return ("COOPERATE" if "economic" in contexts else "AGREE"), None, contexts, _ids(f.get("parties"))


def _contexts(sentence: str, *phrases: str | None) -> list[str]:
    """The contexts a fact's own phrases name; the sentence's when they name none (a sentence
    listing five agreements would give each the contexts of all)."""
    return words_say("context", *phrases) or words_say("context", sentence)


def _ids(value) -> list[int]:
    return list(dict.fromkeys(k for k in value or [] if k is not None))


class Offices:
    """The roles occupation facts give each person, to fill an actor's ``office``."""

    def __init__(self, occupations: list[FactRow], entities: dict[int, dict]):
        self.held: dict[int, list[tuple[str, str, str | None, int | None]]] = {}
        for f in occupations:
            person, role = f.fields.get("person"), f.fields.get("role")
            if person is not None and role:
                self.held.setdefault(person, []).append((f.doc_date or "", f.doc_id, role, f.fields.get("of")))
        self.entities = entities

    def of(self, kb_id: int, doc_id: str, date: str | None) -> tuple[str | None, int | None]:
        """(office, the KB id of what it is an office of): from the same document, else the
        latest one known by ``date``, else the latest known."""
        held = self.held.get(kb_id) or []
        here = [h for h in held if h[1] == doc_id]
        by_date = lambda h: (h[0], h[1])  # noqa: E731 - the date, then the document (`of` may be None)
        before = sorted((h for h in held if date and h[0] and h[0] <= date), key=by_date)
        if here:
            _, _, role, of = here[0]
        elif held:
            _, _, role, of = (before or sorted(held, key=by_date))[-1]
        else:
            return None, None
        name = self.entities.get(of, {}).get("name") if of is not None else None
        return (f"{role} ({name})" if name else role), of


def _actor(kb_id: int, fact: FactRow, entities: dict[int, dict], offices: Offices, date: str | None) -> dict:
    office, of = offices.of(kb_id, fact.doc_id, date)
    entity = entities.get(kb_id, {})
    code = _alpha3(entity.get("ref")) or _alpha3(entities.get(of, {}).get("ref"))
    name = fact.name(kb_id) or entity.get("name")
    return {"entity_text": name, "identifier_id": kb_id, "identifier_text": name, "office": office, "code": code}


def _place(fact: FactRow, entities: dict[int, dict]) -> dict | None:
    kb_id = fact.fields.get("place") if fact.type == "meeting" else None
    if kb_id is None:
        return None
    entity = entities.get(kb_id, {})
    return {"extracted_place": fact.name(kb_id), "resolved_place": entity.get("name"), "identifier_id": kb_id,
            "country_code": _alpha3(entity.get("ref"))}


def _alpha3(ref: str | None) -> str | None:
    """ISO 3166 alpha-3 of a country's gazetteer id («iso:KZ» → «KAZ»)."""
    if not ref or not ref.startswith("iso:"):
        return None
    import pycountry
    country = pycountry.countries.get(alpha_2=ref[4:])
    return country.alpha_3 if country else None


def _statement(s: FactRow) -> dict:
    quote = s.fields.get("quote") or {}
    speaker = s.fields.get("speaker")
    return {"id": f"{s.doc_id}:{s.n}", "speaker_id": speaker, "speaker": s.name(speaker),
            "quote": quote.get("text"), "start": quote.get("start"), "end": quote.get("end")}


def _indicator(i: FactRow) -> dict:
    value = i.fields.get("value") or {}
    scope = _ids(i.fields.get("scope"))
    return {"id": f"{i.doc_id}:{i.n}", "metric": i.fields.get("metric"), "scope_ids": scope,
            "scope": [i.name(k) for k in scope], "amount": value.get("amount"),
            "amount_max": value.get("amount_max"), "currency": value.get("currency"), "unit": value.get("unit"),
            "qualifier": value.get("qualifier"), "period": i.fields.get("period"),
            "change": i.fields.get("change"), "text": value.get("text")}
