"""Current forecasts: each hierarchy from its own newest month, observed months against the
actual, sources named."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from borderflow.cli import app
from borderflow.forecast.current import NATION_ALL, SW_ALL, PanelForecast, current
from borderflow.forecast.panel import sector_panel
from borderflow.store import Query, Warehouse

D = dt.date


@pytest.fixture(scope="module")
def results(warehouse: Warehouse) -> dict[str, PanelForecast]:
    return {r.name: r for r in current(warehouse, 6)}


def test_each_hierarchy_starts_from_its_own_newest_month(
        results: dict[str, PanelForecast]) -> None:
    assert {n: r.origin for n, r in results.items()} == {
        "sectors": D(2026, 7, 1), "totals": D(2026, 7, 1), "states": D(2025, 11, 1),
        "components": D(2025, 8, 1), "demographics": D(2025, 8, 1)}
    for r in results.values():
        assert r.panel is not None
        assert {row["origin"] for row in r.rows} == {r.origin}
        assert {row["data_through"] for row in r.rows} == {r.panel.months[-1]}
    assert [s[0] for s in results["totals"].panel.segments] == ["cbp_state", "cbp_aor"]  # type: ignore[union-attr]


def test_totals_are_the_official_figures(results: dict[str, PanelForecast]) -> None:
    p = results["totals"].panel
    assert p is not None
    nation, sw = p.values[p.index(NATION_ALL)], p.values[p.index(SW_ALL)]
    oct_nov = [p.months.index(D(2025, 10, 1)), p.months.index(D(2025, 11, 1))]
    # the FY2026 year-to-date totals of the December 2025 state release (MANIFEST 3.1)
    assert nation[oct_nov].sum() == 60_926 and sw[oct_nov].sum() == 22_667
    assert p.segments[0][1:] == (D(2019, 10, 1), D(2025, 11, 1))
    assert p.segments[1][1:] == (D(2025, 12, 1), D(2026, 7, 1))
    assert results["totals"].notes == ["totals carried on by the AOR release for 2025-12 to "
                                       "2026-07, after the state release ends"]


def test_published_months_are_shown_against_the_actual(results: dict[str, PanelForecast],
                                                       warehouse: Warehouse) -> None:
    totals = results["totals"].panel
    assert totals is not None
    states = results["states"]
    sw = [r for r in states.rows if r["series"] == SW_ALL]
    assert [r["target"] for r in sw] == [D(2025, 12, 1), D(2026, 1, 1), D(2026, 2, 1),
                                        D(2026, 3, 1), D(2026, 4, 1), D(2026, 5, 1)]
    assert {r["status"] for r in sw} == {"observed"}
    for r in sw:
        assert r["actual"] == totals.values[totals.index(SW_ALL), totals.months.index(
            r["target"])]
        assert r["actual_source"] == "cbp_aor"
    # no release has states after November 2025: those stay forecasts, and the note says so
    assert {r["status"] for r in states.rows if r["series"] == "AZ"} == {"outlook"}
    assert any("data end 2025-11" in n for n in states.notes)
    usbp = next(r for r in results["components"].rows
                if r["series"] == "USBP" and r["target"] == D(2025, 9, 1))
    aor = warehouse.query(Query(filters={"region": "sw", "component": "usbp"},
                                group_by=("month",), source="cbp_aor"))
    assert usbp["status"] == "observed"
    assert usbp["actual"] == aor.value(month=D(2025, 9, 1)) == 8_386
    assert {r["status"] for r in results["sectors"].rows} == {"outlook"}


def test_forecasts_add_up_in_every_hierarchy(results: dict[str, PanelForecast]) -> None:
    for r in results.values():
        p = r.panel
        assert p is not None
        mean = np.array([[row["mean"] for row in r.rows if row["series"] == n]
                         for n in p.names])
        nb = p.summing.shape[1]
        assert np.allclose(p.summing @ mean[:nb], mean, rtol=1e-8)
        assert (mean >= 0).all()


def test_a_warehouse_without_the_newer_releases(tmp_path: Path, data_dir: Path) -> None:
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.ingest([data_dir / "ohss_khsm"])
        got = {r.name: r for r in current(wh, 2)}
        panel = sector_panel(wh)
    assert got["sectors"].origin == D(2024, 11, 1) == panel.months[-1]
    assert [s[0] for s in panel.segments] == ["ohss_khsm.monthly_rgn_and_sector"]
    assert {r["status"] for r in got["sectors"].rows} == {"outlook"}
    for name in ("totals", "states", "components", "demographics"):
        assert got[name].panel is None and not got[name].rows
        assert got[name].notes[0].startswith("not forecast: ")


def test_forecast_command_names_origin_and_actuals(official_home: Path) -> None:
    result = CliRunner().invoke(app, ["forecast", "--json", "--horizon", "1", "--series",
                                      SW_ALL, "--home", str(official_home)])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)  # progress, if any, is on stderr
    by = {p["panel"]: p for p in doc["panels"]}
    assert by["totals"]["origin"] == "2026-07" and by["states"]["origin"] == "2025-11"
    assert by["sectors"]["counts"] == "Border Patrol only"
    assert by["totals"]["counts"] == "all of CBP"
    (row,) = by["states"]["forecasts"]
    assert row["series"] == SW_ALL and row["target"] == "2025-12"
    assert row["status"] == "observed" and row["actual"] > 0
    assert by["sectors"]["forecasts"] == []  # the series is not in the sector hierarchy
    bad = CliRunner().invoke(app, ["forecast", "--series", "Atlantis", "--home",
                                   str(official_home)])
    assert bad.exit_code == 1 and "unknown series Atlantis" in bad.output
    # the table: only the panel that has the series, sources by title
    text = CliRunner().invoke(app, ["forecast", "--horizon", "1", "--series", "El Paso",
                                    "--home", str(official_home)],
                              env={"COLUMNS": "300"}).stdout
    titles = [line.split(":")[0] for line in text.splitlines() if ": forecast from " in line]
    assert titles == ["sectors (Border Patrol only)"]
    assert ("source: OHSS KHSM USBP encounters: monthly rgn and sector (rounded to 10), 1999-10 "
            "to 2024-11; CBP Nationwide Encounters by area of responsibility, 2024-12 to "
            "2026-07") in " ".join(text.split())  # the caption wraps to the table's width


def test_a_panel_keeps_the_months_after_the_last_gap() -> None:
    from borderflow.errors import NoSourceError
    from borderflow.forecast.panel import trailing_run

    got = trailing_run({D(2024, 1, 1), D(2024, 2, 1), D(2024, 4, 1), D(2024, 5, 1)})
    assert got == [D(2024, 4, 1), D(2024, 5, 1)]
    assert trailing_run([D(2023, 12, 1), D(2024, 1, 1)]) == [D(2023, 12, 1), D(2024, 1, 1)]
    with pytest.raises(NoSourceError, match="no months of data"):
        trailing_run(set())


def test_the_actual_is_the_newest_revision_naming_its_release(
        results: dict[str, PanelForecast], official_home: Path) -> None:
    # Southwest, October 2025: 11,707 in the November state release, revised to 11,704 by
    # the July AOR release (what `borderflow query` answers, MANIFEST)
    for name in ("components", "demographics", "states"):
        (row,) = [r for r in results[name].rows
                  if r["series"] == SW_ALL and r["target"] == D(2025, 10, 1)] or [None]
        if row is None:  # the states panel's data run through November 2025
            assert name == "states"
            continue
        assert row["actual"] == 11_704, name
        assert row["actual_source"] == "cbp_aor"
        assert "nationwide-encounters-fy23-fy26-jul-aor-extract.csv" in row["actual_release"]
        assert row["actual_rounding"] == 1
    text = CliRunner().invoke(app, ["forecast", "--panel", "components", "--horizon", "3",
                                    "--series", SW_ALL, "--home", str(official_home)],
                              env={"COLUMNS": "200"}).stdout
    line = next(x for x in text.splitlines() if "2025-10" in x)
    assert "11,704 (#" in line and "11,707" not in text
    assert "nationwide-encounters-fy23-fy26-jul-aor-extract.csv (2026-08-31): CBP Nationwide " \
           "Encounters by area of responsibility" in text


def test_wide_bands_are_flagged_and_scoring_is_said(results: dict[str, PanelForecast],
                                                     official_home: Path) -> None:
    from borderflow.forecast.current import WIDE_BAND, wide_band

    row = next(r for r in results["components"].rows
               if r["series"] == SW_ALL and r["target"] == D(2025, 10, 1))
    # 95% band 1,091 to 89,456 around 9,877: 8.9 times the forecast
    assert (round(row["lo95"]), round(row["hi95"]), round(row["mean"])) == (1_091, 89_456,
                                                                            9_877)
    assert row["wide95"] and not row["scored"] and WIDE_BAND == 3
    assert wide_band({"lo95": 100.0, "hi95": 400.0, "mean": 100.0}) is False  # 3 times: kept
    assert wide_band({"lo95": 100.0, "hi95": 401.0, "mean": 100.0}) is True
    # symmetric on the log scale: a band of exactly 3 times runs 0.30 to 3.30 times
    a = np.arcsinh(1.5)
    assert (round(np.exp(-a), 2), round(np.exp(a), 2)) == (0.30, 3.30)
    assert {r["scored"] for r in results["sectors"].rows if r["series"] == "Tucson"} == {True}
    assert {r["scored"] for r in results["sectors"].rows if r["series"] == "Nation"} == {False}
    text = CliRunner().invoke(app, ["forecast", "--horizon", "1", "--series", "Nation",
                                    "--series", "Tucson", "--home", str(official_home)],
                              env={"COLUMNS": "300"}).stdout
    assert "│ Nation (Border Patrol) │ 2026-08 │" in text
    assert ("scored here: Tucson; never scored (same method and bands, accuracy unmeasured): "
            "Nation") in text
    wide = CliRunner().invoke(app, ["forecast", "--panel", "components", "--horizon", "2",
                                    "--series", SW_ALL, "--home", str(official_home)],
                              env={"COLUMNS": "300"}).stdout
    assert "1,091-89,456 !" in wide
    assert "! 95% band wider than 3 times the forecast: not informative" in wide


def test_without_the_planner_the_panels_own_figure_is_kept_release_unsaid(
        warehouse: Warehouse, monkeypatch: pytest.MonkeyPatch) -> None:
    import borderflow.forecast.current as cur

    monkeypatch.setattr(cur, "newest_actual", lambda *a: None)
    (got,) = cur.current(warehouse, 1, ("components",))
    (row,) = [r for r in got.rows if r["series"] == "USBP"]
    # September 2025 from the AOR release's southwest USBP figure (8,386), no release named
    assert row["status"] == "observed" and row["actual"] == 8_386
    assert row["actual_source"] == "cbp_aor" and row["actual_release"] is None
