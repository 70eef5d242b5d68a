"""Estimate the arrival model from observed daily arrivals, using only the past."""

from __future__ import annotations

import numpy as np

from borderflow.capacity.model import ArrivalModel

LEVEL_DAYS = 7
#: floor on the daily drift of the log arrival level: even a calm history can turn
LEVEL_SD_FLOOR = 0.03


def _rolling_mean(x: np.ndarray, window: int) -> np.ndarray:
    kernel = np.ones(window) / window
    return np.convolve(x, kernel, mode="valid")


def level_sd(arrivals: np.ndarray, lookback: int = 120) -> float:
    """Daily step of the log level's random walk, from week-on-week changes of 7-day means."""
    x = np.asarray(arrivals, dtype=float)[-lookback:]
    if x.size < 3 * LEVEL_DAYS:
        return 0.1
    means = np.log(_rolling_mean(x, LEVEL_DAYS) + 1.0)
    weekly = means[LEVEL_DAYS:] - means[:-LEVEL_DAYS]
    return float(max(LEVEL_SD_FLOOR, np.std(weekly) / np.sqrt(LEVEL_DAYS)))


def dispersion(arrivals: np.ndarray, lookback: int = 56) -> float | None:
    """Gamma shape k of day-to-day scatter beyond Poisson (``None`` when Poisson suffices)."""
    x = np.asarray(arrivals, dtype=float)[-lookback:]
    if x.size < 2 * LEVEL_DAYS:
        return None
    smooth = _rolling_mean(x, LEVEL_DAYS)
    centre = x[LEVEL_DAYS // 2: LEVEL_DAYS // 2 + smooth.size]
    ok = smooth > 0
    if ok.sum() < LEVEL_DAYS:
        return None
    ratio = centre[ok] / smooth[ok]
    excess = float(np.var(ratio) - np.mean(1.0 / smooth[ok]))
    if excess <= 1e-3:
        return None
    return float(np.clip(1.0 / excess, 0.5, 1000.0))


def arrival_model(arrivals: np.ndarray, horizon: int, *, sd: float | None = None) -> ArrivalModel:
    """Level = mean of the last 7 days, drifting as a random walk, with fitted scatter."""
    x = np.asarray(arrivals, dtype=float)
    level = float(x[-LEVEL_DAYS:].mean()) if x.size else 0.0
    return ArrivalModel(np.full(horizon, level), level_sd=level_sd(x) if sd is None else sd,
                        dispersion=dispersion(x))
