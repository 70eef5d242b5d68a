"""The forecast backtest under the frozen protocol, by era, beside naive in the protocol's
conformal bands and in the shipped bands; then statsforecast's AutoETS and AutoTheta and
Prophet on the same test origins (skip them with ``--no-peers``; they need
``pip install -e ".[dev,bench]"``).

Set-up (see ``borderflow.forecast.protocol``): Border Patrol sectors from the OHSS
workbook (Oct 1999 - Nov 2024) carried on by the AOR release (Dec 2024 on); the
nine southwest sectors and their total are scored; an origin every month from
October 2009; horizons 1-6; the tuning window (origins to Sep 2016) is where the
method and its constants were chosen (see benchmarks/forecast_ledger.md); every
later era is test.  Run: ``.venv/bin/python benchmarks/forecast.py [--no-peers]
[--peer-every N] [--peer AutoETS,AutoTheta,Prophet] [--current] [--scheduled]``
(``--current``: also time the current forecasts of every hierarchy; ``--scheduled``:
ledger #106, the bands widened on horizons crossing an announced policy date, a
measurement that is not shipped; the peers refit at every origin:
``--peer-every N`` scores them, and the shipped method and naive beside them, on every
Nth test origin only).
"""

from __future__ import annotations

import logging
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
from _common import data_dir

from borderflow.forecast import protocol
from borderflow.forecast.backtest import SHIPPED_BANDS, rolling, shipped
from borderflow.forecast.models import SHIPPED
from borderflow.forecast.panel import Panel, log_values, sector_panel
from borderflow.store import Warehouse

H = 6
ERAS = ["tuning 2009-10 to 2016-09", "test 2016-10 to 2020-02", "test 2020-03 to 2022-11",
        "test 2022-12 to latest", "untouched 2024-12 to latest", "test 2020-03 to latest"]


def load() -> Panel:
    with tempfile.TemporaryDirectory() as tmp, Warehouse(Path(tmp) / "w.duckdb") as wh:
        wh.ingest([data_dir() / "ohss_khsm", data_dir() / "cbp_aor_extract"])
        return sector_panel(wh)


def era_table(label: str, run: object, naive: object, rows: list[int],
              naive_same: object | None = None) -> None:
    """``naive``: naive in the protocol's conformal bands; ``naive_same``: naive in the
    method's own bands (the last three columns, when they differ)."""
    print(f"\n{label}")
    print(f"{'era':30}{'scale':>6}{'origins':>8}{'MASE':>7}{'naive':>7}{'vs naive':>9}"
          f"{'cov80':>7}{'cov95':>7}{'n.cov80':>8}{'n.cov95':>8}{'IS80 vs n.':>11}"
          f"{'IS95 vs n.':>11}" + (f"{'s.cov80':>8}{'s.cov95':>8}{'IS95 vs s.':>11}"
                                    if naive_same is not None else ""))
    for era in ERAS:
        first, last = protocol.ERAS[era]
        for scale in protocol.SCALES:
            d = protocol.summary(run, naive, rows, scale, first, last)  # type: ignore[arg-type]
            line = (f"{era:30}{scale:>6}{d['origins']:8d}{d['mase']:7.3f}{d['naive_mase']:7.3f}"
                    f"{d['mase_vs_naive_pct']:+8.1f}%{d['coverage']['80']:7.1%}"
                    f"{d['coverage']['95']:7.1%}{d['naive_coverage']['80']:8.1%}"
                    f"{d['naive_coverage']['95']:8.1%}"
                    f"{d['interval_score_vs_naive_pct']['80']:+10.1f}%"
                    f"{d['interval_score_vs_naive_pct']['95']:+10.1f}%")
            if naive_same is not None:
                s = protocol.summary(run, naive_same, rows, scale, first,  # type: ignore[arg-type]
                                     last)
                line += (f"{s['naive_coverage']['80']:8.1%}{s['naive_coverage']['95']:8.1%}"
                         f"{s['interval_score_vs_naive_pct']['95']:+10.1f}%")
            print(line)


def peer_mase(panel: Panel, rows: list[int], fit_predict: Callable[..., np.ndarray],
              origins: list[int]) -> tuple[np.ndarray, float]:
    """Point MASE (log scale, protocol scale) of a refitting peer: origins x series x h."""
    logs = log_values(panel.values[rows])
    scale = protocol.seasonal_scale(logs)
    n = logs.shape[1]
    err = np.full((len(origins), len(rows), H), np.nan)
    t0 = time.perf_counter()
    for j, o in enumerate(origins):
        fc = fit_predict(panel.months[: o + 1], logs[:, : o + 1])
        for k in range(H):
            if o + 1 + k < n:
                err[j, :, k] = np.abs(logs[:, o + 1 + k] - fc[:, k]) / scale[:, o]
    return err, time.perf_counter() - t0


def statsforecast_fit_predict(model: str) -> Callable[..., np.ndarray]:
    import pandas as pd
    from statsforecast import StatsForecast
    from statsforecast.models import AutoETS, AutoTheta

    chosen = {"AutoETS": AutoETS(season_length=12), "AutoTheta": AutoTheta(season_length=12)}

    def run(months: list[object], logs: np.ndarray) -> np.ndarray:
        df = pd.DataFrame({"unique_id": np.repeat(np.arange(logs.shape[0]), logs.shape[1]),
                           "ds": np.tile(pd.to_datetime(months), logs.shape[0]),
                           "y": logs.ravel()})
        fc = StatsForecast(models=[chosen[model]], freq="MS").forecast(df=df, h=H)
        return np.asarray(fc.sort_values(["unique_id", "ds"])[model].to_numpy()
                          .reshape(logs.shape[0], H))

    return run


def prophet_fit_predict(months: list[object], logs: np.ndarray) -> np.ndarray:
    import pandas as pd
    from prophet import Prophet

    out = np.zeros((logs.shape[0], H))
    ds = pd.to_datetime(months)
    future = pd.DataFrame({"ds": pd.date_range(ds[-1], periods=H + 1, freq="MS")[1:]})
    for i, series in enumerate(logs):
        m = Prophet(yearly_seasonality=True, weekly_seasonality=False, daily_seasonality=False,
                    uncertainty_samples=0)
        m.fit(pd.DataFrame({"ds": ds, "y": series}))
        out[i] = m.predict(future)["yhat"].to_numpy()
    return out


def current_time(t_backtest: float) -> None:
    """Time to build the current forecasts of every hierarchy (what ``borderflow forecast
    --panel all`` and the dashboard serve), from a warehouse of every official file."""
    from borderflow.forecast.current import PANELS, current

    with tempfile.TemporaryDirectory() as tmp, Warehouse(Path(tmp) / "w.duckdb") as wh:
        wh.ingest([data_dir()])
        t0 = time.perf_counter()
        built = current(wh)
        seconds = time.perf_counter() - t0
    rows = sum(len(p.rows) for p in built)
    print(f"current forecasts: {len(PANELS)} hierarchies, {rows} rows, {seconds:.2f} s "
          f"({seconds / t_backtest:.1f}x the full backtest above)")


def main() -> None:
    logging.getLogger("cmdstanpy").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore")
    panel = load()
    rows = [panel.index(n) for n in protocol.DEFAULT_SERIES]
    method = sys.argv[sys.argv.index("--method") + 1] if "--method" in sys.argv else SHIPPED
    variant = {}
    if "--scheduled" in sys.argv:  # ledger #106: a measurement, not shipped
        from borderflow.forecast.scheduled import FACTOR

        variant["scheduled_factor"] = FACTOR
    t0 = time.perf_counter()
    run = shipped(panel, method=method, h=H, **variant)
    t_shipped = time.perf_counter() - t0
    t0 = time.perf_counter()
    naive = rolling(panel, method="naive", reconcile="none", h=H)
    t_naive = time.perf_counter() - t0
    naive_same = rolling(panel, method="naive", reconcile="none", h=H, **SHIPPED_BANDS)
    print(f"backtest: {len(rows)} series (9 southwest sectors and Southwest), data "
          f"{panel.months[0]:%Y-%m} to {panel.months[-1]:%Y-%m} "
          f"({'; '.join(f'{f} {a:%Y-%m}..{b:%Y-%m}' for f, a, b in panel.segments)}), "
          f"h = 1..{H}")
    era_table(f"{'shipped' if method == SHIPPED and not variant else 'method'}: {method}, "
              "reconciled (non-negative MinT), bands: scaled conformal (volatility over 60 "
              "months, pooled over series of at least 100 a month)"
              + (", widened on horizons crossing an announced policy date" if variant else "")
              + "; n. = naive in the protocol's conformal bands, s. = naive in the same bands",
              run, naive, rows, naive_same)
    rate = protocol.mint_rate(run)
    print(f"\nreconciliation: MinT ran {rate['calls']} times; the non-negativity constraint "
          f"was active in {rate['constrained_rate']:.1%}, fallback to bottom-up "
          f"{rate['fallback_rate']:.1%}")
    print(f"time: full backtest (every origin {panel.months[36]:%Y-%m}..{panel.months[-1]:%Y-%m},"
          f" all {len(panel.names)} series) {t_shipped:.2f} s (target < 60 s); naive run "
          f"{t_naive:.2f} s; ratio {t_shipped / t_naive:.1f}x naive")
    if "--current" in sys.argv:
        current_time(t_shipped)
    if "--no-peers" in sys.argv:
        return
    first = panel.months.index(protocol.ERAS["test 2016-10 to latest"][0])
    every = int(sys.argv[sys.argv.index("--peer-every") + 1]) if "--peer-every" in sys.argv \
        else 1
    only = sys.argv[sys.argv.index("--peer") + 1].split(",") if "--peer" in sys.argv else None
    origins = list(range(first, len(panel.months) - 1, every))
    e = protocol.errors(run, rows, "log")
    keep = np.isin(run.origins, origins)
    ours = float(np.nanmean(e.ase[keep]))
    b = protocol.errors(naive, rows, "log")
    base = float(np.nanmean(b.ase[keep]))
    print(f"\npeers, point MASE (log scale), test origins {panel.months[first]:%Y-%m} on"
          + (f", one origin in {every} ({len(origins)} origins)" if every > 1 else "")
          + f": shipped {ours:.3f}, naive {base:.3f}")
    peers: list[tuple[str, Callable[..., np.ndarray]]] = []
    try:
        peers += [(m, statsforecast_fit_predict(m)) for m in ("AutoETS", "AutoTheta")]
    except ImportError:
        print("statsforecast is not installed (bench extra): skipped")
    try:
        import prophet  # noqa: F401

        peers.append(("Prophet", prophet_fit_predict))
    except ImportError:
        print("prophet is not installed (bench extra): skipped")
    for label, fn in peers:
        if only is not None and label not in only:
            continue
        err, seconds = peer_mase(panel, rows, fn, origins)
        m = float(np.nanmean(err))
        print(f"{label:10} MASE {m:.3f} ({100 * (m / base - 1):+.1f}% vs naive), "
              f"{seconds:.1f} s on these origins ({seconds / t_shipped:.2f}x the shipped full "
              "backtest's time)")


if __name__ == "__main__":
    main()
