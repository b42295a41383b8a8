"""Organizations named by a state body and a place: «Верховный суд Испании», «правительство Мали»,
«МЧС России» are one organization each, the place inside it still a place of its own.

slovnet's NER stops such names at the place, or misses the lower-case head noun entirely; both
annotated collections (factRuEval, NEREL) take the whole phrase as the organization's name."""
from __future__ import annotations

import re
from functools import cache
from importlib import resources

from svodka.document import Document, Mention, Token
from svodka.nlp.morph import Morph
from svodka.nlp.ner import _trim
from svodka.span import Overlaps

MAX_MODIFIERS = 3  # «министерство [иностранных дел] Франции»


@cache
def org_heads() -> frozenset[str]:
    text = resources.files("svodka.nlp").joinpath("data/org_heads.tsv").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def remit_heads() -> frozenset[str]:
    text = resources.files("svodka.nlp").joinpath("data/remit_heads.tsv").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def part_heads() -> frozenset[str]:
    text = resources.files("svodka.nlp").joinpath("data/part_heads.tsv").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def tag_orgs(doc: Document, morph: Morph) -> None:
    for org in [m for m in doc.mentions if m.type == "ORG"]:
        _trim_edges(doc, org, morph)
    places = [m for m in doc.mentions if m.type == "LOC" and _genitive(doc, m, morph)]
    orgs = [m for m in doc.mentions if m.type == "ORG"]
    ending = _Ends(orgs)
    added: list[Mention] = []
    for place in places:
        k = ending.just_before(doc.text, place.span.start)
        if k is not None:
            _extend(doc, orgs[k], place.span.end)
            ending.moved(k)
            continue
        start = _head_before(doc, place, morph)
        if start is not None:
            added.append(Mention(doc.span(start, place.span.end), "ORG", source="orgs"))
    added += _national_bodies(doc, morph)
    taken = Overlaps((m.span.start, m.span.end) for m in doc.mentions if m.type != "LOC")
    for a in added:  # each added one is taken for the next
        if not taken.overlaps(a.span.start, a.span.end):
            doc.mentions.append(a)
            taken.add(a.span.start, a.span.end)
    for org in [m for m in doc.mentions if m.type == "ORG"]:
        end = _topic_after(doc, org, morph)
        if end:
            _extend(doc, org, end)
    people = {m.span.start: m for m in reversed(doc.mentions) if m.type == "PER"}  # the first at a start
    for org in [m for m in doc.mentions if m.type == "ORG"]:
        end = _namesake_after(doc, org, people)
        if end:
            _extend(doc, org, end)
    for org in sorted((m for m in doc.mentions if m.type == "ORG"), key=lambda m: -m.span.start):
        end = _parent_after(doc, org, morph)
        if end:
            _extend(doc, org, end)
    doc.mentions.sort(key=lambda m: (m.span.start, -m.span.end))


def _national_bodies(doc: Document, morph: Morph) -> list[Mention]:
    """«[американского правительства]», «[японским парламентом]», «[японского дипломатического
    ведомства]»: a place adjective, up to two adjectives more, and a noun that names a state body
    (org_heads.tsv), agreeing in case, are that country's body; both collections mark the phrase.
    The noun alone («правительство») names no one in particular and is left (CONTRACT.md)."""
    tokens, found = doc.tokens, []
    for i, t in enumerate(tokens):
        cases = _adjective_cases(t.text, morph) if PLACE_ADJECTIVE.match(t.text) else set()
        if not cases:
            continue
        for j in range(i + 1, min(i + 4, len(tokens))):
            w = tokens[j]
            if not w.text.isalpha() or not w.text.islower() or doc.text[tokens[j - 1].end:w.start] != " ":
                break
            head = morph.lemma(w.text)
            if head in org_heads():
                if cases & {p.tag.case for p in morph.parse(w.text) if p.tag.POS == "NOUN"}:
                    end = _remit_genitive(doc, j, morph) if head in REMIT_GENITIVE else w.end
                    found.append(Mention(doc.span(t.start, end), "ORG", source="orgs"))
                break
            cases &= _adjective_cases(w.text, morph)
            if not cases:
                break
    return found


REMIT_GENITIVE = {"министерство"}  # «министерства [финансов]», «министерство [иностранных дел]»


def _remit_genitive(doc: Document, head: int, morph: Morph) -> int:
    """The end of the remit in the genitive after a ministry: lower-case adjectives, then one noun."""
    tokens, end = doc.tokens, doc.tokens[head].end
    for w in tokens[head + 1:head + 4]:
        if doc.text[end:w.start] != " " or not w.text.isalpha() or not w.text.islower():
            break
        parses = [p for p in morph.parse(w.text) if p.tag.case == "gent"]
        if not parses:
            break
        if any(p.tag.POS == "NOUN" for p in parses):
            return w.end
        if not any(p.tag.POS == "ADJF" for p in parses):
            break
        end = w.end
    return doc.tokens[head].end


def _adjective_cases(word: str, morph: Morph) -> set[str]:
    return {p.tag.case for p in morph.parse(word.lower()) if p.tag.POS in ("ADJF", "PRTF")}


def _parent_after(doc: Document, org: Mention, morph: Morph) -> int | None:
    """«Высшая партийная школа [при ЦК КПСС]», «Следственный комитет [при прокуратуре]»: a body
    attached to another names it after «при», and the whole is one organization's name (the
    parent stays an organization of its own). The parent is an organization found right after
    «при», or a noun that names a state body by itself (org_heads.tsv)."""
    tokens = doc.tokens_in(org.span.end, min(len(doc.text), org.span.end + 60))
    if len(tokens) < 2 or tokens[0].text.lower() != "при" or doc.text[org.span.end:tokens[0].start] != " ":
        return None
    parent = next((m for m in doc.mentions if m.type == "ORG" and m.span.start == tokens[1].start), None)
    if parent is not None:
        return parent.span.end
    if tokens[1].text.islower() and morph.lemma(tokens[1].text) in org_heads():
        return tokens[1].end
    return None


NAMESAKE_WORDS = ("имени", "им.")


def _namesake_after(doc: Document, org: Mention, people: dict[int, Mention]) -> int | None:
    """«Театр [им. Йозефа Бойса]», «институт [имени А. С. Пушкина]»: the person a body is named
    after is part of its name (the person stays a person of their own). The tagger stops at
    «им.», or takes «им» and leaves its dot; the name after is a person the tagger found
    (``people``: persons by where they start)."""
    text, end = doc.text, org.span.end
    if text[end - 3:end] == " им" and text[end:end + 1] == ".":
        end -= 3
    after = text[end:end + 8]
    word = next((w for w in NAMESAKE_WORDS if after.startswith(" " + w + " ")), None)
    if word is None:
        return None
    start = end + len(word) + 2
    person = people.get(start)
    return person.span.end if person else None


class _Ends:
    """The organizations by where they end, to find the one a place follows after one or two
    spaces («Верховный суд | Испании») without slicing the text between every pair."""

    def __init__(self, orgs: list[Mention]):
        self.orgs = orgs
        self.at: dict[int, list[int]] = {}
        for k, org in enumerate(orgs):
            self.at.setdefault(org.span.end, []).append(k)

    def just_before(self, text: str, start: int) -> int | None:
        """The first organization (in text order) that ends one or two spaces before ``start``."""
        found = [k for end in (start - 1, start - 2) if end >= 0 and text[end:start].isspace()
                 for k in self.at.get(end, ()) if self.orgs[k].span.end == end]
        return min(found) if found else None

    def moved(self, k: int) -> None:
        """The k-th organization was extended: it now ends where its new end is."""
        self.at.setdefault(self.orgs[k].span.end, []).append(k)


def _topic_after(doc: Document, org: Mention, morph: Morph) -> int | None:
    """«Европейский суд [по правам человека]», «Комитет [по иностранным делам]»: the remit after
    «по» is part of the body's name: words in the dative, then the genitives that hang on them.
    Stops at the first word that is neither, at punctuation, and at a capital (a new name)."""
    tokens = doc.tokens_in(org.span.end, min(len(doc.text), org.span.end + 80))
    if len(tokens) < 2 or tokens[0].text.lower() != "по" or doc.text[org.span.end:tokens[0].start] != " ":
        return None
    if not any(morph.lemma(t.text) in remit_heads() for t in doc.tokens_in(org.span.start, org.span.end)):
        return None  # «НАСА по космическим полётам»: only a body's name takes its remit
    end = None
    for prev, t in zip(tokens, tokens[1:]):
        if doc.text[prev.end:t.start] != " " or not t.text.isalpha() or not t.text.islower():
            break
        cases = ("datv", "gent") if end else ("datv",)  # «по правам» then «человека»
        parses = morph.parse(t.text.lower())
        if not parses or parses[0].tag.POS not in ("NOUN", "ADJF", "PRTF") or not any(
                p.tag.case in cases and p.tag.POS in ("NOUN", "ADJF", "PRTF") for p in parses):
            break
        end = t.end
    return end


def _extend(doc: Document, org: Mention, end: int) -> None:
    org.span = doc.span(org.span.start, end)
    org.normal = ""


def _head_before(doc: Document, place: Mention, morph: Morph) -> int | None:
    """The start of «head [genitive modifiers]» right before the place, if there is one."""
    tokens = doc.tokens_in(max(0, place.span.start - 120), place.span.start)
    words: list[Token] = []
    for t in reversed(tokens):
        if not t.text.isalpha() and "-" not in t.text:
            return None
        words.insert(0, t)
        if morph.lemma(t.text) in org_heads():
            return t.start
        if len(words) > MAX_MODIFIERS or not t.text.islower() or not _genitive_word(t.text, morph):
            return None
    return None


def _genitive(doc: Document, m: Mention, morph: Morph) -> bool:
    tokens = doc.tokens_in(m.span.start, m.span.end)
    return bool(tokens) and (_genitive_word(tokens[0].text, morph) or tokens[0].text.isupper())


def _genitive_word(word: str, morph: Morph) -> bool:
    return any(p.tag.case == "gent" for p in morph.parse(word.lower()))



PLACE_ADJECTIVE = re.compile(r"^[а-яё]+[сц]к(?:ий|ой|ого|ому|ом|ая|ую|ое|ие|их|им|ими|ей)$")
OPENING_QUOTES = "«„“\""


def _trim_edges(doc: Document, org: Mention, morph: Morph) -> None:
    """The name alone: a part or the people of an organization before it off («пресс-служба
    [МЧС]», «Представители [Гринпис]»), where its envoy comes from after it off («Европейского
    суда по правам человека [от России]»); the place adjective before a name on
    («[японского] МИДа», «[российского] Минсельхоза»: the country's ministry, as annotators
    mark it); a clause the tagger ran on into off («[Гринпис] сообщили жители поселка»)."""
    tokens = doc.tokens_in(org.span.start, org.span.end)
    verb = _first_verb(tokens, morph)
    if verb is not None:
        start, end = _trim(doc.text, org.span.start, doc.text.rindex(" ", org.span.start, tokens[verb].start))
        org.span, org.normal = doc.span(start, end), ""
        tokens = tokens[:verb]
    if len(tokens) < 2:
        start = _place_adjective_before(doc, org, morph)
        if start is not None:
            org.span, org.normal = doc.span(start, org.span.end), ""
        return
    for n in (2, 1):
        if len(tokens) > n and " ".join(morph.lemma(t.text) for t in tokens[:n]).lower() in part_heads() \
                and (tokens[n].text[:1].isupper() or tokens[n].text in OPENING_QUOTES):
            start, end = _trim(doc.text, tokens[n].start, org.span.end)
            org.span, org.normal = doc.span(start, end), ""
            return
    cut = next((t for t in tokens[1:-1] if t.text == "от"), None)
    if cut is not None and doc.text[cut.end + 1:cut.end + 2].isupper():
        org.span, org.normal = doc.span(org.span.start, doc.text.rindex(" ", org.span.start, cut.start)), ""
        return
    start = _place_adjective_before(doc, org, morph)
    if start is not None:
        org.span, org.normal = doc.span(start, org.span.end), ""


CLAUSE_POS = frozenset({"VERB", "GRND"})


def _first_verb(tokens: list[Token], morph: Morph) -> int | None:
    """The index of the first lower-case word after the first that can only be a finite verb or a
    gerund: no name goes on past one, unless it is quoted («Союз «Спасём детей»», left whole)."""
    for k, t in enumerate(tokens):
        if t.text in OPENING_QUOTES:
            return None
        if k and t.text.isalpha() and t.text.islower():
            known = [p for p in morph.parse(t.text) if p.is_known]
            if known and all(p.tag.POS in CLAUSE_POS for p in known):
                return k
    return None


def _place_adjective_before(doc: Document, org: Mention, morph: Morph) -> int | None:
    """The start of a lower-case place adjective («японского», «русская») one space before a
    name that starts with a capital."""
    if not doc.text[org.span.start].isupper() or doc.text[org.span.start - 1:org.span.start] != " ":
        return None
    before = doc.tokens_in(max(0, org.span.start - 40), org.span.start - 1)
    if not before or before[-1].end != org.span.start - 1 or not PLACE_ADJECTIVE.match(before[-1].text):
        return None
    parses = morph.parse(before[-1].text)
    return before[-1].start if parses and parses[0].tag.POS == "ADJF" else None
