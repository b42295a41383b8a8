"""Sentences and words (razdel, through natasha's segmenter), each word with its lemma."""
from __future__ import annotations

from svodka.document import Document, Token
from svodka.nlp.morph import Morph
from svodka.span import Span


def segment(doc: Document, segmenter) -> None:
    doc.sentences = [Span(s.start, s.stop, s.text) for s in segmenter.sentenize(doc.text)]
    doc.tokens = [Token(t.start, t.stop, t.text) for t in segmenter.tokenize(doc.text)]


def lemmatize(doc: Document, morph: Morph) -> None:
    for token in doc.tokens:
        if token.text[:1].isalpha():
            token.lemma = morph.lemma(token.text)
            parses = morph.parse(token.text.lower())
            token.pos = str(parses[0].tag.POS or "") if parses else ""
        else:
            token.lemma = token.text.lower()
