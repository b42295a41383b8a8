"""Sentences and words (razdel, as natasha's segmenter uses it), each word with its lemma."""
from __future__ import annotations

import bisect
from typing import Iterator

import razdel

from svodka.document import Document, Token
from svodka.nlp.morph import Morph
from svodka.span import Span


# A "sentence" of more words (a text with no full stops, a list run together) is cut into pieces
# of at most this many: each later stage works sentence by sentence, and the syntax parser's
# memory grows with the square of a sentence's length. No sentence in the annotated sets has 250.
MAX_SENTENCE_WORDS = 500
BREAKS = {",", ";", ":", "—", "–", "-"}


# razdel goes through a longer text in chunks of about this many characters, cut at a line end
# (or a space): it builds a sentence or word by adding to a string, so one without end (a line of
# letters and punctuation, a 60,000-character «word») cost time with the square of its length.
CHUNK = 50_000


def segment(doc: Document) -> None:
    text, chunks = doc.text, list(_chunks(doc.text))
    doc.tokens = [Token(a + t.start, a + t.stop, t.text) for a, b in chunks for t in razdel.tokenize(text[a:b])]
    starts = [t.start for t in doc.tokens]
    doc.sentences = [piece for a, b in chunks for s in razdel.sentenize(text[a:b])
                     for piece in _bounded(doc, starts, a + s.start, a + s.stop)]


def _chunks(text: str, size: int = CHUNK) -> Iterator[tuple[int, int]]:
    """``[start, end)`` pieces of the text, each ending at the last line break (else space) in
    its second half, or at ``size``. A text no longer than ``size`` is one piece: the annotated
    documents are all read whole."""
    start = 0
    while len(text) - start > size:
        end = start + size
        cut = text.rfind("\n", start + size // 2, end)
        if cut < 0:
            cut = max(text.rfind(" ", start + size // 2, end), text.rfind("\t", start + size // 2, end))
        end = cut + 1 if cut >= 0 else end
        yield start, end
        start = end
    yield start, len(text)


def _bounded(doc: Document, starts: list[int], start: int, stop: int) -> Iterator[Span]:
    """The sentence ``[start, stop)``, or its pieces of at most MAX_SENTENCE_WORDS words, each cut
    after the last comma, semicolon, dash or line break in its last half (or at the limit)."""
    i, j = bisect.bisect_left(starts, start), bisect.bisect_left(starts, stop)
    while j - i > MAX_SENTENCE_WORDS:
        cut = _cut(doc, i, i + MAX_SENTENCE_WORDS)
        yield Span.of(doc.text, start, doc.tokens[cut - 1].end)
        i, start = cut, doc.tokens[cut].start
    yield Span(start, stop, doc.text[start:stop])


def _cut(doc: Document, lo: int, hi: int) -> int:
    """The first word of the next piece."""
    tokens = doc.tokens
    for k in range(hi - 1, lo + (hi - lo) // 2, -1):
        if tokens[k - 1].text in BREAKS or "\n" in doc.text[tokens[k - 1].end:tokens[k].start]:
            return k
    return hi


def lemmatize(doc: Document, morph: Morph) -> None:
    """Lemmas for the gazetteer, the grammars and the search index; part of speech and case are
    read from ``morph.parse`` by the stages that need them (memoized, so asking twice is free)."""
    for token in doc.tokens:
        token.lemma = morph.lemma(token.text) if token.text[:1].isalpha() else token.text.lower()
