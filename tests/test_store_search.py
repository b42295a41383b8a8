"""Search finds any word form, ranks, highlights, and filters by entity, fact type and dates."""
from __future__ import annotations

import pytest

from store_samples import TEXTS, document, entity, write_texts
from svodka.kb import KnowledgeBase


@pytest.fixture(scope="module")
def kb(tmp_path_factory, new_location, pipeline):
    folder = write_texts(tmp_path_factory.mktemp("docs"))
    base = KnowledgeBase(new_location(), pipeline=pipeline)
    base.ingest([str(folder)])
    yield base
    base.close()


def ids(hits) -> list[str]:
    return [h.doc_id for h in hits]


def test_inflected_country_finds_its_documents(kb):
    found = set(ids(kb.search("Казахстана")))
    assert {"kz_tm_2024", "un_2025", "grain_2023", "oil_2021"} <= found
    assert "rail_2022" not in found and "ports_2024" not in found


def test_adjective_and_noun_forms_find_country_and_wheat(kb):
    found = ids(kb.search("казахстанской пшеницы"))
    assert set(found) == {"kz_tm_2024", "grain_2023"}
    assert ids(kb.search("пшеницу"))[:3] and set(ids(kb.search("пшеницу"))) == {"kz_tm_2024", "grain_2023",
                                                                                 "wheat_2025"}
    assert "ports_2024" in ids(kb.search("китайских грузов"))


def test_highlights_mark_the_matched_word_forms(kb):
    (hit, *_) = [h for h in kb.search("казахстанской пшеницы") if h.doc_id == "kz_tm_2024"]
    marked = {hit.snippet[a:b] for a, b in hit.marks}
    assert {"Казахстана", "казахстанской", "пшеницы"} <= marked


def test_ranking_puts_the_denser_document_first(kb):
    kb.add([document("wheat_only", "2020-01-01", [], text="Пшеница, пшеница и снова пшеница: цены на пшеницу "
                                                         "выросли, экспорт пшеницы растет.")])
    assert ids(kb.search("пшеница"))[0] == "wheat_only"


def test_any_word_when_no_document_has_all(kb):
    found = ids(kb.search("Костанай нефть"))
    assert {"grain_2023", "oil_2021"} <= set(found)


def test_filters_by_date_entity_and_fact_type(kb):
    assert set(ids(kb.search("пшеницы", date_from="2024-01-01"))) == {"kz_tm_2024", "wheat_2025"}
    assert ids(kb.search("пшеницы", date_from="2023-01-01", date_to="2023-12-31")) == ["grain_2023"]
    assert set(ids(kb.search("", entity="Токаев"))) == {"kz_tm_2024", "un_2025"}
    assert ids(kb.search("Казахстана", entity="Узбекистан")) == ["grain_2023"]
    kb.add([document("signed", "2025-10-10", [entity("e1", "LOC", "Казахстан", "iso:KZ", "country")],
                     facts=[{"type": "agreement", "kind": "меморандум", "subject": "поставки пшеницы",
                             "parties": ["e1"], "status": "signed", "date": "2025-10-10", "period": None,
                             "evidence": [{"start": 0, "end": 9}]}],
                     text="Казахстан подписал меморандум о поставках пшеницы.")])
    assert ids(kb.search("пшеницы", fact_type="agreement")) == ["signed"]
    assert kb.search("пшеницы", entity="Нет Такого") == []


PLACE_TEXTS = {
    "tm_gas": "Туркменский газ пошел в Китай по новому газопроводу.",
    "tm_visit": "Делегация Казахстана прибыла в Ашхабад, столицу Туркменистана.",
    "fr_wine": "Вина Франции подорожали после неурожая.",
    "placer": "Старатели нашли богатую россыпь золота на реке.",
    "ru_news": "Власти России объявили о новых мерах поддержки.",
    "baku": "Бакинский порт принял первый контейнерный поезд.",
}


@pytest.fixture(scope="module")
def places(new_location):
    with KnowledgeBase(new_location("places")) as base:
        base.add([document(k, "2024-01-01", [], text=t) for k, t in PLACE_TEXTS.items()])
        yield base


@pytest.mark.parametrize("query, expected", [
    ("туркменского", {"tm_gas", "tm_visit"}),  # adjective → the country it comes from
    ("Туркменистан", {"tm_gas", "tm_visit"}),  # country → its adjective
    ("французских", {"fr_wine"}),              # «французский» is no prefix of «Франция»
    ("российских", {"ru_news"}),               # nor is «россыпь» Russian
    ("Баку", {"baku"}),
])
def test_a_place_and_its_adjective_are_one_word(places, query, expected):
    assert set(ids(places.search(query))) == expected


def test_an_adjective_is_highlighted_for_its_place(places):
    gas = next(h for h in places.search("Туркменистана") if h.doc_id == "tm_gas")
    assert [gas.snippet[a:b] for a, b in gas.marks] == ["Туркменский"]
