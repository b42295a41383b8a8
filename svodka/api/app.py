"""The HTTP API's application: the knowledge base behind ``/api/v1``, its OpenAPI document at
``/openapi.json`` and interactive docs at ``/docs`` with assets served from this package (no CDN).

What every route shares lives here: errors as JSON ``{"error", "detail"}`` with a 4xx status
(a request never meets a 500 for what it asked), the Bearer token that write routes require
(no token configured: the server is read-only and says so), request size limits, security
headers on every answer, and CORS only when origins are given."""
from __future__ import annotations

import hmac
import logging
import sqlite3
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from svodka.api.paging import BadCursor
from svodka.kb import KnowledgeBase
from svodka.store.base import ReadOnlyKnowledgeBase, Store, StoreError

STATIC = Path(__file__).parent / "static"
MAX_BODY = 1_000_000  # bytes: an extract request, a merge or a split
MAX_INGEST_BODY = 64_000_000  # bytes: documents to ingest, JSONL
ERROR_NAMES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 409: "conflict", 413: "payload_too_large", 415: "unsupported_media_type",
               422: "bad_request", 503: "unavailable"}
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
log = logging.getLogger("svodka.api")


class ApiError(HTTPException):
    """An answer that is not the one asked for: its status, a short name and a sentence."""

    def __init__(self, status: int, detail: str, error: str | None = None, headers: dict | None = None):
        super().__init__(status, detail, headers)
        self.error = error or ERROR_NAMES.get(status, "error")


def error_response(status: int, error: str, detail, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": error, "detail": detail}, status_code=status, headers=headers)


def knowledge_base(source, token: str | None) -> KnowledgeBase:
    """A KnowledgeBase from what ``create_app`` was given: one, a store, or a location (opened
    read-only when no token allows writes)."""
    if isinstance(source, KnowledgeBase):
        return source
    if isinstance(source, Store):
        return KnowledgeBase(store=source)
    return KnowledgeBase(str(source), readonly=token is None)


def create_app(source, token: str | None = None, cors_origins: list[str] | None = None) -> FastAPI:
    """The API over a knowledge base: a ``KnowledgeBase``, a ``Store`` or a location. Write routes
    need ``Authorization: Bearer <token>``; without a ``token`` the server is read-only."""
    from svodka.api import docs, reads, writes
    app = FastAPI(title="svodka", version=_version(), docs_url=None, redoc_url=None,
                  description="Russian news as data: documents, entities, facts and figures, each with "
                              "the words it came from. Lists take `limit` (≤ 500) and an opaque `cursor`; "
                              "`format=csv` gives a list as CSV (UTF-8 with BOM).")
    app.state.kb = knowledge_base(source, token)
    app.state.token = token or None
    _errors(app)
    app.include_router(reads.router)
    app.include_router(writes.router)
    app.include_router(docs.router)
    app.mount("/api-static", StaticFiles(directory=STATIC), name="api-static")
    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders)
    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware
        app.add_middleware(CORSMiddleware, allow_origins=cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])
    return app


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("svodka")
    except PackageNotFoundError:
        return "0"


def kb_of(request: Request) -> KnowledgeBase:
    return request.app.state.kb


def require_token(request: Request) -> None:
    """A dependency of every write route: the configured Bearer token, compared in constant time."""
    token = request.app.state.token
    if token is None:
        raise ApiError(401, "this server is read-only: it was started without a token "
                            "(svodka serve --token T, or $SVODKA_TOKEN), so nothing can be changed",
                       "read_only", {"WWW-Authenticate": "Bearer"})
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
        raise ApiError(401, "this route changes the knowledge base: send Authorization: Bearer <token>",
                       headers={"WWW-Authenticate": "Bearer"})


def _errors(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        error = getattr(exc, "error", None) or ERROR_NAMES.get(exc.status_code, "error")
        detail = exc.detail if exc.status_code != 404 or isinstance(exc, ApiError) else \
            f"no such page or route: {request.url.path}"
        return error_response(exc.status_code, error, detail, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        problems = [f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg')}"
                    for e in exc.errors()]
        return error_response(400, "bad_request", "; ".join(problems) or "the request is not valid")

    @app.exception_handler(BadCursor)
    async def bad_cursor(request: Request, exc: BadCursor):
        return error_response(400, "bad_cursor", str(exc))

    @app.exception_handler(ValueError)
    async def bad_value(request: Request, exc: ValueError):
        return error_response(400, "bad_request", str(exc))

    @app.exception_handler(ReadOnlyKnowledgeBase)
    async def read_only(request: Request, exc: ReadOnlyKnowledgeBase):
        return error_response(403, "read_only", str(exc))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        log.exception("failed on %s", request.url.path)
        return error_response(500, "internal", f"svodka failed on this request ({type(exc).__name__}); "
                                               "the server log has the details")

    @app.exception_handler(StoreError)
    @app.exception_handler(sqlite3.Error)
    async def store_error(request: Request, exc: Exception):
        log.exception("the knowledge base failed on %s", request.url.path)
        return error_response(503, "unavailable", f"the knowledge base could not answer: {exc}")


class BodyLimit:
    """Refuses a request body over the route's limit with 413 before it is read into memory: by
    its Content-Length, or as it streams in when it has none. A NUL in the path or the query is a
    400 here too, before any route reads it."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and _has_nul(scope):
            return await error_response(400, "bad_request", "the request holds a NUL character")(scope, receive, send)
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            return await self.app(scope, receive, send)
        limit = MAX_INGEST_BODY if scope["path"].rstrip("/") == "/api/v1/documents" else MAX_BODY
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            return await _too_large(limit)(scope, receive, send)
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise _TooLarge()
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await _too_large(limit)(scope, receive, send)


def _has_nul(scope) -> bool:
    """A NUL in the path or the query: no name, word or id holds one (and PostgreSQL text cannot)."""
    return "\x00" in scope.get("path", "") or b"%00" in scope.get("query_string", b"").lower()


class _TooLarge(Exception):
    pass


def _too_large(limit: int) -> JSONResponse:
    return error_response(413, "payload_too_large", f"the request body is over {limit:,} bytes".replace(",", " "))


class SecurityHeaders:
    """No sniffing, no framing, no referrer to other sites; pages may load scripts and styles from
    this server only."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
                            (b"referrer-policy", b"same-origin"), (b"content-security-policy", CSP.encode())]
                message = dict(message, headers=headers)
            await send(message)

        await self.app(scope, receive, with_headers)
