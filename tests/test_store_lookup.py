"""Finding a KB entity by a name in any word form: inflected, surname only, lower case, an
acronym's full name, a gazetteer name of a place; several candidates → the best and the rest."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from store_samples import TEXTS, document, entity, write_texts
from svodka.kb import KnowledgeBase

NAMES = ("kz_tm_2024", "un_2025", "gas_2025", "grain_2023")


@pytest.fixture(scope="module")
def db(tmp_path_factory, new_location, pipeline):
    folder = write_texts(tmp_path_factory.mktemp("docs"), {k: TEXTS[k] for k in NAMES})
    path = new_location()
    with KnowledgeBase(path, pipeline=pipeline) as kb:
        kb.ingest([str(folder)])
        kb.add([document("usa", "2024-05-05", [entity("e1", "LOC", "США", "iso:US", "country")],
                         text="США ввели пошлины.")])
    return path


@pytest.fixture()
def kb(db, pipeline):
    with KnowledgeBase(db, pipeline=pipeline) as base:
        yield base


@pytest.mark.parametrize("query", ["Токаев", "Токаева", "Токаеву", "Токаевым", "токаев",
                                   "Касым-Жомарта Токаева", "К.-Ж. Токаев"])
def test_a_person_by_any_form_of_the_name(kb, query):
    profile = kb.entity(query)
    assert profile is not None, query
    assert profile.entity.name == "Касым-Жомарт Токаев" and profile.entity.documents == 2
    assert profile.others == []


@pytest.mark.parametrize("query, name", [("Казахстана", "Казахстан"), ("казахстане", "Казахстан"),
                                         ("Туркменистаном", "Туркменистан"), ("Газпрома", "Газпром"),
                                         ("Организации Объединенных Наций", "Организация Объединенных Наций"),
                                         ("Сердаре Бердымухамедове", "Сердар Бердымухамедов")])
def test_places_organisations_and_full_names_in_oblique_cases(kb, query, name):
    assert [e.name for e in kb.entities(query)][:1] == [name]


def test_a_gazetteer_name_finds_the_place_under_another_name(kb):
    (usa,) = kb.entities("Соединенных Штатов")
    assert usa.name == "США" and usa.ref == "iso:US"
    assert kb.entities("Нигде Никак") == []


def test_search_filter_takes_any_form(kb):
    assert {h.doc_id for h in kb.search("", entity="Токаеву")} == {"kz_tm_2024", "un_2025"}
    assert [h.doc_id for h in kb.search("пшеницы", entity="Узбекистана")] == ["grain_2023"]


def test_several_matches_show_the_best_and_list_the_rest(new_location):
    docs = [document(f"d{i}", f"202{i}-01-01", [entity("e1", "PER", "Дмитрий Медведев"),
                                               entity("e2", "LOC", "Россия", "iso:RU", "country")])
            for i in range(3)]
    docs.append(document("tennis", "2024-06-01", [entity("e1", "PER", "Анна Медведева"),
                                                  entity("e2", "ORG", "WTA")]))
    with KnowledgeBase(new_location()) as kb:
        kb.add(docs)
        ambiguous = kb.entity("Медведева")  # his genitive, her nominative
        assert ambiguous.entity.name == "Дмитрий Медведев"
        assert [o.name for o in ambiguous.others] == ["Анна Медведева"]
        assert kb.entity("Анны Медведевой").entity.name == "Анна Медведева"
        assert kb.entity("Анны Медведевой").others == []
        assert kb.entity("Дмитрия Медведева").entity.name == "Дмитрий Медведев"
        assert kb.entity("Д. Медведева").entity.name == "Дмитрий Медведев"


def test_cli_entity_by_inflected_name(db):
    from svodka.cli import app
    runner = CliRunner()
    found = runner.invoke(app, ["entity", "Токаева", "--db", str(db)])
    assert found.exit_code == 0, found.output
    assert "Касым-Жомарт Токаев" in found.output and "2 documents" in found.output
    place = runner.invoke(app, ["entity", "Казахстана", "--db", str(db)])
    assert place.exit_code == 0 and place.output.startswith("Казахстан ")
    missing = runner.invoke(app, ["entity", "Нигде Никак", "--db", str(db)])
    assert missing.exit_code == 1 and "Нигде Никак" in missing.output and "Traceback" not in missing.output
