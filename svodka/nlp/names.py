"""Names in the nominative, as a person writes them in a list: «Сердаром Бердымухамедовым» →
«Сердар Бердымухамедов», «Южной Азии» → «Южная Азия», «Министерства иностранных дел России» →
«Министерство иностранных дел России».

natasha's ``normalize`` needs its neural morph tagger's reading of every word; here the words of
one name settle each other's case instead (a person's first name and surname stand in the same
case; a place's adjectives agree with its head noun), which needs only the dictionary."""
from __future__ import annotations

import re
from typing import Callable, NamedTuple, Sequence

from natasha.shape import recover_shape

from svodka.document import Document, Mention, Token
from svodka.nlp.apposition import post_cases_before
from svodka.nlp.morph import Morph
from svodka.nlp.sentence_case import name_cases

ABBREVIATION_WITH_ENDING = re.compile(r"^([А-ЯЁ]{2,})[а-яё]{1,3}$")
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct", "voct", "gen2", "acc2", "loc2")
NAME_TAGS = {"Name", "Surn", "Patr"}
NOMINATIVE = frozenset({"nomn"})
INFLECTED_POS = {"NOUN", "ADJF", "PRTF"}


def normalize_mentions(doc: Document, morph: Morph, morph_tagger: Callable | None = None) -> None:
    normalize_mentions_many([doc], morph, morph_tagger)


def normalize_mentions_many(docs: Sequence[Document], morph: Morph, morph_tagger: Callable | None = None) -> None:
    """Each mention's name in the nominative. A person's name whose words leave its case open is
    read again in the case ``morph_tagger`` (sentence_case.py) gives it in its sentence, the names
    of all ``docs`` tagged in one call; one still open is settled by the document's other mentions."""
    passes = [(doc, *_first_pass(doc, morph, morph_tagger is not None)) for doc in docs]
    wanted = [(doc, [m for m, _ in open_names]) for doc, _, _, open_names in passes if open_names]
    cases = name_cases(wanted, morph_tagger) if wanted else {}  # the one call that may fail: nothing changed yet
    for doc, normals, oblique, open_names in passes:
        # a name the tagger reads as a nominative is as written («Гол забил Криштиану Роналду»); a
        # form it reads so in one sentence is not declined in another by its reading there either
        # («Мутарика умер» … «смерти президента Мутарика»: written undeclined)
        nominatives = {tokens[-1].text for m, tokens in open_names if cases.get(id(m), ({""},))[0] == {"nomn"}}
        for mention, tokens in open_names:
            if cases.get(id(mention), ({""},))[0] == NOMINATIVE:
                normals[id(mention)] = _join(_person_readings(tokens, morph, NOMINATIVE).words, tokens, doc.text)
            elif id(mention) in cases and tokens[-1].text not in nominatives:
                reading = _person_readings(tokens, morph, *cases[id(mention)], sure=True)
                normals[id(mention)] = _join(reading.words, tokens, doc.text)
        for mention in doc.mentions:
            mention.normal = normals.get(id(mention), mention.normal)
        _settle_by_other_mentions(doc, oblique)


def _first_pass(doc: Document, morph: Morph, tagger: bool):
    """Names from their own words (and a post before a person's), by id(mention); those kept as
    written with an oblique reading; the persons whose case the words leave open (for the tagger,
    if there is one). No mention is changed here."""
    normals: dict[int, str] = {}
    oblique: dict[int, str] = {}  # a person's name taken as written → its nominative as an oblique case
    open_names: list[tuple[Mention, list[Token]]] = []
    for mention in doc.mentions:
        if mention.normal:
            continue
        tokens = doc.tokens_in(mention.span.start, mention.span.end)
        if mention.type == "PER" and tokens:
            reading = _person_readings(tokens, morph, post_cases_before(doc, mention, morph))
            normals[id(mention)] = _join(reading.words, tokens, doc.text)
            if not reading.settled and tagger:
                open_names.append((mention, tokens))
            elif reading.oblique is not None and reading.oblique != reading.words:
                oblique[id(mention)] = _join(reading.oblique, tokens, doc.text)
        else:
            normals[id(mention)] = nominative(tokens, mention.type, morph, doc.text)
    return normals, oblique, open_names


def _settle_by_other_mentions(doc: Document, oblique: dict[int, str]) -> None:
    """«Виталия Чуркина» is a man in the genitive or a woman in the nominative, and the words
    alone keep it as written; «Чуркин заявил» elsewhere in the text settles it. A name taken as
    written becomes its oblique reading's nominative when another mention of the document gives
    that reading, written as it is in the nominative (the surname alone, or with the same first
    name: «Ильхам Алиев» is no evidence for «Мехрибан Алиева»), and none gives the written one.
    An inflected mention is no evidence: «Сотникову» is as much his dative as her accusative."""
    if not oblique:
        return
    seen = {_key(m.normal) for m in doc.mentions if m.type == "PER" and id(m) not in oblique
            and _key(m.normal)[-1] == _key(m.span.text)[-1]}
    bare = {k[-1] for k in seen if len(k) == 1}
    for m in doc.mentions:
        other = oblique.get(id(m))
        if other is None:
            continue
        new, old = _key(other), _key(m.normal)
        if (new[-1] in bare or new in seen) and not (old[-1] in bare or old in seen):
            m.normal = other


def _key(name: str) -> tuple[str, ...]:
    """A name's first and last word, folded; the last alone for a one-word name."""
    words = [w.lower().replace("ё", "е") for w in name.split()] or [""]
    return (words[0], words[-1]) if len(words) > 1 else (words[0],)


def nominative(tokens: list[Token], kind: str, morph: Morph, text: str) -> str:
    """A name in the nominative from its own words alone (no context)."""
    if not tokens:
        return ""
    if kind == "PER":
        words = _person(tokens, morph)
    else:
        words = _phrase(tokens, morph)
    return _join(words, tokens, text)


def _inflectable(token: Token) -> bool:
    t = token.text
    return (t[:1].isalpha() and not t.isupper() and not _latin(t) and len(t) > 1
            and not ABBREVIATION_WITH_ENDING.match(t))


def _latin(word: str) -> bool:
    return any("a" <= c.lower() <= "z" for c in word)


def _parses(token: Token, morph: Morph):
    return [p for p in morph.parse(token.text.lower()) if p.tag.POS in INFLECTED_POS]


def _person(tokens: list[Token], morph: Morph) -> list[str]:
    return _person_readings(tokens, morph).words


class _Reading(NamedTuple):
    words: list[str]
    oblique: list[str] | None = None  # kept as written; the nominative under the best oblique reading
    settled: bool = True  # False where the words leave the case open: the sentence may tell


def _person_readings(tokens: list[Token], morph: Morph, cases: frozenset[str] = frozenset(),
                     context_gender: str | None = None, sure: bool = False) -> _Reading:
    """All words of a person's name share one case and one gender: pick the (case, gender) most
    words can be read in, then the likeliest by pymorphy's scores, and put every word in the
    nominative of that reading. «Дмитрия Медведева» is a man in the genitive although both words
    have a rare feminine nominative reading. A word the dictionary knows only as a common word
    («Токаев», read as «токай») does not vote; it follows the others through the surname
    endings table. ``cases``: those the context allows (a post's, or with ``sure`` the tagger's
    reading of the sentence, which may tell the ``context_gender`` too)."""
    words = [t for t in tokens if _inflectable(t)]
    as_written = [_abbreviation(t.text) for t in tokens]
    if cases == {"nomn"}:
        return _Reading(as_written)  # «министр Маэхара»: as written
    # one person's name is singular: a plural reading is the guesser's («Олафом» → «олафома»)
    readings = {id(t): [p for p in morph.parse(t.text.lower())
                        if NAME_TAGS & p.tag.grammemes and p.tag.number != "plur"] for t in words}
    votes = _votes([t for t in words if readings[id(t)]], readings)
    if cases and (not votes or sure and not any(k[0] in cases for k in votes)):
        return _Reading([_foreign_nominative(t.text, cases, context_gender) if t in words else _abbreviation(t.text)
                         for t in tokens])
    # A name the dictionary does not know at all («Си Цзиньпином») is left as written unless its
    # last word ends as only an instrumental can.
    if not votes:
        instrumental = tokens[-1] in words and tokens[-1].text.lower().endswith(FOREIGN_MASC_ENDINGS["ablt"])
        return _Reading([(_surname_nominative(t.text, "ablt", "masc") if instrumental and t in words
                          else _abbreviation(t.text)) for t in tokens], settled=instrumental or not words)
    # among the readings most words allow, the context's case wins («председателя КНР [Си Цзиньпина]»:
    # a man's genitive or a woman's nominative to the guesser)
    # (the tagger's case, read off the sentence, before the count: «лидера КНДР [Кима Чен Ира]»,
    # where «Кима» and «Ира» read as a woman's nominative too)
    case, gender = max(votes, key=lambda k: (sure and k[0] in cases, votes[k][0], k[0] in cases,
                                             k[1] == context_gender, votes[k][1]))
    told = any(p.is_known and "Fixd" not in p.tag for t in words for p in readings[id(t)])
    last = readings[id(words[-1])] if words and words[-1] is tokens[-1] else None  # the surname's readings
    if case != "nomn" and _only_guessed(tokens, words, readings):
        return _Reading(as_written, settled=False)
    # A name that reads as nominative as well as the best reading does, or nearly, is nominative
    # (unless its surname reads in the context's case, or reads as no name at all).
    in_context = case in cases and last is not None and (not last or any(
        p.tag.case == case and _gender(p) == gender for p in last))
    nominative = [k for k in votes if k[0] == "nomn" and votes[k][0] == votes[case, gender][0]
                  and votes[k][1] >= NOMINATIVE_MARGIN * votes[case, gender][1] and not in_context]
    if case == "nomn":
        # certain where the dictionary knows the last word as a nominative and no other case is
        # read by as many words: «Анна Медведева», not «Э. Чернова» (hers, or «Чернов»'s genitive)
        # nor «Ким Чен Ына», «Дэн Сяопина» (a first word alone says nominative)
        rival = any(k[0] != "nomn" and votes[k][0] == votes[case, gender][0] for k in votes)
        return _Reading(as_written, settled=not rival and bool(last) and (not cases or "nomn" in cases) and any(
            p.is_known and "Fixd" not in p.tag and p.tag.case == "nomn" for p in last))
    in_case = _in_case(tokens, words, readings, case, gender, cases, morph)
    if nominative:
        return _Reading(as_written, in_case, settled=False)
    # indeclinable words and the guesser's readings alone («Стэнли» + an unknown surname,
    # «Криштиану Роналду» as the dative of «Роналд») tell no case
    return _Reading(in_case, settled=told or bool(cases))


def _votes(voters: list[Token], readings: dict) -> dict[tuple[str, str], tuple[int, float]]:
    """(case, gender) → (how many words can be read so, their summed scores)."""
    votes: dict[tuple[str, str], tuple[int, float]] = {}
    for t in voters:
        best_of_word: dict[tuple[str, str], float] = {}
        for p in readings[id(t)]:
            # an indeclinable name («Ким», «Нэнси») agrees with either gender
            for gender in ("masc", "femn") if "Fixd" in p.tag else (_gender(p),):
                key = (p.tag.case, gender)
                best_of_word[key] = max(best_of_word.get(key, 0.0), p.score)
        for key, score in best_of_word.items():
            n, total = votes.get(key, (0, 0.0))
            votes[key] = (n + 1, total + score)
    return votes


def _in_case(tokens: list[Token], words: list[Token], readings: dict, case: str, gender: str,
             cases: frozenset[str], morph: Morph) -> list[str]:
    """The name's words in the nominative, read as standing in ``case`` and ``gender``."""
    out = []
    for t in tokens:
        parses = [p for p in readings.get(id(t), []) if p.tag.case == case and _gender(p) == gender]
        # the other gender's reading only where the dictionary knows it: the guesser makes «Спейси»
        # the genitive of a woman «Спейся» beside «Кевина»
        parses = parses or [p for p in readings.get(id(t), []) if p.tag.case == case and p.is_known]
        if parses:
            out.append(_inflect(t, max(parses, key=lambda p: p.score), {"nomn", "sing"}, morph))
        elif t in words and (adjective := _adjective_in(t, case, gender, morph)):
            out.append(adjective)  # a surname declined as an adjective: «Юрию Долгорукому»
        elif t in words:
            word = _surname_nominative(t.text, case, gender)
            out.append(_foreign_nominative(word, cases & {case}, gender) if word == t.text else word)
        else:
            out.append(_abbreviation(t.text))
    return out


def _adjective_in(t: Token, case: str, gender: str, morph: Morph) -> str | None:
    """The word in the nominative where the dictionary knows it as an adjective in ``case`` and
    ``gender`` («Долгорукому» → «Долгорукий»), else None."""
    parses = [p for p in morph.parse(t.text.lower()) if p.tag.POS == "ADJF" and p.is_known
              and p.tag.case == case and p.tag.number == "sing" and p.tag.gender in (gender, None)]
    return _inflect(t, parses[0], {"nomn", "sing", gender}, morph) if parses else None


NOMINATIVE_MARGIN = 0.5  # a nominative reading this close to the best one is taken as written
# endings no Russian case ending of a consonant-stem surname has: «Пелоси», «Абэ», «Кавасаки»
# («Маэхара» and «Фернандеса» look alike, «Фернандесу» is a dative: those stay the guesser's)
FOREIGN_VOWEL_ENDINGS = tuple("иоэ")


def _only_guessed(tokens: list[Token], words: list[Token], readings: dict) -> bool:
    """«Нэнси Пелоси», «Спейси» alone: the first name, if any, tells no case (indeclinable or
    unknown) and the surname's case comes from the guesser alone, which reads a foreign surname
    ending in «и», «о», «э» as the genitive of a made-up one («Пелося»). Such a name is taken as
    written."""
    if not words or words[-1] is not tokens[-1]:
        return False
    *firsts, last = words
    low = last.text.lower()
    if not low.endswith(FOREIGN_VOWEL_ENDINGS) or low.endswith(("ии", "ого", "его")):
        return False  # «Гарсии» is the genitive of «Гарсия»; «Кампрада-старшего» an adjective's
    if any(p.is_known for p in readings[id(last)]):
        return False
    return all(not readings[id(t)] or all("Fixd" in p.tag for p in readings[id(t)]) for t in firsts)


def _gender(parse) -> str:
    """A name's gender for agreement; a common-gender reading («Саша») goes with the men's."""
    return "femn" if parse.tag.gender == "femn" else "masc"


# Russian surname endings by case and gender → the nominative ending (longest ending first).
SURNAME_ENDINGS = {
    "masc": [("ского", "ский"), ("скому", "ский"), ("ским", "ский"), ("ском", "ский"),
             ("ова", "ов"), ("ову", "ов"), ("овым", "ов"), ("ове", "ов"),
             ("ева", "ев"), ("еву", "ев"), ("евым", "ев"), ("еве", "ев"),
             ("ина", "ин"), ("ину", "ин"), ("иным", "ин"), ("ине", "ин"),
             ("ына", "ын"), ("ыну", "ын"), ("ыным", "ын"), ("ыне", "ын")],
    "femn": [("ской", "ская"), ("скую", "ская"),
             ("овой", "ова"), ("ову", "ова"), ("евой", "ева"), ("еву", "ева"),
             ("иной", "ина"), ("ину", "ина"), ("ыной", "ына"), ("ыну", "ына")],
}


# A foreign man's surname declines as a hard-stem noun: «Макроном», «Макрона» → «Макрон».
FOREIGN_MASC_ENDINGS = {"gent": ("а",), "accs": ("а",), "datv": ("у",), "ablt": ("ом", "ем"),
                        "loct": ("е",)}


def _surname_nominative(word: str, case: str, gender: str) -> str:
    low = word.lower()
    for ending, nominative_ending in sorted(SURNAME_ENDINGS[gender], key=lambda e: -len(e[0])):
        if low.endswith(ending) and len(word) > len(ending):  # «Ына» is no «-ына» surname
            return word[:-len(ending)] + nominative_ending
    if gender == "masc":
        for ending in FOREIGN_MASC_ENDINGS.get(case, ()):
            stem = word[:-len(ending)]
            if low.endswith(ending) and len(stem) > 2 and stem[-1].lower() not in "аеёиоуыэюяйь":
                return stem
    return word


# A foreign name's endings by case → the nominative ending, for a consonant stem («Макрона» →
# «Макрон»), an «а» stem («Маэхары», «Маэхарой» → «Маэхара») and an «ия» stem («Софии» →
# «София»). Not «у» nor «е»: «Педру», «Канду», «Сиссе» are nominatives that look like datives and
# locatives. «ы» is an «а» stem's genitive whatever oblique case the sentence was read in.
FOREIGN_ENDINGS = {"gent": (("ии", "ия"), ("ы", "а"), ("а", "")), "accs": (("ию", "ия"), ("ы", "а"), ("а", "")),
                   "datv": (("ии", "ия"), ("ы", "а")), "loct": (("ии", "ия"), ("ы", "а")),
                   "ablt": (("ией", "ия"), ("ом", ""), ("ем", ""), ("ой", "а"), ("ою", "а"), ("ы", "а"))}


def _foreign_nominative(word: str, cases: frozenset[str], gender: str | None = None) -> str:
    """A word of a foreign name in one of ``cases`` (the post's before it) in the nominative; a
    word that ends as none of them does («Сэйдзи», «Бербок») is left as written. A woman's name
    declines only with an «а» stem («Зыкина» in the genitive is hers, not «Зыкин»'s)."""
    low = word.lower()
    for case in sorted(cases):
        for ending, nominative_ending in FOREIGN_ENDINGS.get(case, ()):
            if gender == "femn" and not nominative_ending:
                continue
            stem = word[:-len(ending)]  # two letters will do: the case is known («Уса», «Ира»)
            if low.endswith(ending) and len(stem) >= 2 and stem[-1].lower() not in "аеёиоуыэюяйь":
                return stem + nominative_ending
    return word


def _phrase(tokens: list[Token], morph: Morph) -> list[str]:
    """Adjectives and the head noun they agree with go to the nominative; what follows the head
    (a genitive tail: «иностранных дел России») stays as written. A word that can be an adjective
    and has a word after it is one («Красного Креста», «Воробьёвых гор»), and a head that can be
    read as nominative is («Атлантис»)."""
    out = [_abbreviation(t.text) for t in tokens]
    words = [t for t in tokens if t.text[:1].isalpha()]
    for i, t in enumerate(tokens):
        if not _inflectable(t):
            if t.text[:1].isalpha():
                return out  # an abbreviation or foreign word heads the phrase: leave the rest
            continue
        parses = _parses(t, morph)
        if not parses:
            return out
        nouns = [p for p in parses if p.tag.POS == "NOUN"]
        is_last_word = t is words[-1]
        if not nouns or (not is_last_word and any(p.tag.POS in ("ADJF", "PRTF") for p in parses)):
            continue
        adjectives = [[p for p in _parses(tokens[j], morph) if p.tag.POS in ("ADJF", "PRTF")]
                      for j in range(i) if _inflectable(tokens[j])]
        # The head's reading is the likeliest one its adjectives agree with; a nominative reading
        # as likely as any other wins («Атлантис»), a rare one does not («министерства»).
        agreeing = [n for n in nouns if "Fixd" not in n.tag.grammemes and all(
            any(a.tag.case == n.tag.case and a.tag.number == n.tag.number for a in adj) for adj in adjectives if adj)]
        agreeing = agreeing or nouns
        top = max(p.score for p in agreeing)
        unknown = not any(p.is_known for p in agreeing)  # a guess: «Алтек» is no plural of «алтека»
        if any(p.tag.case == "nomn" and (p.score >= top or unknown) for p in agreeing):
            return out
        head = max(agreeing, key=lambda p: p.score)
        case, number = head.tag.case, head.tag.number
        for j in range(i):
            adj = next((p for p in _parses(tokens[j], morph)
                        if p.tag.POS in ("ADJF", "PRTF") and p.tag.case == case and p.tag.number == number), None)
            if adj is not None:
                out[j] = _inflect(tokens[j], adj, {"nomn", number}
                                  | ({head.tag.gender} if number == "sing" and head.tag.gender else set()), morph)
        out[i] = _to_nominative(t, head, morph)
        return out
    return out


def _abbreviation(word: str) -> str:
    """An abbreviation with a case ending loses it: «МИДа» → «МИД»."""
    m = ABBREVIATION_WITH_ENDING.match(word)
    return m.group(1) if m else word


def _to_nominative(token: Token, parse, morph: Morph) -> str:
    if parse is None:
        return token.text
    grammemes = {"nomn"}
    if parse.tag.number:
        grammemes.add(parse.tag.number)
    return _inflect(token, parse, grammemes, morph)


def _inflect(token: Token, parse, grammemes: set, morph: Morph) -> str:
    word = morph.inflect(parse, grammemes)
    if not word:
        return token.text
    if "ё" not in token.text.lower():
        word = word.replace("ё", "е")
    return recover_shape(word, token.text)


def _join(words: list[str], tokens: list[Token], text: str) -> str:
    parts = [words[0]]
    for prev, tok, word in zip(tokens, tokens[1:], words[1:]):
        gap = text[prev.end:tok.start]
        parts.append(" " if gap and gap.strip() == "" else gap)
        parts.append(word)
    return "".join(parts)
