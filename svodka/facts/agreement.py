"""Agreements: each document signed or to be signed, one fact per document of a list
(«подписаны ... межправительственные соглашения о ..., о ..., соглашение об ..., меморандумы о
..., по ..., план ... на 2026-2027 годы и др.»). A signing word (``data/signing.tsv``) makes the
sentence a candidate; the list after it (or before it: «соглашение было подписано») is split at
each document-kind noun (``data/agreements.tsv``) and at each «, о»/«, по» that starts a further
document of the same kind.

The split is hand-written over the words: a parser attaches the members of such long lists
unreliably (they are long noun chains), while the list's own markers — a kind noun, a comma with
«о»/«по» — are exactly what a reader splits at."""
from __future__ import annotations

from dataclasses import dataclass, field

from svodka.document import Fact, Token
from svodka.facts.schema import Agreement
from svodka.facts.context import Context
from svodka.facts.phrases import nominative

SUBJECT_START = {"о", "об", "обо", "по"}
LIST_END = {"др", "другие", "прочие", "пр"}
FUTURE = {"планироваться", "намереваться", "намерить", "предстоять", "готовиться",
          "собираться", "должный", "планировать", "ожидаться"}
ADJ = {"ADJF", "PRTF"}
LINKS = {"и", ",", "а", "также", ";"}  # what joins a list's members
VERBAL = {"VERB", "INFN", "PRTS", "GRND"}
CLAUSE_MARKS = {";", ":", "—", "–", "-", "«", "»"}


@dataclass
class _Item:
    kind: list[Token]
    subject: list[Token] = field(default_factory=list)


def _pos(ctx: Context, t: Token) -> str | None:
    p = ctx.morph.parse(t.text.lower())
    return p[0].tag.POS if p else None


def _is_kind(ctx: Context, t: Token) -> bool:
    return t.lemma in ctx.lexicon.agreements and _pos(ctx, t) == "NOUN"


def _status(ctx: Context, words: list[Token], s: int) -> str | None:
    t = words[s]
    if any(w.text.lower() in ("не", "ни") for w in words[max(0, s - 2):s]):
        return None
    if any(w.lemma in FUTURE or w.text.lower() == "будут" for w in words):
        return "planned"
    parses = ctx.morph.parse(t.text.lower())
    tag = parses[0].tag if parses else None
    if tag is not None and ("past" in tag or tag.POS == "PRTS"):
        return ctx.lexicon.signing.get(t.lemma, "signed")
    return "planned"


def _split(ctx: Context, region: list[Token]) -> list[_Item]:
    items: list[_Item] = []
    before: list[Token] = []  # words before the first document («несколько документов, в том числе»)
    k = 0
    while k < len(region):
        t = region[k]
        low = t.text.lower()
        if low in LIST_END or low == "и" and k + 1 < len(region) and region[k + 1].text.lower() in LIST_END:
            break
        if _is_kind(ctx, t):
            kind = [t]
            # the adjectives just before the kind noun name its kind («межправительственные»)
            cur = items[-1].subject if items else before
            while cur and _pos(ctx, cur[-1]) in ADJ and cur[-1].text[:1].islower():
                kind.insert(0, cur.pop())
            while cur and cur[-1].text.lower() in LINKS:
                cur.pop()
            items.append(_Item(kind))
        elif low == "," and items and k + 1 < len(region) and region[k + 1].text.lower() in SUBJECT_START \
                and items[-1].subject:
            items.append(_Item(items[-1].kind))
        elif items and _pos(ctx, t) in VERBAL:
            # a verb ends the list: «договор по СНВ был подписан», «заключили договор и договорились ...»
            while items[-1].subject and items[-1].subject[-1].text.lower() in LINKS:
                items[-1].subject.pop()
            break
        elif items:
            items[-1].subject.append(t)
        else:
            before.append(t)
        k += 1
    return items


def _parties(ctx: Context, words: list[Token], s: int, item: _Item) -> list[str]:
    """Who signed: the countries and organizations subject of the signing verb («Россия и
    Индонезия подписали соглашение»; a signer named by name stands for what they hold a post of)
    or named after «между» in the document's subject («соглашение между Россией и Индонезией»).
    Empty when the sentence names neither: then the sides of the talks are the parties."""
    out: list[str] = []

    def take(e) -> None:
        if e is not None and e.id not in out:
            out.append(e.id)

    k = next((j for j, t in enumerate(item.subject) if t.text.lower() == "между"), None)
    for t in item.subject[k + 1:] if k is not None else []:
        e = ctx.entity_of(t)
        if e is not None and e.type in ("LOC", "ORG"):
            take(e)
    if out:
        return out
    signers: list[str] = []
    for j in range(_clause_start(ctx, words, s), s):
        e = ctx.entity_of(words[j])
        if e is None or j > 0 and ctx.entity_of(words[j - 1]) is e:
            continue  # inside a mention already read
        if j > 0 and _pos(ctx, words[j - 1]) == "PREP":
            continue  # «в ходе визита в Джакарту»: a place, not a signer
        if e.type in ("LOC", "ORG"):
            if _nominative(ctx, words[j]):  # «Президент России … подписал»: Russia is no signer
                take(e)
        elif e.type == "PER":
            signers += [o.of for o in ctx.occupations.get(e.id, []) if o.of and o.of not in signers][:1]
    if len(signers) >= 2:  # «Путин и Си Цзиньпин подписали»: one person alone may sign for himself
        for eid in signers:
            take(ctx.entity(eid))
    return out


def _nominative(ctx: Context, t: Token) -> bool:
    parses = ctx.morph.parse(t.text.lower())
    return not parses or any(p.tag.case == "nomn" or p.tag.POS is None for p in parses)


def _clause_start(ctx: Context, words: list[Token], s: int) -> int:
    """Where the signing verb's clause begins: after a dash, colon or semicolon, or a comma
    that does not join a list of names («Правительство, профсоюзы и Союз промышленников»)."""
    j = s - 1
    while j > 0:
        t = words[j - 1].text
        listed = j >= 2 and ctx.entity_of(words[j - 2]) is not None and ctx.entity_of(words[j]) is not None
        if t in CLAUSE_MARKS or t == "," and not listed:
            return j
        j -= 1
    return 0


def find_agreements(ctx: Context) -> list[Fact]:
    out: list[Fact] = []
    text = ctx.doc.text
    for si, sentence in enumerate(ctx.sentences):
        words = ctx.words(si)
        signs = [k for k, t in enumerate(words) if t.lemma in ctx.lexicon.signing]
        if not signs:
            continue
        s = signs[0]
        status = _status(ctx, words, s)
        if status is None:
            continue
        after = words[s + 1:]
        region = after if any(_is_kind(ctx, t) for t in after) else words[:s]
        for item in _split(ctx, region):
            subject = [t for t in item.subject]
            if subject and subject[0].text.lower() == "между":  # the sides are parties, not the subject
                subject = subject[next((j for j, t in enumerate(subject) if t.text.lower() in SUBJECT_START),
                                       len(subject)):]
            dates = [v for v in ctx.values_in(subject[0].start, subject[-1].end, "DATE")] if subject else []
            if dates:
                subject = [t for t in subject if not any(d.span.start <= t.start < d.span.end for d in dates)]
            while subject and not subject[-1].text[:1].isalnum():
                subject.pop()
            kind = nominative(item.kind, text, ctx.morph, number="sing").lower()
            out.append(Agreement(
                kind=kind,
                subject=" ".join(nominative(subject, text, ctx.morph).split()) if subject else None,
                parties=_parties(ctx, words, s, item) or [e.id for e in ctx.sides()],
                status=status,
                date=(ctx.doc.date.isoformat() if status == "signed" and ctx.doc.date else None),
                period=({"start": dates[0].period[0].isoformat(), "end": dates[0].period[1].isoformat()}
                        if dates and dates[0].period else None),
                evidence=[sentence]))
    return out
