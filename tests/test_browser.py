"""The dashboard in a real browser: Debian's Chromium driven by Playwright.

Every page loads with data, one main interaction per page works, and a
screenshot of each is written for review (to $BORDERFLOW_SCREENSHOTS, or the
test's temporary folder).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.servers import serving
from tests.test_browser_charts import _wait_until

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def server(official_home: Path) -> Iterator[str]:
    with serving(official_home) as base:
        yield base


@pytest.fixture(scope="module")
def page(server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is missing: ./test.sh installs Debian's chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        pg = browser.new_page(viewport={"width": 1200, "height": 900})
        pg.set_default_timeout(60_000)
        yield pg
        browser.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("BORDERFLOW_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _shot(page: Any, shots: Path, name: str) -> None:
    target = shots / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000


def test_overview(page: Any, server: str, shots: Path) -> None:
    page.goto(server + "/")
    assert page.locator("h1").inner_text() == "Border encounters"
    assert page.locator(".card .value").first.inner_text() == "12,730"
    assert page.locator("svg").count() >= 2
    page.keyboard.press("Tab")  # the first link takes the focus: usable by keyboard
    assert page.evaluate("document.activeElement.textContent") == "Overview"
    _shot(page, shots, "overview")


def test_explorer_filter(page: Any, server: str, shots: Path) -> None:
    page.goto(server + "/explorer")
    page.select_option("select[name=by]", "component")
    page.select_option("select[name=region]", "Southwest Land Border")
    page.fill("input[name=from]", "2023-08")
    page.fill("input[name=to]", "2023-08")
    page.click("button[type=submit]")
    assert "181,054" in page.locator("#results").inner_text()
    _shot(page, shots, "explorer")


def test_explorer_fiscal_year_and_as_of(page: Any, server: str, shots: Path) -> None:
    page.goto(server + "/explorer")
    page.select_option("select[name=by]", "component")
    page.select_option("select[name=region]", "Southwest Land Border")
    page.select_option("select[name=fy]", "2023")
    page.click("button[type=submit]")
    assert page.locator("#total").inner_text().split("\t")[:2] == [
        "Total, Oct 2022 to Sep 2023", "2,475,669"]  # CBP's published FY2023 southwest total
    assert page.locator("#results tbody tr").count() == 2
    _shot(page, shots, "explorer-fy")
    page.goto(server + "/explorer?by=region&from=2023-08&to=2023-08")
    page.fill("input[name=as_of]", "2023-11-20")
    page.click("button[type=submit]")
    assert "As published on 2023-11-20" in page.locator("#as-of").inner_text()
    assert "#16 nationwide-encounters-fy21-fy24-oct-state.csv" in page.content()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server + "/explorer?by=month&fy=2024")
    assert page.locator("#results tbody tr").count() == 12
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    _shot(page, shots, "explorer-phone")
    page.set_viewport_size({"width": 1200, "height": 900})


def test_sector_navigation(page: Any, server: str, shots: Path) -> None:
    page.goto(server + "/sector/Tucson")
    page.click("text=El Paso")
    assert page.locator("h1").inner_text() == "El Paso sector"
    _shot(page, shots, "sector")


def test_forecasts_series_change(page: Any, server: str, shots: Path) -> None:
    page.goto(server + "/forecasts")
    page.select_option("select[name=series]", "Yuma")
    page.click("form button")
    assert "Yuma: Border Patrol encounters and forecast" in page.content()
    assert page.locator("#forecast tr").count() == 7
    assert page.locator("#track-record td").nth(1).inner_text() == "0"  # a table, not a dict
    _shot(page, shots, "forecasts")
    page.select_option("select[name=series]", label="Office of Field Operations")
    page.click("form button")
    assert "data through Aug 2025" in page.locator("#origin").inner_text()
    assert page.locator("#checked tr").count() == 7  # published since: against the actual
    assert page.locator("#forecast").count() == 0
    assert "<!-- actual, published since -->" in page.locator(".chart").inner_html()


def test_capacity_scenario(page: Any, server: str, shots: Path) -> None:
    page.goto(server + "/capacity")
    page.fill("input[name=surge]", "500")
    page.click("form button")
    assert "Beds are already short on the first night" in page.locator("#verdict").inner_text()
    _shot(page, shots, "capacity")


def test_claims_paste(page: Any, server: str, shots: Path) -> None:
    page.goto(server + "/claims")
    page.fill("textarea[name=text]", "Southwest border encounters totaled 3.5 million in "
                                     "fiscal year 2023.")
    page.click("form button")
    assert page.locator(".verdict .tag").first.inner_text().lower() == "contradicted"
    _shot(page, shots, "claims")


CAPACITY_LINK = ("/capacity?beds=1400&overflow=400&overflow_day=2&arrivals=2000&stay=1"
                 "&departures=2400&occupancy=1500&surge=250")


def test_capacity_result_reproduced_from_its_link(page: Any, server: str, shots: Path) -> None:
    """The result of the POSTed form is in the address bar, the page's link and the chart's
    "Link to this view"; each opens the same form and result, not an empty form."""
    page.goto(server + "/capacity")
    page.fill("input[name=surge]", "250")
    page.click("form button")
    _wait_until(page, "location.search.length > 0 && window.borderflowCharts && "
                      "window.borderflowCharts.length === 1")
    verdict = page.locator("#verdict").inner_text()
    assert verdict.startswith("Beds are already short on the first night")
    assert page.evaluate("location.pathname + location.search") == CAPACITY_LINK
    assert page.locator("#permalink").get_attribute("href") == CAPACITY_LINK
    assert page.evaluate("window.borderflowCharts[0].link.href") == server + CAPACITY_LINK
    _shot(page, shots, "capacity-result-link")
    fresh = page.context.browser.new_page()
    try:
        fresh.goto(server + CAPACITY_LINK)
        assert fresh.locator("#verdict").inner_text() == verdict
        assert fresh.locator("input[name=surge]").input_value() == "250"
        fresh.reload()
        assert fresh.locator("#verdict").inner_text() == verdict
    finally:
        fresh.close()


def test_claims_result_reproduced_from_its_link(page: Any, server: str, shots: Path) -> None:
    text = "Southwest border encounters totaled 3.5 million in fiscal year 2023."
    page.goto(server + "/claims")
    page.fill("textarea[name=text]", text)
    page.fill("input[name=date]", "2024-01-10")
    page.click("form button")
    _wait_until(page, "location.search.length > 0")
    verdicts = page.locator("#verdicts").inner_text()
    assert page.locator(".verdict .tag").first.inner_text().lower() == "contradicted"
    link = page.locator("#permalink").get_attribute("href")
    assert link == ("/claims?text=Southwest+border+encounters+totaled+3.5+million+in+fiscal"
                    "+year+2023.&date=2024-01-10")
    assert page.evaluate("location.pathname + location.search") == link
    _shot(page, shots, "claims-result-link")
    fresh = page.context.browser.new_page()
    try:
        fresh.goto(server + link)
        assert fresh.locator("#verdicts").inner_text() == verdicts
        assert fresh.locator("textarea[name=text]").input_value() == text
        assert fresh.locator("input[name=date]").input_value() == "2024-01-10"
    finally:
        fresh.close()
    page.goto(server + "/claims")
    long = text + " " + "x" * 2_000  # too long for a link
    page.fill("textarea[name=text]", long)
    page.click("form button")
    page.locator("#verdicts").wait_for()
    assert page.evaluate("location.pathname + location.search") == "/claims"
    assert page.locator("#permalink").count() == 0
    assert page.locator("#permalink-note").inner_text().startswith(
        f"This text is too long for a link ({len(long):,} characters; a link carries at most "
        "2,000)")


def test_releases_diff(page: Any, server: str, shots: Path) -> None:
    page.goto(server + "/releases")
    page.select_option("select[name=old]", "16")  # picked from the list, by name
    page.select_option("select[name=new]", "18")
    page.click("form button")
    assert "cells changed" in page.locator("#diff-summary").inner_text()
    _shot(page, shots, "releases")


def test_phone_width(page: Any, server: str, shots: Path) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server + "/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400  # no sideways scrolling on a phone
    _shot(page, shots, "overview-phone")
    page.set_viewport_size({"width": 1200, "height": 900})


def test_errors_are_pages(page: Any, server: str, shots: Path) -> None:
    page.goto(server + "/sector/Atlantis")
    assert page.locator("#error").inner_text().startswith("unknown series 'Atlantis'")
    assert page.locator("a[href='/']").count() >= 1
    _shot(page, shots, "error-page")
    page.goto(server + "/capacity")
    page.fill("input[name=stay]", "0")
    page.click("form button")
    assert page.locator("#error-stay").inner_text() == \
        "Mean stay (nights): enter a number from 0.05 to 365"
    assert page.locator("input[name=stay]").input_value() == "0"
    assert page.locator("input[name=beds]").input_value() == "1400"  # the rest kept as typed
    _shot(page, shots, "capacity-errors")


def test_docs_offline(page: Any, server: str, shots: Path) -> None:
    """Swagger UI renders with every request beyond this machine refused."""
    blocked: list[str] = []

    def local_only(route: Any) -> None:
        host = urlsplit(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", local_only)
    try:
        page.goto(server + "/docs")
        assert page.locator(".swagger-ui .info .title").inner_text().startswith("borderflow")
        page.locator(".opblock-summary-path", has_text="/api/query").first.wait_for()
        assert page.locator(".opblock").count() >= 10
        assert blocked == []  # it asked for nothing beyond this machine
        _shot(page, shots, "docs-offline")
        page.click("#dashboard-link a")  # and back to the dashboard
        assert page.locator("h1").inner_text() == "Border encounters"
    finally:
        page.unroute("**/*")


@pytest.mark.parametrize("path", ["/", "/explorer", "/explorer?by=month&fy=2023",
                                  "/sector/Tucson", "/forecasts", "/capacity", "/claims",
                                  "/releases"])
def test_pages_pass_the_accessibility_check(page: Any, server: str, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(server + path)
    violations = Axe().run(page).response["violations"]
    assert [(v["id"], v["impact"]) for v in violations] == []


def test_docs_have_no_critical_accessibility_violation(page: Any, server: str) -> None:
    # Swagger UI is third-party: its serious findings (contrast, nesting) are its own
    from axe_playwright_python.sync_playwright import Axe

    page.goto(server + "/docs")
    page.wait_for_selector(".opblock")
    violations = Axe().run(page).response["violations"]
    assert [v["id"] for v in violations if v["impact"] == "critical"] == []


@pytest.fixture
def fresh(page: Any) -> Iterator[Any]:
    """A page in a browser context of its own: the language cookie a switch leaves
    stays there, out of the other tests' way."""
    context = page.context.browser.new_context(viewport={"width": 1366, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    context.close()


@pytest.mark.parametrize("width", [1366, 390])
def test_spanish_switch_keeps_the_view(fresh: Any, server: str, shots: Path,
                                       width: int) -> None:
    fresh.set_viewport_size({"width": width, "height": 900})
    view = "/explorer?by=component&region=Southwest+Land+Border&fy=2023"
    fresh.goto(server + view)
    assert fresh.locator("html").get_attribute("lang") == "en"
    fresh.click("#lang-es")
    assert fresh.locator("html").get_attribute("lang") == "es"
    assert fresh.url == server + view + "&lang=es"  # the same view, in Spanish
    assert fresh.locator("h1").inner_text() == "Explorador"
    assert fresh.locator("select[name=by]").input_value() == "component"
    assert fresh.locator("select[name=fy]").input_value() == "2023"
    assert fresh.locator("#total").inner_text().split("\t")[:2] == [
        "Total, oct 2022 a sep 2023", "2,475,669"]  # CBP's published FY2023 southwest total
    assert fresh.locator("#results tbody tr").first.inner_text().split("\t")[0] == \
        "Patrulla Fronteriza de EE. UU."
    assert fresh.evaluate("document.documentElement.scrollWidth") <= width + 10
    _shot(fresh, shots, f"explorer-es-{width}")
    # the choice holds on the next page, reached by the menu
    fresh.click("nav >> text=Resumen")
    assert fresh.locator("h1").inner_text() == "Encuentros en la frontera"
    assert fresh.locator(".card .value").first.inner_text() == "12,730"
    fresh.click("#lang-en")
    assert fresh.locator("h1").inner_text() == "Border encounters"


@pytest.mark.parametrize("path", ["/", "/explorer?by=month&fy=2023", "/sector/Tucson",
                                  "/forecasts", "/capacity", "/claims", "/releases"])
def test_spanish_pages_pass_the_accessibility_check(fresh: Any, server: str, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    fresh.goto(server + path + ("&" if "?" in path else "?") + "lang=es")
    assert fresh.locator("html").get_attribute("lang") == "es"
    violations = Axe().run(fresh).response["violations"]
    assert [(v["id"], v["impact"]) for v in violations] == []
