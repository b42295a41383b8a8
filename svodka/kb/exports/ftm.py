"""The knowledge base as FollowTheMoney entities (JSONL, one entity a line), the model OpenAleph,
yente and the other FtM tools load (``ftm store write``, ``aleph-client write-entities``).

| svodka | FtM schema | properties |
|---|---|---|
| document | Article | title, bodyText, publishedAt, sourceUrl, fileName, language |
| KB entity PER | Person | name, alias (the other names documents used), position, country |
| KB entity ORG | Organization | name, alias |
| KB entity LOC, FAC | Address | full, name, alias, country (ISO code of a country), city |
| KB entity EVENT | Event | name, alias |
| an entity named in a document | Mention (for Person and Organization: resolved) and Documentation | document, name / entity, role |
| occupation facts | Position (a role, of what) + Occupancy (holder, post) | proof: the articles, date: theirs |
| meeting fact | Event | involved (people and organizations), addressEntity (the place), date, proof, summary |

Ids are stable: ``svodka-kb-12`` is KB entity 12 (``entities.id`` of the tables); the others
are the model's hashes (``make_id``) of what they stand for (a document's id, a role and what
it is of), so a second export of the same knowledge base gives the same ids. Every entity is
validated by the followthemoney model before it is written; an invalid one stops the export
with its id and the model's complaint, as it would be a bug here."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Iterator

from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.proxy import EntityProxy

from svodka.kb.exports.files import replacing
from svodka.store.records import FactRow, Selection

SCHEMATA = {"PER": "Person", "ORG": "Organization", "LOC": "Address", "FAC": "Address", "EVENT": "Event"}
RESOLVABLE = ("Person", "Organization")  # Mention.resolved takes a LegalEntity


def write_ftm(store, path: Path, selection: Selection | None = None,
              types: Iterable[str] = ("occupation", "meeting")) -> tuple[Path, int]:
    n = 0
    with replacing(path) as partial, partial.open("w", encoding="utf-8") as f:
        for proxy in entities(store, selection, types):
            check(proxy)
            f.write(json.dumps(proxy.to_dict(), ensure_ascii=False) + "\n")
            n += 1
    return path, n


def check(proxy: EntityProxy) -> None:
    """The followthemoney model's validation, and its required properties present."""
    schema = proxy.schema
    missing = [p for p in schema.required if not proxy.get(p)]
    try:
        schema.validate(proxy.to_dict())
    except InvalidData as e:
        raise ValueError(f"FtM entity {proxy.id} ({schema.name}) is invalid: {e}") from None
    if missing:
        raise ValueError(f"FtM entity {proxy.id} ({schema.name}) lacks {', '.join(missing)}")


def kb_id(kb: int) -> str:
    return f"svodka-kb-{kb}"


def entities(store, selection: Selection | None = None, types: Iterable[str] = ("occupation", "meeting")
             ) -> Iterator[EntityProxy]:
    sel = selection or Selection()
    kb = {e["id"]: e for e in store.rows("entities", sel)}
    articles = {}
    for doc in store.rows("documents", sel):
        articles[doc["id"]] = article = _article(doc)
        yield article
    facts = store.facts(tuple(t for t in ("occupation", "meeting") if t in set(types)), selection=sel)
    positions = Positions([f for f in facts if f.type == "occupation"], kb)
    for e in kb.values():
        yield _entity(e, positions.roles.get(e["id"], []))
    yield from _links(store, sel, kb, articles)
    yield from positions.entities(articles)
    for f in facts:
        if f.type == "meeting":
            meeting = _meeting(f, kb, articles[f.doc_id])
            if meeting is not None:
                yield meeting


def _article(doc: dict) -> EntityProxy:
    a = model.make_entity("Article")
    a.make_id("svodka", "document", doc["id"])
    a.add("title", doc.get("title") or doc["id"])
    a.add("fileName", doc.get("source"))
    a.add("bodyText", doc.get("text"))
    a.add("publishedAt", doc.get("date"))
    a.add("sourceUrl", doc.get("url"))
    a.add("language", "ru")
    return a


def _entity(e: dict, roles: list[tuple[str, str | None]]) -> EntityProxy:
    schema = SCHEMATA.get(e["type"], "LegalEntity")
    p = model.make_entity(schema)
    p.id = kb_id(e["id"])
    p.add("name", e["name"])
    p.add("alias", [n for n in e.get("names") or [] if n != e["name"]])
    country = _country(e)
    if schema == "Address":
        p.add("full", e["name"])
        p.add("country", country)
        if e.get("subtype") == "city":
            p.add("city", e["name"])
    elif schema == "Person":
        p.add("position", [role for role, _ in roles])
        p.add("country", [c for _, c in roles if c])
    return p


def _country(e: dict | None) -> str | None:
    ref = (e or {}).get("ref") or ""
    return ref[4:].lower() if ref.startswith("iso:") and (e or {}).get("subtype") == "country" else None


def _links(store, sel: Selection, kb: dict[int, dict], articles: dict[str, EntityProxy]) -> Iterator[EntityProxy]:
    """A Mention and a Documentation for every KB entity a document names (its words: the
    mentions' texts)."""
    said: dict[tuple[str, int], list[str]] = {}
    for m in store.rows("mentions", sel):
        said.setdefault((m["doc_id"], m["kb_id"]), []).append(m["text"])
    for (doc_id, kb_entity), words in said.items():
        e, article = kb[kb_entity], articles[doc_id]
        schema = SCHEMATA.get(e["type"], "LegalEntity")
        mention = model.make_entity("Mention")
        mention.make_id("svodka", "mention", doc_id, str(kb_entity))
        mention.add("document", article.id)
        mention.add("name", list(dict.fromkeys(words)))
        mention.add("detectedSchema", schema)
        if schema in RESOLVABLE:
            mention.add("resolved", kb_id(kb_entity))
        mention.add("contextCountry", _country(e))
        yield mention
        doc = model.make_entity("Documentation")
        doc.make_id("svodka", "documentation", doc_id, str(kb_entity))
        doc.add("document", article.id)
        doc.add("entity", kb_id(kb_entity))
        doc.add("role", "mentioned")
        yield doc


class Positions:
    """Positions (a role, of what) and who held them by which articles, from occupation facts."""

    def __init__(self, occupations: list[FactRow], kb: dict[int, dict]):
        self.kb = kb
        self.held: dict[tuple[int, str, int | None], list[FactRow]] = {}
        self.roles: dict[int, list[tuple[str, str | None]]] = {}
        for f in occupations:
            person, role, of = f.fields.get("person"), f.fields.get("role"), f.fields.get("of")
            if person is None or not role or self.kb.get(person, {}).get("type") != "PER":
                continue
            self.held.setdefault((person, role, of), []).append(f)
            title = self.title(role, of)
            if (title, _country(kb.get(of))) not in self.roles.setdefault(person, []):
                self.roles[person].append((title, _country(kb.get(of))))

    def title(self, role: str, of: int | None) -> str:
        return f"{role} ({self.kb[of]['name']})" if of in self.kb else role

    def entities(self, articles: dict[str, EntityProxy]) -> Iterator[EntityProxy]:
        made: set[str] = set()
        for (person, role, of), facts in self.held.items():
            position = model.make_entity("Position")
            position.make_id("svodka", "position", role, str(of))
            position.add("name", self.title(role, of))
            if of in self.kb and self.kb[of]["type"] == "ORG":
                position.add("organization", kb_id(of))
            position.add("country", _country(self.kb.get(of)))
            if position.id not in made:
                made.add(position.id)
                yield position
            occupancy = model.make_entity("Occupancy")
            occupancy.make_id("svodka", "occupancy", str(person), position.id)
            occupancy.add("holder", kb_id(person))
            occupancy.add("post", position.id)
            occupancy.add("proof", [articles[f.doc_id].id for f in facts])
            occupancy.add("date", [f.doc_date for f in facts if f.doc_date])
            occupancy.add("description", facts[0].sentence)
            yield occupancy


def _meeting(f: FactRow, kb: dict[int, dict], article: EntityProxy) -> EntityProxy | None:
    who = [k for k in f.fields.get("participants") or [] if kb.get(k, {}).get("type") in ("PER", "ORG")]
    if not who:
        return None
    place = f.fields.get("place")
    event = model.make_entity("Event")
    event.make_id("svodka", "meeting", f.doc_id, str(f.n))
    event.add("name", "Встреча: " + ", ".join(kb[k]["name"] for k in who))
    event.add("involved", [kb_id(k) for k in who])
    event.add("date", f.fields.get("date") or f.doc_date)
    if place in kb:
        event.add("addressEntity", kb_id(place))
        event.add("location", kb[place]["name"])
        event.add("country", _country(kb[place]))
    event.add("proof", article.id)
    event.add("summary", f.sentence)
    return event
