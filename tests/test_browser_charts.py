"""The interactive charts in Chromium, at a laptop's width (1366 px) and a phone's (390 px).

Each test reads a value the reader sees (the hover readout, a downloaded file,
the table) and checks it against the API's own numbers, so the chart cannot
drift from the data.  Screenshots go to $BORDERFLOW_SCREENSHOTS (or a
temporary folder) like tests/test_browser.py's.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.servers import serving

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WIDTHS = [1366, 390]
#: the southwest Border Patrol series the overview's trend chart draws
TREND_API = "/api/series/southwest?measure=usbp"


@pytest.fixture(scope="module")
def server(official_home: Path) -> Iterator[str]:
    with serving(official_home) as base:
        yield base


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is missing: ./test.sh installs Debian's chromium"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def page(request: pytest.FixtureRequest, browser: Any) -> Iterator[Any]:
    """A fresh page at one width, failing its test on any console error or page error."""
    context = browser.new_context(viewport={"width": request.param, "height": 900},
                                  accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert errors == []


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("BORDERFLOW_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _width(page: Any) -> int:
    return int(page.viewport_size["width"])


def _wait_until(page: Any, expression: str, timeout: float = 60.0) -> None:
    """Poll ``expression`` until it is true.

    Not ``page.wait_for_function``: past its first check it evaluates the predicate with
    ``eval`` inside the page, which the site's Content-Security-Policy (no 'unsafe-eval')
    refuses, so on a slow machine the wait failed instead of waiting.
    ``page.evaluate`` runs through the browser's protocol, outside the page's policy.
    """
    from playwright.sync_api import Error

    end = time.monotonic() + timeout
    while True:
        try:  # a page still navigating (a form just sent) has no context to ask yet
            if page.evaluate(f"() => Boolean({expression})"):
                return
        except Error as exc:
            if "context was destroyed" not in str(exc) and "navigat" not in str(exc):
                raise
        if time.monotonic() > end:
            raise AssertionError(f"still false after {timeout:g} s: {expression}")
        time.sleep(0.1)


def _ready(page: Any, url: str) -> None:
    page.goto(url)
    _wait_until(page, "window.borderflowCharts && window.borderflowCharts.length > 0 && "
                           "document.querySelectorAll('figure.ichart').length === "
                           "window.borderflowCharts.length")


def _api(server: str, path: str) -> Any:
    return httpx.get(server + path, timeout=60).json()


def _view(page: Any, k: int = 0) -> dict[str, Any]:
    """Chart k's state: the first and last x value in view, y axis top, its view."""
    return dict(page.evaluate("""k => { const c = window.borderflowCharts[k], u = c.plot;
        const xs = u.data[0], lo = u.scales.x.min, hi = u.scales.x.max;
        const inside = c.spec.xs.filter((x, i) => xs[i] >= lo - 16 * 86400 && xs[i] <= hi);
        return {first: inside[0], last: inside[inside.length - 1], ymax: u.scales.y.max,
                view: c.view, select: c.select.value}; }""", k))


def test_hover_reads_the_api_value(page: Any, server: str, shots: Path) -> None:
    """The mouse over a month of the overview's trend shows that month's published figure."""
    series = _api(server, TREND_API)["rows"]
    by_month = {r["month"][:7]: r["encounters"] for r in series}
    _ready(page, server + "/")
    plot = page.locator("#figure-trend .plot")
    plot.scroll_into_view_if_needed()
    # the pixel of Dec 2023 (the series' peak) on the canvas, from the chart's own scale
    x, y = page.evaluate("""() => { const u = window.borderflowCharts[0].plot;
        const i = u.data[0].indexOf(Date.UTC(2023, 11, 1) / 1000);
        const r = u.over.getBoundingClientRect();
        return [r.left + u.valToPos(u.data[0][i], 'x'), r.top + r.height / 2]; }""")
    page.mouse.move(x, y)
    readout = page.locator("#figure-trend .readout")
    assert readout.inner_text().startswith("Dec 2023: encounters ")
    shown = int(readout.inner_text().split("encounters ")[1].split(" ")[0].replace(",", ""))
    assert shown == by_month["2023-12"]
    # by keyboard: End reads the newest month, Left the one before
    plot.focus()
    page.keyboard.press("End")
    newest = max(by_month)
    label = page.evaluate("m => window.borderflowCharts[0].spec.xs.indexOf(m)", newest)
    assert readout.get_attribute("data-idx") == str(label)
    assert f"encounters {by_month[newest]:,}" in readout.inner_text()
    page.keyboard.press("ArrowLeft")
    assert readout.get_attribute("data-idx") == str(label - 1)
    page.locator("#figure-trend").screenshot(path=str(shots / f"chart-hover-{_width(page)}.png"))


def test_spanish_readout_writes_numbers_as_the_tables_do(page: Any, server: str) -> None:
    """A Spanish page's chart writes 9,295 as its tables do (es-MX), not 9.295 or 9295."""
    series = _api(server, TREND_API)["rows"]
    newest = max(series, key=lambda r: r["month"])
    _ready(page, server + "/?lang=es")
    plot = page.locator("#figure-trend .plot")
    plot.scroll_into_view_if_needed()
    plot.focus()
    page.keyboard.press("End")
    text = page.locator("#figure-trend .readout").inner_text()
    assert f"encuentros {newest['encounters']:,}" in text, text
    ticks = page.evaluate("() => window.borderflowCharts[0].plot.axes[1].values(window."
                          "borderflowCharts[0].plot, [1400000, 1528])")
    assert ticks == ["1,400,000", "1,528"]


def test_forecast_opens_on_a_readable_window_and_widens(page: Any, server: str,
                                                        shots: Path) -> None:
    """The Southwest forecast opens without the Dec 2023 peak squashing the outlook; the
    range control brings the whole history back, and a drag zooms."""
    _ready(page, server + "/forecasts")
    spec = page.evaluate("window.borderflowCharts[0].spec")
    actual = dict(zip(spec["xs"], spec["series"][0]["values"], strict=True))
    hi80 = max(v for v in spec["series"][4]["values"] if v is not None)
    first = _view(page)
    assert first["select"] == f"{spec['window'][0]}~{spec['window'][1]}"  # suggested view
    assert first["last"] == spec["xs"][-1]  # the whole outlook
    in_view = [v for m, v in actual.items() if v is not None and m >= first["first"]]
    assert max(in_view) <= 3 * hi80  # no earlier peak dwarfs the outlook
    assert first["ymax"] < actual["2023-12"]  # the peak is out of view, and the axis fits
    assert first["ymax"] == pytest.approx(max([*in_view, hi80]) * 1.08, rel=0.01)
    shot = shots / f"chart-forecast-{_width(page)}.png"
    page.locator("#figure-forecast").screenshot(path=str(shot))
    page.select_option("#figure-forecast select", "all")
    _wait_until(page, "window.borderflowCharts[0].plot.scales.y.max > 249740")
    whole = _view(page)
    assert (whole["first"], whole["last"]) == (spec["xs"][0], spec["xs"][-1])
    assert "forecast=all" in page.url
    # drag across the middle third of the plot: a zoom, kept in the URL
    box = page.locator("#figure-forecast .u-over").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.4, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.6, y, steps=5)
    page.mouse.up()
    zoomed = _view(page)
    assert zoomed["select"] == "custom"
    assert spec["xs"][0] < zoomed["first"] < zoomed["last"] < spec["xs"][-1]
    assert f"forecast={zoomed['first']}~{zoomed['last']}" in page.url.replace("%7E", "~")


def test_chart_table_switch(page: Any, server: str) -> None:
    _ready(page, server + "/sector/Tucson")
    fig = page.locator("#figure-sector")
    table = fig.locator("#table-sector")
    assert not table.is_visible() and fig.locator(".plot").is_visible()
    fig.locator("button[data-view=table]").click()
    assert table.is_visible() and not fig.locator(".plot").is_visible()
    assert fig.locator("button[data-view=table]").get_attribute("aria-pressed") == "true"
    rows = _api(server, "/api/series/Tucson")["rows"]
    assert table.locator("tbody tr").count() == len(rows)
    last = table.locator("tbody tr").last.locator("td")
    assert int(last.nth(1).inner_text().replace(",", "")) == rows[-1]["encounters"]
    fig.locator("button[data-view=chart]").click()
    assert not table.is_visible() and fig.locator(".plot").is_visible()


def _table_rows(page: Any, fid: str) -> list[str]:
    """The first cells of the rows the table shows (hidden rows left out)."""
    return list(page.evaluate("""fid => Array.from(document.querySelectorAll(
        '#table-' + fid + ' tbody tr')).filter(r => !r.hidden).map(r => r.cells[0].textContent)
        """, fid))


def test_forecast_table_follows_the_range(page: Any, server: str, shots: Path) -> None:
    """The chart/table switch lists the months of the range on the chart, not every month,
    and says which; "All" lists them all, a zoom its own months."""
    _ready(page, server + "/forecasts")
    spec = page.evaluate("window.borderflowCharts[0].spec")
    first, last = spec["window"]
    xs = spec["xs"]
    window = xs[xs.index(first):xs.index(last) + 1]
    fig = page.locator("#figure-forecast")
    fig.locator("button[data-view=table]").click()
    shown = _table_rows(page, "forecast")
    assert len(shown) == len(window) < len(xs)
    assert fig.locator("#table-forecast tbody tr").count() == len(xs)  # the rest are hidden
    note = fig.locator(".table-range").inner_text()
    assert note == (f"The range on the chart: {shown[0]} to {shown[-1]} ({len(window)} of "
                    f"{len(xs)} rows; the range “All” lists every row).")
    assert (shown[0], shown[-1]) == tuple(f"{dt.date.fromisoformat(m + '-01'):%b %Y}"
                                          for m in (first, last))
    fig.screenshot(path=str(shots / f"chart-forecast-table-{_width(page)}.png"))
    page.select_option("#figure-forecast select", "all")
    _wait_until(page, "document.querySelectorAll('#table-forecast tbody tr:not([hidden])')"
                      f".length === {len(xs)}")
    every = _table_rows(page, "forecast")
    assert fig.locator(".table-range").inner_text() == f"Every row: {every[0]} to {every[-1]}."
    # a preset of the last 12 months: exactly those 12 rows
    page.select_option("#figure-forecast select", label="Last 12 months")
    _wait_until(page, "document.querySelectorAll('#table-forecast tbody tr:not([hidden])')"
                      ".length === 12")
    view = _view(page)
    rows = _table_rows(page, "forecast")
    assert len(rows) == 12 and fig.locator(".table-range").inner_text().startswith(
        f"The range on the chart: {rows[0]} to {rows[-1]} (12 of {len(xs)} rows")
    assert view["last"] == last
    # the reloaded link keeps the range and the table
    _ready(page, page.url)
    assert len(_table_rows(page, "forecast")) == 12
    assert fig.locator("#table-forecast").is_visible()


def _download(page: Any, selector: str) -> bytes:
    with page.expect_download() as info:
        page.locator(selector).click()
    return Path(info.value.path()).read_bytes()


def test_csv_download_matches_the_api(page: Any, server: str) -> None:
    """The explorer's months of FY2024 as CSV: the same numbers /api/query gives."""
    _ready(page, server + "/explorer?by=month&fy=2024&region=Southwest+Land+Border")
    got = list(csv.reader(io.StringIO(_download(page, "#figure-explorer button.csv").decode())))
    rows = _api(server, "/api/query?by=month&from=2023-10&to=2024-09"
                        "&where=region=Southwest+Land+Border&format=json")["rows"]
    assert got[0] == ["month", "encounters", "source", "rounding"]
    assert [r[:2] for r in got[1:]] == [[r["month"][:7], str(r["encounters"])] for r in rows]
    assert {tuple(r[2:]) for r in got[1:]} == {(
        "CBP Nationwide Encounters by state (USBP + OFO)", "unrounded")}
    assert len(got) == 13 and got[1][0] == "2023-10"
    # the trend's CSV is what is in view: zoomed to the last 12 months, 12 rows of the series
    _ready(page, server + "/")
    page.select_option("#figure-trend select", label="Last 12 months")
    trend = list(csv.reader(io.StringIO(_download(page, "#figure-trend button.csv").decode())))
    points = _api(server, TREND_API)["rows"][-12:]
    assert [r[:2] for r in trend[1:]] == [[p["month"][:7], str(p["encounters"])] for p in points]
    # the measure named; each month's counts, source and rounding beside its figure
    assert trend[0] == ["month", "Border Patrol encounters", "counts", "source", "rounding"]
    assert trend[-1][2:] == ["Border Patrol only",
                             "CBP Nationwide Encounters by area of responsibility", "unrounded"]


def test_png_and_svg_downloads(page: Any, server: str) -> None:
    _ready(page, server + "/sector/El%20Paso")
    png = _download(page, "#figure-sector button.png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert width == page.evaluate("window.borderflowCharts[0].plot.ctx.canvas.width")
    svg = _download(page, "#figure-sector button.svg").decode()
    assert svg.startswith("<?xml") and "<svg" in svg and "El Paso sector" in svg


def test_permalink_restores_the_view(page: Any, server: str, browser: Any) -> None:
    _ready(page, server + "/")
    page.select_option("#figure-trend select", label="Last 3 years")
    page.locator("#figure-sectors button[data-view=table]").click()
    link = page.locator("#figure-trend a.permalink").get_attribute("href")
    assert link == page.url and "trend=" in link and "sectors.view=table" in link
    before = _view(page, 0)
    other = browser.new_context(viewport=page.viewport_size)
    try:
        fresh = other.new_page()
        _ready(fresh, link)
        assert _view(fresh, 0) == before
        assert _view(fresh, 0)["select"] != "all"
        assert _view(fresh, 1)["view"] == "table"
        assert fresh.locator("#table-sectors").is_visible()
        assert fresh.locator("#figure-sectors .plot").is_hidden()
    finally:
        other.close()


@pytest.mark.parametrize("path", ["/", "/explorer", "/explorer?by=month&fy=2023",
                                  "/sector/Tucson", "/forecasts", "/capacity", "/claims",
                                  "/releases"])
def test_no_console_errors_and_no_critical_accessibility_violation(page: Any, server: str,
                                                                   path: str) -> None:
    """Every page, charts drawn, at both widths: no console error (the page fixture
    checks), nothing wider than the screen, and no critical accessibility violation."""
    from axe_playwright_python.sync_playwright import Axe

    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    if page.locator("figure.ichart").count():
        _wait_until(page, "window.borderflowCharts && window.borderflowCharts.length")
    assert page.evaluate("document.documentElement.scrollWidth") <= _width(page) + 10
    violations = Axe().run(page).response["violations"]
    assert [v["id"] for v in violations if v["impact"] == "critical"] == []


def test_capacity_chart_on_a_phone(page: Any, server: str, shots: Path) -> None:
    """The plan's chart: interactive, with the night's figures on hover, and its SVG
    drawn narrow enough that its type stays readable at 390 px."""
    page.goto(server + "/capacity")
    page.fill("input[name=surge]", "500")
    page.click("form button")
    _wait_until(page, "window.borderflowCharts && window.borderflowCharts.length === 1")
    page.locator("#figure-plan .plot").focus()
    page.keyboard.press("Home")
    text = page.locator("#figure-plan .readout").inner_text()
    assert "median beds needed" in text and "beds open 1,400" in text
    assert re.search(r"chance beds run out \d+(\.\d)?%", text)
    width_pt = float(page.evaluate(
        "parseFloat(document.querySelector('#figure-plan .chart svg').getAttribute('width'))"))
    assert width_pt <= 360  # points: shown at 390 px, 10-point type stays about 10 px
    shot = shots / f"chart-capacity-{_width(page)}.png"
    page.locator("#figure-plan").screenshot(path=str(shot))


def test_favicon(server: str) -> None:
    icon = httpx.get(server + "/favicon.ico", timeout=60)
    assert icon.status_code == 200 and icon.content[:4] == b"\x00\x00\x01\x00"  # an ICO
    html = httpx.get(server + "/", timeout=60).text
    svg = html.split('rel="icon" href="')[1].split('"')[0]
    answer = httpx.get(server + svg, timeout=60)
    assert answer.status_code == 200 and answer.headers["content-type"] == "image/svg+xml"
    assert answer.headers["cache-control"] == "public, max-age=31536000, immutable"


def test_without_javascript_the_svg_and_table_remain(browser: Any, server: str) -> None:
    """Progressive enhancement: with script off, each chart is the server's SVG with its
    text alternative, and its table opens from a summary; no tools are shown."""
    context = browser.new_context(viewport={"width": 390, "height": 844},
                                  java_script_enabled=False)
    try:
        pg = context.new_page()
        pg.goto(server + "/sector/Tucson")
        svg = pg.locator("#figure-sector .chart svg")
        assert svg.is_visible() and svg.bounding_box()["width"] <= 390
        alt = pg.locator("#figure-sector .chart").get_attribute("aria-label")
        assert alt.startswith("Line chart: Tucson sector")
        assert pg.locator(".chart-tools").count() == 0
        pg.locator("#figure-sector summary").click()
        rows = pg.locator("#table-sector tbody tr")
        assert rows.first.is_visible()
        series = httpx.get(server + "/api/series/Tucson", timeout=60).json()
        assert rows.count() == len(series["rows"])
    finally:
        context.close()
