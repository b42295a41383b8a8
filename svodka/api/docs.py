"""``/docs``: Swagger UI over ``/openapi.json``, its script, styles and start-up code served from
this package (svodka/api/static/swagger-ui, Apache-2.0), so the docs work with no internet and
under a Content-Security-Policy that allows scripts from this server only."""
from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>svodka API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/api-static/swagger-ui/favicon-32x32.png">
<link rel="stylesheet" href="/api-static/swagger-ui/swagger-ui.css">
</head><body><div id="swagger-ui" data-openapi="/openapi.json"></div>
<script src="/api-static/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/api-static/docs.js"></script>
</body></html>"""


@router.get("/docs")
def docs() -> HTMLResponse:
    return HTMLResponse(PAGE)
