"""Dashboard pages: each loads with data, and its main interaction works (served HTML)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from borderflow.server import ApiSettings, create_app


@pytest.fixture(scope="module")
def client(official_home: Path) -> Iterator[TestClient]:
    with TestClient(create_app(ApiSettings(warehouse=official_home / "warehouse.duckdb"))) as c:
        yield c


def test_overview(client: TestClient) -> None:
    html = client.get("/").text
    assert "Latest month published: <strong>Jul 2026</strong>" in html
    assert re.findall(r'data-value="(\d+)"', html)[:2] == ["12730", "33799"]
    assert html.count("<svg") >= 2 and "Title 42 begins" in html
    assert re.search(r'<link rel="stylesheet" href="/static/style.css\?v=[0-9a-f]{12}">', html)
    assert re.findall(r'(?:src|href)="https?://', html) == []  # nothing from a CDN
    # script only from the package's static files; the rest is data, never run (CSP)
    scripts = re.findall(r"<script([^>]*)>", html)
    assert sorted({s.split("?")[0] for s in scripts}) == [
        ' src="/static/charts.js', ' src="/static/vendor/uPlot.iife.min.js',
        ' type="application/json" class="chart-spec"', ' type="application/json" id="chart-labels"']
    assert "Southwest border, U.S. Border Patrol only, with policy events" in html
    assert html.count('class="card"') == 4 and "not comparable" not in html  # one month


def test_explorer_filter(client: TestClient) -> None:
    html = client.get("/explorer", params={"by": "component", "region": "Southwest Land Border",
                                           "from": "2023-08", "to": "2023-08"}).text
    table = html[html.index('id="results"'):]
    assert "<td>U.S. Border Patrol</td><td>181,054</td>" in table
    assert "<td>Office of Field Operations</td><td>51,909</td>" in table
    assert '<tr id="total"><th>Total, Aug 2023 to Aug 2023</th><td>232,963</td>' in table
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
            'counted: Aug 2026 to Oct 2026.</p>') in html


def test_overview_alerts_grouped_by_episode_newest_first(client: TestClient) -> None:
    html = client.get("/").text
    summaries = re.findall(r"<summary><strong>(.*?)</strong>: (\d+) alerts? in", html)
    assert 2 <= len(summaries) <= 6
    lasts = [dt.datetime.strptime(w.split(" to ")[-1], "%b %Y") for w, _ in summaries]
    assert lasts == sorted(lasts, reverse=True)  # newest first
    assert summaries[0][0] == "Jan 2026"
    bodies = html.split('<details class="episode"')[1:]
    for (when, count), body in zip(summaries, bodies, strict=True):
        alerts = re.findall(r'<div class="alert"><strong>[^<]*</strong> · [^·]* · (\w{3} \d{4}):',
                            body)
        assert len(alerts) == int(count)  # every alert of the episode, under it
        first, _, last = when.partition(" to ")
        assert {first, last or first} <= set(alerts) | {first}
    assert "usbp" not in html.split("<h2>Recent alerts")[1]  # plain names only


def _visible_ids(html: str) -> list[str]:
    """Internal source ids shown on a page (file names in the releases table aside)."""
    from borderflow.sources import FAMILIES

    html = re.sub(r"<td>[^<]*\.(?:csv|xlsx|gz|pdf)[^<]*</td>", "", html)
    html = re.sub(r"<option[^>]*>#\d+ [^<]*\.(?:csv|xlsx|gz)[^<]*</option>", "", html)
    ids = set(FAMILIES) | {f.source_kind for f in FAMILIES.values()}
    return sorted(i for i in ids if i in html)


@pytest.mark.parametrize("url", [
    "/", "/explorer", "/explorer?by=month&from=2015-10&to=2025-11", "/sector/Tucson",
    "/forecasts", "/forecasts?series=components:OFO", "/releases?old=17&new=18"])
def test_pages_speak_plainly(client: TestClient, url: str) -> None:
    html = client.get(url).text
    assert _visible_ids(html) == []  # sources by title, never by internal id
    assert re.findall(r">\d{4}-\d{2}(?:\.\.|<)", html) == []  # months as "Aug 2023"
    assert re.search(r'<p class="muted" id="data-through">Data through <strong>'
                     r'[A-Z][a-z]{2} \d{4}</strong></p>', html)
    assert ">USBP<" not in html and ">OFO<" not in html


def test_explorer_fiscal_year_totals_official(client: TestClient) -> None:
    html = client.get("/explorer", params={"by": "component", "region": "Southwest Land Border",
                                           "fy": "2023", "from": "1999-01"}).text
    # the fiscal year replaces From/To; CBP's published FY2023 southwest total: 2,475,669
    assert ('<tr id="total"><th>Total, Oct 2022 to Sep 2023</th><td>2,475,669</td>'
            "<td>100%</td></tr>") in html
    rows = _table_rows(html, "results")
    values = [int(r[1].replace(",", "")) for r in rows[1:-1]]  # the groups, not the total
    assert sum(values) == 2_475_669 and all("," in r[1] for r in rows[1:])
    assert '<option value="2023" selected>FY2023 (Oct 2022 to Sep 2023)</option>' in html
    cy = client.get("/explorer", params={"by": "month", "cy": "2024"}).text
    assert [r[0] for r in _table_rows(cy, "results")[1:-1]] == [
        f"{m} 2024" for m in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
                                  "Oct", "Nov", "Dec")]
    bad = client.get("/explorer", params={"fy": "20x4"}).text
    assert "fiscal year &#39;20x4&#39;: expected a year such as 2024" in bad


def test_explorer_as_published_on(client: TestClient) -> None:
    q = {"by": "region", "from": "2023-08", "to": "2023-08"}
    then = client.get("/explorer", params={**q, "as_of": "2023-11-20"}).text
    now = client.get("/explorer", params=q).text
    # the state release of 15 Nov 2023 was the newest then; a later one answers now
    assert "releases #16 nationwide-encounters-fy21-fy24-oct-state.csv (2023-11-15)</p>" in then
    assert "#16 nationwide" not in now.split("Source:")[1]
    assert "As published on 2023-11-20" in then and 'id="as-of"' not in now
    assert "as_of=2023-11-20&format=csv" in then  # the downloads keep the date
    assert _table_rows(then, "results")[-1] == ["Total, Aug 2023 to Aug 2023", "304,073",
                                                "100%"]
    early = client.get("/explorer", params={**q, "as_of": "2023-11-14"}).text
    assert "<p class=\"alert\" role=\"alert\">no single source can answer" in early
    assert "expected YYYY-MM-DD" in client.get("/explorer", params={**q, "as_of": "soon"}).text
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    future = client.get("/explorer", params={**q, "as_of": tomorrow.isoformat()}).text
    assert (f'<p class="alert" role="alert">as-of date {tomorrow} is after today '
            f"({dt.date.today()}); leave it out for the newest figures") in future


def _bars(html: str) -> int:
    return len(re.findall(r'<g id="patch_', html))


def test_explorer_chart_draws_every_group_or_says_how_many(client: TestClient) -> None:
    long = client.get("/explorer", params={"by": "month", "from": "2015-10",
                                           "to": "2025-11"}).text
    year = client.get("/explorer", params={"by": "month", "fy": "2024"}).text
    assert len(_table_rows(long, "results")) - 2 == 74  # Oct 2019 to Nov 2025
    assert "The chart shows all 74 groups." in long and "all 12 groups" in year
    assert _bars(long) - _bars(year) == 74 - 12  # one bar per month, not the first 12
    assert "Not published by this source, so not counted: Oct 2015 to Sep 2019." in long
    areas = client.get("/explorer", params={"by": "area", "fy": "2024"}).text
    groups = len(_table_rows(areas, "results")) - 2  # less the header and the total
    assert groups > 25
    assert f"The chart shows the 25 largest of {groups} groups; the table has all {groups}." \
        in areas and f"(25 largest of {groups} groups)" in areas


def test_sector_page(client: TestClient) -> None:
    html = client.get("/sector/Tucson").text
    assert "<h1>Tucson sector</h1>" in html and 'id="recent"' in html and "<svg" in html
    assert ("<tr><td>Jul 2026</td><td>1,544</td><td>CBP Nationwide Encounters by area of "
            "responsibility</td></tr>") in html
    assert "Data through <strong>Jul 2026</strong>" in html and "id='stale'" not in html


def _table_rows(html: str, tid: str) -> list[list[str]]:
    """The cells of the table with id ``tid``, row by row (header first)."""
    table = html[html.index(f'<table id="{tid}">'):]
    table = table[:table.index("</table>")]
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
            for row in re.split(r"<tr[^>]*>", table)[1:]]


def test_forecasts_page(client: TestClient) -> None:
    html = client.get("/forecasts", params={"series": "Tucson"}).text
    assert "Tucson: Border Patrol encounters and forecast" in html
    assert ("Forecast made from <strong>Jul 2026</strong>: data through "
            "<strong>Jul 2026</strong>") in html
    rows = _table_rows(html, "forecast")
    assert rows[0] == ["month", "forecast", "80% interval", "95% interval"]
    assert [r[0] for r in rows[1:]] == ["Aug 2026", "Sep 2026", "Oct 2026", "Nov 2026",
                                        "Dec 2026", "Jan 2027"]  # all after the origin
    assert 'id="checked"' not in html and "id='stale'" not in html
    # the track record is a table, not a printed dict
    assert _table_rows(html, "track-record")[1:3] == [["Forecasts stored", "0"],
                                                      ["Scored (their month since published)",
                                                       "0"]]
    assert "{'forecasts'" not in html and "{&#39;forecasts&#39;" not in html


def test_forecasts_page_shows_published_months_against_the_actual(client: TestClient) -> None:
    html = client.get("/forecasts", params={"series": "components:USBP"}).text
    assert "U.S. Border Patrol: encounters and forecast" in html
    assert "data through <strong>Aug 2025</strong>" in html and "id='stale'" in html
    checked = _table_rows(html, "checked")
    assert [r[0] for r in checked[1:]] == ["Sep 2025", "Oct 2025", "Nov 2025", "Dec 2025",
                                           "Jan 2026", "Feb 2026"]
    official = client.get("/api/query", params=[
        ("by", "component"), ("from", "2025-09"), ("to", "2025-09"),
        ("where", "region=Southwest Land Border")]).json()
    usbp = next(r["encounters"] for r in official["rows"] if r["component"] == "USBP")
    assert checked[1][3] == f"{usbp:,}"  # the published actual, from the AOR release
    # its title, not its id, and the release (the newest revision)
    assert checked[1][4] == (official["source"] + ", release #25 nationwide-encounters-"
                             "fy23-fy26-jul-aor-extract.csv (2026-08-31)")
    for row in checked[1:]:  # the verdict agrees with the interval shown
        lo, hi = (int(x.replace(",", "")) for x in row[2].split(" to "))
        assert row[5] == ("yes" if lo <= int(row[3].replace(",", "")) <= hi else "no")
    assert 'id="forecast"' not in html and "id='no-outlook'" in html  # none shown as outlook


def test_capacity_scenario(client: TestClient) -> None:
    form = {"beds": 1400, "overflow": 400, "overflow_day": 2, "arrivals": 2000, "stay": 1,
            "departures": 2400, "occupancy": 1500, "surge": 0}
    calm = client.post("/capacity", data={**form, "beds": 20000, "departures": 10000}).text
    busy = client.post("/capacity", data=form).text
    assert "The chance of running out stays under 5%" in calm
    assert "Beds are already short on the first night" in busy and "<svg" in busy


def test_claims_paste(client: TestClient) -> None:
    html = client.post("/claims", data={"text": "Nationwide encounters in August 2023 were "
                                                "304,073.", "date": "2024-01-10"}).text
    assert "class='verdict supported'" in html and "304,073" in html
    assert "<input name='date' value='2024-01-10' " in html  # kept for the next check
    two = client.post("/claims", data={"text": "Border Patrol agents made 1.5 million "
                                               "apprehensions at the southwest border in fiscal"
                                               " 2024, down from 2 million in fiscal 2023."}).text
    marked = re.findall(r"<em>(.*?)</em>", two)  # each verdict marks the figure it is about
    assert [re.findall(r"<mark>(.*?)</mark>", m) for m in marked] == [["1.5 million"],
                                                                       ["2 million"]]


def test_releases_and_diff(client: TestClient) -> None:
    html = client.get("/releases", params={"old": "17", "new": "18"}).text
    assert "id='diff-summary'" in html and html.count("<tr>") > 24
    assert "<p class='note'>Months only in the newer release: Oct 2023 to Nov 2023.</p>" in html
    assert "<p class='note'>Months only in the older release: Oct 2019 to Sep 2020.</p>" in html
    same = client.get("/releases", params={"old": "23", "new": "24"}).text
    assert "<p id='diff-summary'>0 cells changed of 35,490 compared.</p>" in same
    assert "id=\"diff\"" not in same  # no empty table of changes


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
    # a way back to the dashboard, above Swagger UI
    assert re.findall(r"<body>\s*<nav id='dashboard-link'[^>]*><a href='([^']*)'>([^<]*)</a>",
                      html) == [("/", "&larr; borderflow: back to the dashboard")]
    assert html.count("<html lang=\"en\">") == 1
    js = client.get("/docs/assets/swagger-ui-bundle.js")
    assert js.status_code == 200 and "SwaggerUIBundle" in js.text[:2000]
    assert client.get("/docs/assets/swagger-ui.css").text.count(".swagger-ui") > 100
    assert client.get("/openapi.json").json()["openapi"].startswith("3.1")


def test_explorer_opens_on_the_newest_twelve_months(client: TestClient) -> None:
    html = client.get("/explorer").text
    assert '<input name="from" value="2025-08"' in html
    assert '<input name="to" value="2026-07"' in html
    assert 'id="data-through">Data through <strong>Jul 2026</strong>' in html


def test_capacity_form_plans_the_validated_horizon_and_says_what_it_assumes(
        client: TestClient) -> None:
    r = client.post("/capacity", data={"beds": "1400", "overflow": "400", "overflow_day": "2",
                                       "arrivals": "2000", "stay": "1", "departures": "2400",
                                       "occupancy": "1500", "surge": "0"})
    assert r.status_code == 200
    assert "<p class='muted' id='caveat'>Planned 14 days ahead" in r.text
    assert "they are assumptions unless they come from your records" in r.text
    # the bands' own check, as the CLI's notes give it: the 90% range held 62.5% on Tucson
    assert ("Caveat: on the Tucson check the 90% range held 62.5% of the real nights, not "
            "90%") in r.text
    # 1,500 people in 1,400 beds: short from the first night, not "may run out"
    assert "<p id='verdict'>Beds are already short on the first night, <strong>" in r.text
    assert "(chance 100%)" in r.text and "may run out" not in r.text
    calm = client.post("/capacity", data={"beds": "1400", "overflow": "400",
                                          "overflow_day": "2", "arrivals": "100", "stay": "1",
                                          "departures": "2400", "occupancy": "100",
                                          "surge": "0"})
    assert "<p id='verdict'>The chance of running out stays under 5%" in calm.text


def _chart_spec(html: str, fid: str) -> dict[str, Any]:
    import json

    figure = html.split(f'<figure class="ichart" id="figure-{fid}">')[1].split("</figure>")[0]
    return dict(json.loads(figure.split('class="chart-spec">')[1].split("</script>")[0]))


def test_forecast_chart_opens_on_a_readable_window(client: TestClient) -> None:
    """Southwest: the first view is the last 36 months at most, cut after the last month
    above 3 times the outlook's highest 80% bound (the Dec 2023 peak), and the outlook."""
    from borderflow.web.chartdata import FORECAST_WINDOW, PEAK_RATIO

    spec = _chart_spec(client.get("/forecasts").text, "forecast")
    xs, actual = spec["xs"], spec["series"][0]["values"]
    top = max(v for v in spec["series"][4]["values"] if v is not None)  # 80% high
    start, end = spec["window"]
    assert end == xs[-1] and spec["series"][4]["name"] == "80% interval, high"
    origin = max(i for i, v in enumerate(actual) if v is not None)
    first = xs.index(start)
    assert origin - first + 1 <= FORECAST_WINDOW
    assert all(v <= PEAK_RATIO * top for v in actual[first:origin + 1])
    assert actual[first - 1] > PEAK_RATIO * top  # the window stops right after the peak
    assert actual[xs.index("2023-12")] == 249_740 and xs.index("2023-12") < first
    # the 95% band is left out of the axis's fit; the table keeps all its figures
    assert [s["clip"] for s in spec["series"][2:6]] == [True, True, False, False]


def test_every_chart_has_its_table_and_text_alternative(client: TestClient) -> None:
    html = client.get("/sector/Tucson").text
    spec = _chart_spec(html, "sector")
    rows = _table_rows(html, "table-sector")
    assert rows[0] == ["month", "encounters", "seasonally adjusted"]
    assert len(rows) - 1 == len(spec["xs"]) == len(spec["series"][0]["values"])
    series = client.get("/api/series/Tucson").json()["rows"]
    assert [int(r[1].replace(",", "")) for r in rows[1:]] == [p["encounters"] for p in series]
    alt = html.split('<div class="chart" role="img" aria-label="')[1].split('"')[0]
    peak = max(series, key=lambda p: p["encounters"])
    assert alt.startswith("Line chart: Tucson sector: U.S. Border Patrol encounters per month, "
                          "Oct 1999 to ")
    assert f"highest {peak['encounters']:,} (" in alt


def test_static_assets_are_versioned_and_kept_a_year(client: TestClient) -> None:
    html = client.get("/").text
    urls = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert {u.split("?")[0] for u in urls} == {
        "/static/style.css", "/static/favicon.svg", "/static/vendor/uPlot.min.css",
        "/static/vendor/uPlot.iife.min.js", "/static/charts.js"}
    for url in urls:
        answer = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert answer.status_code == 200
        assert answer.headers["cache-control"] == "public, max-age=31536000, immutable"
    library = client.get("/static/vendor/uPlot.iife.min.js").text
    assert library.startswith("/*! https://github.com/leeoniya/uPlot (v1.6.32) */")
    assert client.get("/static/vendor/uPlot.LICENSE").text.startswith("The MIT License")
    assert client.get("/static/style.css").headers["cache-control"] == "public, max-age=3600"
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.content[:4] == b"\x00\x00\x01\x00"


def test_explorer_menus_take_the_cli_spellings(client: TestClient) -> None:
    html = client.get("/explorer", params={"by": "component", "region": "southwest",
                                           "component": "usbp", "fy": "2023"}).text
    assert "<option selected>Southwest Land Border</option>" in html
    assert '<option value="USBP" selected>' in html
    assert _table_rows(html, "results")[-1][:2] == ["Total, Oct 2022 to Sep 2023", "2,045,838"]


def test_forecasts_refuse_a_series_they_do_not_have(client: TestClient) -> None:
    r = client.get("/forecasts", params={"series": "Nowhere"})
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html")
    assert "no forecast for &#39;Nowhere&#39;; choose from " in r.text and "Tucson" in r.text
    tucson = client.get("/forecasts", params={"series": "Tucson"})
    assert tucson.status_code == 200
    # how far to trust it, with the test eras' figures (README, "Evaluation")
    assert ("<p class='muted' id='trust'>How far to trust it: on months the method was never "
            "tuned on (October 2016 to June 2026), its errors were within about 4% of simply "
            "repeating the last month, and its 80% intervals held the actual 66% to 87% of the "
            "time. On the log scale it was worse than repeating the last month from October "
            "2016 to February 2020 (+2.2%) and from March 2020 to November 2022 (+3.5%), "
            "better from December 2022 to June 2026 (-1.0%) but worse on its untouched last "
            "part, December 2024 to June 2026 (+1.3%), and its 95% interval scores were worse "
            "than the last month&#39;s in every test era.") in tucson.text
    assert "<p class='muted' id='scored'>Scored: the backtest scores this series" in tucson.text
    nation = client.get("/forecasts", params={"series": "sectors:Nation"}).text
    assert "<p class='muted' id='scored'>Not scored: the backtest scores only the nine" in nation
    usbp = client.get("/forecasts", params={"series": "components:Southwest (all CBP)"}).text
    assert ("Not scored: the backtest scores only Border Patrol&#39;s nine southwest sectors "
            "and Southwest; no series of this panel (Southwest border, by component) has been "
            "scored.") in usbp
    # the 95% band of October 2025 is 1,091 to 89,456 around 9,877: flagged; the actual is
    # the AOR release's revision (11,704), naming the release
    assert "id='wide'>Band wider than 3 times the forecast: not informative (Sep 2025, Oct " \
        "2025" in usbp
    # Border Patrol nation, January 2027: 1,306 to 99,711 around 11,413 (8.6 times)
    assert "<td>1,306 to 99,711 (not informative)</td>" in nation
    assert "<td>4,704 to 30,256</td>" in nation  # October 2026: 2.1 times, not flagged
    assert "<td>11,704</td><td>CBP Nationwide Encounters by area of responsibility, release " \
        "#" in usbp


def test_a_field_office_page_is_titled_as_one(client: TestClient) -> None:
    html = client.get("/sector/Tucson field office").text
    assert "<h1>Tucson field office</h1>" in html and "Tucson field office sector" not in html
    assert "Tucson field office: Office of Field Operations encounters per month" in html


_FORM = {"beds": "1400", "overflow": "400", "overflow_day": "2", "arrivals": "2000",
         "stay": "1", "departures": "2400", "occupancy": "1500", "surge": "250"}


def _between(html: str, start: str, end: str) -> str:
    at = html.index(start)
    return html[at:html.index(end, at)]


def test_capacity_result_has_a_link_that_reproduces_it(client: TestClient) -> None:
    posted = client.post("/capacity", data=_FORM).text
    links = re.findall(r"<a id='permalink' href='([^']*)'>Link to this result</a>", posted)
    assert links == ["/capacity?beds=1400&amp;overflow=400&amp;overflow_day=2&amp;arrivals=2000"
                     "&amp;stay=1&amp;departures=2400&amp;occupancy=1500&amp;surge=250"]
    assert "permalink.js?v=" in posted  # the address bar shows the link too
    assert f'<a href="{links[0]}&amp;lang=es" lang="es"' in posted  # and the language switch
    got = client.get(links[0].replace("&amp;", "&"))
    assert got.status_code == 200 and got.headers["cache-control"] == "no-store"
    # the same verdict, chart data and form as the POST gave
    for start, end in (("<p id='verdict'>", "</p>"), ('<script type="application/json" '
                                                      'class="chart-spec">', "</script>"),
                       ("<form method='post' action='/capacity'>", "</form>")):
        assert _between(got.text, start, end) == _between(posted, start, end)
    assert "name='surge' value='250'" in got.text
    assert "<p id='verdict'>Beds are already short on the first night" in got.text
    # a link with a wrong field shows the form with the error, like the POST
    bad = client.get("/capacity", params={**_FORM, "stay": "0"})
    assert bad.status_code == 422
    assert ("<span class='field-error' id='error-stay'>Mean stay (nights): enter a number "
            "from 0.05 to 365</span>") in bad.text
    empty = client.get("/capacity", params={"unrelated": "1"})  # no field: the empty form
    assert "Fill in the network and press Plan." in empty.text and "id='verdict'" not in empty.text


def test_claims_result_has_a_link_that_reproduces_it(client: TestClient) -> None:
    text = "Nationwide encounters in August 2023 were 304,073."
    posted = client.post("/claims", data={"text": text, "date": "2024-01-10"}).text
    links = re.findall(r"<a id='permalink' href='([^']*)'>", posted)
    assert links == ["/claims?text=Nationwide+encounters+in+August+2023+were+304%2C073."
                     "&amp;date=2024-01-10"]
    got = client.get(links[0].replace("&amp;", "&"))
    assert got.headers["cache-control"] == "no-store"
    verdicts = _between(posted, "<section id='verdicts'>", "</section>")
    assert "class='verdict supported'" in verdicts
    assert _between(got.text, "<section id='verdicts'>", "</section>") == verdicts
    assert "<input name='date' value='2024-01-10' " in got.text
    assert f"<textarea name='text' required>{text}</textarea>" in got.text
    # a text longer than a link carries: checked from the form, and the page says so
    long = text + " " + "x" * 2_000
    posted = client.post("/claims", data={"text": long}).text
    assert "id='permalink'" not in posted and "permalink.js" not in posted
    assert ("<p class='muted' id='permalink-note'>This text is too long for a link (2,051 "
            "characters; a link carries at most 2,000): to share the result, share the "
            "text.</p>") in posted
    wrong = client.get("/claims", params={"text": text, "date": "10/01/2024"})
    assert wrong.status_code == 422 and ("date of the text &#39;10/01/2024&#39;: expected "
                                         "YYYY-MM-DD, such as 2024-01-31") in wrong.text
    assert "<input name='date' value='10/01/2024' " in wrong.text  # kept, to be corrected
    refused = client.get("/claims", params={"text": long})
    assert refused.status_code == 422
    assert ("A link carries a text of at most 2,000 characters; this one has 2,051. Paste "
            "the text in the form instead.") in refused.text


def test_computing_links_run_in_the_pool_within_the_time_limit(official_home: Path) -> None:
    """A GET that computes is held to the same wall-clock limit as the POST (it goes through
    ``ServerState.compute``, the two-worker pool): past it, 503."""
    settings = ApiSettings(warehouse=official_home / "warehouse.duckdb", time_limit=1e-6)
    with TestClient(create_app(settings)) as tight:
        for url, params in (("/capacity", _FORM), ("/claims", {
                "text": "Nationwide encounters in August 2023 were 304,073."})):
            r = tight.get(url, params=params)
            assert r.status_code == 503, url
            assert "was stopped; ask for less" in r.text
        assert tight.get("/api/health").json()["computing"] == 0  # the pool is free again


def _alert(html: str) -> str:
    return re.findall(r"role=.alert.[^>]*>(.*?)</p>", html, flags=re.S)[0]


def test_spanish_pages_translate_the_messages_they_show(client: TestClient) -> None:
    """Refusals from the query library and the pages' own errors, and the explorer's note on
    its source, in the page's language; the claims explanation stays English and says so."""
    def es(url: str, **kw: Any) -> str:
        return str(client.get(url, params={**kw, "lang": "es"}).text)

    assert _alert(es("/explorer", region="Nowhere")) == (
        "valor desconocido de region: &#39;Nowhere&#39;; elija entre Coastal Border, Northern "
        "Land Border, Other, Southwest Land Border")
    assert _alert(es("/explorer", **{"from": "2023-08", "to": "2023-01"})) == \
        "el inicio 2023-08 es posterior al fin 2023-01"
    assert _alert(es("/explorer", by="nonsense")).startswith(
        "no se puede agrupar por &#39;nonsense&#39;; elija entre region, component,")
    assert _alert(es("/explorer", as_of="2001-01-01")) == \
        "ninguna publicación del almacén había salido al 2001-01-01"
    old = _alert(es("/explorer", by="component", **{"from": "2001-01", "to": "2001-12"}))
    assert old.startswith("ninguna fuente publica estas cifras para 2001-01 .. 2001-12; CBP "
                          "Nationwide Encounters by area of responsibility las tiene de "
                          "2024-12 a 2026-07;")
    assert "pero no desglosa por component" in old
    assert _alert(es("/releases", old="1", new="16")) == (
        "las publicaciones 1 (usbp_monthly) y 16 (cbp_state) no tienen ningún mes en común: "
        "nada que comparar")
    assert _alert(es("/releases", old="1", new="999")) == (
        "no hay publicación &#39;999&#39;; `borderflow releases` las lista")
    ok = es("/explorer", by="region", **{"from": "2023-08", "to": "2023-08"})
    assert ('<p class="source">CBP Nationwide Encounters by state (USBP + OFO) (oficial, sin '
            'redondear) responde 1 de los 1 meses pedidos</p>') in ok
    client.cookies.set("borderflow_lang", "es")
    try:
        put = client.put("/claims")
        assert put.status_code == 405 and put.headers["allow"] == "GET, POST"
        assert _alert(put.text) == ("esta página no se abre de esta manera (PUT); acepta GET, "
                                    "POST")
        empty = client.post("/claims", data={})
        assert empty.status_code == 422 and _alert(empty.text) == (
            "el formulario se envió sin un campo, o con un campo incorrecto: text")
        checked = client.post("/claims", data={"text": "Nationwide encounters in August 2023 "
                                                       "were 304,073."}).text
        assert "<div class='tag'>respaldada</div>" in checked
        # built in borderflow.claims, in English: marked so, for readers and screen readers
        assert re.findall(r"<p lang='en'>(.*?)</p>", checked)[0].startswith(
            "The text&#39;s figure 304,073 matches")
    finally:
        client.cookies.clear()
    # the API and English pages are unchanged
    api = client.get("/api/query", params={"where": "region=Nowhere"},
                     headers={"accept-language": "es"})
    assert api.json()["error"] == ("unknown region 'Nowhere'; choose from Coastal Border, "
                                   "Northern Land Border, Other, Southwest Land Border")
    assert client.put("/claims").text.count("this page cannot be opened this way (PUT); it "
                                            "takes GET, POST") == 1
