"""Cross-document entities: one person under several name forms is one KB entity, two people of
one surname in different stories stay two, places meet by gazetteer id, organisations by acronym
and Latin spelling; a person's merge and split survive re-ingest."""
from __future__ import annotations

from store_samples import document, entity
from svodka.kb import KnowledgeBase


def kb_of(kb: KnowledgeBase, doc_id: str, name: str) -> int:
    found = [e["kb_id"] for e in kb.document(doc_id)["entities"] if e["name"] == name]
    assert found, f"{doc_id} has no entity {name!r}"
    return found[0]


IVANOV_DOCS = [
    document("gov_1", "2024-01-10", [entity("e1", "PER", "Алексей Иванов"),
                                     entity("e2", "LOC", "Калужская область", subtype="region"),
                                     entity("e3", "ORG", "Правительство Калужской области")]),
    document("ball_1", "2024-02-11", [entity("e1", "PER", "Дмитрий Иванов"), entity("e2", "ORG", "Спартак"),
                                      entity("e3", "ORG", "Российская премьер-лига")]),
    document("ball_2", "2024-03-12", [entity("e1", "PER", "Иванов"), entity("e2", "ORG", "Спартак")]),
    document("gov_2", "2024-04-13", [entity("e1", "PER", "Иванов"),
                                     entity("e2", "LOC", "Калужская область", subtype="region")]),
]


def test_two_people_of_one_surname_stay_two(new_location):
    with KnowledgeBase(new_location()) as kb:
        kb.add(IVANOV_DOCS)
        governor, player = kb_of(kb, "gov_1", "Алексей Иванов"), kb_of(kb, "ball_1", "Дмитрий Иванов")
        assert governor != player
        assert kb_of(kb, "ball_2", "Иванов") == player  # kept company with «Спартак»
        assert kb_of(kb, "gov_2", "Иванов") == governor  # with «Калужская область»
        assert {e.name for e in kb.entities("Иванов")} == {"Алексей Иванов", "Дмитрий Иванов"}
        assert kb.entity("Дмитрий Иванов").entity.documents == 2


def test_one_person_under_three_name_forms(new_location):
    docs = [
        document("d1", "2024-01-01", [entity("e1", "PER", "Касым-Жомарт Токаев"),
                                      entity("e2", "LOC", "Казахстан", "iso:KZ", "country")]),
        document("d2", "2024-02-01", [entity("e1", "PER", "Токаев Касым-Жомарт Кемелевич")]),
        document("d3", "2024-03-01", [entity("e1", "PER", "К.-Ж. Токаев"), entity("e2", "ORG", "ООН")]),
        document("d4", "2024-04-01", [entity("e1", "PER", "Токаев")]),
        document("d5", "2024-05-01", [entity("e1", "PER", "Kassym-Jomart Tokayev")]),
    ]
    with KnowledgeBase(new_location()) as kb:
        kb.add(docs)
        ids = {kb_of(kb, d["id"], d["entities"][0]["name"]) for d in docs}
        assert len(ids) == 1
        profile = kb.entity("Токаев")
        assert profile.entity.name == "Касым-Жомарт Токаев" and profile.entity.documents == 5
        assert [d["id"] for d in profile.documents] == ["d1", "d2", "d3", "d4", "d5"]


def test_surname_first_then_full_name_is_one_person(new_location):
    with KnowledgeBase(new_location()) as kb:
        kb.add([document("a", "2024-01-01", [entity("e1", "PER", "Мирзиёев")]),
                document("b", "2024-01-02", [entity("e1", "PER", "Шавкат Мирзиёев")])])
        assert kb_of(kb, "a", "Мирзиёев") == kb_of(kb, "b", "Шавкат Мирзиёев")
        assert kb.entities("Мирзиёев")[0].name == "Шавкат Мирзиёев"


def test_places_by_gazetteer_id_and_organisations_by_acronym_and_spelling(new_location):
    docs = [
        document("a", None, [entity("e1", "LOC", "Российская Федерация", "iso:RU", "country"),
                             entity("e2", "ORG", "Организация Объединенных Наций"),
                             entity("e3", "ORG", "ПАО «Газпром»")]),
        document("b", None, [entity("e1", "LOC", "Россия", "iso:RU", "country"), entity("e2", "ORG", "ООН"),
                             entity("e3", "ORG", "Gazprom")]),
        document("c", None, [entity("e1", "LOC", "Грузия", "iso:GE", "country"), entity("e2", "ORG", "Газпром")]),
    ]
    with KnowledgeBase(new_location()) as kb:
        kb.add(docs)
        assert kb_of(kb, "a", "Российская Федерация") == kb_of(kb, "b", "Россия")
        assert kb_of(kb, "a", "Организация Объединенных Наций") == kb_of(kb, "b", "ООН")
        assert kb_of(kb, "a", "ПАО «Газпром»") == kb_of(kb, "b", "Gazprom") == kb_of(kb, "c", "Газпром")
        assert kb_of(kb, "c", "Грузия") != kb_of(kb, "b", "Россия")
        assert kb.counts()["kb_entities"] == 4


def test_merge_and_split_survive_reingest(new_location):
    docs = [
        document("a", "2024-01-01", [entity("e1", "PER", "Сердар Бердымухамедов")]),
        document("b", "2024-01-02", [entity("e1", "PER", "Аркадаг")]),  # an honorific: no key can tell
        document("c", "2024-01-03", [entity("e1", "PER", "Рашид Мередов"), entity("e2", "ORG", "МИД Туркменистана")]),
        document("d", "2024-01-04", [entity("e1", "PER", "Рашид Мередов"), entity("e2", "ORG", "Ахал-Теке")]),
    ]
    path = new_location()
    with KnowledgeBase(path) as kb:
        kb.add(docs)
        a, b = kb_of(kb, "a", "Сердар Бердымухамедов"), kb_of(kb, "b", "Аркадаг")
        assert a != b
        kb.merge("Сердар Бердымухамедов", "Аркадаг")
        assert kb_of(kb, "b", "Аркадаг") == a and kb.entities(f"#{b}") == []
        meredov = kb_of(kb, "d", "Рашид Мередов")
        assert kb_of(kb, "c", "Рашид Мередов") == meredov
        horse_man, _ = kb.split(f"#{meredov}", "d", name="Рашид Мередов (коневод)")
        assert kb_of(kb, "d", "Рашид Мередов") == horse_man.id != meredov
    changed = [dict(d, text=d["text"] + " Обновлено.") for d in docs]  # every document replaced
    with KnowledgeBase(path) as kb:
        report = kb.add(changed)
        assert sorted(report.replaced) == ["a", "b", "c", "d"]
        assert kb_of(kb, "a", "Сердар Бердымухамедов") == kb_of(kb, "b", "Аркадаг") == a
        assert kb_of(kb, "c", "Рашид Мередов") == meredov
        assert kb_of(kb, "d", "Рашид Мередов") == horse_man.id
        assert kb.entities(f"#{horse_man.id}")[0].name == "Рашид Мередов (коневод)"


def test_pipeline_links_a_person_across_documents(tmp_path, new_location, pipeline):
    from store_samples import TEXTS, write_texts
    folder = write_texts(tmp_path / "docs", {k: TEXTS[k] for k in ("kz_tm_2024", "un_2025")})
    with KnowledgeBase(new_location(), pipeline=pipeline) as kb:
        kb.ingest([str(folder)])
        (tokayev,) = kb.entities("Токаев")
        assert tokayev.documents == 2 and tokayev.type == "PER"
        kazakhstan = kb.entities("Казахстан")[0]
        assert kazakhstan.documents == 2 and kazakhstan.ref == "iso:KZ"


def test_glued_initials_and_acronyms_that_fold_to_nothing(new_location):
    docs = [
        document("a", "2024-01-01", [entity("e1", "PER", "Алексей Кудрин"), entity("e2", "ORG", "сенат США")]),
        document("b", "2024-01-02", [entity("e1", "PER", "А.Кудрин"), entity("e2", "ORG", "Служба шерифа")]),
        document("c", "2024-01-03", [entity("e1", "ORG", "Европейский союз")]),
        document("d", "2024-01-04", [entity("e1", "ORG", "ЕС")]),
    ]
    with KnowledgeBase(new_location()) as kb:
        kb.add(docs)
        assert kb_of(kb, "a", "Алексей Кудрин") == kb_of(kb, "b", "А.Кудрин")
        # «сенат США» holds an abbreviation, «Служба шерифа» folds to one letter: neither has an acronym
        assert kb_of(kb, "a", "сенат США") != kb_of(kb, "b", "Служба шерифа")
        assert kb_of(kb, "c", "Европейский союз") == kb_of(kb, "d", "ЕС")


def test_two_full_names_of_one_acronym_stay_two(new_location):
    docs = [
        document("a", None, [entity("e1", "ORG", "Следственный комитет"), entity("e2", "PER", "Алексей Кудрин")]),
        document("b", None, [entity("e1", "ORG", "спецслужбы Северной Кореи"), entity("e2", "ORG", "Аль-Каида")]),
        document("c", None, [entity("e1", "ORG", "Red Bull"), entity("e2", "ORG", "Республика Башкортостан")]),
        document("d", None, [entity("e1", "ORG", "СК"), entity("e2", "PER", "Алексей Кудрин")]),
    ]
    with KnowledgeBase(new_location()) as kb:
        kb.add(docs)
        assert kb_of(kb, "a", "Следственный комитет") != kb_of(kb, "b", "спецслужбы Северной Кореи")
        assert kb_of(kb, "c", "Red Bull") != kb_of(kb, "c", "Республика Башкортостан")
        # the abbreviation joins the full name whose company it keeps
        assert kb_of(kb, "d", "СК") == kb_of(kb, "a", "Следственный комитет")
        assert [e.name for e in kb.entities("А. Кудрин")] == ["Алексей Кудрин"]  # not «Аль-Каида» («АК»)
        assert kb.entities("Республики Башкортостан")[0].name == "Республика Башкортостан"
