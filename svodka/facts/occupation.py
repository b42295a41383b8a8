"""Occupations: a post word next to a person's name, as Russian news writes them — before the
name («президент Казахстана Касым-Жомарт Токаев», «с заместителем министра иностранных дел
Грузии Александром Налбандовым», «помощник Хиллари Клинтон по европейским делам Филип
Гордон»), after it, set off by a comma, dash or bracket («Сердаром Бердымухамедовым,
президентом Туркменистана», «Йоахим Лёв (второй тренер)»), over a list («футболисты Александр
Кокорин и Павел Мамаев»), or given by a verb («X стал президентом», «X занял пост премьера»).

Hand-written over the words rather than read off the parse: in these phrases the role, its
genitive complement, the country and the name are adjacent, and checking that adjacency (and
that role and name agree in case) is both cheaper and steadier than the parser's appos/nmod
links, which it would have to run on nearly every sentence of a news text."""
from __future__ import annotations

import re

from svodka.document import Entity, Fact, Token
from svodka.facts.context import DASHES, Context
from svodka.facts.roles import (MODIFIER_POS, QUOTES, Role, acting_at, agrees, head_cases, is_head, is_plural,
                                name_cases, pos, role_from)
from svodka.facts.schema import Occupation

__all__ = ["Role", "role_from", "role_before", "role_after", "occupation", "add", "find_occupations"]

MAX_GAP = 12  # words between a role head and the name it belongs to
MAX_STACKED = 3  # posts listed before one name
OPENERS = {",", "("} | DASHES  # what sets off a role after the name
LIST_JOINS = {",", "и"}
LATIN = re.compile(r"^[A-Za-zÀ-ÿ.'’-]+$")
RELATIVE = {"который"}
FILLER_POS = {"ADVB", "PREP", "NUMR", "PRCL", "ADJF", "NOUN", "CONJ"}  # «в 2010 году», «уже», «тогда»
MAX_FILLER = 4
PREDICATE_PREPS = {"на", "в", "во", "с", "со"}  # «назначен на пост», «вступил в должность»


def _is_person(ctx: Context, t: Token) -> bool:
    e = ctx.entity_of(t)
    return e is not None and e.type == "PER"


def _run_end(ctx: Context, words: list[Token], j: int) -> int:
    e = ctx.entity_of(words[j])
    while j < len(words) and ctx.entity_of(words[j]) is e:
        j += 1
    return j


def _run_start(ctx: Context, words: list[Token], j: int) -> int:
    e = ctx.entity_of(words[j])
    while j > 0 and ctx.entity_of(words[j - 1]) is e:
        j -= 1
    return j


def role_before(ctx: Context, words: list[Token], k: int, end: int | None = None,
                plural: bool = False) -> Role | None:
    """The role phrase that ends right where the name ``words[k:end]`` begins: the furthest
    head whose phrase reaches the name and agrees with it in case. A person in the genitive may
    stand between («пресс-секретарь экс-президента США Билла Клинтона Джо Локхарт»); then the
    head must be in the holder's case and not in the genitive (then it is that person's)."""
    found = _candidates_before(ctx, words, k, end, plural)
    return found[-1] if found else None


def _candidates_before(ctx: Context, words: list[Token], k: int, end: int | None,
                       plural: bool) -> list[Role]:
    """Every role phrase before the name that reaches it and agrees with it, nearest first."""
    name = words[k:end if end is not None else k + 1]
    found: list[Role] = []
    skipped: set[str] = set()
    j = k - 1
    while j > max(-1, k - 1 - MAX_GAP):
        t = words[j]
        if t.text == ")":  # «лидер Национального фронта (FN) Марин Ле Пен»
            opening = next((i for i in range(j - 1, max(-1, j - 6), -1) if words[i].text == "("), None)
            if opening is not None:
                j = opening - 1
                continue
        e = ctx.entity_of(t)
        if e is not None and e.type == "PER":
            s = _run_start(ctx, words, j)
            cases = name_cases(ctx, words[s:j + 1])
            if found or skipped or "gent" not in cases or not name_cases(ctx, name):
                break
            skipped, j = cases, s - 1
            continue
        if not t.text[:1].isalnum() and t.text not in QUOTES:
            break
        if is_head(ctx, t, plural):
            role = role_from(ctx, words, j, limit=k, to_name=True, plural=plural, past_person=bool(skipped))
            if (role is not None and role.end == k and (role.acting or agrees(ctx, t, name, plural))
                    and not (skipped and "gent" in head_cases(ctx, t))):
                found.append(role)  # keep looking left: «заместителем министра» has its head further left
            elif found:
                break
        j -= 1
    return found


def roles_before(ctx: Context, words: list[Token], k: int, end: int, plural: bool = False) -> list[Role]:
    """The role before the name and the roles stacked before it, joined by a comma or «и»
    («Политолог и медиаменеджер Игорь Малашенко», «рок-музыкант, основатель группы Talk Talk
    Марк Холлис»), each in the case of the one after it."""
    found = _candidates_before(ctx, words, k, end, plural)
    role = found[-1] if found else None
    out = [role] if role is not None else []
    if role is not None:  # «Глава представительства США помощник заместителя госсекретаря Мэтью Брайза»
        cases = head_cases(ctx, words[role.head])
        out += [r for r in found[:-1] if head_cases(ctx, words[r.head]) & cases
                and not any(w is words[r.head] for w in role.words)]
    while role is not None and len(out) <= MAX_STACKED:
        first = role.head - next(i for i, t in enumerate(role.words) if t is words[role.head])
        joint = first - len(role.acting) - 1
        if joint < 1 or words[joint].text.lower() not in LIST_JOINS:
            break
        role = role_before(ctx, words, joint, joint + 1, plural)
        if role is None or not head_cases(ctx, words[role.head]) & head_cases(ctx, words[out[-1].head]):
            break
        start = role.head - next(i for i, t in enumerate(role.words) if t is words[role.head]) - len(role.acting)
        if start > 1 and words[start - 1].text == "," and _is_person(ctx, words[start - 2]):
            break  # «Иванов, министр, глава Y»: the first post is Иванов's
        out.append(role)
    return out


def role_after(ctx: Context, words: list[Token], k: int) -> Role | None:
    """«Name, role of X» / «Name — role of X» / «Name (role)»: the role right after the mark
    («Марк Тоунер, исполняющий обязанности представителя»). Its case is not checked: news
    writes «с Иваном Петровым, министр…» too."""
    if k + 1 >= len(words) or words[k].text not in OPENERS:
        return None
    j = k + 1 + acting_at(ctx, words, k + 1)
    while j < len(words) and pos(ctx, words[j]) in MODIFIER_POS and not is_head(ctx, words[j]):
        j += 1
    if j >= len(words) or not is_head(ctx, words[j]):
        return None
    role = role_from(ctx, words, j)
    if role is not None and role.end < len(words) and _is_person(ctx, words[role.end]):
        following = words[role.end:_run_end(ctx, words, role.end)]
        if name_cases(ctx, following) and agrees(ctx, words[j], following):
            return None  # «Лэмпард, капитан клуба Тоттенхэм Ледли Кинг»: the post is the next name's
    return role


def role_predicated(ctx: Context, words: list[Token], k: int) -> Role | None:
    """«X стал/является/был назначен президентом», «X, который занимает пост премьера»,
    «X согласился занять пост премьер-министра»: the post a verb after the name gives it."""
    j = k
    if j + 1 < len(words) and words[j].text == "," and words[j + 1].lemma in RELATIVE:
        j += 2
    j = _skip_filler(ctx, words, j)
    hows: set[str] = set()
    while j < len(words) and words[j].lemma in ctx.lexicon.predicative:
        if j > 0 and words[j - 1].text.lower() == "не":
            return None
        hows |= ctx.lexicon.predicative[words[j].lemma]
        j += 1
    if not hows:
        return None
    if "post" in hows:
        p = j + (j < len(words) and words[j].text.lower() in PREDICATE_PREPS)
        if p < len(words) and words[p].lemma in ctx.lexicon.posts:
            return _role_at(ctx, words, p + 1, "gent")
    return _role_at(ctx, words, j, "ablt") if "ablt" in hows else None


def role_predicated_before(ctx: Context, words: list[Token], k: int) -> Role | None:
    """The post before its verb, the holder after it: «капитаном стал Михаель Баллак»,
    «премьер-министром станет глава партии Саломе Зурабишвили»."""
    for verb in range(k - 1, max(-1, k - 1 - MAX_GAP), -1):
        t = words[verb]
        if not t.text[:1].isalnum() or ctx.entity_of(t) is not None and ctx.entity_of(t).type == "PER":
            return None
        if "ablt" in ctx.lexicon.predicative.get(t.lemma, ()):
            break
    else:
        return None
    for head in range(verb - 1, max(-1, verb - 1 - MAX_GAP), -1):
        if not words[head].text[:1].isalnum():
            return None
        if "ablt" in head_cases(ctx, words[head]):
            role = role_from(ctx, words, head, limit=verb)
            if role is not None and role.end == verb:
                return role
    return None


def role_given(ctx: Context, words: list[Token], k: int, end: int) -> Role | None:
    """«назначил Иванова министром», «назвал Йенса Лемана первым вратарём»: a verb before the
    name gives its object the post after it."""
    if not any("object" in ctx.lexicon.predicative.get(t.lemma, ()) for t in words[max(0, k - 3):k]):
        return None
    return _role_at(ctx, words, end, "ablt")


def _skip_filler(ctx: Context, words: list[Token], j: int) -> int:
    """Past a few words between a subject and its verb («в 2010 году», «уже», «тогда же»)."""
    n = 0
    while (j < len(words) and n < MAX_FILLER and words[j].lemma not in ctx.lexicon.predicative
           and words[j].text[:1].isalnum() and ctx.entity_of(words[j]) is None
           and pos(ctx, words[j]) in FILLER_POS and not is_head(ctx, words[j])):
        j, n = j + 1, n + 1
    return j


def _role_at(ctx: Context, words: list[Token], j: int, case: str) -> Role | None:
    """The role phrase whose head, after a few modifiers, stands at ``j`` in ``case``."""
    j += acting_at(ctx, words, j)
    while j < len(words) and pos(ctx, words[j]) in MODIFIER_POS and not is_head(ctx, words[j]):
        j += 1
    if j >= len(words) or case not in head_cases(ctx, words[j]):
        return None
    return role_from(ctx, words, j)


def occupation(ctx: Context, person: Entity, role: Role, evidence) -> Occupation:
    return Occupation(person=person.id, role=role.text(ctx), of=role.of.id if role.of else None,
                      evidence=[evidence])


def add(ctx: Context, facts: list[Fact], fact: Occupation) -> None:
    """Keep one fact per (person, role, of); remember it for the rules that resolve role phrases."""
    known = ctx.occupations.setdefault(fact.person, [])
    if any(o.role == fact.role and o.of == fact.of for o in known):
        return
    if fact.of is None and any(o.role == fact.role for o in known):
        return
    known.append(fact)
    facts.append(fact)


def _people(ctx: Context, words: list[Token]) -> list[tuple[int, int, Entity]]:
    """The sentence's person mentions as (first word, word past the last, entity)."""
    out, k = [], 0
    while k < len(words):
        e = ctx.entity_of(words[k])
        if e is None or e.type != "PER":
            k += 1
            continue
        end = k + 1
        while end < len(words) and ctx.entity_of(words[end]) is e:
            end += 1
        out.append((k, end, e))
        k = end
    return out


def _lists(words: list[Token], people: list[tuple[int, int, Entity]]) -> list[list[tuple[int, int, Entity]]]:
    """People named one after another, joined by a comma or «и» («Кокорин и Мамаев»)."""
    groups: list[list[tuple[int, int, Entity]]] = []
    for p in people:
        if groups and words[groups[-1][-1][1]:p[0]] and all(t.text.lower() in LIST_JOINS
                                                               for t in words[groups[-1][-1][1]:p[0]]):
            groups[-1].append(p)
        else:
            groups.append([p])
    return groups


def _past_transcription(words: list[Token], end: int) -> int:
    """Past a name's original spelling in brackets («Юрген Клинсман (Jürgen Klinsmann)»)."""
    if end < len(words) and words[end].text == "(":
        close = next((j for j in range(end + 1, min(len(words), end + 6)) if words[j].text == ")"), None)
        if close and all(LATIN.match(t.text) for t in words[end + 1:close]):
            return close + 1
    return end


def roles_over_lists(ctx: Context, words: list[Token]) -> list[tuple[Entity, Role]]:
    """A plural post and the people it names after it: «легендарные музыканты Юрий Царёв (проект
    «Метро»), Алексей Борисов и Павел Шевелёв», «писатели и критики, среди которых X, Y и Z»,
    «пять экс-президентов: X (1990—2000), Y …», «с музыкантами группы СВ — X, Y и Z»."""
    out: list[tuple[Entity, Role]] = []
    j = 0
    while j < len(words):
        if not (is_head(ctx, words[j], plural=True) and is_plural(ctx, words[j])):
            j += 1
            continue
        roles = [role_from(ctx, words, j, plural=True)]
        p = roles[-1].end if roles[-1] else j + 1
        while p + 1 < len(words) and words[p].text.lower() == "и" and is_head(ctx, words[p + 1], plural=True):
            roles.append(role_from(ctx, words, p + 1, plural=True))  # «писатели и критики»
            p = roles[-1].end if roles[-1] else p + 2
        p = _past_list_opener(words, p)
        people = _listed_people(ctx, words, p)
        if len(people) >= 2:
            out += [(e, r) for e in people for r in roles if r is not None and r.words]
        j = p
    return out


def _past_list_opener(words: list[Token], p: int) -> int:
    """Past «:», «—», «, среди которых», «, в том числе» between a post and its list."""
    if p < len(words) and words[p].text in {":"} | DASHES:
        return p + 1
    low = [t.text.lower() for t in words[p:p + 4]]
    if low[:3] in ([",", "среди", "которых"], [",", "среди", "них"]):
        return p + 3
    if low[:4] == [",", "в", "том", "числе"]:
        return p + 4
    return p


def _listed_people(ctx: Context, words: list[Token], p: int) -> list[Entity]:
    """The people named from ``p`` on, joined by commas and «и», each perhaps with a remark in
    brackets («Альберто Фухимори (1990—2000 годы)»)."""
    people: list[Entity] = []
    while p < len(words):
        e = ctx.entity_of(words[p])
        if e is not None and e.type == "PER":
            if e not in people:
                people.append(e)
            p = _run_end(ctx, words, p)
        elif words[p].text.lower() in LIST_JOINS:
            p += 1
        elif words[p].text == "(":
            close = next((i for i in range(p + 1, min(len(words), p + 12)) if words[i].text == ")"), None)
            if close is None:
                break
            p = close + 1
        else:
            break
    return people


def find_occupations(ctx: Context) -> list[Fact]:
    facts: list[Fact] = []
    for si, sentence in enumerate(ctx.sentences):
        words = ctx.words(si)
        people = _people(ctx, words)
        for group in _lists(words, people):
            first = group[0]
            shared = roles_before(ctx, words, first[0], first[1], plural=len(group) > 1)
            given = role_predicated_before(ctx, words, first[0])  # «Операторами выступили X и Y»
            for n, (k, end, e) in enumerate(group):
                if n == 0 or (shared and is_plural(ctx, words[shared[0].head])):
                    roles = list(shared)
                else:
                    roles = roles_before(ctx, words, k, end)
                after = _past_transcription(words, end)
                roles += [role_after(ctx, words, after), role_predicated(ctx, words, after),
                          given, role_given(ctx, words, k, after)]
                for role in roles:
                    if role is not None and role.words:
                        add(ctx, facts, occupation(ctx, e, role, sentence))
        if len(people) >= 2:  # a list names two people at least
            for e, role in roles_over_lists(ctx, words):
                add(ctx, facts, occupation(ctx, e, role, sentence))
    return facts
