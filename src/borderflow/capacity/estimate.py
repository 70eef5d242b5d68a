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
#: an outlying day is compared with the median of this many days each side of it
OUTLIER_WINDOW = 3
#: ... and is outlying when it is more than this factor above or below that median
#: (a typo such as 0, 1 or 2400 for about 240 is a factor of 10 or more; a factor of
#: 3 flagged 35 of the Tucson shelter's 361 days, most of them ordinary quiet days)
OUTLIER_FACTOR = 5.0
#: ... and further from it than this many standard deviations of a Poisson count (a
#: quiet site's 0 against a median of 2 is ordinary scatter, not a typo; 5 flagged 20
#: Tucson days, 8 flags 7, see ``find_outliers``)
OUTLIER_Z = 8.0
#: a day whose log1p count is this far below its neighbours' median (1 + count under a
#: 25th of 1 + their median: a 0 among days of 24 or more) is counted as people, not
#: fitted on the log scale; frozen on the Tucson tuning origins (ledger, round 3)
LOG_GAP = float(np.log(25.0))


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
    #: days counted on the count scale, not fitted on the log scale: the outlying days
    #: the user confirmed (``--keep``) and days far below their neighbours (``LOG_GAP``),
    #: see ``estimate_arrivals``
    kept: tuple[dt.date, ...] = ()

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
        """What was estimated, from what, in one sentence (in the caller's language).

        The drift is the spread of a random walk: its median stays at today's level, and
        the range of likely levels widens by about ``level_sd`` x sqrt(days) on the log
        scale.  It is not a growth rate, and the sentence says so.
        """
        from borderflow.i18n import _, num

        lo, hi = (self.level * np.exp(-1.96 * self.level_se),
                  self.level * np.exp(1.96 * self.level_se))
        week = ("" if self.weekly is None else
                _("; day-of-week pattern") + " " + " ".join(
                    f"{d}{f:.2f}" for d, f in zip("MTWTFSS", self.weekly, strict=True)))
        few = _(" (few days: the drift is uncertain)") if self.days < WEEKLY_FROM else ""
        if self.poisson_floor:
            few += _("; the counts are smoother than counts of people can be, so their "
                     "scatter is taken as Poisson's")
        if self.kept:
            few += _("; {n} day(s) far from the days around them ({days}) counted as people, "
                     "not as scatter").format(n=len(self.kept),
                                              days=", ".join(str(d) for d in self.kept))
        wander = 1.96 * self.level_sd * np.sqrt(7)
        return _("arrival level {level} a day (95% {lo}-{hi}), estimated from {days} days "
                 "{first} to {last}. No trend is assumed: the level may wander up or down "
                 "(a random walk with a step of {sd} a day, not a growth rate), so by day 7 "
                 "it is likely (95%) between {down} below and {up} above today's, with its "
                 "median unchanged").format(
            level=num(self.level), lo=num(lo), hi=num(hi), days=self.days, first=self.first,
            last=self.last, sd=f"{self.level_sd:.1%}", down=f"{-np.expm1(-wander):.0%}",
            up=f"{np.expm1(wander):.0%}") + few + week


@dataclass(frozen=True)
class Outlier:
    """A day whose count is far from the days around it."""

    index: int  # position in the arrivals given
    count: float
    median: float  # of the ``OUTLIER_WINDOW`` days each side

    def expected(self) -> str:
        lo, hi = self.median / OUTLIER_FACTOR, self.median * OUTLIER_FACTOR
        return (f"a count near the days around it (median {self.median:,.0f}; between "
                f"{lo:,.0f} and {hi:,.0f})")


def find_outliers(arrivals: np.ndarray, *, cluster: float = 1.0) -> list[Outlier]:
    """Days whose count is off the median of the days around it (typos, missing records).

    A day is outlying when it is more than ``OUTLIER_FACTOR`` times above or below the
    median of the ``OUTLIER_WINDOW`` days each side of it (itself left out), and further
    from that median than ``OUTLIER_Z`` Poisson standard deviations (times the party
    size ``cluster``).  The median of the neighbours is not moved by the bad day itself,
    nor by a second one among six neighbours.  On the Tucson shelter's 361 days of
    arrivals it flags 7 (1.9%; tests/test_capacity_tucson.py): the shelter's first
    week (13 against 1; 16 and 26 after quiet spells), a burst of 159
    against 19, two days of 3 and 8 against 86 and 117, and the records' last day
    (1 against 110, probably incomplete).  Each is a day a coordinator should look
    at before planning on it.  A typo of 0, 1 or 2400 for about 240 is flagged.
    """
    x = np.asarray(arrivals, dtype=float)
    out: list[Outlier] = []
    for i, v in enumerate(x):
        around = np.r_[x[max(0, i - OUTLIER_WINDOW): i], x[i + 1: i + 1 + OUTLIER_WINDOW]]
        if around.size == 0:
            continue
        med = float(np.median(around))
        far = abs(v - med) > OUTLIER_Z * np.sqrt(cluster * max(med, 1.0))
        if far and (v > OUTLIER_FACTOR * med or v * OUTLIER_FACTOR < med):
            out.append(Outlier(i, float(v), med))
    return out


def _log_outliers(x: np.ndarray) -> set[int]:
    """Days more than ``OUTLIER_FACTOR`` off their neighbours' median on the log1p scale.

    The log fit would read them as variance (see ``estimate_arrivals``), so they are
    counted as people instead.  Left alone when fewer than ``MIN_DAYS`` others remain.
    """
    y = np.log1p(x)
    found: set[int] = set()
    for i in range(x.size):
        around = np.r_[y[max(0, i - OUTLIER_WINDOW): i], y[i + 1: i + 1 + OUTLIER_WINDOW]]
        if around.size and float(np.median(around)) - y[i] > LOG_GAP:
            found.add(i)
    return found if x.size - len(found) >= MIN_DAYS else set()


def estimate_arrivals(arrivals: np.ndarray, last: dt.date, *, cluster: float = 1.0,
                      lookback: int = LOOKBACK, weekly: bool = True,
                      kept: frozenset[int] = frozenset()) -> ArrivalEstimate:
    """Fit the arrival level, drift, pattern and scatter to the days ending on ``last``.

    Args:
        arrivals: people arriving each day, oldest first, the last on ``last``.
        cluster: people-weighted mean party size (Poisson variance multiplier).
        kept: positions (in ``arrivals``) of outlying days the caller has confirmed.
            They, and days far below their neighbours on the log scale (``LOG_GAP``),
            are left out of the log-scale fit, where a 0 among counts of 240 reads as
            a huge day-to-day variance (log1p(0) is 5.5 below log1p(240)), and the
            lognormal back-transform exp(variance / 2) then multiplies the level by
            6.5: the cause of "a day of 0 triples the level".  Their counts enter the
            level on the count scale instead, so a 0 pulls it down by its share of the
            days, and a real busy day pushes it up.  A 0 among days of fewer than 24
            is still fitted on the log scale (counting those as people scored worse
            on the Tucson tuning origins) and can lift the level a little (10.8 to
            11.0 a day among days of about 10).

    Raises:
        ValueError: fewer than ``MIN_DAYS`` days, or negative counts.
    """
    from statsmodels.tsa.statespace.structural import UnobservedComponents

    full = np.asarray(arrivals, dtype=float)
    x = full[-lookback:]
    offset = full.size - x.size
    if x.size < MIN_DAYS:
        raise ValueError(f"{x.size} days of arrivals; the estimate needs at least {MIN_DAYS}")
    if (x < 0).any() or not np.isfinite(x).all():
        raise ValueError("arrivals must be counts >= 0")
    first = last - dt.timedelta(days=x.size - 1)
    chosen = {i - offset for i in kept if i >= offset}
    chosen |= _log_outliers(x)
    out_days = np.array(sorted(chosen), dtype=int)
    y = np.log1p(x)
    if out_days.size:
        if x.size - out_days.size < MIN_DAYS:
            raise ValueError(f"{x.size - out_days.size} ordinary days of arrivals; the "
                             f"estimate needs at least {MIN_DAYS}")
        y[out_days] = np.nan
    seasonal = 7 if weekly and x.size >= WEEKLY_FROM else None
    if np.nanmax(y) == np.nanmin(y) and not out_days.size:  # flat: nothing to fit
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
    floor = cluster / max(float(np.expm1(np.nanmean(y))), 1.0)
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
    if out_days.size:
        # the kept days on the count scale: each counts as what it was instead of what
        # the fit expected that day (its smoothed level), in proportion to the days used
        smoothed = np.expm1(np.asarray(fit.smoothed_state)[0, out_days] + 0.5 * irregular)
        ordinary = float(np.delete(x, out_days).sum())
        expected = ordinary + float(np.maximum(smoothed, 0.0).sum())
        if expected > 0:
            level *= (ordinary + float(x[out_days].sum())) / expected
    mean = max(level, 1.0)
    excess = irregular - cluster / mean
    dispersion = None if excess <= 1e-3 else float(np.clip(1.0 / excess, 0.5, 1000.0))
    return ArrivalEstimate(max(level, 0.0), level_sd, level_se, pattern, dispersion, first, last,
                           smooth, kept=tuple(first + dt.timedelta(days=int(i)) for i in out_days))
