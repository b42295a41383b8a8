"""Sentences and words (razdel, as natasha's segmenter uses it), each word with its lemma."""
from __future__ import annotations

import razdel

from svodka.document import Document, Token
from svodka.nlp.morph import Morph
from svodka.span import Span


def segment(doc: Document) -> None:
    doc.sentences = [Span(s.start, s.stop, s.text) for s in razdel.sentenize(doc.text)]
    doc.tokens = [Token(t.start, t.stop, t.text) for t in razdel.tokenize(doc.text)]


def lemmatize(doc: Document, morph: Morph) -> None:
    """Lemmas for the gazetteer, the grammars and the search index; part of speech and case are
    read from ``morph.parse`` by the stages that need them (memoized, so asking twice is free)."""
    for token in doc.tokens:
        token.lemma = morph.lemma(token.text) if token.text[:1].isalpha() else token.text.lower()
