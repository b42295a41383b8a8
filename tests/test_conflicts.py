"""Conflicting figures across reports, on short reports written for them in the style of the
seed: real conflicts beside their near misses (another year, another scope, another route, a
qualifier that makes two figures agree, thousands against millions, two currencies, ten months
against a year). The pairs flagged must be exactly the expected ones."""
from __future__ import annotations

import pytest

from store_samples import write_texts
from svodka.kb import KnowledgeBase
from svodka.kb.conflicts import disjoint, interval, rounding

REPORTS = {
    "a_ministry": "date 2025-03-01 Министерство экономики Казахстана сообщило, что товарооборот между Россией и "
                  "Казахстаном в 2024 году составил 28 млрд долларов.",
    "b_bureau": "date 2025-03-05 По данным бюро национальной статистики, в 2024 году товарооборот между Казахстаном "
                "и Россией составил 26,8 млрд долларов.",
    "c_about": "date 2025-03-10 Эксперты отмечают, что товарооборот между Россией и Казахстаном в 2024 году составил "
               "около 27 млрд долларов.",
    "d_last_year": "date 2024-02-20 Товарооборот между Россией и Казахстаном в 2023 году составил 25 млрд долларов.",
    "e_other_scope": "date 2025-03-02 Товарооборот между Россией и Узбекистаном в 2024 году составил 11 млрд долларов.",
    "f_roubles": "date 2025-03-03 Товарооборот между Россией и Казахстаном в 2024 году составил 2,6 трлн рублей.",
    "g_ten_months": "date 2024-11-20 За 10 месяцев 2024 года товарооборот между Россией и Казахстаном составил "
                    "22 млрд долларов.",
    "h_operator": "date 2025-01-15 Оператор сообщил, что в 2024 году объем перевозок по Транскаспийскому маршруту "
                  "превысил 4 млн тонн.",
    "i_ministry": "date 2025-02-11 По данным министерства транспорта, в 2024 году объем перевозок по Транскаспийскому "
                  "маршруту составил 3 200 тыс. тонн.",
    "j_port": "date 2025-02-14 В 2024 году объем перевозок по Транскаспийскому маршруту составил 4,5 млн тонн.",
    "k_thousands": "date 2025-02-20 В 2024 году объем перевозок по Транскаспийскому маршруту достиг 4 500 тыс. тонн.",
    "l_other_route": "date 2025-02-21 В 2024 году объем перевозок казахстанских железных дорог составил 3 млн тонн.",
    "m_target": "date 2024-05-10 Казахстан и Узбекистан договорились довести товарооборот до 10 млрд долларов "
                "к 2030 году.",
    "n_target": "date 2024-09-01 Казахстан и Узбекистан намерены увеличить товарооборот до 15 млрд долларов к 2030 году.",
    "o_target": "date 2024-10-01 Казахстан и Узбекистан договорились увеличить товарооборот до 10 млрд долларов "
                "к 2027 году.",
}
EXPECTED = {
    frozenset({"a_ministry", "b_bureau"}),  # 28 bn (27,5–28,5) against 26,8 bn (26,75–26,85)
    frozenset({"h_operator", "i_ministry"}),  # above 4 mn t against 3,2 mn t
    frozenset({"i_ministry", "j_port"}), frozenset({"i_ministry", "k_thousands"}),
    frozenset({"m_target", "n_target"}),  # 10 bn against 15 bn by 2030
    frozenset({"m_target", "o_target"}), frozenset({"n_target", "o_target"}),  # by 2030 against by 2027
}


@pytest.fixture(scope="module")
def kb(tmp_path_factory, new_location, pipeline):
    folder = write_texts(tmp_path_factory.mktemp("reports"), REPORTS)
    base = KnowledgeBase(new_location(), pipeline=pipeline)
    base.ingest([str(folder)])
    yield base
    base.close()


def test_exactly_the_expected_pairs_are_flagged(kb):
    found = {frozenset(c.doc_id for c in conflict.claims) for conflict in kb.conflicts()}
    assert found == EXPECTED, (f"false: {sorted(map(sorted, found - EXPECTED))}; "
                               f"missed: {sorted(map(sorted, EXPECTED - found))}")


def test_a_conflict_names_metric_scope_period_and_both_sentences(kb):
    (c,) = [c for c in kb.conflicts("товарооборот", ["России", "Казахстана"]) if c.kind == "indicator"]
    assert set(c.scope) == {"Россия", "Казахстан"} and c.period == {"start": "2024-01-01", "end": "2024-12-31"}
    by_doc = {claim.doc_id: claim for claim in c.claims}
    assert by_doc["a_ministry"].value["amount"] == 28e9 and by_doc["b_bureau"].value["amount"] == 26.8e9
    assert "28 млрд долларов" in by_doc["a_ministry"].evidence["text"]
    assert c.reason == "values"
    deadlines = [c for c in kb.conflicts("товарооборот", ["Узбекистан"]) if c.reason == "deadline"]
    assert {frozenset(x.doc_id for x in d.claims) for d in deadlines} == {
        frozenset({"m_target", "o_target"}), frozenset({"n_target", "o_target"})}


def test_filters_by_metric_scope_and_dates(kb):
    assert {frozenset(c.doc_id for c in x.claims) for x in kb.conflicts("перевозок")} == {
        frozenset({"h_operator", "i_ministry"}), frozenset({"i_ministry", "j_port"}),
        frozenset({"i_ministry", "k_thousands"})}
    assert kb.conflicts("товарооборот", ["Россия"], date_from="2025-01-01") == []
    assert len(kb.conflicts("товарооборот", ["Россия"], date_from="2024-01-01", date_to="2024-12-31")) == 1


@pytest.mark.parametrize("value,low,high", [
    ({"amount": 28e9, "text": "28 млрд долларов", "qualifier": "="}, 27.5e9, 28.5e9),
    ({"amount": 26.8e9, "text": "26,8 млрд долларов", "qualifier": "="}, 26.75e9, 26.85e9),
    ({"amount": 3.2e6, "text": "3 200 тыс. тонн", "qualifier": "="}, 3.15e6, 3.25e6),
    ({"amount": 5e8, "text": "полмиллиарда долларов", "qualifier": "="}, 4.5e8, 5.5e8),
    ({"amount": 27e9, "text": "27 млрд долларов", "qualifier": "~"}, 24.3e9, 29.7e9),
])
def test_the_interval_a_figure_allows(value, low, high):
    lo, hi, _, _ = interval(value)
    assert (round(lo), round(hi)) == (round(low), round(high))


def test_open_intervals_and_their_bounds():
    above_4 = interval({"amount": 4e6, "text": "4 млн тонн", "qualifier": ">"})
    assert not disjoint(above_4, interval({"amount": 4.5e6, "text": "4,5 млн тонн", "qualifier": "="}))
    assert disjoint(above_4, interval({"amount": 3.2e6, "text": "3 200 тыс. тонн", "qualifier": "="}))
    assert disjoint(above_4, interval({"amount": 4e6, "text": "4 млн", "qualifier": "<="}))
    assert not disjoint(interval({"amount": 4e6, "text": "4 млн", "qualifier": ">="}),
                        interval({"amount": 4e6, "text": "4 млн", "qualifier": "<="}))
    assert rounding({"amount": 1e9, "text": "1 млрд"}) == 0.5e9
    assert interval({"amount": 14, "text": "на 14%", "change": True}) is None  # a change is no level


def test_one_documents_conflicts_are_those_of_all_that_name_it(kb):
    """Pairing only one document's figures with the others finds what every pair finds for it."""
    everything = kb.conflicts()
    for doc_id in REPORTS:
        mine = kb.conflicts(doc_id=doc_id)
        assert mine == [c for c in everything if doc_id in {x.doc_id for x in c.claims}], doc_id
