"""Tracking a metric over years: indicators in time order, each target's status from the
indicators reported after it (facts written as contract dicts, as the facts layer emits them)."""
from __future__ import annotations

import datetime as dt

import pytest

from store_samples import document, entity, money
from svodka.kb import KnowledgeBase

KZ = entity("e1", "LOC", "Казахстан", "iso:KZ", "country")
TM = entity("e2", "LOC", "Туркменистан", "iso:TM", "country")
UZ = entity("e2", "LOC", "Узбекистан", "iso:UZ", "country")
EV = [{"start": 0, "end": 10}]


def indicator(amount, year, scope=("e1", "e2"), metric="товарооборот"):
    return {"type": "indicator", "metric": metric, "scope": list(scope), "value": money(amount),
            "period": {"start": f"{year}-01-01", "end": f"{year}-12-31"}, "change": None, "evidence": EV}


def target(amount, deadline, scope=("e1", "e2"), metric="товарооборот", qualifier="="):
    return {"type": "target", "metric": metric, "scope": list(scope), "value": money(amount, qualifier),
            "deadline": deadline, "status": "planned", "evidence": EV}


DOCS = [
    document("y2019", "2019-05-01", [KZ, TM], [indicator(400e6, 2018), target(1e9, "2022-12-31")],
             text="Товарооборот Казахстана и Туркменистана в 2018 году составил 400 млн долларов."),
    document("y2021", "2021-03-01", [KZ, TM], [indicator(500e6, 2020), target(800e6, "2025-12-31"),
                                               target(2e9, "2030-12-31")],
             text="Товарооборот за 2020 год достиг 500 млн долларов, цель — 800 млн к 2025 году."),
    document("y2023", "2023-02-01", [KZ, TM], [indicator(850e6, 2022)],
             text="Товарооборот двух стран за 2022 год вырос до 850 млн долларов."),
    document("uz2023", "2023-04-01", [KZ, UZ], [indicator(5e9, 2022), target(10e9, "2030-12-31")],
             text="Товарооборот Казахстана и Узбекистана составил 5 млрд долларов."),
    document("cargo", "2020-01-01", [KZ, TM], [{"type": "indicator", "metric": "объем перевозок грузов",
                                                "scope": ["e1"], "value": {"type": "QUANTITY", "start": 0,
                                                                           "end": 1, "amount": 3e6, "unit": "t",
                                                                           "qualifier": "="},
                                                "period": None, "change": None, "evidence": EV}],
             text="Объем перевозок грузов составил 3 млн тонн."),
]


@pytest.fixture()
def kb(new_location):
    with KnowledgeBase(new_location()) as base:
        base.add(DOCS)
        yield base


def test_indicators_in_time_order_for_a_scope(kb):
    t = kb.track("товарооборот", ["Казахстан", "Туркменистан"], as_of=dt.date(2026, 1, 1))
    assert [i.value["amount"] for i in t.indicators] == [400e6, 500e6, 850e6]
    assert all(set(i.scope) == {"Казахстан", "Туркменистан"} for i in t.indicators)
    assert [i.doc_id for i in t.indicators] == ["y2019", "y2021", "y2023"]


def test_target_status_met_overdue_not_yet(kb):
    t = kb.track("товарооборот", ["Казахстан", "Туркменистан"], as_of=dt.date(2026, 1, 1))
    status = {(o.value["amount"], o.deadline): (o.status, o.met_by) for o in t.targets}
    assert status == {(1e9, "2022-12-31"): ("overdue", None),
                      (800e6, "2025-12-31"): ("met", "y2023"),
                      (2e9, "2030-12-31"): ("not yet met", None)}


def test_status_depends_on_the_day_it_is_judged(kb):
    t = kb.track("товарооборот", ["Туркменистан"], as_of=dt.date(2022, 6, 1))
    assert {o.value["amount"]: o.status for o in t.targets}[1e9] == "not yet met"


def test_other_scope_and_other_metric_do_not_mix(kb):
    uz = kb.track("товарооборот", ["Узбекистан"], as_of=dt.date(2026, 1, 1))
    assert [i.value["amount"] for i in uz.indicators] == [5e9]
    assert [(o.value["amount"], o.status) for o in uz.targets] == [(10e9, "not yet met")]
    every = kb.track("товарооборот", as_of=dt.date(2026, 1, 1))
    assert len(every.indicators) == 4 and len(every.targets) == 4
    cargo = kb.track("перевозки грузов")  # any form of the metric's words
    assert [i.doc_id for i in cargo.indicators] == ["cargo"]
    assert kb.track("товарооборот", ["Нигде"]).indicators == []


def test_an_indicator_before_the_target_does_not_meet_it(new_location):
    with KnowledgeBase(new_location()) as kb:
        kb.add([document("old", "2018-01-01", [KZ, TM], [indicator(900e6, 2017)]),
                document("goal", "2019-01-01", [KZ, TM], [target(800e6, None)])])
        (goal,) = kb.track("товарооборот", as_of=dt.date(2030, 1, 1)).targets
        assert goal.status == "not yet met"
