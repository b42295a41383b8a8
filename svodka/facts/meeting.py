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
from svodka.facts.roles import head_cases, is_head, role_from

CLAUSAL = {"acl", "advcl", "ccomp", "parataxis", "csubj"}
VERBAL = {"VERB", "INFN", "PRTS", "PRTF", "GRND"}
PLACE_CASES = {"в", "во"}
RELATIVE = {"который", "что"}
_NONE = type("NoEntity", (), {"type": None})()
MAX_GAP = 12  # words between a post and the name it belongs to


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


def _in_presence(parse: Parse, j: int) -> bool:
    """«переговоры прошли при участии X и Y»: the people «при участии» took part."""
    return parse.case_word(j) == "при" and parse.tokens[j].lemma == "участие"


def _named_by_post(ctx: Context, parse: Parse, idx: set[int], subject: set[int]) -> list[Entity]:
    """Participants named by a post alone, as the person the report gave that post to: «глава
    МИД России» → Лавров. The post must say whose it is («России»), or be the singular subject
    («Глава МИД встретился с …»); a post with a name after it is that name's."""
    out: list[Entity] = []
    for k in sorted(idx):
        if not is_head(ctx, parse.tokens[k]) or _name_follows(ctx, parse, k):
            continue
        role = role_from(ctx, parse.tokens, k)
        if role is None or any((ctx.entity_of(t) or _NONE).type == "PER" for t in role.words):
            continue
        if role.of is None and not (k in subject and "nomn" in head_cases(ctx, parse.tokens[k], singular=True)):
            continue  # «главы правительств» may be many
        holder = _holder(ctx, role, parse.tokens[k].lemma)
        if holder is not None and holder not in out:
            out.append(holder)
    return out


def _name_follows(ctx: Context, parse: Parse, k: int) -> bool:
    """«Глава палестинской делегации на переговорах Саеб Эрекат»: a name after the post, no
    punctuation or verb between."""
    for t in parse.tokens[k + 1:k + 1 + MAX_GAP]:
        if (ctx.entity_of(t) or _NONE).type == "PER":
            return True
        if not t.text[:1].isalnum() and t.text not in "«»\"" or _verbal(ctx, parse, parse.tokens.index(t)):
            return False  # the name must be in the post's own phrase
    return False


def _holder(ctx: Context, role, lemma: str) -> Entity | None:
    """The one person the report gave this post (the same head word, and the same country or
    organization where the phrase names one)."""
    of = role.of.id if role.of else None
    found = [pid for pid, known in ctx.occupations.items()
             if any(o.role.split()[0].removeprefix("экс-") == lemma and (of is None or o.of == of) for o in known)]
    return ctx.entity(found[0]) if len(found) == 1 else None


def _subjects(parse: Parse, gov: int) -> list[int]:
    """The clause's subjects; a relative pronoun stands for the noun its clause belongs to
    («Миллер и Озерец, которые сегодня встречаются»); a verb joined to another shares its
    subject («Путин провёл переговоры с Токаевым, а затем встретился с Мирзиёевым»)."""
    subjects = parse.children(gov, "nsubj")
    if not subjects and parse.rels[gov].split(":")[0] in ("xcomp", "conj") and parse.heads[gov] >= 0:
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
            subject: set[int] = set()
            if gov == k or _subject_takes_part(ctx, parse, k, gov):
                for s in _subjects(parse, gov):
                    subject |= set(_phrase(parse, s))
            idx |= subject
            for j in parse.children(gov, "obl", "nmod"):
                if parse.case_word(j) in ("с", "со", "между") or _in_presence(parse, j):
                    idx |= set(_phrase(parse, j))
            if gov == k and ctx.lexicon.meeting_kinds.get(t.lemma) == "host":
                guests = ctx.entities_under(parse, _guests(ctx, parse, gov))
                if not guests:
                    continue  # «приняли участие», «принял закон»: no one was received
                idx |= _guests(ctx, parse, gov)
            people = ctx.entities_under(parse, idx)
            people += [p for p in _named_by_post(ctx, parse, idx, subject) if p not in people]
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
