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
