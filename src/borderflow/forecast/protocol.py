"""The frozen evaluation protocol: how a rolling run is scored, on which origins.

* Origins: every month from October 2009.  Methods and constants are chosen on
  the **tuning window** (origins October 2009 to September 2016) only; every
  later origin is test, reported by era: October 2016 - February 2020, March
  2020 - November 2022, December 2022 to the latest month, and, separately,
  December 2024 to the latest month (the months no version of the method was
  ever looked at against).
* Series: the nine southwest sectors and their total (default), or one series.
* Horizons 1..6; an origin counts once any of its targets is known.
* Scales: log counts (the scale the methods work on) and counts.
* MASE: each absolute error divided by the series' in-sample seasonal-naive
  mean absolute error over all the data up to its origin (M4's convention), on
  the same scale; the mean over origins, series and horizons.
* Intervals: coverage of the 80% and 95% bands, and the Winkler interval
  score (width plus 2/alpha times the miss), scaled like MASE (M4's MSIS).
* Baseline: the naive forecast (last value) inside the adaptive conformal wrapper,
  the shipped method's bands until ledger #92 (the ledger scores every row against
  it); :func:`backtest` puts naive inside the shipped bands, and
  ``benchmarks/forecast.py`` prints both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from borderflow import vocab
from borderflow.forecast.backtest import Run
from borderflow.forecast.intervals import LEVELS
from borderflow.forecast.panel import Panel, log_values

FIRST_ORIGIN = dt.date(2009, 10, 1)
TUNING_LAST = dt.date(2016, 9, 1)
UNTOUCHED_FIRST = dt.date(2024, 12, 1)
#: era name -> (first origin, last origin or None for the latest)
ERAS: dict[str, tuple[dt.date, dt.date | None]] = {
    "tuning 2009-10 to 2016-09": (FIRST_ORIGIN, TUNING_LAST),
    "test 2016-10 to 2020-02": (dt.date(2016, 10, 1), dt.date(2020, 2, 1)),
    "test 2020-03 to 2022-11": (dt.date(2020, 3, 1), dt.date(2022, 11, 1)),
    "test 2022-12 to latest": (dt.date(2022, 12, 1), None),
    "untouched 2024-12 to latest": (UNTOUCHED_FIRST, None),
    "test 2016-10 to latest": (dt.date(2016, 10, 1), None),
    "test 2020-03 to latest": (dt.date(2020, 3, 1), None),
}
SCALES = ("log", "count")
DEFAULT_SERIES = (*vocab.SOUTHWEST_SECTORS, "Southwest")


def seasonal_scale(x: np.ndarray) -> np.ndarray:
    """In-sample seasonal-naive MAE up to each month: ``out[:, t]`` over ``x[:, :t+1]``.

    ``nan`` before month 13.
    """
    diffs = np.abs(x[:, 12:] - x[:, :-12])
    cum = np.cumsum(diffs, axis=1)
    out = np.full(x.shape, np.nan)
    out[:, 12:] = cum / np.arange(1, diffs.shape[1] + 1)
    return out


@dataclass
class Errors:
    """Per-origin scaled errors of one run: origins x series x h (nan: target unknown)."""

    ase: np.ndarray  # absolute error / scale
    inside: dict[int, np.ndarray]
    winkler: dict[int, np.ndarray]  # interval score / scale


def errors(run: Run, rows: list[int], scale: str) -> Errors:
    """Scaled errors of ``run`` for the series ``rows`` on ``scale`` (``log`` or ``count``)."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose from {', '.join(SCALES)}")
    def tf(v: np.ndarray) -> np.ndarray:
        return np.asarray(np.log(np.maximum(v, 1.0))) if scale == "log" else v

    values = run.panel.values[rows]
    x = log_values(values) if scale == "log" else values
    n = x.shape[1]
    sc = seasonal_scale(x)[:, run.origins].T  # origins x series
    sc = np.where(sc > 0, sc, np.nan)
    shape = (len(run.origins), len(rows), run.h)
    actual = np.full(shape, np.nan)
    for k in range(run.h):
        t = run.origins + 1 + k
        ok = t < n
        actual[ok, :, k] = x[:, t[ok]].T
    mean = tf(run.mean[:, rows])
    ase = np.abs(actual - mean) / sc[:, :, None]
    inside, winkler = {}, {}
    known = ~np.isnan(actual)
    for lv in LEVELS:
        lo, hi = tf(run.lo[lv][:, rows]), tf(run.hi[lv][:, rows])
        a = 1 - lv / 100
        with np.errstate(invalid="ignore"):
            inside[lv] = np.where(known, (actual >= lo) & (actual <= hi), np.nan)
            score = (hi - lo) + 2 / a * (np.maximum(lo - actual, 0) + np.maximum(actual - hi, 0))
        winkler[lv] = score / sc[:, :, None]
    return Errors(ase, inside, winkler)


def select(run: Run, first: dt.date, last: dt.date | None) -> np.ndarray:
    """Boolean mask of the run's origins from ``first`` to ``last`` (inclusive)."""
    months = np.array([run.panel.months[o] for o in run.origins])
    keep = months >= first
    if last is not None:
        keep &= months <= last
    return np.asarray(keep)


def summary(run: Run, naive: Run, rows: list[int], scale: str, first: dt.date,
            last: dt.date | None) -> dict[str, Any]:
    """The protocol's figures for the origins ``first``..``last`` of ``run`` beside ``naive``."""
    e, b = errors(run, rows, scale), errors(naive, rows, scale)
    keep = select(run, first, last)
    keep &= ~np.all(np.isnan(e.ase), axis=(1, 2))  # an origin counts once a target is known
    months = [run.panel.months[o] for o in run.origins[keep]]
    if not months:
        return {"origins": 0, "scale": scale}

    def m(a: np.ndarray) -> float:
        return float(np.nanmean(a[keep]))

    out: dict[str, Any] = {
        "origins": len(months), "first_origin": f"{months[0]:%Y-%m}",
        "last_origin": f"{months[-1]:%Y-%m}", "scale": scale,
        "series": [run.panel.names[i] for i in rows],
        "method": run.method, "reconcile": run.reconcile, "horizons": run.h,
        "forecasts_scored": int((~np.isnan(e.ase[keep])).sum()),
        "mase": m(e.ase), "naive_mase": m(b.ase),
        "coverage": {str(lv): m(e.inside[lv]) for lv in LEVELS},
        "naive_coverage": {str(lv): m(b.inside[lv]) for lv in LEVELS},
        "interval_score": {str(lv): m(e.winkler[lv]) for lv in LEVELS},
        "naive_interval_score": {str(lv): m(b.winkler[lv]) for lv in LEVELS},
        "mase_by_horizon": [float(v) for v in np.nanmean(e.ase[keep], axis=(0, 1))],
    }
    out["mase_vs_naive_pct"] = 100 * (out["mase"] / out["naive_mase"] - 1)
    out["interval_score_vs_naive_pct"] = {
        lv: 100 * (out["interval_score"][lv] / out["naive_interval_score"][lv] - 1)
        for lv in out["interval_score"]}
    return out


def scored_origins(run: Run, first: dt.date, last: dt.date | None) -> np.ndarray:
    """The origins ``first``..``last`` of ``run`` that have a known target (the ones
    :func:`summary` scores)."""
    return select(run, first, last) & (run.origins < len(run.panel.months) - 1)


def mint_rate(run: Run, keep: np.ndarray | None = None) -> dict[str, Any]:
    """How reconciliation ran at the origins ``keep`` (default: all of the run): MinT
    calls (one per origin, over the whole hierarchy), how many needed the
    non-negativity constraint, how many fell back to bottom-up."""
    if keep is None or run.mint_outcome is None:
        n, constrained, failed = run.mint_calls, run.mint_constrained, run.mint_failed
    else:
        chosen = run.mint_outcome[keep]
        n = int((chosen > 0).sum())
        constrained, failed = int((chosen == 2).sum()), int((chosen == 3).sum())
    calls = max(n, 1)
    return {"calls": n, "constrained": constrained, "fell_back": failed,
            "fallback_rate": failed / calls, "constrained_rate": constrained / calls}


def parse_month(text: str, what: str) -> dt.date:
    """``YYYY-MM`` as the first of that month.

    Raises:
        QueryError: not a month written ``YYYY-MM``.
    """
    from borderflow.errors import QueryError

    try:
        year, month = (int(p) for p in text.split("-"))
        return dt.date(year, month, 1)
    except ValueError as exc:
        raise QueryError(f"{what} {text!r} is not a month (expected YYYY-MM)") from exc


def backtest(panel: Panel, *, first: dt.date = FIRST_ORIGIN, last: dt.date | None = None,
             series: list[str] | None = None, method: str | None = None,
             scales: tuple[str, ...] = SCALES, h: int = 6) -> dict[str, Any]:
    """Score ``method`` (default: the shipped one) beside naive on origins ``first``..``last``.

    Raises:
        QueryError: an unknown series, or origins the panel cannot score.
    """
    import time

    from borderflow.errors import QueryError
    from borderflow.forecast.backtest import SHIPPED_BANDS, WARM_START, rolling, shipped
    from borderflow.forecast.models import METHODS, SHIPPED

    method = method or SHIPPED
    if method not in METHODS:
        raise QueryError(f"unknown method {method!r}; choose from {', '.join(METHODS)}")
    names = series or list(DEFAULT_SERIES)
    unknown = [n for n in names if n not in panel.names]
    if unknown:
        raise QueryError(f"unknown series {', '.join(unknown)}; choose from "
                         + ", ".join(panel.names))
    earliest = panel.months[WARM_START]
    if first < earliest or first > panel.months[-2] or (last is not None and last < first):
        raise QueryError(f"origins must run from {earliest:%Y-%m} to {panel.months[-2]:%Y-%m}"
                         f" (the last month with a known next month); got {first:%Y-%m}"
                         + (f" to {last:%Y-%m}" if last else ""))
    rows = [panel.index(n) for n in names]
    t0 = time.perf_counter()
    run = shipped(panel, method=method, h=h)
    # naive inside the same bands as the method (the ledger's rows were scored against
    # naive in the conformal bands; benchmarks/forecast.py prints both)
    naive = rolling(panel, method="naive", reconcile="none", h=h, **SHIPPED_BANDS)
    seconds = time.perf_counter() - t0
    out: dict[str, Any] = {"method": method, "series": names, "data_through":
                           f"{panel.months[-1]:%Y-%m}", "releases": panel.releases,
                           "reconciliation": mint_rate(run, scored_origins(run, first, last)),
                           "seconds": seconds}
    for scale in scales:
        out[scale] = summary(run, naive, rows, scale, first, last)
    # the first scale's figures at the top level, for a quick read
    out.update({k: v for k, v in out[scales[0]].items() if k not in out})
    return out
