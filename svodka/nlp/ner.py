"""Named entities. The recognizer seam is primitive, like httpx's transport: a callable from text
to plain records ``{"start", "end", "type"}``, so any NER can stand in for natasha's. ``tag_ner``
turns those records into mentions on the document, trimmed to the name itself."""
from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Callable, Iterator, NamedTuple, Protocol, Sequence

import razdel
from slovnet.bio import bio_spans

from svodka.document import Document, Mention

TYPES = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}
EDGE_JUNK = " \t\r\n\xa0«»\"“”„'‘’.,;:!?()[]—–-•*"
# A document of more words goes to slovnet in windows of at most this many (see ``windows``).
WINDOW = 2000
SENTENCE_ENDS = {".", "!", "?", "…", "?!", "!!!", "..."}
# One name never runs across these: a line break, a parenthesis («Джошуа Вольфа (Joshua Wolf)» is two
# mentions of one man), a list bullet or a semicolon; slovnet's spans sometimes do.
NAME_BREAK = re.compile(r"\n|\(|\)|•|;|\s[—–]\s|,\s")


class Recognizer(Protocol):
    """Text in, records out: any callable will do. One that also has ``tag_many([(text, words)])``
    is given many documents at once with their word offsets, so that it need not split the text
    again and can batch its model."""

    def __call__(self, text: str) -> list[dict]: ...


class NatashaNER:
    """slovnet's news NER (natasha), weights from the navec and slovnet packages.

    Calls slovnet's encoder, model and CRF on the words svodka already has rather than
    ``tagger(text)``, which would run razdel over the text a second time (a fifth of its cost),
    and takes many documents at once: sorted by length into slovnet's batches, they pad little
    and the CRF's per-step Python loop serves the whole batch."""

    def __init__(self, tagger):
        self.infer = tagger.infer

    def __call__(self, text: str) -> list[dict]:
        return self.tag_many([(text, [(t.start, t.stop) for t in razdel.tokenize(text)])])[0]

    def tag_many(self, items: Sequence[tuple[str, Sequence[tuple[int, int]]]]) -> list[list[dict]]:
        infer = self.infer

        def tag(batch: list[list[str]]) -> list[list[str]]:
            return list(infer.decoder(infer.process(infer.encoder(batch))))
        return tag_in_windows(items, tag, _slovnet_records)


class SvodkaNER:
    """svodka's own tagger (tagger.py: slovnet's architecture fine-tuned on NEREL and
    factRuEval, numpy only), on the words svodka already has, many documents at once."""

    def __init__(self, tagger):
        self.tagger = tagger

    @classmethod
    def load(cls, navec, path=None) -> "SvodkaNER":
        from svodka.nlp.tagger import Tagger
        return cls(Tagger.load(navec, path))

    def __call__(self, text: str) -> list[dict]:
        return self.tag_many([(text, [(t.start, t.stop) for t in razdel.tokenize(text)])])[0]

    def tag_many(self, items: Sequence[tuple[str, Sequence[tuple[int, int]]]]) -> list[list[dict]]:
        return tag_in_windows(items, self.tagger.tag_words)


def _slovnet_records(words: Sequence[tuple[int, int]], tags: Sequence[str]) -> list[dict]:
    """BIO tags read as slovnet reads them (an I- after O is dropped)."""
    tokens = [_Word(a, b) for a, b in words]
    return [{"start": s.start, "end": s.stop, "type": s.type} for s in bio_spans(tokens, tags)]


def tag_in_windows(items: Sequence[tuple[str, Sequence[tuple[int, int]]]],
                   tag: Callable[[list[list[str]]], list[list[str]]],
                   records: Callable | None = None) -> list[list[dict]]:
    """Many documents' words through a BIO tagger at once, a long document in ``windows`` so
    that memory stays bounded by the window, not the document; records back in text order.
    ``records`` reads one piece's tags (svodka's ``bio_records`` by default)."""
    from svodka.nlp.tagger import bio_records
    records = records or bio_records
    out: list[list[dict]] = [[] for _ in items]
    pieces = [(i, piece) for i, (text, words) in enumerate(items) for piece in windows(text, words)]
    pieces.sort(key=lambda p: len(p[1]))  # little padding in a batch
    if not pieces:
        return out
    tags = tag([[items[i][0][a:b] for a, b in piece] for i, piece in pieces])
    for (i, piece), piece_tags in zip(pieces, tags):
        out[i] += records(piece, piece_tags)
    for found in out:
        found.sort(key=lambda r: r["start"])  # a long document's windows came back by length
    return out


def windows(text: str, words: Sequence[tuple[int, int]], size: int | None = None) -> Iterator[Sequence[tuple[int, int]]]:
    """A document's words in pieces of at most ``size``, each cut where a sentence or line ends
    in the last half of the piece (or at ``size`` when none does): slovnet tags a document as one
    sequence, and its memory grows with the longest sequence of a batch (≈ 9 kB a word). No
    document of the annotated sets is longer than one window, so they are tagged whole."""
    size = size or WINDOW
    start = 0
    while len(words) - start > size:
        cut = _cut(text, words, start, start + size)
        yield words[start:cut]
        start = cut
    if start < len(words):
        yield words[start:]


def _cut(text: str, words: Sequence[tuple[int, int]], lo: int, hi: int) -> int:
    """The first word of the next window: after the last sentence or line end in ``(lo, hi)``'s
    last half, or ``hi``."""
    for k in range(hi - 1, lo + (hi - lo) // 2, -1):
        (a, b), (c, _) = words[k - 1], words[k]
        if "\n" in text[b:c] or (text[a:b] in SENTENCE_ENDS and text[c:c + 1].isupper()):
            return k
    return hi


class _Word(NamedTuple):
    start: int
    stop: int


@cache
def not_names() -> frozenset[str]:
    text = resources.files("svodka.nlp").joinpath("data/not_names.tsv").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def tag_ner(doc: Document, recognizer: Recognizer) -> None:
    tag_ner_many([doc], recognizer)


def tag_ner_many(docs: Sequence[Document], recognizer: Recognizer) -> None:
    """All documents are recognized before any is changed, so a failure leaves them as they were."""
    tag_many = getattr(recognizer, "tag_many", None)
    if tag_many is not None:
        found = tag_many([(d.text, [(t.start, t.end) for t in d.tokens]) for d in docs])
    else:
        found = [recognizer(d.text) for d in docs]
    for doc, records in zip(docs, found):
        _add_mentions(doc, records)


def _add_mentions(doc: Document, records: list[dict]) -> None:
    for record in records:
        kind = TYPES.get(record["type"])
        if not kind:
            continue
        for start, end in _pieces(doc.text, record["start"], record["end"]):
            start, end = _whole_words(doc.text, start, end)
            if any(c.isalpha() for c in doc.text[start:end]) and doc.text[start:end] not in not_names() \
                    and not in_domain_zone(doc.text, start, end):
                doc.mentions.append(Mention(doc.span(start, end), kind, source="ner"))


def in_domain_zone(text: str, start: int, end: int) -> bool:
    """«в зоне [.РФ]», «сайт.рф»: a short word right after a dot that follows a space or a
    lower-case letter ends a web address; it names no place. («г.Москва», «В.Путин» are longer,
    or follow a capital.)"""
    return end - start <= 3 and text[start - 1:start] == "." and \
        (start < 2 or text[start - 2].isspace() or text[start - 2].islower())


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """A name starts and ends where its words do: razdel cuts «3Com» into «3» and «Com», and the
    tagger may take the second part alone."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


def _pieces(text: str, start: int, end: int):
    cut = start
    for m in NAME_BREAK.finditer(text, start, end):
        yield _trim(text, *_without_legal_form(text, cut, m.start()))
        cut = m.end()
    yield _trim(text, *_without_legal_form(text, cut, end))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Punctuation and quotes off both ends, but a quote that closes one opened inside the name
    stays, and so does the dot of an initial: «РГТРК «Останкино»», «Совет директоров «Башинформа»»,
    «Путин В.В.». A quote opened inside and left open gets its closing one back."""
    while start < end and text[start] in EDGE_JUNK:
        start += 1
    while end > start and text[end - 1] in EDGE_JUNK and not _closes_initial(text, start, end) \
            and not _closes_quote(text, start, end):
        end -= 1
    close = _open_quote(text[start:end])
    if close and text[end:end + 1] == close:
        end += 1  # slovnet's span stopped before the closing quote: «ГУП «Водоканал»
    return start, end


QUOTES = {"«": "»", "„": "“", "“": "”", '"': '"'}


def _open_quote(name: str) -> str | None:
    """The closing quote a name still needs: one opened inside it and not closed."""
    for q, close in QUOTES.items():
        opened = name.count(q) if q != close else name.count(q) % 2
        closed = 0 if q == close else name.count(close)
        if opened > closed and name[:1] != q:
            return close
    return None


def _closes_quote(text: str, start: int, end: int) -> bool:
    return text[end - 1] in QUOTES.values() and _open_quote(text[start:end - 1]) == text[end - 1]


def _without_legal_form(text: str, start: int, end: int) -> tuple[int, int]:
    """«ОАО «Газпром»» is «Газпром»: a company's legal form (or two) before its quoted name is no part of
    the name (CONTRACT.md: the name alone; factRuEval marks the form a descriptor)."""
    head = text[start:end].split()
    n = 0
    while n < len(head) - 1 and head[n] in legal_forms():
        n += 1  # «ООО УК «Металлоинвест»»: one form may follow another
    if n and head[n][:1] in QUOTES:
        return text.index(head[n], start + sum(len(w) for w in head[:n])), end
    return start, end


@cache
def legal_forms() -> frozenset[str]:
    text = resources.files("svodka.nlp").joinpath("data/legal_forms.tsv").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _closes_initial(text: str, start: int, end: int) -> bool:
    """«Путин В.В.»: the last dot closes an initial and belongs to the name."""
    return text[end - 1] == "." and end - start >= 2 and text[end - 2].isupper() and \
        (end - start == 2 or not text[end - 3].isalpha())
