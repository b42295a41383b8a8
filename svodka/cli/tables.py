"""How the knowledge-base commands print what ``KnowledgeBase`` answers, for people: rich tables
and highlighted snippets. Printers get records; nothing here queries."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from svodka.cli.wording import count, value
from svodka.kb.track import when

STATUS_STYLE = {"met": "green", "overdue": "red"}


def ingest_summary(report, counts: dict, db: str, console: Console) -> None:
    rate = report.processed / report.seconds if report.seconds else 0
    console.print(f"[bold]{db}[/]: {len(report.added)} added, {len(report.replaced)} replaced, "
                  f"{len(report.skipped)} unchanged, {len(report.failed)} failed "
                  f"in {report.seconds:.1f} s ({rate:.1f} docs/s)")
    console.print(f"now {count(counts['documents'], 'document')}, {count(counts['kb_entities'], 'entity')}, "
                  f"{count(counts['facts'], 'fact')}, {count(counts['values'], 'value')}")
    if report.replaced:
        console.print(f"replaced because their text or date changed since stored: {_some(report.replaced)}",
                      markup=False)
    if report.undated:
        console.print(f"{len(report.undated)} stored without a date ({_some(report.undated)}): their relative "
                      "dates are unresolved and --from/--to leave them out; --date gives one", markup=False)
    for doc_id, problem in report.failed:
        console.print(Text.assemble(("failed ", "red"), f"{doc_id}: {problem}"))


def _some(ids: list[str], n: int = 5) -> str:
    return ", ".join(ids[:n]) + (f" and {len(ids) - n} more" if len(ids) > n else "")


def hits(found, console: Console, ranked: bool = True) -> None:
    for hit in found:
        console.print(Text.assemble((hit.doc_id, "bold"), "  ", (hit.date or "no date", "dim"),
                                    *(("  ", (f"{hit.score:.2f}", "dim")) if ranked else ())))
        snippet = Text(hit.snippet)
        for start, end in hit.marks:
            snippet.stylize("bold yellow", start, end)
        console.print(snippet)
        console.print()


def entities(rows: list[dict], console: Console) -> None:
    table = Table(show_lines=False)
    for col in ("id", "entity", "type", "documents", "mentions", "also written"):
        table.add_column(col, no_wrap=col in ("id", "type"))
    for r in rows:
        table.add_row(f"#{r['id']}", r["name"], r["type"] + (f"/{r['subtype']}" if r["subtype"] else ""),
                      str(r["documents"]), str(r["mentions"]), ", ".join(n for n in r["names"] if n != r["name"]))
    console.print(table)


def profile(p, limit: int, console: Console) -> None:
    e = p.entity
    console.print(Text.assemble((e.name, "bold"), f"  #{e.id} {e.type}", f" {e.subtype}" if e.subtype else "",
                                f" {e.ref}" if e.ref else "",
                                f"  {count(e.documents, 'document')}, {count(e.mentions, 'mention')}"))
    if len(p.names) > 1:
        console.print("also written: " + ", ".join(n for n in p.names if n != e.name), markup=False)
    held = p.roles_held
    if held:
        console.print("\n[bold]roles[/]")
        for g in held[:limit]:
            span = g.first if g.first == g.last else f"{g.first or '?'} … {g.last or '?'}"
            console.print(Text.assemble(f"  {g.role}", f" — {g.of_name}" if g.of_name else "",
                                        f" ×{g.times}" if g.times > 1 else "", (f"  ({span or 'no date'})", "dim")))
            _sentence(g.facts[-1], console)
    _facts("meetings", p.meetings, limit, console,
           lambda m: (", ".join(m.name(i) for i in m.fields.get("participants") or [] if i != e.id) or "—")
           + (f" in {m.name(m.fields['place'])}" if m.fields.get("place") else ""))
    _facts("statements", p.statements, limit, console,
           lambda s: f"«{(s.fields.get('quote') or {}).get('text', '')}»")
    _facts("agreements", p.agreements, limit, console,
           lambda a: f"{a.fields.get('kind') or 'agreement'} {a.fields.get('subject') or ''} [{a.fields.get('status')}] — "
                     + ", ".join(a.name(i) for i in a.fields.get("parties") or []))
    if p.companions:
        console.print(Text.assemble("\n", ("seen with", "bold"), "  " + ", ".join(f"{c.name} ({n})" for c, n in p.companions)))
    console.print("\n[bold]documents[/]")
    for d in p.documents[:limit]:
        console.print(f"  {d['date'] or 'no date':10}  {d['id']}  ({count(d['mentions'], 'mention')})", markup=False)
    if len(p.documents) > limit:
        console.print(f"  … and {len(p.documents) - limit} more (--limit)")
    if p.others:
        console.print(Text("\nthe name may also mean: " + ", ".join(f"#{o.id} {o.name}" for o in p.others),
                           style="dim"))


def _facts(title: str, facts: list, limit: int, console: Console, line) -> None:
    if not facts:
        return
    console.print(f"\n[bold]{title}[/]")
    for f in facts[:limit]:
        console.print(Text.assemble(f"  {line(f)}", (f"  ({f.fields.get('date') or f.doc_date or 'no date'}, "
                                                      f"{f.doc_id})", "dim")))
        _sentence(f, console)
    if len(facts) > limit:
        console.print(f"  … and {len(facts) - limit} more (--limit)")


def _sentence(f, console: Console) -> None:
    words = f.sentence
    console.print(Text(f"    {words[:200]}{'…' if len(words) > 200 else ''}", style="dim italic"))


def metrics(known: list[tuple[str, int]], console: Console) -> None:
    table = Table(title="metrics with indicators or targets")
    table.add_column("metric")
    table.add_column("facts", justify="right")
    for m, n in known:
        table.add_row(m, str(n))
    console.print(table)


def track(t, console: Console) -> None:
    # Amounts and statuses are read whole; scopes and document ids give way on a narrow screen.
    whole = dict(no_wrap=True)
    table = Table(title=f"«{t.metric}»: indicators", show_lines=False)
    for col in ("when", "scope", "value", "document"):
        table.add_column(col, **(whole if col == "value" else {}))
    for o in t.indicators:
        table.add_row(when(o) or "—", ", ".join(o.scope), value(o.value), o.doc_id)
    if t.indicators:
        console.print(table)
    targets = Table(title=f"«{t.metric}»: targets")
    for col in ("stated", "scope", "target", "deadline", "status", "document"):
        targets.add_column(col, **(whole if col in ("target", "status") else {}))
    for o in t.targets:
        status = o.status + (f" ({o.met_by})" if o.met_by else "")
        targets.add_row(o.doc_date or "—", ", ".join(o.scope), value(o.value), o.deadline or "—",
                        Text(status, style=STATUS_STYLE.get(o.status, "yellow")), o.doc_id)
    if t.targets:
        console.print(targets)


def overview(o, limit: int, console: Console) -> None:
    c = o.counts
    kinds = lambda prefix: ", ".join(f"{k.split('.', 1)[1]} {v}" for k, v in c.items() if k.startswith(prefix))  # noqa: E731
    console.print(f"[bold]{count(c['documents'], 'document')}[/], [bold]{count(c['kb_entities'], 'entity')}[/]"
                  + (f" ({kinds('kb_entities.')})" if c["kb_entities"] else "")
                  + f", {count(c['mentions'], 'mention')}, {count(c['values'], 'value')}, "
                  f"[bold]{count(c['facts'], 'fact')}[/]" + (f" ({kinds('facts.')})" if c["facts"] else ""))
    table = Table(title="top entities")
    for col in ("entity", "type", "documents", "mentions"):
        table.add_column(col)
    for e in o.top_entities:
        table.add_row(e.name, e.type + (f"/{e.subtype}" if e.subtype else ""), str(e.documents), str(e.mentions))
    console.print(table)
    if o.signed:
        _signed(o.signed, limit, console)
    if o.conflicts:
        console.print(f"[bold]conflicting figures[/]: {o.conflicts} (svodka conflicts lists them with both sentences)")
    if o.tracked is not None:
        target, t = o.tracked
        console.print(f"[bold]tracked target[/]: «{target.metric}» of {', '.join(target.scope) or 'no scope'}, "
                      f"{value(target.value)}{' by ' + target.deadline if target.deadline else ''}: "
                      f"[{STATUS_STYLE.get(target.status, 'yellow')}]{target.status}[/]")
        track(t, console)


def _signed(signed: list, limit: int, console: Console) -> None:
    console.print(f"[bold]signed agreements[/] ({len(signed)})")
    groups: dict[tuple, list] = {}
    for a in signed[:limit]:  # one heading per report and parties: a summit signs several
        parties = ", ".join(a.name(i) for i in a.fields.get("parties") or [])
        key = (a.fields.get("date") or a.doc_date or "no date", parties or "parties not named", a.doc_id)
        groups.setdefault(key, []).append(a)
    for (date, parties, doc_id), items in groups.items():
        console.print(f"  {date}  [bold]{parties}[/]  [dim]{doc_id}[/]")
        for a in items:
            console.print(f"    {a.fields.get('kind') or 'agreement'}"
                          + (f": {a.fields['subject']}" if a.fields.get("subject") else ""), markup=False)


def conflicts(found, console: Console) -> None:
    """Each conflict as a heading (metric, scope, period) over its two claims side by side."""
    for c in found:
        period = f"{c.period['start']} … {c.period['end']}" if c.period else "no period"
        what = "target" if c.kind == "target" else "indicator"
        console.print(Text.assemble((f"«{c.metric}»", "bold"), f"  {', '.join(c.scope) or 'no scope'}  ",
                                    (f"{period}  {what}, {'deadlines' if c.reason == 'deadline' else 'values'} differ",
                                     "dim")))
        table = Table(show_header=False, box=None, padding=(0, 2))
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column()
        for x in c.claims:
            said = value(x.value) + (f" by {x.deadline}" if c.kind == "target" and x.deadline else "")
            table.add_row(Text(said, style="bold yellow"), Text(f"{x.doc_id} ({x.date or 'no date'})", style="dim"),
                          Text(x.evidence.get("text") or ""))
        console.print(table)
        console.print()
    if found:
        console.print(f"{count(len(found), 'conflict')}")
