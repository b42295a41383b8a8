"""The web pages (svodka/web) through FastAPI's TestClient on a real knowledge base: what each
page shows, that facts link to their sentences, that markup in documents stays text, that facet
links narrow a search, the correction forms and the token, and that hostile input never gets a
500 or changes the store."""
from __future__ import annotations

import html
import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

import web_samples
from svodka.kb import KnowledgeBase
from svodka.web import create_app

TOKEN = "page-token"
HOSTILE = ['"', "'; DROP TABLE documents; --", "%", "NEAR(", "*", "a OR b", "<script>alert(1)</script>",
           "\u0000", "#", "#99999999999999999999999", "🙂", "Токаева" * 1500]


@pytest.fixture(scope="module")
def location(new_location, pipeline, tmp_path_factory):
    where = new_location("pages")
    with KnowledgeBase(where, pipeline=pipeline) as kb:
        web_samples.build(kb, tmp_path_factory.mktemp("texts"))
    return where


@pytest.fixture(scope="module")
def site(location, pipeline):
    kb = KnowledgeBase(location, pipeline=pipeline, readonly=True)
    with TestClient(create_app(kb)) as c:
        yield c
    kb.close()


def page(client, url: str, status: int = 200, **kw) -> str:
    r = client.get(url, **kw)
    assert r.status_code == status, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    return r.text


def test_home_shows_counts_latest_documents_and_top_entities(site):
    text = page(site, "/")
    assert f"Что известно из {web_samples.how_many()} документов" in text
    assert 'href="/documents/wheat_2025"' in text and "Россия" in text and 'name="q"' in text


def test_search_highlights_the_words_and_its_facets_narrow_it(site):
    text = page(site, "/search?q=Токаева")
    assert re.search(r"<mark>Токаев[а-я]*</mark>", text)
    total = int(re.search(r"Найдено (\d+)", text).group(1))
    meeting = re.search(r'href="(/search\?[^"]*fact=meeting[^"]*)"', text).group(1)
    narrowed = page(site, html.unescape(meeting))
    fewer = int(re.search(r"Найдено (\d+)", narrowed).group(1))
    assert 0 < fewer <= total and "q=%D0%A2" in meeting  # the words kept
    year = re.search(r'href="(/search\?[^"]*from=2024[^"]*)"', text).group(1)
    assert "kz_tm_2024" in page(site, html.unescape(year))
    assert "Ничего не найдено" in page(site, "/search?q=марсоход")


def test_a_document_marks_entities_and_values_and_facts_link_to_their_sentences(site):
    text = page(site, f"/documents/{web_samples.SEED_ID}")
    assert re.search(r'<a class="ent ent-PER" href="/entities/\d+" title="Касым-Жомарт Токаев · персона">Токаев</a>', text)
    assert re.search(r'<span class="val val-MONEY" title="1 млрд USD">\$1 млрд</span>', text)
    anchors = set(re.findall(r'href="#(s\d+-\d+)"', text))
    assert anchors and all(f'id="{a}"' in text for a in anchors)
    assert "Соглашения" in text and "подписано" in text


def test_figures_in_conflict_are_marked_on_their_pages(site):
    text = page(site, "/documents/trade_ministry")
    assert "Расхождения с другими документами" in text and "trade_bureau" in text
    assert 'class="conflict"' in text
    track = page(site, "/track?metric=товарооборот&scope=Россия,Казахстан")
    assert track.count('<tr class="conflict">') == 2
    conflicts = page(site, "/conflicts")
    assert "26,8 млрд USD" in conflicts and "28 млрд USD" in conflicts


def test_markup_in_a_document_stays_text_everywhere(site):
    urls = ["/documents/xss", "/search?q=Компания", "/agreements", "/facts?type=agreement", "/entities?type=ORG",
            "/search?q=" + web_samples.SCRIPT]
    kb_id = re.search(r'href="/entities/(\d+)" title="&lt;script', page(site, "/documents/xss")).group(1)
    urls.append(f"/entities/{kb_id}")
    for url in urls:
        text = page(site, url)
        assert "<script>alert" not in text and "<img src=x" not in text, url
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page(site, "/documents/xss")


def test_the_entity_page(site):
    text = page(site, "/entities?q=Токаева")
    kb_id = re.search(r'href="/entities/(\d+)"><span class="dot"></span>Касым-Жомарт Токаев', text).group(1)
    profile = page(site, f"/entities/{kb_id}")
    assert "президент" in profile and "Сердар Бердымухамедов" in profile and "Владимир Путин" in profile
    assert 'data-chart="mentions-chart"' in profile and '"type": "bar"' in profile
    assert '<script src="/static/plotly.min.js"></script>' in profile
    assert "Объединить" not in profile  # read-only: no correction forms
    page(site, "/entities/999999", 404)
    page(site, "/entities/abc", 400)


def test_correction_forms_need_the_token(location, pipeline):
    kb = KnowledgeBase(location, pipeline=pipeline)
    with TestClient(create_app(kb, token=TOKEN)) as c:
        kb_id = re.search(r'href="/entities/(\d+)"', page(c, "/entities?q=Туркменбаши")).group(1)
        assert "Объединить" in page(c, f"/entities/{kb_id}")
        wrong = c.post(f"/entities/{kb_id}/merge", data={"other": "Ашхабад", "token": "nope"})
        assert wrong.status_code == 401 and "Неверный токен" in wrong.text
        done = c.post(f"/entities/{kb_id}/merge", data={"other": "Гарабогаз", "token": TOKEN}, follow_redirects=False)
        assert done.status_code == 303 and done.headers["location"] == f"/entities/{kb_id}"
        assert "Гарабогаз" in page(c, f"/entities/{kb_id}")
        kb.undo()
    kb.close()


def test_agreements_registry_filters_and_links_its_csv(site):
    text = page(site, "/agreements?party=Туркменистан&status=signed")
    assert "межправительственное соглашение" in text and "Эфиопия" not in text
    csv = html.unescape(re.search(r'href="(/api/v1/facts\?[^"]*format=csv[^"]*)"', text).group(1))
    r = site.get(csv)
    assert r.status_code == 200 and "межправительственное" in r.content.decode("utf-8-sig")
    assert "меморандум" in page(site, "/agreements?kind=меморандум")


def test_tracker_draws_the_target_with_its_status(site):
    text = page(site, "/track?metric=товарооборот&scope=Казахстан,Туркменистан")
    assert 'data-chart="track-chart"' in text and "пока не достигнута" in text and "1 млрд USD" in text
    assert "товарооборот между странами" in page(site, "/track")


def test_extract_page_shows_a_pasted_text_highlighted(site):
    r = site.post("/extract", data={"text": "Президент России Владимир Путин встретился с Касым-Жомартом "
                                            "Токаевым в Астане.", "date": "2025-11-01"})
    assert r.status_code == 200 and 'class="ent ent-PER"' in r.text and "Встречи" in r.text
    assert site.post("/extract", data={"text": "  "}).status_code == 400


def test_errors_are_pages(site):
    assert "Не найдено" in page(site, "/documents/nothing-here", 404)
    assert "не дата" in page(site, "/search?q=мир&from=вчера", 400) or "not a date" in page(site, "/search?q=мир&from=вчера", 400)
    page(site, "/no/such/page", 404)


def test_the_documents_list_pages_through_everything(site):
    first = page(site, "/documents")
    assert f"{web_samples.how_many()} документа" in first or f"{web_samples.how_many()} документов" in first
    following = html.unescape(re.search(r'href="([^"]+)" rel="next"', first).group(1))
    assert "cursor=" in following and 'rel="prev"' in page(site, following)


ROUTES = {"/documents": ("from", "to", "cursor"), "/search": ("q", "entity", "entity_type", "fact", "from", "to", "cursor"),
          "/entities": ("q", "type", "cursor"), "/facts": ("type", "status", "party", "kind", "from", "to", "cursor"),
          "/agreements": ("party", "kind", "status"), "/track": ("metric", "scope", "as_of"),
          "/conflicts": ("metric", "scope", "from", "to"),
          "/api/v1/search": ("q", "entity", "entity_type", "fact", "from", "to", "limit", "cursor", "format"),
          "/api/v1/entities": ("q", "type", "limit", "cursor"), "/api/v1/documents": ("from", "to", "limit", "cursor"),
          "/api/v1/facts": ("type", "status", "party", "kind", "doc", "from", "to", "order", "limit"),
          "/api/v1/track": ("metric", "scope", "as_of", "limit"), "/api/v1/conflicts": ("metric", "scope", "from", "to")}


def test_hostile_input_is_answered_never_a_500_and_changes_nothing(site):
    before = site.get("/api/v1").json()["counts"]
    for route, names in ROUTES.items():
        for name in names:
            for value in HOSTILE:
                r = site.get(route, params={name: value})
                assert r.status_code < 500, (route, name, value[:40], r.text[:300])
                if r.status_code >= 400 and route.startswith("/api"):
                    assert set(r.json()) == {"error", "detail"}
    for value in map(quote, HOSTILE):
        for path in (f"/documents/{value}", f"/api/v1/documents/{value}", f"/entities/{value}",
                     f"/api/v1/entities/{value}"):
            assert site.get(path).status_code in (200, 400, 404), path
    assert site.get("/api/v1").json()["counts"] == before
