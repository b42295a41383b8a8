"""Shared fixtures: one pipeline for the whole session (models load once), and the paths of the
annotated data in ../shared, which tests skip without."""
from __future__ import annotations

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
BACKENDS = ("sqlite",)


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def new_location(backend, tmp_path_factory):
    """A function giving a fresh, empty knowledge-base location of this module's backend."""
    def make(name: str = "kb") -> str:
        return str(tmp_path_factory.mktemp(name) / f"{name}.db")
    return make
