"""The facts stage. Facts: what a reader would copy out of a report into a table — meetings, occupations,
statements, indicators, targets, decisions and agreements (CONTRACT.md) — each with the
sentence it came from as evidence.

Rules run in an order where later ones read earlier results: occupations first (a role phrase
such as «президент Казахстана» then resolves to a person), statements, meetings (whose sides
are the parties of what the talks decided), figures, decisions, agreements. Only sentences
holding a trigger lemma from ``data/*.tsv`` are parsed."""
from __future__ import annotations

from svodka.document import Document
from svodka.facts.context import Context, parse_sentences
from svodka.facts.lexicon import Lexicon


def extract_facts(doc: Document, morph, parser, lexicon: Lexicon | None = None) -> Context:
    """Fill ``doc.facts``; returns the context (its counters say how many sentences were parsed)."""
    return extract_facts_many([doc], morph, parser, lexicon)[0]


def extract_facts_many(docs: list[Document], morph, parser, lexicon: Lexicon | None = None) -> list[Context]:
    """The sentences every document's rules will parse go to the parser in one batch; then each
    document's rules run on its own."""
    from svodka.facts import reported, statement

    lexicon = lexicon or Lexicon.load()
    contexts = [Context(doc, morph, parser, lexicon) for doc in docs]
    parse_sentences(parser, [(ctx, i) for ctx in contexts
                             for i in ctx.needs_parse() + statement.sentences_to_parse(ctx)
                             + reported.sentences_to_parse(ctx)])
    facts = [_find_facts(ctx) for ctx in contexts]  # all found before any document is changed
    for doc, found in zip(docs, facts):
        doc.facts = found
    return contexts


def _find_facts(ctx: Context) -> list:
    from svodka.facts import agreement, decision, figures, meeting, occupation, reported, statement

    facts = occupation.find_occupations(ctx)
    quoted = statement.find_statements(ctx, facts)
    facts += quoted
    facts += reported.find_reported(ctx, facts, quoted)
    ctx.meetings = meeting.find_meetings(ctx)
    facts += ctx.meetings
    targets = figures.find_figures(ctx)
    facts += targets
    facts += decision.find_decisions(ctx, targets)
    facts += agreement.find_agreements(ctx)
    return facts
