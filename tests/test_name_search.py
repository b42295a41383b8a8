"""Search by a name in any of its six cases: 40 names of the example corpus (people, countries,
cities, organizations), each case form written out by hand, each must find every example document
that writes the name in any of its forms. The figure found/asked is printed by ``make bench``
(bench/names.py) and must be 100 % here."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from svodka.kb import KnowledgeBase

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# nominative, genitive, dative, accusative, instrumental, prepositional
NAMES = [
    ("Токаев", "Токаева", "Токаеву", "Токаева", "Токаевым", "Токаеве"),
    ("Бердымухамедов", "Бердымухамедова", "Бердымухамедову", "Бердымухамедова", "Бердымухамедовым", "Бердымухамедове"),
    ("Сердар", "Сердара", "Сердару", "Сердара", "Сердаром", "Сердаре"),
    ("Медведев", "Медведева", "Медведеву", "Медведева", "Медведевым", "Медведеве"),
    ("Обама", "Обамы", "Обаме", "Обаму", "Обамой", "Обаме"),
    ("Путин", "Путина", "Путину", "Путина", "Путиным", "Путине"),
    ("Янукович", "Януковича", "Януковичу", "Януковича", "Януковичем", "Януковиче"),
    ("Кудрин", "Кудрина", "Кудрину", "Кудрина", "Кудриным", "Кудрине"),
    ("Квирикашвили",) * 6,
    ("Кэмерон", "Кэмерона", "Кэмерону", "Кэмерона", "Кэмероном", "Кэмероне"),
    ("Клегг", "Клегга", "Клеггу", "Клегга", "Клеггом", "Клегге"),
    ("Осборн", "Осборна", "Осборну", "Осборна", "Осборном", "Осборне"),
    ("Блэр", "Блэра", "Блэру", "Блэра", "Блэром", "Блэре"),
    ("Россия", "России", "России", "Россию", "Россией", "России"),
    ("США",) * 6,
    ("Москва", "Москвы", "Москве", "Москву", "Москвой", "Москве"),
    ("Вашингтон", "Вашингтона", "Вашингтону", "Вашингтон", "Вашингтоном", "Вашингтоне"),
    ("Украина", "Украины", "Украине", "Украину", "Украиной", "Украине"),
    ("Афганистан", "Афганистана", "Афганистану", "Афганистан", "Афганистаном", "Афганистане"),
    ("Киев", "Киева", "Киеву", "Киев", "Киевом", "Киеве"),
    ("Иран", "Ирана", "Ирану", "Иран", "Ираном", "Иране"),
    ("Грузия", "Грузии", "Грузии", "Грузию", "Грузией", "Грузии"),
    ("Прага", "Праги", "Праге", "Прагу", "Прагой", "Праге"),
    ("Туркменистан", "Туркменистана", "Туркменистану", "Туркменистан", "Туркменистаном", "Туркменистане"),
    ("Казахстан", "Казахстана", "Казахстану", "Казахстан", "Казахстаном", "Казахстане"),
    ("Венесуэла", "Венесуэлы", "Венесуэле", "Венесуэлу", "Венесуэлой", "Венесуэле"),
    ("Великобритания", "Великобритании", "Великобритании", "Великобританию", "Великобританией", "Великобритании"),
    ("Ливия", "Ливии", "Ливии", "Ливию", "Ливией", "Ливии"),
    ("Газпром", "Газпрома", "Газпрому", "Газпром", "Газпромом", "Газпроме"),
    ("Евросоюз", "Евросоюза", "Евросоюзу", "Евросоюз", "Евросоюзом", "Евросоюзе"),
    ("НАТО",) * 6,
    ("ЕС",) * 6,
    ("ОПЕК",) * 6,
    ("Кремль", "Кремля", "Кремлю", "Кремль", "Кремлем", "Кремле"),
    ("Единая Россия", "Единой России", "Единой России", "Единую Россию", "Единой Россией", "Единой России"),
    ("Госдума", "Госдумы", "Госдуме", "Госдуму", "Госдумой", "Госдуме"),
    ("Минфин", "Минфина", "Минфину", "Минфин", "Минфином", "Минфине"),
    ("Коммерсант", "Коммерсанта", "Коммерсанту", "Коммерсант", "Коммерсантом", "Коммерсанте"),
    ("Верховная Рада", "Верховной Рады", "Верховной Раде", "Верховную Раду", "Верховной Радой", "Верховной Раде"),
    ("Международный валютный фонд", "Международного валютного фонда", "Международному валютному фонду",
     "Международный валютный фонд", "Международным валютным фондом", "Международном валютном фонде"),
]
CASES = ("nominative", "genitive", "dative", "accusative", "instrumental", "prepositional")


def documents_writing(forms: tuple[str, ...], texts: dict[str, str]) -> set[str]:
    """The documents that write the name in any of its case forms (or a form with «ё»)."""
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))
                         + r")(?![\w-])")
    return {doc for doc, text in texts.items() if pattern.search(text.replace("ё", "е"))}


@pytest.fixture(scope="module")
def examples_kb(tmp_path_factory, pipeline):
    kb = KnowledgeBase(tmp_path_factory.mktemp("examples") / "kb.db", pipeline=pipeline)
    kb.ingest([str(EXAMPLES)])
    texts = {d: kb.document(d)["text"] for d in kb.store.hashes()}
    yield kb, texts
    kb.close()


def name_search_misses(kb, texts) -> tuple[int, list[str]]:
    asked, missed = 0, []
    for forms in NAMES:
        expected = documents_writing(forms, texts)
        assert expected, f"no example document writes {forms[0]}"
        for case, query in zip(CASES, forms):
            asked += 1
            found = {h.doc_id for h in kb.search(query, limit=100)}
            if not expected <= found:
                missed.append(f"{query} ({case}): {sorted(expected - found)}")
    return asked, missed


def test_every_name_in_every_case_finds_its_documents(examples_kb):
    asked, missed = name_search_misses(*examples_kb)
    assert asked == 240
    assert not missed, f"{len(missed)} of {asked} missed: " + "; ".join(missed[:20])
