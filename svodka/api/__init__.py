"""The HTTP API: ``svodka.api.create_app(kb_or_store_or_location, token=None)`` gives a FastAPI
application over a knowledge base (``/api/v1``, ``/openapi.json``, ``/docs``), for embedding in
another ASGI server; ``svodka serve`` runs it with the web pages (svodka/web) under uvicorn.
It calls ``KnowledgeBase`` (svodka/kb) and never the store."""
from svodka.api.app import create_app

__all__ = ["create_app"]
