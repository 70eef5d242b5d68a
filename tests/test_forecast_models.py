"""The methods tried in the ledger, against one-line oracles."""

from __future__ import annotations

import datetime as dt

import numpy as np

from borderflow import vocab
from borderflow.forecast.backtest import base_forecasts
from borderflow.forecast.models import (
    METHODS,
    SHIPPED,
    Adaptive,
    sa_naive,
    shrunk_seasonal,
    weighted_combo,
)
from borderflow.forecast.panel import Panel


def test_weighted_combo_runs_from_naive_to_seasonally_adjusted_naive() -> None:
    x = np.random.default_rng(3).normal(5, 1, (2, 70))
    assert np.allclose(weighted_combo(0.0)(x, 4, 6), np.repeat(x[:, -1:], 6, axis=1))
    assert np.allclose(weighted_combo(1.0)(x, 4, 6), sa_naive(x, 4, 6))
    assert np.allclose(weighted_combo(0.5)(x, 4, 6), METHODS["combo"](x, 4, 6))


def test_shrunk_seasonal_keeps_a_steady_pattern_and_drops_noise() -> None:
    steady = np.tile(np.arange(12.0) / 10, 8)[None, :]  # the same season every year
    assert np.allclose(shrunk_seasonal(steady, 1, 12), sa_naive(steady, 1, 12))
    noise = np.random.default_rng(0).normal(0, 1, (1, 96))
    step = shrunk_seasonal(noise, 1, 12) - noise[:, -1:]
    assert np.abs(step).max() < np.abs(sa_naive(noise, 1, 12) - noise[:, -1:]).max()


def test_adaptive_weights_are_inverse_mean_squared_errors() -> None:
    # two candidates whose forecast of the next month is off by +0.1 and -0.3
    rng = np.random.default_rng(1)
    actual = rng.normal(0, 1, (1, 30))
    paths = np.zeros((2, 30, 1, 1))  # candidates x origins x series x h
    paths[:, :-1, 0, 0] = np.stack([actual[0, 1:] + 0.1, actual[0, 1:] - 0.3])
    out = Adaptive(("a", "b"), 12).combine(paths, actual, 1)
    w = np.array([1 / 0.01, 1 / 0.09])
    expected = (w @ paths[:, 20, 0, 0]) / w.sum()
    assert np.isclose(out[20, 0, 0], expected)
    assert np.isclose(out[0, 0, 0], paths[:, 0, 0, 0].mean())  # nothing known yet: equal


def test_adaptive_run_equals_the_method_called_at_each_origin() -> None:
    rng = np.random.default_rng(0)
    months = vocab.month_range(dt.date(2000, 1, 1), vocab.add_months(dt.date(2000, 1, 1), 79))
    values = np.exp(rng.normal(5, 0.5, (3, 80)))
    p = Panel(["a", "b", "c"], months, values, np.eye(3), ["synthetic"])
    fast = base_forecasts(p, SHIPPED, 4, 0)
    for o in (30, 50, 79):
        assert np.allclose(METHODS[SHIPPED](np.log(values[:, :o + 1]), 1, 4), fast[o])


def _synthetic(n_series: int = 3, months: int = 96, seed: int = 5) -> np.ndarray:
    """Log series with a seasonal pattern, a drift and noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(months)
    season = 0.3 * np.sin(2 * np.pi * t / 12)
    return np.stack([6 + i + season + 0.01 * t + rng.normal(0, 0.1, months).cumsum() / 3
                     for i in range(n_series)])


def test_mlforecast_model_forecasts_many_origins_as_it_forecasts_each() -> None:
    from borderflow.forecast.mlf import MLForecastMethod

    x = _synthetic()
    m = MLForecastMethod(seasonal_diff=True, rounds=20)
    origins = [70, 71, 83, 90]  # two refits (72 and 84 months): each origin its own data
    many = m.many(x, 1, 6, origins)
    for j, o in enumerate(origins):
        single = m(x[:, :o + 1], 1, 6)
        assert np.allclose(many[j], single)
    assert np.allclose(many[0], np.repeat(x[:, 70:71], 6, axis=1))  # < 72 months: naive
    # nothing after the origin is read: change every later month, the forecast stays
    later = x.copy()
    later[:, 84:] += 5.0
    assert np.array_equal(m.many(later, 1, 6, [83])[0], many[2])
    assert not np.allclose(m.many(later, 1, 6, [90])[0], many[3])


def test_horizon_combination_recovers_the_weight_that_made_the_data() -> None:
    # the actual is naive plus half the step to the second candidate, at every horizon
    rng = np.random.default_rng(2)
    n_o, n_s, h = 60, 4, 3
    actual = rng.normal(5, 1, (n_s, n_o))
    naive_paths = np.repeat(actual.T[:, :, None], h, axis=2)
    step = rng.normal(0, 0.5, (n_o, n_s, h))  # origins whose target is unknown keep these
    for k in range(h):  # make actual[t + 1 + k] = naive + 0.5 step for origins t
        for t in range(n_o - 1 - k):
            step[t, :, k] = 2 * (actual[:, t + 1 + k] - actual[:, t])
    other = naive_paths + step
    paths = np.stack([naive_paths, other])
    from borderflow.forecast.models import HorizonCombo

    combo = HorizonCombo(("naive", "other"))
    combo.combine(paths, actual, h)
    assert np.allclose(combo.weights, [[0.5]] * h)
    frozen = HorizonCombo(("naive", "other"), frozen=(0, 40))
    out = frozen.combine(paths, actual, h)
    assert np.allclose(frozen.weights, [[0.5]] * h)
    assert np.allclose(out, naive_paths + 0.5 * step)


def test_horizon_combination_pools_recent_forecasts_of_the_larger_series() -> None:
    from borderflow.forecast.models import HorizonCombo

    rng = np.random.default_rng(4)
    n_o, h = 80, 1
    # two large series (about e^7 = 1,100 a month) and one small (about e^2 = 7)
    actual = np.vstack([rng.normal(7, 0.1, (2, n_o)), rng.normal(2, 0.1, (1, n_o))])
    naive_paths = np.repeat(actual.T[:, :, None], h, axis=2)
    step = rng.normal(0, 0.5, (n_o, 3, h))
    for t in range(n_o - 1):
        # large series: the actual is naive plus the whole step before origin 50, half
        # of it from then on; the small series follows no step at all
        w = 1.0 if t < 50 else 0.5
        step[t, :2, 0] = (actual[:2, t + 1] - actual[:2, t]) / w
    paths = np.stack([naive_paths, naive_paths + step])
    recent = HorizonCombo(("naive", "other"), recent=24, min_level=100)
    recent.combine(paths, actual, h)
    assert np.allclose(recent.weights, [[0.5]])  # the last 24 forecasts, large series only
    everything = HorizonCombo(("naive", "other"))
    everything.combine(paths, actual, h)
    assert not np.allclose(everything.weights, [[0.5]], atol=0.05)
    # one call on a history equals the rolling run's last origin (the shipped path)
    values = np.exp(actual)
    from borderflow.forecast.backtest import base_forecasts

    months = vocab.month_range(dt.date(2000, 1, 1), vocab.add_months(dt.date(2000, 1, 1), 79))
    p = Panel(["a", "b", "c"], months, values, np.eye(3), ["synthetic"])
    fast = base_forecasts(p, SHIPPED, 3, 0)
    assert np.allclose(METHODS[SHIPPED](actual, 1, 3), fast[-1])
