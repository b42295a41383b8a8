"""Role phrases: a post or profession word (``data/roles.tsv``) with the words that make it one
post — its modifiers («первый заместитель»), an «acting» prefix («исполняющий обязанности»), its
complements («министр иностранных дел», «министр по делам разведки») — and the place or
organization it is «of». The occupation rules find where such a phrase stands beside a name;
this module reads the phrase itself."""
from __future__ import annotations

from dataclasses import dataclass, field

from svodka.document import Entity, Token
from svodka.facts.context import Context
from svodka.facts.phrases import role_nominative

QUOTES = set("«»\"„“”")
ATTACH = {"в", "во", "при", "от"}  # «посол Италии в Грузии», «представитель при ООН», «сенатор от штата Вермонт»
TOPIC = {"по"}
SETTING = {"на", "в", "во"}  # a phrase of circumstance between a post and its holder  # «министр по делам разведки», «помощник по европейским делам»
MODIFIER_POS = {"ADJF", "PRTF"}
FUNCTION_POS = {"CONJ", "PREP", "PRCL", "INTJ"}
NOMINAL = {"NOUN", "ADJF", "PRTF", "PREP", "CONJ", "NUMR", None}
PREFIXES = ("экс-", "вице-", "и.о.")
# lemmas or words of «исполняющий обязанности», «и. о.» (razdel may cut «и. о.» into four words)
ACTING = (("исполнять", "обязанность"), ("и", ".", "о", "."), ("и.", "о."), ("и.о.",))
# nouns whose every form is also a form of a post word, and which news uses far more often
# («политика страны» is its policy, not its politician)
ABSTRACT_HOMOGRAPHS = frozenset({"политика"})
CASES = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct"})


@dataclass
class Role:
    words: list[Token]  # the role phrase: modifiers, head, complements
    of: Entity | None
    head: int  # index of the head word in the sentence
    end: int  # index just past the phrase (country or organization included)
    acting: list[Token] = field(default_factory=list)  # «исполняющий обязанности» before the phrase

    def text(self, ctx: Context) -> str:
        if self.acting:  # the post stays in the genitive after «исполняющий обязанности»
            prefix = "и. о." if self.acting[0].text.lower().startswith("и.") else "исполняющий обязанности"
            words = ctx.doc.text[self.words[0].start:self.words[-1].end]
            return f"{prefix} {words.lower()}".replace("\n", " ")
        only = self.words[0]
        if len(self.words) == 1 and only.lemma not in ctx.lexicon.roles and "-" not in only.text:
            return head_lemma(ctx, only) or only.lemma  # «критики» read as «критик», not «критика»
        return role_nominative(self.words, ctx.doc.text, ctx.morph)


def pos(ctx: Context, t: Token) -> str | None:
    p = ctx.morph.parse(t.text.lower())
    return p[0].tag.POS if p else None


def head_lemma(ctx: Context, t: Token) -> str | None:
    """The role lemma this word names («экс-председатель» names «председатель»), or None;
    remembered per word form for the document (every rule asks of every word)."""
    key = ("role head", t.text, t.lemma)
    if key not in ctx.memo:
        ctx.memo[key] = _head_lemma(ctx, t)
    return ctx.memo[key]


def _head_lemma(ctx: Context, t: Token) -> str | None:
    lemma = t.lemma
    for prefix in PREFIXES:
        if lemma.startswith(prefix) and lemma[len(prefix):] in ctx.lexicon.roles:
            lemma = lemma[len(prefix):]
    parses = ctx.morph.parse(t.text.lower())
    if (lemma not in ctx.lexicon.roles and parses and parses[0].tag.POS == "NOUN" and t.text[:1].islower()
            and parses[0].normal_form not in ABSTRACT_HOMOGRAPHS):
        # «критики» is read «критика» first; «после» is no form of «посол»
        lemma = next((p.normal_form.replace("ё", "е") for p in parses
                      if p.tag.POS == "NOUN" and p.tag.animacy == "anim"
                      and p.normal_form.replace("ё", "е") in ctx.lexicon.roles), lemma)
    if lemma not in ctx.lexicon.roles and "-" in lemma:  # «рок-музыкант», «врач-реаниматолог»
        first, _, last = lemma.rpartition("-")
        lemma = last if last in ctx.lexicon.roles else lemma.split("-", 1)[0]
    if lemma not in ctx.lexicon.roles or not t.text[:1].isalpha():
        return None
    return lemma


def _head_parses(ctx: Context, t: Token):
    # a participle-like post («управляющий») counts when its word has a noun reading or is the lemma
    return [x for x in ctx.morph.parse(t.text.lower()) if x.tag.POS == "NOUN" or x.normal_form == t.lemma]


def is_head(ctx: Context, t: Token, plural: bool = False) -> bool:
    """A post word; a plural one («футболисты», «президентов») only where the caller reads a list."""
    if head_lemma(ctx, t) is None:
        return False
    p = _head_parses(ctx, t)
    return bool(p) and (plural or p[0].tag.number != "plur")


def is_plural(ctx: Context, t: Token) -> bool:
    p = _head_parses(ctx, t)
    return bool(p) and p[0].tag.number == "plur"


def head_cases(ctx: Context, t: Token, singular: bool = False) -> set[str]:
    """The cases a post word can be read in (animate readings: a post names a person); with
    ``singular`` its singular readings only («актрисы» is no nominative of one actress)."""
    return {p.tag.case for p in _head_parses(ctx, t) if p.tag.animacy != "inan"
            and not (singular and p.tag.number == "plur")} & CASES


def name_cases(ctx: Context, words: list[Token]) -> set[str]:
    """The cases every word of a name can be in (animate singular readings of words the
    dictionary knows); empty when unknown."""
    out: set[str] | None = None
    for t in words:
        if not t.text[:1].isalpha() or len(t.text) < 2:
            continue
        cases = {p.tag.case for p in ctx.morph.parse(t.text.lower()) if p.is_known  # a guess is no evidence
                 and p.tag.POS == "NOUN" and p.tag.animacy == "anim" and p.tag.number == "sing"} & CASES
        if cases:
            out = cases if out is None else out & cases
    return out or set()


def agrees(ctx: Context, head: Token, name: list[Token], plural: bool = False) -> bool:
    """A post in apposition stands in its holder's case («заместителем министра … Александром
    Налбандовым»: the instrumental «заместителем», not the genitive «министра»)."""
    cases = name_cases(ctx, name)
    return not cases or bool(head_cases(ctx, head, singular=not plural) & cases)


def genitive(ctx: Context, t: Token) -> bool:
    parses = ctx.morph.parse(t.text.lower())
    if not t.text[:1].isalpha() or not parses or parses[0].tag.POS in FUNCTION_POS:
        return False  # «и» has a rare noun reading in the genitive
    return any(p.tag.case == "gent" and p.tag.POS in ("NOUN", "ADJF", "PRTF") for p in parses)


def _entity_type(ctx: Context, t: Token) -> str | None:
    e = ctx.entity_of(t)
    return e.type if e is not None else None


def _person_in_genitive(ctx: Context, words: list[Token], k: int, limit: int) -> int | None:
    """The index past a person named in the genitive at ``k`` («помощник Хиллари Клинтон»)
    before the holder's name at ``limit``; None otherwise."""
    e = ctx.entity_of(words[k])
    end = k
    while end < limit and ctx.entity_of(words[end]) is e:
        end += 1
    if "gent" not in name_cases(ctx, words[k:end]):
        return None
    return end


def role_from(ctx: Context, words: list[Token], head: int, limit: int | None = None,
              to_name: bool = False, plural: bool = False, past_person: bool = False) -> Role | None:
    """The role phrase whose head is ``words[head]``, read rightwards to ``limit``: the genitive
    complement stays in the role («министр иностранных дел»), the first place or organization
    after it is what the role is «of». With ``to_name`` (the phrase must reach the name at
    ``limit``), the words after that place may be any nominal ones («представитель
    Следственного комитета при прокуратуре»); with ``past_person`` a person in the genitive may
    stand between («помощник Хиллари Клинтон по европейским делам»)."""
    if not is_head(ctx, words[head], plural):
        return None
    limit = len(words) if limit is None else limit
    of, role_end, k, tail = None, head, head + 1, False
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
            past = _person_in_genitive(ctx, words, k, limit) if past_person and to_name else None
            if past is None:
                break
            k, tail = past, True
            continue
        if t.text in QUOTES:
            k += 1
            continue
        if t.text == "(":  # «Генеральный секретарь Объединённого фронта (ОФДД)»
            close = next((i for i in range(k + 1, min(limit, k + 6)) if words[i].text == ")"), None)
            if close is not None:
                k = close + 1
                continue
        low = t.text.lower()
        if low in ATTACH and k + 1 < limit and _entity_type(ctx, words[k + 1]) in ("ORG", "LOC"):
            k += 1
            continue
        if low in TOPIC and of is None and not tail and k + 1 < limit and words[k + 1].text[:1].islower():
            k += 1  # «министр по делам разведки»: the topic is part of the post's name
            while k < limit and words[k].text[:1].islower() and pos(ctx, words[k]) in ("NOUN", "ADJF", "PRTF"):
                role_end, k = k, k + 1
            continue
        if of is None and not tail and genitive(ctx, t) and t.text[:1].islower():
            role_end = k
            k += 1
            continue
        if (of is not None or tail) and to_name and pos(ctx, t) in NOMINAL:
            k += 1
            continue
        if to_name and low in SETTING and k > head + 1 and k + 1 < limit and words[k + 1].text[:1].islower():
            tail = True  # «Глава палестинской делегации на переговорах Саеб Эрекат»
            k += 1
            continue
        if of is None and t.text.isupper() and len(t.text) > 1:  # «ОАО», «МИД» left unnamed by NER
            k += 1
            continue
        break
    while role_end > head and pos(ctx, words[role_end]) in MODIFIER_POS:
        role_end -= 1  # «глава японского МИД»: the adjective belongs to the organization
    start = _phrase_start(ctx, words, head)
    acting = next((words[start - n:start] for n in (4, 2, 1) if start >= n
                   and acting_at(ctx, words, start - n) == n), [])
    return Role(words[start:role_end + 1], of, head, k, acting)


def _phrase_start(ctx: Context, words: list[Token], head: int) -> int:
    """The first word of a post's own modifiers before its head («первый заместитель»,
    «чрезвычайный и полномочный посол»)."""
    start = head
    mods = ctx.lexicon.role_modifiers
    while start > 0 and (words[start - 1].lemma in mods
                         or words[start - 1].text.lower() == "и" and start > 1 and words[start - 2].lemma in mods):
        start -= 1
    while start < head and words[start].text.lower() == "и":
        start += 1
    return start


def acting_at(ctx: Context, words: list[Token], j: int) -> int:
    """How many words of «исполняющий обязанности» / «и. о.» start at ``j`` (0 if none)."""
    for lemmas in ACTING:
        n = len(lemmas)
        here = words[j:j + n]
        if len(here) == n and all(t.lemma == l or t.text.lower() == l for t, l in zip(here, lemmas)):
            return n
    return 0
