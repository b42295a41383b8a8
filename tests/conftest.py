"""Shared fixtures: one pipeline for the whole session (models load once), and the paths of the
annotated data in ../shared, which tests skip without."""
from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_d541d46272f33c54.txt"


@pytest.fixture(scope="session")
def pipeline():
    from svodka.pipeline import Pipeline
    return Pipeline()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "data").is_dir():
        pytest.skip(f"annotated data not found at {SHARED / 'data'}: these tests need ../shared beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def seed_doc(pipeline):
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED}")
    from svodka.read import iter_sources
    (src,) = list(iter_sources([str(SEED)]))
    return pipeline.process(src)


# Every store backend the knowledge-base tests run against; each test gets an empty store.
BACKENDS = ("sqlite", "postgres")
# The PostgreSQL server the "postgres" backend's tests use (.ci/run starts it); each store gets a
# schema of its own there, dropped when the module's tests end. Unreachable, they fail: no skip.
TEST_SERVER = os.environ.get("SVODKA_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def new_location(backend, tmp_path_factory):
    """A function giving a fresh, empty knowledge-base location of this module's backend."""
    if backend == "sqlite":
        yield lambda name="kb": str(tmp_path_factory.mktemp(name) / f"{name}.db")
        return
    schemas: list[str] = []

    def make(name: str = "kb") -> str:
        schemas.append(f"test_{re.sub(r'[^a-z0-9_]', '_', name.lower())}_{uuid.uuid4().hex[:12]}")
        return f"{TEST_SERVER}?schema={schemas[-1]}"

    server_reachable()
    yield make
    drop_schemas(schemas)


def server_reachable() -> None:
    import psycopg
    try:
        psycopg.connect(TEST_SERVER, connect_timeout=5).close()
    except psycopg.OperationalError as e:
        pytest.fail(f"PostgreSQL tests need a server at {TEST_SERVER} (.ci/run starts one; "
                    f"$SVODKA_TEST_POSTGRES names another): {str(e).strip().splitlines()[0]}", pytrace=False)


def drop_schemas(schemas: list[str]) -> None:
    import psycopg
    from psycopg import sql
    with psycopg.connect(TEST_SERVER, autocommit=True) as con:
        for schema in schemas:
            con.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
