"""The interval variants of ledger rows 78 on: scaled conformal bands against a one-line
oracle, the scheduled policy dates an origin knew of, and the shipped choice's tuning
figures against the rule written in the ledger."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from borderflow.forecast import protocol
from borderflow.forecast.backtest import OnlineConformal, rolling, shipped
from borderflow.forecast.intervals import ScaledConformal, volatility
from borderflow.forecast.panel import Panel, sector_panel
from borderflow.forecast.scheduled import crossing, known_at
from borderflow.store import Warehouse

D = dt.date


def test_volatility_is_the_mean_absolute_monthly_log_change() -> None:
    logs = np.array([[1.0, 1.5, 1.0, 2.0, 2.0], [3.0, 3.0, 3.0, 3.0, 3.0]])
    # last 3 months of changes: |-0.5|, 1.0, 0 -> 0.5; a flat series gets the floor
    assert volatility(logs, 3) == pytest.approx([0.5, 0.01])


def test_scaled_bands_are_the_pooled_quantile_of_scaled_errors() -> None:
    # two series, horizon 1, no adaptation: series 0 moves by 0.1 a month, series 1 by 0.4
    steps = np.array([0.1, 0.4])
    t = np.arange(30)
    logs = 5 + steps[:, None] * (t % 2)  # alternates, so each one-step change is the step
    c = ScaledConformal(2, 1, vol_months=12, gamma=0.0)
    errors = []
    for o in range(12, 29):
        mean = np.exp(logs[:, [o]])
        c.bands(mean, logs[:, :o + 1])
        c.observe(np.exp(logs[:, o + 1]))  # the actual moves by the step: error = step
        errors.append(steps)
    lo, hi = c.bands(np.full((2, 1), 100.0), logs[:, :30])
    # every scaled error is 1 (error / volatility), so the half-width is the volatility
    for lv in (80, 95):
        assert np.log(hi[lv][:, 0] / 100) == pytest.approx(steps)
        assert np.log(100 / lo[lv][:, 0]) == pytest.approx(steps)


def test_a_small_pool_falls_back_to_every_series() -> None:
    # the pool (series of at least 100 a month) is empty: the bands use every series
    logs = np.log(np.tile([20.0, 30.0], (2, 20)))
    c = ScaledConformal(2, 1, vol_months=12, gamma=0.0, min_level=100)
    for o in range(12, 39):
        c.bands(np.exp(logs[:, [o]]), logs[:, :o + 1])
        c.observe(np.exp(logs[:, o + 1]))
    lo, hi = c.bands(np.full((2, 1), 25.0), logs)
    assert np.all(hi[80] > 25.0) and np.all(lo[80] < 25.0)


@pytest.mark.parametrize(("origin", "effective"), [
    (D(2016, 10, 1), []),  # the election was on 8 November
    (D(2016, 11, 1), [D(2017, 1, 20)]),
    (D(2016, 12, 1), [D(2017, 1, 20)]),
    (D(2017, 1, 1), []),  # in force in the origin's own month: nothing ahead
    (D(2022, 4, 1), [D(2022, 5, 23)]),  # the CDC's order of 1 April 2022
    (D(2022, 5, 1), []),  # called off on 20 May 2022
    (D(2022, 11, 1), [D(2022, 12, 21)]),
    (D(2022, 12, 1), []),  # stayed on 19 December; the May 2023 date not yet announced
    (D(2023, 1, 1), [D(2023, 5, 11)]),  # announced 30 January 2023
    (D(2024, 10, 1), []),
    (D(2024, 11, 1), [D(2025, 1, 20)]),
])
def test_scheduled_dates_known_at_an_origin(origin: dt.date, effective: list[dt.date]) -> None:
    assert [s.effective for s in known_at(origin)] == effective


def test_crossing_horizons_and_the_widened_bands() -> None:
    # from Nov 2016, the targets from Jan 2017 on (horizons 2-6) cross the date
    assert crossing(D(2016, 11, 1), 6).tolist() == [False] + [True] * 5
    assert crossing(D(2023, 1, 1), 6).tolist() == [False] * 3 + [True] * 3  # May 2023
    mean = np.full((1, 2), 100.0)
    plain, wide = OnlineConformal(1, 2), OnlineConformal(1, 2)
    for c in (plain, wide):
        c.errors = [np.array([[0.1, 0.2]])] * 20  # known errors: quantile 0.1 and 0.2
    _, hi = plain.bands(mean)
    _, hi_w = wide.bands(mean, {80: np.array([1.0, 1.7]), 95: np.array([1.0, 1.4])})
    assert np.log(hi_w[80][0] / 100) == pytest.approx(np.log(hi[80][0] / 100) * [1.0, 1.7])
    # at 95% horizon 2 would be 0.2 x 1.4 = 0.28, but a 95% band is never inside the 80% one
    assert np.log(hi_w[95][0] / 100) == pytest.approx([0.1, 0.34])


@pytest.fixture(scope="module")
def panel(warehouse: Warehouse) -> Panel:
    return sector_panel(warehouse)


def test_the_shipped_bands_meet_the_ledger_rule_on_the_tuning_window(panel: Panel) -> None:
    """Ledger, fourth step: 95% interval score at least 1 point (of naive's) better than
    #63's bands, 80% no worse, coverage within 75-85% / 90-98%, on tuning origins only."""
    rows = [panel.index(n) for n in protocol.DEFAULT_SERIES]
    first, last = protocol.ERAS["tuning 2009-10 to 2016-09"]
    naive = rolling(panel, method="naive", reconcile="none")
    new = protocol.summary(shipped(panel), naive, rows, "log", first, last)
    old = protocol.summary(rolling(panel, method="horizon_combo"), naive, rows, "log",
                           first, last)
    assert new["mase"] == pytest.approx(old["mase"])  # the same point forecasts
    assert round(new["interval_score_vs_naive_pct"]["95"], 1) == -31.8
    assert round(old["interval_score_vs_naive_pct"]["95"], 1) == -27.0
    assert new["interval_score"]["80"] <= old["interval_score"]["80"]
    assert 0.75 <= new["coverage"]["80"] <= 0.85 and 0.90 <= new["coverage"]["95"] <= 0.98
