"""The HTTP API (svodka/api) with FastAPI's TestClient on a real knowledge base built from
examples/ and dated reports (tests/web_samples.py): every route, pages and cursors, CSV, errors,
the token on writes, body limits."""
from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

import web_samples
from svodka.api import create_app
from svodka.kb import KnowledgeBase

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def location(new_location, pipeline, tmp_path_factory):
    where = new_location("api")
    with KnowledgeBase(where, pipeline=pipeline) as kb:
        web_samples.build(kb, tmp_path_factory.mktemp("texts"))
    return where


@pytest.fixture(scope="module")
def client(location, pipeline):
    """A read-only server: no token configured."""
    kb = KnowledgeBase(location, pipeline=pipeline, readonly=True)
    with TestClient(create_app(kb)) as c:
        yield c
    kb.close()


@pytest.fixture(scope="module")
def writer(location, pipeline):
    """A server that takes writes with the token."""
    kb = KnowledgeBase(location, pipeline=pipeline)
    with TestClient(create_app(kb, token=TOKEN)) as c:
        yield c
    kb.close()


def ok(response) -> dict:
    assert response.status_code == 200, response.text
    return response.json()


def fails(response, status: int) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "detail"} and body["detail"]
    return body


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode("utf-8"))  # BOM: Excel reads the Cyrillic
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def walk(client, url: str) -> list[dict]:
    """Every item of a list, page by page through its cursors."""
    items, cursor = [], None
    while True:
        page = ok(client.get(url + (f"&cursor={cursor}" if cursor else "")))
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items


def test_info_says_whether_the_server_takes_writes(client, writer):
    info = ok(client.get("/api/v1"))
    assert info["read_only"] is True and info["counts"]["documents"] == web_samples.how_many()
    assert ok(writer.get("/api/v1"))["read_only"] is False


def test_search_finds_any_word_form_with_snippets_and_facets(client):
    found = ok(client.get("/api/v1/search", params={"q": "Токаева"}))
    assert found["total"] >= 4 and found["items"][0]["doc_id"]
    seed = next(h for h in found["items"] if h["doc_id"] == web_samples.SEED_ID)
    assert seed["date"] == "2025-11-25" and seed["marks"]
    assert all(seed["snippet"][a:b].startswith("Токаев") for a, b in seed["marks"])
    facets = found["facets"]
    years = {f["value"]: f["count"] for f in facets["year"]}
    assert years["2025"] >= 3 and sum(years.values()) <= found["total"]
    assert any(f["label"] == "Касым-Жомарт Токаев" and f["count"] == found["total"] for f in facets["entity"])
    assert {f["value"] for f in facets["fact_type"]} >= {"meeting", "occupation"}


def test_search_filters_narrow_and_every_page_is_reached_once(client):
    everything = ok(client.get("/api/v1/search", params={"q": "России", "limit": 500}))
    paged = walk(client, "/api/v1/search?q=России&limit=3")
    assert [h["doc_id"] for h in paged] == [h["doc_id"] for h in everything["items"]]
    assert len(paged) == everything["total"] > 3
    dated = ok(client.get("/api/v1/search", params={"q": "Токаева", "from": "2025", "to": "2025-06"}))
    assert {h["doc_id"] for h in dated["items"]} == {"un_2025", "tokaev_moscow"}
    tm = ok(client.get("/api/v1/search", params={"q": "Токаева", "entity": "Туркменистан", "fact": "meeting"}))
    assert {h["doc_id"] for h in tm["items"]} == {"kz_tm_2024", web_samples.SEED_ID}
    assert tm["entity"]["name"] == "Туркменистан"
    per = ok(client.get("/api/v1/search", params={"entity_type": "per", "limit": 1}))
    assert per["total"] < ok(client.get("/api/v1/search", params={"limit": 1}))["total"]
    assert ok(client.get("/api/v1/search", params={"q": "Токаева", "entity": "Никтоневедомов"}))["total"] == 0


def test_search_as_csv(client):
    rows = csv_rows(client.get("/api/v1/search", params={"q": "Токаева", "format": "csv"}))
    assert rows[0].keys() >= {"doc_id", "date", "snippet"} and any("Токаев" in r["snippet"] for r in rows)


def test_bad_search_input_is_a_400(client):
    assert fails(client.get("/api/v1/search", params={"q": "%"}), 400)["error"] == "bad_request"
    fails(client.get("/api/v1/search", params={"limit": 501}), 400)
    fails(client.get("/api/v1/search", params={"limit": 0}), 400)
    fails(client.get("/api/v1/search", params={"from": "вчера"}), 400)
    fails(client.get("/api/v1/search", params={"from": "2025", "to": "2024"}), 400)
    fails(client.get("/api/v1/search", params={"fact": "gossip"}), 400)
    fails(client.get("/api/v1/search", params={"format": "xml"}), 400)
    assert fails(client.get("/api/v1/search", params={"cursor": "nonsense"}), 400)["error"] == "bad_cursor"
    other = ok(client.get("/api/v1/search", params={"q": "России", "limit": 1}))["next_cursor"]
    assert fails(client.get("/api/v1/search", params={"q": "Токаева", "cursor": other}), 400)["error"] == "bad_cursor"


def test_a_document_is_its_contract_json_and_an_unknown_one_404(client):
    doc = ok(client.get(f"/api/v1/documents/{web_samples.SEED_ID}"))
    assert doc["date"] == "2025-11-25" and doc["source"].endswith(".txt")
    tokaev = next(e for e in doc["entities"] if e["name"] == "Касым-Жомарт Токаев")
    m = tokaev["mentions"][0]
    assert doc["text"][m["start"]:m["end"]] == m["text"] and isinstance(tokaev["kb_id"], int)
    assert {f["type"] for f in doc["facts"]} >= {"meeting", "agreement", "target"}
    assert fails(client.get("/api/v1/documents/no-such-document"), 404)["error"] == "not_found"


def test_documents_newest_first_page_by_page(client):
    everything = walk(client, "/api/v1/documents?limit=7")
    assert len(everything) == len({d["doc_id"] for d in everything}) == web_samples.how_many()
    dates = [d["date"] for d in everything if d["date"]]
    assert dates == sorted(dates, reverse=True) and everything[-1]["date"] is None  # undated ones last
    assert all(d["snippet"] for d in everything)
    in_2024 = ok(client.get("/api/v1/documents", params={"from": "2024", "to": "2024"}))
    assert {d["doc_id"] for d in in_2024["items"]} == {"kz_tm_2024", "ports_2024"}
    rows = csv_rows(client.get("/api/v1/documents", params={"format": "csv", "limit": 3}))
    assert len(rows) == 3 and rows[0]["doc_id"] == everything[0]["doc_id"]


def test_entities_by_any_word_form_paged_and_as_csv(client):
    found = ok(client.get("/api/v1/entities", params={"q": "Токаева"}))
    assert found["items"][0]["name"] == "Касым-Жомарт Токаев" and "Токаев" in found["items"][0]["names"]
    everyone = ok(client.get("/api/v1/entities", params={"type": "PER", "limit": 500}))
    assert all(e["type"] == "PER" for e in everyone["items"]) and everyone["total"] == len(everyone["items"])
    paged = walk(client, "/api/v1/entities?type=PER&limit=40")
    assert [e["id"] for e in paged] == [e["id"] for e in everyone["items"]]
    rows = csv_rows(client.get("/api/v1/entities", params={"q": "Казахстана", "format": "csv"}))
    assert rows[0]["name"] == "Казахстан" and json.loads(rows[0]["names"])
    fails(client.get("/api/v1/entities", params={"type": "ALIEN"}), 400)


def test_an_entity_profile(client):
    kb_id = ok(client.get("/api/v1/entities", params={"q": "Токаев"}))["items"][0]["id"]
    p = ok(client.get(f"/api/v1/entities/{kb_id}"))
    assert p["entity"]["name"] == "Касым-Жомарт Токаев"
    assert any(r["role"] == "президент" and r["of_name"] == "Казахстан" for r in p["roles"])
    met = {p_ for m in p["meetings"] for p_ in m["names"].values()}
    assert {"Сердар Бердымухамедов", "Владимир Путин"} <= met
    assert p["statements"] and all(s["sentence"] for s in p["statements"])
    assert [b["month"] for b in p["by_month"]] == sorted(b["month"] for b in p["by_month"])
    assert sum(b["documents"] for b in p["by_month"]) == p["totals"]["documents"] - 0 or p["by_month"]
    assert any(c["name"] == "Казахстан" for c in p["companions"])
    assert fails(client.get("/api/v1/entities/999999"), 404)["error"] == "not_found"
    fails(client.get("/api/v1/entities/abc"), 400)
    fails(client.get("/api/v1/entities/-1"), 400)


def test_facts_by_type_status_party_kind_and_date(client):
    signed = ok(client.get("/api/v1/facts", params={"type": "agreement", "status": "signed", "party": "Туркменистана"}))
    assert signed["total"] >= 5 and all(f["doc_id"] == web_samples.SEED_ID for f in signed["items"])
    kinds = ok(client.get("/api/v1/facts", params={"type": "agreement", "kind": "меморандум"}))
    assert kinds["total"] == 2 and all(f["fields"]["kind"] == "меморандум" for f in kinds["items"])
    dated = ok(client.get("/api/v1/facts", params={"from": "2025-03", "to": "2025-03"}))
    assert {f["doc_id"] for f in dated["items"]} == {"trade_ministry", "trade_bureau"}
    newest = ok(client.get("/api/v1/facts", params={"limit": 500}))
    dates = [f["doc_date"] for f in newest["items"] if f["doc_date"]]
    assert dates == sorted(dates, reverse=True)
    oldest = ok(client.get("/api/v1/facts", params={"limit": 5, "order": "oldest"}))
    assert oldest["items"][0]["doc_date"] == min(dates)
    assert len(walk(client, "/api/v1/facts?type=occupation&limit=30")) == \
        ok(client.get("/api/v1/facts", params={"type": "occupation"}))["total"]
    assert ok(client.get("/api/v1/facts", params={"party": "Никтоневедомов"}))["total"] == 0
    fails(client.get("/api/v1/facts", params={"status": "rumoured"}), 400)


def test_facts_as_csv_take_their_columns_from_the_schema(client):
    rows = csv_rows(client.get("/api/v1/facts", params={"type": "agreement", "party": "Казахстан", "format": "csv"}))
    assert rows and {"kind", "subject", "parties", "status", "sentence"} <= rows[0].keys()
    assert all("Казахстан" in r["parties"] for r in rows)


def test_track_with_status_and_conflicting_figures_marked(client):
    t = ok(client.get("/api/v1/track", params={"metric": "товарооборот", "scope": "Казахстан,Туркменистан"}))
    target = next(o for o in t["items"] if o["kind"] == "target")
    assert target["status"] in ("not yet met", "met", "overdue") and target["value"]["amount"] == 1e9
    trade = ok(client.get("/api/v1/track", params={"metric": "товарооборота", "scope": "России,Казахстан"}))
    marked = {o["doc_id"] for o in trade["items"] if o["conflict"]}
    assert marked == {"trade_ministry", "trade_bureau"}
    rows = csv_rows(client.get("/api/v1/track", params={"metric": "товарооборот", "format": "csv"}))
    assert {"kind", "when", "amount", "status", "evidence"} <= rows[0].keys()
    metrics = ok(client.get("/api/v1/track"))
    assert any("товарооборот" in m["metric"] for m in metrics["items"])
    fails(client.get("/api/v1/track", params={"metric": "%%"}), 400)


def test_conflicts_list_both_claims(client):
    found = ok(client.get("/api/v1/conflicts"))
    assert found["total"] == 1
    (c,) = found["items"]
    assert {x["doc_id"] for x in c["claims"]} == {"trade_ministry", "trade_bureau"} and c["reason"] == "values"
    (row,) = csv_rows(client.get("/api/v1/conflicts", params={"format": "csv"}))
    assert {row["doc_1"], row["doc_2"]} == {"trade_ministry", "trade_bureau"} and "млрд" in row["sentence_1"]
    assert ok(client.get("/api/v1/conflicts", params={"from": "2026"}))["total"] == 0


def test_extract_reads_a_text_and_stores_nothing(client):
    before = ok(client.get("/api/v1"))["counts"]
    doc = ok(client.post("/api/v1/extract", json={"text": "Президент России Владимир Путин встретился с "
                                                          "Касым-Жомартом Токаевым в Астане.", "date": "2025-11-01"}))
    assert {e["name"] for e in doc["entities"]} >= {"Владимир Путин", "Касым-Жомарт Токаев", "Астана"}
    assert doc["date"] == "2025-11-01" and any(f["type"] == "meeting" for f in doc["facts"])
    assert ok(client.get("/api/v1"))["counts"] == before
    fails(client.post("/api/v1/extract", json={"text": "   "}), 400)
    fails(client.post("/api/v1/extract", json={"text": "Текст", "date": "позавчера"}), 400)
    fails(client.post("/api/v1/extract", content=b"not json", headers={"content-type": "application/json"}), 400)
    big = fails(client.post("/api/v1/extract", json={"text": "слово " * 200_000}), 413)
    assert big["error"] == "payload_too_large"


def test_writes_need_the_token(client, writer):
    body = {"keep": "Казахстан", "drop": "Туркменистан"}
    assert fails(client.post("/api/v1/entities/merge", json=body), 401)["error"] == "read_only"
    fails(client.post("/api/v1/documents", content=b'{"text": "x"}'), 401)
    fails(client.post("/api/v1/entities/split", json={"entity": "Казахстан", "doc": "x"}), 401)
    missing = writer.post("/api/v1/entities/merge", json=body)
    assert fails(missing, 401)["error"] == "unauthorized" and missing.headers["www-authenticate"] == "Bearer"
    fails(writer.post("/api/v1/entities/merge", json=body, headers={"Authorization": "Bearer wrong"}), 401)
    fails(writer.post("/api/v1/entities/merge", json=body, headers={"Authorization": TOKEN}), 401)
    assert ok(writer.get("/api/v1/entities", params={"q": "Туркменистан"}))["items"][0]["name"] == "Туркменистан"


def test_ingest_merge_and_split_with_the_token(writer):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    lines = "\n".join(json.dumps(d, ensure_ascii=False) for d in (
        {"id": "api_1", "date": "2025-10-01", "text": "Министр финансов Армении Ваан Керобян посетил Ереван."},
        {"id": "api_2", "date": "2025-10-02", "text": ""}))
    report = ok(writer.post("/api/v1/documents", content=lines.encode(), headers=auth))
    assert report["added"] == ["api_1"] and report["failed"][0]["id"] == "api_2"
    assert ok(writer.get("/api/v1/search", params={"q": "Керобяна"}))["items"][0]["doc_id"] == "api_1"
    again = ok(writer.post("/api/v1/documents", content=lines.encode(), headers=auth))
    assert again["unchanged"] == ["api_1"]
    fails(writer.post("/api/v1/documents", content=b"plain words", headers=auth), 400)
    fails(writer.post("/api/v1/documents", content=b'{"id": "x"}', headers=auth), 400)
    merged = ok(writer.post("/api/v1/entities/merge", json={"keep": "Ереван", "drop": "Армения"}, headers=auth))
    assert merged["name"] == "Ереван"
    fails(writer.post("/api/v1/entities/merge", json={"keep": "Ереван", "drop": "Ваан Керобян"}, headers=auth), 400)
    several = {"entity": "Ереван", "doc": "api_1", "name": "Армения"}
    assert "e" in fails(writer.post("/api/v1/entities/split", json=several, headers=auth), 400)["detail"]
    armenia = next(e["id"] for e in ok(writer.get("/api/v1/documents/api_1"))["entities"] if e["name"] == "Армения")
    split = ok(writer.post("/api/v1/entities/split", json=dict(several, entity_id=armenia), headers=auth))
    assert split["name"] == "Армения" and split["doc"] == "api_1"
    fails(writer.post("/api/v1/entities/split", json={"entity": "Ереван", "doc": "nowhere"}, headers=auth), 400)
    fails(writer.post("/api/v1/entities/merge", json={"keep": ""}, headers=auth), 400)


def test_unknown_routes_and_methods_answer_json(client):
    assert fails(client.get("/api/v1/nothing-here"), 404)["error"] == "not_found"
    assert fails(client.delete("/api/v1/search"), 405)["error"] == "method_not_allowed"


def test_openapi_and_docs_are_served_without_a_cdn(client):
    spec = ok(client.get("/openapi.json"))
    assert spec["openapi"].startswith("3.") and {"/api/v1/search", "/api/v1/entities/{kb_id}", "/api/v1/facts",
                                                  "/api/v1/track", "/api/v1/extract"} <= set(spec["paths"])
    page = client.get("/docs")
    assert page.status_code == 200 and "http" not in page.text.replace("http-equiv", "")
    for asset in ("/api-static/swagger-ui/swagger-ui-bundle.js", "/api-static/swagger-ui/swagger-ui.css",
                  "/api-static/docs.js"):
        assert client.get(asset).status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_svodka_serve_runs_the_api_and_pages_on_this_backend(location):
    """The command: uvicorn on loopback, over this module's knowledge base (a file or a
    PostgreSQL URL), the token taken from $SVODKA_TOKEN, stopped by SIGTERM."""
    import os
    import socket
    import subprocess
    import sys
    import time
    from pathlib import Path

    import httpx
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([str(Path(sys.executable).with_name("svodka")), "serve", "--db", location, "--port",
                             str(port)], stderr=subprocess.PIPE, env=dict(os.environ, SVODKA_TOKEN=TOKEN))
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                info = httpx.get(base + "/api/v1").json()
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read().decode()
                time.sleep(0.2)
        assert info["read_only"] is False and info["counts"]["documents"] >= web_samples.how_many()
        assert httpx.get(base + "/api/v1/search", params={"q": "Токаева"}).json()["total"] >= 4
        assert "Касым-Жомарт Токаев" in httpx.get(base + "/entities", params={"q": "Токаева"}).text
        denied = httpx.post(base + "/api/v1/entities/merge", json={"keep": "Казахстан", "drop": "Туркменистан"})
        assert denied.status_code == 401 and denied.json()["error"] == "unauthorized"
    finally:
        proc.terminate()
        assert proc.wait(15) in (0, -15)  # uvicorn shuts down, then re-raises the signal it caught
    assert "http://127.0.0.1:" in proc.stderr.read().decode()
