"""Reading the knowledge base a page at a time, as the HTTP API and the web pages do: a search
with its facets over the whole result, facts by type, status, party, kind and date, entities by
name or by how much they are documented, the latest documents, and the conflicting figures that
touch one document or one track. Each answer carries its total, so a front end can say how many
there are and where the next page starts; the cursor itself is the front end's business."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from svodka.kb.text import query_terms, snippet, words
from svodka.store.records import Facet, FactQuery, FactRow, Hit, KBEntity, SearchQuery

if TYPE_CHECKING:
    from svodka.kb.conflicts import Conflict
    from svodka.kb.service import KnowledgeBase
    from svodka.kb.track import Track

LEAD_CHARS = 240  # the start of a document shown where no query words pick a snippet


@dataclass(slots=True)
class SearchPage:
    hits: list[Hit]
    total: int  # documents the whole search matches
    facets: dict[str, list[Facet]] = field(default_factory=dict)
    any_word: bool = False  # no document held every word: these hold some of them
    entity: KBEntity | None = None  # the entity the search was narrowed to


@dataclass(slots=True)
class Page:
    """One page of a longer list and how long the list is."""

    items: list
    total: int


def search_page(kb: "KnowledgeBase", query: str = "", entity: str | None = None, entity_type: str | None = None,
                fact_type: str | None = None, date_from: str | None = None, date_to: str | None = None,
                limit: int = 20, offset: int = 0, facets: bool = True) -> SearchPage:
    """Documents holding every query word in some form (any of them when none holds all), ranked;
    with no words, the filtered documents newest first. An unknown ``entity`` matches nothing."""
    found = kb.entities(entity) if entity else []
    if entity and not found:
        return SearchPage([], 0)
    terms = query_terms(query, kb.morph, kb.store.vocabulary)
    if not terms and query.strip():
        raise ValueError(f"the query {query[:40]!r} has no words to search for")
    q = SearchQuery(terms, False, found[0].id if found else None, fact_type, date_from, date_to,
                    entity_type=entity_type, limit=limit, offset=offset)
    total = kb.store.count(q)
    if not total and len(terms) > 1:
        q.any_word = True
        total = kb.store.count(q)
    hits = []
    for hit, text in (kb.store.search(q) if total else []):
        if terms:
            hit.snippet, hit.marks = snippet(text, terms, kb.morph)
        else:
            hit.snippet, hit.marks = lead(text), []
        hits.append(hit)
    return SearchPage(hits, total, kb.store.facets(q) if facets and total else {}, q.any_word,
                      found[0] if found else None)


def lead(text: str, chars: int = LEAD_CHARS) -> str:
    """The start of a text, cut at a word, white space collapsed."""
    body = " ".join(text[: chars * 2].split())
    if len(body) <= chars:
        return body
    return body[:chars].rsplit(" ", 1)[0] + "…"


def latest(kb: "KnowledgeBase", limit: int = 10) -> list[Hit]:
    """The newest documents, each with its lead as the snippet."""
    out = []
    for hit, text in kb.store.search(SearchQuery(limit=limit)):
        hit.snippet = lead(text)
        out.append(hit)
    return out


def facts_page(kb: "KnowledgeBase", types: tuple[str, ...] = (), status: str | None = None,
               party: str | None = None, kind: str | None = None, date_from: str | None = None,
               date_to: str | None = None, doc_id: str | None = None, newest_first: bool = True,
               limit: int = 50, offset: int = 0) -> Page:
    """Facts naming ``party`` (a name in any word form, or «#id»; an unknown one matches nothing)
    and the other filters, newest first unless asked otherwise."""
    kb_id = None
    if party:
        found = kb.entities(party)
        if not found:
            return Page([], 0)
        kb_id = found[0].id
    q = FactQuery(tuple(types), status, kb_id, kind or None, None, date_from, date_to, doc_id, newest_first)
    total = kb.store.count_facts(q)
    q.limit, q.offset = limit, offset
    return Page(kb.store.find_facts(q) if total else [], total)


def entities_page(kb: "KnowledgeBase", name: str | None = None, type_: str | None = None,
                  limit: int = 50, offset: int = 0) -> Page:
    """KB entities a name can mean (any word form), or all of them most documented first; each
    as (entity, the names documents gave it)."""
    if name and name.strip():
        found = [e for e in kb.entities(name) if type_ is None or e.type == type_]
        chosen, total = found[offset:offset + limit], len(found)
    else:
        counts = kb.counts()
        total = counts.get(f"kb_entities.{type_}", 0) if type_ else counts.get("kb_entities", 0)
        chosen = kb.top_entities(limit, type_, offset) if offset < total else []
    return Page([(e, kb.entity_names(e.id)) for e in chosen], total)


def claim_key(doc_id: str, evidence_text: str) -> tuple[str, str]:
    """What ties a figure on a page to a claim of a conflict: its document and its sentence."""
    return doc_id, " ".join((evidence_text or "").split())


def document_conflicts(kb: "KnowledgeBase", doc_id: str) -> list["Conflict"]:
    """The conflicting figures one document gives, each against another document: found per
    metric the document reports, pairing only its own figures with the others."""
    rows = kb.store.find_facts(FactQuery(("indicator", "target"), doc_id=doc_id))
    out = []
    for metric in dict.fromkeys(r.fields.get("metric") for r in rows):
        if metric and any(True for _ in words(metric)):
            out += [c for c in kb.conflicts(metric, doc_id=doc_id) if c not in out]
    return out


def track_conflicts(kb: "KnowledgeBase", track: "Track") -> list["Conflict"]:
    """The conflicts among a track's indicators and targets."""
    keys = {claim_key(o.doc_id, o.evidence) for o in (*track.indicators, *track.targets)}
    return [c for c in kb.conflicts(track.metric)
            if any(claim_key(x.doc_id, x.evidence.get("text")) in keys for x in c.claims)]
