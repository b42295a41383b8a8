"""Facts: what a reader would copy out of a report into a table — meetings, occupations,
statements, indicators, targets, decisions and agreements (CONTRACT.md) — each with the
sentence it came from as evidence.

Rules run in an order where later ones read earlier results: occupations first (a role phrase
such as «президент Казахстана» then resolves to a person), statements, meetings (whose sides
are the parties of what the talks decided), figures, decisions, agreements. Only sentences
holding a trigger lemma from ``data/*.tsv`` are parsed."""
from __future__ import annotations

from svodka.document import Document
from svodka.facts.context import Context
from svodka.facts.lexicon import Lexicon


def extract_facts(doc: Document, morph, parser, lexicon: Lexicon | None = None) -> Context:
    """Fill ``doc.facts``; returns the context (its counters say how many sentences were parsed)."""
    from svodka.facts import agreement, decision, figures, meeting, occupation, statement

    ctx = Context(doc, morph, parser, lexicon or Lexicon.load())
    ctx.prefetch(ctx.needs_parse() + statement.sentences_to_parse(ctx))
    facts = occupation.find_occupations(ctx)
    facts += statement.find_statements(ctx, facts)
    ctx.meetings = meeting.find_meetings(ctx)
    facts += ctx.meetings
    targets = figures.find_figures(ctx)
    facts += targets
    facts += decision.find_decisions(ctx, targets)
    facts += agreement.find_agreements(ctx)
    doc.facts = facts
    return ctx
