"""The ``pretty`` format: a document for a person at a terminal, entities highlighted in the text
and listed in tables below it (rich)."""
from __future__ import annotations

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from svodka.cli.wording import value
from svodka.facts.schema import FACT_TYPES, Kind, fields

STYLES = {"PER": "bold magenta", "ORG": "bold cyan", "LOC": "bold green"}


def render(doc: dict, console: Console) -> None:
    if "error" in doc:
        console.print(Text.assemble((str(doc.get("source") or doc.get("id")), "bold red"), f": {doc['error']}"))
        return
    text = Text(doc["text"])
    for e in doc["entities"]:
        for m in e["mentions"]:
            text.stylize(STYLES.get(e["type"], "bold"), m["start"], m["end"])
    for v in doc.get("values", []):
        text.stylize("underline yellow", v["start"], v["end"])
    title = escape(f"{doc['id']}" + (f" · {doc['date']}" if doc.get("date") else ""))
    parts = [Text(doc["title"], style="bold")] if doc.get("title") else []
    if doc.get("url"):
        parts.append(Text(doc["url"], style="dim underline"))
    parts.append(text)
    if doc["entities"]:
        table = Table(title="entities", title_justify="left", expand=False)
        for col in ("id", "type", "name", "mentions"):
            table.add_column(col)
        for e in doc["entities"]:
            kind = e["type"] + (f"/{e['subtype']}" if e.get("subtype") else "")
            table.add_row(e["id"], Text(kind, style=STYLES.get(e["type"], "")), Text(e["name"]),
                          Text(", ".join(m.get("text") or doc["text"][m["start"]:m["end"]] for m in e["mentions"])))
        parts.append(table)
    parts.extend(value_tables(doc))
    parts.extend(fact_tables(doc))
    console.print(Panel(Group(*parts), title=title, title_align="left"))


def fact_tables(doc: dict) -> list[Table]:
    """One table per fact type present, entity ids shown as names, each row with its evidence."""
    names = {e["id"]: e["name"] for e in doc.get("entities", [])}
    tables = []
    for kind in FACT_TYPES:
        rows = [f for f in doc.get("facts", []) if f.get("type") == kind]
        if not rows:
            continue
        columns = fields(kind)
        table = Table(title=f"{kind} ({len(rows)})", title_justify="left", expand=False)
        for col in [c.name for c in columns] + ["evidence"]:
            table.add_column(col, overflow="fold")
        for f in rows:
            cells = [Text(_cell(f.get(c.name), c.kind, names, doc["text"])) for c in columns]
            ev = " … ".join(e.get("text") or doc["text"][e["start"]:e["end"]] for e in f.get("evidence", []))
            table.add_row(*cells, Text(" ".join(ev.split()), style="dim"))
        tables.append(table)
    return tables


def _cell(value, kind: Kind, names: dict, text: str) -> str:
    if value is None:
        return ""
    if kind in (Kind.ENTITY, Kind.ENTITIES):
        ids = value if isinstance(value, list) else [value]
        return ", ".join(names.get(i, str(i)) for i in ids)
    if isinstance(value, dict):
        if kind is Kind.SPAN and "start" in value and "end" in value:
            return "«" + text[value["start"]:value["end"]] + "»"
        if "text" in value:
            return value["text"]
        if "start" in value:
            return f"{value['start']} … {value['end']}"
        if "percent" in value:
            return f"{value['percent']:+}%"
    return str(value)


def value_tables(doc: dict) -> list[Table]:
    """The values as one table: type, the words as written, and what they were read as."""
    values = doc.get("values") or []
    if not values:
        return []
    table = Table(title=f"values ({len(values)})", title_justify="left", expand=False)
    for col in ("type", "words", "normalized"):
        table.add_column(col, overflow="fold")
    for v in values:
        words = v.get("text") or doc["text"][v["start"]:v["end"]]
        table.add_row(v["type"], Text(words, style="yellow"), value(v))
    return [table]
