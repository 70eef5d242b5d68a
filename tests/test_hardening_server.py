"""Hardening of what the server sends and how much work one request can cause."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from borderflow.exports import to_csv
from borderflow.server import ApiSettings, create_app

PLAN = {"sites": [{"name": "Main", "beds": 400}], "arrivals": [300.0] * 14,
        "last_day": "2024-03-14", "mean_stay_nights": 2.0, "horizon": 14, "paths": 500}


@pytest.fixture(scope="module")
def client(official_home: Path) -> Iterator[TestClient]:
    with TestClient(create_app(ApiSettings(warehouse=official_home / "warehouse.duckdb"))) as c:
        yield c


def test_security_headers_on_pages_and_api(client: TestClient) -> None:
    for url in ("/", "/api/releases", "/no-such-page"):
        r = client.get(url)
        assert r.headers["x-content-type-options"] == "nosniff", url
        assert r.headers["x-frame-options"] == "DENY", url
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, url
        assert "script-src 'self';" in csp, url  # no inline script on any page
    docs = client.get("/docs").headers["content-security-policy"]
    assert "script-src 'self' 'unsafe-inline'" in docs  # Swagger UI's start-up script


def test_csv_cells_are_never_formulas() -> None:
    text = to_csv(["area", "delta"], [{"area": "=HYPERLINK(\"x\")", "delta": -3},
                                      {"area": "+1+1", "delta": 5},
                                      {"area": "@SUM(A1)", "delta": 0}])
    assert text.splitlines() == ["area,delta", '"\'=HYPERLINK(""x"")",-3', "'+1+1,5",
                                 "'@SUM(A1),0"]


def test_no_server_paths_in_public_answers(client: TestClient) -> None:
    releases = client.get("/api/releases").json()
    assert all("/" not in r["origin"] for r in releases)
    assert releases[0]["origin"] == releases[0]["file_name"]
    q = client.get("/api/query", params={"where": "region=sw", "fy": 2023}).json()
    assert all("/" not in r["origin"] for r in q["releases"])


def test_plan_over_its_work_budget_is_refused_before_it_runs(client: TestClient) -> None:
    body = {**PLAN, "paths": 20_000, "horizon": 180, "mean_stay_nights": 365,
            "arrivals": [300.0] * 30, "last_day": "2024-03-30"}
    r = client.post("/api/plan", json=body)
    assert r.status_code == 422
    assert "over the limit of 100,000,000" in r.json()["error"]
    assert "use at most" in r.json()["error"]


def test_computing_requests_have_a_wall_clock_limit(official_home: Path) -> None:
    app = create_app(ApiSettings(warehouse=official_home / "warehouse.duckdb",
                                 time_limit=0.001))
    with TestClient(app) as c:
        # a fraction of a second of simulation (within the work budget) against 1 ms
        r = c.post("/api/plan", json={**PLAN, "paths": 5_000, "horizon": 60,
                                      "arrivals": [300.0] * 30, "last_day": "2024-03-30"})
        assert r.status_code == 503
        assert r.json()["error"].startswith("this took longer than 0.001 s and was stopped")
        assert c.get("/api/health").json()["status"] == "ok"  # reads still answer


def test_request_heads_are_bounded_on_the_real_server(official_home: Path,
                                                      tmp_path: Path) -> None:
    import socket
    import time

    import httpx

    from tests.servers import served_home, serving

    home, _ = served_home(official_home, tmp_path, "alpha")
    with serving(home) as base:
        port = int(base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 200_000)
            answer = b""
            while chunk := sock.recv(4096):
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 431 ")
        # a head trickled in and never finished is cut off (HEAD_TIMEOUT_S, 10 s)
        with socket.create_connection(("127.0.0.1", port), timeout=30) as slow:
            slow.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\n")
            started = time.monotonic()
            assert slow.recv(4096) == b""  # closed by the server, nothing answered
            assert 5 < time.monotonic() - started < 25
        ok = httpx.get(base + "/api/health", headers={"X-Small": "a" * 8_000})
        assert ok.status_code == 200  # an ordinary large-ish head is fine
        # a made-up X-Forwarded-For is not the client's address without --proxy
        assert httpx.get(base + "/api/health").json()["status"] == "ok"


def test_ingest_while_serving_switches_the_server_over(official_home: Path,
                                                       tmp_path: Path) -> None:
    import shutil
    import time

    import httpx
    from typer.testing import CliRunner

    from borderflow.cli import app
    from tests.fixtures import STATE_HEADER, state_rows, write_csv
    from tests.servers import serving

    home = tmp_path / "home"
    home.mkdir()
    shutil.copy2(official_home / "warehouse.duckdb", home / "warehouse.duckdb")
    extra = write_csv(tmp_path / "nationwide-encounters-fy24-fy24-oct-state.csv", STATE_HEADER,
                      state_rows(months=("OCT",)))
    with serving(home) as base:
        assert httpx.get(base + "/api/health").json()["releases"] == 25
        before = httpx.get(base + "/api/releases").json()
        result = CliRunner().invoke(app, ["ingest", str(extra), "--home", str(home)])
        assert result.exit_code == 0, result.output
        assert "writing to a copy" in result.output
        deadline = time.monotonic() + 20
        while httpx.get(base + "/api/health").json()["releases"] != 26:
            assert time.monotonic() < deadline, "the server never switched to the new file"
            time.sleep(0.5)
        after = httpx.get(base + "/api/releases").json()  # not the cached answer from before
        assert len(after) == len(before) + 1
    assert not (home / "warehouse.duckdb.next").exists()


@pytest.mark.parametrize(("body", "status", "message"), [
    ({"scenarios": ["stay:x1e12"]}, 400, "stays can be multiplied by more than 0 and at most 20"),
    ({"scenarios": ["surge:+nan"]}, 400, "a surge of 1,000,000.0 a day at the most"),
    ({"arrivals": [1e300] * 14}, 422, "Input should be less than or equal to 1000000"),
])
def test_plan_inputs_out_of_range_are_refused(client: TestClient, body: dict[str, object],
                                              status: int, message: str) -> None:
    r = client.post("/api/plan", json={**PLAN, **body})
    assert r.status_code == status and message in r.json()["error"]


def test_nan_in_a_request_body_is_refused_not_a_server_error(client: TestClient) -> None:
    raw = (b'{"sites":[{"name":"M","beds":100}],"arrivals":[NaN,1,1,1,1,1,1,1],'
           b'"last_day":"2024-03-14","mean_stay_nights":2}')
    r = client.post("/api/plan", content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert r.json()["error"] == "invalid request: body.arrivals.0: Input should be a finite number"
