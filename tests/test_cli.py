"""The ``svodka`` command end to end, in a subprocess as a user runs it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED

SVODKA = [sys.executable, "-m", "svodka.cli"]


def run(*args, stdin=None):
    return subprocess.run([*SVODKA, *args], input=stdin, capture_output=True, timeout=300)


def records(stdout: bytes) -> list[dict]:
    return [json.loads(line) for line in stdout.decode().splitlines() if line.strip()]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("corpus")
    (d / "a.txt").write_text("date 2024-05-01 Владимир Путин провел переговоры с Си Цзиньпином в Пекине.",
                             encoding="utf-8")
    (d / "b.txt").write_bytes("Премьер-министр Японии прибыл в Москву.".encode("cp1251"))
    (d / "c.txt").write_bytes(b"")
    (d / "d.jsonl").write_text('{"id": "d1", "date": null, "text": "Ангела Меркель посетила Париж."}\n{broken\n',
                               encoding="utf-8")
    return d


def test_extract_writes_one_record_per_document_in_order_and_exits_1_on_errors(corpus):
    res = run("extract", str(corpus), str(corpus / "missing.txt"))
    assert res.returncode == 1
    out = records(res.stdout)
    assert [r["id"] for r in out] == ["a", "b", "c", "d1", "d:2", "missing"]
    assert [("error" in r) for r in out] == [False, False, True, False, True, True]
    assert out[0]["date"] == "2024-05-01"
    assert {"Владимир Путин", "Си Цзиньпин", "Пекин"} <= {e["name"] for e in out[0]["entities"]}
    assert "Москва" in {e["name"] for e in out[1]["entities"]}  # decoded from cp1251
    assert b"Traceback" not in res.stderr


def test_workers_keep_input_order_and_output(corpus):
    one = records(run("extract", str(corpus)).stdout)
    two = records(run("extract", "--workers", "2", str(corpus)).stdout)
    assert one == two


def test_json_format_and_stdin_with_date():
    res = run("extract", "--format", "json", "--date", "2025-02-03", "-",
              stdin="Токаев прибыл в Астану.".encode())
    assert res.returncode == 0, res.stderr
    (doc,) = json.loads(res.stdout)
    assert doc["id"] == "stdin" and doc["date"] == "2025-02-03"


def test_bad_option_is_an_error_message_not_a_traceback():
    res = run("extract", "--date", "yesterday", "-", stdin=b"x")
    assert res.returncode == 2
    assert b"YYYY-MM-DD" in res.stderr and b"Traceback" not in res.stderr


def test_pretty_shows_the_text_and_the_entities():
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED}")
    res = run("extract", "--format", "pretty", str(SEED))
    assert res.returncode == 0
    out = res.stdout.decode()
    assert "Касым-Жомарт Токаев" in out and "entities" in out


def test_seed_passes_the_entity_checks():
    checker = SEED.parent.parent / "tools" / "check_seed.py"
    if not checker.is_file():
        pytest.skip(f"seed checker not found at {checker}")
    res = run("extract", str(SEED))
    check = subprocess.run([sys.executable, str(checker), "-v"], input=res.stdout, capture_output=True)
    lines = check.stdout.decode().splitlines()
    entity_lines = [l for l in lines if "entity" in l or "inside text" in l or "document date" in l]
    assert entity_lines and all(l.startswith("ok") for l in entity_lines), "\n".join(entity_lines)
