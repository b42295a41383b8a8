"""Occupations: a post word next to a person's name, as Russian news writes them — before the
name («президент Казахстана Касым-Жомарт Токаев», «с заместителем министра иностранных дел
Грузии Александром Налбандовым») or after it, set off by a comma or dash («Сердаром
Бердымухамедовым, президентом Туркменистана»).

Hand-written over the words rather than read off the parse: in these phrases the role, its
genitive complement, the country and the name are adjacent, and checking that adjacency is both
cheaper and steadier than the parser's appos/nmod links, which it would have to run on nearly
every sentence of a news text."""
from __future__ import annotations

from dataclasses import dataclass

from svodka.document import Entity, Fact, Token
from svodka.facts.schema import Occupation
from svodka.facts.context import DASHES, Context
from svodka.facts.phrases import role_nominative

MAX_GAP = 12  # words between a role head and the name it belongs to
QUOTES = set("«»\"„“”")
ATTACH = {"в", "во", "при"}  # «посол Италии в Грузии», «представитель при ООН»
MODIFIER_POS = {"ADJF", "PRTF"}
NOMINAL = {"NOUN", "ADJF", "PRTF", "PREP", "CONJ", "NUMR", None}


@dataclass
class Role:
    words: list[Token]  # the role phrase: modifiers, head, genitive complement
    of: Entity | None
    head: int  # index of the head word in the sentence
    end: int  # index just past the phrase (country or organization included)

    def text(self, ctx: Context) -> str:
        return role_nominative(self.words, ctx.doc.text, ctx.morph)


def _pos(ctx: Context, t: Token) -> str | None:
    p = ctx.morph.parse(t.text.lower())
    return p[0].tag.POS if p else None


PREFIXES = ("экс-", "вице-", "и.о.")


def _is_head(ctx: Context, t: Token) -> bool:
    lemma = t.lemma
    for prefix in PREFIXES:  # «экс-председатель» is a post the way «председатель» is
        if lemma.startswith(prefix) and lemma[len(prefix):] in ctx.lexicon.roles:
            lemma = lemma[len(prefix):]
    if lemma not in ctx.lexicon.roles or not t.text[:1].isalpha():
        return False
    p = [x for x in ctx.morph.parse(t.text.lower()) if x.tag.POS == "NOUN" or x.normal_form == t.lemma]
    # a participle-like post («управляющий») counts when its word has a noun reading or is the lemma
    return bool(p) and p[0].tag.number != "plur"


def _genitive(ctx: Context, t: Token) -> bool:
    return t.text[:1].isalpha() and any(p.tag.case == "gent" and p.tag.POS in ("NOUN", "ADJF", "PRTF")
                                        for p in ctx.morph.parse(t.text.lower()))


def role_from(ctx: Context, words: list[Token], head: int, limit: int | None = None,
              to_name: bool = False) -> Role | None:
    """The role phrase whose head is ``words[head]``, read rightwards to ``limit``: the genitive
    complement stays in the role («министр иностранных дел»), the first place or organization
    after it is what the role is «of». With ``to_name`` (the phrase must reach the name at
    ``limit``), the words after that place may be any nominal ones («представитель
    Следственного комитета при прокуратуре»)."""
    if not _is_head(ctx, words[head]):
        return None
    limit = len(words) if limit is None else limit
    of, role_end, k = None, head, head + 1
    while k < limit:
        t = words[k]
        e = ctx.entity_of(t)
        if e is not None and e.type in ("ORG", "LOC"):
            if of is None:
                of = e
            k += 1
            while k < limit and ctx.entity_of(words[k]) is e:
                k += 1
            continue
        if e is not None:
            break
        if t.text in QUOTES:
            k += 1
            continue
        low = t.text.lower()
        if low in ATTACH and k + 1 < limit and (ctx.entity_of(words[k + 1]) or Entity("", "", "", [])).type in ("ORG", "LOC"):
            k += 1
            continue
        if of is None and _genitive(ctx, t) and t.text[:1].islower():
            role_end = k
            k += 1
            continue
        if of is not None and to_name and _pos(ctx, t) in NOMINAL:
            k += 1
            continue
        if of is None and t.text.isupper() and len(t.text) > 1:  # «ОАО», «МИД» left unnamed by NER
            k += 1
            continue
        break
    while role_end > head and _pos(ctx, words[role_end]) in MODIFIER_POS:
        role_end -= 1  # «глава японского МИД»: the adjective belongs to the organization
    start = head
    mods = ctx.lexicon.role_modifiers
    while start > 0 and (words[start - 1].lemma in mods
                         or words[start - 1].text.lower() == "и" and start > 1 and words[start - 2].lemma in mods):
        start -= 1
    while start < head and words[start].text.lower() == "и":
        start += 1
    return Role(words[start:role_end + 1], of, head, k)


def role_before(ctx: Context, words: list[Token], k: int) -> Role | None:
    """The role phrase that ends right where the name starting at ``words[k]`` begins."""
    found = None
    for j in range(k - 1, max(-1, k - 1 - MAX_GAP), -1):
        t = words[j]
        e = ctx.entity_of(t)
        if e is not None and e.type == "PER":
            break
        if not t.text[:1].isalnum() and t.text not in QUOTES:
            break
        if _is_head(ctx, t):
            role = role_from(ctx, words, j, limit=k, to_name=True)
            if role is not None and role.end == k:
                found = role  # keep looking left: «заместителем министра» has its head further left
            elif found is not None:
                break
    return found


def role_after(ctx: Context, words: list[Token], k: int) -> Role | None:
    """«Name, role of X» / «Name — role of X»: the role right after a comma or dash."""
    if k + 1 >= len(words) or words[k].text not in {","} | DASHES:
        return None
    j = k + 1
    while j < len(words) and _pos(ctx, words[j]) in MODIFIER_POS and not _is_head(ctx, words[j]):
        j += 1
    if j >= len(words) or not _is_head(ctx, words[j]):
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


def find_occupations(ctx: Context) -> list[Fact]:
    facts: list[Fact] = []
    for si, sentence in enumerate(ctx.sentences):
        words = ctx.words(si)
        k = 0
        while k < len(words):
            e = ctx.entity_of(words[k])
            if e is None or e.type != "PER":
                k += 1
                continue
            end = k
            while end + 1 < len(words) and ctx.entity_of(words[end + 1]) is e:
                end += 1
            for role in (role_before(ctx, words, k), role_after(ctx, words, end + 1)):
                if role is not None and role.words:
                    add(ctx, facts, occupation(ctx, e, role, sentence))
            k = end + 1
    return facts
