"""Meetings: who met whom, when, where. A meeting word (``data/meeting.tsv``: «переговоры»,
«встреча», «визит», «встретился») is found by lemma; the parse of its sentence gives the
participants: the people under the word itself («встреча между X и Y», «переговоры с
президентом Y»), the subject of the clause it belongs to («X в ходе переговоров с Y обсудили»),
and the clause's «с»-companion («в ходе визита X договорился с Y»). Two people at least make a
meeting; the same people meeting again in one report are one meeting."""
from __future__ import annotations

from svodka.document import Entity
from svodka.facts.schema import Meeting
from svodka.facts.context import Context, Parse

CLAUSAL = {"acl", "advcl", "ccomp", "parataxis", "csubj"}
VERBAL = {"VERB", "INFN", "PRTS", "PRTF", "GRND"}
PLACE_CASES = {"в", "во"}
RELATIVE = {"который", "что"}


def _verbal(ctx: Context, parse: Parse, k: int) -> bool:
    p = ctx.morph.parse(parse.tokens[k].text.lower())
    return bool(p) and p[0].tag.POS in VERBAL


def _governor(ctx: Context, parse: Parse, k: int) -> int:
    """The clause a meeting noun belongs to: the nearest verb above it (or the root)."""
    h, steps = k, 0
    while steps < 4 and not _verbal(ctx, parse, h) and parse.heads[h] >= 0:
        h, steps = parse.heads[h], steps + 1
    return h


def _phrase(parse: Parse, k: int) -> list[int]:
    """A word's subtree without the clauses hanging off it."""
    skip = {j for j, r in enumerate(parse.rels) if r.split(":")[0] in CLAUSAL}
    return parse.subtree(k, skip)


def _place(ctx: Context, parse: Parse, heads: set[int], people: list[Entity]) -> Entity | None:
    for j, h in enumerate(parse.heads):
        if h in heads and parse.case_word(j) in PLACE_CASES:
            e = ctx.entity_of(parse.tokens[j])
            if e is not None and e.type == "LOC":
                return e
    return None


def _subject_takes_part(ctx: Context, parse: Parse, k: int, gov: int) -> bool:
    """Whether the subject of the verb over a meeting noun took part: it did when the verb holds
    the meeting («провели переговоры») or the noun is no object («в ходе визита X
    договорился»); not when the verb judges it («X осудил визит Y»)."""
    if parse.heads[k] != gov or not parse.rels[k].startswith("obj"):
        return True
    return parse.tokens[gov].lemma in ctx.lexicon.meeting_hold


def _guests(ctx: Context, parse: Parse, gov: int) -> set[int]:
    """Who a host verb received: its direct object, else the first animate noun in the
    accusative after it in the clause (the parser hangs «принимает в Белом доме своего коллегу»
    off «доме»)."""
    objects = parse.children(gov, "obj")
    if not objects:
        for j in range(gov + 1, len(parse.tokens)):
            word = parse.tokens[j].text
            if not word[:1].isalnum():
                break
            if not parse.case_word(j) and word[:1].islower() and _animate(ctx, parse, j):
                objects = [j]
                break
    # «примет пост у X», «принял командование от X»: a thing received, not a guest
    return {i for j in objects if _animate(ctx, parse, j) for i in _phrase(parse, j)}


def _animate(ctx: Context, parse: Parse, j: int) -> bool:
    t = parse.tokens[j]
    e = ctx.entity_of(t)
    if e is not None:
        return e.type == "PER"
    return any(p.tag.POS == "NOUN" and p.tag.case == "accs" and p.tag.animacy == "anim"
               for p in ctx.morph.parse(t.text.lower()))


def _subjects(parse: Parse, gov: int) -> list[int]:
    """The clause's subjects; a relative pronoun stands for the noun its clause belongs to
    («Миллер и Озерец, которые сегодня встречаются»)."""
    subjects = parse.children(gov, "nsubj")
    if not subjects and parse.rels[gov].startswith("xcomp") and parse.heads[gov] >= 0:
        subjects = parse.children(parse.heads[gov], "nsubj")
    out = []
    for s in subjects:
        if parse.tokens[s].lemma in RELATIVE and parse.rels[gov].startswith("acl") and parse.heads[gov] >= 0:
            s = parse.heads[gov]
        out.append(s)
    return out


def find_meetings(ctx: Context) -> list[Meeting]:
    meetings: list[tuple[list[Entity], Meeting]] = []
    for si, sentence in enumerate(ctx.sentences):
        if not ctx.has_trigger(si, ctx.lexicon.meeting) or not ctx.may_hold_meeting(si):
            continue
        parse = ctx.parse(si)
        for k, t in enumerate(parse.tokens):
            if t.lemma not in ctx.lexicon.meeting or parse.negated(k):
                continue
            gov = k if _verbal(ctx, parse, k) else _governor(ctx, parse, k)
            if parse.negated(gov):
                continue
            idx = set(_phrase(parse, k)) if gov != k else set()
            if gov == k or _subject_takes_part(ctx, parse, k, gov):
                for s in _subjects(parse, gov):
                    idx |= set(_phrase(parse, s))
            for j in parse.children(gov, "obl", "nmod"):
                if parse.case_word(j) in ("с", "со", "между"):
                    idx |= set(_phrase(parse, j))
            if gov == k and ctx.lexicon.meeting_kinds.get(t.lemma) == "host":
                guests = ctx.entities_under(parse, _guests(ctx, parse, gov))
                if not guests:
                    continue  # «приняли участие», «принял закон»: no one was received
                idx |= _guests(ctx, parse, gov)
            people = ctx.entities_under(parse, idx)
            if len(people) < 2:
                continue
            _merge(ctx, meetings, people, sentence, _place(ctx, parse, {k, gov}, people),
                   _date(ctx, sentence))
    return [f for _, f in meetings]


def _date(ctx: Context, sentence) -> str | None:
    for v in ctx.values_in(sentence.start, sentence.end, "DATE"):
        if v.period and v.period[0] == v.period[1]:
            return v.period[0].isoformat()
    return ctx.doc.date.isoformat() if ctx.doc.date else None


def _merge(ctx, meetings, people, evidence, place, date) -> None:
    ids = {p.id for p in people}
    for known, fact in meetings:
        kid = {p.id for p in known}
        if ids <= kid or kid <= ids:
            if not kid >= ids:
                known[:] = known + [p for p in people if p.id not in kid]
                fact.participants = [p.id for p in known]
            if evidence not in fact.evidence:
                fact.evidence.append(evidence)
            fact.place = fact.place or (place.id if place else None)
            return
    meetings.append((list(people), Meeting(participants=[p.id for p in people], date=date,
                                           place=place.id if place else None, evidence=[evidence])))
