"""The Python API: ``svodka.extract`` and a reusable ``Pipeline`` whose recognizer can be swapped."""
from __future__ import annotations

import datetime as dt

import svodka
from svodka.pipeline import Pipeline


def test_extract_returns_a_document_with_contract_json():
    doc = svodka.extract("Президент Казахстана Касым-Жомарт Токаев прибыл в Ашхабад.", date="2025-11-25")
    assert doc.date == dt.date(2025, 11, 25)
    d = doc.to_dict()
    assert set(d) >= {"id", "source", "date", "text", "entities", "values", "facts"}
    e = next(e for e in d["entities"] if e["name"] == "Касым-Жомарт Токаев")
    assert e["type"] == "PER" and e["id"].startswith("e")
    (m,) = e["mentions"]
    assert d["text"][m["start"]:m["end"]] == "Касым-Жомарт Токаев"


def test_pipeline_is_reused_and_its_recognizer_is_a_plain_callable():
    """Any NER can stand behind the seam: text in, records out."""
    def recognizer(text):
        i = text.index("Орион")
        return [{"start": i, "end": i + 5, "type": "ORG"}]

    p = Pipeline(recognizer=recognizer)
    doc = p("Компания Орион открыла офис в Казани.")
    assert [(e.type, e.name) for e in doc.entities] == [("ORG", "Орион"), ("LOC", "Казань")]  # Казань: gazetteer
    assert p("Орион вырос.").entities[0].name == "Орион"


def test_unknown_stage_is_refused_clearly():
    try:
        Pipeline(stages=["segment", "teleport"])
    except ValueError as e:
        assert "teleport" in str(e)
    else:
        raise AssertionError("an unknown stage was accepted")


def test_a_failing_stage_loses_only_its_document(pipeline):
    from svodka.read import Source

    def broken(text):
        raise RuntimeError("model crashed")

    p = Pipeline(recognizer=broken)
    out = p.process(Source("x", "x.txt", "Текст."))
    assert out.to_dict() == {"id": "x", "source": "x.txt", "error": "processing failed: RuntimeError: model crashed"}


NEWS = [
    "Президент России Владимир Путин провел переговоры с канцлером Германии Олафом Шольцем в Берлине.",
    "Министр иностранных дел Казахстана Мурат Нуртлеу посетил Ашхабад.",
    "«Газпром» и Минэнерго России обсудили поставки в Китай.",
    "",
    "Глава МИД Турции Хакан Фидан заявил, что Анкара готова к посредничеству.",
]


def test_pipe_batches_documents_with_the_same_reading_as_one_by_one(pipeline):
    """The NER model tags a batch of documents at once: order and reading do not change."""
    from svodka.read import Source
    sources = [Source(str(i), f"{i}.txt", t) for i, t in enumerate(NEWS)]
    batched = [d.to_dict() for d in pipeline.pipe(sources, batch_size=4)]
    single = [pipeline.process(s).to_dict() for s in sources]
    assert [d["id"] for d in batched] == [str(i) for i in range(len(NEWS))]
    assert batched == single
    assert {e["name"] for e in batched[0]["entities"]} >= {"Владимир Путин", "Олаф Шольц", "Германия", "Берлин"}


def test_a_document_failing_inside_a_batch_loses_only_itself():
    from svodka.read import Source

    def recognizer(text):
        if "Ашхабад" in text:
            raise RuntimeError("model crashed")
        return []

    sources = [Source(str(i), f"{i}.txt", t) for i, t in enumerate(NEWS)]
    out = [d.to_dict() for d in Pipeline(recognizer=recognizer).pipe(sources, batch_size=8)]
    assert [d.get("error", "") for d in out] == ["", "processing failed: RuntimeError: model crashed", "", "", ""]
    assert "Берлин" in [e["name"] for e in out[0]["entities"]]  # the gazetteer still finds places


def orion_recognizer(text):
    """A stand-in NER that knows one company (module level, so worker processes can unpickle it)."""
    return [{"start": i, "end": i + 5, "type": "ORG"} for i in range(len(text)) if text.startswith("Орион", i)]


def test_every_worker_process_uses_the_callers_recognizer():
    """Workers rebuild the caller's pipeline from its spec, not a default one: natasha's NER would
    not read «Орион» as an organisation in these sentences, this recognizer does."""
    from svodka.read import Source
    from svodka.scale import process_all
    texts = [f"Компания Орион открыла офис номер {i} в Казани." for i in range(12)]
    sources = [Source(str(i), f"{i}.txt", t) for i, t in enumerate(texts)]
    out = list(process_all(sources, workers=2, pipeline=Pipeline(recognizer=orion_recognizer)))
    assert [d["id"] for d in out] == [str(i) for i in range(12)]
    assert all({(e["type"], e["name"]) for e in d["entities"]} == {("ORG", "Орион"), ("LOC", "Казань")} for d in out)


def test_a_pipeline_pickles_as_its_description_not_its_weights(pipeline):
    import pickle
    pipeline.models.morph  # loaded in this process
    copy = pickle.loads(pickle.dumps(Pipeline(pipeline.models, orion_recognizer, ("segment", "ner"))))
    assert copy.stage_names == ("segment", "ner") and copy.recognizer is orion_recognizer
    assert "morph" not in vars(copy.models)  # a new Models: nothing loaded until used
    assert len(pickle.dumps(pipeline)) < 1000
    assert [e.name for e in copy("Орион вырос.").entities] == []  # no coref stage: mentions only
    assert [m.span.text for m in copy("Орион вырос.").mentions] == ["Орион"]
