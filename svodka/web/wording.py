"""How the pages write things in Russian: entity types, fact types and statuses, a target's
status, amounts with a scale word («1 млрд USD», «> 500 млн USD», «14 %»), dates as «25.11.2025»
and months as «ноя 2025». Labels of fact fields come from the schema (facts/schema.py)."""
from __future__ import annotations

from svodka.facts.schema import FACT_TYPES

ENTITY_TYPES = {"PER": "персона", "ORG": "организация", "LOC": "место", "FAC": "объект", "EVENT": "событие"}
ENTITY_TYPES_PLURAL = {"PER": "персоны", "ORG": "организации", "LOC": "места", "FAC": "объекты", "EVENT": "события"}
FACT_TYPES_RU = {name: cls.LABEL for name, cls in FACT_TYPES.items()}
FACT_TYPE_ONE = {"meeting": "встреча", "occupation": "должность", "statement": "высказывание",
                 "indicator": "показатель", "target": "цель", "decision": "решение", "agreement": "соглашение"}
STATUSES = {"agreed": "согласовано", "decided": "решено", "proposed": "предложено", "to_consider": "к рассмотрению",
            "discussed": "обсуждалось", "signed": "подписано", "planned": "запланировано", "in_progress": "в работе",
            "done": "выполнено"}
TARGET_STATUS = {"met": "достигнута", "not yet met": "пока не достигнута", "overdue": "просрочена"}
SCALES = ((1e12, "трлн"), (1e9, "млрд"), (1e6, "млн"))
MONTHS = ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")
CURRENCIES = {"RUB": "₽", "USD": "$", "EUR": "€"}


def amount(x: float | None) -> str:
    """1000000000 → «1 млрд», 1500000 → «1,5 млн», 12345 → «12 345», 4.5 → «4,5»."""
    if x is None:
        return "?"
    for size, word in SCALES:
        if abs(x) >= size:
            return f"{x / size:.3g}".replace(".", ",") + f" {word}"
    if float(x).is_integer():
        return f"{x:,.0f}".replace(",", "\u00a0")
    return f"{x:g}".replace(".", ",")


def value(v: dict | None) -> str:
    """A value object as a reader of Russian news writes it: qualifier, amount or range, unit."""
    if not v:
        return "—"
    if v.get("type") == "DATE":
        p = v.get("period") or {}
        return period(p) if p else v.get("text") or "—"
    if v.get("amount") is None:
        return v.get("text") or "—"
    unit = v.get("currency") or v.get("unit") or ("%" if v.get("type") == "PERCENT" else "")
    q = v.get("qualifier") or "="
    number = amount(v["amount"])
    if v.get("amount_max") is not None:
        number += "–" + amount(v["amount_max"])
    text = f"{'' if q == '=' else q.replace('~', '≈').replace('<=', '≤').replace('>=', '≥') + ' '}{number} {unit}"
    if v.get("change"):
        text += {"up": " (рост)", "down": " (снижение)"}.get(v.get("direction"), " (изменение)")
    return text.strip()


def day(iso: str | None) -> str:
    """«2025-11-25» → «25.11.2025»; a year or a month as it is."""
    if not iso:
        return "без даты"
    parts = iso[:10].split("-")
    return ".".join(reversed(parts)) if len(parts) == 3 else iso


def month(iso: str | None) -> str:
    """«2025-11» → «ноя 2025»."""
    if not iso or len(iso) < 7:
        return iso or ""
    return f"{MONTHS[int(iso[5:7]) - 1]} {iso[:4]}"


def period(p: dict | None) -> str:
    if not p:
        return "—"
    start, end = p.get("start"), p.get("end")
    if start and end and start[:4] == end[:4] and start[5:] == "01-01" and end[5:] == "12-31":
        return f"{start[:4]} год"
    return day(start) if start == end else f"{day(start)} – {day(end)}"


def plural(n: int, one: str, few: str, many: str) -> str:
    """«1 документ», «3 документа», «11 документов»."""
    tail = n % 100
    word = many if 11 <= tail <= 14 else one if n % 10 == 1 else few if 2 <= n % 10 <= 4 else many
    return f"{n:,}".replace(",", "\u00a0") + f" {word}"
