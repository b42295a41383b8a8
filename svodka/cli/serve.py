"""``svodka serve``: the web pages and the HTTP API over a knowledge base, run by uvicorn."""
from __future__ import annotations

import os
from typing import Optional

import typer

from svodka import store as stores
from svodka.cli.options import db_option, err, open_kb


def serve(
    db: str = db_option(),
    host: str = typer.Option("127.0.0.1", "--host", metavar="HOST", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, metavar="PORT", help="Port to listen on."),
    token: Optional[str] = typer.Option(None, "--token", metavar="TOKEN",
                                        help="Bearer token for the write routes (or $SVODKA_TOKEN); "
                                             "without one the server is read-only."),
    cors: Optional[list[str]] = typer.Option(None, "--cors", metavar="ORIGIN",
                                             help="Allow browser pages of this origin to call the API (repeatable)."),
) -> None:
    """Web pages and the HTTP API (/api/v1, /docs) over a knowledge base, until Ctrl-C."""
    import uvicorn

    from svodka.web import create_app
    token = token or os.environ.get("SVODKA_TOKEN") or None
    with open_kb(db, write=token is not None) as kb:
        app = create_app(kb, token=token, cors_origins=cors or None)
        mode = "writes with the token" if token else "read-only (no token)"
        err.print(f"svodka: {stores.shown(db)} at http://{host}:{port}/ — API /api/v1, docs /docs; {mode}", markup=False)
        uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
