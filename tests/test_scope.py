"""Scope on every figure: what was asked, the period, the months counted, the source."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from borderflow.cli import app

WIDE = {"COLUMNS": "250"}


def _run(home: Path, *args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--home", str(home)], env=WIDE)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_query_table_says_what_was_asked(official_home: Path) -> None:
    text = _run(official_home, "query", "-w", "region=southwest", "--fy", "2026")
    lines = text.splitlines()
    # the AOR release's FY2026 southwest total through July 2026 (MANIFEST)
    assert lines[0] == ("Encounters: region Southwest Land Border; FY2026; months counted: "
                        "2025-10 to 2026-07")
    assert "│    115,762 │" in text
    assert lines[-1].startswith("source: CBP Nationwide Encounters by area of responsibility; "
                                "releases #25 nationwide-encounters-fy23-fy26-jul-aor-extract"
                                ".csv (2026-08-31); NOT PUBLISHED by this source, so not "
                                "counted: 2026-08..2026-09")
    month = _run(official_home, "query", "-w", "region=sw", "--from", "2025-10", "--to",
                 "2025-10", "--as-of", "2026-01-01").splitlines()
    # as the November state release had it, before the AOR release revised it to 11,704
    assert month[0] == ("Encounters: region Southwest Land Border; 2025-10 to 2025-10; months "
                        "counted: 2025-10 to 2025-10 (as published by 2026-01-01)")
    assert any("│     11,707 │" in line for line in month)
    anything = _run(official_home, "query", "-b", "fy", "-w", "component=usbp", "--from",
                    "2024-01").splitlines()
    assert anything[0] == ("Encounters: component USBP; 2024-01 to the newest month; months "
                           "counted: 2024-12 to 2026-07")


def _specs(html: str) -> dict[str, dict[str, Any]]:
    found = re.findall(r'<script type="application/json" class="chart-spec">(.*?)</script>',
                       html, re.S)
    return {s["id"]: s for s in (json.loads(x) for x in found)}


def _csv(spec: dict[str, Any]) -> list[list[str]]:
    """The rows static/charts.js's downloadCsv writes (every x value in view)."""
    extra = spec.get("csvExtra") or []
    rows = [[spec["xlabel"], *(s.get("csv") or s["name"] for s in spec["series"]),
             *(e["name"] for e in extra)]]
    for i, x in enumerate(spec["xs"]):
        rows.append([x, *("" if s["values"][i] is None else str(s["values"][i])
                          for s in spec["series"]), *(e["values"][i] for e in extra)])
    return rows


def test_chart_csv_names_the_measure_source_and_rounding(official_home: Path) -> None:
    from fastapi.testclient import TestClient

    from borderflow.server import ApiSettings, create_app

    settings = ApiSettings(warehouse=official_home / "warehouse.duckdb")
    with TestClient(create_app(settings)) as client:
        overview = _specs(client.get("/").text)
        sector = _specs(client.get("/sector/El Paso").text)
    trend = _csv(overview["trend"])
    assert trend[0] == ["month", "Border Patrol encounters", "counts", "source", "rounding"]
    # July 2026, the AOR release's southwest Border Patrol figure, unrounded
    assert trend[-1][0] == "2026-07" and trend[-1][2:] == [
        "Border Patrol only", "CBP Nationwide Encounters by area of responsibility",
        "unrounded"]
    paso = _csv(sector["sector"])
    assert paso[0] == ["month", "Border Patrol encounters",
                       "Border Patrol encounters, seasonally adjusted", "counts", "source",
                       "rounding"]
    by = {r[0]: r for r in paso[1:]}
    assert by["2024-11"][-1] == "rounded to 10" and by["2024-11"][-2].startswith("OHSS")
    assert int(by["2024-11"][1]) % 10 == 0
    assert by["2024-12"][-2:] == ["CBP Nationwide Encounters by area of responsibility",
                                  "unrounded"]
    grid = _csv(overview["sectors"])
    assert grid[0][1] == "Big Bend: Border Patrol encounters" and grid[0][-2:] == [
        "source", "rounding"]
    assert {r[-1] for r in grid[1:]} == {"rounded to 10", "unrounded"}


def test_the_brief_says_rounding_and_what_it_leaves_out(official_home: Path) -> None:
    text = _run(official_home, "brief", "--month", "2023-08")
    lines = text.splitlines()
    i = lines.index("Busiest Border Patrol sectors, all borders, August 2023")
    # Tucson, August 2023, in the OHSS workbook (rounded to 10)
    assert "│    1 │ Tucson            │     48,750 │" in lines[i:i + 6]
    caption = next(x for x in lines[i:] if x.startswith("source: "))
    assert caption == ("source: #21 KHSM Encounters (USBP) fy25m11.xlsx (2025-01-16); figures "
                       "rounded to 10 by the source")
    assert lines[-1] == (
        "Not shown: Busiest Field Operations field offices, southwest border: no source "
        "publishes area_type field_office, component OFO, region Southwest Land Border for "
        "2023-08: the figures asked for run from 2024-12 to 2026-07 in this warehouse (CBP "
        "Nationwide Encounters by area of responsibility)")
    doc = json.loads(_run(official_home, "brief", "--month", "2023-08", "--json"))
    sectors = next(r for r in doc["rankings"] if r["label"].startswith("Busiest Border"))
    assert sectors["rounding"] == 10 and sectors["items"][0] == {"name": "Tucson",
                                                                 "encounters": 48_750}
    assert [o["table"] for o in doc["omitted"]] == [
        "Busiest Field Operations field offices, southwest border"]


def test_backtest_counts_mint_for_the_run_asked(official_home: Path) -> None:
    import datetime as dt

    from borderflow.forecast.panel import sector_panel
    from borderflow.forecast.protocol import backtest
    from borderflow.store import Warehouse

    with Warehouse(official_home / "warehouse.duckdb", read_only=True) as wh:
        panel = sector_panel(wh)
    year = backtest(panel, first=dt.date(2020, 1, 1), last=dt.date(2020, 12, 1),
                    scales=("log",))
    assert year["origins"] == 12 and year["reconciliation"]["calls"] == 12
    tucson = backtest(panel, first=dt.date(2020, 1, 1), last=dt.date(2020, 12, 1),
                      series=["Tucson"], scales=("log",))
    assert tucson["reconciliation"] == year["reconciliation"]  # MinT reconciles them all
    text = _run(official_home, "backtest", "--first-origin", "2024-01", "--last-origin",
                "2024-06", "--scale", "log")
    assert "MinT ran 6 times (once per origin scored, over the whole sector hierarchy)" in \
        " ".join(text.split())


def test_the_report_pdf_reads_no_css_xhtml2pdf_lacks(warehouse: Any, tmp_path: Path,
                                                     caplog: Any) -> None:
    import datetime as dt
    import logging

    from borderflow.report.monthly import build_report

    with caplog.at_level(logging.WARNING, logger="xhtml2pdf"):
        report = build_report(warehouse, dt.date(2026, 7, 1), tmp_path)
    assert report.pdf is not None and report.pdf.read_bytes()[:5] == b"%PDF-"
    assert [r.getMessage() for r in caplog.records if r.name.startswith("xhtml2pdf")] == []
    # the HTML keeps its screen-only rule
    assert "@media screen { table { border-collapse: collapse; } }" in report.html.read_text()
