"""The ``pretty`` format: a document for a person at a terminal, entities highlighted in the text
and listed in tables below it (rich)."""
from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

STYLES = {"PER": "bold magenta", "ORG": "bold cyan", "LOC": "bold green"}


def render(doc: dict, console: Console) -> None:
    if "error" in doc:
        console.print(f"[bold red]{doc.get('source') or doc.get('id')}[/]: {doc['error']}")
        return
    text = Text(doc["text"])
    for e in doc["entities"]:
        for m in e["mentions"]:
            text.stylize(STYLES.get(e["type"], "bold"), m["start"], m["end"])
    for v in doc.get("values", []):
        text.stylize("underline yellow", v["start"], v["end"])
    title = f"{doc['id']}" + (f" · {doc['date']}" if doc.get("date") else "")
    parts = [text]
    if doc["entities"]:
        table = Table(title="entities", title_justify="left", expand=False)
        for col in ("id", "type", "name", "mentions"):
            table.add_column(col)
        for e in doc["entities"]:
            kind = e["type"] + (f"/{e['subtype']}" if e.get("subtype") else "")
            table.add_row(e["id"], Text(kind, style=STYLES.get(e["type"], "")), e["name"],
                          ", ".join(m["text"] for m in e["mentions"]))
        parts.append(table)
    console.print(Panel(Group(*parts), title=title, title_align="left"))
