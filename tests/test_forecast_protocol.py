"""The frozen evaluation protocol: scores against one-line oracles, no look-ahead, the
backtest command."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from borderflow import vocab
from borderflow.cli import app
from borderflow.forecast import protocol
from borderflow.forecast.backtest import SHIPPED_BANDS, WARM_START, Run, rolling, shipped
from borderflow.forecast.intervals import LEVELS
from borderflow.forecast.panel import Panel, sector_panel
from borderflow.store import Warehouse

D = dt.date


@pytest.fixture(scope="module")
def panel(warehouse: Warehouse) -> Panel:
    return sector_panel(warehouse)


def tiny_panel() -> Panel:
    months = vocab.month_range(D(2000, 1, 1), D(2003, 12, 1))
    t = np.arange(len(months), dtype=float)
    values = np.vstack([100 + 10 * (t % 12) + t, 50 + t])
    return Panel(["a", "b"], months, values, np.eye(2), ["tiny"])


def test_scores_match_one_line_oracles() -> None:
    p = tiny_panel()
    origins = np.array([40, 45])
    mean = np.full((2, 2, 2), 120.0)
    lo = {lv: mean * (0.9 if lv == 80 else 0.8) for lv in LEVELS}
    hi = {lv: mean * (1.1 if lv == 80 else 1.2) for lv in LEVELS}
    run = Run("m", "none", p, origins, mean, lo, hi)
    e = protocol.errors(run, [0, 1], "count")
    x = p.values
    for j, o in enumerate(origins):
        for i in range(2):
            scale = np.mean(np.abs(x[i, 12:o + 1] - x[i, :o - 11]))
            for k in range(2):
                t = o + 1 + k
                if t >= x.shape[1]:
                    assert np.isnan(e.ase[j, i, k])
                    continue
                y = x[i, t]
                assert e.ase[j, i, k] == pytest.approx(abs(y - 120.0) / scale)
                for lv in LEVELS:
                    a, b = lo[lv][j, i, k], hi[lv][j, i, k]
                    alpha = 1 - lv / 100
                    winkler = (b - a) + 2 / alpha * (max(a - y, 0) + max(y - b, 0))
                    assert e.winkler[lv][j, i, k] == pytest.approx(winkler / scale)
                    assert e.inside[lv][j, i, k] == float(a <= y <= b)
    logs = protocol.errors(run, [0], "log")
    y = np.log(x[0, 41])
    assert logs.ase[0, 0, 0] == pytest.approx(
        abs(y - np.log(120.0)) / np.mean(np.abs(np.log(x[0, 12:41]) - np.log(x[0, :29]))))


def test_a_forecast_uses_only_the_data_of_its_origin(panel: Panel) -> None:
    origin = D(2016, 9, 1)
    full = rolling(panel).at(origin)
    cut = rolling(panel.upto(origin)).at(origin)
    assert np.array_equal(full.mean, cut.mean)
    assert np.array_equal(full.hi[95], cut.hi[95]) and np.array_equal(full.lo[80], cut.lo[80])
    assert full.targets[0] == D(2016, 10, 1)
    # the shipped bands (pooled, scaled by volatility) read nothing after the origin either
    full, cut = shipped(panel).at(origin), shipped(panel.upto(origin)).at(origin)
    assert np.array_equal(full.mean, cut.mean)
    assert np.array_equal(full.hi[95], cut.hi[95]) and np.array_equal(full.lo[80], cut.lo[80])


def test_naive_run_is_the_last_value(panel: Panel) -> None:
    run = rolling(panel, method="naive", reconcile="none")
    j = int(np.flatnonzero(run.origins == panel.months.index(D(2020, 2, 1)))[0])
    last = np.maximum(panel.values[:, [run.origins[j]]], 1.0)  # forecast on logs: 0 is read as 1
    assert np.allclose(run.mean[j], np.repeat(last, 6, axis=1), rtol=1e-12)
    assert run.origins[0] == WARM_START


def test_backtest_command_prints_the_protocol_figures(official_home: Path,
                                                      panel: Panel) -> None:
    result = CliRunner().invoke(app, ["backtest", "--first-origin", "2016-10", "--last-origin",
                                      "2020-02", "--series", "Tucson", "--json", "--home",
                                      str(official_home)])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)  # progress, if any, is on stderr
    assert doc["origins"] == 41 and doc["first_origin"] == "2016-10"
    assert doc["last_origin"] == "2020-02" and doc["series"] == ["Tucson"]
    assert doc["data_through"] == "2026-07"
    # the shipped method and naive, both inside the shipped bands
    oracle = protocol.summary(shipped(panel),
                              rolling(panel, method="naive", reconcile="none", **SHIPPED_BANDS),
                              [panel.index("Tucson")], "log", D(2016, 10, 1), D(2020, 2, 1))
    for key in ("mase", "naive_mase", "coverage", "interval_score", "naive_interval_score"):
        assert doc[key] == pytest.approx(oracle[key])
    assert doc["log"]["forecasts_scored"] == 41 * 6
    assert set(doc["coverage"]) == {"80", "95"} and 0 <= doc["coverage"]["80"] <= 1
    assert doc["count"]["origins"] == 41 and doc["count"]["scale"] == "count"
    assert doc["reconciliation"]["fallback_rate"] == 0.0


@pytest.mark.parametrize(("args", "message"), [
    (["--first-origin", "2016-13"], "--first-origin '2016-13' is not a month"),
    (["--first-origin", "1999-10"], "origins must run from 2002-10"),
    (["--series", "Atlantis"], "unknown series Atlantis"),
])
def test_backtest_command_refuses_bad_input(official_home: Path, args: list[str],
                                            message: str) -> None:
    result = CliRunner().invoke(app, ["backtest", *args, "--home", str(official_home)])
    assert result.exit_code == 1
    assert message in " ".join(result.output.split())


def test_naive_quantile_bands_are_the_scaled_naive_error_quantiles() -> None:
    from borderflow.forecast.backtest import NaiveQuantileBands

    # log series alternating +-0.2 around a level: every one-step change is 0.2 (the
    # scale), every 2-month change 0, so the horizon-1 band is exp(+-0.2), horizon 2 none
    logs = np.tile([5.0, 5.2], (2, 40))
    mean = np.full((2, 2), 150.0)
    lo, hi = NaiveQuantileBands(2, window=60).bands(mean, logs)
    for lv in LEVELS:
        assert np.allclose(lo[lv][:, 0], 150 * np.exp(-0.2))
        assert np.allclose(hi[lv][:, 0], 150 * np.exp(0.2))
        assert np.allclose(lo[lv][:, 1], 150) and np.allclose(hi[lv][:, 1], 150)


def test_unknown_intervals_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown intervals 'wide'"):
        rolling(tiny_panel(), intervals="wide")
