"""A knowledge-base file as the world leaves it: not ours to write, damaged, from an older
svodka, from a newer one. Each is read when it can be, and refused in one line before a byte is
written when it cannot (the CLI as a subprocess, real files)."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

NEWS = "date 2025-01-01 Президент Казахстана Касым-Жомарт Токаев посетил Москву и встретился с Владимиром Путиным."
SVODKA = [sys.executable, "-m", "svodka.cli"]
# root may write anything: the tests drop the capabilities that let it (util-linux setpriv)
AS_USER = (["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search"]
           if os.geteuid() == 0 else [])


def run(*args, as_user=False):
    return subprocess.run([*(AS_USER if as_user else []), *SVODKA, *map(str, args)], capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kb")
    doc = folder / "doc.txt"
    doc.write_text(NEWS, encoding="utf-8")
    res = run("ingest", doc, "--db", folder / "kb.db")
    assert res.returncode == 0, res.stderr.decode()
    return folder / "kb.db", doc


def copy_of(built, tmp_path, name="kb.db"):
    target = tmp_path / name
    target.write_bytes(built[0].read_bytes())
    return target


def test_a_file_we_may_not_write_is_read_and_not_written(built, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = copy_of(built, folder)
    db.chmod(0o444)
    folder.chmod(0o555)
    try:
        found = run("entity", "Токаева", "--db", db, as_user=True)
        assert found.returncode == 0 and "Касым-Жомарт Токаев" in found.stdout.decode(), found.stderr.decode()
        refused = run("ingest", built[1], "--db", db, as_user=True)
        assert refused.returncode == 1 and "may not be written" in refused.stderr.decode()
        assert "Traceback" not in refused.stderr.decode()
        assert sorted(p.name for p in folder.iterdir()) == ["kb.db"]  # no -wal, no -shm
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("where", [0.25, 0.75])
def test_a_damaged_file_is_refused_before_writing(built, tmp_path, where):
    db = copy_of(built, tmp_path)
    data = bytearray(db.read_bytes())
    page = int(len(data) * where) // 4096  # a whole page of garbage, as a failed disk or copy leaves
    data[page * 4096:(page + 1) * 4096] = os.urandom(4096)
    db.write_bytes(bytes(data))
    before = db.read_bytes()
    res = run("ingest", built[1].parent, "--db", db)
    assert res.returncode == 1 and "damaged" in res.stderr.decode() and "Traceback" not in res.stderr.decode()
    assert db.read_bytes() == before


def test_an_older_knowledge_base_is_upgraded_once_in_one_step(built, tmp_path):
    db = copy_of(built, tmp_path)
    con = sqlite3.connect(db)
    con.execute("ALTER TABLE document DROP COLUMN title")
    con.execute("ALTER TABLE document DROP COLUMN url")
    con.execute("ALTER TABLE correction DROP COLUMN undone")
    con.execute("UPDATE meta SET value = '2' WHERE key = 'schema'")
    con.execute("PRAGMA application_id = 0")  # schema 2 files had none
    con.commit()
    con.close()
    read = run("entity", "Токаев", "--db", db)
    assert read.returncode == 0 and "upgraded" not in read.stderr.decode()  # a read changes nothing
    written = run("ingest", built[1], "--db", db)
    assert written.returncode == 0 and "upgraded from schema 2" in written.stderr.decode()
    con = sqlite3.connect(db)
    columns = {r[1] for r in con.execute("PRAGMA table_info(document)")}
    assert {"title", "url"} <= columns and con.execute("SELECT value FROM meta WHERE key='schema'").fetchone() == ("3",)
    con.close()
    again = run("ingest", built[1], "--db", db)
    assert "upgraded" not in again.stderr.decode()


def test_a_newer_knowledge_base_is_refused(built, tmp_path):
    db = copy_of(built, tmp_path)
    con = sqlite3.connect(db)
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema'")
    con.commit()
    con.close()
    res = run("ingest", built[1], "--db", db)
    assert res.returncode == 1 and "newer than this svodka" in res.stderr.decode()
