"""Forecasts: coherence, interval properties, determinism, the backtest, the track record."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from borderflow import vocab
from borderflow.cli import app
from borderflow.forecast.backtest import OnlineConformal, forecast
from borderflow.forecast.models import METHODS, seasonal_factors
from borderflow.forecast.panel import Panel, log_values, sector_panel
from borderflow.forecast.protocol import seasonal_scale
from borderflow.forecast.reconcile import mint, shrunk_covariance
from borderflow.forecast.scoreboard import score, summary
from borderflow.store import Warehouse

D = dt.date


@pytest.fixture(scope="module")
def panel(warehouse: Warehouse) -> Panel:
    return sector_panel(warehouse)


def test_panel_is_the_ohss_hierarchy_carried_on_by_the_aor_release(panel: Panel) -> None:
    assert panel.months[0] == D(1999, 10, 1) and panel.months[-1] == D(2026, 7, 1)
    assert [(f, a, b) for f, a, b in panel.segments] == [
        ("ohss_khsm.monthly_rgn_and_sector", D(1999, 10, 1), D(2024, 11, 1)),
        ("cbp_aor", D(2024, 12, 1), D(2026, 7, 1))]
    nation = panel.values[panel.index("Nation")]
    # Border Patrol nationwide in the AOR release (MANIFEST section 7)
    assert nation[panel.months.index(D(2024, 12, 1))] == 48_137
    assert nation[panel.months.index(D(2026, 7, 1))] == 11_298
    assert panel.values[panel.index("Livermore"), -20:].tolist() == [0.0] * 20
    sw = panel.values[panel.index("Southwest")]
    assert sw[panel.months.index(D(2023, 8, 1))] == 182_380 - sum(
        panel.values[panel.index(s), panel.months.index(D(2023, 8, 1))]
        for s in ("Blaine", "Buffalo", "Detroit", "Grand Forks", "Havre", "Houlton", "Spokane",
                  "Swanton", "Miami", "New Orleans", "Ramey", "Livermore"))
    assert panel.values[panel.index("Nation")].sum() == panel.values[panel.bottom].sum()


def test_forecasts_are_coherent(panel: Panel) -> None:
    fc = forecast(panel, 6)
    sectors = [panel.index(s) for s in vocab.SOUTHWEST_SECTORS]
    assert np.allclose(fc.mean[sectors].sum(axis=0), fc.mean[panel.index("Southwest")],
                       rtol=1e-9, atol=1e-6)
    regions = [panel.index(r) for r in ("Southwest", "Northern", "Coastal")]
    assert np.allclose(fc.mean[regions].sum(axis=0), fc.mean[panel.index("Nation")], rtol=1e-9)
    assert fc.origin == D(2026, 7, 1)
    assert fc.targets == [D(2026, 8, 1), D(2026, 9, 1), D(2026, 10, 1), D(2026, 11, 1),
                          D(2026, 12, 1), D(2027, 1, 1)]
    assert (fc.mean >= 0).all()


def synthetic(seed: int, n: int, level: float, jump: float) -> Panel:
    rng = np.random.default_rng(seed)
    months = vocab.month_range(D(2005, 10, 1), vocab.add_months(D(2005, 10, 1), n - 1))
    t = np.arange(n)
    season = 0.2 * np.sin(2 * np.pi * (t % 12) / 12)
    bottom = np.exp(np.log(level) + season + np.cumsum(rng.normal(0, 0.08, (3, n)), axis=1)
                    + jump * (t >= n // 2))
    summing = np.vstack([np.eye(3), np.ones((1, 3))])
    return Panel(["a", "b", "c", "total"], months, summing @ bottom, summing, ["synthetic"])


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(40, 90), level=st.floats(5, 5_000),
       jump=st.floats(-1.5, 1.5))
def test_interval_properties(seed: int, n: int, level: float, jump: float) -> None:
    p = synthetic(seed, n, level, jump)
    fc = forecast(p, 4)
    assert (fc.mean >= 0).all() and (fc.lo[95] >= 0).all()
    assert (fc.lo[95] <= fc.lo[80] + 1e-9).all() and (fc.lo[80] <= fc.mean + 1e-9).all()
    assert (fc.mean <= fc.hi[80] + 1e-9).all() and (fc.hi[80] <= fc.hi[95] + 1e-9).all()
    again = forecast(p, 4)
    assert np.array_equal(fc.mean, again.mean) and np.array_equal(fc.hi[95], again.hi[95])
    assert np.allclose(fc.mean[:3].sum(axis=0), fc.mean[3])


def test_models_against_one_line_oracles() -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(5, 1, (2, 40))
    assert np.array_equal(METHODS["naive"](x, 10, 3), np.repeat(x[:, -1:], 3, axis=1))
    assert np.array_equal(METHODS["seasonal_naive"](x, 10, 3), x[:, 28:31])
    flat = np.tile(np.arange(12.0), 4)[None, :]  # a pure seasonal pattern starting in January
    factors = seasonal_factors(flat, 1)
    assert np.allclose(factors[0], np.arange(12.0) - 5.5)
    assert np.allclose(METHODS["sa_naive"](flat, 1, 12)[0], np.arange(12.0))
    scale = seasonal_scale(x)
    assert np.isnan(scale[:, 11]).all()
    for t in (12, 30, 39):
        assert np.allclose(scale[:, t], [np.mean(np.abs(r[12:t + 1] - r[:t - 11])) for r in x])


def test_mint_matches_the_closed_form_and_stays_non_negative() -> None:
    summing = np.vstack([np.eye(2), np.ones((1, 2))])
    base = np.array([[10.0, 11.0], [20.0, 19.0], [35.0, 33.0]])
    residuals = np.random.default_rng(0).normal(0, 1, (3, 30))
    out = mint(base, summing, residuals)
    assert np.allclose(out[:2].sum(axis=0), out[2])
    w_inv = np.linalg.inv(shrunk_covariance(residuals) + np.eye(3) * 1e-6)
    closed = summing @ np.linalg.solve(summing.T @ w_inv @ summing, summing.T @ w_inv) @ base
    assert np.allclose(out, closed, rtol=1e-5)
    assert 30.0 <= out[2, 0] <= 35.0  # between bottom-up (30) and the base total (35)
    negative = mint(np.array([[1.0], [1.0], [-50.0]]), summing, residuals)
    assert (negative >= 0).all() and negative[2, 0] == pytest.approx(negative[:2, 0].sum())
    # the constrained optimum: no non-negative b is closer in the W^-1 metric
    w_inv = np.linalg.inv(shrunk_covariance(residuals) + np.eye(3) * 1e-6)
    y = np.array([1.0, 1.0, -50.0])

    def dist(b: np.ndarray) -> float:
        r = y - summing @ b
        return float(r @ w_inv @ r)

    best = negative[:2, 0]
    grid = [np.array([a, b]) for a in np.linspace(0, 2, 41) for b in np.linspace(0, 2, 41)]
    assert dist(best) <= min(dist(g) for g in grid) + 1e-6


def test_online_conformal_widens_after_misses() -> None:
    c = OnlineConformal(1, 1, gamma=0.05)
    for _ in range(20):
        c.bands(np.array([[100.0]]))
        c.observe(np.array([100.0 * np.exp(np.random.default_rng(0).normal(0, 0.1))]))
    before = c.bands(np.array([[100.0]]))[1][80][0, 0]
    c.observe(np.array([1_000.0]))  # a break
    for _ in range(3):
        c.bands(np.array([[100.0]]))
        c.observe(np.array([1_000.0]))
    after = c.bands(np.array([[100.0]]))[1][80][0, 0]
    assert after > before


def test_track_record(tmp_path: Path, panel: Panel, data_dir: Path) -> None:
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.ingest([data_dir / "ohss_khsm"])
        own = sector_panel(wh)
        old = forecast(own.upto(D(2023, 12, 1)), 3)
        assert wh.save_forecasts("combo", own.releases, old.rows()) == len(panel.names) * 3
        scores = score(wh.forecasts(), own)
    assert all(s.scored for s in scores)
    jan = next(s for s in scores if s.series == "Southwest" and s.target == D(2024, 1, 1))
    assert jan.actual == panel.values[panel.index("Southwest"), panel.months.index(D(2024, 1, 1))]
    assert jan.made_from == "#1 KHSM Encounters (USBP) fy25m11.xlsx (2025-01-16)"
    s = summary(scores)
    assert s["scored"] == s["forecasts"] == len(panel.names) * 3
    assert 0.0 <= s["coverage80"] <= s["coverage95"] <= 1.0


def test_forecast_command(official_home: Path) -> None:
    result = CliRunner().invoke(app, ["forecast", "--json", "--horizon", "2", "--panel",
                                      "sectors", "--home", str(official_home)])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)  # progress, if any, is on stderr
    (sectors,) = doc["panels"]
    assert sectors["origin"] == sectors["data_through"] == "2026-07"
    rows = sectors["forecasts"]
    assert {r["series"] for r in rows} == {"Southwest", "Nation", *vocab.SOUTHWEST_SECTORS}
    assert {r["target"] for r in rows} == {"2026-08", "2026-09"}
    assert {r["status"] for r in rows} == {"outlook"}
    for h in (1, 2):
        sw = next(r["mean"] for r in rows if r["series"] == "Southwest" and r["horizon"] == h)
        parts = sum(r["mean"] for r in rows if r["series"] in vocab.SOUTHWEST_SECTORS
                    and r["horizon"] == h)
        assert parts == pytest.approx(sw, rel=1e-9)
    assert log_values(np.array([0.0, 1.0]))[0] == 0.0


def test_component_panel_forecasts_add_up(warehouse: Warehouse) -> None:
    from borderflow.forecast.panel import breakdown_panel

    p = breakdown_panel(warehouse, "component")
    assert p.names == ["OFO", "USBP", "Southwest (all CBP)"]
    assert p.values[2, p.months.index(D(2023, 8, 1))] == 232_963
    fc = forecast(p, 3)
    assert np.allclose(fc.mean[0] + fc.mean[1], fc.mean[2], rtol=1e-9)


def test_scoreboard_of_a_warehouse_without_the_forecast_table(tmp_path: Path) -> None:
    import duckdb

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE release (release_id INTEGER)")  # an older, smaller schema
    con.close()
    with Warehouse(path, read_only=True) as wh:
        assert wh.forecasts() == []


def test_bands_widen_after_a_detected_break_only_when_asked() -> None:
    draws = 100.0 * np.exp(np.random.default_rng(0).normal(0, 0.1, 30))
    plain, widened = OnlineConformal(1, 2), OnlineConformal(1, 2, break_factor=2.0)
    for c in (plain, widened):
        for d in draws:
            c.bands(np.array([[100.0, 100.0]]))
            c.observe(np.array([d]))
    quiet = [c.bands(np.array([[100.0, 100.0]]))[1][80][0, 0] for c in (plain, widened)]
    assert quiet[0] == pytest.approx(quiet[1])  # no break yet: the same bands
    for c in (plain, widened):
        c.observe(np.array([1_000.0]))  # a one-step error of log(10), far over 3x its median
    after = [c.bands(np.array([[100.0, 100.0]]))[1][80][0, 0] for c in (plain, widened)]
    assert np.log(after[1] / 100.0) == pytest.approx(2.0 * np.log(after[0] / 100.0))
