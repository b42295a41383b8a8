"""Readers: every input form of CONTRACT.md, every encoding Russian text comes in, and every
kind of bad input turned into an error record that names it."""
from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from svodka.document import DocumentError
from svodka.read import Source, decode, iter_sources, split_date_header

TEXT = ("Глава государства Касым-Жомарт Токаев в ходе переговоров с президентом Туркменистана "
        "Сердаром Бердымухамедовым обсудили расширение торгово-экономических связей.\r\n"
        "Лидеры стран договорились увеличить товарооборот до $1 млрд.")


def read(paths, **kw):
    return list(iter_sources([str(p) for p in paths], **kw))


@pytest.mark.parametrize("encoding,prefix", [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1251", b""), ("koi8_r", b""),
    ("utf-16", b""), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
])
def test_every_encoding_gives_the_same_text(tmp_path, encoding, prefix):
    p = tmp_path / "doc.txt"
    p.write_bytes(prefix + TEXT.encode(encoding))
    (doc,) = read([p])
    assert isinstance(doc, Source)
    assert doc.text == TEXT  # no BOM, no newline translation


def test_short_cp1251_note_is_not_read_as_another_code_page():
    assert decode("Москва. Переговоры завершились.".encode("cp1251")) == "Москва. Переговоры завершились."


def test_date_header_is_the_date_and_not_the_text(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(" date 2025-11-25 Глава государства", encoding="utf-8")
    (doc,) = read([p])
    assert doc.date == dt.date(2025, 11, 25)
    assert doc.text == "Глава государства"
    assert split_date_header("Глава date 2025-11-25 x") == (None, "Глава date 2025-11-25 x")


def test_date_option_applies_only_where_the_document_gives_none(tmp_path):
    (tmp_path / "a.txt").write_text("date 2024-01-02 Текст один.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Текст два.", encoding="utf-8")
    a, b = read([tmp_path], date=dt.date(2020, 5, 5))
    assert (a.date, b.date) == (dt.date(2024, 1, 2), dt.date(2020, 5, 5))


def test_directory_is_read_recursively_in_path_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Второй.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Первый.", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "x", "date": None, "text": "Третий."}) + "\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("не документ", encoding="utf-8")
    assert [d.id for d in read([tmp_path])] == ["a", "b/2", "x"]


def test_jsonl_keeps_good_lines_around_a_broken_one(tmp_path):
    p = tmp_path / "docs.jsonl"
    p.write_text("\n".join([
        json.dumps({"id": "one", "date": "2025-01-02", "text": "Первый документ."}, ensure_ascii=False),
        '{"id": "two", "text": "обрыв',
        json.dumps({"id": "three", "date": "2025-13-40", "text": "Плохая дата."}, ensure_ascii=False),
        json.dumps({"id": "four", "text": ""}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": 5, "date": None, "text": "Пятый."}, ensure_ascii=False),
    ]), encoding="utf-8")
    docs = read([p])
    assert [type(d).__name__ for d in docs] == ["Source", "DocumentError", "DocumentError", "DocumentError",
                                                 "DocumentError", "Source"]
    assert docs[0].date == dt.date(2025, 1, 2) and docs[5].id == "5"
    assert "broken JSON" in docs[1].error and docs[1].source.endswith("docs.jsonl:2")
    assert "bad date" in docs[2].error and docs[2].id == "three"
    assert "empty" in docs[3].error
    assert "not an object" in docs[4].error


def _file(name, data):
    def make(d):
        (d / name).write_bytes(data)
        return d / name
    return make


def _empty_dir(d):
    (d / "empty").mkdir()
    return d / "empty"


@pytest.mark.parametrize("make,problem", [
    (lambda d: d / "missing.txt", "no such file"),
    (_empty_dir, "no *.txt or *.jsonl"),
    (_file("e.txt", b""), "empty"),
    (_file("blank.txt", b"  \n\t "), "empty"),
    (_file("img.txt", bytes(range(256)) * 8), "binary"),
    (_file("bad.txt", "date 2025-02-30 Текст.".encode()), "bad date"),
])
def test_bad_input_becomes_an_error_naming_it(tmp_path, make, problem):
    path = make(tmp_path)
    (err,) = read([path])
    assert isinstance(err, DocumentError)
    assert problem in err.error
    assert err.source == str(path)


def test_stdin_as_text_or_as_jsonl():
    (doc,) = list(iter_sources(["-"], stdin=io.BytesIO("date 2025-03-04 Текст.".encode("cp1251"))))
    assert (doc.id, doc.text, doc.date) == ("stdin", "Текст.", dt.date(2025, 3, 4))
    lines = b'{"id": "a", "text": "\xd0\x90."}\n{"id": "b", "text": "\xd0\x91."}\n'
    assert [d.text for d in iter_sources(["-"], stdin=io.BytesIO(lines))] == ["А.", "Б."]
