"""The knowledge-base commands. Each asks ``KnowledgeBase`` and hands the answer to a printer in
``tables`` (for people) or to ``options.emit`` through ``answers`` (``--format json|csv``, for
scripts). Read commands open the knowledge base read-only; only ingest, merge, split and undo write."""
from __future__ import annotations

import contextlib
import sqlite3
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from svodka import store as stores
from svodka.cli import answers, cluster, tables
from svodka.cli.cluster import Engine
from svodka.cli.options import (MAX_LIMIT, Output, date_option, date_range, db_option, emit, err, fail,
                                max_chars_option,
                                human, open_kb)
from svodka.facts.schema import FACT_TYPES
from svodka.store.base import StoreError

DB = db_option()
FORMAT = typer.Option(Output.pretty, "--format", "-f", metavar="FORMAT", help="pretty (default), json or csv.")


def _limit(default: int, what: str = "How many to show."):
    return typer.Option(default, "--limit", "-n", min=1, max=MAX_LIMIT, metavar="N", help=what)


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    xlsx = "xlsx"
    plover = "plover"
    ftm = "ftm"
    datasette = "datasette"


def ingest(
    paths: list[str] = typer.Argument(..., metavar="PATH...",
                                      help="Files, folders (every *.txt and *.jsonl below), globs, or - for stdin."),
    db: str = DB,
    workers: int = typer.Option(1, "--workers", "-w", min=1, max=256, metavar="N", help="Extraction processes."),
    batch: int = typer.Option(32, "--batch", min=1, max=MAX_LIMIT, metavar="N", help="Documents per transaction."),
    date: Optional[str] = typer.Option(None, "--date", metavar="DATE", help="Date of documents that give none."),
    engine: Engine = cluster.ENGINE,
    scheduler: Optional[str] = cluster.SCHEDULER,
    local: Optional[int] = cluster.LOCAL,
    max_chars: int = max_chars_option(),
) -> None:
    """Extract and store documents; unchanged ones are skipped, changed ones replaced."""
    from svodka.cli.progress import bar
    day = date_option(date, "--date")
    cluster.check(engine, scheduler, local)
    with contextlib.ExitStack() as stack:
        runner = None
        if engine is Engine.dask:  # workers extract and lemmatize; this process writes, a batch a transaction
            dask, client = stack.enter_context(cluster.dask_client(scheduler, local or (workers if workers > 1 else None)))
            runner = dask.Runner(client, batch)
        kb = stack.enter_context(open_kb(db, write=True))
        stored = {"n": 0}
        try:
            with bar(err, "ingesting", None) as advance:
                report = kb.ingest(paths, day, workers, batch, on_document=lambda _id, done: advance(done),
                                   on_plan=lambda todo, skipped: None, on_commit=lambda n: stored.update(n=n),
                                   max_chars=max_chars, runner=runner)
        except KeyboardInterrupt:
            fail(f"interrupted: {stored['n']} documents were stored in {stores.shown(db)}; run the same command again "
                 "to go on from there", 130)
        tables.ingest_summary(report, kb.counts(), stores.shown(db), err)
    if report.failed:
        raise typer.Exit(1)


def search(
    query: str = typer.Argument("", metavar="[WORDS]", help="Words in any form: «казахстанской пшеницы»."),
    db: str = DB,
    entity: Optional[str] = typer.Option(None, "--entity", "-e", metavar="NAME", help="Only documents naming it."),
    fact: Optional[str] = typer.Option(None, "--fact", metavar="TYPE",
                                       help="Only documents with a fact of this type: " + ", ".join(FACT_TYPES) + "."),
    since: Optional[str] = typer.Option(None, "--from", metavar="DATE", help="From this day, month or year."),
    until: Optional[str] = typer.Option(None, "--to", metavar="DATE", help="To this day, month or year."),
    limit: int = _limit(10),
    format: Output = FORMAT,
) -> None:
    """Ranked documents holding the words in any form, with highlighted snippets. Exit status 1
    when nothing is found."""
    date_from, date_to = date_range(since, until)
    if fact is not None and fact not in FACT_TYPES:
        raise typer.BadParameter(f"{fact!r} is no fact type: " + ", ".join(FACT_TYPES), param_hint="--fact")
    with open_kb(db) as kb:
        if entity is not None and not kb.entities(entity):
            _no_entity(kb, entity)
        found = kb.search(query, entity, fact, date_from, date_to, limit)
        if format is not Output.pretty:
            emit(answers.hits(found), format, answers.HIT_COLUMNS)
        else:
            tables.hits(found, human(), ranked=bool(query.strip()))
        if date_from or date_to:
            left = kb.undated_left_out(query, entity, fact)
            if left:
                err.print(f"{left} undated document{'s' if left > 1 else ''} left out by --from/--to")
    if not found:
        fail("nothing found")


def entity(
    name: str = typer.Argument(..., metavar="NAME", help="A name in any word form, or #id."),
    db: str = DB,
    limit: int = _limit(20, "How many roles, meetings, quotes and agreements to show of each."),
    format: Output = FORMAT,
) -> None:
    """A profile: roles over time, meetings, statements, agreements, company kept, documents."""
    with open_kb(db) as kb:
        found = kb.entity(name)
        if found is None:
            _no_entity(kb, name)
        if format is Output.pretty:
            tables.profile(found, limit, human())
        elif format is Output.json:
            emit([answers.profile(found, limit)], format)
        else:
            emit(answers.profile_rows(found), format, answers.PROFILE_COLUMNS)


def entities(
    name: Optional[str] = typer.Argument(None, metavar="[NAME]", help="Entities this name can mean (any form)."),
    db: str = DB,
    type: Optional[str] = typer.Option(None, "--type", "-t", metavar="TYPE", help="PER, ORG or LOC."),
    limit: int = _limit(20),
    format: Output = FORMAT,
) -> None:
    """KB entities with their ids, documents, mentions and the names used: all of them, most
    documented first, or those a name can mean."""
    kind = type.upper() if type else None
    if kind is not None and kind not in ("PER", "ORG", "LOC", "FAC", "EVENT"):
        raise typer.BadParameter(f"{type!r} is no entity type: PER, ORG, LOC", param_hint="--type")
    with open_kb(db) as kb:
        if name:
            found = [e for e in kb.entities(name) if kind is None or e.type == kind][:limit]
            if not found:
                _no_entity(kb, name)
        else:
            found = kb.top_entities(limit, kind)
        rows = [answers.entity(e, kb.entity_names(e.id)) for e in found]
        if format is Output.pretty:
            tables.entities(rows, human())
        else:
            emit(rows, format, answers.ENTITY_COLUMNS)


def show(
    doc_id: str = typer.Argument(..., metavar="DOC", help="A document id as ingest gave it."),
    db: str = DB,
    format: Output = FORMAT,
) -> None:
    """A stored document: its headline, the text with entities and values highlighted, and its
    facts, each with the sentence it came from."""
    with open_kb(db) as kb:
        doc = kb.document(doc_id)
        if doc is None:
            fail(f"no document {doc_id!r} in {stores.shown(db)}")
        if format is Output.pretty:
            from svodka.cli.render import render
            render(doc, human())
        else:
            emit([doc] if format is Output.json else answers.fact_rows(doc), format)


def track(
    metric: Optional[str] = typer.Argument(None, metavar="[METRIC]",
                                           help="«товарооборот», «объем перевозок»; none: list the metrics known."),
    scope: Optional[str] = typer.Option(None, "--scope", metavar="NAMES", help="Comma-separated: Казахстан,Туркменистан."),
    db: str = DB,
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="DATE", help="Judge deadlines as of this day (today)."),
    format: Output = FORMAT,
) -> None:
    """Indicators and targets of a metric over time, each target's status from later figures."""
    scopes = [s.strip() for s in (scope or "").split(",") if s.strip()]
    day = date_option(as_of, "--as-of")
    with open_kb(db) as kb:
        if metric is None or not metric.strip():
            known = kb.metrics()
            if format is Output.pretty:
                tables.metrics(known, human())
            else:
                emit([{"metric": m, "facts": n} for m, n in known], format, ("metric", "facts"))
            return
        for s in scopes:
            if not kb.entities(s):
                _no_entity(kb, s)
        t = kb.track(metric, scopes, day)
        if format is Output.pretty:
            tables.track(t, human())
        else:
            emit(answers.track(t), format, answers.TRACK_COLUMNS)
    if not t.indicators and not t.targets:
        fail(f"no indicators or targets for «{metric}»")


def conflicts(
    metric: Optional[str] = typer.Option(None, "--metric", "-m", metavar="METRIC", help="Only this metric (any form)."),
    scope: Optional[str] = typer.Option(None, "--scope", metavar="NAMES", help="Comma-separated: Россия,Казахстан."),
    since: Optional[str] = typer.Option(None, "--from", metavar="DATE", help="Periods from this day, month or year."),
    until: Optional[str] = typer.Option(None, "--to", metavar="DATE", help="Periods to this day, month or year."),
    db: str = DB,
    format: Output = FORMAT,
) -> None:
    """Figures two reports give differently: the same indicator (metric, scope, period) or
    target with values that cannot both hold, each with both sentences. Exit status 1 when none."""
    date_from, date_to = date_range(since, until)
    scopes = [s.strip() for s in (scope or "").split(",") if s.strip()]
    with open_kb(db) as kb:
        for s in scopes:
            if not kb.entities(s):
                _no_entity(kb, s)
        found = kb.conflicts(metric, scopes, date_from, date_to)
        if format is Output.pretty:
            tables.conflicts(found, human())
        else:
            emit(answers.conflicts(found, flat=format is Output.csv), format)
    if not found:
        fail("no conflicting figures found")


def merge(
    keep: str = typer.Argument(..., metavar="KEEP", help="The entity that stays (name or #id)."),
    drop: str = typer.Argument(..., metavar="DROP", help="The entity that is the same one (name or #id)."),
    db: str = DB,
    force: bool = typer.Option(False, "--force", help="Merge even entities of different types."),
) -> None:
    """Two KB entities are one: links, names and keys move, and stay on re-ingest (undo reverses it)."""
    with open_kb(db, write=True) as kb:
        a, b = kb.merge(keep, drop, force)
        err.print(f"merged #{b.id} {b.name} ({b.type}, {b.documents} documents) into #{a.id} {a.name} "
                  f"({a.type}); `svodka undo` reverses it", markup=False)


def split(
    entity: str = typer.Argument(..., metavar="ENTITY", help="The KB entity a document was wrongly linked to."),
    doc: str = typer.Option(..., "--doc", metavar="DOC", help="The document whose entity is someone else."),
    entity_id: Optional[str] = typer.Option(None, "--entity-id", metavar="ID",
                                            help="Which of the document's entities («e3»), if it has several."),
    name: Optional[str] = typer.Option(None, "--name", metavar="NAME", help="Name of the new entity."),
    db: str = DB,
) -> None:
    """A document's entity is not that KB entity: it gets one of its own, kept on re-ingest."""
    with open_kb(db, write=True) as kb:
        new, moved = kb.split(entity, doc, name, entity_id)
        err.print(f"document {doc}: {moved['id']} «{moved['name']}» is now #{new.id} {new.name}; "
                  "`svodka undo` reverses it", markup=False)


def undo(db: str = DB) -> None:
    """Reverse the last merge or split (each call one more, newest first)."""
    with open_kb(db, write=True) as kb:
        done = kb.undo()
        if done is None:
            fail("nothing to undo: no merge or split left")
        d = done["detail"]
        what = (f"merge of #{d['drop']} into #{d['keep']}" if done["kind"] == "merge"
                else f"split of {d['doc']} {d['entity']} «{d['name']}» into #{d['into']}")
        err.print(f"undone: {what}", markup=False)


def export(
    format: ExportFormat = typer.Option(ExportFormat.jsonl, "--format", "-f", metavar="FORMAT",
                                        help="jsonl, csv, parquet, xlsx, plover, ftm or datasette."),
    out_dir: str = typer.Option("export", "--out", "-o", metavar="FOLDER", help="Folder for the files."),
    since: Optional[str] = typer.Option(None, "--from", metavar="DATE", help="Documents from this day, month or year."),
    until: Optional[str] = typer.Option(None, "--to", metavar="DATE", help="Documents to this day, month or year."),
    types: Optional[str] = typer.Option(None, "--type", "-t", metavar="TYPES",
                                        help="Only these fact types, comma-separated: " + ", ".join(FACT_TYPES) + "."),
    excel: bool = typer.Option(False, "--excel", help="CSV for Excel: UTF-8 with BOM, ';' and decimal commas."),
    db: str = DB,
) -> None:
    """The knowledge base as files: complete tables (JSONL, CSV, Parquet, an Excel workbook),
    PLOVER events, FollowTheMoney entities, or a SQLite file for Datasette."""
    if Path(out_dir).exists() and not Path(out_dir).is_dir():
        raise typer.BadParameter(f"{out_dir} is a file, not a folder", param_hint="--out")
    if excel and format is not ExportFormat.csv:
        raise typer.BadParameter("--excel shapes CSV only; --format xlsx writes a workbook", param_hint="--excel")
    chosen = [t.strip() for t in (types or "").split(",") if t.strip()]
    for t in chosen:
        if t not in FACT_TYPES:
            raise typer.BadParameter(f"{t!r} is no fact type: " + ", ".join(FACT_TYPES), param_hint="--type")
    date_from, date_to = date_range(since, until)
    with open_kb(db) as kb:
        try:
            report = kb.export(format.value, out_dir, date_from, date_to, chosen, excel)
        except OSError as e:
            fail(f"--out {out_dir}: cannot write {e.filename or out_dir}: {e.strerror or e}")
        for table, path, n in report.written:
            err.print(f"{table:16} {n:7} rows  {path}", markup=False)
        for note in report.notes:
            err.print(note, markup=False)
        if date_from or date_to:
            left = kb.undated_left_out()
            if left:
                err.print(f"{left} undated document{'s' if left > 1 else ''} left out by --from/--to")


def overview(db: str = DB, limit: int = _limit(10), format: Output = FORMAT) -> None:
    """What the knowledge base holds: counts, top entities, signed agreements, a tracked target."""
    with open_kb(db) as kb:
        o = kb.overview(limit)
        if not o.counts["documents"]:
            fail(f"{stores.shown(db)} holds no documents yet: run `svodka ingest PATH --db {stores.shown(db)}`")
        if format is Output.pretty:
            tables.overview(o, limit, human())
        else:
            emit([answers.overview(o, limit)] if format is Output.json else
                 [{"count": k, "value": v} for k, v in o.counts.items()], format)


def copy(
    source: str = typer.Option(..., "--from", metavar="DB", help="The knowledge base to copy (a file or a URL)."),
    target: str = typer.Option(..., "--to", metavar="DB", help="A new or empty knowledge base (a file or a URL)."),
) -> None:
    """Copy a knowledge base into a new one, SQLite ↔ PostgreSQL, without reading the texts
    again: documents, entities, merges, splits and their undo history, ids kept."""
    from svodka.kb.copying import copy as copy_kb
    if not stores.is_server(source) and not Path(source).exists():
        fail(f"no knowledge base at {source}")
    try:
        done = copy_kb(source, target)
    except ValueError as e:
        fail(str(e))
    except (StoreError, sqlite3.Error, OSError) as e:
        fail(" ".join(str(e).split()))
    err.print(f"copied {done.documents} documents, {done.entities} entities and {done.corrections} corrections "
              f"from {stores.shown(source)} to {stores.shown(target)}", markup=False)


def _no_entity(kb, name: str):
    close = kb.suggest(name)
    fail(f"no entity called {name!r}" + (f"; did you mean {', '.join(close)}?" if close else ""))


COMMANDS = (ingest, search, entity, entities, show, track, conflicts, merge, split, undo, export, overview, copy)
