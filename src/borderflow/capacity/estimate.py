"""Estimate the arrival model from the observed daily arrivals, using only the past.

The log of daily arrivals is read as a local level (a random walk: the level
and how fast it drifts) plus, with four weeks or more, a fixed day-of-week
pattern, plus day-to-day scatter.  statsmodels' ``UnobservedComponents`` fits
it by maximum likelihood; the Kalman filter gives today's level with its
uncertainty.  Nothing is typed in: the drift is what the arrivals show.
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass

import numpy as np

from borderflow.capacity.model import ArrivalModel

#: fewest days the estimate accepts
MIN_DAYS = 7
#: days of history the fit looks at (older days say little about the next weeks)
LOOKBACK = 84
#: a day-of-week pattern is fitted from this many days on
WEEKLY_FROM = 28
#: a fitted scatter under this share of the Poisson floor counts as none found
NO_SCATTER = 0.1
#: floor on the daily drift of the log level: frozen, see benchmarks/capacity_ledger.md
LEVEL_SD_FLOOR = 0.01


@dataclass(frozen=True)
class ArrivalEstimate:
    """The arrival level and its drift, estimated from ``days`` observed days.

    Attributes:
        level: people a day now (mean over the week's pattern).
        level_sd: daily drift of the level (random-walk step, log scale).
        level_se: uncertainty of today's level (log scale).
        weekly: multiplicative day-of-week factors, Monday first (``None``: none fitted).
        dispersion: gamma shape of day-to-day scatter beyond Poisson (``None``: Poisson).
        first, last: the observed days used.
        poisson_floor: the fit found less day-to-day scatter than counts of people can
            have, so the scatter was held at the Poisson floor (today's level is then not
            taken as exactly the last count).
    """

    level: float
    level_sd: float
    level_se: float
    weekly: tuple[float, ...] | None
    dispersion: float | None
    first: dt.date
    last: dt.date
    #: the counts scattered less than Poisson counts can: the scatter was held at that floor
    poisson_floor: bool = False

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def model(self, horizon: int, *, cluster: float = 1.0) -> ArrivalModel:
        """The arrival model for the ``horizon`` days after ``last``."""
        level = np.full(horizon, self.level)
        if self.weekly is not None:
            weekday = [(self.last + dt.timedelta(days=i + 1)).weekday() for i in range(horizon)]
            level = level * np.array([self.weekly[d] for d in weekday])
        return ArrivalModel(level, level_sd=self.level_sd, level_se=self.level_se,
                            dispersion=self.dispersion, cluster=cluster)

    def describe(self) -> str:
        """What was estimated, from what, in one sentence."""
        lo, hi = (self.level * np.exp(-1.96 * self.level_se),
                  self.level * np.exp(1.96 * self.level_se))
        week = ("" if self.weekly is None else
                "; day-of-week pattern " + " ".join(
                    f"{d}{f:.2f}" for d, f in zip("MTWTFSS", self.weekly, strict=True)))
        few = " (few days: the drift is uncertain)" if self.days < WEEKLY_FROM else ""
        if self.poisson_floor:
            few += ("; the counts are smoother than counts of people can be, so their "
                    "scatter is taken as Poisson's")
        return (f"arrival level {self.level:,.0f} a day (95% {lo:,.0f}-{hi:,.0f}), drifting "
                f"{self.level_sd:.1%} a day (random walk), estimated from {self.days} days "
                f"{self.first} to {self.last}{few}{week}")


def estimate_arrivals(arrivals: np.ndarray, last: dt.date, *, cluster: float = 1.0,
                      lookback: int = LOOKBACK, weekly: bool = True) -> ArrivalEstimate:
    """Fit the arrival level, drift, pattern and scatter to the days ending on ``last``.

    Args:
        arrivals: people arriving each day, oldest first, the last on ``last``.
        cluster: people-weighted mean party size (Poisson variance multiplier).

    Raises:
        ValueError: fewer than ``MIN_DAYS`` days, or negative counts.
    """
    from statsmodels.tsa.statespace.structural import UnobservedComponents

    x = np.asarray(arrivals, dtype=float)[-lookback:]
    if x.size < MIN_DAYS:
        raise ValueError(f"{x.size} days of arrivals; the estimate needs at least {MIN_DAYS}")
    if (x < 0).any() or not np.isfinite(x).all():
        raise ValueError("arrivals must be counts >= 0")
    first = last - dt.timedelta(days=x.size - 1)
    y = np.log1p(x)
    seasonal = 7 if weekly and x.size >= WEEKLY_FROM else None
    if np.ptp(y) == 0:  # flat: nothing to fit
        return ArrivalEstimate(float(x[-1]), LEVEL_SD_FLOOR, 0.0, None, None, first, last)
    model = UnobservedComponents(y, level="llevel", seasonal=seasonal,
                                 stochastic_seasonal=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = model.fit(disp=False)
    names = list(model.param_names)
    params = np.asarray(fit.params, dtype=float)
    irregular = float(params[names.index("sigma2.irregular")])
    # counts of people scatter at least as Poisson counts do: a fit that finds (almost) no
    # scatter would give today's level as exactly the last count, so the scatter is held at
    # the Poisson floor (variance of a log count ~ cluster / mean) and the rest re-fitted
    floor = cluster / max(float(np.expm1(y.mean())), 1.0)
    smooth = irregular < NO_SCATTER * floor
    if smooth:
        with warnings.catch_warnings(), model.fix_params({"sigma2.irregular": floor}):
            warnings.simplefilter("ignore")
            fit = model.fit(disp=False)
        params = np.asarray(fit.params, dtype=float)
        irregular = floor
    level_sd = max(LEVEL_SD_FLOOR, float(np.sqrt(params[names.index("sigma2.level")])))
    state = np.asarray(fit.filtered_state)[:, -1]
    cov = np.asarray(fit.filtered_state_cov)[:, :, -1]
    log_level = float(state[0])
    level_se = float(np.sqrt(max(cov[0, 0], 0.0)))
    pattern: tuple[float, ...] | None = None
    if seasonal:
        # the next seven days' forecast is the level plus each weekday's effect
        effects = np.asarray(fit.forecast(7), dtype=float) - log_level
        factors = np.ones(7)
        for i, effect in enumerate(effects):
            factors[(last + dt.timedelta(days=i + 1)).weekday()] = np.exp(effect)
        pattern = tuple(float(f) for f in factors / factors.mean())
    # mean of log1p(x) is the log level: back to people a day (lognormal mean)
    level = float(np.expm1(log_level + 0.5 * irregular))
    mean = max(level, 1.0)
    excess = irregular - cluster / mean
    dispersion = None if excess <= 1e-3 else float(np.clip(1.0 / excess, 0.5, 1000.0))
    return ArrivalEstimate(max(level, 0.0), level_sd, level_se, pattern, dispersion, first, last,
                           smooth)
