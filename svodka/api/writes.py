"""The routes that take a body: ``extract`` (reads a text, stores nothing: open to all) and the
three that change the knowledge base (ingest, merge, split: a Bearer token only)."""
from __future__ import annotations

import io

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from svodka.api.app import ApiError, kb_of, require_token
from svodka.kb.dates import period

router = APIRouter(prefix="/api/v1")


class ExtractRequest(BaseModel):
    text: str = Field(..., min_length=1, description="The text of one report.")
    date: str | None = Field(None, max_length=40, description="Its date (YYYY-MM-DD): relative dates resolve to it.")


class MergeRequest(BaseModel):
    keep: str = Field(..., min_length=1, max_length=500, description="The entity that stays: a name or #id.")
    drop: str = Field(..., min_length=1, max_length=500, description="The entity that is the same one.")
    force: bool = Field(False, description="Merge even entities of different types.")


class SplitRequest(BaseModel):
    entity: str = Field(..., min_length=1, max_length=500, description="The KB entity a document was wrongly linked to.")
    doc: str = Field(..., min_length=1, max_length=500, description="The document whose entity is someone else.")
    entity_id: str | None = Field(None, max_length=50, description="Which of its entities («e3»), if several.")
    name: str | None = Field(None, max_length=500, description="The new entity's name.")


def _day(value: str | None):
    found = period(value) if value and value.strip() else None
    return found[0] if found else None


@router.post("/extract", tags=["read"], summary="The contract JSON of a text; nothing is stored (body ≤ 1 MB)")
def extract(request: Request, body: ExtractRequest) -> dict:
    if not body.text.strip():
        raise ApiError(400, "the text is empty")
    return kb_of(request).pipeline(body.text, _day(body.date)).to_dict()


@router.post("/documents", tags=["write"], dependencies=[Depends(require_token)],
             summary="Ingest documents: one JSON object, a JSON array or JSONL of {id, date, text, title, url}",
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/x-ndjson": {"schema": {"type": "string"}},
                 "application/json": {"schema": {"type": "object"}}}}})
async def ingest(request: Request) -> dict:
    body = await request.body()
    if not body.strip():
        raise ApiError(400, "the body is empty: send documents as JSON or JSONL")
    if body.lstrip()[:1] not in (b"{", b"["):
        raise ApiError(400, "the body is not JSON: send {\"id\", \"date\", \"text\"} objects, one a line")
    kb = kb_of(request)
    from starlette.concurrency import run_in_threadpool
    report = await run_in_threadpool(kb.ingest, ["-"], stdin=io.BytesIO(body))
    failed = [dict(id=i, error=e) for i, e in report.failed]
    if failed and not (report.added or report.replaced or report.skipped):
        raise ApiError(400, failed[0]["id"] + ": " + failed[0]["error"] if len(failed) == 1 else
                       f"none of the {len(failed)} documents could be read: " + failed[0]["error"])
    return dict(added=report.added, replaced=report.replaced, unchanged=report.skipped, failed=failed,
                undated=report.undated, counts=kb.counts())


@router.post("/entities/merge", tags=["write"], dependencies=[Depends(require_token)],
             summary="Two KB entities are one (kept on re-ingest; `svodka undo` reverses it)")
def merge(request: Request, body: MergeRequest) -> dict:
    kept, dropped = kb_of(request).merge(body.keep, body.drop, body.force)
    return dict(kept=kept.id, dropped=dropped.id, name=kept.name)


@router.post("/entities/split", tags=["write"], dependencies=[Depends(require_token)],
             summary="A document's entity is not that KB entity: it gets one of its own")
def split(request: Request, body: SplitRequest) -> dict:
    new, moved = kb_of(request).split(body.entity, body.doc, body.name, body.entity_id)
    return dict(id=new.id, name=new.name, doc=body.doc, entity_id=moved["id"])
