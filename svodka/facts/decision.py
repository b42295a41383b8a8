"""Decisions: an action decided, agreed, proposed, to be considered or discussed. A decision
word (``data/decisions.tsv``, with the status it gives) is found by lemma; its sentence's parse
gives the action: the word's infinitive complement («договорились использовать возможности
портов»), its «о»-phrase («принято решение о создании торговых домов», «рассмотреть вопрос об
открытии авиарейсов»), or its object, each coordinated object its own decision («обсуждались
перспективы строительства терминала, совместные проекты в сфере энергетики»). A negated word
(«не договорились») decides nothing; when one decision word governs another («условились
рассмотреть»), the inner one says what was decided. The parties are the subject's entities, or
the sides of the talks when the subject is «мы», «лидеры», or absent."""
from __future__ import annotations

from svodka.document import Fact
from svodka.facts.schema import Decision
from svodka.facts.context import DASHES, Context, Parse
from svodka.facts.phrases import nominative

CLAUSAL = {"acl", "advcl", "ccomp", "parataxis", "csubj"}
ABOUT = {"о", "об", "обо"}
WRAPPERS = {"вопрос"}  # «вопрос о X» is X
STOP = set("«»\"“”") | DASHES


def _span_words(parse: Parse, idx: list[int], start: int) -> list:
    """Words ``start``..the subtree's end, cut at a quote mark or dash (an attribution follows)."""
    words = []
    for j in range(start, max(idx) + 1):
        t = parse.tokens[j]
        if t.text in STOP:
            break
        words.append(t)
    while words and not words[-1].text[:1].isalnum():
        words.pop()
    return words


def _clean(parse: Parse, k: int, more_skip: set[int] = frozenset()) -> list[int]:
    skip = {j for j, r in enumerate(parse.rels) if r.split(":")[0] in CLAUSAL} | set(more_skip)
    return parse.subtree(k, skip)


def _infinitives(ctx: Context, parse: Parse, k: int) -> list[int]:
    """The infinitive a decision word governs. The parser sometimes links it as a conjunct or
    leaves it headless («Договорились в полной мере использовать»), so those count too."""
    out = parse.children(k, "xcomp")
    if out:
        return out

    def infinitive(j: int) -> bool:
        p = ctx.morph.parse(parse.tokens[j].text.lower())
        return bool(p) and p[0].tag.POS == "INFN"

    # or left without a head at all, within the next few words
    near = [j for j in range(k + 1, min(k + 6, len(parse.tokens)))
            if parse.heads[j] == k and parse.rels[j].startswith("conj") or parse.heads[j] < 0]
    return [j for j in near if infinitive(j)][:1]


def _about(parse: Parse, k: int) -> int | None:
    for j in parse.children(k, "nmod", "obl"):
        if parse.case_word(j) in ABOUT:
            return j
    return None


def _actions(ctx: Context, parse: Parse, k: int) -> list[str]:
    """The action phrases word ``k`` decides, each in the nominative (an infinitive as written)."""
    text = ctx.doc.text
    for x in _infinitives(ctx, parse, k):
        idx = _clean(parse, x)
        words = _span_words(parse, idx, x)  # from the infinitive on: leading adverbials dropped
        return [" ".join(_text(text, words).split())] if words else []
    j = _about(parse, k)
    if j is not None:
        return _nominal(ctx, parse, j)
    objs = parse.children(k, "obj") or parse.children(k, "nsubj:pass")
    if not objs and parse.tokens[k].lemma in ctx.lexicon.decisions and parse.rels[k].startswith("nsubj"):
        return []
    out = []
    for o in objs:
        if parse.tokens[o].lemma in WRAPPERS and _about(parse, o) is not None:
            o = _about(parse, o)
        out += _nominal(ctx, parse, o)
    return out


def _nominal(ctx: Context, parse: Parse, j: int) -> list[str]:
    conj = [c for c in parse.children(j, "conj") if parse.tokens[c].text[:1].isalpha()]
    out = []
    for head in [j] + conj:
        skip = set(parse.children(head, "cc", "punct"))
        if head == j:
            skip |= set(conj)
        idx = _clean(parse, head, skip)
        words = _span_words(parse, idx, min(idx))
        phrase = nominative(words, ctx.doc.text, ctx.morph, case=_case(parse, j)) if words else ""
        if phrase:
            out.append(" ".join(phrase.split()))
    return out


def _case(parse: Parse, j: int) -> set[str]:
    """The cases the phrase's head can be in, by its relation: it disambiguates «направления»."""
    if parse.case_word(j) in ABOUT:
        return {"loct"}
    rel = parse.rels[j] if not parse.rels[j].startswith("conj") else parse.rels[parse.heads[j]]
    return {"accs", "nomn"} if rel.startswith("obj") else {"nomn"} if rel.startswith("nsubj") else set()


def _text(text: str, words) -> str:
    return text[words[0].start:words[-1].end]


def _parties(ctx: Context, parse: Parse, k: int) -> list[str]:
    h = k
    while True:
        subj = [s for s in parse.children(h) if parse.rels[s] == "nsubj"]
        if subj or not parse.rels[h].startswith("xcomp") or parse.heads[h] < 0:
            break
        h = parse.heads[h]
    if subj:
        found = ctx.entities_under(parse, parse.subtree(subj[0]), ("LOC", "ORG", "PER"))
        if found:
            return [e.id for e in found]
    return [e.id for e in ctx.sides()]


def _is_target(ctx: Context, parse: Parse, k: int) -> bool:
    """«договорились увеличить его до $1 млрд» is a target, not a decision."""
    return any(parse.tokens[x].lemma in ctx.lexicon.figures for x in _infinitives(ctx, parse, k))


def find_decisions(ctx: Context, targets: list[Fact]) -> list[Fact]:
    out: list[Fact] = []
    triggers = ctx.lexicon.decisions
    for si, sentence in enumerate(ctx.sentences):
        if not ctx.has_trigger(si, triggers):
            continue
        parse = ctx.parse(si)
        for k, t in enumerate(parse.tokens):
            status = triggers.get(t.lemma)
            if status is None or parse.negated(k):
                continue
            if parse.rels[k].startswith("xcomp") and parse.negated(parse.heads[k]):
                continue
            if any(parse.tokens[x].lemma in triggers for x in _infinitives(ctx, parse, k)):
                continue  # the inner decision word says it
            if _is_target(ctx, parse, k):
                continue
            if t.lemma == "решение" and parse.heads[k] >= 0 and parse.tokens[parse.heads[k]].lemma != "принять":
                continue
            for action in _actions(ctx, parse, k):
                out.append(Decision(action=action, parties=_parties(ctx, parse, k), status=status,
                                    evidence=[sentence]))
    return out
