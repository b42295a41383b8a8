"""The command line as a person uses it every day, each point of the usability issue as a user
would meet it: the `svodka` command run as a subprocess on real files and a real knowledge base
(ingested once for the module from news written for these tests)."""
from __future__ import annotations

import csv
import io
import json
import os
import pty
import select
import signal
import subprocess
import sys
import time

import pytest

from store_samples import TEXTS, write_texts

SVODKA = [sys.executable, "-m", "svodka.cli"]
EXTRA = {
    "years/2023/kz_uz": "date 2023-03-01 Товарооборот между Казахстаном и Узбекистаном в 2022 году составил "
                        "4,5 миллиарда долларов. Президент Казахстана Касым-Жомарт Токаев и президент "
                        "Узбекистана Шавкат Мирзиёев договорились довести его до 10 миллиардов долларов к 2030 году.",
    "years/2024/kz_uz": "date 2024-03-01 Президент Казахстана Касым-Жомарт Токаев заявил, что товарооборот с "
                        "Узбекистаном в 2023 году превысил 5 миллиардов долларов.",
    "undated/note": "Министр иностранных дел Казахстана Мурат Нуртлеу посетил Ташкент.",
}


def run(*args, stdin=None, env=None, timeout=300):
    return subprocess.run([*SVODKA, *map(str, args)], input=stdin, capture_output=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = write_texts(tmp_path_factory.mktemp("news"), {**TEXTS, **EXTRA})
    feed = folder / "feed.jsonl"
    feed.write_text(json.dumps({"id": "feed-1", "date": "2025-10-01T09:00:00+05:00", "title": "Визит в Ашхабад",
                                "url": "https://example.org/feed-1",
                                "text": "Президент Туркменистана Сердар Бердымухамедов провел переговоры в "
                                        "Ашхабаде с президентом Казахстана Касым-Жомартом Токаевым."}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def db(corpus, tmp_path_factory):
    path = tmp_path_factory.mktemp("kb") / "kb.db"
    res = run("ingest", corpus, "--db", path)
    assert res.returncode == 0, res.stderr.decode()
    return path


def out(res) -> str:
    return res.stdout.decode()


def errors(res) -> str:
    return res.stderr.decode()


# 1 ---------------------------------------------------------------------------------------------

def test_extract_at_a_terminal_into_a_file_writes_every_record(corpus, tmp_path):
    """stdin and stderr a terminal (a pseudo-terminal), stdout a file: the progress bar goes to
    the terminal and every JSON line to the file."""
    target = tmp_path / "out.jsonl"
    master, slave = pty.openpty()
    with target.open("wb") as f:
        proc = subprocess.Popen([*SVODKA, "extract", str(corpus)], stdin=slave, stdout=f, stderr=slave)
        os.close(slave)
        screen = b""
        while proc.poll() is None or select.select([master], [], [], 0.2)[0]:
            if select.select([master], [], [], 0.2)[0]:
                try:
                    screen += os.read(master, 65536)
                except OSError:
                    break
        proc.wait(timeout=300)
    os.close(master)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(TEXTS) + len(EXTRA) + 1 and all(json.loads(line)["id"] for line in lines)
    assert b"{\"id\"" not in screen  # no JSON on the terminal


# 3, 4 ------------------------------------------------------------------------------------------

def test_ingest_says_what_it_did_with_ids_from_paths_and_undated_documents(corpus, db, tmp_path):
    listing = json.loads(out(run("search", "--from", "2023", "--db", db, "-f", "json", "-n", "100")))
    assert {"years/2023/kz_uz", "years/2024/kz_uz", "feed-1"} <= {h["doc_id"] for h in listing}
    again = run("ingest", corpus, "--db", db)
    assert "0 added, 0 replaced" in errors(again)
    changed = tmp_path / "news"
    write_texts(changed, {"years/2024/kz_uz": EXTRA["years/2024/kz_uz"] + " Обновлено.",
                          "undated/other": "Мурат Нуртлеу встретился с послом Китая."})
    res = run("ingest", changed, "--db", db)
    assert "1 added, 1 replaced" in errors(res) and "years/2024/kz_uz" in errors(res)
    assert "1 stored without a date (undated/other)" in errors(res)
    extracted = run("extract", corpus / "undated")
    assert "1 of 1 documents have no date (note)" in errors(extracted)


def test_a_date_filter_says_how_many_undated_documents_it_left_out(db):
    res = run("search", "Казахстана", "--from", "2020", "--db", db)
    assert res.returncode == 0 and "undated document" in errors(res) and "left out by --from/--to" in errors(res)


# 5 ---------------------------------------------------------------------------------------------

def test_read_commands_never_write_and_refuse_what_is_not_a_knowledge_base(tmp_path, db):
    import sqlite3
    foreign = tmp_path / "other.db"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    con.execute("INSERT INTO meta VALUES ('schema', '7')")
    con.commit()
    con.close()
    before = foreign.read_bytes()
    for args in (("entity", "Токаев"), ("overview",), ("search", "нефть"), ("ingest", db.parent)):
        res = run(*args, "--db", foreign)
        assert res.returncode == 1 and "is not a svodka knowledge base" in errors(res), errors(res)
        assert "Traceback" not in errors(res)
    assert foreign.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    res = run("overview", "--db", empty)
    assert res.returncode == 1 and "empty" in errors(res) and empty.read_bytes() == b""
    text = tmp_path / "notes.txt"
    text.write_text("просто текст " * 100, encoding="utf-8")
    assert "is not a svodka knowledge base" in errors(run("entities", "--db", text))


# 6 ---------------------------------------------------------------------------------------------

def test_merge_split_and_undo_say_what_they_changed(db, tmp_path):
    copy = tmp_path / "kb.db"
    copy.write_bytes(db.read_bytes())
    refused = run("merge", "Казахстан", "Токаев", "--db", copy)
    assert refused.returncode == 1 and "is LOC" in errors(refused) and "--force" in errors(refused)
    merged = run("merge", "Туркменистан", "Узбекистан", "--db", copy)
    assert merged.returncode == 0 and "merged #" in errors(merged) and "into #" in errors(merged)
    assert "Узбекистан" in out(run("entity", "Туркменистан", "--db", copy))
    split = run("split", "Токаев", "--doc", "years/2024/kz_uz", "--db", copy)
    assert split.returncode == 0 and "is now #" in errors(split)
    assert "undone: split" in errors(run("undo", "--db", copy))
    assert "undone: merge" in errors(run("undo", "--db", copy))
    assert "Узбекистан" not in out(run("entity", "Туркменистан", "--db", copy, "-f", "json"))
    nothing = run("undo", "--db", copy)
    assert nothing.returncode == 1 and "nothing to undo" in errors(nothing)


# 7, 8 ------------------------------------------------------------------------------------------

def test_entities_lists_ids_counts_and_names_and_suggests_on_a_typo(db):
    res = run("entities", "--db", db, "--type", "PER", "-f", "json")
    people = json.loads(out(res))
    tokaev = next(e for e in people if e["name"] == "Касым-Жомарт Токаев")
    assert tokaev["documents"] >= 4 and "Токаев" in tokaev["names"] and isinstance(tokaev["id"], int)
    typo = run("entity", "Токаеф", "--db", db)
    assert typo.returncode == 1 and "did you mean Токаев" in errors(typo) or "did you mean Касым" in errors(typo)
    listed = run("entities", "Токаева", "--db", db)
    assert "Касым-Жомарт Токаев" in out(listed) and "#" in out(listed)


def test_show_gives_headline_highlights_and_facts_with_sentences(db):
    res = run("show", "feed-1", "--db", db)
    assert res.returncode == 0
    text = out(res)
    assert "Визит в Ашхабад" in text and "https://example.org/feed-1" in text
    assert "meeting" in text and "Сердар Бердымухамедов" in text
    doc = json.loads(out(run("show", "feed-1", "--db", db, "-f", "json")))[0]
    assert doc["title"] == "Визит в Ашхабад" and doc["date"] == "2025-10-01"
    assert run("show", "nowhere", "--db", db).returncode == 1


# 9, 10 -----------------------------------------------------------------------------------------

def test_json_and_csv_for_scripts_and_no_wrapping_when_piped(db):
    hits = json.loads(out(run("search", "товарооборот", "--db", db, "-f", "json")))
    assert hits and {"doc_id", "date", "snippet", "score"} <= set(hits[0])
    rows = list(csv.DictReader(io.StringIO(out(run("track", "товарооборот", "--scope", "Казахстан,Узбекистан",
                                                   "--db", db, "-f", "csv")))))
    assert {r["kind"] for r in rows} == {"indicator", "target"} and any(r["status"] == "not yet met" for r in rows)
    overview = json.loads(out(run("overview", "--db", db, "-f", "json")))[0]
    assert overview["counts"]["documents"] >= len(TEXTS) + len(EXTRA) + 1
    profile = json.loads(out(run("entity", "Токаева", "--db", db, "-f", "json")))[0]
    assert profile["entity"]["name"] == "Касым-Жомарт Токаев"
    piped = out(run("search", "товарооборот Узбекистан", "--db", db))
    assert any(len(line) > 80 for line in piped.splitlines())  # a snippet stays one line


def test_entity_page_groups_roles_with_dates_and_shows_sentences(db):
    text = out(run("entity", "Токаев", "--db", db, "--limit", "3"))
    assert "президент — Казахстан ×" in text
    assert "… " in text or "(20" in text  # first and last date of the role
    assert "Президент Казахстана Касым-Жомарт Токаев" in text  # the sentence it came from
    assert "… and" in text  # documents beyond --limit


# 11 --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("args,message", [
    (("search", "нефть", "--from", "2025-13-01"), "--from: '2025-13-01' is not a date"),
    (("search", "нефть", "--from", "2025", "--to", "2024"), "2025 is after --to 2024"),
    (("search", "нефть", "-n", "99999999999999999999999"), "--limit"),
    (("entity", "#99999999999999999999999"), "no entity called '#99999999999999999999999'"),
    (("search", "нефть", "--entity", "#99999999999999999999999"), "no entity called"),
    (("track", "товарооборот", "--scope", "#99999999999999999999999"), "no entity called"),
    (("merge", "#1", "#99999999999999999999999"), "no entity called"),
    (("split", "#99999999999999999999999", "--doc", "feed-1"), "no entity called"),
    (("export", "--out", "__FILE__"), "is a file, not a folder"),
])
def test_bad_options_and_arguments_are_one_line_naming_them(db, args, message, tmp_path):
    a_file = tmp_path / "exists.txt"
    a_file.write_text("x")
    res = run(*[str(a_file) if x == "__FILE__" else x for x in args], "--db", db)
    assert res.returncode in (1, 2) and message in errors(res), errors(res)
    assert "Traceback" not in errors(res)


@pytest.mark.parametrize("query", ['"', "*", "%", "_", "(", "🙂", "\x07", " "])
def test_a_query_without_words_says_so(db, query):
    res = run("search", query, "--db", db)
    assert res.returncode == 1 and ("no words to search for" in errors(res) or "nothing to search for" in errors(res))


@pytest.mark.parametrize("query", ["NEAR(", "'; DROP TABLE document; --", "нефть*", 'Казахстан" OR "'])
def test_query_syntax_is_searched_as_words(db, query):
    before = db.read_bytes()
    res = run("search", query, "--db", db)
    assert res.returncode in (0, 1) and "Traceback" not in errors(res)
    assert db.read_bytes() == before


@pytest.mark.parametrize("period,expected", [("2023", {"years/2023/kz_uz"}),
                                             ("2024-03", {"years/2024/kz_uz", "kz_tm_2024"}),
                                             ("01.03.2023", {"years/2023/kz_uz"})])
def test_dates_as_years_months_and_days(db, period, expected):
    hits = json.loads(out(run("search", "товарооборот", "--from", period, "--to", period, "--db", db, "-f", "json")))
    assert {h["doc_id"] for h in hits} == expected


def test_version_help_and_nothing_found(db):
    assert out(run("--version")).startswith("svodka ")
    bare = run()
    assert bare.returncode == 0 and "Commands:" in out(bare)
    help_text = out(run("extract", "--help")) + out(run("search", "--help"))
    assert "<list[str]>" not in help_text and "{" not in help_text and "<str>" not in help_text
    nothing = run("search", "гиппопотам", "--db", db)
    assert nothing.returncode == 1 and "nothing found" in errors(nothing) and out(nothing) == ""


def test_ctrl_c_during_ingest_says_what_was_stored(tmp_path):
    folder = write_texts(tmp_path / "many", {f"{i:03d}": t + f" Номер {i}." for i, t in
                                              enumerate(list(TEXTS.values()) * 120)})
    db = tmp_path / "kb.db"
    proc = subprocess.Popen([*SVODKA, "ingest", str(folder), "--db", str(db), "--batch", "4"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    while time.time() < deadline and not (db.exists() and _stored(db) >= 4):
        time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr.decode()
    message = stderr.decode()
    assert "interrupted:" in message and "run the same command again" in message
    said = int(message.split("interrupted: ")[1].split(" ")[0])
    assert said == _stored(db) and said >= 4


def _stored(db) -> int:
    import sqlite3
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT COUNT(*) FROM document").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0
