"""Forecasting methods on log counts, many series at once (rows of one array).

Every method takes ``history`` (series x months, log scale, the last column
the newest month) and the calendar month index of the first column, and
returns ``series x h`` log forecasts.  Working on logs keeps every forecast
positive once exponentiated.

``naive``        the last value (a random walk).
``seasonal``     the value 12 months before.
``sa_naive``     a seasonally adjusted random walk: the last value with its
                 seasonal factor removed, then the target month's factor put
                 back.  Factors are medians of the deviations from a centred
                 12-month moving average over the last five years, so the
                 pattern follows recent seasons rather than a 2000s one.
``combo``        the mean of ``naive`` and ``sa_naive`` (what borderflow ships:
                 the combination beat every single method in the backtest).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Method = Callable[[np.ndarray, int, int], np.ndarray]
SEASONAL_YEARS = 5


def naive(history: np.ndarray, start_month: int, h: int) -> np.ndarray:
    """The last value, repeated."""
    return np.repeat(history[:, -1:], h, axis=1)


def seasonal(history: np.ndarray, start_month: int, h: int) -> np.ndarray:
    """The value of the same month a year before."""
    n = history.shape[1]
    return np.stack([history[:, n - 12 + (k % 12)] for k in range(h)], axis=1)


def seasonal_factors(history: np.ndarray, start_month: int,
                     years: int = SEASONAL_YEARS) -> np.ndarray:
    """Log seasonal factor of each calendar month (series x 12, index 0 = January).

    Deviations of each month from the centred 2x12 moving average, medians by
    calendar month over the last ``years`` years, centred to sum to zero.
    """
    n = history.shape[1]
    weights = np.array([0.5] + [1.0] * 11 + [0.5]) / 12
    if n < 25:
        return np.zeros((history.shape[0], 12))
    ma = np.stack([np.convolve(row, weights, mode="valid") for row in history])
    dev = history[:, 6: n - 6] - ma
    cal = (start_month - 1 + np.arange(6, n - 6)) % 12
    keep = slice(max(0, dev.shape[1] - 12 * years), dev.shape[1])
    dev, cal = dev[:, keep], cal[keep]
    factors = np.zeros((history.shape[0], 12))
    for m in range(12):
        sel = cal == m
        if sel.any():
            factors[:, m] = np.median(dev[:, sel], axis=1)
    centred: np.ndarray = factors - factors.mean(axis=1, keepdims=True)
    return centred


def sa_naive(history: np.ndarray, start_month: int, h: int) -> np.ndarray:
    """Seasonally adjusted random walk."""
    n = history.shape[1]
    s = seasonal_factors(history, start_month)
    last_month = (start_month - 1 + n - 1) % 12
    level = history[:, -1] - s[:, last_month]
    return np.stack([level + s[:, (last_month + k) % 12] for k in range(1, h + 1)], axis=1)


def combo(history: np.ndarray, start_month: int, h: int) -> np.ndarray:
    """Mean of the random walk and the seasonally adjusted random walk (log scale)."""
    mean: np.ndarray = (naive(history, start_month, h) + sa_naive(history, start_month, h)) / 2
    return mean


METHODS: dict[str, Method] = {
    "naive": naive, "seasonal_naive": seasonal, "sa_naive": sa_naive, "combo": combo,
}
SHIPPED = "combo"
