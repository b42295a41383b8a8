"""Lengths of time and ages: what a number of years, months, weeks or days stands for.

«ещё два года», «к 24 годам тюрьмы», «на 10 суток» are lengths of time: DATE values, as NEREL
and TimeML have them (TimeML's DURATION), with an ISO 8601 ``duration`` («P2Y») and no ``period``,
since a length has no first and last day. «ему 52 года», «в возрасте 92 лет», «девочка 16 лет» are
ages: they stay QUANTITY with unit ``year`` (NEREL's AGE), because an age is a property of a person,
not a time in the news's calendar. Hours and minutes stay QUANTITY as well: a DATE covers whole
days, and NEREL gives clock lengths a type of their own (TIME).

Only a number of years is ever an age. The cues that make it one are linguistic, listed in
``lexicon.AGE_*``: an age word near it («возраст», «исполнилось», «старше»), «в», «с» or «было»
right before it («в 13 лет»), «жизни» after it («на 75 году жизни»), a dative pronoun before it («ему было»), a
person just before it («Принцу Филиппу 97 лет», «девочка 16 лет»), or a parenthesis or commas of
its own after a name («Клэренс Картер, 49 лет,»). A number of years with none of them is a length."""
from __future__ import annotations

from svodka.document import Document, Value
from svodka.values import lexicon as L

CLAUSE_STOP = {".", ";", ":", "!", "?", "—", "–"}
UNTIL_PERSON = {"PREP", "VERB", "INFN", "PRTF", "PRTS", "GRND", "CONJ", "NPRO"}  # pymorphy parts of speech


def as_duration(value: Value) -> Value:
    """The QUANTITY ``value`` (a calendar unit) made the DATE of its length."""
    letter, times = L.DURATION_ISO[value.unit]
    value.type, value.duration = "DATE", _iso(value.amount, letter, times)
    if value.amount_max is not None:
        value.duration_max, value.amount_max = _iso(value.amount_max, letter, times), None
    return value


def _iso(amount: float | None, letter: str, times: int) -> str | None:
    return None if amount is None else f"P{_number(amount * times)}{letter}"


def _number(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else str(round(n, 3))


def is_length(doc: Document, value: Value, parses) -> bool:
    """Whether a QUANTITY of a calendar unit is a length of time (not an age, not an hour)."""
    if value.unit not in L.DURATION_ISO:
        return False
    return value.unit != "year" or not _is_age(doc, value, parses)


def _is_age(doc: Document, value: Value, parses) -> bool:
    start, end = value.span.start, value.span.end
    clause: list = []
    for t in reversed(doc.tokens_in(max(0, start - 80), start)):
        if t.text in CLAUSE_STOP or len(clause) >= 6:
            break
        clause.append(t)  # nearest first
    after = doc.tokens_in(end, min(len(doc.text), end + 40))
    words = [t.text.lower() for t in clause]
    if any(t.lemma in L.AGE_LEMMAS or w in L.AGE_LEMMAS for t, w in zip(clause, words)):
        return True
    if any(w in L.AGE_PRONOUNS for w in words[:3]):
        return True
    if words[:1] and words[0] in L.AGE_RIGHT_BEFORE:
        return True
    if after and after[0].lemma in L.AGE_AFTER:
        return True
    if words[:1] and words[0] in ("(", ",") and after and after[0].text in (")", ","):
        return True  # «(28 лет)», «Клэренс Картер, 49 лет, был»
    return _after_person(clause, parses)


def _after_person(clause: list, parses) -> bool:
    """A person named or called right before the number, with no verb or preposition between:
    «Принцу Филиппу 97 лет», «Министру финансов 52 года», «девочка 16 лет» (not «к 24 годам»,
    not «Он отсидел три года»)."""
    for t in clause[:3]:
        p = parses(t.text) if t.text[:1].isalpha() else None
        if not p or p[0].tag.POS in UNTIL_PERSON:
            return False
        if p[0].tag.POS == "NOUN" and "anim" in p[0].tag:
            return True
    return False


ISO_ORDER = "YMWD"  # a compound length names its parts from the largest down: «1 год 6 месяцев»


def join_compound(doc: Document, values: list[Value]) -> list[Value]:
    """«1 год 6 месяцев», «2 года и 3 месяца»: lengths of falling units written one after another
    are one length, P1Y6M. Weeks beside other units are counted in days (ISO 8601 writes weeks
    alone)."""
    out: list[Value] = []
    for v in values:
        prev = out[-1] if out else None
        if prev is not None and _compound(doc, prev, v):
            prev.duration = _joined(prev.duration, v.duration)
            prev.span = doc.span(prev.span.start, v.span.end)
            continue
        out.append(v)
    return out


def _compound(doc: Document, a: Value, b: Value) -> bool:
    if not (a.type == b.type == "DATE" and a.duration and b.duration) or a.duration_max or b.duration_max \
            or b.qualifier != "=" or doc.text[a.span.end:b.span.start] not in (" ", " и "):
        return False
    return ISO_ORDER.index(_units(a.duration)[-1][1]) < ISO_ORDER.index(_units(b.duration)[0][1])


def _units(duration: str) -> list[tuple[float, str]]:
    """«P1Y6M» → [(1, "Y"), (6, "M")]."""
    out, number = [], ""
    for c in duration[1:]:
        if c.isalpha():
            out.append((float(number), c))
            number = ""
        else:
            number += c
    return out


def _joined(a: str, b: str) -> str:
    parts = _units(a) + _units(b)
    if any(u == "W" for _, u in parts):
        parts = [(n * 7, "D") if u == "W" else (n, u) for n, u in parts]
    total: dict[str, float] = {}
    for n, u in parts:
        total[u] = total.get(u, 0) + n
    return "P" + "".join(_number(total[u]) + u for u in ISO_ORDER if u in total)
