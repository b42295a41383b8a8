"""Mentions of one real-world thing joined into one entity: «Касым-Жомарт Токаев», «Токаев»,
«Токаева» are one person; «Казахстан», «Казахстана», «РФ»/«Россия» by gazetteer id; «МИД» and
«Министерство иностранных дел» by the acronym's letters.

A bare surname joins the full name it matches; when two people of the document share it, the
nearest one before it wins, so two brothers stay two entities."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from svodka.document import Document, Entity, Mention
from svodka.nlp.morph import Morph
from svodka.span import Span

PATRONYMIC = re.compile(r"(вич|вна|ична|оглы|кызы)$", re.I)
INITIALS = re.compile(r"^([А-ЯЁA-Z]\.)+[А-ЯЁA-Z]?$|^[А-ЯЁA-Z]$")
FUNCTION_WORDS = {"и", "по", "в", "во", "на", "при", "для", "с", "со", "об", "о", "of", "the", "and"}


@dataclass
class _Group:
    type: str
    mentions: list[Mention] = field(default_factory=list)
    surname: str = ""

    @property
    def start(self) -> int:
        return self.mentions[0].span.start


def resolve(doc: Document, morph: Morph) -> None:
    groups: list[_Group] = []
    by_key: dict[tuple, _Group] = {}
    people = _People()
    # Full names first, so that a bare surname before the full name («Токаев ... Касым-Жомарт
    # Токаев») still finds it.
    order = sorted(doc.mentions, key=lambda m: (-len(_name_words(m.normal or m.span.text)), m.span.start))
    for m in order:
        group = _find(m, by_key, people, morph)
        if group is None:
            group = _Group(m.type)
            groups.append(group)
            if m.type == "PER":
                words = _name_words(m.normal or m.span.text)
                if len(words) >= 2:
                    group.surname = _fold(_surname(words))
                    if group.surname:
                        people.add(group)
        group.mentions.append(m)
        for key in _keys(m):
            by_key.setdefault(key, group)
    _join_acronyms(groups, morph)
    groups.sort(key=lambda g: min(x.span.start for x in g.mentions))
    doc.entities = [_entity(i, g) for i, g in enumerate(groups, 1)]


def _keys(m: Mention) -> list[tuple]:
    keys = [(m.type, "name", _fold(m.normal or m.span.text))]
    if m.ref:
        keys.append((m.type, "ref", m.ref))
    return keys


def _find(m: Mention, by_key: dict, people: "_People", morph: Morph) -> _Group | None:
    for key in _keys(m):
        if key in by_key:
            return by_key[key]
    if m.type != "PER":
        return None
    # A surname alone, or with initials («Путин В.В.»): any nominative reading of it may match.
    core = [w for w in _name_words(m.normal or m.span.text) if not INITIALS.match(w)]
    if len(core) != 1:
        return None
    word = core[0]
    forms = {_fold(word), *(_fold(p.normal_form) for p in morph.parse(word.lower())
                            if {"Surn", "Name"} & p.tag.grammemes or p.tag.POS == "NOUN")}
    forms |= {f[:-1] for f in forms if f.endswith(("ова", "ева", "ина", "ына"))}
    people = people.named(forms)
    if not people:
        return None
    before = [g for g in people if g.start <= m.span.start]
    return (max(before, key=lambda g: g.start) if before else min(people, key=lambda g: g.start))


class _People:
    """The people with a full name, by surname, in the order they were found: a bare surname
    looks up its forms rather than going through every group of the document."""

    def __init__(self):
        self.by_surname: dict[str, list[tuple[int, _Group]]] = {}
        self.count = 0

    def add(self, group: _Group) -> None:
        self.by_surname.setdefault(group.surname, []).append((self.count, group))
        self.count += 1

    def named(self, forms: set[str]) -> list[_Group]:
        return [g for _, g in sorted((x for f in forms for x in self.by_surname.get(f, ())), key=lambda x: x[0])]


def _join_acronyms(groups: list[_Group], morph: Morph) -> None:
    """«МИД» joins «Министерство иностранных дел»: the acronym spells the phrase's initials."""
    expansions = {}
    for g in groups:
        if g.type == "ORG":
            words = [w for w in re.findall(r"[\w-]+", _best(g).normal) if w.lower() not in FUNCTION_WORDS]
            # «Социал-демократическая партия Кыргызстана» is «СДПК»: a hyphen may start a letter too.
            for letters in ("".join(w[0] for w in words),
                            "".join(p[0] for w in words for p in w.split("-") if p)):
                if len(letters) >= 2:
                    expansions.setdefault(letters.upper(), g)
    for g in list(groups):
        if g.type != "ORG":
            continue
        name = _best(g).normal
        if name.isupper() and 2 <= len(name) <= 8 and name in expansions and expansions[name] is not g:
            target = expansions[name]
            target.mentions.extend(g.mentions)
            groups.remove(g)


def _entity(n: int, g: _Group) -> Entity:
    mentions = sorted(g.mentions, key=lambda m: m.span.start)
    best = _best(g)
    ref = next((m.ref for m in mentions if m.ref), None)
    subtype = next((m.subtype for m in mentions if m.subtype), None) if g.type == "LOC" else None
    return Entity(f"e{n}", g.type, best.normal or best.span.text,
                  _unique([m.span for m in mentions]), subtype, ref)


def _best(g: _Group) -> Mention:
    """The name a person would write in a list: the fullest form, the one seen most among equals."""
    counts: dict[str, int] = {}
    for m in g.mentions:
        counts[m.normal] = counts.get(m.normal, 0) + 1
    if g.type == "PER":
        return max(g.mentions, key=lambda m: (len(_name_words(m.normal)), counts[m.normal], -m.span.start))
    return max(g.mentions, key=lambda m: (counts[m.normal], len(m.normal), -m.span.start))


def _unique(spans: list[Span]) -> list[Span]:
    seen, out = set(), []
    for s in spans:
        if (s.start, s.end) not in seen:
            seen.add((s.start, s.end))
            out.append(s)
    return out


def _name_words(name: str) -> list[str]:
    return [w for w in re.split(r"\s+", name.strip()) if w]


def _surname(words: list[str]) -> str:
    """«Сергей Лавров», «Лавров Сергей Викторович», «Путин В.В.», «В. В. Путин»: the surname."""
    if len(words) >= 3 and PATRONYMIC.search(words[-1]):
        return words[0]
    if all(INITIALS.match(w) for w in words[1:]):
        return words[0]
    return words[-1]


def _fold(s: str) -> str:
    return s.lower().replace("ё", "е")
