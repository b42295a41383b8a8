"""How the knowledge-base commands print what ``KnowledgeBase`` answers (records; nothing here
queries): rich tables, highlighted snippets, an ingest progress bar."""
from __future__ import annotations

import contextlib
import sys

from rich.console import Console
from rich.table import Table
from rich.text import Text

from svodka.kb.track import when


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


def hits(found, console: Console, ranked: bool = True) -> None:
    if not found:
        console.print("nothing found")
        return
    for hit in found:
        console.print(Text.assemble((hit.doc_id, "bold"), "  ", (hit.date or "no date", "dim"),
                                    *(("  ", (f"{hit.score:.2f}", "dim")) if ranked else ())))
        snippet = Text(hit.snippet)
        for start, end in hit.marks:
            snippet.stylize("bold yellow", start, end)
        console.print(snippet)
        console.print()


def profile(p, console: Console) -> None:
    e = p.entity
    console.print(Text.assemble((e.name, "bold"), f"  #{e.id} {e.type}", f" {e.subtype}" if e.subtype else "",
                                f" {e.ref}" if e.ref else "", f"  {_n(e.documents, 'document')}, {_n(e.mentions, 'mention')}"))
    if len(p.names) > 1:
        console.print("also written: " + ", ".join(n for n in p.names if n != e.name))
    sections = (
        ("roles", p.roles, lambda r: f"{r.fields.get('role')}"
                                     f"{' — ' + r.name(r.fields['of']) if r.fields.get('of') else ''}  ({_where(r)})"),
        ("meetings", p.meetings, lambda m: f"{', '.join(_others(m, 'participants', e.id)) or '—'}"
                                           f"{' in ' + m.name(m.fields['place']) if m.fields.get('place') else ''}"
                                           f"  ({_where(m, m.fields.get('date'))})"),
        ("statements", p.statements, lambda s: f"«{(s.fields.get('quote') or {}).get('text', '')}»  ({_where(s)})"),
        ("agreements", p.agreements, lambda a: f"{a.fields.get('kind') or ''} {a.fields.get('subject') or ''} "
                                               f"[{a.fields.get('status')}] — {', '.join(_others(a, 'parties'))}"
                                               f"  ({_where(a, a.fields.get('date'))})"),
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
        console.print(f"  {d['date'] or 'no date':10}  {d['id']}  ({_n(d['mentions'], 'mention')})")
    if p.others:
        console.print("\n[dim]the name may also mean: " + ", ".join(f"#{o.id} {o.name}" for o in p.others) + "[/]")


def _others(f, field: str, but: int | None = None) -> list[str]:
    """The names of the entities a fact field holds, except ``but``."""
    return [f.name(i) for i in f.fields.get(field) or [] if i != but]


def _n(count: int, word: str) -> str:
    if count == 1:
        return f"1 {word}"
    return f"{count} {word[:-1] + 'ies' if word.endswith('y') else word + 's'}"


def _where(f, date: str | None = None) -> str:
    return f"{date or f.doc_date or 'no date'}, {f.doc_id}"


SCALES = ((1e12, "trn"), (1e9, "bn"), (1e6, "mn"))


def _amount(amount: float) -> str:
    """1000000000 → «1 bn», 1500000 → «1.5 mn», 12345 → «12 345»."""
    for size, word in SCALES:
        if abs(amount) >= size:
            return f"{amount / size:.3g} {word}"
    return f"{amount:,.0f}".replace(",", " ") if amount == int(amount) else f"{amount:g}"


def _value(v: dict) -> str:
    amount = v.get("amount")
    if amount is None:
        return v.get("text") or "?"
    unit = v.get("currency") or v.get("unit") or ("%" if v.get("type") == "PERCENT" else "")
    q = v.get("qualifier") or "="
    return f"{'' if q == '=' else q + ' '}{_amount(amount)} {unit}".strip()


STATUS_STYLE = {"met": "green", "overdue": "red"}


def track(t, console: Console) -> None:
    if not t.indicators and not t.targets:
        console.print(f"no indicators or targets for «{t.metric}»")
        return
    # Amounts and statuses are read whole; scopes and document ids give way on a narrow screen.
    whole = dict(no_wrap=True)
    table = Table(title=f"«{t.metric}»: indicators", show_lines=False)
    for col in ("when", "scope", "value", "document"):
        table.add_column(col, **(whole if col == "value" else {}))
    for o in t.indicators:
        table.add_row(when(o) or "—", ", ".join(o.scope), _value(o.value), o.doc_id)
    if t.indicators:
        console.print(table)
    targets = Table(title=f"«{t.metric}»: targets")
    for col in ("stated", "scope", "target", "deadline", "status", "document"):
        targets.add_column(col, **(whole if col in ("target", "status") else {}))
    style = STATUS_STYLE
    for o in t.targets:
        status = o.status + (f" ({o.met_by})" if o.met_by else "")
        targets.add_row(o.doc_date or "—", ", ".join(o.scope), _value(o.value), o.deadline or "—",
                        Text(status, style=style.get(o.status, "yellow")), o.doc_id)
    if t.targets:
        console.print(targets)


def overview(o, limit: int, console: Console) -> None:
    c = o.counts
    kinds = lambda prefix: ", ".join(f"{k.split('.', 1)[1]} {v}" for k, v in c.items() if k.startswith(prefix))  # noqa: E731
    console.print(f"[bold]{_n(c['documents'], 'document')}[/], [bold]{_n(c['kb_entities'], 'entity')}[/]"
                  + (f" ({kinds('kb_entities.')})" if c["kb_entities"] else "")
                  + f", {_n(c['mentions'], 'mention')}, {_n(c['values'], 'value')}, [bold]{_n(c['facts'], 'fact')}[/]"
                  + (f" ({kinds('facts.')})" if c["facts"] else ""))
    table = Table(title="top entities")
    for col in ("entity", "type", "documents", "mentions"):
        table.add_column(col)
    for e in o.top_entities:
        table.add_row(e.name, e.type + (f"/{e.subtype}" if e.subtype else ""), str(e.documents), str(e.mentions))
    console.print(table)
    if o.signed:
        _signed(o.signed, limit, console)
    if o.tracked is not None:
        target, t = o.tracked
        console.print(f"[bold]tracked target[/]: «{target.metric}» of {', '.join(target.scope) or 'no scope'}, "
                      f"{_value(target.value)}{' by ' + target.deadline if target.deadline else ''}: "
                      f"[{STATUS_STYLE.get(target.status, 'yellow')}]{target.status}[/]")
        track(t, console)


def _signed(signed: list, limit: int, console: Console) -> None:
    console.print(f"[bold]signed agreements[/] ({len(signed)})")
    groups: dict[tuple, list] = {}
    for a in signed[:limit]:  # one heading per report and parties: a summit signs several
        key = (a.fields.get("date") or a.doc_date or "no date",
               ", ".join(_others(a, "parties")) or "parties not named", a.doc_id)
        groups.setdefault(key, []).append(a)
    for (date, parties, doc_id), items in groups.items():
        console.print(f"  {date}  [bold]{parties}[/]  [dim]{doc_id}[/]")
        for a in items:
            console.print(f"    {a.fields.get('kind') or 'agreement'}"
                          + (f": {a.fields['subject']}" if a.fields.get("subject") else ""))
