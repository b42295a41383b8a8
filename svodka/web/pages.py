"""The page routes. Each asks ``KnowledgeBase`` what its API twin asks, and renders a template;
bad input shows an error page with a 4xx status, as the API answers with JSON."""
from __future__ import annotations

import datetime as dt
from importlib.util import find_spec
from pathlib import Path

from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from svodka.api import params as P
from svodka.api.app import ApiError, kb_of
from svodka.api.paging import BadCursor, MAX_LIMIT, encode, offset_of
from svodka.facts.schema import FACT_TYPES, STATUSES
from svodka.kb.browse import claim_key
from svodka.web import views
from svodka.web.templates import render

HERE = Path(__file__).parent
router = APIRouter(include_in_schema=False)
PAGE = 20  # items on a page of a list
PROFILE_ITEMS = 50  # the latest meetings, statements and agreements an entity page shows of each


def install(app: FastAPI) -> None:
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    handlers = dict(app.exception_handlers)

    async def page_or_json(request: Request, exc: Exception):
        """Routes under /api answer JSON (svodka/api); pages answer a page."""
        if request.url.path.startswith(("/api/", "/openapi", "/docs", "/api-static")) or request.url.path == "/api":
            return await handlers[type(exc) if type(exc) in handlers else _base(exc, handlers)](request, exc)
        status, detail = _status_detail(exc)
        return render(request, "error.html", status=status, detail=detail, code=status)

    for kind in (StarletteHTTPException, ValueError, BadCursor, RequestValidationError):
        app.add_exception_handler(kind, page_or_json)


def _base(exc: Exception, handlers: dict):
    return next(k for k in handlers if isinstance(k, type) and isinstance(exc, k))


def _status_detail(exc: Exception) -> tuple[int, str]:
    if isinstance(exc, RequestValidationError):
        return 400, "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg')}" for e in exc.errors())
    if isinstance(exc, StarletteHTTPException):
        detail = exc.detail if isinstance(exc, ApiError) or exc.status_code != 404 else "Такой страницы нет."
        return exc.status_code, str(detail)
    return 400, str(exc)


def _pages(request: Request, total: int, offset: int, limit: int) -> dict:
    """Links to the page before and after, the filters kept."""
    params = dict(request.query_params)
    out = {"total": total, "first": offset + 1, "last": min(offset + limit, total)}
    for name, at in (("next", offset + limit), ("prev", offset - limit)):
        if 0 <= at < total and (name == "next" or offset > 0):
            query = {k: v for k, v in params.items() if k != "cursor"}
            if at > 0:
                query["cursor"] = encode(at, params)
            out[name] = request.url.path + "?" + "&".join(f"{k}={_quote(v)}" for k, v in query.items())
    return out


def _api_link(path: str, request: Request, **extra: str) -> str:
    """The API's twin of this page's list (its filters, no cursor), with ``extra`` parameters."""
    from urllib.parse import urlencode
    query = {k: v for k, v in request.query_params.items() if k != "cursor"}
    return path + "?" + urlencode({**query, **extra})


def _quote(value: str) -> str:
    from urllib.parse import quote
    return quote(value, safe="")


@router.get("/", response_class=HTMLResponse)
def home(request: Request):
    kb = kb_of(request)
    counts = kb.counts()
    return render(request, "home.html", counts=counts, latest=kb.latest(8), top=kb.top_entities(12),
                  metrics=kb.metrics()[:6], nav="home")


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: str = P.QUERY(), entity: str | None = P.NAME(), entity_type: str | None = P.NAME(),
           fact: str | None = P.NAME(), since: str | None = P.FROM(), until: str | None = P.TO(),
           cursor: str | None = P.CURSOR()):
    filters = dict(entity=P.blank_none(entity), entity_type=P.entity_type(entity_type), fact_type=P.fact_type(fact))
    date_from, date_to = P.dates(since, until)
    if not (q.strip() or any(filters.values()) or date_from or date_to):
        return render(request, "search.html", q="", page=None, nav="search")
    offset = offset_of(cursor, dict(request.query_params))
    kb = kb_of(request)
    page = kb.search_page(q, date_from=date_from, date_to=date_to, limit=PAGE, offset=offset, **filters)
    named = kb.entities(q)[:4] if q.strip() and len(q.split()) <= 4 and not offset else []
    return render(request, "search.html", q=q, page=page, named=named, pages=_pages(request, page.total, offset, PAGE),
                  csv=_api_link("/api/v1/search", request, format="csv", limit=str(MAX_LIMIT)),
                  facet_links=views.facet_links(request, page.facets), nav="search")


@router.get("/documents", response_class=HTMLResponse)
def documents(request: Request, since: str | None = P.FROM(), until: str | None = P.TO(),
              cursor: str | None = P.CURSOR()):
    date_from, date_to = P.dates(since, until)
    offset = offset_of(cursor, dict(request.query_params))
    page = kb_of(request).search_page("", date_from=date_from, date_to=date_to, limit=PAGE, offset=offset,
                                      facets=False)
    return render(request, "documents.html", page=page, pages=_pages(request, page.total, offset, PAGE),
                  args=dict(request.query_params), csv=_api_link("/api/v1/documents", request, format="csv",
                                                                 limit=str(MAX_LIMIT)), nav="documents")


@router.get("/documents/{doc_id:path}", response_class=HTMLResponse)
def document(request: Request, doc_id: str):
    kb = kb_of(request)
    doc = kb.document(doc_id)
    if doc is None:
        raise ApiError(404, f"Документа «{doc_id[:80]}» нет в базе.")
    conflicts = kb.document_conflicts(doc_id)
    return render(request, "document.html", doc=doc, view=views.document_view(doc, conflicts), nav="documents")


@router.get("/entities", response_class=HTMLResponse)
def entities(request: Request, q: str | None = P.NAME(), type: str | None = P.NAME(), cursor: str | None = P.CURSOR()):
    offset = offset_of(cursor, dict(request.query_params))
    kind = P.entity_type(type)
    page = kb_of(request).entities_page(P.blank_none(q), kind, 50, offset)
    return render(request, "entities.html", q=q or "", type=kind, page=page,
                  pages=_pages(request, page.total, offset, 50), nav="entities")


@router.get("/entities/{kb_id}", response_class=HTMLResponse)
def entity(request: Request, kb_id: int):
    kb = kb_of(request)
    profile = kb.entity(f"#{kb_id}", PROFILE_ITEMS) if 0 <= kb_id < 2 ** 62 else None
    if profile is None:
        raise ApiError(404, f"Сущности #{kb_id} нет в базе.")
    return render(request, "entity.html", p=profile, view=views.profile_view(profile), nav="entities",
                  writable=request.app.state.token is not None)


@router.post("/entities/{kb_id}/merge", response_class=HTMLResponse)
def merge(request: Request, kb_id: int, other: str = Form(..., max_length=P.MAX_TEXT),
          token: str = Form("", max_length=P.MAX_TEXT)):
    _check_token(request, token)
    kept, _ = kb_of(request).merge(f"#{kb_id}", other.strip())
    return RedirectResponse(f"/entities/{kept.id}", status_code=303)


@router.post("/entities/{kb_id}/split", response_class=HTMLResponse)
def split(request: Request, kb_id: int, doc: str = Form(..., max_length=P.MAX_TEXT),
          entity_id: str = Form("", max_length=50), name: str = Form("", max_length=P.MAX_TEXT),
          token: str = Form("", max_length=P.MAX_TEXT)):
    _check_token(request, token)
    new, _ = kb_of(request).split(f"#{kb_id}", doc.strip(), name.strip() or None, entity_id.strip() or None)
    return RedirectResponse(f"/entities/{new.id}", status_code=303)


def _check_token(request: Request, token: str) -> None:
    import hmac
    configured = request.app.state.token
    if configured is None:
        raise ApiError(401, "Сервер запущен без токена: изменения запрещены.")
    if not hmac.compare_digest(token.encode(), configured.encode()):
        raise ApiError(401, "Неверный токен: изменения не внесены.")


@router.get("/facts", response_class=HTMLResponse)
def facts(request: Request, type: str | None = P.NAME(), status: str | None = P.NAME(), party: str | None = P.NAME(),
          kind: str | None = P.NAME(), since: str | None = P.FROM(), until: str | None = P.TO(),
          cursor: str | None = P.CURSOR(), fixed: str | None = None):
    fact_type = fixed or P.fact_type(type)
    date_from, date_to = P.dates(since, until)
    offset = offset_of(cursor, dict(request.query_params))
    filters = dict(status=P.status(status), party=P.blank_none(party), kind=P.blank_none(kind))
    page = kb_of(request).facts_page(types=(fact_type,) if fact_type else (), date_from=date_from, date_to=date_to,
                                     limit=50, offset=offset, **filters)
    csv = _api_link("/api/v1/facts", request, format="csv", limit=str(MAX_LIMIT), **({"type": fixed} if fixed else {}))
    return render(request, "facts.html", page=page, pages=_pages(request, page.total, offset, 50),
                  rows=views.fact_rows(page.items), fact_type=fact_type, fixed=fixed, args=dict(request.query_params),
                  types=list(FACT_TYPES), statuses=STATUSES, csv=csv, nav="agreements" if fixed else "facts")


@router.get("/agreements", response_class=HTMLResponse)
def agreements(request: Request, status: str | None = P.NAME(), party: str | None = P.NAME(),
               kind: str | None = P.NAME(), since: str | None = P.FROM(), until: str | None = P.TO(),
               cursor: str | None = P.CURSOR()):
    return facts(request, None, status, party, kind, since, until, cursor, fixed="agreement")


@router.get("/track", response_class=HTMLResponse)
def track(request: Request, metric: str | None = P.NAME(), scope: str | None = P.NAME(),
          as_of: str | None = P.NAME()):
    kb = kb_of(request)
    if not P.blank_none(metric):
        return render(request, "track.html", metric="", scope=scope or "", metrics=kb.metrics()[:MAX_LIMIT],
                      t=None, nav="track")
    day = P.dates(as_of, None)[0]
    t = kb.track(metric, P.names(scope), dt.date.fromisoformat(day) if day else None)
    conflicts = kb.track_conflicts(t)
    keys = {claim_key(x.doc_id, x.evidence.get("text")) for c in conflicts for x in c.claims}
    return render(request, "track.html", metric=metric, scope=scope or "", t=t, view=views.track_view(t, keys),
                  conflicts=conflicts, metrics=[], nav="track")


@router.get("/conflicts", response_class=HTMLResponse)
def conflicts(request: Request, metric: str | None = P.NAME(), scope: str | None = P.NAME(),
              since: str | None = P.FROM(), until: str | None = P.TO()):
    date_from, date_to = P.dates(since, until)
    found = kb_of(request).conflicts(P.blank_none(metric), P.names(scope), date_from, date_to)
    return render(request, "conflicts.html", found=found, metric=metric or "", scope=scope or "", nav="conflicts")


@router.get("/extract", response_class=HTMLResponse)
def extract_form(request: Request):
    return render(request, "extract.html", text="", date="", doc=None, nav="extract")


@router.post("/extract", response_class=HTMLResponse)
def extract(request: Request, text: str = Form(..., max_length=500_000), date: str = Form("", max_length=40)):
    if not text.strip():
        raise ValueError("Вставьте текст: поле пустое.")
    day = P.dates(date, None)[0] if date.strip() else None
    doc = kb_of(request).pipeline(text, dt.date.fromisoformat(day) if day else None).to_dict()
    return render(request, "extract.html", text=text, date=date, doc=doc, view=views.document_view(doc, []),
                  nav="extract")


@router.get("/static/plotly.min.js")
def plotly_js():
    """plotly.js as the plotly package ships it."""
    spec = find_spec("plotly")
    path = Path(next(iter(spec.submodule_search_locations))) / "package_data" / "plotly.min.js"
    return FileResponse(path, media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"})

