"""The knowledge-base commands: ingest, search, entity, track, merge, split, export, overview.
Each asks ``KnowledgeBase`` and hands the answer to a printer in ``tables``."""
from __future__ import annotations

from enum import Enum
from typing import Optional

import typer

from svodka.cli import tables
from svodka.cli.options import DB_HELP, date_option, default_db, err, iso_option, max_chars_option, open_kb, out
from svodka.facts.schema import FACT_TYPES


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


def ingest(
    paths: list[str] = typer.Argument(..., help="Files, folders (every *.txt and *.jsonl below) or - for stdin."),
    db: str = typer.Option(default_db(), "--db", help=DB_HELP),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Extraction processes."),
    batch: int = typer.Option(32, "--batch", min=1, help="Documents per transaction."),
    date: Optional[str] = typer.Option(None, "--date", help="Date (YYYY-MM-DD) of documents that give none."),
    max_chars: int = max_chars_option(),
) -> None:
    """Extract and store documents; unchanged ones are skipped, changed ones replaced."""
    day = date_option(date)
    with open_kb(db, create=True) as kb:
        with tables.ingest_progress(err) as (on_plan, on_document):
            report = kb.ingest(paths, day, workers, batch, on_document, on_plan, max_chars)
        tables.ingest_summary(report, kb.counts(), db, err)
    if report.failed:
        raise typer.Exit(1)


def search(
    query: str = typer.Argument("", help="Words in any form: «казахстанской пшеницы»."),
    db: str = typer.Option(default_db(), "--db", help=DB_HELP),
    entity: Optional[str] = typer.Option(None, "--entity", "-e", help="Only documents about this entity."),
    fact: Optional[str] = typer.Option(None, "--fact", help="Only documents with a fact of this type: "
                                                             + ", ".join(FACT_TYPES) + "."),
    since: Optional[str] = typer.Option(None, "--from", help="First date (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, "--to", help="Last date (YYYY-MM-DD)."),
    limit: int = typer.Option(10, "--limit", "-n", min=1),
) -> None:
    """Full-text search over word lemmas, ranked, with highlighted snippets."""
    since, until = iso_option(since), iso_option(until)
    if fact is not None and fact not in FACT_TYPES:
        raise typer.BadParameter(f"{fact!r} is no fact type: " + ", ".join(FACT_TYPES), param_hint="--fact")
    with open_kb(db) as kb:
        if entity is not None and not kb.entities(entity):
            err.print(f"no entity called {entity!r}")
            raise typer.Exit(1)
        tables.hits(kb.search(query, entity, fact, since, until, limit), out, ranked=bool(query.strip()))


def entity(
    name: str = typer.Argument(..., help="A name in any form the documents gave, or #id."),
    db: str = typer.Option(default_db(), "--db", help=DB_HELP),
) -> None:
    """A profile: roles, meetings, statements, agreements, company kept, documents in time order."""
    with open_kb(db) as kb:
        found = kb.entity(name)
        if found is None:
            err.print(f"no entity called {name!r}")
            raise typer.Exit(1)
        tables.profile(found, out)


def track(
    metric: str = typer.Argument(..., help="«товарооборот», «объем перевозок»."),
    scope: Optional[str] = typer.Option(None, "--scope", help="Comma-separated entities: Казахстан,Туркменистан."),
    db: str = typer.Option(default_db(), "--db", help=DB_HELP),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Judge deadlines as of this day (default today)."),
) -> None:
    """Indicators and targets of a metric over time, each target's status from later figures."""
    if not metric.strip():
        raise typer.BadParameter("name a metric: «товарооборот», «объем перевозок»", param_hint="METRIC")
    scopes = [s.strip() for s in (scope or "").split(",") if s.strip()]
    day = date_option(as_of)
    with open_kb(db) as kb:
        unknown = [s for s in scopes if not kb.entities(s)]
        if unknown:
            err.print("no entity called " + ", ".join(repr(s) for s in unknown))
            raise typer.Exit(1)
        tables.track(kb.track(metric, scopes, day), out)


def merge(
    keep: str = typer.Argument(..., help="The entity that stays (name or #id)."),
    drop: str = typer.Argument(..., help="The entity that is the same one (name or #id)."),
    db: str = typer.Option(default_db(), "--db", help=DB_HELP),
) -> None:
    """Two KB entities are one: links, names and keys move, and stay on re-ingest."""
    with open_kb(db) as kb:
        a, b = kb.merge(keep, drop)
        out.print(f"merged #{b.id} {b.name} into #{a.id} {a.name}")


def split(
    entity: str = typer.Argument(..., help="The KB entity a document was wrongly linked to (name or #id)."),
    doc: str = typer.Option(..., "--doc", help="The document whose entity is someone else."),
    name: Optional[str] = typer.Option(None, "--name", help="Name of the new entity."),
    db: str = typer.Option(default_db(), "--db", help=DB_HELP),
) -> None:
    """A document's entity is not that KB entity: it gets one of its own, kept on re-ingest."""
    with open_kb(db) as kb:
        new = kb.split(entity, doc, name)
        out.print(f"document {doc}: now #{new.id} {new.name}")


def export(
    format: ExportFormat = typer.Option(ExportFormat.jsonl, "--format", "-f"),
    out_dir: str = typer.Option("export", "--out", "-o", help="Folder for documents, entities and facts files."),
    db: str = typer.Option(default_db(), "--db", help=DB_HELP),
) -> None:
    """Documents, entities and facts as JSONL, CSV or Parquet files."""
    with open_kb(db) as kb:
        for table, (path, n) in kb.export(format.value, out_dir).items():
            out.print(f"{table:9} {n:6} rows  {path}")


def overview(
    db: str = typer.Option(default_db(), "--db", help=DB_HELP),
    limit: int = typer.Option(10, "--limit", "-n", min=1),
) -> None:
    """What the knowledge base holds: counts, top entities, signed agreements, a tracked target."""
    with open_kb(db) as kb:
        tables.overview(kb.overview(limit), limit, out)


COMMANDS = (ingest, search, entity, track, merge, split, export, overview)
