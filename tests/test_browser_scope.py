"""Chart legends and labels in Chromium (fixtures from tests/test_browser_charts.py)."""

from __future__ import annotations

from typing import Any

from tests.test_browser_charts import _ready, _wait_until, browser, page, server

__all__ = ["browser", "page", "server"]  # fixtures, used by name


def _legend(page: Any, fid: str) -> list[str]:
    """The legend's visible rows' labels."""
    return [str(x) for x in page.evaluate(
        f"() => Array.from(document.querySelectorAll('#figure-{fid} .u-legend .u-series'))"
        ".filter(r => r.style.display !== 'none')"
        ".map(r => r.querySelector('.u-label').textContent)")]


def test_forecast_and_capacity_legends_name_their_bands(page: Any, server: str) -> None:
    _ready(page, server + "/forecasts?series=sectors:Nation")
    labels = _legend(page, "forecast")
    assert "95% interval" in labels and "80% interval" in labels
    assert not any(x.endswith((", high", ", low")) for x in labels)
    # the band's row shows its range where the cursor is: January 2027, 1,306 to 99,711
    page.locator("#figure-forecast .plot").focus()
    page.keyboard.press("End")
    row = page.evaluate(
        "() => Array.from(document.querySelectorAll('#figure-forecast .u-legend .u-series'))"
        ".find(r => r.querySelector('.u-label').textContent === '95% interval')"
        ".querySelector('.u-value').textContent")
    assert row == "1,306 – 99,711"
    page.goto(server + "/capacity")
    page.fill("input[name=surge]", "500")
    page.click("form button")
    _wait_until(page, "window.borderflowCharts && window.borderflowCharts.length === 1")
    labels = _legend(page, "plan")
    assert "90% range" in labels and "50% range" in labels
