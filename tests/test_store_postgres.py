"""The PostgreSQL backend where it differs from a file: ingest through the command line into a
real server, twice, killed midway, and by two processes at once, each compared with one clean
run; `svodka copy` SQLite → PostgreSQL → SQLite; a reader never sees half a batch; an older
schema upgraded on opening; and every way the server can be wrong, as one line."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict

import psycopg
import pytest
from psycopg import sql

from conftest import TEST_SERVER, drop_schemas, server_reachable
from store_samples import TEXTS, document, entity, write_texts
from svodka import store as stores
from svodka.facts.schema import FACT_TYPES
from svodka.kb import KnowledgeBase

SVODKA = [sys.executable, "-m", "svodka.cli"]


@pytest.fixture
def pg():
    """A function giving a new schema's location on the test server; all are dropped after."""
    server_reachable()
    schemas: list[str] = []

    def make() -> str:
        schemas.append(f"test_pg_{uuid.uuid4().hex[:12]}")
        return f"{TEST_SERVER}?schema={schemas[-1]}"

    yield make
    drop_schemas(schemas)


def numbered(names: range) -> dict[str, str]:
    """Distinct documents made from the samples, each with a sentence of its own."""
    items = list(TEXTS.items())
    return {f"{i:03d}_{items[i % len(items)][0]}": f"{items[i % len(items)][1]} Материал номер {i} подготовлен."
            for i in names}


def content(location: str) -> dict:
    """Everything a knowledge base holds, with KB entities named by what they are (type, name,
    the document entities linked to them) rather than by id: ids are a matter of order."""
    s = stores.open(location, readonly=True)
    try:
        registry, dumped = s.dump()
        docs = list(dumped)
    finally:
        s.close()
    members = defaultdict(list)
    for d in docs:
        for eid, kb in d.links.items():
            members[kb].append((d.record.doc["id"], eid))
    canon = {row[0]: (row[1], row[3], tuple(sorted(members[row[0]]))) for row in registry.entities}
    return {
        "documents": {d.record.doc["id"]: (d.record.digest, d.record.lemmas, json.dumps(d.record.doc, sort_keys=True),
                                           sorted(d.record.metric_lemmas.items()),
                                           sorted((e, canon[kb]) for e, kb in d.links.items())) for d in docs},
        "entities": sorted(canon.values()),
        "aliases": sorted((key, canon[kb]) for key, kb in registry.aliases),
        "person_names": sorted((s_, g, canon[kb]) for s_, g, kb in registry.person_names),
    }


def ingest(folder, db, *more) -> subprocess.Popen:
    """``svodka ingest FOLDER --db DB [PATH…] [OPTION…]`` in a process of its own."""
    return subprocess.Popen([*SVODKA, "ingest", str(folder), "--db", db, *more],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def stored(location: str) -> int:
    schema = location.rsplit("schema=", 1)[1]
    with psycopg.connect(TEST_SERVER) as con:
        try:
            return con.execute(sql.SQL("SELECT COUNT(*) FROM {}.document").format(sql.Identifier(schema))).fetchone()[0]
        except psycopg.errors.UndefinedTable:
            return 0


def test_ingest_twice_changes_nothing(tmp_path, pg, pipeline):
    folder = write_texts(tmp_path / "docs")
    db = pg()
    with KnowledgeBase(db, pipeline=pipeline) as kb:
        assert sorted(kb.ingest([str(folder)]).added) == sorted(TEXTS)
    before = content(db)
    with KnowledgeBase(db, pipeline=pipeline) as kb:
        again = kb.ingest([str(folder)])
    assert again.added == again.replaced == [] and sorted(again.skipped) == sorted(TEXTS)
    assert content(db) == before and len(before["documents"]) == len(TEXTS) and len(before["entities"]) > 10


def test_killed_mid_ingest_then_again_is_a_clean_run(tmp_path, pg, pipeline):
    folder = write_texts(tmp_path / "docs", numbered(range(40)))
    clean, killed = pg(), pg()
    with KnowledgeBase(clean, pipeline=pipeline) as kb:
        kb.ingest([str(folder)], workers=2)  # worker processes beside an open pool of connections
    proc = ingest(folder, killed, "--batch", "1")
    deadline = time.monotonic() + 300
    while stored(killed) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    at_kill = stored(killed)
    assert 0 < at_kill < 40, f"the ingest was not caught mid-run ({at_kill} of 40 stored)"
    with KnowledgeBase(killed, pipeline=pipeline) as kb:
        report = kb.ingest([str(folder)], batch=5)
    assert len(report.skipped) >= at_kill and not report.replaced
    assert content(killed) == content(clean)


def test_two_ingests_at_once_store_what_one_stores(tmp_path, pg, pipeline):
    """Different and overlapping inputs: folders A+B and B+C by two processes into one schema."""
    a, b, c = (write_texts(tmp_path / name, numbered(names))
               for name, names in (("a", range(0, 10)), ("b", range(10, 20)), ("c", range(20, 30))))
    one, both = pg(), pg()
    with KnowledgeBase(one, pipeline=pipeline) as kb:
        kb.ingest([str(a), str(b)])
        kb.ingest([str(b), str(c)])
    stores.open(both).close()  # the schema exists before they race (creating it is locked too)
    procs = [ingest(a, both, str(b), "--batch", "2"), ingest(b, both, str(c), "--batch", "2")]
    for p in procs:
        assert p.wait(timeout=600) == 0, p.stderr.read().decode()
    assert content(both) == content(one)
    assert len(content(both)["documents"]) == 30


def test_copy_sqlite_to_postgresql_and_back_keeps_every_answer(tmp_path, pg, pipeline):
    folder = write_texts(tmp_path / "docs")
    source, there, back = str(tmp_path / "source.db"), pg(), str(tmp_path / "back.db")
    with KnowledgeBase(source, pipeline=pipeline) as kb:
        kb.ingest([str(folder)])
        kb.merge("Казахстан", "Узбекистан", force=True)
        kb.split("Касым-Жомарт Токаев", "un_2025", name="Токаев (другой)")
        kb.merge("Китай", "Туркменистан", force=True)
        kb.undo()  # the last merge: the log travels with its undone mark
    for a, b in ((source, there), (there, back)):
        res = subprocess.run([*SVODKA, "copy", "--from", a, "--to", b], capture_output=True, timeout=300)
        assert res.returncode == 0, res.stderr.decode()
        assert b"copied 8 documents" in res.stderr
    exports = {}
    for name, db in (("source", source), ("there", there), ("back", back)):
        out = tmp_path / f"export-{name}"
        res = subprocess.run([*SVODKA, "export", "--db", db, "--out", str(out)], capture_output=True, timeout=300)
        assert res.returncode == 0, res.stderr.decode()
        exports[name] = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    assert exports["there"] == exports["source"] == exports["back"]
    tables = ["documents", "entities", "mentions", "values", *(f"facts_{t}" for t in FACT_TYPES), "fact_entities"]
    assert sorted(exports["source"]) == sorted(f"{t}.jsonl" for t in tables)
    assert all(exports["source"][f"{t}.jsonl"] for t in ("documents", "entities", "mentions", "values",
                                                         "facts_occupation", "fact_entities"))
    for db in (source, there, back):  # the split, undone in each, gives each the same answer
        with KnowledgeBase(db, pipeline=pipeline) as kb:
            assert kb.undo()["kind"] == "split"
            assert [e.name for e in kb.entities("Токаев")][:1] == ["Касым-Жомарт Токаев"]


def test_copy_refuses_a_target_that_holds_anything(tmp_path, pg):
    source, target = pg(), pg()
    for db, doc_id in ((source, "a"), (target, "b")):
        with KnowledgeBase(db) as kb:
            kb.add([document(doc_id, "2024-01-01", [entity("e1", "LOC", "Казахстан", "iso:KZ")])])
    res = subprocess.run([*SVODKA, "copy", "--from", source, "--to", target], capture_output=True, timeout=300)
    assert res.returncode == 1 and b"not empty" in res.stderr and b"Traceback" not in res.stderr
    assert len(res.stderr.decode().strip().splitlines()) == 1
    assert stored(target) == 1


def test_a_reader_never_sees_half_a_batch(pg):
    """Each batch writes documents of three entities each; every snapshot a reader takes holds
    whole batches only."""
    db = pg()
    writer, reader = stores.open(db), stores.open(db, readonly=True)
    errors, seen = [], []

    def write():
        try:
            for b in range(15):
                writer.write([
                    stores_record(f"b{b}d{i}", [entity(f"e{k}", "LOC", f"Место {b} {i} {k}") for k in (1, 2, 3)])
                    for i in range(4)])
        except Exception as e:  # noqa: BLE001 - the test reports it
            errors.append(e)

    t = threading.Thread(target=write)
    t.start()
    while t.is_alive():
        c = reader.counts()
        seen.append(c["documents"])
        assert c["documents"] % 4 == 0 and c["document_entities"] == 3 * c["documents"], c
    t.join()
    writer.close(), reader.close()
    assert not errors and seen[-1] <= 60 and any(0 < n < 60 for n in seen), sorted(set(seen))


def stores_record(doc_id: str, entities: list[dict]):
    from svodka.store.records import DocumentRecord
    doc = document(doc_id, "2024-01-01", entities)
    return DocumentRecord(doc, f"h-{doc_id}", " ".join(e["name"].lower() for e in entities))


def test_an_older_schema_is_upgraded_on_opening_with_a_message(tmp_path, pg):
    db = pg()
    with KnowledgeBase(db) as kb:
        kb.add([document("a", "2024-01-01", [entity("e1", "LOC", "Казахстан", "iso:KZ")])])
    schema = db.rsplit("schema=", 1)[1]
    with psycopg.connect(TEST_SERVER, autocommit=True) as con:  # as schema 2 was: no title, url, undone
        con.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))
        con.execute("ALTER TABLE document DROP COLUMN title, DROP COLUMN url")
        con.execute("ALTER TABLE correction DROP COLUMN undone")
        con.execute("UPDATE meta SET value = '2' WHERE key = 'schema'")
    res = subprocess.run([*SVODKA, "search", "Казахстан", "--db", db], capture_output=True, timeout=300)
    assert res.returncode == 1 and b"schema 2" in res.stderr and b"Traceback" not in res.stderr  # reading upgrades nothing
    res = subprocess.run([*SVODKA, "merge", "Казахстан", "#1", "--db", db], capture_output=True, timeout=300)
    assert b"upgraded from schema 2" in res.stderr and b"Traceback" not in res.stderr
    with KnowledgeBase(db) as kb:
        assert kb.store.migrated_from is None and kb.document("a")["text"] == "Казахстан"
        assert [h.doc_id for h in kb.search("Казахстан")] == ["a"]


def other_program(pg) -> str:
    db = pg()
    schema = db.rsplit("schema=", 1)[1]
    with psycopg.connect(TEST_SERVER, autocommit=True) as con:
        con.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
        con.execute(sql.SQL("CREATE TABLE {}.orders (id int, total numeric)").format(sql.Identifier(schema)))
    return db


@pytest.mark.parametrize("where, says", [
    ("postgresql://postgres@127.0.0.1:1/test", "cannot connect to PostgreSQL"),
    ("postgresql://no_such_user_svodka:secret@127.0.0.1:5432/test", "no_such_user_svodka"),
    ("postgresql://postgres@127.0.0.1:5432/no_such_db_svodka", "no_such_db_svodka"),
    ("postgresql://postgres@127.0.0.1:5432/test?schema=Not-A-Name", "not a plain name"),
    ("OTHER", "another program's tables"),
])
@pytest.mark.parametrize("command", ["search", "ingest"])
def test_a_server_that_cannot_be_used_is_one_line(tmp_path, pg, where, says, command):
    db = other_program(pg) if where == "OTHER" else where
    args = ["search", "Казахстан"] if command == "search" else ["ingest", str(write_texts(tmp_path, {"a": "Текст."}))]
    res = subprocess.run([*SVODKA, *args, "--db", db], capture_output=True, timeout=300)
    err = res.stderr.decode()
    assert res.returncode == 1 and says in err and "Traceback" not in err, err
    assert len(err.strip().splitlines()) == 1 and "secret" not in err, err
    if where == "OTHER":
        schema = db.rsplit("schema=", 1)[1]
        with psycopg.connect(TEST_SERVER) as con:  # nothing was written beside the other program's table
            assert con.execute("SELECT COUNT(*) FROM pg_tables WHERE schemaname = %s", (schema,)).fetchone()[0] == 1


def test_svodka_db_names_the_server_for_every_command(tmp_path, pg, monkeypatch):
    db = pg()
    with KnowledgeBase(db) as kb:
        kb.add([document("a", "2024-01-01", [entity("e1", "LOC", "Казахстан", "iso:KZ")], text="Казахстан.")])
    env = dict(os.environ, SVODKA_DB=db)
    for args in (["search", "Казахстан"], ["entity", "Казахстан"], ["overview"]):
        res = subprocess.run([*SVODKA, *args, "--format", "json"], capture_output=True, timeout=300, env=env)
        assert res.returncode == 0 and "Казахстан" in res.stdout.decode(), res.stderr.decode()
