"""The knowledge base read as a user reads it: the seed report's $1 bn target tracked with its
status, reports of several years tracked through extraction, and the overview `make demo` prints
(counts, top entities, signed agreements, a tracked target)."""
from __future__ import annotations

import datetime as dt

import pytest
from rich.console import Console
from typer.testing import CliRunner

from conftest import ROOT
from store_samples import write_texts
from svodka.kb import KnowledgeBase

SEED = ROOT / "examples" / "000_d541d46272f33c54.txt"

# Short reports of different years about two pairs of countries, written for this test.
YEARS = {
    "kz_uz_2019": "date 2019-04-10 Товарооборот между Казахстаном и Узбекистаном в 2018 году составил "
                  "3 миллиарда долларов. Стороны договорились довести его до 5 миллиардов долларов к 2020 году.",
    "kz_uz_2021": "date 2021-03-02 По итогам 2020 года товарооборот между Казахстаном и Узбекистаном составил "
                  "3,5 миллиарда долларов, сообщили в министерстве торговли.",
    "kz_uz_2023": "date 2023-02-15 Товарооборот между Казахстаном и Узбекистаном в 2022 году составил "
                  "5,2 миллиарда долларов. Стороны намерены увеличить его до 10 миллиардов долларов к 2030 году.",
    "kz_tm_2024": "date 2024-05-20 Товарооборот между Казахстаном и Туркменистаном в 2023 году составил "
                  "500 миллионов долларов. Стороны договорились увеличить его до 1 миллиарда долларов к 2025 году.",
}


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory, new_location, pipeline):
    if not SEED.is_file():
        pytest.skip(f"{SEED} is missing")
    path = new_location("seed")
    with KnowledgeBase(path, pipeline=pipeline) as kb:
        report = kb.ingest([str(SEED)])
        assert report.added == [SEED.stem], report
    return path


def test_seed_target_of_one_billion_is_tracked_with_its_status(seed_db, pipeline):
    with KnowledgeBase(seed_db, pipeline=pipeline) as kb:
        t = kb.track("товарооборот", ["Казахстана", "Туркменистан"], as_of=dt.date(2026, 1, 1))
        (target,) = t.targets
        assert target.value["amount"] == 1e9 and target.value["currency"] == "USD"
        assert set(target.scope) == {"Казахстан", "Туркменистан"}
        assert target.status == "not yet met"  # «превышает полмиллиарда» is short of it
        assert [(i.value["amount"], i.value["qualifier"]) for i in t.indicators] == [(5e8, ">")]


def test_cli_track_with_scope(seed_db):
    from svodka.cli import app
    result = CliRunner().invoke(app, ["track", "товарооборот", "--scope", "Казахстан,Туркменистан",
                                      "--db", str(seed_db)], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "1 bn USD" in result.output and "not yet met" in result.output and "> 500 mn USD" in result.output
    unknown = CliRunner().invoke(app, ["track", "товарооборот", "--scope", "Атлантида", "--db", str(seed_db)])
    assert unknown.exit_code == 1 and "Атлантида" in unknown.output


def test_overview_shows_counts_entities_agreements_and_a_target(seed_db, pipeline):
    from svodka.cli.tables import overview
    console = Console(record=True, width=160)
    with KnowledgeBase(seed_db, pipeline=pipeline) as kb:
        overview(kb.overview(10), 10, console)
    text = console.export_text()
    assert "1 documents" not in text and text.startswith("1 ")  # the counts line
    assert "Касым-Жомарт Токаев" in text and "Туркменистан" in text  # top entities
    assert "signed agreements" in text and "меморандум" in text and "Казахстан, Туркменистан" in text
    assert "tracked target" in text and "1 bn USD" in text and "not yet met" in text


def test_track_over_reports_of_several_years(tmp_path, new_location, pipeline):
    folder = write_texts(tmp_path / "docs", YEARS)
    with KnowledgeBase(new_location(), pipeline=pipeline) as kb:
        kb.ingest([str(folder)])
        uz = kb.track("товарооборот", ["Казахстан", "Узбекистан"], as_of=dt.date(2026, 6, 1))
        assert [(i.doc_id, i.value["amount"]) for i in uz.indicators] == [
            ("kz_uz_2019", 3e9), ("kz_uz_2021", 3.5e9), ("kz_uz_2023", 5.2e9)]
        status = {t.value["amount"]: (t.status, t.met_by) for t in uz.targets}
        assert status == {5e9: ("met", "kz_uz_2023"), 10e9: ("not yet met", None)}
        tm = kb.track("товарооборот", ["Туркменистана"], as_of=dt.date(2026, 6, 1))
        assert [(t.value["amount"], t.status) for t in tm.targets] == [(1e9, "overdue")]
        assert [i.doc_id for i in tm.indicators] == ["kz_tm_2024"]
        early = kb.track("товарооборот", ["Туркменистан"], as_of=dt.date(2025, 6, 1))
        assert [t.status for t in early.targets] == ["not yet met"]
