"""PostgreSQL's full-text types spoken with svodka's lemmas: the lemmas kb worked out become a
``tsvector`` literal (lexemes with positions, as ``to_tsvector('simple', …)`` would give:
lower case, nothing stemmed), and a query's lemma terms a ``tsquery`` literal. Words are cut as
SQLite's FTS5 cuts them (runs of letters and digits), so both backends index the same words.
Lexemes are quoted, so nothing a user typed is read as query syntax."""
from __future__ import annotations

import re

from svodka.store.records import Term

WORD = re.compile(r"[^\W_]+", re.U)
MAX_POSITION = 16383  # PostgreSQL keeps positions up to this
MAX_POSITIONS = 256  # … and this many a lexeme
MAX_LEXEME_BYTES = 2046
MAX_VECTOR_BYTES = 1_000_000  # a tsvector holds at most 1 MB: a longer one loses positions, then words


def tokens(lemmas: str) -> list[str]:
    return [w for w in WORD.findall(lemmas.lower()) if len(w.encode()) <= MAX_LEXEME_BYTES]


def tsvector(lemmas: str) -> str:
    """The tsvector literal of a document's lemmas: each lexeme once, with where it stands."""
    positions: dict[str, list[int]] = {}
    for i, word in enumerate(tokens(lemmas), 1):
        where = positions.setdefault(word, [])
        if len(where) < MAX_POSITIONS and (not where or where[-1] < MAX_POSITION):
            where.append(min(i, MAX_POSITION))
    size = sum(len(w.encode()) + 8 + 2 * len(p) for w, p in positions.items())
    if size <= MAX_VECTOR_BYTES:
        return " ".join(f"'{w}':{','.join(map(str, p))}" for w, p in positions.items())
    out, size = [], 0
    for w in positions:  # too big for positions: the words alone, as many as fit
        size += len(w.encode()) + 8
        if size > MAX_VECTOR_BYTES:
            break
        out.append(f"'{w}'")
    return " ".join(out)


def _lemma(lemma: str) -> str | None:
    """One lemma as a tsquery: a word, or the words of a lemma FTS5 would read as a phrase."""
    words = tokens(lemma)
    return " <-> ".join(f"'{w}'" for w in words) if words else None


def tsquery(terms: list[Term], any_word: bool = False) -> str | None:
    """Every term (or any, when ``any_word``) in one of its lemmas; None when nothing can match
    (a term with no word in it, as «"» or «*», matches no document, as in FTS5)."""
    groups = []
    for t in terms:
        alts = [q for q in map(_lemma, t.lemmas) if q]
        if not alts:
            if any_word:
                continue
            return None
        groups.append("(" + " | ".join(f"({a})" for a in alts) + ")")
    return (" | " if any_word else " & ").join(groups) or None
