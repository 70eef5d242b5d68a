"""Analytics: comparisons against the official files, the detector on known breaks, the report."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from borderflow import vocab
from borderflow.analytics.compare import compare, fiscal_year_change, pct
from borderflow.analytics.detect import all_series, detect_all, mix_shifts
from borderflow.analytics.events import EVENTS, nearest_event
from borderflow.analytics.seasonal import decompose
from borderflow.cli import app
from borderflow.store import Query, Warehouse

D = dt.date
SW = {"region": (vocab.SOUTHWEST,)}
SECTORS = {**SW, "component": (vocab.USBP,), "area_type": ("sector",)}


def test_fiscal_year_change_fy2024(warehouse: Warehouse) -> None:
    now, before, change, _ = fiscal_year_change(warehouse, 2024, SW)
    assert (now, before) == (2_135_005, 2_475_669)
    assert round(change, 1) == -13.8  # type: ignore[arg-type]


def test_sector_ranking_august_2023(warehouse: Warehouse) -> None:
    c = compare(warehouse, D(2023, 8, 1), by="area", filters=SECTORS)
    assert [r.group for r in c.rows[:4]] == ["Tucson", "Rio Grande Valley", "Del Rio", "El Paso"]
    assert [r.rank for r in c.rows[:4]] == [1, 2, 3, 4]
    assert sum(r.share for r in c.rows) == pytest.approx(1.0)
    assert c.releases == ["#21 KHSM Encounters (USBP) fy25m11.xlsx (2025-01-16)"]


def test_comparisons_match_independent_queries(warehouse: Warehouse) -> None:
    c = compare(warehouse, D(2023, 8, 1), by="component", filters=SW)
    usbp = c.row("USBP")
    assert usbp.value == 181_054
    q = lambda first, last: warehouse.query(Query(  # noqa: E731
        filters={**SW, "component": ("USBP",)}, start=first, end=last,
        source=c.family)).total()
    assert usbp.previous_month == q(D(2023, 7, 1), D(2023, 7, 1))
    assert usbp.year_ago == q(D(2022, 8, 1), D(2022, 8, 1))
    assert usbp.fytd == q(D(2022, 10, 1), D(2023, 8, 1))
    assert usbp.fytd_previous == q(D(2021, 10, 1), D(2022, 8, 1))
    assert usbp.mom_pct == pct(usbp.value, usbp.previous_month)
    assert c.row("OFO").value + usbp.value == 232_963


def test_seasonality_is_a_spring_peak(warehouse: Warehouse) -> None:
    factors = decompose(warehouse.series("southwest", measure="usbp")).seasonal_factors()
    assert max(factors, key=factors.__getitem__) in (3, 4, 5)
    assert factors[3] > 1.2 > 0.8 > factors[12]


@pytest.fixture(scope="module")
def alerts(warehouse: Warehouse) -> list:  # type: ignore[type-arg]
    return detect_all(warehouse)


@pytest.mark.parametrize(("name", "first", "last", "sign"), [
    ("March 2020 drop", D(2020, 3, 1), D(2020, 5, 1), -1),
    ("2021 rise", D(2021, 1, 1), D(2021, 7, 1), +1),
    ("May 2023 (Title 42 ends)", D(2023, 5, 1), D(2023, 7, 1), 0),
    ("June 2024 proclamation", D(2024, 6, 1), D(2024, 8, 1), -1),
    ("January 2025 collapse", D(2025, 1, 1), D(2025, 3, 1), -1),
])
def test_detector_flags_known_breaks(alerts: list, name: str, first: dt.date,  # type: ignore[type-arg]
                                     last: dt.date, sign: int) -> None:
    hits = [a for a in alerts if first <= a.month <= last
            and (sign == 0 or np.sign(a.change_pct) == sign)]
    assert hits, name
    assert all(a.explanation for a in hits)


def test_detector_does_not_flag_ordinary_spring_rises(warehouse: Warehouse,
                                                      alerts: list) -> None:  # type: ignore[type-arg]
    sw = {p.month: p.encounters for p in warehouse.series("southwest", measure="usbp").points}
    for year in (2011, 2012, 2013, 2015, 2016, 2018):
        # the raw series does rise from January to its spring peak...
        assert max(sw[D(year, m, 1)] for m in (3, 4, 5)) > 1.15 * sw[D(year, 1, 1)]
    # ...and the detector, on the seasonally adjusted series, flags no spring of 2011-2018
    # but May 2014, the surge of unaccompanied children and families in the Rio Grande Valley
    spring = sorted((a.month, a.series) for a in alerts if a.kind == "surge"
                    and 2011 <= a.month.year <= 2018 and 2 <= a.month.month <= 5)
    assert spring == [(D(2014, 5, 1), "nation (usbp)"), (D(2014, 5, 1), "southwest (usbp)")]


def test_level_shifts_are_explained_by_events(alerts: list) -> None:  # type: ignore[type-arg]
    # The series are the official OHSS workbook's before CBP's CSV releases (official before
    # transcription); on them the March 2020 break is a level shift in El Paso.
    shift = next(a for a in alerts if a.kind == "level shift" and
                 D(2020, 2, 1) <= a.month <= D(2020, 5, 1))
    assert shift.event is not None and shift.event.short == "Title 42 begins"
    assert "Title 42 begins (21 March 2020)" in shift.explanation


def test_events_are_sourced() -> None:
    assert len(EVENTS) >= 6
    assert all(e.source and e.description for e in EVENTS)
    assert nearest_event(D(2023, 6, 1)) is not None
    assert nearest_event(D(2012, 6, 1)) is None


def test_mix_shift_flags_the_2025_citizenship_swing(warehouse: Warehouse) -> None:
    found = mix_shifts(warehouse)
    mexico = [a for a in found if a.month >= D(2025, 2, 1) and a.explanation.startswith("Mexico")]
    assert mexico and mexico[0].value > mexico[0].baseline


def _png_has_content(path: Path) -> bool:
    from PIL import Image

    img = np.asarray(Image.open(path).convert("L"), dtype=float)
    return img.shape[0] > 300 and img.shape[1] > 600 and img.std() > 10 and \
        (img < 200).mean() > 0.01


def test_report_august_2023(official_home: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", "--month", "2023-08", "--out", str(tmp_path),
                                      "--home", str(official_home)])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "report-2023-08.html").read_text()
    headline = html[html.index('id="headline"'):html.index("</table>", html.index('id="headline"'))]
    values = [int(v) for v in re.findall(r'data-value="(\d+)"', headline)]
    assert values == [232_963, 304_073, 51_909, 181_054]
    assert "Tucson" in html and "Rio Grande Valley" in html
    refs = re.findall(r'class="ref">\[([\d,]+)\]', html)
    assert refs and len(re.findall(r"<li>#\d+ ", html)) == len({
        n for r in refs for n in r.split(",")})
    assert "nationwide-encounters-fy23-fy26-nov-state.csv" in html
    pngs = sorted((tmp_path / "charts").glob("*.png"))
    assert len(pngs) == 5 and all(_png_has_content(p) for p in pngs)
    assert all(f'src="charts/{p.name}"' in html for p in pngs)
    pdf = (tmp_path / "report-2023-08.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 3
    _assert_pages_break_cleanly(tmp_path / "report-2023-08.pdf", html)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _assert_pages_break_cleanly(pdf: Path, html: str) -> None:
    """No heading ends a page, no alert is cut in two, and every page a table is on shows
    the table's header row (the table is whole, or its header repeats)."""
    from html import unescape

    from pypdf import PdfReader

    pages = [_flat(p.extract_text() or "") for p in PdfReader(pdf).pages]
    headings = [unescape(h) for h in re.findall(r"<h2>([^<]+)</h2>", html)]
    assert len(headings) >= 8
    for text in pages:
        assert not any(text.endswith(h) for h in headings), text[-80:]
    alerts = [_flat(unescape(re.sub(r"<[^>]+>", "", a)))
              for a in re.findall(r'<div class="alert">(.*?)</div>', html, flags=re.S)]
    assert len(alerts) == 11
    for alert in alerts:  # each alert whole on one page
        assert sum(alert in text for text in pages) == 1, alert[:60]
    tables = re.findall(r'<table id="by-[a-z]+"(?: repeat="1")?>\s*<tr><th>([^<]+)</th>'
                        r'(.*?)</table>', html, flags=re.S)
    assert len(tables) == 4
    for header, body in tables:
        rows = [_flat(f"{unescape(label)} {value}") for label, value in
                re.findall(r"<tr><td>([^<]+)</td><td>([\d,]+)<", body)]
        on = [i for i, text in enumerate(pages) if any(row in text for row in rows)]
        assert on and all(f"{header} Encounters Share" in pages[i] for i in on), header


def test_chart_command_writes_png_and_svg(official_home: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["chart", "grid", "--out", str(tmp_path / "grid"),
                                      "--home", str(official_home)])
    assert result.exit_code == 0, result.output
    assert _png_has_content(tmp_path / "grid.png")
    assert (tmp_path / "grid.svg").read_text().lstrip().startswith("<?xml")


def test_all_series_cover_fy2000_to_2025(warehouse: Warehouse) -> None:
    series = all_series(warehouse)
    assert series[0].points[0].month == D(1999, 10, 1)
    assert series[0].points[-1].month >= D(2025, 8, 1)
    assert len(series) == 13
