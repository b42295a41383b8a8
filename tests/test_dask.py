"""The Dask engine on a real cluster of two worker processes on this machine (no mocks): the same
rows as a local run, a worker killed mid-run, a bad document in a partition, a second run that
skips everything, an ingest through the cluster, and what each worker process keeps."""
from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import zlib
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="the dask extra is not installed: pip install 'svodka[dask]'")

import cloudpickle  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402

from svodka.pipeline import Pipeline  # noqa: E402
from svodka.read import Source, iter_sources  # noqa: E402
from svodka.scale import dask as engine  # noqa: E402
from svodka.scale import process_all  # noqa: E402
from svodka.scale.output import dataset  # noqa: E402
from svodka.scale.tables import TABLES, to_tables  # noqa: E402

from conftest import SEED  # noqa: E402

cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers cannot import tests/


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        with Client(cluster) as c:
            yield c


@pytest.fixture(scope="module")
def sources(shared):
    """NEREL dev and the seed: 95 documents, with and without dates."""
    return list(iter_sources([str(shared / "data" / "nerel" / "dev"), str(SEED)]))


@pytest.fixture(scope="module")
def local_records(sources, pipeline):
    """What the single-process `svodka extract` writes for the same input."""
    return list(process_all(sources, 1, pipeline))


def canonical(rows) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False, default=str) for r in rows)


def table_rows(out: Path, table: str) -> list[dict]:
    """A table's rows as a reader of the dataset sees them, the month it was filed under dropped."""
    data = dataset(str(out), table).to_table()
    return data.drop_columns(["month"]).to_pylist()


def jsonl_records(out: Path) -> list[dict]:
    return [json.loads(line) for f in sorted(out.rglob("*.jsonl")) for line in f.read_text("utf-8").splitlines()]


@pytest.fixture(scope="module")
def tables(client, sources, tmp_path_factory):
    """The Parquet tables of a cluster run over the sources, and its report."""
    out = tmp_path_factory.mktemp("tables")
    return out, engine.extract(sources, str(out), client, size=8)


def test_dask_run_gives_the_rows_of_a_local_run(client, sources, local_records, tables, tmp_path):
    in_order = list(engine.process_all(sources, client))
    assert in_order == local_records  # stdout of --engine dask: the same records, the same order

    out, report = tables
    assert report.documents == len(sources) and not report.failed and report.parts > 2
    expected = to_tables(local_records)
    for table in TABLES:
        assert canonical(table_rows(out, table)) == canonical(expected[table].to_pylist()), table

    engine.extract(sources[:20], str(tmp_path), client, fmt="jsonl", size=8)
    assert canonical(jsonl_records(tmp_path)) == canonical(local_records[:20])


def test_tables_are_filed_by_month(sources, tables):
    out, _ = tables
    months = {p.name for p in (out / "documents").iterdir()}
    dated = [s for s in sources if s.date]
    assert {f"month={s.date:%Y-%m}" for s in dated} <= months
    assert ("month=__HIVE_DEFAULT_PARTITION__" in months) == (len(dated) < len(sources))
    data = dataset(str(out), "documents").to_table().to_pylist()
    assert all(r["month"] == (f"{r['date']:%Y-%m}" if r["date"] else None) for r in data)


def test_second_run_skips_every_partition(client, sources, tables, tmp_path):
    shutil.copytree(tables[0], tmp_path, dirs_exist_ok=True)
    first = tables[1]
    stamps = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*.parquet")}
    again = engine.extract(sources, str(tmp_path), client, size=8)
    assert (again.parts, again.skipped_parts, again.skipped_documents) == (0, first.parts, len(sources))
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*.parquet")} == stamps

    # a document dropped from the input (one that ends no partition): only its partition runs
    # again, and the old one is removed
    drop = next(i for i, s in enumerate(sources) if zlib.crc32(s.id.encode()) % 8)
    fewer = sources[:drop] + sources[drop + 1:]
    third = engine.extract(fewer, str(tmp_path), client, size=8)
    assert third.parts == 1 and third.removed_parts == 1 and third.skipped_parts == first.parts - 1
    ids = [r["doc_id"] for r in table_rows(tmp_path, "documents")]
    assert sorted(ids) == sorted(s.id for s in fewer)


class Fussy:
    """A recognizer that finds nothing and fails on one document, as a bad input would."""

    def __call__(self, text: str) -> list[dict]:
        if "💣" in text:
            raise ValueError("cannot read this one")
        return []


def test_bad_document_gives_its_error_row_and_the_rest_is_stored(client, tmp_path):
    docs = [Source(f"d{i}", f"d{i}.txt", f"Документ номер {i}. 💣" if i == 3 else f"Документ номер {i}.")
            for i in range(6)]
    report = engine.extract(docs, str(tmp_path), client, Pipeline(recognizer=Fussy()), size=1000)
    assert report.parts == 1 and [e[0] for e in report.errors] == ["d3"]
    rows = {r["doc_id"]: r for r in table_rows(tmp_path, "documents")}
    assert sorted(rows) == [f"d{i}" for i in range(6)]
    assert "cannot read this one" in rows["d3"]["error"] and rows["d3"]["text"] is None
    assert all(rows[f"d{i}"]["error"] is None and rows[f"d{i}"]["text"] for i in (0, 1, 2, 4, 5))


def test_a_worker_killed_mid_run_and_the_run_still_completes(client, sources, tmp_path):
    sources = sources[:48]
    pids = list(client.run(os.getpid).values())
    killed = []

    def on_part(report):
        if not killed:  # one partition done, the next ones in flight: the worker dies mid-task
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])

    report = engine.extract(sources, str(tmp_path), client, size=4, on_part=on_part)
    assert killed and not report.failed_parts and report.documents == len(sources)
    assert pids[0] not in client.run(os.getpid).values()  # the nanny started a new worker process
    ids = [r["doc_id"] for r in table_rows(tmp_path, "documents")]
    assert sorted(ids) == sorted(s.id for s in sources)  # every document once


def test_each_worker_loads_the_models_once_with_one_blas_thread(client, sources):
    spec = Pipeline().spec
    list(engine.process_all(sources[:4], client, size=1))
    same = client.run(lambda: id(engine.worker_pipeline(spec)) == id(engine.worker_pipeline(spec)))
    assert all(same.values())
    models = client.run(lambda: len({id(p.models) for p in engine._pipelines.values()}))
    assert set(models.values()) == {1}
    blas = client.run(lambda: {v: os.environ.get(v) for v in engine.BLAS_VARS})
    assert all(set(b.values()) == {"1"} for b in blas.values())


def test_ingest_through_the_cluster_stores_what_a_local_ingest_stores(client, shared, local_records, tmp_path):
    from svodka.kb import KnowledgeBase
    files = sorted(str(f) for f in (shared / "data" / "nerel" / "dev").glob("*.txt"))[:12]
    with KnowledgeBase(tmp_path / "dask.db") as kb:
        report = kb.ingest(files, runner=engine.Runner(client, 4))
        assert len(report.added) == 12 and not report.failed
        from_cluster = {d: kb.document(d) for d in report.added}
    with KnowledgeBase(tmp_path / "local.db") as kb:
        kb.add(r for r in local_records if r["source"] in files)
        assert {d: kb.document(d) for d in from_cluster} == from_cluster


def test_ingest_into_postgresql_is_written_by_the_workers(client, shared, local_records, tmp_path):
    """Into a server database the workers write each batch themselves: the client gets outcomes,
    not documents, and the knowledge base holds what a local ingest into a file holds; a second
    run finds everything unchanged."""
    import uuid

    from conftest import TEST_SERVER, drop_schemas, server_reachable
    from svodka.kb import KnowledgeBase
    from svodka.kb.ingest import Written
    server_reachable()
    schema = f"test_dask_{uuid.uuid4().hex[:12]}"
    files = sorted(str(f) for f in (shared / "data" / "nerel" / "dev").glob("*.txt"))[:12]
    seen = []
    runner = engine.Runner(client, 4)
    try:
        with KnowledgeBase(f"{TEST_SERVER}?schema={schema}") as kb:
            report = kb.ingest(files, runner=lambda *a: (seen.append(r) or r for r in runner(*a)))
            assert len(report.added) == 12 and not report.failed
            assert all(isinstance(r, Written) for r in seen)
            from_cluster = {d: kb.document(d) for d in report.added}
            again = kb.ingest(files, runner=runner)
            assert len(again.skipped) == 12 and not again.added
        with KnowledgeBase(tmp_path / "local.db") as kb:
            kb.add(r for r in local_records if r["source"] in files)
            local = {d: kb.document(d) for d in from_cluster}
        # workers commit their batches in the order they finish, so KB ids are numbered in
        # another order than one process gives them: compare which mentions share a KB entity
        assert without_kb_ids(local) == without_kb_ids(from_cluster)
        assert kb_groups(local) == kb_groups(from_cluster)
    finally:
        drop_schemas([schema])


def without_kb_ids(docs: dict) -> dict:
    return {d: {**doc, "entities": [{k: v for k, v in e.items() if k != "kb_id"} for e in doc["entities"]]}
            for d, doc in docs.items()}


def kb_groups(docs: dict) -> set[frozenset]:
    groups: dict[int, set] = {}
    for d, doc in docs.items():
        for e in doc["entities"]:
            groups.setdefault(e["kb_id"], set()).add((d, e["id"]))
    return {frozenset(g) for g in groups.values()}
