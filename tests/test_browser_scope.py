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


def _right_edge_ink(page: Any) -> int:
    """Pixels drawn in the last 3 columns of the first chart's bottom 40 px (the x axis)."""
    return int(page.evaluate("""() => {
        const c = window.borderflowCharts[0].plot.ctx.canvas, r = window.devicePixelRatio || 1;
        const ctx = c.getContext('2d'), band = Math.round(40 * r);
        const d = ctx.getImageData(c.width - Math.round(3 * r), c.height - band,
                                   Math.round(3 * r), band).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) { n++; } }
        return n;
    }"""))


def test_the_last_month_label_is_not_cut(page: Any, server: str) -> None:
    """"Jan 2027" sits on the plot's right edge: the canvas keeps room for all of it, so
    nothing is drawn in the axis band's last columns (a cut label would reach them)."""
    _ready(page, server + "/forecasts?series=sectors:Nation")
    assert _right_edge_ink(page) == 0


def test_explorer_bar_labels_never_overlap(page: Any, server: str) -> None:
    """Three regions at 390 px: the labels slant (upright, each is wider than its column),
    and the last one is not cut at the right edge."""
    _ready(page, server + "/explorer")
    got = page.evaluate("""() => {
        const u = window.borderflowCharts[0].plot, xs = window.borderflowCharts[0].spec.xs;
        const ctx = document.createElement('canvas').getContext('2d');
        ctx.font = '12px system-ui, sans-serif';
        return {rotate: u.axes[0]._rotate, slot: u.bbox.width / (window.devicePixelRatio || 1)
                / xs.length, widest: Math.max(...xs.map(x => ctx.measureText(x).width))};
    }""")
    assert got["rotate"] == -40 or got["widest"] + 8 <= got["slot"]
    if page.viewport_size["width"] == 390:
        assert got["rotate"] == -40 and got["widest"] > got["slot"]
    assert _right_edge_ink(page) == 0


def test_event_lines_without_room_for_a_label_are_numbered(page: Any, server: str) -> None:
    _ready(page, server + "/sector/El%20Paso")
    key = page.locator("#figure-sector .event-key")
    text = key.inner_text()
    events = page.evaluate("() => window.borderflowCharts[0].spec.events.map(e => e.label)")
    assert len(events) == 8
    assert text.startswith("Numbered lines (no room for their labels): 1 ")
    named = [part.split(" ", 1)[1].rsplit(" (", 1)[0]
             for part in text.split(": ", 1)[1].split("; ")]
    assert set(named) <= set(events) and named
    if page.viewport_size["width"] == 1366:  # five labels fit above the plot; three do not
        assert text == ("Numbered lines (no room for their labels): 1 Title 42 begins (Mar "
                        "2020); 2 June 2024 proclamation (Jun 2024); 3 Jan 2025 emergency (Jan "
                        "2025)")
