"""Dashboard pages: each loads with data, and its main interaction works (served HTML)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from borderflow.server import ApiSettings, create_app


@pytest.fixture(scope="module")
def client(official_home: Path) -> Iterator[TestClient]:
    with TestClient(create_app(ApiSettings(warehouse=official_home / "warehouse.duckdb"))) as c:
        yield c


def test_overview(client: TestClient) -> None:
    html = client.get("/").text
    assert "Latest month published: <strong>July 2026</strong>" in html
    assert re.findall(r'data-value="(\d+)"', html)[:2] == ["12730", "33799"]
    assert html.count("<svg") >= 2 and "Title 42 begins" in html
    assert '<link rel="stylesheet" href="/static/style.css">' in html
    assert re.findall(r'(?:src|href)="https?://', html) == []  # nothing from a CDN
    assert "<script" not in html
    assert html.count('class="alert"') == 12


def test_explorer_filter(client: TestClient) -> None:
    html = client.get("/explorer", params={"by": "component", "region": "Southwest Land Border",
                                           "from": "2023-08", "to": "2023-08"}).text
    table = html[html.index('id="results"'):]
    assert "<td>USBP</td><td>181,054</td>" in table and "<td>OFO</td><td>51,909</td>" in table
    assert "format=hxl" in html
    bad = client.get("/explorer", params={"from": "2023-13"}).text
    assert 'role="alert"' in bad


def test_explorer_names_months_not_published(client: TestClient) -> None:
    html = client.get("/explorer", params={"by": "component", "region": "Southwest Land Border",
                                           "from": "2025-06", "to": "2025-12"}).text
    # the component split: the AOR release (Dec 2024 - Jul 2026) answers every month here
    assert 'id="missing"' not in html
    html = client.get("/explorer", params={"by": "region", "from": "2026-05",
                                           "to": "2026-10"}).text
    assert ('<p class="alert" role="status" id="missing">Not published by this source, so not '
            'counted: 2026-08..2026-10.</p>') in html


def test_sector_page(client: TestClient) -> None:
    html = client.get("/sector/Tucson").text
    assert "<h1>Tucson sector</h1>" in html and 'id="recent"' in html and "<svg" in html


def test_forecasts_page(client: TestClient) -> None:
    html = client.get("/forecasts", params={"series": "Tucson"}).text
    assert "Tucson: Border Patrol encounters and forecast" in html
    assert html.count("<tr>") == 7  # header + 6 months


def test_capacity_scenario(client: TestClient) -> None:
    form = {"beds": 1400, "overflow": 400, "overflow_day": 2, "arrivals": 2000, "stay": 1,
            "departures": 2400, "occupancy": 1500, "surge": 0}
    calm = client.post("/capacity", data={**form, "beds": 20000, "departures": 10000}).text
    busy = client.post("/capacity", data=form).text
    assert "The chance of running out stays under 5%" in calm
    assert "Beds may run out from" in busy and "<svg" in busy


def test_claims_paste(client: TestClient) -> None:
    html = client.post("/claims", data={"text": "Nationwide encounters in August 2023 were "
                                                "304,073.", "date": "2024-01-10"}).text
    assert "class='verdict supported'" in html and "304,073" in html


def test_releases_and_diff(client: TestClient) -> None:
    html = client.get("/releases", params={"old": "17", "new": "18"}).text
    assert "id='diff-summary'" in html and html.count("<tr>") > 24


def test_pages_answer_errors_with_html_pages(client: TestClient) -> None:
    bad = client.get("/sector/Atlantis")
    assert bad.status_code == 400 and bad.headers["content-type"].startswith("text/html")
    assert "<p class='alert' role='alert' id='error'>unknown series &#39;Atlantis&#39;" in bad.text
    missing = client.get("/no-such-page")
    assert missing.status_code == 404 and "<h1>Not found</h1>" in missing.text
    api = client.get("/api/no-such-route")
    assert (api.status_code, api.json()) == (404, {"error": "Not Found"})


def test_capacity_form_shown_again_with_its_errors(client: TestClient) -> None:
    r = client.post("/capacity", data={"beds": "many", "overflow": "400", "overflow_day": "2",
                                       "arrivals": "2000", "stay": "0", "departures": "2400",
                                       "occupancy": "1500", "surge": "0"})
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert "<span class='field-error' id='error-beds'>Beds open: enter a number</span>" in r.text
    assert ("<span class='field-error' id='error-stay'>Mean stay (nights): enter a number "
            "from 0.05 to 365</span>") in r.text
    assert "name='beds' value='many'" in r.text and "name='arrivals' value='2000'" in r.text
    assert "error-arrivals" not in r.text


def test_docs_served_from_the_package(client: TestClient) -> None:
    html = client.get("/docs").text
    assert re.findall(r'(?:src|href)=["\']https?://', html) == []  # nothing from a CDN
    assert "/docs/assets/swagger-ui-bundle.js" in html and "/docs/assets/swagger-ui.css" in html
    js = client.get("/docs/assets/swagger-ui-bundle.js")
    assert js.status_code == 200 and "SwaggerUIBundle" in js.text[:2000]
    assert client.get("/docs/assets/swagger-ui.css").text.count(".swagger-ui") > 100
    assert client.get("/openapi.json").json()["openapi"].startswith("3.1")
