"""The write side of the API: tokens, roles, organisations, validation, audit, durability."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from borderflow.server import ApiSettings, create_app
from tests.servers import free_port, organisations, served_home, serving


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


def test_refusals(setup: tuple[TestClient, str, str]) -> None:
    client, alpha, beta = setup
    client.put("/api/orgs/alpha/sites/main", json={"name": "Main", "beds": 400},
               headers=auth(alpha))
    url = "/api/orgs/alpha/sites/main/records"
    assert client.post(url, json=DAY).status_code == 401
    assert client.post(url, json=DAY, headers=auth("wrong")).status_code == 401
    other = client.post(url, json=DAY, headers=auth(beta))
    assert other.status_code == 403 and "belongs to 'beta'" in other.json()["error"]
    viewer = client.post("/api/orgs/alpha/tokens", json={"role": "viewer"},
                         headers=auth(alpha)).json()["token"]
    assert client.post(url, json=DAY, headers=auth(viewer)).status_code == 403
    assert client.get(url, headers=auth(viewer)).status_code == 200
    assert client.get("/api/orgs/alpha/audit", headers=auth(viewer)).status_code == 403
    missing_site = client.post("/api/orgs/alpha/sites/nope/records", json=DAY,
                               headers=auth(alpha))
    assert missing_site.status_code == 403
    bad = client.post(url, json={"records": [{"day": "2024-03-01", "arrivals": -5}]},
                      headers=auth(alpha))
    assert bad.status_code == 422
    assert client.post(url, content=b"{oops", headers={**auth(alpha), "content-type":
                                                        "application/json"}).status_code == 422
    assert client.get(url, headers=auth(alpha)).json() == []  # nothing half-written


def test_token_guessing_is_rate_limited(setup: tuple[TestClient, str, str]) -> None:
    client, alpha, _ = setup
    url = "/api/orgs/alpha/audit"
    codes = [client.get(url, headers=auth(f"guess-{i}")).status_code for i in range(7)]
    assert codes == [401] * 5 + [429, 429]
    # a valid token is never locked out, even from the address that guessed
    assert client.get(url, headers=auth(alpha)).status_code == 200
    assert client.get(url, headers=auth("guess-again")).status_code == 429
    # a made-up X-Forwarded-For is not believed: still the same address
    spoof = client.get(url, headers={**auth("guess-x"), "X-Forwarded-For": "10.9.9.9"})
    assert spoof.status_code == 429
    denied = [e for e in client.get(url, headers=auth(alpha)).json()
              if e["action"] == "denied: read audit"]
    assert len(denied) == 9 and all('"reason": "unknown token"' in e["detail"] for e in denied)


def test_tokens_expire_and_are_revoked(setup: tuple[TestClient, str, str],
                                      tmp_path: Path) -> None:
    client, alpha, _ = setup
    made = client.post("/api/orgs/alpha/tokens", json={"role": "editor", "days": 30},
                       headers=auth(alpha))
    token = made.json()["token"]
    url = "/api/orgs/alpha/sites/main/records"
    assert client.get(url, headers=auth(token)).status_code == 200
    log = client.get("/api/orgs/alpha/audit", headers=auth(alpha)).json()
    hint = next(e for e in log if e["action"] == "issue token")["detail"].split('"token": "')[1][:8]
    assert client.delete(f"/api/orgs/alpha/tokens/{hint}", headers=auth(token)).status_code == 403
    gone = client.delete(f"/api/orgs/alpha/tokens/{hint}", headers=auth(alpha))
    assert gone.json() == {"revoked": 1}
    after = client.get(url, headers=auth(token))
    assert (after.status_code, after.json()["error"]) == (401, "this token was revoked")
    actions = [e["action"] for e in client.get("/api/orgs/alpha/audit",
                                               headers=auth(alpha)).json()]
    assert actions[-2:] == ["revoke token", "denied: read records"]
    # an expired token is refused with what to do
    import sqlite3

    db = tmp_path / "shelters.sqlite"
    with sqlite3.connect(db) as con:
        con.execute("UPDATE token SET expires_at = '2000-01-01T00:00:00+00:00' "
                    "WHERE revoked_at IS NULL AND role = 'admin'")
    expired = client.get("/api/orgs/alpha/audit", headers=auth(alpha))
    assert expired.status_code == 401 and "expired" in expired.json()["error"]


def test_injection_in_path_and_body(setup: tuple[TestClient, str, str]) -> None:
    client, alpha, _ = setup
    site = "x'); DROP TABLE record; --"
    r = client.put(f"/api/orgs/alpha/sites/{site}", json={"name": "<script>", "beds": 1},
                   headers=auth(alpha))
    assert r.status_code == 200 and r.json()["site"] == site
    assert client.post(f"/api/orgs/alpha/sites/{site}/records", json=DAY,
                       headers=auth(alpha)).json() == {"stored": 1}


def test_acknowledged_writes_survive_a_kill(official_home: Path, tmp_path: Path) -> None:
    home, token = served_home(official_home, tmp_path, "alpha")
    port = free_port()
    with serving(home, port, kill=True) as base:
        site = base + "/api/orgs/alpha/sites/main"
        httpx.put(site, json={"name": "Main", "beds": 10}, headers=auth(token))
        days = [{"day": f"2024-03-{d:02d}", "arrivals": d} for d in range(1, 29)]
        acks = [httpx.post(site + "/records", json={"records": [day]}, headers=auth(token))
                for day in days]
        assert all(a.status_code == 201 for a in acks)
    with serving(home, port, kill=True) as base:
        rows = httpx.get(base + "/api/orgs/alpha/sites/main/records", headers=auth(token)).json()
    assert [r["arrivals"] for r in rows] == list(range(1, 29))
