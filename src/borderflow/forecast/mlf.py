"""A global direct multi-horizon model built with mlforecast (variant, not shipped).

One LightGBM model per horizon (1..6, mlforecast's direct strategy) is trained
across every series of the panel at once on the log counts, with the series'
own lags (1, 2, 3, 6, 12 months), rolling means of the last 3 and 12 months and
the calendar month as features, after a target transform (first differences,
or seasonal then first differences).  It is refitted every ``REFIT`` months on
the history up to the newest multiple of ``REFIT`` (so never on a month after
its origin), and predicts from every origin with that origin's history.

Needs the ``bench`` extra (mlforecast, lightgbm); scored in
benchmarks/forecast_ledger.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from typing import Any

import numpy as np

REFIT = 12
MIN_MONTHS = 72  # shorter histories get the naive forecast
H = 6


def _frame(history: np.ndarray, start: dt.date) -> Any:
    import pandas as pd

    n_s, n = history.shape
    ds = pd.date_range(start, periods=n, freq="MS")
    return pd.DataFrame({"unique_id": np.repeat(np.arange(n_s), n),
                         "ds": np.tile(ds, n_s), "y": history.ravel()})


class MLForecastMethod:
    """The mlforecast global model as a method (log history -> log forecasts)."""

    def __init__(self, *, seasonal_diff: bool = False, rounds: int = 100,
                 max_models: int = 64) -> None:
        self.seasonal_diff = seasonal_diff
        self.rounds = rounds
        self._models: dict[tuple[int, int, str], Any] = {}
        self._max = max_models
        self._lock = threading.Lock()

    def _new(self) -> Any:
        from lightgbm import LGBMRegressor
        from mlforecast import MLForecast
        from mlforecast.lag_transforms import RollingMean
        from mlforecast.target_transforms import Differences

        model = LGBMRegressor(objective="l1", n_estimators=self.rounds, learning_rate=0.05,
                              num_leaves=15, min_child_samples=50, subsample=0.8,
                              subsample_freq=1, colsample_bytree=0.8, n_jobs=1,
                              random_state=0, deterministic=True, verbose=-1)
        diffs = [12, 1] if self.seasonal_diff else [1]
        return MLForecast(models={"lgb": model}, freq="MS", lags=[1, 2, 3, 6, 12],
                          lag_transforms={1: [RollingMean(3), RollingMean(12)]},
                          date_features=["month"],
                          target_transforms=[Differences(diffs)])

    def __call__(self, history: np.ndarray, start_month: int, h: int) -> np.ndarray:
        n = history.shape[1]
        if n < MIN_MONTHS:
            return np.repeat(history[:, -1:], h, axis=1)
        # a fixed calendar: only the month of year matters to the features
        start = dt.date(2000, start_month, 1)
        cut = n - (n % REFIT)
        key = (history.shape[0], cut, hashlib.sha1(history[:, :cut].tobytes()).hexdigest())
        with self._lock:
            fc = self._models.get(key)
            if fc is None:
                fc = self._new()
                fc.fit(_frame(history[:, :cut], start), max_horizon=H)
                if len(self._models) >= self._max:
                    self._models.pop(next(iter(self._models)))
                self._models[key] = fc
        pred = fc.predict(h=H, new_df=_frame(history, start)).sort_values(["unique_id", "ds"])
        out = pred["lgb"].to_numpy().reshape(history.shape[0], H)
        if h > H:
            out = np.column_stack([out] + [out[:, -1:]] * (h - H))
        return np.asarray(out[:, :h])
