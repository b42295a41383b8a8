"""Hostile text through the extraction stages (issue 12): each case once failed a document or the
whole run; the CLI runs as a subprocess, as a user runs it, over a folder of such documents and
one ordinary one, which must come out whole."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

SVODKA = [sys.executable, "-m", "svodka.cli"]
NEWS = "Президент Казахстана Касым-Жомарт Токаев провел переговоры в Москве с Владимиром Путиным."


def strict(line: str) -> dict:
    def no_constant(name):
        raise ValueError(f"{name} is not JSON")
    return json.loads(line, parse_constant=no_constant)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile")
    docs = {
        # a period of (None, date) once failed Value.to_dict, and the run with it
        "a_months": "date 2025-11-25 Товарооборот за последние 24300 месяцев вырос на 14%.",
        "b_year_one": "date 0001-01-01 Объем перевозок за последне месяц составил 5 тыс. тонн.",
        # float("9" * 309) is inf: "amount": Infinity is no JSON
        "c_nines": "Компания привлекла $" + "9" * 309 + " в прошлом году.",
        "d_times": "Выручка выросла в 1" + "0" * 320 + " раза, до 1" + "0" * 300 + " трлн рублей.",
        # a letter with no name in Python's Unicode table failed pymorphy3's is_latin
        "e_tangut": "Москва \U00018694. " + NEWS + " \U00018694\U00018695ов заявил.",
        # a person's mention of one token that starts with no letter («\x1bA», found by make fuzz)
        "e_escape": "\x1bA\nГлавагосударстваКасым-ЖомартТокаеввходепереговоровспрезидентом. ",
        "f_news": "date 2025-11-25 " + NEWS,
    }
    for name, text in docs.items():
        (d / f"{name}.txt").write_text(text, encoding="utf-8")
    res = subprocess.run([*SVODKA, "extract", str(d)], capture_output=True, timeout=600)
    lines = res.stdout.decode().splitlines()
    return res, {r["id"]: r for r in map(strict, lines)}


def test_no_document_fails_and_every_line_is_strict_json(hostile):
    res, out = hostile
    assert res.returncode == 0, res.stderr.decode()[-2000:]
    assert b"Traceback" not in res.stderr
    assert sorted(out) == ["a_months", "b_year_one", "c_nines", "d_times", "e_escape", "e_tangut", "f_news"]
    assert not [r for r in out.values() if "error" in r]


def test_a_period_before_the_calendar_is_unresolved(hostile):
    _, out = hostile
    for doc_id, words in (("a_months", "за последние 24300 месяцев"), ("b_year_one", "за последне месяц")):
        (date,) = [v for v in out[doc_id]["values"] if v["type"] == "DATE"]
        assert date["text"] == words and date["period"] is None


def test_an_amount_too_large_is_null_with_an_error(hostile):
    _, out = hostile
    (money,) = out["c_nines"]["values"][:1]
    assert money["type"] == "MONEY" and money["currency"] == "USD"
    assert money["amount"] is None and money["error"] == "amount too large to represent"
    assert money["text"] == "$" + "9" * 309
    assert all(v["amount"] is None and v["error"] for v in out["d_times"]["values"])


def test_a_letter_without_a_unicode_name_is_read_on(hostile):
    _, out = hostile
    names = {e["name"] for e in out["e_tangut"]["entities"]}
    assert {"Москва", "Касым-Жомарт Токаев", "Владимир Путин"} <= names


def test_the_ordinary_document_beside_them_is_whole(hostile):
    _, out = hostile
    doc = out["f_news"]
    assert {"Касым-Жомарт Токаев", "Владимир Путин", "Москва", "Казахстан"} <= {e["name"] for e in doc["entities"]}
    assert doc["facts"]


def test_a_record_that_cannot_be_made_is_its_document_error():
    """A stage bug that leaves a field unfit for a record costs that document only."""
    from svodka.document import Document
    from svodka.scale.local import record

    class Broken(Document):
        def to_dict(self):
            raise AttributeError("'NoneType' object has no attribute 'isoformat'")

    assert record(Broken(text="x", id="x1", source="s"))["error"].startswith("processing failed: AttributeError")


def test_max_chars_gives_an_error_record_and_the_run_goes_on(tmp_path):
    (tmp_path / "a_long.txt").write_text(NEWS * 3, encoding="utf-8")
    (tmp_path / "b_short.txt").write_text(NEWS, encoding="utf-8")
    limit = str(len(NEWS) + 1)
    res = subprocess.run([*SVODKA, "extract", "--max-chars", limit, str(tmp_path)], capture_output=True, timeout=600)
    assert res.returncode == 1
    long, short = map(strict, res.stdout.decode().splitlines())
    assert long["id"] == "a_long" and long["error"] == (
        f"document too long: {len(NEWS) * 3:,} characters, more than --max-chars {int(limit):,}")
    assert short["id"] == "b_short" and short["entities"]
    db = tmp_path / "kb.db"
    res = subprocess.run([*SVODKA, "ingest", "--max-chars", limit, "--db", str(db), str(tmp_path)],
                         capture_output=True, timeout=600)
    assert res.returncode == 1 and b"Traceback" not in res.stderr
    assert b"document too long" in res.stderr
    from svodka.kb import KnowledgeBase
    kb = KnowledgeBase(str(db))
    try:
        assert kb.counts()["documents"] == 1
    finally:
        kb.close()


def test_the_cli_default_limit_is_the_runners():
    from svodka.cli.options import MAX_CHARS
    from svodka.scale import MAX_CHARS as RUNNER
    assert MAX_CHARS == RUNNER


def test_a_long_document_goes_to_the_model_in_windows_cut_at_sentence_ends():
    import razdel

    from svodka.nlp.ner import windows
    text = " ".join(f"Президент {name} прибыл в Москву." for name in ["Токаев", "Путин", "Си Цзиньпин"] * 40)
    words = [(t.start, t.stop) for t in razdel.tokenize(text)]
    pieces = list(windows(text, words, size=50))
    assert [w for p in pieces for w in p] == words
    assert all(len(p) <= 50 for p in pieces)
    assert all(text[p[-1][0]:p[-1][1]] == "." for p in pieces)  # every cut after a full stop
    assert list(windows(text, words, size=len(words))) == [words]


def test_windowed_ner_finds_what_whole_ner_finds_on_whole_sentences(pipeline, monkeypatch):
    import svodka.nlp.ner as ner
    text = " ".join(f"Президент {name} прибыл в Москву." for name in ["Токаев", "Путин"] * 30)
    whole = pipeline.recognizer(text)
    monkeypatch.setattr(ner, "WINDOW", 40)
    seen: list[int] = []
    tagger = pipeline.recognizer.tagger
    tag_words = tagger.tag_words
    monkeypatch.setattr(tagger, "tag_words", lambda docs: seen.extend(map(len, docs)) or tag_words(docs))
    windowed = pipeline.recognizer(text)
    assert windowed == whole and len(whole) == 120
    assert max(seen) <= 40 and len(seen) >= 9  # svodka's own tagger got the document in windows


def test_an_endless_sentence_is_cut_into_pieces_the_parser_can_hold():
    from svodka.document import Document
    from svodka.nlp.tokens import MAX_SENTENCE_WORDS, segment
    doc = Document(text="слово, " * 3000 + "Москва\n" * 2000)
    segment(doc)
    assert max(len(doc.tokens_in(s.start, s.end)) for s in doc.sentences) <= MAX_SENTENCE_WORDS
    assert all(doc.text[s.start:s.end] == s.text for s in doc.sentences)
    assert sum(len(doc.tokens_in(s.start, s.end)) for s in doc.sentences) == len(doc.tokens)


def test_a_lone_surrogate_in_a_word_is_read_on(pipeline):
    """Found by tests/test_fuzz.py: pymorphy3's dictionary encodes a word as UTF-8, and a lone
    surrogate (from JSON's "\\ud800") cannot be: the document failed."""
    doc = pipeline("Путин\udc80 прибыл в Москву 5 мая 2020 года. $" + "9" * 309 + " \ud800 ")
    assert "Москва" in {e.name for e in doc.entities}
    assert [v.span.text for v in doc.values][:1] == ["5 мая 2020 года"]


def test_razdel_reads_a_long_text_in_bounded_chunks(monkeypatch):
    """razdel builds a sentence (or a word) by adding to a string: one without end, a line of
    letters and punctuation, cost time with the square of its length (2.4 s for 400 kB)."""
    import random

    import svodka.nlp.tokens as tokens
    from svodka.document import Document
    seen = []
    for name in ("tokenize", "sentenize"):
        real = getattr(tokens.razdel, name)
        monkeypatch.setattr(tokens.razdel, name, lambda text, real=real: seen.append(len(text)) or real(text))
    r = random.Random(1)
    text = "".join(r.choice("абвгдежзийклмнопрстуфхцч.,!?;:-«»()") for _ in range(120_000)) + "\nМосква. " * 2000
    doc = Document(text=text)
    tokens.segment(doc)
    assert max(seen) <= tokens.CHUNK and sum(seen) == 2 * len(text)
    assert all(text[t.start:t.end] == t.text for t in doc.tokens)
    assert all(text[s.start:s.end] == s.text for s in doc.sentences)
    short = Document(text=NEWS)
    seen.clear()
    tokens.segment(short)
    assert seen == [len(NEWS), len(NEWS)]  # a news text is read whole


def test_a_stretch_without_end_is_parsed_in_pieces(pipeline, monkeypatch):
    """«25.25.25...» is one word of 60,000 characters, every piece of it an anchor: the values
    parser, whose time grows with the square of a run, took 22 s over it."""
    from svodka.values import extractor as X
    ext = pipeline.models.value_extractor
    seen = []
    real = ext._parse
    monkeypatch.setattr(ext, "_parse", lambda text, kinds: seen.append(len(text)) or real(text, kinds))
    doc = pipeline("25." * 20_000 + " Выручка составила 5 млн рублей 24 сентября.")
    assert seen and max(seen) <= X.MAX_STRETCH
    assert [v.span.text for v in doc.values][-2:] == ["5 млн рублей", "24 сентября"]
    assert all(doc.text[v.span.start:v.span.end] == v.span.text for v in doc.values)


def test_an_unreadable_word_asks_nothing_of_the_dictionary():
    """Its parse answers what the stages and the knowledge base ask (known? other forms? the
    nominatives of a name?) without the dictionary, which cannot encode a lone surrogate."""
    from svodka.nlp.morph import Morph
    morph = Morph()
    for word in ("москва\ud800", "\U00018694\U00018695ов"):
        (p,) = morph.parse(word)
        assert (p.word, p.normal_form, str(p.tag), p.is_known) == (word, word, "UNKN", False)
        assert p.inflect({"gent"}) is None and p.lexeme == [p] and p.normalized is p
        assert morph.lemma(word) == word and morph.name_forms(word) == (word,)
