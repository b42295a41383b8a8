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
    assert sorted(out) == ["a_months", "b_year_one", "c_nines", "d_times", "e_tangut", "f_news"]
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
