"""Indicators and targets: a figure (a MONEY, QUANTITY or PERCENT value) tied by a verb from
``data/figures.tsv`` to what it measures. A level verb («составил», «превышает») makes an
indicator whose metric is the verb's subject («объем перевозок составил 1,5 млн тонн»); a target
verb with «до» («увеличить его до $1 млрд») makes a target whose metric is the verb's object —
a pronoun there («его») is the metric of the indicator before it — and whose status is the
decision word above it («договорились» → agreed).

The metric's scope is the places and organizations inside the metric phrase; «между странами»,
«двух стран» are the sides of the talks the report is about (``Context.sides``)."""
from __future__ import annotations

from svodka.document import Fact, Value
from svodka.facts.schema import Indicator, Target
from svodka.facts.context import Context, Parse
from svodka.facts.phrases import nominative

CLAUSAL = {"acl", "advcl", "ccomp", "parataxis", "csubj"}
PRONOUNS = {"его", "их", "ее", "её", "он", "она", "они", "это"}
_NONE = type("NoEntity", (), {"type": None})()
SIDES = {"страна", "сторона", "государство"}  # «между странами», «двух стран»
NOT_METRIC = {"его", "ее", "её", "их"}  # possessive pronouns pymorphy reads as personal ones
NOT_METRIC_LEMMAS = {"мой", "твой", "наш", "ваш", "свой", "этот", "тот", "такой", "который", "сколько", "что"}


def _value_head(parse: Parse, v: Value) -> int | None:
    idx = [k for k, t in enumerate(parse.tokens) if v.span.start <= t.start and t.end <= v.span.end]
    outside = [k for k in idx if parse.heads[k] not in idx]
    return outside[0] if outside else None


def _verb(ctx: Context, parse: Parse, k: int) -> int | None:
    h, steps = parse.heads[k], 0
    while h >= 0 and steps < 3:
        if parse.tokens[h].lemma in ctx.lexicon.figures:
            return h
        h, steps = parse.heads[h], steps + 1
    return None


def _metric(ctx: Context, parse: Parse, k: int) -> tuple[str, list[str]] | None:
    """The metric phrase headed by word ``k`` and its scope; None when it is no noun phrase
    («сколько», «его состояние», «, и отклонение», half a clause)."""
    skip = {j for j, r in enumerate(parse.rels) if r.split(":")[0] in CLAUSAL}
    idx = parse.subtree(k, skip)
    # the metric phrase ends where a quote, a comma or a clause begins
    idx = [j for j in idx if j <= k or all(parse.tokens[m].text not in "«»\"," for m in range(k, j + 1))]
    lo, hi = min(idx), max(idx)
    while lo <= k and (not parse.tokens[lo].text[:1].isalnum() or _pos(ctx, parse.tokens[lo]) == "CONJ"):
        lo += 1
    words = parse.tokens[lo:hi + 1]
    if not words or not _noun_phrase(ctx, words):
        return None
    idx = [j for j in idx if lo <= j]
    scope = [e.id for e in ctx.entities_under(parse, idx, ("LOC", "ORG"))]
    if not scope and any(t.lemma in SIDES for t in words):
        scope = [e.id for e in ctx.sides()]
    return nominative(words, ctx.doc.text, ctx.morph).lower(), scope


def _pos(ctx: Context, t) -> str | None:
    p = ctx.morph.parse(t.text.lower())
    return p[0].tag.POS if p else None


def _noun_phrase(ctx: Context, words) -> bool:
    """A metric names a quantity: it starts with neither a pronoun («их стоимость», «мои шансы»)
    nor a question word, holds a noun and no finite verb, and is not a place's name alone."""
    first = words[0].text.lower()
    if first in NOT_METRIC or words[0].lemma in NOT_METRIC_LEMMAS or _pos(ctx, words[0]) in ("NPRO", "ADVB", "CONJ", "PREP"):
        return False
    if any(t.lemma == "который" for t in words):  # «состояние которого»
        return False
    if any(_pos(ctx, t) == "VERB" for t in words) or not any(_pos(ctx, t) == "NOUN" for t in words):
        return False
    named = {id(ctx.entity_of(t)) if ctx.entity_of(t) is not None else None for t in words}
    return not (len(named) == 1 and None not in named)


def _antecedent(parse: Parse, subj: int) -> int:
    """«товарооборот между странами, который составил ...»: the relative pronoun stands for the
    noun phrase just before it, whose head is found by climbing from its last word while the
    heads stay before the pronoun (the parser may hang the clause anywhere)."""
    if parse.tokens[subj].lemma != "который":
        return subj
    j = subj - 1
    while j >= 0 and not parse.tokens[j].text[:1].isalnum():
        j -= 1
    if j < 0:
        return subj
    seen = {j}
    while 0 <= parse.heads[j] < subj and parse.heads[j] not in seen:  # a parse may hold a cycle
        j = parse.heads[j]
        seen.add(j)
    return j


def _deciders(ctx: Context, parse: Parse, verb: int) -> list[str]:
    """The places and organizations that set a target, when the metric names none: the subject
    of the verb it hangs on («Казахстан и Узбекистан договорились довести товарооборот до ...»)."""
    h = verb
    while h >= 0:
        subj = parse.children(h, "nsubj")
        if subj:
            idx = [j for s in subj for j in [s, *parse.children(s, "conj")]]
            return [e.id for e in ctx.entities_under(parse, idx, ("LOC", "ORG"))]
        h = parse.heads[h] if parse.rels[h].startswith("xcomp") else -1
    return []


def _status(ctx: Context, parse: Parse, verb: int) -> str:
    h = parse.heads[verb]
    while h >= 0:
        status = ctx.lexicon.decisions.get(parse.tokens[h].lemma)
        if status:
            return status
        h = parse.heads[h] if parse.rels[h].startswith("xcomp") else -1
    return "planned"


def find_figures(ctx: Context) -> list[Fact]:
    out: list[Fact] = []
    last: tuple[str, list[str]] | None = None
    for v in ctx.doc.values:
        if v.type not in ("MONEY", "QUANTITY", "PERCENT"):
            continue
        si = ctx.sentence_index(v.span.start)
        if not ctx.has_trigger(si, ctx.lexicon.figures.keys()):
            continue
        parse = ctx.parse(si)
        k = _value_head(parse, v)
        verb = None if k is None else _verb(ctx, parse, k)
        if verb is None or parse.negated(verb):
            continue
        sent = ctx.sentence(si)
        kind = ctx.lexicon.figures[parse.tokens[verb].lemma]
        if kind == "change":
            fact = _moved(ctx, parse, verb, k, v, sent)
            if fact is not None:
                out.append(fact)
                last = (fact.metric, fact.scope)
        elif v.change:
            continue  # «увеличить на 10 %» is no level and no target
        elif kind == "level":
            # the subject that is not a person («Как отметил Токаев, товарооборот ... превышает»),
            # nearest the verb
            subj = [s for s in parse.children(verb, "nsubj")
                    if (ctx.entity_of(parse.tokens[s]) or _NONE).type not in ("PER",)]
            if not subj:
                continue
            found = _metric(ctx, parse, _antecedent(parse, min(subj, key=lambda s: abs(s - verb))))
            if found is None:
                continue
            metric, scope = last = found
            dates = [d for d in ctx.values_in(sent.start, sent.end, "DATE") if d.period]
            changes = [p for p in ctx.values_in(sent.start, sent.end, "PERCENT") if p.change] or \
                [q for q in ctx.values_in(sent.start, sent.end, "QUANTITY") if q.factor]
            out.append(Indicator(metric=metric, scope=scope, value=v.to_dict(),
                                 period=_period(dates[0]) if dates else None,
                                 change={"percent": _signed(changes[0])} if changes else None, evidence=[sent]))
        elif parse.case_word(k) == "до":
            obj = parse.children(verb, "obj")
            if obj and parse.tokens[obj[0]].text.lower() not in PRONOUNS:
                found = _metric(ctx, parse, obj[0])
                if found is None:
                    continue
                metric, scope = found
            elif last is not None:
                metric, scope = last
            else:
                continue
            scope = scope or _deciders(ctx, parse, verb)
            dates = [d for d in ctx.values_in(sent.start, sent.end, "DATE") if d.period]
            out.append(Target(metric=metric, scope=scope, value=v.to_dict(),
                              deadline=dates[0].period[1].isoformat() if dates else None,
                              status=_status(ctx, parse, verb), evidence=[sent]))
    return out


def _moved(ctx: Context, parse: Parse, verb: int, k: int, v: Value, sent) -> Indicator | None:
    """«ВВП России в 2024 году вырос на 4,1%»: the change alone is a figure (its value the
    change, ``change`` signed); «инфляция снизилась до 4%»: the level reached."""
    if not v.change and parse.case_word(k) != "до":
        return None
    subj = [s for s in parse.children(verb, "nsubj") if (ctx.entity_of(parse.tokens[s]) or _NONE).type != "PER"]
    found = _metric(ctx, parse, _antecedent(parse, subj[0])) if subj else None
    if found is None:
        return None
    metric, scope = found
    dates = [d for d in ctx.values_in(sent.start, sent.end, "DATE") if d.period]
    change = None
    if v.change and (v.type == "PERCENT" or v.factor):
        change = {"percent": _signed(v)}
    return Indicator(metric=metric, scope=scope, value=v.to_dict(), period=_period(dates[0]) if dates else None,
                     change=change, evidence=[sent])


def _period(v: Value) -> dict:
    return {"start": v.period[0].isoformat(), "end": v.period[1].isoformat()}


def _signed(v: Value):
    from svodka.document import _number
    down = getattr(v, "direction", None) == "down"
    if v.factor:  # «выросли в полтора раза»: +50 %; «сократились в 2 раза»: −50 %
        return _number(round((v.factor - 1) * 100 if not down else -(1 - 1 / v.factor) * 100, 4))
    return _number(-v.amount if down and v.amount else v.amount)
