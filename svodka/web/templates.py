"""The Jinja2 environment of the pages: templates under web/templates, autoescaped (every string
from a document is text, never markup), with the Russian wording as filters."""
from __future__ import annotations

import json
from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from svodka.web import wording
from svodka.web.highlight import marked
from svodka.web.views import headings

ENV = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                  autoescape=select_autoescape(default=True, default_for_string=True), trim_blocks=True,
                  lstrip_blocks=True)
ENV.filters.update(day=wording.day, month=wording.month, value=wording.value, amount=wording.amount,
                   period=wording.period, status=lambda s: wording.STATUSES.get(s, s or "—"),
                   target_status=lambda s: wording.TARGET_STATUS.get(s, s or "—"),
                   entity_type=lambda t: wording.ENTITY_TYPES.get(t, t), fact_type=lambda t: wording.FACT_TYPES_RU.get(t, t),
                   fact_one=lambda t: wording.FACT_TYPE_ONE.get(t, t), marked=marked, number=wording.amount)
ENV.globals.update(plural=wording.plural, ENTITY_TYPES=wording.ENTITY_TYPES,
                   ENTITY_TYPES_PLURAL=wording.ENTITY_TYPES_PLURAL, FACT_TYPES_RU=wording.FACT_TYPES_RU,
                   STATUSES_RU=wording.STATUSES)


def chart_json(spec) -> Markup:
    """A chart spec for a ``<script type="application/json">``: ``<``, ``>`` and ``&`` escaped, so
    no string in it can close the element."""
    text = json.dumps(spec, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


ENV.filters["chart_json"] = chart_json


def web_url(url: str | None) -> str | None:
    """A link a page may show: http or https only (never «javascript:»)."""
    return url if isinstance(url, str) and url.lower().startswith(("http://", "https://")) else None


ENV.filters["web_url"] = web_url
ENV.filters["zip"] = lambda a, b: list(zip(a, b))
ENV.globals["headings"] = headings


def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    html = ENV.get_template(name).render(request=request, read_only=request.app.state.token is None, **context)
    return HTMLResponse(html, status_code=status)
