"""The values stage inside svodka: registered after coref, contract fields, the pretty table,
and the cost of the grammar kept to the words around numbers and calendar words."""
from __future__ import annotations

import io

from rich.console import Console

from svodka.pipeline import DEFAULT_STAGES, Pipeline
from svodka.cli.render import render

SEED = ("Как отметил Токаев, сейчас товарооборот между странами «стабильно превышает полмиллиарда "
        "долларов». Лидеры страны договорились увеличить его до $1 млрд. За 10 месяцев этого года "
        "объем перевозок составил 1,5 млн тонн, увеличившись на 14%.")


def test_stage_is_registered_after_coref():
    assert "values" in DEFAULT_STAGES
    assert DEFAULT_STAGES.index("values") > DEFAULT_STAGES.index("coref")


def test_contract_fields():
    doc = Pipeline(stages=["segment", "lemmatize", "values"])(SEED, "2025-11-25")
    out = [v.to_dict() for v in doc.values]
    assert {"type": "MONEY", "amount": 500000000, "currency": "USD", "qualifier": ">"}.items() <= out[0].items()
    for v in out:
        assert SEED[v["start"]:v["end"]] == v["text"]
    date = next(v for v in out if v["type"] == "DATE")
    assert date["period"] == {"start": "2025-01-01", "end": "2025-10-31"}
    pct = next(v for v in out if v["type"] == "PERCENT")
    assert pct["amount"] == 14 and pct["change"] is True and pct["direction"] == "up"


def test_without_a_document_date_relative_dates_stay_unresolved():
    doc = Pipeline(stages=["segment", "lemmatize", "values"])(SEED)
    date = next(v for v in doc.values if v.type == "DATE")
    assert date.period is None and date.span.text == "За 10 месяцев этого года"


def test_text_without_numbers_is_not_parsed():
    p = Pipeline(stages=["segment", "lemmatize", "values"])
    doc = p("Президенты обсудили перспективы сотрудничества в сфере энергетики и транспорта.")
    assert doc.values == []
    assert p.models.value_extractor._windows(doc, doc.sentences[0]) == []


def test_pretty_output_lists_values():
    doc = Pipeline(stages=["segment", "lemmatize", "values"])(SEED, "2025-11-25")
    buf = io.StringIO()
    render(doc.to_dict(), Console(file=buf, width=120, color_system=None))
    shown = buf.getvalue()
    assert "values (" in shown
    assert "> 500 mn USD" in shown  # amounts in one style with the knowledge-base tables
    assert "2025-01-01 … 2025-10-31" in shown
