"""Seasonal decomposition of monthly encounter series, so a spring rise is not a surge.

STL (Cleveland et al. 1990, as in statsmodels) on the log of the counts, with
robust weights so that the policy breaks do not bend the seasonal pattern:
log y = trend + seasonal + remainder.  The seasonally adjusted series is
exp(log y - seasonal).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from borderflow.store.models import Series

#: years the seasonal pattern is estimated over (odd); long, so that policy breaks are not
#: mistaken for a change in the seasons
SEASONAL_SPAN = 35
#: shortest series (months) whose seasonality is estimated
MIN_MONTHS = 120


@dataclass
class Decomposition:
    """One series, decomposed on the log scale."""

    months: list[dt.date]
    observed: np.ndarray
    trend: np.ndarray  # log
    seasonal: np.ndarray  # log
    remainder: np.ndarray  # log

    @property
    def adjusted(self) -> np.ndarray:
        """Seasonally adjusted counts."""
        return np.asarray(np.exp(np.log(np.maximum(self.observed, 1.0)) - self.seasonal))

    def seasonal_factors(self) -> dict[int, float]:
        """Average multiplicative seasonal factor by calendar month (1 = no effect)."""
        out: dict[int, float] = {}
        for m in range(1, 13):
            idx = [i for i, d in enumerate(self.months) if d.month == m]
            out[m] = float(np.exp(np.mean(self.seasonal[idx]))) if idx else 1.0
        return out


def decompose(series: Series, *, seasonal_deg: int = 1) -> Decomposition:
    """STL with a 12-month period on log counts (zeros read as 1).

    ``seasonal_deg`` is the degree of STL's fit of each calendar month across
    the years.  The detectors use 1 (their thresholds were set with it).  Charts
    use 0: a linear fit is extrapolated at both ends of a long series, so where
    the seasons weakened over the years (the 2000s' strong springs) the first
    and last years' factors overshoot and the adjusted line spikes (Tucson, Dec
    1999: three times the count); a locally constant fit does not.
    """
    from statsmodels.tsa.seasonal import STL

    months = [p.month for p in series.points]
    y = np.array([p.encounters for p in series.points], dtype=float)
    log_y = np.log(np.maximum(y, 1.0))
    if len(y) < MIN_MONTHS:
        # Too short to tell the seasons from the policy breaks (the all-CBP series start
        # in FY2019): no adjustment rather than a wrong one.
        zero = np.zeros_like(log_y)
        return Decomposition(months, y, log_y, zero, zero)
    fit = STL(log_y, period=12, seasonal=SEASONAL_SPAN, robust=True,
              seasonal_deg=seasonal_deg).fit()
    return Decomposition(months, y, np.asarray(fit.trend), np.asarray(fit.seasonal),
                         np.asarray(fit.resid))
