"""What every fact rule reads a document through: its sentences as words, each word's entity,
and a dependency parse made only when a rule asks for one (natasha's slovnet parser, cached per
sentence), so that sentences without a trigger word cost nothing."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Iterator

from svodka.document import Document, Entity, Token, Value
from svodka.facts.lexicon import Lexicon
from svodka.nlp.morph import Morph
from svodka.span import Span

NEGATION = {"не", "ни"}
# razdel keeps «... млрд. «В этих целях ...» as one sentence; a parse of two sentences at once
# attaches words across them, so the facts layer splits there
QUOTED_START = re.compile(r"[.!?…]\s+(?=[«“][А-ЯЁA-Z])")
DASHES = {"-", "—", "–", "--"}


@dataclass
class Parse:
    """One sentence's words with their syntactic heads (index into ``tokens``, -1 for the root)."""

    tokens: list[Token]
    heads: list[int]
    rels: list[str]

    def children(self, i: int, *rels: str) -> list[int]:
        return [j for j, h in enumerate(self.heads)
                if h == i and (not rels or self.rels[j].split(":")[0] in rels or self.rels[j] in rels)]

    def subtree(self, i: int, skip: set[int] | frozenset = frozenset()) -> list[int]:
        out, todo = [], [i]
        while todo:
            k = todo.pop()
            out.append(k)
            todo.extend(j for j in self.children(k) if j not in skip)
        return sorted(out)

    def head_of(self, i: int) -> int:
        return self.heads[i]

    def negated(self, i: int) -> bool:
        return any(self.tokens[j].text.lower() in NEGATION for j in self.children(i))

    def case_word(self, i: int) -> str:
        """The preposition introducing word ``i`` («с», «о», «между»), lower-case, or ''."""
        marks = self.children(i, "case")
        return self.tokens[marks[0]].text.lower() if marks else ""


@dataclass(eq=False)  # one per document, compared by identity
class Context:
    doc: Document
    morph: Morph
    parser: object  # natasha NewsSyntaxParser (slovnet): ``map([[word, ...], ...])``
    lexicon: Lexicon
    _mentions: list[tuple[int, int, str]] = field(default_factory=list)
    _mention_starts: list[int] = field(default_factory=list)
    _parses: dict[int, Parse] = field(default_factory=dict)
    _entities: dict[str, Entity] = field(default_factory=dict)
    _entity_at: dict[int, Entity] = field(default_factory=dict)  # word start → entity
    _sentence_starts: list[int] = field(default_factory=list)
    _value_order: list[int] = field(default_factory=list)  # doc.values by start (values_in)
    _value_starts: list[int] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    # facts found so far that later rules read: occupations by person, the talks' sides
    occupations: dict[str, list] = field(default_factory=dict)  # person id → Occupation facts
    meetings: list = field(default_factory=list)  # meeting facts, once found
    memo: dict = field(default_factory=dict)  # what rules work out per word form, for this document
    parsed_sentences: int = 0

    def __post_init__(self) -> None:
        self._entities = {e.id: e for e in self.doc.entities}
        self._mentions = sorted((m.start, m.end, e.id) for e in self.doc.entities for m in e.mentions)
        self._mention_starts = [m[0] for m in self._mentions]
        starts = [t.start for t in self.doc.tokens]
        for start, end, eid in self._mentions:  # of overlapping mentions the later-starting wins
            for k in range(bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)):
                self._entity_at[starts[k]] = self._entities[eid]
        for s in self.doc.sentences:
            start = s.start
            for m in QUOTED_START.finditer(s.text):
                self.sentences.append(Span.of(self.doc.text, start, s.start + m.start() + 1))
                start = s.start + m.end()
            self.sentences.append(Span.of(self.doc.text, start, s.end))
        self._sentence_starts = [s.start for s in self.sentences]

    # --- words and entities ---------------------------------------------------------------
    def entity(self, entity_id: str | None) -> Entity | None:
        return self._entities.get(entity_id) if entity_id else None

    def entity_of(self, token: Token) -> Entity | None:
        """The entity one of whose mentions covers this word (a rule asks for every word)."""
        return self._entity_at.get(token.start)

    def mentions_in(self, start: int, end: int) -> list[tuple[Span, Entity]]:
        i = bisect.bisect_left(self._mention_starts, start)
        out = []
        while i < len(self._mentions) and self._mentions[i][0] < end:
            s, e, eid = self._mentions[i]
            if e <= end:
                out.append((Span.of(self.doc.text, s, e), self._entities[eid]))
            i += 1
        return out

    def mentions_before(self, offset: int, type: str = "PER") -> list[tuple[Span, Entity]]:
        """Mentions of a type ending before ``offset``, nearest last."""
        return list(self.nearest_before(offset, type))[::-1]

    def nearest_before(self, offset: int, type: str = "PER") -> Iterator[tuple[Span, Entity]]:
        """Mentions of a type ending before ``offset``, nearest first, as far back as the caller
        reads (a rule wants the last one or two: listing all made a long document quadratic)."""
        for i in range(bisect.bisect_left(self._mention_starts, offset) - 1, -1, -1):
            s, e, eid = self._mentions[i]
            if e <= offset and self._entities[eid].type == type:
                yield Span.of(self.doc.text, s, e), self._entities[eid]

    def sentence_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._sentence_starts, offset) - 1)

    def sentence(self, i: int) -> Span:
        return self.sentences[i]

    def words(self, i: int) -> list[Token]:
        s = self.sentences[i]
        return self.doc.tokens_in(s.start, s.end)

    def has_trigger(self, i: int, lemmas) -> bool:
        return any(t.lemma in lemmas for t in self.words(i))

    def values_in(self, start: int, end: int, *types: str) -> list[Value]:
        """The values inside ``[start, end)``, in the document's order, found by bisection."""
        values = self.doc.values
        if len(self._value_order) != len(values):
            self._value_order = sorted(range(len(values)), key=lambda k: values[k].span.start)
            self._value_starts = [values[k].span.start for k in self._value_order]
        i, j = bisect.bisect_left(self._value_starts, start), bisect.bisect_right(self._value_starts, end)
        return [values[k] for k in sorted(self._value_order[i:j])
                if values[k].span.end <= end and (not types or values[k].type in types)]

    def sides(self) -> list[Entity]:
        """The parties a report about talks is about, for «двух стран», «стороны», «мы»: the
        countries the meeting's participants hold posts of, else the two countries the report
        names most (each at least twice)."""
        out: list[Entity] = []
        for m in self.meetings:
            for pid in m.participants:
                for o in self.occupations.get(pid, []):
                    e = self.entity(o.of)
                    if e is not None and e.type == "LOC" and e not in out:
                        out.append(e)
        if len(out) >= 2:
            return out
        countries = sorted((e for e in self.doc.entities if e.type == "LOC" and e.subtype == "country"
                            and len(e.mentions) >= 2), key=lambda e: (-len(e.mentions), e.mentions[0].start))
        return countries[:2] if len(countries) >= 2 else out

    # --- syntax ---------------------------------------------------------------------------
    def parse(self, i: int) -> Parse:
        """The sentence's dependency parse; made once, on first request."""
        if i not in self._parses:
            self.prefetch([i])
        return self._parses[i]

    def prefetch(self, indices) -> None:
        parse_sentences(self.parser, [(self, i) for i in indices])

    def needs_parse(self) -> list[int]:
        """The sentences some rule will parse: a decision word, a meeting word beside two people;
        a figure verb beside a figure (quotes are parsed lazily: most are attributed after them, without a parse). Found by lemma lookup, before any parsing."""
        lex, out = self.lexicon, []
        figures = sorted(v.span.start for v in self.doc.values if v.type != "DATE")
        for i, s in enumerate(self.sentences):
            lemmas = {t.lemma for t in self.words(i)}
            if lemmas & lex.decisions.keys() or lemmas & lex.meeting and self.may_hold_meeting(i):
                out.append(i)
            elif lemmas & lex.figures.keys() and bisect.bisect_left(figures, s.start) < bisect.bisect_left(figures, s.end):
                out.append(i)  # a figure starts in the sentence
        return out

    def may_hold_meeting(self, i: int) -> bool:
        """Two people at least make a meeting: a sentence naming fewer (a name and a post may be
        two) is not worth a parse («принять» and «обсудить» are frequent words)."""
        from svodka.facts.roles import is_head
        words = self.words(i)
        people = {e.id for t in words if (e := self.entity_of(t)) is not None and e.type == "PER"}
        return len(people) >= 2 or bool(people) and any(is_head(self, t) for t in words)

    def span_of(self, parse: Parse, idx: list[int]) -> Span:
        return Span.of(self.doc.text, parse.tokens[min(idx)].start, parse.tokens[max(idx)].end)

    def entities_under(self, parse: Parse, idx, types=("PER",)) -> list[Entity]:
        """Entities (of these types) named by words among ``idx``, in text order, each once."""
        out: list[Entity] = []
        for k in sorted(idx):
            e = self.entity_of(parse.tokens[k])
            if e and e.type in types and e not in out:
                out.append(e)
        return out


def parse_sentences(parser, wanted: list[tuple[Context, int]]) -> None:
    """Parse these sentences (of one document or many) in one batch: slovnet's per-call cost is
    most of a short sentence's, and sorted by length its batches pad little."""
    todo = list(dict.fromkeys((ctx, i) for ctx, i in wanted if i not in ctx._parses))
    words = {key: key[0].words(key[1]) for key in todo}
    batch = sorted((key for key in todo if words[key]), key=lambda key: len(words[key]))
    markups = list(parser.map([[t.text for t in words[key]] for key in batch])) if batch else []
    for ctx, i in todo:
        n = len(words[ctx, i])
        ctx._parses[i] = Parse(words[ctx, i], [-1] * n, [""] * n)
    for (ctx, i), markup in zip(batch, markups):
        p = ctx._parses[i]
        for k, st in enumerate(markup.tokens):
            h = int(st.head_id) - 1
            p.heads[k] = h if 0 <= h < len(p.tokens) and h != k else -1
            p.rels[k] = st.rel
        _break_cycles(p.heads)
        ctx.parsed_sentences += 1


def _break_cycles(heads: list[int]) -> None:
    """slovnet's decoder does not promise a tree: a word on a cycle of heads becomes a root, so
    every rule that climbs to a head or walks a subtree ends."""
    for k in range(len(heads)):
        path, h = {k}, heads[k]
        while h >= 0:
            if h in path:
                heads[h] = -1
                break
            path.add(h)
            h = heads[h]
