"""The full forecast backtest, and the same backtest with Prophet (and statsforecast's
AutoETS and AutoTheta) in the same run.  Needs the ``bench`` extra:
``.venv/bin/pip install -e ".[dev,bench]"``.

Set-up: the OHSS sector series (9 southwest sectors and their total), log
scale, an origin every month from October 2009 to November 2024, horizons
1-6, MASE scaled by each series' in-sample seasonal-naive error before the
first origin.  Prophet is fitted the way an analyst would (log counts, yearly
seasonality, defaults otherwise), once per series and origin.
"""

from __future__ import annotations

import logging
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
from _common import data_dir

from borderflow import vocab
from borderflow.forecast.backtest import mase_scale, run_backtest
from borderflow.forecast.panel import Panel, log_values, sector_panel
from borderflow.store import Warehouse

H = 6


def external_backtest(panel: Panel, names: list[str], fit_predict: object) -> tuple[np.ndarray,
                                                                                    float]:
    """MASE (series x h) of a per-origin refitting method on the same origins and scale."""
    logs = log_values(panel.values)
    idx = [panel.index(n) for n in names]
    first = panel.months.index(vocab.month_start(2010, 1))
    last = len(panel.months) - 1
    scale = mase_scale(logs[idx], first)
    err = np.full((last - first + 1, len(idx), H), np.nan)
    t0 = time.perf_counter()
    for j, o in enumerate(range(first, last + 1)):
        fc = fit_predict(panel.months[: o + 1], logs[idx, : o + 1])  # type: ignore[operator]
        for k in range(H):
            if o + 1 + k <= last:
                err[j, :, k] = np.abs(logs[idx, o + 1 + k] - fc[:, k])
    return np.nanmean(err, axis=0) / scale[:, None], time.perf_counter() - t0


def prophet_fit_predict(months: list, logs: np.ndarray) -> np.ndarray:  # type: ignore[type-arg]
    import pandas as pd
    from prophet import Prophet

    logging.getLogger("cmdstanpy").setLevel(logging.WARNING)
    out = np.zeros((logs.shape[0], H))
    ds = pd.to_datetime(months)
    future = pd.DataFrame({"ds": pd.date_range(ds[-1], periods=H + 1, freq="MS")[1:]})
    for i, row in enumerate(logs):
        m = Prophet(yearly_seasonality=True, weekly_seasonality=False, daily_seasonality=False,
                    uncertainty_samples=0)
        m.fit(pd.DataFrame({"ds": ds, "y": row}))
        out[i] = m.predict(future)["yhat"].to_numpy()
    return out


def statsforecast_fit_predict(model: str) -> object:
    import pandas as pd
    from statsforecast import StatsForecast
    from statsforecast.models import AutoETS, AutoTheta

    chosen = {"AutoETS": AutoETS(season_length=12), "AutoTheta": AutoTheta(season_length=12)}

    def run(months: list, logs: np.ndarray) -> np.ndarray:  # type: ignore[type-arg]
        df = pd.DataFrame({"unique_id": np.repeat(np.arange(logs.shape[0]), logs.shape[1]),
                           "ds": np.tile(pd.to_datetime(months), logs.shape[0]),
                           "y": logs.ravel()})
        fc = StatsForecast(models=[chosen[model]], freq="MS").forecast(df=df, h=H)
        return fc.sort_values(["unique_id", "ds"])[model].to_numpy().reshape(logs.shape[0], H)

    return run


def main() -> None:
    logging.getLogger("cmdstanpy").setLevel(logging.WARNING)
    logging.getLogger("prophet").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore")
    with tempfile.TemporaryDirectory() as tmp, Warehouse(Path(tmp) / "w.duckdb") as wh:
        wh.ingest([data_dir() / "ohss_khsm"])
        panel = sector_panel(wh)
    names = [*vocab.SOUTHWEST_SECTORS, "Southwest"]
    shipped = run_backtest(panel)
    naive = run_backtest(panel, method="naive", reconcile=False)
    snaive = run_backtest(panel, method="seasonal_naive", reconcile=False)
    sa = run_backtest(panel, method="sa_naive", reconcile=False)
    print(f"backtest: {len(names)} series, origins {shipped.origins[0]:%Y-%m} to "
          f"{shipped.origins[-1]:%Y-%m}, h = 1..{H}; MASE (log scale)")
    header = "method".ljust(26) + "".join(f"{'h=' + str(k + 1):>8}" for k in range(H)) + \
        f"{'mean':>8}{'vs naive':>10}"
    print(header)

    def line(name: str, by_h: np.ndarray) -> None:
        print(name.ljust(26) + "".join(f"{v:8.3f}" for v in by_h)
              + f"{by_h.mean():8.3f}{100 * (by_h.mean() / naive.mean_mase - 1):+9.1f}%")

    for r in (naive, snaive, sa, shipped):
        line(r.method + (" [shipped]" if r is shipped else ""), r.mase_by_h)
    print(f"shipped intervals: 80% coverage {np.nanmean(shipped.coverage[80]):.1%} (target "
          f"75-85%), 95% coverage {np.nanmean(shipped.coverage[95]):.1%} (target 90-98%); "
          f"mean width {np.nanmean(shipped.width[80]):.2f} / {np.nanmean(shipped.width[95]):.2f}"
          " x forecast")
    for period, cov in shipped.coverage_periods.items():
        print(f"  origins {period}: 80% {cov[80]:.1%}, 95% {cov[95]:.1%}")
    print(f"time: shipped backtest {shipped.seconds:.1f} s (target < 60 s)")
    skip_sf = "--no-statsforecast" in sys.argv
    others = [("Prophet", prophet_fit_predict)]
    if not skip_sf:
        others += [(m, statsforecast_fit_predict(m)) for m in ("AutoETS", "AutoTheta")]
    for label, fn in others:
        mase, seconds = external_backtest(panel, names, fn)
        line(f"{label} (same origins)", mase.mean(axis=0))
        print(f"time: {label} {seconds:.1f} s; ratio shipped / {label} = "
              f"{shipped.seconds / seconds:.3f}")


if __name__ == "__main__":
    main()
