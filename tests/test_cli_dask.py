"""`svodka extract|ingest --engine dask` as a user runs them (a subprocess, a cluster of one
worker started by the command), the options that do not go together, Parquet input, and the
flat tables holding every field of the contract."""
from __future__ import annotations

import datetime as dt
import json

import pytest

pytest.importorskip("distributed", reason="the dask extra is not installed: pip install 'svodka[dask]'")

import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from svodka.read import iter_sources  # noqa: E402
from svodka.scale.tables import FACT_COLUMNS, SCHEMAS, VALUE_FIELDS, rows  # noqa: E402
from test_cli import records, run  # noqa: E402


@pytest.fixture(scope="module")
def news(tmp_path_factory):
    """Three documents as a data lake keeps them, and one row no one can read."""
    d = tmp_path_factory.mktemp("lake")
    pq.write_table(pa.table({
        "id": ["n1", "n2", "n3", "n4"],
        "date": [dt.date(2025, 11, 25), dt.date(2025, 12, 1), None, dt.date(2025, 11, 2)],
        "text": ["Касым-Жомарт Токаев встретился с Сердаром Бердымухамедовым в Ашхабаде.",
                 "Товарооборот между Россией и Казахстаном вырос на 14%.", "Ангела Меркель посетила Париж.", " "],
    }), d / "news.parquet")
    return d


def test_extract_to_a_folder_writes_tables_by_month_and_a_rerun_skips_them(news, tmp_path):
    out = tmp_path / "out"
    res = run("extract", str(news / "*.parquet"), "--engine", "dask", "--local", "1", "--out", str(out))
    err = res.stderr.decode()
    assert res.returncode == 1 and res.stdout == b""  # n4 is empty: its error row, exit 1; stdout untouched
    assert "dashboard http" in err and "4 documents in 1 partition" in err and "n4" in err
    months = sorted(p.name for p in (out / "documents").iterdir())
    assert months == ["month=2025-11", "month=2025-12", "month=__HIVE_DEFAULT_PARTITION__"]
    docs = pq.read_table(out / "documents" / "month=2025-11").to_pylist()
    assert [(r["doc_id"], r["error"]) for r in docs] == [("n1", None)]
    undated = pq.read_table(out / "documents" / "month=__HIVE_DEFAULT_PARTITION__").to_pylist()
    assert sorted((r["doc_id"], r["error"]) for r in undated) == [("n3", None), ("n4", "empty document: no text")]

    again = run("extract", str(news / "news.parquet"), "--engine", "dask", "--local", "1", "--out", str(out))
    assert "0 documents in 0 partitions" in again.stderr.decode()
    assert "1 partition (4 documents) complete before" in again.stderr.decode()


def test_extract_with_dask_to_stdout_gives_the_local_records(news):
    local = run("extract", str(news / "news.parquet"))
    cluster = run("extract", str(news / "news.parquet"), "--engine", "dask", "--local", "1")
    assert records(cluster.stdout) == records(local.stdout) and len(records(local.stdout)) == 4


@pytest.mark.parametrize("args, says", [
    (["--out", "x"], "add --engine dask"),
    (["--local", "2"], "add --engine dask"),
    (["--engine", "dask", "--local", "2", "--scheduler", "tcp://127.0.0.1:1"], "not both"),
    (["--engine", "dask", "--format", "parquet"], "add --out DIR"),
    (["--engine", "dask", "--out", "x", "--format", "pretty"], "parquet or jsonl"),
])
def test_options_that_do_not_go_together_are_one_line(args, says, news):
    res = run("extract", str(news), *args)
    assert res.returncode == 2 and says in res.stderr.decode() and "Traceback" not in res.stderr.decode()


def test_an_unreachable_scheduler_is_one_line(news):
    res = run("extract", str(news / "news.parquet"), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9")
    err = res.stderr.decode()
    assert res.returncode == 1 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err
    assert "Traceback" not in err


def test_parquet_rows_read_as_json_lines_do(news, tmp_path):
    found = list(iter_sources([str(news / "news.parquet")]))
    assert [s.id for s in found] == ["n1", "n2", "n3", "n4"]
    assert found[0].date == dt.date(2025, 11, 25) and found[2].date is None
    assert found[3].error == "empty document: no text" and found[3].source.endswith("news.parquet:4")
    pq.write_table(pa.table({"body": ["x"]}), tmp_path / "other.parquet")
    (tmp_path / "broken.parquet").write_bytes(b"not parquet")
    (other,), (broken,) = iter_sources([str(tmp_path / "other.parquet")]), iter_sources([str(tmp_path / "broken.parquet")])
    assert "no \"text\" column" in other.error and broken.error.startswith("cannot read as Parquet")


def test_the_tables_hold_every_field_of_the_contract(seed_doc):
    """Each key of a document, entity, mention, value and fact lands in a column."""
    record = seed_doc.to_dict()
    assert record["values"] and record["facts"]
    value_columns = {name for name, _ in VALUE_FIELDS} | {"period"}
    for v in record["values"]:
        assert set(v) <= value_columns, set(v) - value_columns
    for f in record["facts"]:
        assert set(f) <= set(FACT_COLUMNS) | {"type", "evidence"}
    for e in record["entities"]:
        assert set(e) <= {"id", "type", "subtype", "name", "ref", "mentions"}
    assert set(record) <= {"id", "source", "date", "text", "entities", "values", "facts"}
    flat = rows(json.loads(json.dumps(record)))
    for table, found in flat.items():
        pa.Table.from_pylist(found, schema=SCHEMAS[table])  # every row fits its schema
    assert len(flat["mentions"]) == sum(len(e["mentions"]) for e in record["entities"])
