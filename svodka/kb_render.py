"""How the knowledge-base commands print: rich tables, highlighted snippets, an ingest progress bar."""
from __future__ import annotations

import contextlib
import sys

from rich.console import Console
from rich.table import Table
from rich.text import Text


@contextlib.contextmanager
def ingest_progress(console: Console):
    """(on_plan, on_document) callbacks that drive a progress bar with docs/s at a terminal."""
    if not console.is_terminal and not sys.stderr.isatty():
        yield (lambda todo, skipped: None), (lambda doc_id, done: None)
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
    with Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                  TimeRemainingColumn(), console=console, transient=True) as progress:
        task = progress.add_task("ingest", total=None, rate="")

        def on_plan(todo: int, skipped: int) -> None:
            progress.update(task, total=todo)

        def on_document(doc_id: str, done: int) -> None:
            elapsed = progress.tasks[0].elapsed or 0
            progress.update(task, completed=done, rate=f"{done / elapsed:.1f} docs/s" if elapsed else "")

        yield on_plan, on_document


def ingest_summary(report, counts: dict, db: str, console: Console) -> None:
    rate = report.processed / report.seconds if report.seconds else 0
    console.print(f"[bold]{db}[/]: {len(report.added)} added, {len(report.replaced)} replaced, "
                  f"{len(report.skipped)} unchanged, {len(report.failed)} failed "
                  f"in {report.seconds:.1f} s ({rate:.1f} docs/s)")
    console.print(f"now {counts['documents']} documents, {counts['kb_entities']} entities, "
                  f"{counts['facts']} facts, {counts['values']} values")
    for doc_id, problem in report.failed:
        console.print(f"[red]failed[/] {doc_id}: {problem}")


def hits(found, console: Console) -> None:
    if not found:
        console.print("nothing found")
        return
    for hit in found:
        console.print(Text.assemble((hit.doc_id, "bold"), "  ", (hit.date or "no date", "dim"),
                                    "  ", (f"{hit.score:.2f}", "dim")))
        snippet = Text(hit.snippet)
        for start, end in hit.marks:
            snippet.stylize("bold yellow", start, end)
        console.print(snippet)
        console.print()


def profile(p, console: Console) -> None:
    e = p.entity
    console.print(Text.assemble((e.name, "bold"), f"  #{e.id} {e.type}", f" {e.subtype}" if e.subtype else "",
                                f" {e.ref}" if e.ref else "", f"  {e.documents} documents, {e.mentions} mentions"))
    if len(p.names) > 1:
        console.print("also written: " + ", ".join(n for n in p.names if n != e.name))
    sections = (
        ("roles", p.roles, lambda r: f"{r['role']}{' — ' + r['of'] if r.get('of') else ''}  ({_where(r)})"),
        ("meetings", p.meetings, lambda m: f"{', '.join(m['participants']) or '—'}"
                                           f"{' in ' + m['place'] if m.get('place') else ''}  ({_where(m)})"),
        ("statements", p.statements, lambda s: f"«{s['quote']}»  ({_where(s)})"),
        ("agreements", p.agreements, lambda a: f"{a.get('kind') or ''} {a.get('subject') or ''} [{a.get('status')}]"
                                               f" — {', '.join(a['parties'])}  ({_where(a)})"),
    )
    for title, items, line in sections:
        if items:
            console.print(f"\n[bold]{title}[/]")
            for item in items[:20]:
                console.print("  " + line(item))
    if p.companions:
        console.print("\n[bold]seen with[/]  " + ", ".join(f"{c.name} ({n})" for c, n in p.companions))
    console.print("\n[bold]documents[/]")
    for d in p.documents:
        console.print(f"  {d['date'] or 'no date':10}  {d['id']}  ({d['mentions']} mentions)")
    if p.others:
        console.print("\n[dim]the name may also mean: " + ", ".join(f"#{o.id} {o.name}" for o in p.others) + "[/]")


def _where(item: dict) -> str:
    return f"{item.get('date') or 'no date'}, {item['doc_id']}"


def _value(v: dict) -> str:
    amount = v.get("amount")
    if amount is None:
        return v.get("text") or "?"
    unit = v.get("currency") or v.get("unit") or ("%" if v.get("type") == "PERCENT" else "")
    q = v.get("qualifier") or "="
    return f"{'' if q == '=' else q + ' '}{amount:,.0f} {unit}".replace(",", " ")


def track(t, console: Console) -> None:
    if not t.indicators and not t.targets:
        console.print(f"no indicators or targets for «{t.metric}»")
        return
    table = Table(title=f"«{t.metric}»: indicators", show_lines=False)
    for col in ("when", "scope", "value", "document"):
        table.add_column(col)
    from svodka.store.track import when
    for o in t.indicators:
        table.add_row(when(o) or "—", ", ".join(o.scope), _value(o.value), o.doc_id)
    if t.indicators:
        console.print(table)
    targets = Table(title=f"«{t.metric}»: targets")
    for col in ("stated", "scope", "target", "deadline", "status", "document"):
        targets.add_column(col)
    style = {"met": "green", "overdue": "red"}
    for o in t.targets:
        status = o.status + (f" ({o.met_by})" if o.met_by else "")
        targets.add_row(o.doc_date or "—", ", ".join(o.scope), _value(o.value), o.deadline or "—",
                        Text(status, style=style.get(o.status, "yellow")), o.doc_id)
    if t.targets:
        console.print(targets)


def overview(kb, limit: int, console: Console) -> None:
    c = kb.counts()
    kinds = lambda prefix: ", ".join(f"{k.split('.', 1)[1]} {v}" for k, v in c.items() if k.startswith(prefix))  # noqa: E731
    console.print(f"[bold]{c['documents']}[/] documents, [bold]{c['kb_entities']}[/] entities "
                  f"({kinds('kb_entities.')}), {c['mentions']} mentions, {c['values']} values, "
                  f"[bold]{c['facts']}[/] facts" + (f" ({kinds('facts.')})" if c["facts"] else ""))
    table = Table(title="top entities")
    for col in ("entity", "type", "documents", "mentions"):
        table.add_column(col)
    for e in kb.top_entities(limit):
        table.add_row(e.name, e.type + (f"/{e.subtype}" if e.subtype else ""), str(e.documents), str(e.mentions))
    console.print(table)
    signed = kb.facts("agreement", "signed")
    if signed:
        console.print("[bold]signed agreements[/]")
        for a in signed[:limit]:
            console.print(f"  {a.get('date') or a['doc_date'] or 'no date'}  {a.get('kind') or ''} "
                          f"{a.get('subject') or ''} — {', '.join(a.get('parties') or [])}")
    targets = kb.facts("target")
    if targets:
        first = max(targets, key=lambda t: (bool(t.get("scope")), t["doc_date"] or ""))
        track(kb.track(first.get("metric") or "", first.get("scope") or []), console)
