"""The read routes of ``/api/v1``: each asks ``KnowledgeBase`` (svodka/kb) and shapes the answer
(api/shapes.py); lists come a page at a time (api/paging.py) or as CSV."""
from __future__ import annotations

import datetime as dt
import json

from fastapi import APIRouter, Path, Query, Request, Response

from svodka.api import params as P
from svodka.api import shapes
from svodka.api.app import ApiError, kb_of
from svodka.api.paging import csv_response, envelope, offset_of
from svodka.kb.browse import claim_key

router = APIRouter(prefix="/api/v1", tags=["read"])


def _query(request: Request):
    return dict(request.query_params)


def _list(request: Request, items: list, total: int, limit: int, offset: int, fmt: str, name: str,
          row=None, columns=None, **extra):
    if fmt == "csv":
        return csv_response([row(i) for i in items] if row else items, name, columns)
    return as_json(envelope(items, total, limit, offset, _query(request), **extra))


def as_json(answer: dict) -> Response:
    """The answer encoded once, as it is: plain data already (api/shapes.py), so FastAPI's walk
    over every value (a third of an entity profile's time) is skipped."""
    return Response(json.dumps(answer, ensure_ascii=False, allow_nan=False, default=str, separators=(",", ":")),
                    media_type="application/json")


@router.get("", summary="What this server holds and whether it takes writes")
def info(request: Request):
    kb = kb_of(request)
    return dict(name="svodka", version=request.app.version, read_only=request.app.state.token is None,
                counts=kb.counts(), openapi="/openapi.json", docs="/docs")


@router.get("/search", summary="Documents holding the words in any form, with snippets and facets")
def search(request: Request, q: str = P.QUERY(), entity: str | None = P.NAME(),
           entity_type: str | None = Query(None, max_length=P.MAX_TEXT, description="PER, ORG, LOC, FAC, EVENT."),
           fact: str | None = Query(None, max_length=P.MAX_TEXT, description="Only documents with a fact of this type."),
           since: str | None = P.FROM(), until: str | None = P.TO(), limit: int = P.limit(),
           cursor: str | None = P.CURSOR(), format: str = P.FORMAT()):
    date_from, date_to = P.dates(since, until)
    offset = offset_of(cursor, _query(request))
    page = kb_of(request).search_page(q, entity=P.blank_none(entity), entity_type=P.entity_type(entity_type),
                                      fact_type=P.fact_type(fact), date_from=date_from, date_to=date_to,
                                      limit=limit, offset=offset, facets=format != "csv")
    items = [shapes.hit(h) for h in page.hits]
    return _list(request, items, page.total, limit, offset, format, "search",
                 columns=("doc_id", "title", "date", "source", "score", "snippet"),
                 facets=shapes.facets(page.facets), any_word=page.any_word,
                 entity=shapes.entity(page.entity) if page.entity else None)


@router.get("/documents", summary="Every stored document, newest first (id, title, date, source, its lead)")
def documents(request: Request, since: str | None = P.FROM(), until: str | None = P.TO(), limit: int = P.limit(),
              cursor: str | None = P.CURSOR(), format: str = P.FORMAT()):
    date_from, date_to = P.dates(since, until)
    offset = offset_of(cursor, _query(request))
    page = kb_of(request).search_page("", date_from=date_from, date_to=date_to, limit=limit, offset=offset,
                                      facets=False)
    items = [shapes.hit(h) for h in page.hits]
    return _list(request, items, page.total, limit, offset, format, "documents",
                 columns=("doc_id", "title", "date", "source", "snippet"))


@router.get("/documents/{doc_id:path}", summary="A stored document as the contract JSON, with its date and source")
def document(request: Request, doc_id: str = Path(..., max_length=P.MAX_TEXT)):
    doc = kb_of(request).document(doc_id)
    if doc is None:
        raise ApiError(404, f"no document {doc_id[:80]!r}")
    return as_json(doc)


@router.get("/entities", summary="KB entities a name in any word form can mean, or all, most documented first")
def entities(request: Request, q: str | None = P.NAME(),
             type: str | None = Query(None, max_length=P.MAX_TEXT, description="PER, ORG, LOC, FAC, EVENT."),
             limit: int = P.limit(50), cursor: str | None = P.CURSOR(), format: str = P.FORMAT()):
    offset = offset_of(cursor, _query(request))
    page = kb_of(request).entities_page(P.blank_none(q), P.entity_type(type), limit, offset)
    items = [shapes.entity(e, names) for e, names in page.items]
    return _list(request, items, page.total, limit, offset, format, "entities")


@router.get("/entities/{kb_id}", summary="An entity's profile: names, roles over time, meetings, quotes, "
                                          "agreements, company kept, documents per month")
def entity(request: Request, kb_id: int = Path(..., ge=0, le=2 ** 62),
           limit: int = P.limit(50)):
    profile = kb_of(request).entity(f"#{kb_id}", limit)
    if profile is None:
        raise ApiError(404, f"no entity #{kb_id}")
    return as_json(shapes.profile(profile, limit))


@router.get("/facts", summary="Facts by type, status, party, kind and date, newest first")
def facts(request: Request,
          type: str | None = Query(None, max_length=P.MAX_TEXT, description="meeting, occupation, statement, "
                                   "indicator, target, decision, agreement."),
          status: str | None = Query(None, max_length=P.MAX_TEXT), party: str | None = P.NAME(),
          kind: str | None = Query(None, max_length=P.MAX_TEXT, description="An agreement's kind: «меморандум»."),
          doc: str | None = Query(None, max_length=P.MAX_TEXT, description="Only this document's facts."),
          since: str | None = P.FROM(), until: str | None = P.TO(),
          order: str = Query("newest", pattern="^(newest|oldest)$"), limit: int = P.limit(50),
          cursor: str | None = P.CURSOR(), format: str = P.FORMAT()):
    date_from, date_to = P.dates(since, until)
    kind_ = P.fact_type(type)
    offset = offset_of(cursor, _query(request))
    page = kb_of(request).facts_page(types=(kind_,) if kind_ else (), status=P.status(status),
                                     party=P.blank_none(party), kind=P.blank_none(kind), date_from=date_from,
                                     date_to=date_to, doc_id=P.blank_none(doc), newest_first=order == "newest",
                                     limit=limit, offset=offset)
    if format == "csv":
        return csv_response([shapes.fact_row(f) for f in page.items], "facts", shapes.fact_csv_columns())
    return as_json(envelope([shapes.fact(f) for f in page.items], page.total, limit, offset, _query(request)))


@router.get("/track", summary="Indicators and targets of a metric over time, each target's status; "
                               "without a metric, the metrics known")
def track(request: Request, metric: str | None = P.NAME(),
          scope: str | None = Query(None, max_length=P.MAX_TEXT, description="Comma-separated: Казахстан,Туркменистан."),
          as_of: str | None = Query(None, max_length=P.MAX_TEXT, description="Judge deadlines as of this day."),
          limit: int = P.limit(100), cursor: str | None = P.CURSOR(), format: str = P.FORMAT()):
    kb = kb_of(request)
    offset = offset_of(cursor, _query(request))
    if not P.blank_none(metric):
        known = [dict(metric=m, facts=n) for m, n in kb.metrics()]
        return _list(request, known[offset:offset + limit], len(known), limit, offset, format, "metrics")
    day = P.dates(as_of, None)[0]
    t = kb.track(metric, P.names(scope), dt.date.fromisoformat(day) if day else None)
    conflicting = {claim_key(x.doc_id, x.evidence.get("text")) for c in kb.track_conflicts(t) for x in c.claims}
    rows = [shapes.observation(o, claim_key(o.doc_id, o.evidence) in conflicting)
            for o in (*t.indicators, *t.targets)]
    return _list(request, rows[offset:offset + limit], len(rows), limit, offset, format, "track",
                 row=shapes.observation_row, metric=metric, scope=P.names(scope))


@router.get("/conflicts", summary="Figures two reports give differently, each with both sentences")
def conflicts(request: Request, metric: str | None = P.NAME(),
              scope: str | None = Query(None, max_length=P.MAX_TEXT, description="Comma-separated names."),
              since: str | None = P.FROM(), until: str | None = P.TO(), limit: int = P.limit(50),
              cursor: str | None = P.CURSOR(), format: str = P.FORMAT()):
    date_from, date_to = P.dates(since, until)
    offset = offset_of(cursor, _query(request))
    found = [shapes.conflict(c) for c in kb_of(request).conflicts(P.blank_none(metric), P.names(scope),
                                                                  date_from, date_to)]
    return _list(request, found[offset:offset + limit], len(found), limit, offset, format, "conflicts",
                 row=shapes.conflict_row)


@router.get("/overview", summary="Counts, the most documented entities and the latest documents")
def overview(request: Request, limit: int = P.limit(10)):
    kb = kb_of(request)
    return dict(counts=kb.counts(), top_entities=[shapes.entity(e) for e in kb.top_entities(limit)],
                latest=[shapes.hit(h) for h in kb.latest(limit)])
