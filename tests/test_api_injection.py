"""Injection attempts in every parameter the API and the dashboard take do nothing.

The parameters are read from the OpenAPI schema, so a parameter added later
without a valid value here fails the test instead of going unchecked.  Each
hostile value (SQL, script, path traversal, header splitting, format strings,
NUL bytes, very long and out-of-range values) goes into one parameter at a time,
the others valid.  Every answer must be a clear 2xx or 4xx (never a 500), no
page may carry a script back unescaped, no header may be split; afterwards the
warehouse file is byte-for-byte unchanged, the shelter database is whole, and
the official figures still come back.
"""

from __future__ import annotations

import copy
import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient

from borderflow.server import ApiSettings, create_app
from tests.servers import organisations

HOSTILE = [
    "x'); DROP TABLE observation; --",
    "' OR '1'='1",
    "<script>alert('bf')</script>",
    "../../../../etc/passwd",
    "x\r\nX-Injected: 1",
    "{0.__class__.__mro__}%s%n${jndi:ldap://x}",
    "a\x00b",
    "A" * 5000,
    "99999999999999999999999",
    "-1",
]
SCRIPT = "<script>alert('bf')</script>"

#: a valid value for every parameter in the OpenAPI schema
VALID: dict[str, Any] = {
    "old": "5", "new": "6", "limit": 10, "where": "region=sw", "by": "region",
    "from": "2023-10", "to": "2023-12", "fy": 2024, "as_of": "2024-06-01", "source": "cbp_state",
    "format": "json", "name": "Tucson", "measure": "encounters", "month": "2023-08",
    "since": "2024-01", "panel": "sectors", "horizon": 2, "org": "alpha", "site": "main",
}
#: parameters left out of the valid request (they exclude another), still tried one by one
LEFT_OUT = {"fy"}
#: a valid body for every operation that takes one, and the string fields in it
BODIES: dict[tuple[str, str], tuple[dict[str, Any], list[tuple[Any, ...]]]] = {
    ("post", "/api/claims"): ({"text": "In August 2023 the Border Patrol recorded 181,054 "
                                       "encounters at the southwest border.",
                               "date": "2023-09-22"}, [("text",), ("date",)]),
    ("put", "/api/orgs/{org}/sites/{site}"): ({"name": "Main", "beds": 40}, [("name",)]),
    ("post", "/api/orgs/{org}/sites/{site}/records"): (
        {"records": [{"day": "2024-03-01", "arrivals": 12}]}, [("records", 0, "day")]),
    ("post", "/api/orgs/{org}/tokens"): ({"role": "viewer"}, [("role",)]),
    ("post", "/api/plan"): ({"sites": [{"name": "Main", "beds": 50, "kind": "permanent"}],
                             "arrivals": [20] * 14, "last_day": "2024-03-01",
                             "mean_stay_nights": 2, "horizon": 7, "paths": 200,
                             "scenarios": ["surge:+5@2024-03-04"]},
                            [("sites", 0, "name"), ("sites", 0, "kind"), ("last_day",),
                             ("scenarios", 0)]),
}
#: the dashboard's pages (not in the API schema): GET parameters and form fields
PAGES: list[tuple[str, str, dict[str, Any]]] = [
    ("get", "/explorer", {"by": "region", "region": "", "component": "", "from": "2023-10",
                          "to": "2024-09"}),
    ("get", "/sector/{name}", {"name": "Tucson"}),
    ("get", "/forecasts", {"series": "Southwest"}),
    ("get", "/releases", {"old": "5", "new": "6"}),
    ("post", "/claims", {"text": "Agents made 181,054 apprehensions in August 2023.",
                         "date": "2023-09-22"}),
    ("post", "/capacity", {"beds": 100, "overflow": 20, "overflow_day": 2, "arrivals": 30,
                           "stay": 2, "departures": 30, "occupancy": 60, "surge": 0}),
]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def served(official_home: Path, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[tuple[TestClient, str, Path]]:
    db = tmp_path_factory.mktemp("shelters") / "shelters.sqlite"
    (token,) = organisations(db, "alpha")
    app = create_app(ApiSettings(warehouse=official_home / "warehouse.duckdb", shelters=db,
                                 max_failed_logins=10_000))
    with TestClient(app, raise_server_exceptions=False) as client:
        client.put("/api/orgs/alpha/sites/main", json={"name": "Main", "beds": 40},
                   headers={"Authorization": f"Bearer {token}"})
        # a spare token for the revocation route's valid request (not the one tests use)
        spare = client.post("/api/orgs/alpha/tokens", json={"role": "viewer"},
                            headers={"Authorization": f"Bearer {token}"}).json()["token"]
        VALID["hint"] = hashlib.sha256(spare.encode()).hexdigest()[:8]
        yield client, token, db


def _request(client: TestClient, method: str, template: str, params: dict[str, Any],
             body: dict[str, Any] | None, token: str, form: bool = False) -> httpx.Response:
    path = template
    query: dict[str, Any] = {}
    for name, value in params.items():
        if "{" + name + "}" in path:
            path = path.replace("{" + name + "}", quote(str(value), safe=""))
        else:
            query[name] = value
    headers = {"Authorization": f"Bearer {token}"} if "/orgs/" in template else {}
    if form:
        return client.request(method, path, data=params, headers=headers)
    return client.request(method, path, params=query, json=body, headers=headers)


def _check(r: httpx.Response, what: str) -> None:
    assert r.status_code < 500, f"{what}: {r.status_code} {r.text[:300]}"
    if "html" in r.headers.get("content-type", ""):
        assert SCRIPT not in r.text, f"{what}: the script came back unescaped"
    assert "x-injected" not in {k.lower() for k in r.headers}, f"{what}: a header was split"
    if r.status_code >= 400 and "json" in r.headers.get("content-type", ""):
        assert r.json().get("error"), f"{what}: an error without a message"


def test_every_api_parameter(served: tuple[TestClient, str, Path], official_home: Path) -> None:
    client, token, db = served
    warehouse = official_home / "warehouse.duckdb"
    before = _sha(warehouse)
    schema = client.get("/openapi.json").json()
    tried = 0
    for template, operations in schema["paths"].items():
        for method, op in operations.items():
            names = [p["name"] for p in op.get("parameters", [])]
            assert set(names) <= set(VALID), f"{method} {template}: no valid value for a parameter"
            body, fields = BODIES.get((method, template), (None, []))
            assert ("requestBody" in op) == (body is not None), f"{method} {template}: body"
            base = {n: VALID[n] for n in names if n not in LEFT_OUT}
            ok = _request(client, method, template, base, body, token)
            assert ok.status_code < 300, f"{method} {template} with valid input: {ok.text[:300]}"
            for name in names:
                for value in HOSTILE:
                    r = _request(client, method, template, {**base, name: value}, body, token)
                    _check(r, f"{method} {template} {name}={value[:40]!r}")
                    tried += 1
            for field in fields:
                for value in HOSTILE:
                    hostile = copy.deepcopy(body)
                    target: Any = hostile
                    for key in field[:-1]:
                        target = target[key]
                    target[field[-1]] = value
                    r = _request(client, method, template, base, hostile, token)
                    _check(r, f"{method} {template} body {field}={value[:40]!r}")
                    tried += 1
    assert tried > 300
    # nothing changed, nothing broke
    assert _sha(warehouse) == before
    doc = client.get("/api/query", params={"where": "region=sw", "by": "fy",
                                           "fy": [2023, 2024]}).json()
    assert [r["encounters"] for r in doc["rows"]] == [2_475_669, 2_135_005]
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"org", "site", "record", "audit"} <= tables
        assert con.execute("SELECT count(*) FROM org").fetchone() == (1,)


def test_every_page_parameter(served: tuple[TestClient, str, Path], official_home: Path) -> None:
    client, token, _ = served
    before = _sha(official_home / "warehouse.duckdb")
    for method, template, params in PAGES:
        ok = _request(client, method, template, params, None, token, form=method == "post")
        assert ok.status_code == 200 and ("<table" in ok.text or "verdict" in ok.text), template
        for name in params:
            for value in HOSTILE:
                r = _request(client, method, template, {**params, name: value}, None, token,
                             form=method == "post")
                _check(r, f"{method} {template} {name}={value[:40]!r}")
    assert _sha(official_home / "warehouse.duckdb") == before
