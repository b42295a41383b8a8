"""Ingest on real SQLite files: idempotent, replaces what changed, survives SIGKILL, readable
while it runs, and reports bad documents without stopping."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from store_samples import TEXTS, write_texts
from svodka.kb import KnowledgeBase


def many_texts(n: int) -> dict[str, str]:
    """``n`` distinct documents made from the samples, each with a sentence of its own."""
    items = list(TEXTS.items())
    out = {}
    for i in range(n):
        name, text = items[i % len(items)]
        out[f"{i:03d}_{name}"] = f"{text} Материал номер {i} подготовлен редакцией."
    return out


def table_counts(db) -> dict:
    con = sqlite3.connect(db)
    try:
        tables = ("document", "entity", "mention", "value", "fact", "evidence", "kb_entity")
        out = {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}
        out["fts"] = con.execute("SELECT COUNT(*) FROM doc_fts").fetchone()[0]
        out["kb_names"] = sorted(r[0] for r in con.execute("SELECT name FROM kb_entity"))
        return out
    finally:
        con.close()


def test_ingest_twice_gives_identical_counts(tmp_path, pipeline):
    folder = write_texts(tmp_path / "docs")
    db = tmp_path / "kb.db"
    with KnowledgeBase(db, pipeline=pipeline) as kb:
        first = kb.ingest([str(folder)])
    assert sorted(first.added) == sorted(TEXTS) and not first.failed
    before = table_counts(db)
    assert before["document"] == len(TEXTS) and before["entity"] > 10 and before["fts"] == len(TEXTS)
    with KnowledgeBase(db, pipeline=pipeline) as kb:
        second = kb.ingest([str(folder)])
    assert second.added == [] and second.replaced == [] and sorted(second.skipped) == sorted(TEXTS)
    assert table_counts(db) == before


def test_changed_document_alone_is_replaced(tmp_path, pipeline):
    folder = write_texts(tmp_path / "docs")
    db = tmp_path / "kb.db"
    with KnowledgeBase(db, pipeline=pipeline) as kb:
        kb.ingest([str(folder)])
    con = sqlite3.connect(db)
    stamps = dict(con.execute("SELECT id, rowid FROM document"))
    (folder / "gas_2025.txt").write_text("date 2025-06-11 Министр иностранных дел Туркменистана Рашид Мередов "
                                         "прибыл в Пекин. Китай и Туркменистан обсудили поставки газа.",
                                         encoding="utf-8")
    with KnowledgeBase(db, pipeline=pipeline) as kb:
        report = kb.ingest([str(folder)])
        assert report.replaced == ["gas_2025"] and report.added == []
        assert len(report.skipped) == len(TEXTS) - 1
        assert [h.doc_id for h in kb.search("Пекин")] == ["gas_2025"]
        assert kb.search("Газпром") == [] or all(h.doc_id != "gas_2025" for h in kb.search("Газпром"))
    after = dict(con.execute("SELECT id, rowid FROM document"))
    changed = {k for k in after if after[k] != stamps.get(k)}
    assert changed == {"gas_2025"}
    assert con.execute("SELECT date FROM document WHERE id = 'gas_2025'").fetchone()[0] == "2025-06-11"
    # The old version's rows are gone: no mention points past the new text.
    new_len = len(con.execute("SELECT text FROM document WHERE id = 'gas_2025'").fetchone()[0])
    assert con.execute('SELECT MAX("end") FROM mention WHERE doc_id = ?', ("gas_2025",)).fetchone()[0] <= new_len
    con.close()


def test_bad_documents_are_reported_and_the_rest_stored(tmp_path, pipeline):
    folder = write_texts(tmp_path / "docs", {"good": TEXTS["un_2025"]})
    (folder / "empty.txt").write_text("   \n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "lines.jsonl").write_text('{"id": "j1", "text": "Токаев прибыл в Москву."}\n{broken\n',
                                        encoding="utf-8")
    with KnowledgeBase(tmp_path / "kb.db", pipeline=pipeline) as kb:
        report = kb.ingest([str(folder)])
        failed = dict(report.failed)
        assert sorted(report.added) == ["good", "j1"]
        assert set(failed) == {"empty", "binary", "lines:2"}
        assert all(problem and "Traceback" not in problem for problem in failed.values())
        assert kb.counts()["documents"] == 2


def _ingest_command(folder, db, batch=1):
    return [sys.executable, "-m", "svodka.cli", "ingest", str(folder), "--db", str(db), "--batch", str(batch)]


def _documents(db) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT COUNT(*) FROM document").fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError:
        return 0  # not created yet


def test_ingest_killed_mid_run_then_rerun_matches_uninterrupted(tmp_path, pipeline):
    texts = many_texts(60)
    folder = write_texts(tmp_path / "docs", texts)
    whole = tmp_path / "whole.db"
    with KnowledgeBase(whole, pipeline=pipeline) as kb:
        kb.ingest([str(folder)], batch=7)
    killed = tmp_path / "killed.db"
    proc = subprocess.Popen(_ingest_command(folder, killed), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _documents(killed) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    at_kill = _documents(killed)
    assert 0 < at_kill < len(texts), f"the ingest was not caught mid-run ({at_kill} of {len(texts)} stored)"
    with KnowledgeBase(killed, pipeline=pipeline) as kb:
        report = kb.ingest([str(folder)], batch=5)
    assert len(report.skipped) >= at_kill and not report.replaced
    assert table_counts(killed) == table_counts(whole)


def test_reader_queries_while_ingest_runs(tmp_path, pipeline):
    texts = many_texts(40)
    folder = write_texts(tmp_path / "docs", texts)
    db = tmp_path / "kb.db"
    KnowledgeBase(db, pipeline=pipeline).close()  # the schema exists before the reader starts
    proc = subprocess.Popen(_ingest_command(folder, db), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen, errors = set(), []
    with KnowledgeBase(db, pipeline=pipeline) as reader:
        while proc.poll() is None:
            try:
                seen.add(reader.counts()["documents"])
                reader.search("казахстанской пшеницы")
                reader.entity("Токаев")
                reader.top_entities(5)
            except Exception as e:  # noqa: BLE001 - any error at all fails the test
                errors.append(repr(e))
            time.sleep(0.005)
        final = reader.counts()["documents"]
    assert proc.returncode == 0, proc.stderr.read().decode()
    assert errors == []
    assert final == len(texts)
    assert any(0 < n < len(texts) for n in seen), f"no read happened mid-ingest: {sorted(seen)}"


def test_duplicate_ids_are_reported_and_stored_once(tmp_path, pipeline):
    write_texts(tmp_path / "one", {"same": TEXTS["un_2025"]})
    write_texts(tmp_path / "two", {"same": TEXTS["oil_2021"]})
    with KnowledgeBase(tmp_path / "kb.db", pipeline=pipeline) as kb:
        report = kb.ingest([str(tmp_path / "one"), str(tmp_path / "two")])
        assert report.added == ["same"] and [d for d, _ in report.failed] == ["same"]
        assert "duplicate id" in report.failed[0][1]
        assert [h.doc_id for h in kb.search("ООН")] == ["same"]


def test_a_document_stored_meanwhile_is_not_written_again(tmp_path):
    from store_samples import document, entity
    doc = document("x", "2024-01-01", [entity("e1", "LOC", "Казахстан", "iso:KZ", "country")])
    with KnowledgeBase(tmp_path / "kb.db") as kb:
        assert kb.add([doc]).added == ["x"]
        again = kb.add([doc])
        assert again.added == [] and again.replaced == [] and again.skipped == ["x"]
        assert kb.counts()["document_entities"] == 1


def test_parallel_ingest_stores_what_one_process_stores(tmp_path, pipeline):
    texts = many_texts(12)
    folder = write_texts(tmp_path / "docs", texts)
    with KnowledgeBase(tmp_path / "one.db", pipeline=pipeline) as kb:
        one = kb.ingest([str(folder)], workers=1, batch=5)
    with KnowledgeBase(tmp_path / "two.db", pipeline=pipeline) as kb:
        two = kb.ingest([str(folder)], workers=2, batch=5)
        assert sorted(two.added) == sorted(one.added) == sorted(texts) and not two.failed
        again = kb.ingest([str(folder)], workers=2)
        assert again.added == [] and len(again.skipped) == len(texts)
    assert table_counts(tmp_path / "two.db") == table_counts(tmp_path / "one.db")
    con1, con2 = sqlite3.connect(tmp_path / "one.db"), sqlite3.connect(tmp_path / "two.db")
    rows = "SELECT doc_id, id, type, name, mentions FROM entity ORDER BY doc_id, id"
    assert list(con1.execute(rows)) == list(con2.execute(rows))
    con1.close(), con2.close()
