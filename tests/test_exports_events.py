"""PLOVER events and FollowTheMoney entities exported from a knowledge base built with the real
pipeline from examples/ and dated news texts: every record holds what its standard asks, and
every reference joins."""
from __future__ import annotations

import json
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from urllib.parse import quote
from pathlib import Path

import pytest

from store_samples import FEED, ingest_news
from svodka.kb import KnowledgeBase
from svodka.kb.exports.plover import ACTOR_FIELDS, EXTENSION, FIELDS

# PLOVER 0.7b1: the categories this mapping uses, CONSULT's modes (plus «meet», a meeting with
# no further mode) and the general contexts (manual, tables «CONSULT modes» and «General contexts»)
PLOVER_EVENTS = {"CONSULT", "AGREE", "COOPERATE"}
PLOVER_MODES = {"visit", "third-party", "multilateral", "phone", "meet"}
PLOVER_CONTEXTS = {
    "military", "intelligence", "executive", "legislative", "election", "political_institutions",
    "pro_democracy", "pro_autocracy", "economic", "legal", "reparations", "human_rights", "rights_freedoms",
    "repression", "human_security", "gender", "lgbt", "religion_ethnicity", "inequality", "diplomatic",
    "territory", "peacekeeping", "health", "asylum", "migration", "disasters", "natural_resource",
    "environment", "technology", "terrorism", "cbrn", "cyber", "misinformation", "crime", "corruption"}
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.fixture(scope="module")
def kb_location(new_location, pipeline, tmp_path_factory):
    return ingest_news(new_location("events"), pipeline, tmp_path_factory.mktemp("dated"))


@pytest.fixture(scope="module")
def known(kb_location):
    with KnowledgeBase(kb_location, readonly=True) as kb:
        docs = {d["id"]: d for d in kb.store.rows("documents")}
        entities = {e["id"]: e for e in kb.store.rows("entities")}
    return docs, entities


@pytest.fixture(scope="module")
def plover(kb_location, tmp_path_factory) -> list[dict]:
    out = tmp_path_factory.mktemp("plover")
    with KnowledgeBase(kb_location, readonly=True) as kb:
        report = kb.export("plover", out)
    ((kind, path, n),) = report.written
    records = [json.loads(line) for line in path.open(encoding="utf-8")]
    assert kind == "events" and n == len(records) > 10
    return records


def test_plover_records_have_the_standard_fields(plover, known):
    docs, entities = known
    assert len({r["id"] for r in plover}) == len(plover)
    for r in plover:
        assert list(r) == [*FIELDS, EXTENSION]
        assert r["date"] is None or ISO_DAY.fullmatch(r["date"])
        assert set(r["event"]) <= PLOVER_EVENTS and len(r["event"]) == 1
        assert set(r["mode"]) <= PLOVER_MODES and set(r["context"]) <= PLOVER_CONTEXTS
        assert r["actor"], r["id"]
        for a in r["actor"] + r["recipient"]:
            assert tuple(a) == ACTOR_FIELDS and a["identifier_id"] in entities
            assert a["entity_text"] == entities[a["identifier_id"]]["name"]
        text = docs[r["cite_info"]["citation"]]["text"]
        info = r["text_info"]
        assert " ".join(text[info["start"]:info["end"]].split()) == info["text"]
        for s in r[EXTENSION]["statements"]:
            assert text[s["start"]:s["end"]] == s["quote"]


def test_plover_mapping_on_known_reports(plover):
    by_id = {r["id"]: r for r in plover}
    seed = [r for r in plover if r["cite_info"]["citation"] == "000_d541d46272f33c54"]
    consult = next(r for r in seed if r["event"] == ["CONSULT"])
    actors = {a["entity_text"]: a for a in consult["actor"]}
    assert set(actors) == {"Касым-Жомарт Токаев", "Сердар Бердымухамедов"} and consult["recipient"] == []
    assert actors["Сердар Бердымухамедов"]["office"] == "президент (Туркменистан)"
    assert actors["Сердар Бердымухамедов"]["code"] == "TKM"
    assert "economic" in consult["context"] and consult["mode"] == ["meet"]
    assert any(i["amount"] == 5e8 and i["currency"] == "USD" for i in consult[EXTENSION]["indicators"])
    assert any(s["speaker"] == "Касым-Жомарт Токаев" for s in consult[EXTENSION]["statements"])
    signed = [r for r in seed if r[EXTENSION]["fact_type"] == "agreement"]
    assert signed and all(r["event"] == ["AGREE"] and r[EXTENSION]["status"] == "signed" for r in signed)
    assert any("migration" in r["context"] for r in signed)
    assert any(r["event"] == ["COOPERATE"] and r["context"] == ["economic"] for r in seed)
    astana = next(r for r in plover if r["cite_info"]["citation"] == "kz_tm_2024" and r["event"] == ["CONSULT"])
    assert astana["date"] == "2024-03-12" and astana["event_loc"]["resolved_place"] == "Астана"
    assert {a["office"] for a in astana["actor"]} == {"президент (Казахстан)", "президент (Туркменистан)"}
    assert by_id[astana["id"]] is astana
    visit = next(r for r in plover if r["cite_info"]["citation"] == "feed_visit" and r["event"] == ["CONSULT"])
    assert visit["mode"] == ["visit"] and visit["date"] == "2025-11-20"
    assert (visit["cite_info"]["title"], visit["cite_info"]["url"]) == (FEED["title"], FEED["url"])
    assert {a["entity_text"] for a in visit["actor"]} == {"Касым-Жомарт Токаев", "Шавкат Мирзиёев"}


def test_plover_follows_the_filters(kb_location, tmp_path):
    with KnowledgeBase(kb_location, readonly=True) as kb:
        report = kb.export("plover", tmp_path, "2024-01-01", "2024-12-31", ["meeting"])
    records = [json.loads(line) for line in report.written[0][1].open(encoding="utf-8")]
    assert records and {r["event"][0] for r in records} == {"CONSULT"}
    assert {r["cite_info"]["citation"] for r in records} == {"kz_tm_2024"}


@pytest.fixture(scope="module")
def ftm(kb_location, tmp_path_factory) -> dict[str, dict]:
    out = tmp_path_factory.mktemp("ftm")
    with KnowledgeBase(kb_location, readonly=True) as kb:
        ((kind, path, n),) = kb.export("ftm", out).written
    lines = [json.loads(line) for line in path.open(encoding="utf-8")]
    assert kind == "entities" and n == len(lines)
    by_id = {e["id"]: e for e in lines}
    assert len(by_id) == len(lines)  # no entity twice
    return by_id


def test_ftm_entities_pass_the_model(ftm):
    from followthemoney import model
    for data in ftm.values():
        proxy = model.get_proxy(data, cleaned=False)
        proxy.schema.validate(data)  # raises InvalidData on a bad value
        assert all(proxy.get(p) for p in proxy.schema.required), data
        assert proxy.to_dict()["properties"] == data["properties"]  # cleaning changes nothing


def test_ftm_references_join_to_entities_of_the_right_schema(ftm, known):
    from followthemoney import model
    docs, kb = known
    for data in ftm.values():
        schema = model.get(data["schema"])
        for name, values in data["properties"].items():
            prop = schema.get(name)
            if prop.type.name == "entity":
                for target in values:
                    assert target in ftm, (data["id"], name, target)
                    assert model.get(ftm[target]["schema"]).is_a(prop.range), (data["id"], name)
    schemata = {e["schema"] for e in ftm.values()}
    assert {"Article", "Person", "Organization", "Address", "Position", "Occupancy", "Event", "Mention",
            "Documentation"} <= schemata
    articles = {e["properties"]["title"][0]: e for e in ftm.values() if e["schema"] == "Article"}
    feed = articles.pop(FEED["title"])  # a document with a title is found by it
    articles["feed_visit"] = feed
    assert feed["properties"]["sourceUrl"] == [FEED["url"]] and feed["properties"]["publishedAt"] == ["2025-11-20"]
    assert set(articles) == set(docs)
    for d in docs:  # the model strips white space around a text, and keeps the rest
        assert articles[d]["properties"]["bodyText"] == [docs[d]["text"].strip()]
    for e in ftm.values():
        if e["schema"] == "Mention":
            (article,) = e["properties"]["document"]
            assert all(name in ftm[article]["properties"]["bodyText"][0] for name in e["properties"]["name"])
    persons = [e for e in ftm.values() if e["schema"] == "Person"]
    assert {int(p["id"].removeprefix("svodka-kb-")) for p in persons} == {k for k, e in kb.items() if e["type"] == "PER"}


def test_ftm_offices_and_meetings(ftm):
    def named(schema, name):
        return next(e for e in ftm.values() if e["schema"] == schema and name in e["properties"]["name"])
    berdy = named("Person", "Сердар Бердымухамедов")
    assert "президент (Туркменистан)" in berdy["properties"]["position"] and berdy["properties"]["country"] == ["tm"]
    post = named("Position", "президент (Туркменистан)")
    held = [e for e in ftm.values() if e["schema"] == "Occupancy" and e["properties"]["post"] == [post["id"]]]
    assert berdy["id"] in {h for e in held for h in e["properties"]["holder"]}
    astana = next(e for e in ftm.values() if e["schema"] == "Event" and e["properties"].get("location") == ["Астана"])
    involved = {ftm[i]["properties"]["name"][0] for i in astana["properties"]["involved"]}
    assert involved == {"Касым-Жомарт Токаев", "Сердар Бердымухамедов"}
    assert astana["properties"]["date"] == ["2024-03-12"]
    assert ftm[astana["properties"]["addressEntity"][0]]["schema"] == "Address"
    kz = named("Address", "Казахстан")
    assert kz["properties"]["country"] == ["kz"]


@pytest.fixture(scope="module")
def datasette_file(kb_location, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("datasette")
    with KnowledgeBase(kb_location, readonly=True) as kb:
        written = kb.export("datasette", out).written
    assert {p for _, p, _ in written} == {out / "svodka-datasette.db"}
    return out / "svodka-datasette.db"


def test_datasette_file_declares_keys_search_and_views(datasette_file, known):
    docs, _ = known
    con = sqlite3.connect(datasette_file)
    keys = {(t, r[3], r[2], r[4]) for t in ("mentions", "facts_meeting", "facts_occupation", "fact_entities")
            for r in con.execute(f"PRAGMA foreign_key_list({t})")}
    assert {("mentions", "doc_id", "documents", "id"), ("mentions", "kb_id", "entities", "id"),
            ("facts_meeting", "place_id", "entities", "id"), ("facts_occupation", "person_id", "entities", "id"),
            ("fact_entities", "kb_id", "entities", "id")} <= keys
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    found = {r[0] for r in con.execute("SELECT d.id FROM documents d WHERE d.rowid IN "
                                       "(SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'Токаев')")}
    assert found == {d for d, doc in docs.items() if re.search(r"(?<!\w)Токаев(?!\w)", doc["text"])}
    views = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
    assert views == {"meetings", "occupations", "statements", "indicators", "targets", "decisions", "agreements"}
    rows = con.execute("SELECT participants, place FROM meetings WHERE document = 'kz_tm_2024'").fetchall()
    assert rows == [("Касым-Жомарт Токаев, Сердар Бердымухамедов", "Астана")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return json.loads(answer.read().decode("utf-8"))


def test_datasette_serves_facets_and_full_text_search(datasette_file):
    port = _free_port()
    meta = datasette_file.with_name("svodka-datasette.metadata.json")
    server = subprocess.Popen([sys.executable, "-m", "datasette", "serve", str(datasette_file), "-m", str(meta),
                               "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/svodka-datasette"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(f"http://127.0.0.1:{port}/-/versions.json")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()
                assert time.monotonic() < deadline, "datasette did not answer within 60 s"
                time.sleep(0.3)
        con = sqlite3.connect(datasette_file)
        facets = _get(f"{base}/entities.json?_shape=objects")["facet_results"]  # opened by the metadata
        counts = {r["value"]: r["count"] for r in facets["type"]["results"]}
        assert counts == dict(con.execute("SELECT type, COUNT(*) FROM entities GROUP BY type"))
        asked = _get(f"{base}/values.json?_facet=qualifier&_shape=objects")["facet_results"]["qualifier"]
        assert {r["value"]: r["count"] for r in asked["results"]} == dict(
            con.execute("SELECT qualifier, COUNT(*) FROM \"values\" GROUP BY qualifier"))
        columns = _get(f"http://127.0.0.1:{port}/-/metadata.json")["databases"]["svodka-datasette"]["tables"]
        assert columns["facts_meeting"]["columns"]["participants_ids"] == "участники (KB id)"
        found = _get(f"{base}/documents.json?_search={quote('Бердымухамедовым')}&_shape=objects&_col=id")["rows"]
        assert {r["id"] for r in found} == {"000_d541d46272f33c54", "kz_tm_2024"}
        meetings = _get(f"{base}/meetings.json?_shape=objects")["rows"]
        assert any(m["place"] == "Астана" for m in meetings)
        labelled = _get(f"{base}/facts_occupation.json?_labels=on&_shape=objects&doc_id=kz_tm_2024")["rows"]
        assert {r["person_id"]["label"] for r in labelled} >= {"Сердар Бердымухамедов"}
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert server.returncode is not None


def test_an_office_comes_from_the_same_document_else_the_latest_known():
    from svodka.kb.exports.plover import Offices
    from svodka.store.records import FactRow

    def held(doc, date, role, of):
        return FactRow(doc, 0, date, "occupation", {"person": 1, "role": role, "of": of}, {}, [])
    offices = Offices([held("a", "2024-01-01", "министр", None), held("b", "2024-01-01", "министр", 2),
                       held("c", "2025-01-01", "президент", 2)], {2: {"name": "Казахстан"}})
    assert offices.of(1, "a", "2026-01-01") == ("министр", None)  # the document's own, ties with `of` None
    assert offices.of(1, "x", "2024-06-01") == ("министр (Казахстан)", 2)
    assert offices.of(1, "x", "2026-01-01") == offices.of(1, "x", None) == ("президент (Казахстан)", 2)
    assert offices.of(3, "a", None) == (None, None)
