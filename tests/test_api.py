"""HTTP API: every route, exports, errors (the read side of the API issue)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from borderflow.server import ApiSettings, create_app


@pytest.fixture(scope="module")
def client(official_home: Path) -> Iterator[TestClient]:
    app = create_app(ApiSettings(warehouse=official_home / "warehouse.duckdb"))
    with TestClient(app) as c:
        yield c


def test_health_and_releases(client: TestClient) -> None:
    assert client.get("/api/health").json() == {"status": "ok", "releases": 25, "computing": 0,
                                                  "cancelled": 0}
    releases = client.get("/api/releases").json()
    assert len(releases) == 25 and releases[0]["file_name"].startswith("usbp_monthly")


def test_query_json_with_provenance(client: TestClient) -> None:
    r = client.get("/api/query", params={"where": "region=southwest", "by": "component",
                                         "fy": 2023})
    doc = r.json()
    assert {row["component"]: row["encounters"] for row in doc["rows"]} == {
        "OFO": 429_831, "USBP": 2_045_838}
    assert doc["family"] == "cbp_sbo"
    assert doc["releases"][0]["file_name"] == "sbo-encounters-fy22-fy25-aug.csv"


def test_query_as_of(client: TestClient) -> None:
    r = client.get("/api/query", params={"where": "region=sw", "from": "2023-10", "to": "2023-10",
                                         "as_of": "2023-11-20"})
    assert r.json()["rows"][0]["encounters"] == 240_988


def test_exports(client: TestClient) -> None:
    params = {"where": "region=sw", "by": "fy", "fy": [2023, 2024]}
    r = client.get("/api/query", params={**params, "format": "csv"})
    assert r.text.splitlines()[:3] == ["fy,encounters,releases,source,rounding,missing_months",
                                       "2023,2475669,24,cbp_state,1,",
                                       "2024,2135005,24,cbp_state,1,"]
    assert (r.headers["x-borderflow-source"], r.headers["x-borderflow-releases"],
            r.headers["x-borderflow-missing-months"]) == ("cbp_state", "24", "none")
    hxl = client.get("/api/query", params={**params, "format": "hxl"}).text
    assert hxl.splitlines()[1] == ("#date+fiscal_year,#affected+encounters,#meta+release,"
                                   "#meta+source,#meta+rounding,#meta+missing")
    later = client.get("/api/query", params={"where": "region=sw", "fy": 2026, "format": "csv"})
    assert later.text.splitlines()[1] == "115762,25,cbp_aor,1,2026-08..2026-09"
    assert later.headers["x-borderflow-missing-months"] == "2026-08..2026-09"
    raw = client.get("/api/query", params={**params, "format": "parquet"}).content
    table = pq.read_table(io.BytesIO(raw))
    assert table["encounters"].to_pylist() == [2_475_669, 2_135_005]
    assert json.loads(table.schema.metadata[b"borderflow"])["family"] == "cbp_state"


def test_series_diff_brief(client: TestClient) -> None:
    s = client.get("/api/series/Tucson").json()
    assert s["measure"] == "usbp" and s["rows"][0]["month"] == "1999-10-01"
    d = client.get("/api/releases/16/diff/18").json()
    assert d["only_new"] == ["2023-11-01"] and d["changed"] == len(d["changes"]) > 0
    b = client.get("/api/brief", params={"month": "2023-08"}).json()
    assert [t["value"] for t in b["totals"]] == [232_963, 304_073]


def test_alerts_and_forecasts(client: TestClient) -> None:
    alerts = client.get("/api/alerts", params={"since": "2025-01"}).json()
    assert alerts and all(a["month"] >= "2025-01-01" for a in alerts)
    fc = client.get("/api/forecasts", params={"horizon": 2}).json()
    sw = [r for r in fc["forecasts"] if r["series"] == "Southwest"]
    assert [r["horizon"] for r in sw] == [1, 2]
    assert all(r["lo95"] <= r["lo80"] <= r["mean"] <= r["hi80"] <= r["hi95"] for r in sw)
    assert client.get("/api/forecasts/scoreboard").json()["summary"] == {"forecasts": 0,
                                                                         "scored": 0}


def test_claims(client: TestClient, data_dir: Path) -> None:
    text = (data_dir.parents[1] / "claims" / "000_b2bc5bbcef59be12.txt").read_text()
    verdicts = client.post("/api/claims", json={"text": text}).json()
    assert [v["verdict"] for v in verdicts] == ["wrong measure", "supported", "not checkable",
                                                "not checkable"]


def test_plan(client: TestClient) -> None:
    body = {"sites": [{"name": "Main", "beds": 100}], "arrivals": [50] * 14,
            "last_day": "2024-03-01", "mean_stay_nights": 2, "horizon": 10, "paths": 200}
    plan = client.post("/api/plan", json=body).json()
    assert len(plan["days"]) == 10 and plan["days"][0]["day"] == "2024-03-02"
    assert plan["first_risky_day"] is not None  # 50 a day staying 2 nights need ~100+ beds


@pytest.mark.parametrize(("method", "url", "kwargs", "status", "message"), [
    ("get", "/api/query", {"params": {"where": "colour=red"}}, 422, "invalid request: query"),
    ("get", "/api/query", {"params": {"where": "nonsense"}}, 422, "should match pattern"),
    ("get", "/api/query", {"params": {"where": "component=army"}}, 400, "unknown component"),
    ("get", "/api/query", {"params": {"where": "component=usbp", "fy": 2000,
                                      "source": "cbp_state"}}, 404, "no component breakdown"),
    ("get", "/api/releases/999/diff/1", {}, 404, "no release '999'"),
    ("get", "/api/series/atlantis", {}, 400, "unknown series"),
    ("post", "/api/claims", {"content": b"{not json", "headers": {
        "content-type": "application/json"}}, 422, "invalid request: body"),
    ("post", "/api/plan", {"json": {"sites": [{"name": "x", "beds": -1}], "arrivals": [1] * 7,
                                    "last_day": "2024-01-01", "mean_stay_nights": 1}}, 422, ""),
    ("post", "/api/claims", {"content": b"x" * 1_100_000, "headers": {
        "content-type": "application/json"}}, 413, "request body over"),
])
def test_errors(client: TestClient, method: str, url: str, kwargs: dict, status: int,  # type: ignore[type-arg]
                message: str) -> None:
    r = getattr(client, method)(url, **kwargs)
    assert r.status_code == status
    if message:
        assert message in r.json()["error"]


def test_injection_is_just_a_value(client: TestClient) -> None:
    r = client.get("/api/query", params={"where": "citizenship=x'); DROP TABLE release; --",
                                         "fy": 2023, "where2": "ignored"})
    # an unknown country is a value no source publishes: refused, never a zero
    assert r.status_code == 404
    assert r.json()["error"].startswith("no source publishes citizenship x'); DROP TABLE")
    assert client.get("/api/health").json()["releases"] == 25


def test_query_refusal_lists_the_values_there_are(client: TestClient) -> None:
    """A value no release publishes is refused with the valid values (nearest first)."""
    r = client.get("/api/query", params={"where": "area=Tuscon"})
    assert r.status_code == 404
    error = r.json()["error"]
    assert error.startswith("no source publishes area Tuscon (nearest: Tucson, Houston); the "
                            "areas are the Border Patrol sectors and Field Operations field "
                            "offices Atlanta, Baltimore, Big Bend, ")
    assert error.endswith(", Tucson, Yuma, and the states by their two-letter codes AK, AL, "
                          "AZ, CA, CO, CT, DC, DE, FL, GA, GU, HI, ID, IL, IN, KY, LA, MA, MD, "
                          "ME, MI, MN, MO, MP, MS, MT, NC, ND, NE, NH, NJ, NM, NV, NY, OH, OK, "
                          "OR, PA, PR, RI, SC, TN, TX, UT, VA, VI, VT, WA, WI")
    assert "area_type" not in error  # the inferred type is no use to the reader
    error = client.get("/api/query", params={"where": "citizenship=Mexica"}).json()["error"]
    assert error.startswith("no source publishes citizenship Mexica (nearest: Mexico, Jamaica, "
                            "Armenia); choose from Afghanistan, Albania, Algeria, ")
    assert error.endswith(", Vietnam, Yemen, Zambia, Zimbabwe")
    assert ", China, People's Republic, " in error and error.count(", ") > 150  # every one
    html = client.get("/explorer", params={"region": "Nowhere"}).text
    assert ("unknown region &#39;Nowhere&#39;; choose from Coastal Border, Northern Land "
            "Border, Other, Southwest Land Border") in html
