"""Conflicting figures: two reports give the same indicator differently.

After RIPTIDES (White, Cardie et al., 2002: comparable numeric estimates from several sources,
arranged to show where they differ) and de Marneffe et al. (2008: numbers contradict only when
both describe the same event). Two indicator facts from different documents describe the same
thing when
- their *subject* is the same: the content lemmas of the metric phrase together with the names
  of its scope, in any order («товарооборот между Россией и Казахстаном» = «товарооборот между
  Казахстаном и Россией»; «объем перевозок по Транскаспийскому маршруту» ≠ «объем перевозок»),
  and it names a scope or qualifies its head (a bare «товарооборот» of nobody compares with nothing);
- their periods overlap and are of the same length (a year and a year, not a year and ten months);
- their values are of one kind in one currency or unit (amounts are already in base units:
  «3 200 тыс. т» is 3 200 000 t); currencies are never converted.
They disagree when the intervals their values allow do not overlap: a figure allows its rounding
(«28 млрд» is 27,5–28,5 bn, «26,8 млрд» 26,75–26,85 bn, «3 200 тыс.» 3 150–3 250 thousand), a
qualifier opens it («более 4 млн т» is above 4 mn t), «около» allows ``APPROXIMATE`` either way.
Targets: the same target (subject, no period) stated with amounts that cannot both hold, or with
different deadlines."""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from itertools import combinations
from typing import Callable

from svodka.kb.text import related_places, words
from svodka.store.records import FactRow

APPROXIMATE = 0.10  # «около», «примерно», «порядка»: within 10 % either way
SAME_LENGTH_DAYS = 3  # periods whose lengths differ by more are not the same period
CONTENT = {"NOUN", "ADJF", "PRTF", "NUMR", None}  # None: a word the dictionary does not parse
# words that name a scope in general and add nothing to what is measured
GENERIC = {"страна", "сторона", "государство", "двусторонний", "взаимный", "обоюдный", "два", "оба"}
NUMBER = re.compile(r"\d[\d \u00a0\u202f]*(?:[.,]\d+)?")


@dataclass(slots=True)
class Claim:
    doc_id: str
    date: str | None  # the document's
    value: dict
    period: dict | None
    deadline: str | None
    metric: str
    evidence: dict  # {"text", "start", "end"}: the sentence


@dataclass(slots=True)
class Conflict:
    kind: str  # indicator | target
    metric: str
    scope: list[str]
    period: dict | None
    reason: str  # values | deadline
    claims: list[Claim] = field(default_factory=list)


def subject(row: FactRow, morph) -> frozenset[str] | None:
    """What an indicator or target measures, as a set of lemmas; None when it names neither a
    scope nor more than its head word."""
    lemmas = content_lemmas(row.fields.get("metric") or "", morph)
    scope = set()
    for i in row.fields.get("scope") or []:
        scope |= content_lemmas(row.name(i) or "", morph)
    if not scope and len(lemmas) < 2:
        return None
    return frozenset(lemmas | scope)


def content_lemmas(phrase: str, morph) -> set[str]:
    """The lemmas of a phrase's nouns and adjectives, a place adjective as its place
    («транскаспийский» and «Транскаспийский» both → «транскаспий»)."""
    out = set()
    for _, _, w in words(phrase):
        parses = morph.parse(w.lower())
        pos = parses[0].tag.POS if parses else None
        lemma = morph.lemma(w)
        if pos in CONTENT and lemma not in GENERIC and len(lemma) > 1:
            places = related_places(lemma, morph) if pos == "ADJF" else []
            out.add(places[0] if places else lemma)
    return out


def interval(value: dict) -> tuple[float, float, bool, bool] | None:
    """(low, high, low open, high open) that a value allows, in its own units."""
    amount = value.get("amount")
    if amount is None or value.get("change") or not math.isfinite(amount):
        return None
    top = value.get("amount_max") if value.get("amount_max") is not None else amount
    q = value.get("qualifier") or "="
    if q in (">", ">="):
        return amount, math.inf, q == ">", True
    if q in ("<", "<="):
        return -math.inf, top, True, q == "<"
    slack = APPROXIMATE * abs(top) if q == "~" else rounding(value)
    return amount - slack, top + slack, False, False


def rounding(value: dict) -> float:
    """Half the unit of the last digit written, in the value's units: «26,8 млрд» → 0,05 bn;
    «3 200 тыс.» → 50 thousand (trailing zeros of a whole number of three digits or more are
    rounding too; «10 млрд» is 9,5–10,5 bn); a number in words («полмиллиарда») is taken as
    rounded to its first digit."""
    amount = value["amount"]
    m = NUMBER.search(value.get("text") or "")
    written = re.sub(r"[ \u00a0\u202f]", "", m.group()) if m else ""
    number = float(written.replace(",", ".")) if written else 0.0
    if not number:
        return 10 ** math.floor(math.log10(abs(amount))) / 2 if amount else 0.0
    scale = amount / number
    if "," in written or "." in written:
        step = 10.0 ** -len(re.split(r"[.,]", written)[1])
    elif len(written) >= 3:  # «3 200», «500»: trailing zeros of a longer number are its rounding
        digits = written.rstrip("0")
        step = 10.0 ** (len(written) - len(digits)) if digits else 1.0
    else:  # «10 млрд», «20 %»: a short number is exact to its units
        step = 1.0
    return step * abs(scale) / 2


def disjoint(a: tuple, b: tuple) -> bool:
    (lo1, hi1, lo1_open, hi1_open), (lo2, hi2, lo2_open, hi2_open) = a, b
    return hi1 < lo2 or hi2 < lo1 or (hi1 == lo2 and (hi1_open or lo2_open)) or (hi2 == lo1 and (hi2_open or lo1_open))


def _days(period: dict) -> tuple[dt.date, dt.date] | None:
    try:
        return dt.date.fromisoformat(period["start"]), dt.date.fromisoformat(period["end"])
    except (TypeError, KeyError, ValueError):
        return None


def same_period(a: dict | None, b: dict | None) -> bool:
    pa, pb = (_days(a) if a else None), (_days(b) if b else None)
    if pa is None or pb is None:
        return False
    overlap = pa[0] <= pb[1] and pb[0] <= pa[1]
    return overlap and abs((pa[1] - pa[0]).days - (pb[1] - pb[0]).days) <= SAME_LENGTH_DAYS


def comparable(a: dict, b: dict) -> bool:
    return (a.get("type") == b.get("type") and a.get("currency") == b.get("currency")
            and a.get("unit") == b.get("unit"))


def _claim(row: FactRow) -> Claim:
    ev = row.evidence[0] if row.evidence else {}
    f = row.fields
    return Claim(row.doc_id, row.doc_date, f.get("value") or {}, f.get("period"), f.get("deadline"),
                 f.get("metric") or "", {"text": row.sentence, "start": ev.get("start"), "end": ev.get("end")})


def find_conflicts(rows: list[FactRow], morph, touching: Callable[[FactRow], bool] | None = None) -> list[Conflict]:
    """Every pair of facts from different documents that describe the same thing and disagree;
    with ``touching``, only the pairs one of whose facts it holds (one document's figures against
    all the others: linear in the rows, where every pair is quadratic)."""
    groups: dict[tuple, list[FactRow]] = {}
    for row in rows:
        key = subject(row, morph)
        if key is not None:
            groups.setdefault((row.type, key), []).append(row)
    out = []
    for (kind, _), members in groups.items():
        for a, b in (combinations(members, 2) if touching is None else _pairs_touching(members, touching)):
            reason = _disagreement(kind, a, b)
            if reason:
                scope = list(dict.fromkeys(a.name(i) for i in a.fields.get("scope") or []))
                out.append(Conflict(kind, a.fields.get("metric") or "", scope,
                                    a.fields.get("period") if kind == "indicator" else None, reason,
                                    [_claim(a), _claim(b)]))
    out.sort(key=lambda c: (c.metric, (c.period or {}).get("start") or "", c.claims[0].doc_id, c.claims[1].doc_id))
    return out


def _pairs_touching(members: list[FactRow], touching: Callable[[FactRow], bool]):
    """The pairs of ``combinations(members, 2)``, in its order, that hold a member ``touching`` holds."""
    pairs = set()
    for i, m in enumerate(members):
        if touching(m):
            pairs.update((min(i, j), max(i, j)) for j in range(len(members)) if j != i)
    for i, j in sorted(pairs):
        yield members[i], members[j]


def _disagreement(kind: str, a: FactRow, b: FactRow) -> str | None:
    if a.doc_id == b.doc_id:
        return None
    va, vb = a.fields.get("value") or {}, b.fields.get("value") or {}
    if kind == "indicator" and not same_period(a.fields.get("period"), b.fields.get("period")):
        return None
    if kind == "target":
        da, db = a.fields.get("deadline"), b.fields.get("deadline")
        if da and db and da[:4] != db[:4]:
            return "deadline"
    if not comparable(va, vb):
        return None
    ia, ib = interval(va), interval(vb)
    if ia is not None and ib is not None and disjoint(ia, ib):
        return "values"
    return None
