"""Inputs as they come from the field, each of which lost documents or misread them before:
headers on a line of their own, feed date-times, same file names in different folders, JSON that
Python refuses, raw line separators inside JSON strings, encodings without a BOM, broken bytes,
pipes given as paths. Every one is a document read or an error naming it; never a lost run."""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys

import pytest

from svodka.document import DocumentError
from svodka.read import Source, iter_sources

NEWS = "Президент Казахстана Касым-Жомарт Токаев прибыл в Ашхабад с официальным визитом."


def read(paths, **kw):
    return list(iter_sources([str(p) for p in paths], **kw))


def test_date_header_on_a_line_of_its_own(tmp_path):
    (tmp_path / "a.txt").write_text(f"date 2025-01-15\n{NEWS}", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"date 2025-01-16\r\n{NEWS}", encoding="utf-8")
    a, b = read([tmp_path])
    assert (a.date, a.text) == (dt.date(2025, 1, 15), NEWS)
    assert (b.date, b.text) == (dt.date(2025, 1, 16), NEWS)


def test_iso_date_times_as_feeds_write_them(tmp_path):
    p = tmp_path / "feed.jsonl"
    p.write_text("\n".join(json.dumps({"id": i, "date": d, "text": NEWS}) for i, d in enumerate([
        "2025-01-15T10:30:00+03:00", "2025-01-15T23:59:59Z", "2025-01-15 08:00"])), encoding="utf-8")
    assert [d.date for d in read([p])] == [dt.date(2025, 1, 15)] * 3


def test_ids_are_paths_relative_to_the_argument(tmp_path):
    for rel in ("a/01.txt", "b/01.txt", "2025/11/25/01.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(NEWS, encoding="utf-8")
    assert [d.id for d in read([tmp_path])] == ["2025/11/25/01", "a/01", "b/01"]
    assert [d.id for d in read([tmp_path / "a" / "01.txt"])] == ["01"]  # a file given: its name
    assert [d.id for d in read([tmp_path / "2025"])] == ["11/25/01"]


def test_json_python_refuses_costs_only_its_line(tmp_path):
    p = tmp_path / "hostile.jsonl"
    lines = ['{"id": "big", "text": "x", "n": ' + "9" * 5000 + "}",
             '{"id": "deep", "text": "x", "n": ' + "[" * 1000 + "]" * 1000 + "}",
             json.dumps({"id": 1e400, "text": NEWS}), json.dumps({"id": {"a": 1}, "text": NEWS}),
             json.dumps({"id": True, "text": NEWS}), json.dumps({"id": "ok", "text": NEWS}, ensure_ascii=False)]
    p.write_text("\n".join(lines), encoding="utf-8")
    docs = read([p])
    assert [type(d).__name__ for d in docs] == ["DocumentError"] * 5 + ["Source"]
    assert "unreadable JSON" in docs[0].error and "unreadable JSON" in docs[1].error
    assert all("must be a string or an integer" in d.error for d in docs[2:5])


def test_line_separators_inside_strings_do_not_split_a_line(tmp_path):
    text = "Первая\u2028вторая\u2029третья\u0085четвертая строка."
    p = tmp_path / "sep.jsonl"
    p.write_text(json.dumps({"id": "a", "text": text}, ensure_ascii=False) + "\n"
                 + json.dumps({"id": "b", "text": NEWS}, ensure_ascii=False) + "\n", encoding="utf-8")
    a, b = read([p])
    assert (a.id, a.text, b.id) == ("a", text, "b")


def test_lone_surrogates_become_replacement_characters_with_a_note(tmp_path):
    p = tmp_path / "s.jsonl"
    p.write_text('{"id": "s", "text": "Москва \\ud800 и \\udfff Казань"}\n', encoding="utf-8")
    (doc,) = read([p])
    assert doc.text == "Москва \ufffd и \ufffd Казань" and "2 lone surrogates" in doc.note
    doc.text.encode("utf-8")  # writable


def test_utf16_without_bom_and_broken_utf8_bytes(tmp_path):
    plain = "Товарооборот вырос на 14 процентов в 2024 году."
    (tmp_path / "le.txt").write_bytes(plain.encode("utf-16-le"))
    (tmp_path / "be.txt").write_bytes(plain.encode("utf-16-be"))
    (tmp_path / "broken.txt").write_bytes(NEWS[:10].encode("utf-8") + b"\xff" + NEWS[10:].encode("utf-8"))
    be, broken, le = read([tmp_path])
    assert le.text == plain and be.text == plain
    assert isinstance(broken, Source) and "\ufffd" in broken.text and "1 invalid UTF-8 byte sequence" in broken.note


@pytest.mark.parametrize("data", [
    "\ufeff" + json.dumps({"id": "a", "text": NEWS}, ensure_ascii=False),
    json.dumps({"id": "a", "text": NEWS}, ensure_ascii=False).encode("utf-16"),
    json.dumps([{"id": "a", "text": NEWS}], ensure_ascii=False),
], ids=["bom", "utf16", "array"])
def test_stdin_jsonl_in_any_encoding_or_as_an_array(data):
    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    (doc,) = list(iter_sources(["-"], stdin=io.BytesIO(raw)))
    assert (doc.id, doc.text) == ("a", NEWS)


def test_suffixes_in_any_letter_case(tmp_path):
    (tmp_path / "A.TXT").write_text(NEWS, encoding="utf-8")
    (tmp_path / "B.JSONL").write_text(json.dumps({"id": "b", "text": NEWS}) + "\n", encoding="utf-8")
    assert [d.id for d in read([tmp_path])] == ["A", "b"]
    assert [d.id for d in read([tmp_path / "B.JSONL"])] == ["b"]


def test_a_pipe_given_as_a_path_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    code = f"from svodka.read import iter_sources; print([d.error for d in iter_sources([{str(fifo)!r}])])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert "not a regular file" in out.stdout


def test_an_unreadable_folder_is_named_not_skipped(tmp_path):
    """Without the right to read a folder, as root is too when it drops its capabilities."""
    root = tmp_path / "news"
    (root / "closed").mkdir(parents=True)
    (root / "open.txt").write_text(NEWS, encoding="utf-8")
    (root / "closed" / "x.txt").write_text(NEWS, encoding="utf-8")
    (root / "closed").chmod(0)
    code = f"from svodka.read import iter_sources; print([(d.id, getattr(d, 'error', '')) for d in iter_sources([{str(root)!r}])])"
    drop = []  # root reads anything: drop the capabilities that let it (util-linux setpriv)
    if os.geteuid() == 0:
        caps = "-dac_override,-dac_read_search"
        drop = ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}"]
    out = subprocess.run([*drop, sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "cannot read folder" in out.stdout and "'open'" in out.stdout, out.stderr


def test_a_glob_pattern_is_expanded(tmp_path):
    for name in ("a.txt", "b.txt", "c.jsonl"):
        (tmp_path / name).write_text(NEWS if name.endswith("txt") else json.dumps({"text": NEWS}), encoding="utf-8")
    assert [d.id for d in read([tmp_path / "*.txt"])] == ["a", "b"]
    (err,) = read([tmp_path / "*.doc"])
    assert isinstance(err, DocumentError) and "no file matches" in err.error
