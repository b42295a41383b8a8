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
