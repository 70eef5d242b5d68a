"""Red team: the server. API bodies, auth, headers and outputs; each case asserts the status
and the message (cases registered in tests/redteam.py, run by tests/test_red_team.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from borderflow.exports import to_csv
from borderflow.server import ApiSettings, create_app
from tests.redteam import add, case
from tests.servers import free_port, served_home, serving

PLAN = {"sites": [{"name": "Main", "beds": 400}], "arrivals": [300.0] * 14,
        "last_day": "2024-03-14", "mean_stay_nights": 2.0, "horizon": 14, "paths": 500}
DAY = {"records": [{"day": "2024-03-01", "arrivals": 120, "departures": 100,
                    "occupancy": 340}]}
FORM = {"beds": "10", "overflow": "0", "overflow_day": "0", "arrivals": "1000000",
        "stay": "365", "departures": "0", "occupancy": "0", "surge": "0"}


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# ---------------------------------------------------------------- API bodies, as a table
def answer(client: TestClient, method: str, url: str, status: int, fragment: str,
           body: Any = None, raw: bytes | None = None, form: dict[str, str] | None = None
           ) -> None:
    """One request; its status, and ``fragment`` in its error (or, for a 200, its body)."""
    if raw is not None:
        r = client.request(method, url, content=raw,
                           headers={"content-type": "application/json"})
    elif form is not None:
        r = client.request(method, url, data=form)
    else:
        r = client.request(method, url, json=body)
    assert r.status_code == status, r.text[:300]
    text = r.json()["error"] if r.headers.get("content-type") == "application/json" \
        and status >= 400 else r.text
    assert fragment in text, text[:300]
    assert "Traceback" not in r.text


Q = "/api/query?where=region=southwest&fy=2023"
API: list[tuple[str, str, str, str, int, str, dict[str, Any]]] = [
    # id, what, method, url, status, fragment, body
    ("A10", "`by=month` in JSON answers by month (it was a 500)", "GET", Q + "&by=month", 200,
     '{"month":"2022-10-01","encounters":231529,"releases":[24]}', {}),
    ("A11", "an unknown dimension in `where` is refused naming the parameter and pattern",
     "GET", "/api/query?where=nosuch=1", 422,
     "invalid request: query.where.0: String should match pattern '^(region|", {}),
    ("A12", "a `where` without a value is refused", "GET", "/api/query?where=region", 422,
     "invalid request: query.where.0: String should match pattern", {}),
    ("A13", "fy=99999 is refused with the years there are", "GET",
     "/api/query?where=region=southwest&fy=99999", 400,
     "year 99999 is out of range; ask for 1950 to 2100", {}),
    ("A14", "an unknown format is refused listing the formats", "GET", Q + "&format=xml", 422,
     "query.format: Input should be 'json', 'csv', 'hxl' or 'parquet'", {}),
    ("A15", "an as-of date before any release is 404, said so", "GET", Q + "&as_of=1900-01-01",
     404, "no release in the warehouse had been published by 1900-01-01", {}),
    ("A16", "an unknown grouping is refused listing the groupings", "GET", Q + "&by=nosuch",
     422, "query.by.0: Input should be 'region', 'component'", {}),
    ("A17", "a diff of unknown releases is 404 with what to do", "GET",
     "/api/releases/999/diff/1000", 404, "no release '999'; `borderflow releases` lists them",
     {}),
    ("A18", "a diff of a non-numeric release is 404", "GET", "/api/releases/abc/diff/1", 404,
     "no release 'abc'", {}),
    ("A19", "an unknown series is refused listing the series", "GET", "/api/series/nope", 400,
     "unknown series 'nope'; choose from southwest, nation, Big Bend", {}),
    ("A20", "a forecast horizon of 13 is refused (at most 12)", "GET",
     "/api/forecasts?horizon=13", 422,
     "query.horizon: Input should be less than or equal to 12", {}),
    ("A21", "an unknown forecast panel is refused listing the panels", "GET",
     "/api/forecasts?panel=nope", 422,
     "query.panel: Input should be 'sectors', 'components' or 'demographics'", {}),
    ("A22", "month 13 in `since` is refused", "GET", "/api/alerts?since=2024-13", 400,
     "since '2024-13' is not a month; expected YYYY-MM", {}),
    ("A23", "year 0 in a brief's month is refused", "GET", "/api/brief?month=0000-01", 400,
     "month '0000-01' is not a month; expected YYYY-MM", {}),
    ("A24", "a brief for 2099 says where the figures run", "GET", "/api/brief?month=2099-01",
     404, "the figures asked for run from 1999-10 to 2026-07", {}),
    ("A25", "a claim about year 0001 is 'not checkable', not a traceback", "POST",
     "/api/claims", 200, '"verdict":"not checkable","interpretation":"CBP (Border Patrol and '
     'ports of entry) encounters at the southwest border, calendar year 1"',
     {"text": "In 0001 there were 5,000 encounters at the southwest border."}),
    ("A26", "a claims text over 200,000 characters is refused", "POST", "/api/claims", 422,
     "body.text: String should have at most 200000 characters", {"text": "x" * 200_001}),
    ("A27", "a claim's date in 9999 is refused naming the field and range", "POST",
     "/api/claims", 422, "body.date: Value error, expected a day from 1950-01-01 to 2100-12-31",
     {"text": "In October 2023 there were 5,000 encounters.", "date": "9999-12-31"}),
    ("A28", "claims text that is not a string is refused", "POST", "/api/claims", 422,
     "body.text: Input should be a valid string", {"text": 5}),
    ("A29", "a plan's last_day 9999-12-31 is refused naming the field (was 'date value out of "
     "range')", "POST", "/api/plan", 422,
     "body.last_day: Value error, expected a day from 1950-01-01 to 2100-12-31",
     {**PLAN, "last_day": "9999-12-31"}),
    ("A30", "a plan with no sites is refused", "POST", "/api/plan", 422,
     "body.sites: List should have at least 1 item", {**PLAN, "sites": []}),
    ("A31", "negative beds are refused", "POST", "/api/plan", 422,
     "body.sites.0.beds: Input should be greater than or equal to 0",
     {**PLAN, "sites": [{"name": "M", "beds": -1}]}),
    ("A32", "a horizon of 181 days is refused (at most 180)", "POST", "/api/plan", 422,
     "body.horizon: Input should be less than or equal to 180", {**PLAN, "horizon": 181}),
    ("A33", "20,001 paths are refused (at most 20,000)", "POST", "/api/plan", 422,
     "body.paths: Input should be less than or equal to 20000", {**PLAN, "paths": 20_001}),
    ("A34", "an unknown scenario is refused with the grammar", "POST", "/api/plan", 400,
     "scenario 'bogus' not understood; use surge:+N", {**PLAN, "scenarios": ["bogus"]}),
    ("A35", "three days of arrivals are refused (at least 7)", "POST", "/api/plan", 422,
     "body.arrivals: List should have at least 7 items", {**PLAN, "arrivals": [1.0] * 3}),
    ("A36", "an unknown field is refused by name", "POST", "/api/plan", 422,
     "body.beds: Extra inputs are not permitted", {**PLAN, "beds": "1e12"}),
    ("A37", "10^30 people tonight are refused (was a plan of 6.6e29 beds)", "POST",
     "/api/plan", 422, "body.occupancy: Input should be less than or equal to 1000000",
     {**PLAN, "occupancy": 10**30}),
    ("A38", "1e300 departures a day are refused", "POST", "/api/plan", 422,
     "body.departures_per_day: Input should be less than or equal to 1000000",
     {**PLAN, "departures_per_day": 1e300}),
]
for _id, _what, _method, _url, _status, _fragment, _body in API:
    add(_id, "API body", _what, answer, method=_method, url=_url, status=_status,
        fragment=_fragment, body=_body or None)
RAW: list[tuple[str, str, bytes, int, str]] = [
    ("A39", "a body that is not JSON is refused", b"{oops", 422,
     "invalid request: body.1: JSON decode error"),
    ("A40", "a JSON list for a plan is refused", b"[]", 422,
     "body: Input should be a valid dictionary"),
    ("A41", "a plan with every field wrong names each field", b'{"sites": 1}', 422,
     "body.sites: Input should be a valid list; body.arrivals: Field required; "
     "body.last_day: Field required; body.mean_stay_nights: Field required"),
    ("A42", "a body over 1 MB is refused with 413 before it is parsed", b"x" * (2 << 20), 413,
     "request body over 1,000,000 bytes"),
]
for _id, _what, _raw, _status, _fragment in RAW:
    add(_id, "API body", _what, answer, method="POST", url="/api/plan", status=_status,
        fragment=_fragment, raw=_raw)
add("A43", "API body", "the capacity form's out-of-range stay is shown again with what to "
    "correct", answer, method="POST", url="/capacity", status=422,
    fragment="Mean stay (nights): enter a number from 0.05 to 365",
    form={**FORM, "stay": "1e9"})
add("A44", "API body", "the capacity form at its largest (365-night stays, 10^6 a day) plans "
    "the 14 validated days within its budget (it took 28 s)", answer, method="POST",
    url="/capacity", status=200, fragment="Planned 14 days ahead, the horizon the planner was "
    "checked on", form=FORM)


@case("A01", "API body", "a plan over its work budget (20,000 paths x 180 days x 365-night "
      "stays) is refused with 422 before it runs, naming the limit and the most paths")
def plan_over_its_work_budget_is_refused_before_it_runs(client: TestClient) -> None:
    body = {**PLAN, "paths": 20_000, "horizon": 180, "mean_stay_nights": 365,
            "arrivals": [300.0] * 30, "last_day": "2024-03-30"}
    r = client.post("/api/plan", json=body)
    assert r.status_code == 422
    assert "over the limit of 100,000,000" in r.json()["error"]
    assert "use at most" in r.json()["error"]


@case("A02", "API body", "a plan past the wall-clock limit is 503, said so; reads still answer")
def computing_requests_have_a_wall_clock_limit(official_home: Path) -> None:
    app = create_app(ApiSettings(warehouse=official_home / "warehouse.duckdb",
                                 time_limit=0.001))
    with TestClient(app) as c:
        # a fraction of a second of simulation (within the work budget) against 1 ms
        r = c.post("/api/plan", json={**PLAN, "paths": 5_000, "horizon": 60,
                                      "arrivals": [300.0] * 30, "last_day": "2024-03-30"})
        assert r.status_code == 503
        assert r.json()["error"].startswith("this took longer than 0.001 s and was stopped")
        assert c.get("/api/health").json()["status"] == "ok"  # reads still answer


@case("A03", "API body", "stay:x1e12 is refused with the factor's range",
      body={"scenarios": ["stay:x1e12"]}, status=400,
      message="stays can be multiplied by more than 0 and at most 20")
@case("A04", "API body", "surge:+nan is refused with the surge's range",
      body={"scenarios": ["surge:+nan"]}, status=400,
      message="a surge of 1,000,000.0 a day at the most")
@case("A05", "API body", "arrivals of 1e300 are refused with the bound",
      body={"arrivals": [1e300] * 14}, status=422,
      message="Input should be less than or equal to 1000000")
def plan_inputs_out_of_range_are_refused(client: TestClient, body: dict[str, object],
                                         status: int, message: str) -> None:
    r = client.post("/api/plan", json={**PLAN, **body})
    assert r.status_code == status and message in r.json()["error"]


@case("A06", "API body", "NaN in a JSON body is 422 naming the field, never echoed (was a 500)")
def nan_in_a_request_body_is_refused_not_a_server_error(client: TestClient) -> None:
    raw = (b'{"sites":[{"name":"M","beds":100}],"arrivals":[NaN,1,1,1,1,1,1,1],'
           b'"last_day":"2024-03-14","mean_stay_nights":2}')
    r = client.post("/api/plan", content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert r.json()["error"] == "invalid request: body.arrivals.0: Input should be a finite number"


@case("A07", "API body", "a 400-digit number is no count of people: not read as one (it was "
      "'supported' against 240,927); the next figure in the text still is")
def claim_with_a_huge_number(client: TestClient) -> None:
    text = ("In October 2023 there were " + "9" * 400 + " encounters at the southwest border. "
            "In October 2023 there were 240,927 encounters at the southwest border.")
    r = client.post("/api/claims", json={"text": text})
    assert r.status_code == 200
    assert [(v["quantity"], v["verdict"]) for v in r.json()] == [("240,927", "supported")]


@case("A08", "API body", "6,000 distinct as-of dates keep at most one catalogue per published "
      "state, and never more than the cap (set to 4 here): the cap is reached, not passed")
def as_of_dates_share_a_bounded_cache(client: TestClient, monkeypatch: pytest.MonkeyPatch
                                      ) -> None:
    import datetime as dt

    from borderflow.store import warehouse as module

    monkeypatch.setattr(module, "_MAX_STATES", 4)
    wh = client.app.state.borderflow.warehouse  # type: ignore[attr-defined]
    states = set()
    day = dt.date(2009, 1, 1)
    for i in range(6_000):
        as_of = day + dt.timedelta(days=i)
        states.add(wh.state_of(as_of))
        wh.catalogue(as_of)
        assert len(wh._catalogues) <= 4
    assert len(states) > 4 and len(wh._catalogues) == 4


# ---------------------------------------------------------------- outputs
@case("O01", "output", "CSV cells starting = + - @ are quoted with ' (no formulas)")
def csv_cells_are_never_formulas() -> None:
    text = to_csv(["area", "delta"], [{"area": "=HYPERLINK(\"x\")", "delta": -3},
                                      {"area": "+1+1", "delta": 5},
                                      {"area": "@SUM(A1)", "delta": 0}])
    assert text.splitlines() == ["area,delta", '"\'=HYPERLINK(""x"")",-3', "'+1+1,5",
                                 "'@SUM(A1),0"]


@case("O02", "output", "HXL cells starting = - or a tab are quoted too; numbers are kept")
def hxl_cells_are_never_formulas() -> None:
    text = to_csv(["area", "n"], [{"area": "=1+1", "n": -3}, {"area": "-2+3", "n": 1},
                                  {"area": "\tx", "n": 1}], hxl=True)
    assert text == "area,n\n#loc+name,\n'=1+1,-3\n'-2+3,1\n'\tx,1\n"


@case("O03", "output", "public answers name a release's file, never a server path")
def no_server_paths_in_public_answers(client: TestClient) -> None:
    releases = client.get("/api/releases").json()
    assert all("/" not in r["origin"] for r in releases)
    assert releases[0]["origin"] == releases[0]["file_name"]
    q = client.get("/api/query", params={"where": "region=sw", "fy": 2023}).json()
    assert all("/" not in r["origin"] for r in q["releases"])


# ---------------------------------------------------------------- headers
@case("H01", "header", "CSP (own assets only), nosniff, frame-ancestors/DENY on pages, API, "
      "404s; only /docs allows Swagger's inline start-up")
def security_headers_on_pages_and_api(client: TestClient) -> None:
    for url in ("/capacity", "/api/releases", "/no-such-page"):
        r = client.get(url)
        assert r.headers["x-content-type-options"] == "nosniff", url
        assert r.headers["x-frame-options"] == "DENY", url
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, url
        assert "script-src 'self';" in csp, url  # no inline script on any page
    docs = client.get("/docs").headers["content-security-policy"]
    assert "script-src 'self' 'unsafe-inline'" in docs  # Swagger UI's start-up script


@case("H02", "header", "a 200 KB request head is 431 on the real server; a head trickled in is "
      "cut at 10 s; an 8 KB header is served")
def request_heads_are_bounded_on_the_real_server(live: str) -> None:
    import socket
    import time

    base = live
    port = int(base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 200_000)
        got = b""
        while chunk := sock.recv(4096):
            got += chunk
    assert got.startswith(b"HTTP/1.1 431 ")
    # a head trickled in and never finished is cut off (HEAD_TIMEOUT_S, 10 s)
    with socket.create_connection(("127.0.0.1", port), timeout=30) as slow:
        slow.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\n")
        started = time.monotonic()
        assert slow.recv(4096) == b""  # closed by the server, nothing answered
        assert 5 < time.monotonic() - started < 25
    ok = httpx.get(base + "/api/health", headers={"X-Small": "a" * 8_000})
    assert ok.status_code == 200  # an ordinary large-ish head is fine


# ---------------------------------------------------------------- auth
@case("U01", "auth", "no token 401, unknown 401, another org's token 403 naming its org, viewer "
      "cannot write or read the audit, unknown site 403, bad values and bad JSON 422, nothing "
      "half-written")
def refusals(writes: tuple[TestClient, str, str]) -> None:
    client, alpha, beta = writes
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


@case("U02", "auth", "bad tokens past the limit get 429 per address; a valid token is never "
      "locked out; a made-up X-Forwarded-For is not believed; each denial audited")
def token_guessing_is_rate_limited(writes: tuple[TestClient, str, str]) -> None:
    client, alpha, _ = writes
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


@case("U03", "auth", "a revoked token is 401 'this token was revoked' (revocation audited); an "
      "expired one 401 'expired'; an editor cannot revoke")
def tokens_expire_and_are_revoked(writes: tuple[TestClient, str, str], tmp_path: Path) -> None:
    client, alpha, _ = writes
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


@case("U04", "auth", "SQL and markup in a site id and name are stored as text, one record")
def injection_in_path_and_body(writes: tuple[TestClient, str, str]) -> None:
    client, alpha, _ = writes
    site = "x'); DROP TABLE record; --"
    r = client.put(f"/api/orgs/alpha/sites/{site}", json={"name": "<script>", "beds": 1},
                   headers=auth(alpha))
    assert r.status_code == 200 and r.json()["site"] == site
    assert client.post(f"/api/orgs/alpha/sites/{site}/records", json=DAY,
                       headers=auth(alpha)).json() == {"stored": 1}


@case("U05", "auth", "a shelter record dated 9999-12-31 is refused naming the field")
def record_day_out_of_range(writes: tuple[TestClient, str, str]) -> None:
    client, alpha, _ = writes
    client.put("/api/orgs/alpha/sites/main", json={"name": "Main", "beds": 4},
               headers=auth(alpha))
    r = client.post("/api/orgs/alpha/sites/main/records", headers=auth(alpha),
                    json={"records": [{"day": "9999-12-31", "arrivals": 1}]})
    assert r.status_code == 422
    assert r.json()["error"] == ("invalid request: body.records.0.day: Value error, expected a "
                                 "day from 1950-01-01 to 2100-12-31")


@case("U06", "auth", "revoking an unknown token prefix is 404 naming it (was a 400); a short "
      "prefix is refused")
def revoke_unknown_hint(writes: tuple[TestClient, str, str]) -> None:
    client, alpha, _ = writes
    r = client.delete("/api/orgs/alpha/tokens/zzzzzzzz", headers=auth(alpha))
    assert (r.status_code, r.json()["error"]) == (404, "'alpha' has no live token 'zzzzzzzz'")
    short = client.delete("/api/orgs/alpha/tokens/ab", headers=auth(alpha))
    assert short.status_code == 422
    assert short.json()["error"] == ("invalid request: path.hint: String should have at least 8 "
                                     "characters")
    log = client.get("/api/orgs/alpha/audit", headers=auth(alpha)).json()
    assert [e["action"] for e in log].count("revoke token: no live token") == 1  # audited


@case("U08", "auth", "a hint of SQL wildcards ('%%%%%%%%', '________') revokes nothing: it is a "
      "prefix, not a pattern")
def revoke_wildcard_hint(writes: tuple[TestClient, str, str]) -> None:
    client, alpha, _ = writes
    for hint in ("%25%25%25%25%25%25%25%25", "________"):
        r = client.delete(f"/api/orgs/alpha/tokens/{hint}", headers=auth(alpha))
        assert r.status_code == 404, r.text
    assert client.get("/api/orgs/alpha/audit", headers=auth(alpha)).status_code == 200


@case("U07", "auth", "a write is read back and audited with the values written (arrivals 120, "
      "occupancy 340), not only that a write happened")
def write_read_and_audit(writes: tuple[TestClient, str, str]) -> None:
    client, alpha, _ = writes
    r = client.put("/api/orgs/alpha/sites/main", json={"name": "Main", "beds": 400},
                   headers=auth(alpha))
    assert r.status_code == 200
    assert client.post("/api/orgs/alpha/sites/main/records", json=DAY,
                       headers=auth(alpha)).json() == {"stored": 1}
    rows = client.get("/api/orgs/alpha/sites/main/records", headers=auth(alpha)).json()
    assert [(r["day"], r["arrivals"], r["occupancy"]) for r in rows] == [("2024-03-01", 120, 340)]
    log = client.get("/api/orgs/alpha/audit", headers=auth(alpha)).json()
    assert [e["action"] for e in log] == ["create org", "put site", "submit records"]
    assert '"arrivals": 120' in log[-1]["detail"] and '"occupancy": 340' in log[-1]["detail"]


# ---------------------------------------------------------------- kills
@case("K04", "kill", "10 acknowledged writes survive a SIGKILL of the server, in order")
def acknowledged_writes_survive_a_kill(official_home: Path, tmp_path: Path) -> None:
    home, token = served_home(official_home, tmp_path, "alpha")
    port = free_port()
    with serving(home, port, kill=True) as base:
        site = base + "/api/orgs/alpha/sites/main"
        httpx.put(site, json={"name": "Main", "beds": 10}, headers=auth(token))
        days = [{"day": f"2024-03-{d:02d}", "arrivals": d} for d in range(1, 11)]
        acks = [httpx.post(site + "/records", json={"records": [day]}, headers=auth(token))
                for day in days]
        assert all(a.status_code == 201 for a in acks)
    with serving(home, port, kill=True) as base:
        rows = httpx.get(base + "/api/orgs/alpha/sites/main/records", headers=auth(token)).json()
    assert [r["arrivals"] for r in rows] == list(range(1, 11))


@case("A09", "API body", "a client that sends a heavy plan and hangs up stops the plan: the "
      "worker is freed (0 computing), the stop is counted (cancelled + 1), the next read is "
      "served")
def plan_stops_when_its_client_goes(live: str) -> None:
    import socket
    import time

    # about 10^8 units of work (the budget): seconds of CPU if it ran to the end
    body = json.dumps({**PLAN, "paths": 2_500, "horizon": 180, "mean_stay_nights": 3.0,
                       "arrivals": [300.0] * 30, "last_day": "2024-03-30",
                       "departures_per_day": 80.0}).encode()
    base = live
    port = int(base.rsplit(":", 1)[1])
    health = base + "/api/health"
    stopped = httpx.get(health).json()["cancelled"]
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(b"POST /api/plan HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                     b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        deadline = time.monotonic() + 20
        while httpx.get(health).json()["computing"] != 1:  # the plan has started
            assert time.monotonic() < deadline, "the plan never started"
            time.sleep(0.05)
    # the client has hung up: the worker must come back, counted as a stop
    deadline = time.monotonic() + 20  # the server's wall-clock limit
    while (got := httpx.get(health).json())["computing"] != 0:
        assert time.monotonic() < deadline, "the plan went on after its client left"
        time.sleep(0.05)
    assert (got["computing"], got["cancelled"]) == (0, stopped + 1)
    read = httpx.get(base + "/api/query", params={"where": "region=southwest", "fy": 2023})
    assert read.status_code == 200 and read.json()["rows"] == [
        {"encounters": 2_475_669, "releases": [24]}]


@case("A45", "API body", "a claims check and a plan stop at their cancel check (raising "
      "WorkCancelledError after the number of checks allowed); never cancelled, the answers "
      "are the same as without the check")
def work_stops_at_its_cancel_check(client: TestClient) -> None:
    import datetime as dt

    import numpy as np

    from borderflow.capacity.model import ArrivalModel, LengthOfStay, PlanInput, Site
    from borderflow.capacity.plan import make_plan
    from borderflow.claims.check import check_text
    from borderflow.errors import WorkCancelledError

    def after(n: int) -> Callable[[], bool]:
        asked = []

        def cancel() -> bool:
            asked.append(1)
            return len(asked) > n
        return cancel

    wh = client.app.state.borderflow.warehouse  # type: ignore[attr-defined]
    text = ("In October 2023 there were 240,927 encounters at the southwest border. "
            "In November 2023 there were 242,399 encounters at the southwest border.")
    with pytest.raises(WorkCancelledError, match="the check was stopped before it finished"):
        check_text(wh, text, cancel=after(1))
    assert [v.as_dict() for v in check_text(wh, text, cancel=lambda: False)] == \
        [v.as_dict() for v in check_text(wh, text)]
    inp = PlanInput(start=dt.date(2024, 3, 1), horizon=30, sites=[Site("Main", 400)],
                    los=LengthOfStay.geometric(3.0),
                    arrivals=ArrivalModel(np.full(30, 150.0), level_sd=0.05))
    with pytest.raises(WorkCancelledError, match="the simulation was stopped"):
        make_plan(inp, paths=10_000, cancel=after(2))  # 5 blocks of paths: stops at the 3rd
    assert make_plan(inp, paths=500, cancel=lambda: False).as_dict() == \
        make_plan(inp, paths=500).as_dict()


@case("O04", "output", "a value kept from a file as '=HYPERLINK(...)' comes back from the API's "
      "CSV and HXL quoted with ', never as a formula")
def formula_from_a_file_is_quoted_in_api_exports(tmp_path: Path) -> None:
    from borderflow.store import Warehouse
    from tests.fixtures import STATE_HEADER, state_rows, write_csv

    rows = state_rows()
    rows[2][6] = '=HYPERLINK("http://x")'
    (tmp_path / "in").mkdir()
    path = write_csv(tmp_path / "in" / "nationwide-encounters-fy23-fy24-nov-state.csv",
                     STATE_HEADER, rows)
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.ingest([path])
    app = create_app(ApiSettings(warehouse=tmp_path / "w.duckdb"))
    with TestClient(app) as c:
        for fmt, row in (("csv", 1), ("hxl", 2)):
            r = c.get("/api/query", params={"by": "citizenship", "fy": 2024, "format": fmt})
            assert r.status_code == 200
            lines = r.text.splitlines()
            cells = [ln.split(",")[0] for ln in lines[row:]]
            assert '"\'=HYPERLINK(""http://x"")"' in cells, lines
            assert not any(cell.startswith(("=", '"=')) for cell in cells)
