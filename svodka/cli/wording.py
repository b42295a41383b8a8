"""How the command line writes values for people, in one style everywhere (English, as all of
the command line's human output; the web pages speak Russian): amounts with a scale word
(«1 bn USD», «> 500 mn USD», «1.5 mn t», «14 %»), dates as ISO days, periods as «start … end»."""
from __future__ import annotations

SCALES = ((1e12, "trn"), (1e9, "bn"), (1e6, "mn"))


def amount(x: float | None) -> str:
    """1000000000 → «1 bn», 1500000 → «1.5 mn», 12345 → «12 345», 4.5 → «4.5»."""
    if x is None:
        return "?"
    for size, word in SCALES:
        if abs(x) >= size:
            return f"{x / size:.3g} {word}"
    return f"{x:,.0f}".replace(",", " ") if float(x).is_integer() else f"{x:g}"


def value(v: dict) -> str:
    """A value object as a person reads it: qualifier, amount (or range), unit, change."""
    if v.get("type") == "DATE":
        p, q = v.get("period"), v.get("qualifier") or "="
        if not p and v.get("duration"):  # a length of time: «два года» is P2Y, ISO 8601
            span = v["duration"] + (" … " + v["duration_max"] if v.get("duration_max") else "")
            return ("" if q == "=" else q + " ") + span + " (length)"
        if not p:
            return "(unresolved)"
        return ("" if q == "=" else q + " ") + (p["start"] if p["start"] == p["end"] else f"{p['start']} … {p['end']}")
    if v.get("amount") is None:
        return v.get("text") or "?"
    unit = v.get("currency") or v.get("unit") or ("%" if v.get("type") == "PERCENT" else "")
    q = v.get("qualifier") or "="
    number = amount(v["amount"])
    if v.get("amount_max") is not None:
        number += " … " + amount(v["amount_max"])
    out = f"{'' if q == '=' else q + ' '}{number} {unit}".strip()
    if v.get("change"):
        out += {"up": " (rise)", "down": " (fall)"}.get(v.get("direction"), " (change)")
    return out


def count(n: int, word: str) -> str:
    """«1 document», «2 documents», «3 entities»."""
    if n == 1:
        return f"1 {word}"
    return f"{n} {word[:-1] + 'ies' if word.endswith('y') else word + 's'}"
