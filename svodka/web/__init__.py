"""The web pages: server-rendered (Jinja2, autoescaped), in Russian, usable without JavaScript
except the charts. Their URLs mirror the API's (``/entities/12`` ↔ ``/api/v1/entities/12``).

``svodka.web.create_app(source, token)`` is the API application (svodka/api) with the pages and
their static files added: what ``svodka serve`` runs."""
from __future__ import annotations

from fastapi import FastAPI

__all__ = ["create_app"]


def create_app(source, token: str | None = None, cors_origins: list[str] | None = None) -> FastAPI:
    from svodka.api import create_app as api_app
    from svodka.web import pages
    app = api_app(source, token, cors_origins)
    pages.install(app)
    return app
