"""Places against the gazetteer: a subtype and id for each LOC mention, country names the NER
called organizations made places again («Россия заявила» is a place acting), places the NER
missed added, and parts of route names («коридор Север – Юг») dropped."""
from __future__ import annotations

import re
from functools import cache
from importlib import resources

from svodka.document import Document, Mention, Token
from svodka.nlp.gazetteer import Gazetteer
from svodka.nlp.ner import in_domain_zone
from svodka.nlp.orgs import NAMESAKE_WORDS
from svodka.span import Overlaps

MAX_WORDS = 4
INITIALS = re.compile(r"(?:[А-ЯЁA-Z]\.)+")
DASHES = "-–—"
# Subtype of a place the gazetteer does not know, from the generic word in its name.
SUBTYPE_WORDS = {
    "region": {"область", "край", "республика", "округ", "район", "штат", "провинция", "губерния",
               "автономия", "графство", "улус", "воеводство", "кантон", "префектура", "эмират"},
    "city": {"город", "поселок", "село", "деревня", "станица", "аул", "кишлак"},
    "other": {"море", "океан", "река", "озеро", "залив", "пролив", "остров", "острова", "полуостров",
              "гора", "горы", "хребет", "пустыня", "улица", "проспект", "площадь", "порт"},
}


@cache
def _route_words() -> frozenset[str]:
    text = resources.files("svodka.nlp").joinpath("data/not_places.tsv").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def tag_places(doc: Document, gazetteer: Gazetteer) -> None:
    _drop_route_names(doc, gazetteer)
    _split_pairs(doc, gazetteer)
    _drop_generic_words(doc, gazetteer)
    doc.mentions = [m for m in doc.mentions if not (m.type == "LOC" and _people(m.span.text, gazetteer))]
    for m in doc.mentions:
        if _quoted(doc.text, m):
            m.type = "ORG"  # «Барселона», «Ленинград», «Коза Ностра»: what bears the name, not the place it is from
            continue
        words = _words(doc.tokens_in(m.span.start, m.span.end))
        place = gazetteer.lookup(words)
        if m.type == "LOC" and place and place.subtype == "organization":
            if _after_locative(doc, m):
                continue  # «принимает в Белом доме»: the building, a place, not the administration
            m.type, m.ref = "ORG", place.ref
            continue
        if m.type == "ORG" and place and place.subtype in ("country", "region", "city"):
            m.type = "LOC"
        # a country is no person («Эфиопия» in a list of names); a city may be («Пушкин», «Королёв»)
        if m.type == "PER" and place and place.subtype == "country":
            m.type = "LOC"
        if m.type == "LOC":
            if place:
                m.subtype, m.ref = place.subtype, place.ref
                # The gazetteer knows the nominative, and for «РФ» the name a list would give.
                m.normal = gazetteer.canonical.get(place.ref, place.name)
            else:
                m.subtype = _subtype_from_words(words, gazetteer)
    _add_known_organizations(doc, gazetteer)
    _add_missed(doc, gazetteer)
    _add_nested(doc, gazetteer)
    doc.mentions.sort(key=lambda m: (m.span.start, -m.span.end))


OPENING_QUOTES, CLOSING_QUOTES = "«„“\"", "»“”\""


def _quoted(text: str, m: Mention) -> bool:
    """A name alone in quotes is a name given to a team, a band or a company, not the place or
    person it is taken from."""
    return text[m.span.start - 1:m.span.start] in OPENING_QUOTES and text[m.span.end:m.span.end + 1] in CLOSING_QUOTES \
        and m.span.start > 0


GENERIC_WORDS = {"город", "остров", "село", "деревня", "посёлок", "поселок"}


def _drop_generic_words(doc: Document, gazetteer: Gazetteer) -> None:
    """«Острова [Уайт]», «Город [Павия]»: the kind of place before its name is no part of it
    (both collections mark the name alone; the tagger takes the word in when it is capitalized)."""
    for m in doc.mentions:
        if m.type != "LOC":
            continue
        tokens = doc.tokens_in(m.span.start, m.span.end)
        if len(tokens) > 1 and tokens[1].text[:1].isupper() and \
                gazetteer.morph.lemma(tokens[0].text) in GENERIC_WORDS:
            m.span, m.normal = doc.span(tokens[1].start, m.span.end), ""


def _split_pairs(doc: Document, gazetteer: Gazetteer) -> None:
    """«Владивостоком и Хабаровском» as one place is two: each side the gazetteer knows, the
    whole it does not («Тринидад и Тобаго» stays one)."""
    for m in [m for m in doc.mentions if m.type == "LOC" and " и " in m.span.text]:
        tokens = doc.tokens_in(m.span.start, m.span.end)
        cut = next((k for k, t in enumerate(tokens) if t.text == "и"), None)
        left, right = tokens[:cut], tokens[cut + 1:]
        if gazetteer.lookup(_words(tokens)) or not left or not right or \
                not gazetteer.lookup(_words(left)) or not gazetteer.lookup(_words(right)):
            continue
        m.span, m.normal = doc.span(left[0].start, left[-1].end), ""
        doc.mentions.append(Mention(doc.span(right[0].start, right[-1].end), "LOC", source=m.source))


def _people(name: str, gazetteer: Gazetteer) -> bool:
    """«Американцы», «Палестинцы»: the people of a place, a plural of persons, are no place."""
    if not name.isalpha() or gazetteer.lookup([name]):
        return False
    parses = gazetteer.morph.parse(name.lower())
    return bool(parses) and parses[0].is_known and {"NOUN", "anim", "plur"} <= parses[0].tag.grammemes and \
        not any("Geox" in p.tag for p in parses)


LOCATIVE = {"в", "во", "у", "около", "возле", "перед", "близ"}


def _after_locative(doc: Document, m: Mention) -> bool:
    before = doc.tokens_in(max(0, m.span.start - 10), m.span.start)
    return bool(before) and before[-1].text.lower() in LOCATIVE


def _words(tokens: list[Token]) -> list[str]:
    return [t.text for t in tokens if t.text[:1].isalnum()]


def _subtype_from_words(words: list[str], gazetteer: Gazetteer) -> str:
    lemmas = {gazetteer.morph.lemma(w) for w in words}
    for subtype, generic in SUBTYPE_WORDS.items():
        if lemmas & generic:
            return subtype
    return "other"


def _drop_route_names(doc: Document, gazetteer: Gazetteer) -> None:
    """Two direction words joined by a dash name a route, not two places."""
    route = _route_words()
    locs = [m for m in doc.mentions if m.type == "LOC" and gazetteer.morph.lemma(m.span.text) in route]
    drop = set()
    for a, b in zip(locs, locs[1:]):
        if doc.text[a.span.end:b.span.start].strip() and doc.text[a.span.end:b.span.start].strip() in DASHES:
            drop.update((id(a), id(b)))
    doc.mentions = [m for m in doc.mentions if id(m) not in drop]


def _add_missed(doc: Document, gazetteer: Gazetteer) -> None:
    """Capitalized word runs the gazetteer knows, outside every mention the NER found; the
    longest run that is a place wins («Южная Корея» over «Корея»)."""
    taken = Overlaps((m.span.start, m.span.end) for m in doc.mentions)
    sentence_starts = {s.start for s in doc.sentences}
    for run, place in _known_runs(doc, doc.tokens, gazetteer, sentence_starts):
        start, end = run[0].start, run[-1].end
        if not taken.overlaps(start, end) and not in_domain_zone(doc.text, start, end):
            doc.mentions.append(_place_mention(doc, start, end, place, gazetteer))


def _add_known_organizations(doc: Document, gazetteer: Gazetteer) -> None:
    """Organizations the gazetteer knows by name where the NER found none: a news outlet as an
    interviewer's label at a line start («Голос Америки: …», the NER took «Америки» alone), in a
    quoted genitive («в статье «Частного корреспондента»»). A person found there gives way; a
    place stays a place of its own (as in «Голоса [Америки]»). After «в» a seat of power is the
    building («в Белом доме»), as for the places retyped above."""
    taken = Overlaps((m.span.start, m.span.end) for m in doc.mentions if m.type == "ORG")
    for run, org in _known_organization_runs(doc, gazetteer):
        start, end = run[0].start, run[-1].end
        if taken.overlaps(start, end) or any(_inside_longer(m, start, end) for m in doc.mentions):
            continue  # in another organization's name, or in a longer name («у [Московского Кремля]»)
        mention = Mention(doc.span(start, end), "ORG", org.name, ref=org.ref, source="gazetteer")
        if _after_locative(doc, mention):
            continue
        doc.mentions = [m for m in doc.mentions if not _gives_way(doc, m, start, end)]
        doc.mentions.append(mention)
        taken.add(start, end)


def _inside_longer(m: Mention, start: int, end: int) -> bool:
    """Whether ``start:end`` lies inside the longer mention ``m`` (a person that starts with it
    does not count: the tagger ran on from the organization into the person after it)."""
    return m.span.start <= start and end <= m.span.end and m.span.end - m.span.start > end - start and \
        not (m.type == "PER" and m.span.start == start)


def _gives_way(doc: Document, m: Mention, start: int, end: int) -> bool:
    """Whether mention ``m`` goes for the organization at ``start:end``: the same words, or a
    person inside them. A person the tagger ran on from the organization keeps the words after it
    («[Аль-Джазиры] Сами аль-Хадж»)."""
    if (m.span.start, m.span.end) == (start, end):
        return True
    if m.type != "PER" or not (start <= m.span.start < end):
        return False
    if m.span.end <= end:
        return True
    rest = doc.tokens_in(end, m.span.end)
    if not rest or not rest[0].text[:1].isupper():
        return True
    m.span, m.normal = doc.span(rest[0].start, m.span.end), ""
    return False


def _known_organization_runs(doc: Document, gazetteer: Gazetteer):
    """(words, organization) for each run of words the gazetteer knows as an organization, the
    longest first; a run starts at a capitalized word that begins some known name."""
    tokens, i = doc.tokens, 0
    while i < len(tokens):
        t = tokens[i]
        if not _capitalized(t.text) or not gazetteer.may_start_organization(t.text):
            i += 1
            continue
        n = 1
        while n < MAX_WORDS and i + n < len(tokens) and tokens[i + n].text.replace("-", "").isalnum() and \
                doc.text[tokens[i + n - 1].end:tokens[i + n].start] in ("", " "):
            n += 1
        found = next(((tokens[i:i + k], place) for k in range(n, 0, -1)
                      for place in [gazetteer.lookup([w.text for w in tokens[i:i + k]])]
                      if place and place.subtype == "organization"), None)
        if found:
            yield found
        i += len(found[0]) if found else 1


def _add_nested(doc: Document, gazetteer: Gazetteer) -> None:
    """Places named inside an organization's name: «мэрии [Москвы]», «Голоса [Америки]», «Единая
    [Россия]», «Правительство [Китая]». The place is an entity of its own that facts link to, and
    factRuEval marks it (NEREL keeps only the outermost name: there it costs precision; see
    ARCHITECTURE.md, «What a mention is»)."""
    places = [(m.span.start, m.span.end) for m in doc.mentions if m.type == "LOC"]
    for org in [m for m in doc.mentions if m.type == "ORG"]:
        tokens = doc.tokens_in(org.span.start, org.span.end)
        for run, place in _known_runs(doc, tokens, gazetteer, set()):
            start, end = run[0].start, run[-1].end
            if (start, end) != (org.span.start, org.span.end) and not _named_after(doc.text, start) and \
                    not any(s < end and start < e for s, e in places):
                doc.mentions.append(_place_mention(doc, start, end, place, gazetteer))


def _named_after(text: str, start: int) -> bool:
    """«институт имени А. С. [Пушкина]»: after «имени» a name is a person's, whatever town shares it."""
    words = text[max(0, start - 30):start].split()
    while words and INITIALS.fullmatch(words[-1]):
        words.pop()
    return bool(words) and words[-1] in NAMESAKE_WORDS


def _place_mention(doc: Document, start: int, end: int, place, gazetteer: Gazetteer) -> Mention:
    return Mention(doc.span(start, end), "LOC", gazetteer.canonical.get(place.ref, place.name),
                   subtype=place.subtype, ref=place.ref, source="gazetteer")


def _known_runs(doc: Document, tokens: list[Token], gazetteer: Gazetteer, sentence_starts: set[int]):
    """(words, place) for each capitalized run of ``tokens`` the gazetteer knows as a place, the
    longest first; a one-word city at a sentence start is passed over («Мирный», «Орёл»)."""
    i = 0
    while i < len(tokens):
        if not _capitalized(tokens[i].text):  # a place name starts with a capital: most words end here
            i += 1
            continue
        longest = _name_run(doc.text, tokens, i)
        found = None
        for n in range(longest, 0, -1):
            run = tokens[i:i + n]
            if not run[-1].text[:1].isalpha():
                continue
            place = gazetteer.lookup([t.text for t in run])
            if place and place.subtype != "organization" and not (n == 1 and run[0].start in sentence_starts and place.subtype == "city"):
                found = (run, place)
                break
        if found:
            yield found
            i += len(found[0])
        else:
            i += 1


def _name_run(text: str, tokens: list[Token], i: int) -> int:
    """How many words from ``tokens[i]`` can be one name: up to MAX_WORDS, each word capitalized,
    separated by a space or a hyphen only."""
    n = 1
    while n < MAX_WORDS and i + n < len(tokens):
        t, prev = tokens[i + n], tokens[i + n - 1]
        if (t.text.isalpha() or "-" in t.text) and not _capitalized(t.text):
            break
        if text[prev.end:t.start] not in ("", " ", "-"):
            break
        n += 1
    return n


def _capitalized(word: str) -> bool:
    return word[:1].isupper()
