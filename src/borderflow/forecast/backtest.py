"""Rolling forecasts with coherent means and conformal intervals, and the current forecast.

From every origin month, a method forecasts 1..h months ahead using only the
data up to that month; the forecasts are reconciled across the sector
hierarchy; the intervals are set from the errors of earlier origins whose
targets were already known (adaptive split conformal, online: per series in
:class:`OnlineConformal`, every ledger row's bands to #63; pooled over series and
scaled by each one's volatility in the shipped bands, ``SHIPPED_BANDS``, ledger #92).  Nothing from
after an origin is used, so the forecast made at an origin is the same whether
the run starts there or years before: the run always starts at month 36 of the
panel (``WARM_START``) so the interval state at every origin is the same too.

How the runs are scored (the frozen protocol) is in :mod:`borderflow.forecast.protocol`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from borderflow import vocab
from borderflow.forecast.intervals import LEVELS, ScaledConformal, adapt_levels, nested_bands
from borderflow.forecast.models import METHODS, SHIPPED, Adaptive
from borderflow.forecast.panel import Panel, log_values
from borderflow.forecast.reconcile import Reconciler

ERROR_WINDOW = 60  # months of past errors the intervals are calibrated on
GAMMA = 0.005  # step of the adaptive conformal level (ledger: chosen on the tuning window)
RESIDUAL_WINDOW = 36  # months of one-step errors behind the MinT covariance
WARM_START = 36  # first origin (month index) of every rolling run
MAX_HORIZON = 24
#: every name but the first is a variant (ledger); ``scaled``: :mod:`borderflow.forecast.intervals`
INTERVALS = ("conformal", "naive_quantiles", "naive_break", "scaled")
#: hf_mint, hf_mint_counts: hierarchicalforecast's MinTrace in thousands / counts (variants)
RECONCILERS = ("mint", "bottom_up", "none", "hf_mint", "hf_mint_counts")
#: the bands shipped (ledger #92): scaled conformal, each series' errors divided by its mean
#: absolute monthly log change over the last 60 months, pooled over the series of at least
#: 100 encounters a month (:mod:`borderflow.forecast.intervals`); ``rolling``'s default stays
#: the conformal bands of every earlier ledger row, and naive's baseline keeps them
SHIPPED_BANDS: dict[str, Any] = {
    "intervals": "scaled", "scaled": {"scale": "vol", "vol_months": 60, "min_level": 100}}
BREAK_K = 3.0  # a one-step error this many times its median is a break (variant, not shipped)


@dataclass
class Forecast:
    """Forecasts of every series of a panel from one origin."""

    origin: dt.date
    names: list[str]
    targets: list[dt.date]
    mean: np.ndarray  # series x h, counts
    lo: dict[int, np.ndarray] = field(default_factory=dict)
    hi: dict[int, np.ndarray] = field(default_factory=dict)

    def rows(self) -> list[dict[str, Any]]:
        out = []
        for i, name in enumerate(self.names):
            for k, target in enumerate(self.targets):
                row: dict[str, Any] = {"series": name, "origin": self.origin, "target": target,
                                       "horizon": k + 1, "mean": float(self.mean[i, k])}
                for level in self.lo:
                    row[f"lo{level}"] = float(self.lo[level][i, k])
                    row[f"hi{level}"] = float(self.hi[level][i, k])
                out.append(row)
        return out


class OnlineConformal:
    """Conformal intervals that adapt to breaks (adaptive conformal inference).

    The band of a (series, horizon) is the point forecast times exp(+/- q),
    with q a quantile of the absolute log errors of the last ``window``
    origins whose outcome is known.  The quantile's level adapts (Gibbs and
    Candès 2021): after each miss it rises, after each hit it falls a little,
    so that coverage holds over time even when the series jumps to a new
    regime (Title 42, January 2025) and old errors understate new ones.
    """

    def __init__(self, n_series: int, h: int, *, window: int = ERROR_WINDOW,
                 gamma: float | None = None, break_factor: float | None = None) -> None:
        self.h = h
        #: widen a series' bands by this factor for ``h`` origins after a one-step error
        #: over ``BREAK_K`` times its median (a detected break); ``None``: never
        self.break_factor = break_factor
        self.since_break = np.full(n_series, 10 ** 6)
        self.window = window
        self.errors: list[np.ndarray] = []  # per origin: series x h log errors (nan: unknown)
        self.alpha = {lv: np.full((n_series, h), 1 - lv / 100) for lv in LEVELS}
        self.gamma = gamma if gamma is not None else GAMMA
        self.issued: list[tuple[np.ndarray, dict[int, np.ndarray], dict[int, np.ndarray]]] = []

    def observe(self, actual: np.ndarray) -> None:
        """The newest month's actual values (counts, all series) become known."""
        log_actual = np.log(np.maximum(actual, 1.0))
        self.since_break += 1
        if self.break_factor is not None and self.issued and len(self.errors) > 12:
            one_step = np.abs(log_actual - np.log(np.maximum(self.issued[-1][0][:, 0], 1.0)))
            past = np.abs(np.array([e[:, 0] for e in self.errors[-self.window:-1]]))
            typical = np.nanmedian(past, axis=0)
            self.since_break[one_step > BREAK_K * np.nan_to_num(typical, nan=np.inf)] = 0
        for back, (mean, lo, hi) in enumerate(reversed(self.issued[-self.h:]), start=1):
            k = back - 1  # issued ``back`` origins ago: horizon ``back`` lands now
            self.errors[-back][:, k] = log_actual - np.log(np.maximum(mean[:, k], 1.0))
            adapt_levels(self.alpha, lo, hi, actual, k, self.gamma)

    def bands(self, mean: np.ndarray, widen: dict[int, np.ndarray] | None = None,
              ) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
        """Bands around ``mean`` (series x h, counts); records them to score later.

        ``widen`` (level -> h): factors on the half-widths (a variant; None: none).
        """
        half: dict[int, np.ndarray] = {}
        past = np.abs(np.array(self.errors[-self.window:])) if self.errors else None
        for lv in LEVELS:
            q = np.zeros_like(mean)
            if past is not None:
                level = np.clip(1 - self.alpha[lv], 0.5, 0.995)
                q = _column_quantiles(past, level, minimum=12)
            if self.break_factor is not None:
                q = q * np.where(self.since_break < self.h, self.break_factor, 1.0)[:, None]
            half[lv] = q * widen[lv] if widen is not None else q
        lo, hi = nested_bands(mean, half)
        self.issued.append((mean, lo, hi))
        self.errors.append(np.full(mean.shape, np.nan))
        return lo, hi


def _column_quantiles(past: np.ndarray, level: np.ndarray, *, minimum: int) -> np.ndarray:
    """``np.quantile`` (linear) of ``past[:, i, k]`` without nans at ``level[i, k]``.

    Zero where fewer than ``minimum`` values are known.
    """
    ordered = np.sort(past, axis=0)  # nans sort last
    count = (~np.isnan(past)).sum(axis=0)
    pos = level * np.maximum(count - 1, 0)
    below = np.floor(pos).astype(int)
    above = np.minimum(below + 1, np.maximum(count - 1, 0))
    a = np.take_along_axis(ordered, below[None], axis=0)[0]
    b = np.take_along_axis(ordered, above[None], axis=0)[0]
    q = a + (pos - below) * (b - a)
    return np.where(count >= minimum, np.nan_to_num(q), 0.0)


@dataclass
class Run:
    """Every forecast of a rolling run: origins x series x horizons, in counts."""

    method: str
    reconcile: str
    panel: Panel
    origins: np.ndarray  # month indices into panel.months
    mean: np.ndarray
    lo: dict[int, np.ndarray]
    hi: dict[int, np.ndarray]
    mint_calls: int = 0
    mint_constrained: int = 0  # calls where plain MinT would have given a negative sector
    mint_failed: int = 0  # calls that fell back to bottom-up (singular covariance)
    #: per origin: 0 no MinT call, 1 plain MinT, 2 constrained, 3 fell back to bottom-up
    mint_outcome: np.ndarray | None = None

    @property
    def h(self) -> int:
        return int(self.mean.shape[2])

    def at(self, origin: dt.date) -> Forecast:
        """The forecast made at ``origin``."""
        j = int(np.flatnonzero(self.origins == self.panel.months.index(origin))[0])
        targets = [vocab.add_months(origin, k) for k in range(1, self.h + 1)]
        return Forecast(origin, self.panel.names, targets, self.mean[j],
                        {lv: self.lo[lv][j] for lv in LEVELS},
                        {lv: self.hi[lv][j] for lv in LEVELS})


def base_forecasts(panel: Panel, method: str, h: int, first: int) -> np.ndarray:
    """Log forecasts by ``method`` from every origin ``first``..end: origins x series x h."""
    logs = log_values(panel.values)
    fn = METHODS[method]
    if isinstance(fn, Adaptive):  # each candidate once per origin, then the weights
        paths = np.stack([base_forecasts(panel, c, h, first) for c in fn.candidates])
        return fn.combine(paths, logs[:, first:], h)
    many = getattr(fn, "many", None)
    if many is not None:  # a method that forecasts from many origins at once
        return np.asarray(many(logs, panel.start_month, h, list(range(first, len(panel.months)))))
    return np.stack([fn(logs[:, :o + 1], panel.start_month, h)
                     for o in range(first, len(panel.months))])


def rolling(panel: Panel, *, method: str = SHIPPED, reconcile: str = "mint", h: int = 6,
            gamma: float | None = None, window: int = ERROR_WINDOW,
            stop: int | None = None, break_factor: float | None = None,
            intervals: str = "conformal", scaled: dict[str, Any] | None = None,
            scheduled_factor: dict[int, float] | None = None) -> Run:
    """Forecast from every origin ``WARM_START``..``stop`` (default: the last month).

    Variants (ledger): ``intervals="scaled"`` with ``scaled`` the keyword arguments of
    :class:`borderflow.forecast.intervals.ScaledConformal`; ``scheduled_factor``
    widens the bands of the horizons that cross a policy date announced before the
    origin (:mod:`borderflow.forecast.scheduled`) by that factor (level -> factor).

    Raises:
        ValueError: unknown method or reconciliation, a horizon out of 1..24, or a
            panel too short to start.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose from {', '.join(METHODS)}")
    if reconcile not in RECONCILERS:
        raise ValueError(f"unknown reconciliation {reconcile!r}; choose from "
                         + ", ".join(RECONCILERS))
    if not 1 <= h <= MAX_HORIZON:
        raise ValueError(f"horizon {h} is out of 1..{MAX_HORIZON}")
    if intervals not in INTERVALS:
        raise ValueError(f"unknown intervals {intervals!r}; choose from {', '.join(INTERVALS)}")
    n = len(panel.months) if stop is None else stop + 1
    if n <= WARM_START:
        raise ValueError(f"a panel of {n} months is too short: forecasts start at month "
                         f"{WARM_START + 1}")
    panel = panel.upto(panel.months[n - 1])
    first_fit = WARM_START - RESIDUAL_WINDOW
    base = np.exp(base_forecasts(panel, method, h, first_fit))  # origins from first_fit
    one_step_err = panel.values[:, first_fit + 1:] - base[:-1, :, 0].T  # error at t=first_fit+1..
    reconciler = Reconciler(panel.summing, reconcile)
    conformal = OnlineConformal(len(panel.names), h, window=window, gamma=gamma,
                                break_factor=break_factor)
    origins = np.arange(WARM_START, n)
    logs = log_values(panel.values)
    from borderflow.forecast.scheduled import crossing

    scaled_bands = ScaledConformal(len(panel.names), h, window=window,
                                   gamma=gamma if gamma is not None else GAMMA, **(scaled or {}))
    naive_bands = NaiveQuantileBands(
        h, window=window, break_factor=break_factor if intervals == "naive_break" else None)
    means: list[np.ndarray] = []
    outcome: list[int] = []
    los: dict[int, list[np.ndarray]] = {lv: [] for lv in LEVELS}
    his: dict[int, list[np.ndarray]] = {lv: [] for lv in LEVELS}
    for o in origins:
        # one-step errors known at origin o: targets first_fit+1..o
        resid = one_step_err[:, max(0, o - first_fit - RESIDUAL_WINDOW):o - first_fit]
        before = (reconciler.calls, reconciler.constrained, reconciler.failed)
        mean = reconciler(base[o - first_fit], resid)
        outcome.append(0 if reconciler.calls == before[0] else
                       3 if reconciler.failed > before[2] else
                       2 if reconciler.constrained > before[1] else 1)
        widen = None
        if scheduled_factor is not None:
            cross = crossing(panel.months[o], h)
            widen = {lv: np.where(cross, f, 1.0) for lv, f in scheduled_factor.items()}
        if intervals == "conformal":
            lo, hi = conformal.bands(mean, widen)
        elif intervals == "scaled":
            lo, hi = scaled_bands.bands(mean, logs[:, :o + 1], widen)
        else:
            lo, hi = naive_bands.bands(mean, logs[:, :o + 1])
        means.append(mean)
        for lv in LEVELS:
            los[lv].append(lo[lv])
            his[lv].append(hi[lv])
        if o + 1 < n:
            conformal.observe(panel.values[:, o + 1])
            scaled_bands.observe(panel.values[:, o + 1])
    return Run(method, reconcile, panel, origins, np.array(means),
               {lv: np.array(v) for lv, v in los.items()},
               {lv: np.array(v) for lv, v in his.items()},
               reconciler.calls, reconciler.constrained, reconciler.failed,
               np.array(outcome, dtype=int))


def shipped(panel: Panel, *, h: int = 6, method: str = SHIPPED, **variant: Any) -> Run:
    """The rolling run of ``method`` with the shipped bands (``variant``: more options)."""
    return rolling(panel, method=method, h=h, **{**SHIPPED_BANDS, **variant})


def forecast(panel: Panel, h: int = 6, method: str = SHIPPED) -> Forecast:
    """Coherent forecasts with the shipped intervals from the end of ``panel``.

    The intervals are calibrated on the same method's errors at every earlier
    origin, each forecast made with the data of its day.
    """
    return shipped(panel, h=h, method=method).at(panel.months[-1])


class NaiveQuantileBands:
    """Bands from empirical quantiles of scaled naive errors, by horizon (variant).

    For horizon k, the errors are the log changes over k months of every series
    in the last ``window`` months, each divided by its series' scale (the mean
    absolute one-step log change over the same months); the band of series i is
    the point forecast times exp(+/- q_k x scale_i), q_k the pooled quantile.
    With ``break_factor``, a series whose log level has a change point (ruptures'
    PELT, l2 cost, on the standardised last ``window`` months) within the last
    ``h`` months gets its bands widened by that factor.
    """

    def __init__(self, h: int, *, window: int = ERROR_WINDOW,
                 break_factor: float | None = None, penalty: float = 10.0) -> None:
        self.h = h
        self.window = window
        self.break_factor = break_factor
        self.penalty = penalty
        self.breaks = 0

    def _recent_break(self, x: np.ndarray) -> np.ndarray:
        import ruptures

        out = np.zeros(x.shape[0], bool)
        for i, row in enumerate(x):
            sd = np.mean(np.abs(np.diff(row)))
            if sd <= 0:
                continue
            cps = ruptures.Pelt(model="l2", min_size=3, jump=1).fit(
                (row / sd)[:, None]).predict(pen=self.penalty)
            out[i] = any(len(row) - self.h <= c < len(row) for c in cps[:-1])
        return out

    def bands(self, mean: np.ndarray, logs: np.ndarray,
              ) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
        x = logs[:, -self.window - self.h:]
        n = x.shape[1]
        scale = np.mean(np.abs(np.diff(x, axis=1)), axis=1)
        scale = np.where(scale > 0, scale, np.nan)
        lo: dict[int, np.ndarray] = {}
        hi: dict[int, np.ndarray] = {}
        widen = np.ones(len(x))
        if self.break_factor is not None and n >= 24:
            hit = self._recent_break(x)
            self.breaks += int(hit.sum())
            widen = np.where(hit, self.break_factor, 1.0)
        for lv in LEVELS:
            q = np.zeros_like(mean)
            for k in range(1, self.h + 1):
                if n <= k + 12:
                    continue
                err = np.abs(x[:, k:] - x[:, :-k]) / scale[:, None]
                q[:, k - 1] = np.nanquantile(err, lv / 100) * np.nan_to_num(scale) * widen
            lo[lv], hi[lv] = mean * np.exp(-q), mean * np.exp(q)
        return lo, hi
