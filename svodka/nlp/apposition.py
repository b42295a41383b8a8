"""The case a person's name stands in, read off the post before it: a name in apposition agrees
with its post («министр [Маэхара]», «главы МИД Японии [Сэйдзи Маэхары]», «с президентом США
[Бараком Обамой]»). A foreign name the dictionary does not know has no case of its own to read
(«Маэхара» is a nominative, or the genitive of «Маэхар»); the post's case settles it."""
from __future__ import annotations

from functools import cache
from importlib import resources

from svodka.document import Document, Mention, Token
from svodka.nlp.morph import Morph
from svodka.nlp.ner import QUOTES

MAX_BETWEEN = 6  # words between the post and the name: «министр [иностранных дел Японии]»


@cache
def apposition_titles() -> frozenset[str]:
    text = resources.files("svodka.nlp").joinpath("data/apposition_titles.tsv").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def post_cases_before(doc: Document, person: Mention, morph: Morph) -> frozenset[str]:
    """The cases the post a person's name stands in apposition to can be in; empty when there is
    none, or when it is no post of the list. The post is the outermost person noun of the chain
    before the name: person nouns in the genitive and their genitive tails («МИД Японии»,
    «иностранных дел») hang on the next one out — in «помощник заместителя госсекретаря [Мэтью
    Брайза]» the name is the «помощник»'s, in the nominative, not the «госсекретаря»'s."""
    before = doc.tokens_in(max(0, person.span.start - 120), person.span.start)
    head = None
    for k, t in enumerate(reversed(before)):
        if k > MAX_BETWEEN:
            break
        cases = _person_noun_cases(t, morph)
        if cases:
            head = t
            if "gent" not in cases:
                break
        elif not _in_genitive_tail(t, morph):
            break
    return _post_cases(head, morph) if head is not None else frozenset()


def _person_noun_cases(t: Token, morph: Morph) -> frozenset[str]:
    if not t.text.replace("-", "").isalpha() or not t.text[1:].islower():
        return frozenset()  # «Министр» may start a sentence
    return frozenset(p.tag.case for p in morph.parse(t.text.lower())
                     if p.tag.POS == "NOUN" and p.tag.number == "sing" and p.tag.animacy == "anim"
                     and not {"Name", "Surn", "Patr"} & p.tag.grammemes and p.is_known)


def _post_cases(t: Token, morph: Morph) -> frozenset[str]:
    """The post's cases; none when it may be a plural («актрисы [Анжелина Джоли]»: a list of
    names in the nominative)."""
    word = t.text.lower().replace("ё", "е")
    word = word[4:] if word.startswith("экс-") else word
    posts = [p for p in morph.parse(word) if p.tag.POS == "NOUN" and p.tag.animacy == "anim"
             and p.normal_form.replace("ё", "е") in apposition_titles()]
    if any(p.tag.number == "plur" for p in posts):
        return frozenset()
    return frozenset(p.tag.case for p in posts)


def _in_genitive_tail(t: Token, morph: Morph) -> bool:
    """«МИД», «Японии», «иностранных дел», ««Газпрома»»: words that hang on a post."""
    if t.text in QUOTES or t.text in QUOTES.values() or (t.text.isupper() and t.text.isalpha()):
        return True
    return t.text.replace("-", "").isalpha() and any(p.tag.case == "gent" for p in morph.parse(t.text.lower()))
