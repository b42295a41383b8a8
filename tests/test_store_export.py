"""Export files load in one line, and the CLI commands run end to end on a real file."""
from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from store_samples import TEXTS, document, entity, money, write_texts
from svodka.kb import KnowledgeBase

FACT = {"type": "target", "metric": "товарооборот", "scope": ["e1", "e2"], "value": money(1e9),
        "deadline": "2030-12-31", "status": "planned", "evidence": [{"start": 0, "end": 12}]}
DOC = document("t1", "2025-01-01", [entity("e1", "LOC", "Казахстан", "iso:KZ", "country"),
                                    entity("e2", "LOC", "Туркменистан", "iso:TM", "country")], [FACT],
               text="Товарооборот Казахстана и Туркменистана должен достичь 1 млрд долларов.")


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_loads_back(tmp_path, fmt):
    with KnowledgeBase(tmp_path / "kb.db") as kb:
        kb.add([DOC])
        written = kb.export(fmt, tmp_path / "out").written
    counts = {t: n for t, _, n in written}
    assert counts["documents"] == 1 and counts["entities"] == 2 and counts["facts_target"] == 1
    assert counts["fact_entities"] == 2 and counts["facts_meeting"] == 0
    path = tmp_path / "out" / f"facts_target.{fmt}"
    if fmt == "parquet":
        import pyarrow.parquet as pq
        rows = pq.read_table(path).to_pylist()
    elif fmt == "csv":
        rows = [{k: json.loads(v) if k.startswith("scope") else v for k, v in r.items()}
                for r in csv.DictReader(path.open(encoding="utf-8"))]
    else:
        rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    (row,) = rows
    assert row["evidence_text"] == "Товарооборот" and str(row["deadline"]) == "2030-12-31"
    assert row["scope"] == ["Казахстан", "Туркменистан"] and len(set(row["scope_ids"])) == 2
    assert row["value_amount"] == 1e9 or row["value_amount"] == "1000000000.0"


def test_cli_commands_end_to_end(tmp_path, monkeypatch):
    from svodka.cli import app
    folder = write_texts(tmp_path / "docs", {k: TEXTS[k] for k in ("kz_tm_2024", "un_2025", "grain_2023")})
    db = str(tmp_path / "kb.db")
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert "0 added" in again.output and "3 unchanged" in again.output
    found = runner.invoke(app, ["search", "казахстанской пшеницы", "--db", db])
    assert found.exit_code == 0 and "kz_tm_2024" in found.output and "grain_2023" in found.output
    profile = runner.invoke(app, ["entity", "Токаев", "--db", db])
    assert profile.exit_code == 0 and "Касым-Жомарт Токаев" in profile.output and "un_2025" in profile.output
    assert runner.invoke(app, ["entity", "Никто Никакой", "--db", db]).exit_code == 1
    overview = runner.invoke(app, ["overview", "--db", db])
    assert overview.exit_code == 0 and "3 documents" in overview.output
    out = tmp_path / "export"
    exported = runner.invoke(app, ["export", "--format", "csv", "--out", str(out), "--db", db])
    assert exported.exit_code == 0 and (out / "entities.csv").is_file()
    (tmp_path / "docs" / "broken.txt").write_bytes(b"\x00\x01\x02" * 50)
    bad = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert bad.exit_code == 1 and "broken" in bad.output and "Traceback" not in bad.output


def test_excel_cuts_what_a_cell_cannot_hold_and_says_so(tmp_path):
    from openpyxl import load_workbook
    long_text = "Казахстан\x0b и Туркменистан. " + "Товарооборот растет. " * 2000  # 42,000 characters
    doc = document("long", "2025-01-02", [entity("e1", "LOC", "Казахстан", "iso:KZ", "country")], text=long_text)
    with KnowledgeBase(tmp_path / "kb.db") as kb:
        kb.add([doc])
        report = kb.export("xlsx", tmp_path / "x")
        kb.export("csv", tmp_path / "c")
    assert report.notes == ["1 cell longer than Excel's 32,767 characters was cut in svodka.xlsx: "
                            "the CSV, JSONL and Parquet exports keep every text whole"]
    sheet = load_workbook(tmp_path / "x" / "svodka.xlsx", read_only=True)["documents"]
    header, row = list(sheet.iter_rows(values_only=True))
    text = row[header.index("text")]
    assert len(text) == 32_767 and text.startswith("Казахстан и Туркменистан")  # the control character left out
    (whole,) = csv.DictReader((tmp_path / "c" / "documents.csv").open(encoding="utf-8", newline=""))
    assert whole["text"] == long_text


def test_an_interrupted_file_leaves_the_last_good_one(tmp_path):
    from svodka.kb.exports.files import replacing
    good = tmp_path / "facts_meeting.csv"
    good.write_text("doc_id\nkz_tm_2024\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        with replacing(good) as partial, partial.open("w", encoding="utf-8") as f:
            f.write("doc_id\nhalf")
            raise KeyboardInterrupt  # Ctrl-C halfway through a table
    assert good.read_text(encoding="utf-8") == "doc_id\nkz_tm_2024\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts_meeting.csv"]  # no partial file left
    with replacing(good) as partial:
        partial.write_text("doc_id\nun_2025\n", encoding="utf-8")
    assert good.read_text(encoding="utf-8") == "doc_id\nun_2025\n"


def test_values_keep_every_contract_field(tmp_path):
    import pyarrow.parquet as pq
    text = "Рост на 14% до 1,5 млрд долларов, «$999…» и за 10 месяцев."
    values = [{"type": "PERCENT", "start": 8, "end": 11, "text": "14%", "amount": 14, "qualifier": "=", "change": True,
               "direction": "up"},
              {"type": "MONEY", "start": 15, "end": 32, "text": "1,5 млрд долларов", "amount": 1.5e9, "amount_max": 2e9,
               "currency": "USD", "qualifier": "<="},
              {"type": "MONEY", "start": 35, "end": 40, "text": "$999…", "amount": None, "currency": "USD",
               "qualifier": "=", "error": "amount too large to represent"},
              {"type": "DATE", "start": 45, "end": 57, "text": "за 10 месяцев", "period": {"start": "2025-01-01",
               "end": "2025-10-31"}, "qualifier": "="}]
    doc = dict(document("v", "2025-11-25", [], text=text), values=values)
    with KnowledgeBase(tmp_path / "kb.db") as kb:
        kb.add([doc])
        kb.export("parquet", tmp_path / "p")
    rows = pq.read_table(tmp_path / "p" / "values.parquet").to_pylist()
    assert [(r["type"], r["amount"], r["amount_max"], r["currency"], r["qualifier"], r["change"], r["direction"],
             r["error"]) for r in rows] == [
        ("PERCENT", 14.0, None, None, "=", True, "up", None), ("MONEY", 1.5e9, 2e9, "USD", "<=", False, None, None),
        ("MONEY", None, None, "USD", "=", False, None, "amount too large to represent"),
        ("DATE", None, None, None, "=", False, None, None)]
    assert (rows[3]["period_start"], rows[3]["period_end"]) == (dt.date(2025, 1, 1), dt.date(2025, 10, 31))
