"""svodka's own NER tagger: the committed weights load without torch and tag news sentences, and
the post-processing keeps the name alone (legal forms, quotes, remits after «по», common words
that are also town names)."""
from __future__ import annotations

import sys

import pytest


@pytest.fixture(scope="module")
def ner(pipeline):
    return pipeline.models.ner


def spans(ner, text):
    return {(text[r["start"]:r["end"]], r["type"]) for r in ner(text)}


def test_weights_load_without_torch(ner):
    from svodka.nlp.ner import SvodkaNER
    assert isinstance(ner, SvodkaNER)
    assert "torch" not in sys.modules  # numpy inference: torch is the `train` extra only
    assert ner.tagger.layers and ner.tagger.transitions.shape == (8, 8)


def test_tags_a_news_sentence(ner):
    text = "Глава Сбербанка Герман Греф встретился в Казани с президентом Татарстана Рустамом Миннихановым."
    found = spans(ner, text)
    assert {("Сбербанка", "ORG"), ("Герман Греф", "PER"), ("Казани", "LOC"),
            ("Рустамом Миннихановым", "PER")} <= found
    assert ("Татарстана", "LOC") in found or ("президентом Татарстана", "ORG") not in found


def test_words_it_has_no_vector_for_are_tagged_by_their_shape_and_ending(ner):
    text = "Нападающий Хвичаврелидзе перешёл в «Торпедо» из клуба «Кайрат»."
    found = spans(ner, text)
    assert ("Хвичаврелидзе", "PER") in found
    assert all(not kind == "LOC" for name, kind in found if name == "Хвичаврелидзе")


def test_documents_batched_give_what_each_gives_alone(ner):
    texts = ["Премьер-министр Японии Фумио Кисида прибыл в Вашингтон.",
             "В Москве прошло заседание Совета Федерации, которое открыла Валентина Матвиенко."]
    import razdel
    items = [(t, [(w.start, w.stop) for w in razdel.tokenize(t)]) for t in texts]
    assert ner.tag_many(items) == [ner(t) for t in texts]


@pytest.mark.parametrize("text,name,kind", [
    # a legal form before a quoted name is no part of it (CONTRACT.md: the name alone)
    ("Акции ОАО «Газпром» подорожали на торгах в понедельник.", "Газпром", "ORG"),
    ("Гендиректор ООО УК «Металлоинвест» Андрей Варичев провёл встречу.", "Металлоинвест", "ORG"),
    # a quote opened inside the name is closed with it
    ("В разные годы он возглавлял РГТРК «Останкино» и другие компании.", "РГТРК «Останкино»", "ORG"),
    ("Об этом заявил глава Комитета Госдумы по международным делам Леонид Слуцкий.",
     "Комитета Госдумы по международным делам", "ORG"),
    # a place adjective and a state body are that country's body, a ministry with its remit
    ("Инициативы американского правительства обсуждались весь день.", "американского правительства", "ORG"),
    ("В российском министерстве финансов утверждают, что долг погашен.", "российском министерстве финансов", "ORG"),
    # no name runs on past a verb: the tagger took «сообщили жители поселка …» into the name
    ("Об этом активистам Гринпис сообщили жители поселка Петро-Славянка.", "Гринпис", "ORG"),
    # a name starts where its word does: razdel cuts «3Com» in two
    ("По мнению руководства HP, покупка 3Com позволит компании разрабатывать лучшие решения.", "3Com", "ORG"),
])
def test_mention_extent(pipeline, text, name, kind):
    doc = pipeline(text)
    assert (name, kind) in {(m.span.text, m.type) for m in doc.mentions}


def stub_pipeline(pipeline, text, name, kind, *more):
    """A pipeline whose recognizer finds just ``name`` (and the (name, kind) pairs of ``more``):
    the stages after it are what is tested."""
    from svodka.pipeline import Pipeline
    found = [{"start": text.index(n), "end": text.index(n) + len(n), "type": k} for n, k in ((name, kind), *more)]
    return Pipeline(models=pipeline.models, recognizer=lambda t: found)(text)


def test_a_body_attached_to_another_is_named_with_it(pipeline):
    text = "Он преподавал в Высшей партийной школе при ЦК КПСС до 1991 года."
    doc = stub_pipeline(pipeline, text, "Высшей партийной школе", "ORG", ("ЦК КПСС", "ORG"))
    assert {m.span.text for m in doc.mentions if m.type == "ORG"} == {"Высшей партийной школе при ЦК КПСС", "ЦК КПСС"}
    text = "Так сообщил представитель Следственного комитета при прокуратуре Владимир Маркин."
    doc = stub_pipeline(pipeline, text, "Следственного комитета", "ORG")
    assert "Следственного комитета при прокуратуре" in {m.span.text for m in doc.mentions}
    text = "Митинг прошёл в Москве при поддержке ЦК КПСС."
    doc = stub_pipeline(pipeline, text, "Москве", "LOC", ("ЦК КПСС", "ORG"))
    assert {m.span.text for m in doc.mentions} == {"Москве", "ЦК КПСС"}


def test_remit_only_after_a_body(pipeline):
    text = "Жалобу рассмотрел Европейский суд по правам человека в Страсбурге."
    doc = stub_pipeline(pipeline, text, "Европейский суд", "ORG")
    assert "Европейский суд по правам человека" in {m.span.text for m in doc.mentions}
    text = "Специалисты НАСА по космическим полётам подготовили запуск."
    doc = stub_pipeline(pipeline, text, "НАСА", "ORG")
    assert {m.span.text for m in doc.mentions if m.type == "ORG"} == {"НАСА"}


@pytest.mark.parametrize("text,word", [
    ("Смартфоны на ОС Android подешевели.", "ОС"),
    ("Дума приняла закон в первом чтении.", "Дума"),
])
def test_common_words_are_no_towns(pipeline, text, word):
    doc = pipeline(text)
    assert not [m for m in doc.mentions if m.span.text == word and m.type == "LOC"]


def test_place_inside_an_organization_is_a_place(pipeline):
    doc = pipeline("Представитель мэрии Москвы отказался от комментариев.")
    kinds = {(m.span.text, m.type) for m in doc.mentions}
    assert ("Москвы", "LOC") in kinds
    assert any(t == "ORG" and "Москвы" in s for s, t in kinds)


def test_an_ordinary_word_starting_a_sentence_is_no_person(pipeline):
    text = "Супруга бизнесмена приехала в суд. Она дала показания."
    doc = stub_pipeline(pipeline, text, "Супруга", "PER")
    assert not [m for m in doc.mentions if m.type == "PER"]
    # a one-word name that is also a word, named so elsewhere in the text, stays a person
    text = "Мадонна дала концерт в Москве. Певица Мадонна выступила без перерыва."
    start = text.rindex("Мадонна")
    from svodka.pipeline import Pipeline
    doc = Pipeline(models=pipeline.models, recognizer=lambda t: [
        {"start": 0, "end": 7, "type": "PER"}, {"start": start, "end": start + 7, "type": "PER"}])(text)
    assert [m.span.start for m in doc.mentions if m.type == "PER"] == [0, start]


def test_a_headline_line_ends_a_sentence(pipeline):
    text = "Клан Шаймиевых расширяет семейный бизнес\n\nВнук бывшего президента стал директором."
    doc = stub_pipeline(pipeline, text, "Внук", "PER")
    assert not [m for m in doc.mentions if m.type == "PER"]


def test_a_name_found_once_is_found_where_it_is_written_again(pipeline):
    text = ("Рабочие завода Vestas заняли цех. Руководство Vestas обещало ответить. "
            "Профсоюз поддержал рабочих Vestas в понедельник.")
    doc = stub_pipeline(pipeline, text, "Vestas", "ORG")
    assert [m.span.start for m in doc.mentions if m.span.text == "Vestas" and m.type == "ORG"] == \
        [i for i in range(len(text)) if text.startswith("Vestas", i)]
    # words that are part of a longer name, or named with two types, are left as they are
    text = "Мерцалов приехал в Мерцалов. Потом Мерцалов уехал в Мерцаловский район."
    start = text.index("Мерцалов", 1)
    from svodka.pipeline import Pipeline
    doc = Pipeline(models=pipeline.models, recognizer=lambda t: [
        {"start": 0, "end": 8, "type": "PER"}, {"start": start, "end": start + 8, "type": "LOC"}])(text)
    assert [m.span.start for m in doc.mentions if m.span.text.startswith("Мерцалов")] == [0, start]


@pytest.mark.parametrize("text,name", [
    ("Звезда испанской «Барселоны» Лионель Месси женился.", "Барселоны"),
    ("На фестивале выступила группа «Ленинград».", "Ленинград"),
])
def test_a_place_name_in_quotes_names_an_organization(pipeline, text, name):
    doc = stub_pipeline(pipeline, text, name, "LOC")
    assert (name, "ORG") in {(m.span.text, m.type) for m in doc.mentions}
    doc = pipeline(text.replace(f"«{name}»", name))
    assert (name, "ORG") not in {(m.span.text, m.type) for m in doc.mentions}


@pytest.mark.parametrize("text,found,name", [
    # a part, a room or the people of an organization before its name are no part of the name
    ("Об этом сообщила пресс-служба МЧС по Алтайскому краю.", "пресс-служба МЧС по Алтайскому краю",
     "МЧС по Алтайскому краю"),
    ("Представители Гринпис взяли пробы воды.", "Представители Гринпис", "Гринпис"),
    ("Лидер фракции КПРФ выступил против.", "фракции КПРФ", "КПРФ"),
    ("Процесс шёл в зале Басманного суда.", "зале Басманного суда", "Басманного суда"),
    # where an envoy comes from is no part of the body's name
    ("Судья Европейского суда по правам человека от Латвии выразил особое мнение.",
     "Европейского суда по правам человека от Латвии", "Европейского суда по правам человека"),
    # a place adjective before a name is taken with it, as factRuEval marks it
    ("Глава японского МИДа прибыл в Москву.", "МИДа", "японского МИДа"),
])
def test_organization_name_edges(pipeline, text, found, name):
    doc = stub_pipeline(pipeline, text, found, "ORG")
    assert name in {m.span.text for m in doc.mentions if m.type == "ORG"}
    assert found == name or found not in {m.span.text for m in doc.mentions if m.type == "ORG"}


def test_a_body_named_by_its_own_head_word_stays_whole(pipeline):
    text = "Служба безопасности Украины задержала агента. Правительство Кипра ужесточит правила."
    doc = stub_pipeline(pipeline, text, "Служба безопасности Украины", "ORG", ("Правительство Кипра", "ORG"))
    assert {"Служба безопасности Украины", "Правительство Кипра"} <= {m.span.text for m in doc.mentions if m.type == "ORG"}


def test_the_people_of_a_place_are_no_place(pipeline):
    text = "Американцы рассматривают возможность задержки. Переговоры прошли в Тоттенхэме."
    doc = stub_pipeline(pipeline, text, "Американцы", "LOC", ("Тоттенхэме", "LOC"))
    assert [m.span.text for m in doc.mentions if m.type == "LOC"] == ["Тоттенхэме"]


def test_a_band_named_again_in_quotes_is_its_song(pipeline):
    text = "В 1981 году он создаёт Talk Talk. Среди синглов группы — «Today» и «Talk Talk»."
    doc = stub_pipeline(pipeline, text, "Talk Talk", "ORG")
    assert [m.span.start for m in doc.mentions if m.span.text == "Talk Talk"] == [text.index("Talk Talk")]


def test_a_disease_is_no_organization(pipeline):
    doc = stub_pipeline(pipeline, "Премьер-министр сдал положительный тест на COVID-19.", "COVID-19", "ORG")
    assert not [m for m in doc.mentions if m.type == "ORG"]


def test_a_first_name_the_tagger_left_out_is_taken_with_the_surname(pipeline):
    text = "Мяч укатился в воду. Мейв Кеннеди поплыла за ним. Император Акихито отрёкся."
    doc = stub_pipeline(pipeline, text, "Кеннеди", "PER", ("Император Акихито", "PER"))
    assert [m.span.text for m in doc.mentions if m.type == "PER"] == ["Мейв Кеннеди", "Акихито"]


def test_a_national_team_is_named_with_its_country_and_sport(pipeline):
    text = "После ничьей в Ереване сборная Франции по футболу потеряла два очка."
    doc = stub_pipeline(pipeline, text, "Франции", "LOC")
    assert "сборная Франции по футболу" in {m.span.text for m in doc.mentions if m.type == "ORG"}


def test_two_places_joined_by_and_are_two(pipeline):
    text = "Разница с Владивостоком и Хабаровском сократится. Тринидад и Тобаго выиграл матч."
    doc = stub_pipeline(pipeline, text, "Владивостоком и Хабаровском", "LOC", ("Тринидад и Тобаго", "LOC"))
    assert [m.span.text for m in doc.mentions if m.type == "LOC"] == ["Владивостоком", "Хабаровском", "Тринидад и Тобаго"]


def test_an_adjective_made_from_a_name_is_no_person(pipeline):
    text = "Лауреат Нобелевской премии мира вышла на свободу."
    doc = stub_pipeline(pipeline, text, "Нобелевской", "PER")
    assert not [m for m in doc.mentions if m.type == "PER"]


def test_the_kind_of_place_before_its_name_is_no_part_of_it(pipeline):
    text = "Завод работает на Острове Уайт. Суд в Италии, Город Павия, вынес приговор."
    doc = stub_pipeline(pipeline, text, "Острове Уайт", "LOC", ("Город Павия", "LOC"))
    assert {"Уайт", "Павия"} <= {m.span.text for m in doc.mentions if m.type == "LOC"}
    assert not {"Острове Уайт", "Город Павия"} & {m.span.text for m in doc.mentions}
