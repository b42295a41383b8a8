"""The complete tables (JSONL, CSV, Parquet, Excel) round-trip what they claim, and join: on a
knowledge base built with the real pipeline from examples/ and dated news texts."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from store_samples import FEED, ingest_news
from svodka.facts.schema import FACT_TYPES, Kind, fields
from svodka.kb import KnowledgeBase
from svodka.kb.exports.tables import DOCUMENTS, ENTITIES, MENTIONS, VALUES, fact_schema

TABLES = ["documents", "entities", "mentions", "values", *(f"facts_{t}" for t in FACT_TYPES), "fact_entities"]


@pytest.fixture(scope="module")
def kb_location(new_location, pipeline, tmp_path_factory):
    """examples/ (mostly undated) and eight dated reports, extracted by the real pipeline."""
    return ingest_news(new_location("exports"), pipeline, tmp_path_factory.mktemp("dated"))


@pytest.fixture(scope="module")
def parquet(kb_location, tmp_path_factory) -> dict[str, pa.Table]:
    out = tmp_path_factory.mktemp("parquet")
    with KnowledgeBase(kb_location, readonly=True) as kb:
        report = kb.export("parquet", out)
    assert [t for t, _, _ in report.written] == TABLES
    read = {t: pq.read_table(path) for t, path, _ in report.written}
    assert {t: n for t, _, n in report.written} == {t: read[t].num_rows for t in read}
    return read


def test_parquet_keeps_types_dates_and_lists(parquet, kb_location):
    assert parquet["documents"].schema == DOCUMENTS and parquet["entities"].schema == ENTITIES
    assert parquet["mentions"].schema == MENTIONS and parquet["values"].schema == VALUES
    for t in FACT_TYPES:
        assert parquet[f"facts_{t}"].schema == fact_schema(t)
    docs = parquet["documents"].to_pylist()
    assert {d["id"] for d in docs} >= {"000_d541d46272f33c54", "kz_tm_2024"}
    assert next(d for d in docs if d["id"] == "kz_tm_2024")["date"] == dt.date(2024, 3, 12)
    feed = next(d for d in docs if d["id"] == "feed_visit")
    assert (feed["title"], feed["url"], feed["date"]) == (FEED["title"], FEED["url"], dt.date(2025, 11, 20))
    assert pa.types.is_date32(parquet["facts_meeting"].schema.field("date").type)
    meeting = parquet["facts_meeting"].to_pylist()
    assert any(len(m["participants_ids"]) >= 2 and all(isinstance(i, int) for i in m["participants_ids"])
               for m in meeting)
    with KnowledgeBase(kb_location, readonly=True) as kb:
        counts = kb.counts()
    assert parquet["mentions"].num_rows == counts["mentions"] and parquet["values"].num_rows == counts["values"]
    assert parquet["documents"].num_rows == counts["documents"]
    assert sum(parquet[f"facts_{t}"].num_rows for t in FACT_TYPES) == counts["facts"]


def test_every_fact_column_comes_from_the_schema(parquet):
    occupation = parquet["facts_occupation"].schema.names
    assert occupation == ["doc_id", "n", "doc_date", "person_id", "person", "role", "of_id", "of",
                          "evidence_start", "evidence_end", "evidence_text"]
    indicator = parquet["facts_indicator"].schema.names
    assert {"metric", "scope_ids", "scope", "value_amount", "value_currency", "value_qualifier",
            "period_start", "period_end", "change_percent"} <= set(indicator)
    tokaev = [r for r in parquet["facts_indicator"].to_pylist() if r["doc_id"] == "000_d541d46272f33c54"]
    assert any(r["value_amount"] == 5e8 and r["value_currency"] == "USD" and r["value_qualifier"] == ">"
               for r in tokaev)


def test_joins_entities_mentions_values_and_evidence(parquet):
    texts = {d["id"]: d["text"] for d in parquet["documents"].to_pylist()}
    entity_ids = set(parquet["entities"].column("id").to_pylist())
    mentions = parquet["mentions"].to_pylist()
    assert mentions and all(texts[m["doc_id"]][m["start"]:m["end"]] == m["text"] for m in mentions)
    assert {m["kb_id"] for m in mentions} == entity_ids  # every entity is mentioned, every mention linked
    for v in parquet["values"].to_pylist():
        assert texts[v["doc_id"]][v["start"]:v["end"]] == v["text"]
    referenced = set(parquet["fact_entities"].column("kb_id").to_pylist())
    assert referenced and referenced <= entity_ids
    for t in FACT_TYPES:
        for row in parquet[f"facts_{t}"].to_pylist():
            for spec in fields(t):
                ids = (row[f"{spec.name}_ids"] if spec.kind is Kind.ENTITIES
                       else [row[f"{spec.name}_id"]] if spec.kind is Kind.ENTITY else [])
                assert {i for i in ids if i is not None} <= entity_ids
            evidence = texts[row["doc_id"]][row["evidence_start"]:row["evidence_end"]]
            assert " ".join(evidence.split()) == row["evidence_text"]
    quotes = parquet["facts_statement"].to_pylist()
    assert quotes and all(texts[q["doc_id"]][q["quote_start"]:q["quote_end"]] == q["quote_text"] for q in quotes)


def test_jsonl_holds_the_same_rows(kb_location, parquet, tmp_path):
    with KnowledgeBase(kb_location, readonly=True) as kb:
        kb.export("jsonl", tmp_path)
    for table in ("documents", "mentions", "facts_agreement"):
        rows = [json.loads(line) for line in (tmp_path / f"{table}.jsonl").open(encoding="utf-8")]
        expected = json.loads(json.dumps(parquet[table].to_pylist(), ensure_ascii=False, default=str))
        assert rows == expected


def test_csv_for_excel_has_a_bom_semicolons_and_decimal_commas(kb_location, parquet, tmp_path):
    with KnowledgeBase(kb_location, readonly=True) as kb:
        kb.export("csv", tmp_path, excel=True)
    raw = (tmp_path / "values.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter == ";"
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    expected = parquet["values"].to_pylist()
    assert len(rows) == len(expected)
    for row, want in zip(rows, expected):
        assert row["text"] == want["text"] and int(row["start"]) == want["start"]
        if want["amount"] is not None:
            assert "." not in row["amount"] and float(row["amount"].replace(",", ".")) == want["amount"]
        assert row["period_start"] == (want["period_start"].isoformat() if want["period_start"] else "")
    docs = list(csv.DictReader(io.StringIO((tmp_path / "documents.csv").read_text(encoding="utf-8-sig")),
                               delimiter=";"))
    assert [d["text"] for d in docs] == parquet["documents"].column("text").to_pylist()  # line breaks kept


def test_plain_csv_is_comma_separated_without_bom(kb_location, tmp_path):
    with KnowledgeBase(kb_location, readonly=True) as kb:
        kb.export("csv", tmp_path)
    raw = (tmp_path / "facts_meeting.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    assert rows and all(isinstance(json.loads(r["participants_ids"]), list) for r in rows)


def test_xlsx_has_a_sheet_per_table(kb_location, parquet, tmp_path):
    from openpyxl import load_workbook
    with KnowledgeBase(kb_location, readonly=True) as kb:
        report = kb.export("xlsx", tmp_path)
    book = load_workbook(tmp_path / "svodka.xlsx", read_only=True)
    assert book.sheetnames == [t[:31] for t in TABLES] and {p for _, p, _ in report.written} == {tmp_path / "svodka.xlsx"}
    for table in ("documents", "entities", "facts_occupation", "values"):
        rows = list(book[table].iter_rows(values_only=True))
        assert list(rows[0]) == parquet[table].schema.names and len(rows) - 1 == parquet[table].num_rows
    docs = list(book["documents"].iter_rows(values_only=True))
    header = docs[0]
    dated = next(r for r in docs[1:] if r[header.index("id")] == "kz_tm_2024")
    assert dated[header.index("date")] == dt.datetime(2024, 3, 12)  # an Excel date, not a string
    entities = list(book["entities"].iter_rows(values_only=True))
    assert json.loads(entities[1][entities[0].index("names")]) == parquet["entities"].column("names")[0].as_py()


def test_filters_by_date_and_fact_type(kb_location, tmp_path):
    with KnowledgeBase(kb_location, readonly=True) as kb:
        report = kb.export("parquet", tmp_path, "2024-01-01", "2024-12-31", ["meeting", "indicator"])
    assert [t for t, _, _ in report.written] == ["documents", "entities", "mentions", "values",
                                                 "facts_meeting", "facts_indicator", "fact_entities"]
    docs = pq.read_table(tmp_path / "documents.parquet").to_pylist()
    assert {d["id"] for d in docs} == {"kz_tm_2024", "ports_2024"}
    assert all(dt.date(2024, 1, 1) <= d["date"] <= dt.date(2024, 12, 31) for d in docs)
    assert set(pq.read_table(tmp_path / "mentions.parquet").column("doc_id").to_pylist()) <= {d["id"] for d in docs}
    assert set(pq.read_table(tmp_path / "fact_entities.parquet").column("type").to_pylist()) <= {"meeting", "indicator"}
    names = set(pq.read_table(tmp_path / "entities.parquet").column("name").to_pylist())
    assert "Сердар Бердымухамедов" in names and "Шавкат Мирзиёев" not in names
    meetings = pq.read_table(tmp_path / "facts_meeting.parquet").to_pylist()
    assert [m["doc_id"] for m in meetings] == ["kz_tm_2024"]


def test_cli_export_and_its_errors(kb_location, tmp_path):
    from svodka.cli import app
    runner = CliRunner()
    db = ["--db", kb_location]
    done = runner.invoke(app, ["export", "--format", "csv", "--excel", "--from", "2025", "--type", "meeting",
                               "--out", str(tmp_path / "x"), *db])
    assert done.exit_code == 0, done.output
    assert "facts_meeting" in done.output and "undated documents left out by --from/--to" in done.output
    assert (tmp_path / "x" / "facts_meeting.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    for args, message in ((["--type", "meetings"], "'meetings' is no fact type"),
                          (["--format", "parquet", "--excel"], "--excel shapes CSV only"),
                          (["--from", "2025-13"], "is not a date")):
        bad = runner.invoke(app, ["export", *args, "--out", str(tmp_path / "y"), *db])
        assert bad.exit_code == 2 and message in bad.output and "Traceback" not in bad.output
    missing = runner.invoke(app, ["export", "--out", "/proc/svodka-export", *db])  # no folder can be made there
    assert missing.exit_code == 1 and "--out /proc/svodka-export: cannot write" in missing.output
