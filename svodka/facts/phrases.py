"""Phrases as a reader would copy them into a table: the head noun and the adjectives agreeing
with it put in the nominative («о создании торговых домов» → «создание торговых домов»,
«межправительственные соглашения» → «межправительственное соглашение»), the dependents kept as
written. pymorphy3 inflects; the rest of the phrase is the text itself, so nothing is invented."""
from __future__ import annotations

from svodka.document import Token
from svodka.nlp.morph import Morph

PREPOSITIONS = {"о", "об", "обо", "по", "в", "во", "на", "с", "со", "для", "к", "ко", "за", "при", "между"}
ADJ = {"ADJF", "PRTF", "NUMR"}
CASES = {"nomn", "gent", "datv", "accs", "ablt", "loct", "voct", "gen2", "acc2", "loc2"}


def _noun_parse(morph: Morph, word: str):
    parses = [p for p in morph.parse(word.lower()) if p.tag.POS == "NOUN"]
    return parses[0] if parses else None


def _best_pos(morph: Morph, word: str) -> str | None:
    parses = morph.parse(word.lower())
    return parses[0].tag.POS if parses else None


def _agreeing(morph: Morph, word: str, pos: set[str], case: str | None, number: str | None):
    parses = [p for p in morph.parse(word.lower()) if p.tag.POS in pos]
    for p in parses:
        if (case is None or p.tag.case == case) and (number is None or p.tag.number == number):
            return p
    return parses[0] if parses else None


def _cased(form: str, like: str) -> str:
    if like[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def _inflect(parse, number: str | None) -> str | None:
    grammemes = {"nomn"}
    if number:
        grammemes.add(number)
    form = parse.inflect(grammemes) or parse.inflect({"nomn"})
    return form.word if form else None


def nominative(tokens: list[Token], text: str, morph: Morph, number: str | None = None,
               case: set[str] | frozenset = frozenset()) -> str:
    """``tokens`` (consecutive words of ``text``) as a nominative phrase; ``number`` forces the
    head's number («sing» for a kind of document named in a plural list)."""
    words = list(tokens)
    while words and words[0].text.lower() in PREPOSITIONS:
        words = words[1:]
    while words and not words[-1].text[:1].isalnum() and words[-1].text not in "»)\"":
        words = words[:-1]
    if not words:
        return ""
    forms = [w.text for w in words]
    head = next((i for i, w in enumerate(words) if _best_pos(morph, w.text) == "NOUN"), None)
    if head is None:
        return _join(words, forms, text)
    hp = _noun_parse(morph, words[head].text)
    hinted = [p for p in morph.parse(words[head].text.lower()) if p.tag.POS == "NOUN" and p.tag.case in case]
    if hinted:  # the phrase's role in its clause says which reading: «обсудили направления» is accusative
        hp = hinted[0]
    case, num = hp.tag.case, number or hp.tag.number
    if case in CASES - {"nomn"} or number:
        targets = [head]
        # adjectives before the head, and a noun coordinated with it in the same case
        # («о взаимопонимании и сотрудничестве»: both become nominative)
        targets += [i for i in range(head) if _best_pos(morph, words[i].text) in ADJ
                    and _agreeing(morph, words[i].text, ADJ, case, None)]
        k = head + 1
        if k + 1 < len(words) and words[k].text.lower() == "и":
            j = k + 1
            while j < len(words) and _agreeing(morph, words[j].text, ADJ, case, None):
                j += 1
            np = _noun_parse(morph, words[j].text) if j < len(words) else None
            if np and np.tag.case == case:
                targets += list(range(k + 1, j + 1))
        for i in targets:
            if i == head:
                p = hp
            elif _best_pos(morph, words[i].text) == "NOUN":
                p = _agreeing(morph, words[i].text, {"NOUN"}, case, None)
            else:
                p = _agreeing(morph, words[i].text, ADJ, case, None)
            if p is None:
                continue
            if i != head and p.tag.POS in ADJ and num == "sing" and hp.tag.gender:
                form = p.inflect({"nomn", "sing", hp.tag.gender})
                form = form.word if form else None
            else:
                form = _inflect(p, num if i <= head or number else None)
            if form:
                forms[i] = _cased(form, words[i].text)
    return _join(words, forms, text)


def _join(words: list[Token], forms: list[str], text: str) -> str:
    out = forms[0]
    for prev, w, f in zip(words, words[1:], forms[1:]):
        out += text[prev.end:w.start] + f
    return out.replace("\n", " ")


def role_nominative(tokens: list[Token], text: str, morph: Morph) -> str:
    """A role phrase in the nominative singular, lower-cased («заместителем министра иностранных
    дел» → «заместитель министра иностранных дел»)."""
    return nominative(tokens, text, morph, number="sing").lower()
