"""Statements: a quote in «» or “” and the person whose words it is, named by a verb of saying
after it («...», -отметил Токаев), before it («Токаев заявил, что «...»», «Как отметил Токаев,
... «...»», «по его словам, «...»»). The speaker may be a pronoun or a role phrase («сообщил
президент Казахстана»): both resolve to a person entity, and a role so resolved is that person's
occupation. A quote no verb of saying attributes — a name in quotes, a scare quote — is no
statement.

Quote marks are paired by a scan over the characters (a parser sees them as punctuation only);
an opening « left unclosed by the end of its paragraph closes at its attribution dash
(«Договорились ..., - сообщил президент»)."""
from __future__ import annotations

import re

from svodka.document import Entity, Fact, Token
from svodka.facts import occupation as occ
from svodka.facts.context import DASHES, Context
from svodka.facts.schema import Statement
from svodka.span import Span

PAIRS = {"«": "»", "“": "”"}
OPENING = re.compile("[«“]")
QUOTE_MARKS = {o: re.compile(f"[{o}{c}\n]") for o, c in PAIRS.items()}  # what a quote's scan stops at
PRONOUNS = {"он", "она", "его", "ее", "её", "него", "нее", "неё"}
MIN_WORDS = 3  # shorter quoted runs are names or terms («Газпром», «оружейный барон»)
ATTRIBUTION = re.compile(r"\s*[,.!?…]?\s*(?:-{1,2}|—|–)\s*")
CLAUSE_END = re.compile(r"[.!?\n]|\s[-—–]\s*[«“]|[«“]")
SOURCE = {"слово"}  # «по его словам», «по словам министра»


def quotes(text: str) -> list[tuple[int, int, int]]:
    """(content start, content end, where the attribution after it may begin) per top-level quote."""
    out, i, n = [], 0, len(text)
    while i < n:
        opening = OPENING.search(text, i)
        if opening is None:
            break
        i = opening.start()
        ch = text[i]
        close, depth, j = PAIRS[ch], 0, i + 1
        end = None
        for mark in QUOTE_MARKS[ch].finditer(text, j):
            c = mark.group()
            if c == ch:
                depth += 1
            elif c == close:
                if depth == 0:
                    end = mark.start()
                    break
                depth -= 1
            else:  # a quote does not run past its paragraph
                break
        if end is not None:
            out.append((i + 1, end, end + 1))
            i = end + 1
            continue
        # unclosed: the quote runs to the first «, - verb» inside its paragraph
        para_end = text.find("\n", i)
        para_end = n if para_end < 0 else para_end
        m = re.search(r",\s*(?:-{1,2}|—|–)\s*\w", text[i:para_end])
        if m:
            out.append((i + 1, i + m.start(), i + m.start()))
            i = i + m.start()
        else:
            i += 1
    return out


def _words(text: str, tokens: list[Token]) -> int:
    return sum(1 for t in tokens if t.text[:1].isalpha())


def speaker_in(ctx: Context, words: list[Token], before: int, last: Entity | None,
             facts: list[Fact]) -> Entity | None:
    """The person these words name: a name, a pronoun (its antecedent), or a role phrase."""
    for t in words:
        e = ctx.entity_of(t)
        if e is not None and e.type == "PER":
            return e
    for t in words:
        if t.text.lower() in PRONOUNS:
            prior = next(ctx.nearest_before(before), None)
            return prior[1] if prior else None
    for k, t in enumerate(words):
        role = occ.role_from(ctx, words, k)
        if role is None or not role.words:
            continue
        person = _holder(ctx, role, last, before)
        if person is not None:
            occ.add(ctx, facts, occ.occupation(ctx, person, role, ctx.sentence(ctx.sentence_index(t.start))))
        return person
    return None


def _holder(ctx: Context, role: "occ.Role", last: Entity | None, before: int) -> Entity | None:
    """Who a bare role phrase refers to: the person known to hold it, else the last speaker or
    last-named person unless what is known of them contradicts it (another country's post)."""
    text, of = role.text(ctx), role.of.id if role.of else None
    for pid, known in ctx.occupations.items():
        if any(o.role == text and o.of == of for o in known):
            return ctx.entity(pid)

    def fits(e: Entity | None) -> bool:
        return e is not None and not any(o.of and of and o.of != of for o in ctx.occupations.get(e.id, []))

    if fits(last):
        return last
    for _, e in ctx.nearest_before(before):
        if fits(e):
            return e
    return None


def _after(ctx: Context, qend: int, attr: int) -> tuple[list[Token], Span] | None:
    """The words of an attribution right after the quote: a dash, then a verb of saying."""
    text = ctx.doc.text
    m = ATTRIBUTION.match(text, attr)
    if not m:
        return None
    stop = CLAUSE_END.search(text, m.end())
    end = stop.start() if stop else len(text)
    words = ctx.doc.tokens_in(m.end(), end)
    if not any(t.lemma in ctx.lexicon.speech for t in words[:2]):
        return None
    return words, Span.of(text, m.end(), end)


def _sentence_saying_before(ctx: Context, qstart: int) -> int | None:
    """The quote's sentence if a verb of saying (or «по словам») stands in it before the quote;
    only then is it worth a parse."""
    si = ctx.sentence_index(qstart - 1)
    words = ctx.doc.tokens_in(ctx.sentence(si).start, qstart)
    return si if any(t.lemma in ctx.lexicon.speech or t.lemma in SOURCE for t in words) else None


def sentences_to_parse(ctx: Context) -> list[int]:
    """The sentences ``find_statements`` will parse, for the document's one parsing batch."""
    found = (_sentence_saying_before(ctx, qs) for qs, _, _ in quotes(ctx.doc.text))
    return [si for si in found if si is not None]


def _before(ctx: Context, qstart: int) -> list[Token] | None:
    """The words naming the speaker when a verb of saying before the quote, in its sentence,
    attributes it: the verb's subject, or the words around «по словам»."""
    si = _sentence_saying_before(ctx, qstart)
    if si is None:
        return None
    sent = ctx.sentence(si)
    parse = ctx.parse(si)
    verbs = [k for k, t in enumerate(parse.tokens) if t.end <= qstart and
             (t.lemma in ctx.lexicon.speech or t.lemma in SOURCE
              and any(w.text.lower() == "по" for w in parse.tokens[max(0, k - 2):k]))]
    # a verb inside an earlier quote of the sentence is not the attribution
    verbs = [k for k in verbs if ctx.doc.text.count("«", sent.start, parse.tokens[k].start)
             == ctx.doc.text.count("»", sent.start, parse.tokens[k].start)]
    if not verbs:
        return None
    v = verbs[-1]
    if parse.tokens[v].lemma in SOURCE:
        return [t for t in parse.tokens[max(0, v - 3):v + 4] if t.end <= qstart]
    if parse.negated(v):
        return None
    subj = parse.children(v, "nsubj")
    if subj:
        return [parse.tokens[k] for k in parse.subtree(subj[0])]
    return [t for t in parse.tokens if t.end <= qstart]


def find_statements(ctx: Context, facts: list[Fact]) -> list[Fact]:
    """``facts`` (the occupations so far) may grow: a resolved role phrase is an occupation."""
    out: list[Fact] = []
    text, last = ctx.doc.text, None
    for qs, qe, attr in quotes(text):
        body = ctx.doc.tokens_in(qs, qe)
        if _words(text, body) < MIN_WORDS:
            continue
        after = _after(ctx, qe, attr)
        if after is not None:
            words, span = after
            speaker = speaker_in(ctx, words[1:] if words else [], qs, last, facts)
            evidence = Span.of(text, qs - 1, span.end)
        else:
            words = _before(ctx, qs)
            speaker = speaker_in(ctx, words, qs, last, facts) if words else None
            sent = ctx.sentence(ctx.sentence_index(qs - 1))
            evidence = Span.of(text, sent.start, max(sent.end, qe + 1))
        if speaker is None:
            continue
        last = speaker
        out.append(Statement(speaker=speaker.id, quote=Span.of(text, qs, qe).to_dict(), evidence=[evidence]))
    return out
