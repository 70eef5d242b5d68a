"""The write side of the API: a write, its read and its audit (refusals, tokens and kills are
red-team cases in tests/red_team_api.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from borderflow.server import ApiSettings, create_app
from tests.servers import organisations


@pytest.fixture
def setup(official_home: Path, tmp_path: Path) -> Iterator[tuple[TestClient, str, str]]:
    db = tmp_path / "shelters.sqlite"
    alpha, beta = organisations(db, "alpha", "beta")
    app = create_app(ApiSettings(warehouse=official_home / "warehouse.duckdb", shelters=db,
                                 max_failed_logins=5))
    with TestClient(app) as client:
        yield client, alpha, beta


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


DAY = {"records": [{"day": "2024-03-01", "arrivals": 120, "departures": 100,
                    "occupancy": 340}]}


def test_write_read_and_audit(setup: tuple[TestClient, str, str]) -> None:
    client, alpha, _ = setup
    r = client.put("/api/orgs/alpha/sites/main", json={"name": "Main", "beds": 400},
                   headers=auth(alpha))
    assert r.status_code == 200
    assert client.post("/api/orgs/alpha/sites/main/records", json=DAY,
                       headers=auth(alpha)).json() == {"stored": 1}
    rows = client.get("/api/orgs/alpha/sites/main/records", headers=auth(alpha)).json()
    assert [(r["day"], r["arrivals"], r["occupancy"]) for r in rows] == [("2024-03-01", 120, 340)]
    log = client.get("/api/orgs/alpha/audit", headers=auth(alpha)).json()
    assert [e["action"] for e in log] == ["create org", "put site", "submit records"]
    # the audit keeps the values written, not only that a write happened
    assert '"arrivals": 120' in log[-1]["detail"] and '"occupancy": 340' in log[-1]["detail"]
