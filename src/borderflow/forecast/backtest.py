"""Rolling-origin backtests, coherent forecasts and conformal intervals.

From every origin month, each method forecasts 1..h months ahead using only
the data up to that month; the forecasts are reconciled across the sector
hierarchy; the intervals are set from the errors of earlier origins whose
targets were already known (split conformal, online): nothing from after the
origin is used, so the scores are honest.

Scores follow the M4 conventions: MASE scaled by the in-sample seasonal-naive
error of each series before the first origin (log scale), and sMAPE.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from borderflow import vocab
from borderflow.forecast.models import METHODS, SHIPPED
from borderflow.forecast.panel import Panel, log_values
from borderflow.forecast.reconcile import mint

LEVELS = (80, 95)
ERROR_WINDOW = 60  # months of past errors the intervals are calibrated on
GAMMA = 0.005  # step of the adaptive conformal level (chosen on the backtest: see README)
RESIDUAL_WINDOW = 36  # months of one-step errors behind the MinT covariance


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


def base_forecast(log_history: np.ndarray, start_month: int, h: int,
                  method: str = SHIPPED) -> np.ndarray:
    """Log forecasts of every series by ``method``."""
    return METHODS[method](log_history, start_month, h)


def one_step_residuals(log_history: np.ndarray, start_month: int, method: str,
                       window: int = RESIDUAL_WINDOW) -> np.ndarray:
    """In-sample one-step errors (counts) over the last ``window`` months."""
    n = log_history.shape[1]
    out = []
    for t in range(max(25, n - window), n):
        fc = METHODS[method](log_history[:, :t], start_month, 1)[:, 0]
        out.append(np.exp(log_history[:, t]) - np.exp(fc))
    return np.array(out).T if out else np.zeros((log_history.shape[0], 1))


def point_forecast(panel: Panel, h: int, method: str = SHIPPED,
                   reconcile: bool = True) -> np.ndarray:
    """Coherent point forecasts (counts) from the end of ``panel``."""
    logs = log_values(panel.values)
    base: np.ndarray = np.exp(base_forecast(logs, panel.start_month, h, method))
    if not reconcile:
        return base
    return mint(base, panel.summing, one_step_residuals(logs, panel.start_month, method))


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
                 gamma: float | None = None) -> None:
        self.h = h
        self.window = window
        self.errors: list[np.ndarray] = []  # per origin: series x h log errors (nan: unknown)
        self.alpha = {lv: np.full((n_series, h), 1 - lv / 100) for lv in LEVELS}
        self.gamma = gamma if gamma is not None else GAMMA
        self.issued: list[tuple[np.ndarray, dict[int, np.ndarray], dict[int, np.ndarray]]] = []

    def observe(self, actual: np.ndarray) -> None:
        """The newest month's actual values (counts, all series) become known."""
        log_actual = np.log(np.maximum(actual, 1.0))
        for back, (mean, lo, hi) in enumerate(reversed(self.issued[-self.h:]), start=1):
            k = back - 1  # issued ``back`` origins ago: horizon ``back`` lands now
            self.errors[-back][:, k] = log_actual - np.log(np.maximum(mean[:, k], 1.0))
            for lv in LEVELS:
                miss = (actual < lo[lv][:, k]) | (actual > hi[lv][:, k])
                self.alpha[lv][:, k] += self.gamma * ((1 - lv / 100) - miss)

    def bands(self, mean: np.ndarray) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
        """Bands around ``mean`` (series x h, counts); records them to score later."""
        past = np.abs(np.array(self.errors[-self.window:])) if self.errors else None
        lo: dict[int, np.ndarray] = {}
        hi: dict[int, np.ndarray] = {}
        for lv in LEVELS:
            q = np.zeros_like(mean)
            if past is not None:
                for i in range(mean.shape[0]):
                    for k in range(self.h):
                        e = past[:, i, k]
                        e = e[~np.isnan(e)]
                        if e.size >= 12:
                            level = float(np.clip(1 - self.alpha[lv][i, k], 0.5, 0.995))
                            q[i, k] = np.quantile(e, level)
            lo[lv], hi[lv] = mean * np.exp(-q), mean * np.exp(q)
        lo[95] = np.minimum(lo[95], lo[80])
        hi[95] = np.maximum(hi[95], hi[80])
        self.issued.append((mean, lo, hi))
        self.errors.append(np.full(mean.shape, np.nan))
        return lo, hi


@dataclass
class Backtest:
    """Scores of a rolling-origin backtest."""

    method: str
    series: list[str]
    origins: list[dt.date]
    h: int
    mase: np.ndarray  # series x h
    smape: np.ndarray  # series x h
    coverage: dict[int, np.ndarray]  # level -> h
    width: dict[int, np.ndarray]  # level -> h, mean width relative to the forecast
    coverage_periods: dict[str, dict[int, float]]
    seconds: float = 0.0
    #: for the series named in ``track``: origins x h of mean, lo80, hi80, lo95, hi95
    tracked: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def mase_by_h(self) -> np.ndarray:
        return np.asarray(self.mase.mean(axis=0))

    @property
    def mean_mase(self) -> float:
        return float(self.mase.mean())


def mase_scale(logs: np.ndarray, first_origin_index: int) -> np.ndarray:
    """In-sample seasonal-naive mean absolute error before the first origin (per series)."""
    x = logs[:, :first_origin_index + 1]
    return np.asarray(np.mean(np.abs(x[:, 12:] - x[:, :-12]), axis=1))


def run_backtest(panel: Panel, *, method: str = SHIPPED, reconcile: bool = True,
                 first: dt.date = dt.date(2009, 10, 1), last: dt.date | None = None,
                 h: int = 6, evaluate: list[str] | None = None,
                 breaks: tuple[dt.date, ...] = (dt.date(2020, 3, 1),),
                 track: str | None = None) -> Backtest:
    """Forecast from every month ``first``..``last`` and score against what happened.

    Args:
        evaluate: series to score (default: the southwest sectors and their total).
        breaks: coverage is also reported before and after each of these dates.
        track: keep every forecast and band of this series (for the fan chart).
    """
    import time

    t0 = time.perf_counter()
    names = evaluate or [*vocab.SOUTHWEST_SECTORS, "Southwest"]
    idx = [panel.index(n) for n in names]
    logs = log_values(panel.values)
    months = panel.months
    o_first = months.index(first)
    o_last = months.index(last) if last else len(months) - 1
    scale = mase_scale(logs[idx], o_first)
    abs_err = np.full((o_last - o_first + 1, len(idx), h), np.nan)
    sym = np.full_like(abs_err, np.nan)
    inside = {lv: np.full_like(abs_err, np.nan) for lv in LEVELS}
    width = {lv: np.full_like(abs_err, np.nan) for lv in LEVELS}
    origins = months[o_first:o_last + 1]
    conformal = warm_conformal(panel, o_first, h, method, reconcile)
    tracked = {k: np.full((len(origins), h), np.nan)
               for k in ("mean", "lo80", "hi80", "lo95", "hi95")} if track else {}
    for j, o in enumerate(range(o_first, o_last + 1)):
        mean = point_forecast(panel.upto(months[o]), h, method, reconcile)
        lo, hi = conformal.bands(mean)
        if track:
            ti = panel.index(track)
            tracked["mean"][j] = mean[ti]
            for lv in LEVELS:
                tracked[f"lo{lv}"][j], tracked[f"hi{lv}"][j] = lo[lv][ti], hi[lv][ti]
        for k in range(h):
            t = o + 1 + k
            if t >= len(months):
                continue
            actual = panel.values[idx, t]
            f = mean[idx, k]
            abs_err[j, :, k] = np.abs(logs[idx, t] - np.log(np.maximum(f, 1)))
            sym[j, :, k] = 200 * np.abs(actual - f) / np.maximum(np.abs(actual) + np.abs(f), 1e-9)
            for lv in LEVELS:
                inside[lv][j, :, k] = (actual >= lo[lv][idx, k]) & (actual <= hi[lv][idx, k])
                width[lv][j, :, k] = (hi[lv][idx, k] - lo[lv][idx, k]) / np.maximum(f, 1)
        if o + 1 < len(months):
            conformal.observe(panel.values[:, o + 1])
    mase = np.nanmean(abs_err, axis=0) / scale[:, None]
    smape = np.nanmean(sym, axis=0)
    periods: dict[str, dict[int, float]] = {}
    cut_points = [first, *breaks, months[-1] + dt.timedelta(days=1)]
    for a, b in zip(cut_points, cut_points[1:], strict=False):
        sel = [j for j, m in enumerate(origins) if a <= m < b]
        if sel:
            periods[f"{origins[sel[0]]:%Y-%m} to {origins[sel[-1]]:%Y-%m}"] = {
                lv: float(np.nanmean(inside[lv][sel])) for lv in LEVELS}
    return Backtest(
        method=method + (" (reconciled)" if reconcile else ""), series=names, origins=origins,
        h=h, mase=mase, smape=smape,
        coverage={lv: np.nanmean(inside[lv], axis=(0, 1)) for lv in LEVELS},
        width={lv: np.nanmean(width[lv], axis=(0, 1)) for lv in LEVELS},
        coverage_periods=periods, seconds=time.perf_counter() - t0, tracked=tracked,
    )


def warm_conformal(panel: Panel, end: int, h: int, method: str,
                   reconcile: bool = True) -> OnlineConformal:
    """Conformal state as it stood at month index ``end``: run over the previous origins."""
    conformal = OnlineConformal(len(panel.names), h)
    for o in range(max(36, end - ERROR_WINDOW - h), end):
        conformal.bands(point_forecast(panel.upto(panel.months[o]), h, method, reconcile))
        conformal.observe(panel.values[:, o + 1])
    return conformal


def forecast(panel: Panel, h: int = 6, method: str = SHIPPED) -> Forecast:
    """Coherent forecasts with adaptive conformal intervals from the end of ``panel``.

    The intervals are calibrated on the same method's errors over the previous
    five years of origins, each forecast made with the data of its day.
    """
    n = len(panel.months)
    conformal = warm_conformal(panel, n - 1, h, method)
    mean = point_forecast(panel, h, method)
    lo, hi = conformal.bands(mean)
    last = panel.months[-1]
    return Forecast(last, panel.names, [vocab.add_months(last, k) for k in range(1, h + 1)],
                    mean, lo, hi)
