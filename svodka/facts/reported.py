"""Reported speech without quote marks: «Лавров заявил, что Москва готова к диалогу» (the words
are the clause after «что»), «По словам министра, переговоры прошли успешно», «Как сообщил
Песков, встреча состоится в среду», «Переговоры прошли успешно, сообщил Песков» (the words are
the clause the attribution sets off). The speaker is resolved as for a quote (statement.py): a
name, a pronoun or a role phrase.

The shapes are found over the words, cheaply; only a sentence of the first shape is parsed, for
the subject of its verb (the person before a verb of saying is not always its subject: «Встретившись
с Путиным, Лавров заявил, что …»)."""
from __future__ import annotations

from svodka.document import Entity, Fact, Token
from svodka.facts.context import DASHES, Context
from svodka.facts.schema import Statement
from svodka.facts.roles import is_head
from svodka.facts.statement import PRONOUNS, speaker_in
from svodka.span import Span

QUOTE_MARKS = set("«»“”\"")
END = set(".!?…")
MIN_WORDS = 4  # a clause of fewer words is no statement («заявил, что да»)
MAX_TAIL = 8  # «…, заявил официальный представитель МИД Мария Захарова.»: verb, speaker, full stop


def _speech(ctx: Context, t: Token) -> bool:
    return t.lemma in ctx.lexicon.speech


def _clause(ctx: Context, words: list[Token], start: int, end: int) -> Span | None:
    """The reported words ``words[start:end]`` without closing punctuation, if long enough."""
    while end > start and not words[end - 1].text[:1].isalnum() and words[end - 1].text not in ")»":
        end -= 1
    if sum(1 for t in words[start:end] if t.text[:1].isalpha()) < MIN_WORDS:
        return None
    return Span.of(ctx.doc.text, words[start].start, words[end - 1].end)


def shapes(ctx: Context, si: int) -> list[tuple[str, int]]:
    """(shape, index of the verb or «словам») for each attribution in sentence ``si``."""
    words = ctx.words(si)
    if any(t.text in QUOTE_MARKS for t in words):
        return []  # quoted words are statement.py's
    out = []
    for k, t in enumerate(words):
        if not _speech(ctx, t) and t.lemma != "слово":
            continue
        before = words[k - 1].text.lower() if k else ""
        if _speech(ctx, t) and k + 2 < len(words) and words[k + 1].text == "," and words[k + 2].text.lower() == "что":
            if before != "не":
                out.append(("that", k))
        elif t.lemma == "слово" and before == "по" and k == 1:
            out.append(("according", k))
        elif _speech(ctx, t) and before == "как" and k == 1:
            out.append(("as", k))
        elif (_speech(ctx, t) and k >= MIN_WORDS and len(words) - k <= MAX_TAIL
              and (before == "," or before in DASHES and k > 1 and words[k - 2].text == ",")
              and not any(w.text == "," for w in words[k + 1:])):
            out.append(("after", k))  # «…, сообщил Песков.»: the attribution ends the sentence
    return out


def sentences_to_parse(ctx: Context) -> list[int]:
    """The sentences of the «X заявил, что …» shape with someone to be X before the verb."""
    out = []
    for si in range(len(ctx.sentences)):
        if not ctx.has_trigger(si, ctx.lexicon.speech):
            continue
        words = ctx.words(si)
        verbs = [k for shape, k in shapes(ctx, si) if shape == "that"]
        if verbs and any(_could_speak(ctx, t) for t in words[:verbs[-1]]):
            out.append(si)
    return out


def _could_speak(ctx: Context, t: Token) -> bool:
    e = ctx.entity_of(t)
    return e is not None and e.type == "PER" or t.text.lower() in PRONOUNS or is_head(ctx, t)


def _comma_after(words: list[Token], k: int) -> int | None:
    return next((j for j in range(k + 1, len(words)) if words[j].text == ","), None)


def _attribution(ctx: Context, si: int, shape: str, k: int) -> tuple[list[Token], Span | None] | None:
    """(the words naming the speaker, the reported words) of one attribution."""
    words = ctx.words(si)
    if shape == "that":
        if not any(_could_speak(ctx, t) for t in words[:k]):
            return None
        parse = ctx.parse(si)
        subj = parse.children(k, "nsubj")
        if parse.negated(k) or not subj:
            return None
        who = [parse.tokens[j] for j in parse.subtree(subj[0]) if j < k]
        return who, _clause(ctx, words, k + 3, len(words))
    if shape in ("according", "as"):
        comma = _comma_after(words, k)
        if comma is None:
            return None
        return words[k + 1:comma], _clause(ctx, words, comma + 1, len(words))
    comma = k - 1 if words[k - 1].text == "," else k - 2
    return words[k + 1:], _clause(ctx, words, 0, comma)


def _names_someone(ctx: Context, who: list[Token]) -> bool:
    """Whether the speaker's words begin with a name, a pronoun or a post («министр», «по словам
    министра»), past a prepositional phrase («как сообщил на брифинге Песков»); «врачи,
    лечившие Гиффордс» or «жена бизнесмена» name someone else than the person in them."""
    after_prep = False
    for t in who:
        e = ctx.entity_of(t)
        if e is not None:
            return e.type == "PER" and not after_prep
        parses = ctx.morph.parse(t.text.lower())
        p = parses[0].tag.POS if parses else None
        if p == "PREP":
            after_prep = True
        elif p == "NPRO":
            return t.text.lower() in PRONOUNS
        elif p == "NOUN":
            if after_prep:
                after_prep = False
                continue
            return is_head(ctx, t)
    return False


def find_reported(ctx: Context, facts: list[Fact], quoted: list[Fact]) -> list[Fact]:
    """Statements of reported speech; ``facts`` may grow as in statement.find_statements."""
    out: list[Fact] = []
    last: Entity | None = None
    for si, sentence in enumerate(ctx.sentences):
        if not ctx.has_trigger(si, ctx.lexicon.speech | {"слово"}):
            continue
        inside = -1  # the end of the words reported so far: a verb in them is part of what was said
        for shape, k in shapes(ctx, si):
            if ctx.words(si)[k].start < inside:
                continue
            found = _attribution(ctx, si, shape, k)
            if found is None or found[1] is None or not found[0]:
                continue
            who, said = found
            if not _names_someone(ctx, who):
                continue
            speaker = speaker_in(ctx, who, who[0].start, last, facts)
            if speaker is None or speaker.type != "PER":
                continue
            last, inside = speaker, said.end
            out.append(Statement(speaker=speaker.id, quote=said.to_dict(), evidence=[sentence]))
    return out
