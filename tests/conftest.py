"""Shared fixtures: the official files (required, never skipped) and fixture writers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from borderflow.store import Warehouse


def shared_data_dir() -> Path:
    """The official files: ``$BORDERFLOW_DATA_DIR``, else ../shared/data/raw beside the repo.

    Missing data fails the test loudly: these tests are the oracle checks.
    """
    env = os.environ.get("BORDERFLOW_DATA_DIR")
    path = Path(env) if env else Path(__file__).resolve().parents[2] / "shared" / "data" / "raw"
    if not (path / "cbp_nationwide_state").is_dir():
        pytest.fail(f"official data not found at {path}: set BORDERFLOW_DATA_DIR", pytrace=False)
    return path


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return shared_data_dir()


@pytest.fixture(scope="session")
def official_home(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A BORDERFLOW_HOME whose warehouse holds every official file, built once."""
    home = tmp_path_factory.mktemp("home")
    with Warehouse(home / "warehouse.duckdb") as wh:
        wh.ingest([data_dir])
    return home


@pytest.fixture(scope="session")
def warehouse(official_home: Path) -> Iterator[Warehouse]:
    """That warehouse, opened read-only (the CLI may open it too, in the same process)."""
    wh = Warehouse(official_home / "warehouse.duckdb", read_only=True)
    yield wh
    wh.close()
