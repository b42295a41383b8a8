"""The word lists fact rules look words up in, read from ``data/*.tsv``: which lemmas name a
post, a way of saying, a meeting, a decision, a document, a figure. Keeping them in data files
lets a linguist extend them without touching the rules, and lets the stage pick the few
sentences worth parsing by a set lookup of lemmas."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources


def _rows(name: str) -> list[list[str]]:
    text = resources.files("svodka.facts").joinpath("data", name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            rows.append([c.strip() for c in line.split("\t")])
    return rows


def _grouped(rows: list[list[str]]) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for key, value in rows:
        out.setdefault(key, set()).add(value)
    return {k: frozenset(v) for k, v in out.items()}


@dataclass(frozen=True)
class Lexicon:
    roles: frozenset[str]
    role_modifiers: frozenset[str]
    speech: frozenset[str]
    meeting: frozenset[str]
    meeting_kinds: dict[str, str]  # lemma -> "talks" | "host"
    meeting_hold: frozenset[str]  # verbs whose subject takes part in the meeting their object names
    decisions: dict[str, str]  # lemma -> status
    agreements: dict[str, str]  # head lemma -> kind
    signing: dict[str, str]  # lemma -> status
    figures: dict[str, str]  # lemma -> "level" | "target"
    predicative: dict[str, frozenset[str]]  # verb lemma -> how it names a post: "ablt", "post"
    posts: frozenset[str]  # nouns for a post itself («пост», «должность»)

    @classmethod
    @cache
    def load(cls) -> "Lexicon":
        return cls(
            roles=frozenset(r[0] for r in _rows("roles.tsv")),
            role_modifiers=frozenset(r[0] for r in _rows("role_modifiers.tsv")),
            speech=frozenset(r[0] for r in _rows("speech.tsv")),
            meeting=frozenset(r[0] for r in _rows("meeting.tsv")),
            meeting_kinds={r[0]: r[1] for r in _rows("meeting.tsv")},
            meeting_hold=frozenset(r[0] for r in _rows("meeting_hold.tsv")),
            decisions={r[0]: r[1] for r in _rows("decisions.tsv")},
            agreements={r[1]: r[0] for r in _rows("agreements.tsv")},
            signing={r[0]: r[1] for r in _rows("signing.tsv")},
            figures={r[0]: r[1] for r in _rows("figures.tsv")},
            predicative=_grouped(_rows("predicative.tsv")),
            posts=frozenset(r[0] for r in _rows("posts.tsv")),
        )

    @property
    def triggers(self) -> frozenset[str]:
        """Every lemma whose presence makes a sentence worth a syntax parse."""
        return frozenset(self.meeting | self.decisions.keys() | self.signing.keys()
                         | self.figures.keys() | self.speech)
