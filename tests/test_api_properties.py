"""The whole API from its own OpenAPI document, with hypothesis: every GET route with any mix
of its parameters (random text, numbers, hostile strings: quotes, SQL, FTS syntax, markup, long
queries), and random extract bodies. No request may meet a 5xx, every answer is the JSON its
kind promises (a list envelope, an error object), and nothing in the store changes."""
from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import web_samples
from svodka.api import create_app
from svodka.kb import KnowledgeBase

HOSTILE = ['"', "'", "'; DROP TABLE documents; --", "%", "_", "NEAR(", "*", "a OR b", "^", "(", ")", ":",
           "<script>alert(1)</script>", "#1", "#-1", "-1", "0", "501", "1e9", "2025", "2025-13", "31.02.2025",
           "Токаева", "Казахстан,Туркменистан", "signed", "agreement", "PER", "csv", "json", "newest",
           "x" * 10_000, "слово " * 200]
VALUES = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40), st.integers(-10, 10 ** 12).map(str))


@pytest.fixture(scope="module")
def client(new_location, pipeline, tmp_path_factory):
    where = new_location("props")
    with KnowledgeBase(where, pipeline=pipeline) as kb:
        web_samples.build(kb, tmp_path_factory.mktemp("texts"))
    kb = KnowledgeBase(where, pipeline=pipeline, readonly=True)
    with TestClient(create_app(kb), raise_server_exceptions=False) as c:
        yield c
    kb.close()


def operations(spec: dict) -> list[tuple[str, list[dict]]]:
    return [(path, op.get("parameters", [])) for path, ops in spec["paths"].items()
            for method, op in ops.items() if method == "get"]


def check(response, path: str) -> None:
    assert response.status_code < 500, (path, response.status_code, response.text[:300])
    if response.headers["content-type"].startswith("text/csv"):
        assert response.status_code == 200 and response.content.startswith(b"\xef\xbb\xbf")
        return
    body = response.json()
    if response.status_code >= 400:
        assert set(body) == {"error", "detail"} and isinstance(body["detail"], str), body
    elif "items" in body:
        assert isinstance(body["items"], list) and body["total"] >= len(body["items"])
        assert body["next_cursor"] is None or isinstance(body["next_cursor"], str)


def test_every_get_route_answers_any_parameters_without_a_5xx(client):
    spec = client.get("/openapi.json").json()
    ops = operations(spec)
    assert len(ops) >= 8
    before = client.get("/api/v1").json()["counts"]

    @settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.data())
    def run(data):
        path, params = data.draw(st.sampled_from(ops))
        url = path
        query = {}
        for p in params:
            if p["in"] == "path":
                url = url.replace("{" + p["name"] + "}", quote(data.draw(VALUES), safe="") or "x")
            elif data.draw(st.booleans()):
                query[p["name"]] = data.draw(VALUES)
        check(client.get(url, params=query), url)

    run()
    assert client.get("/api/v1").json()["counts"] == before


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=st.one_of(
    st.fixed_dictionaries({"text": st.one_of(st.text(max_size=200), st.sampled_from(HOSTILE))},
                          optional={"date": st.one_of(st.none(), st.sampled_from(HOSTILE), st.text(max_size=12))}),
    st.dictionaries(st.text(max_size=5), st.one_of(st.none(), st.integers(), st.text(max_size=5)), max_size=3),
    st.lists(st.integers(), max_size=3)))
def test_extract_answers_any_body_without_a_5xx(client, body):
    response = client.post("/api/v1/extract", json=body)
    check(response, "/api/v1/extract")
    if response.status_code == 200:
        assert response.json()["text"] == body["text"]
