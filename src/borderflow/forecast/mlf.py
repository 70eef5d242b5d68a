"""A global direct multi-horizon model built with mlforecast.

One LightGBM model per horizon (1..6, mlforecast's direct strategy) is trained
across every series of the panel at once on the log counts, with the series'
own lags (1, 2, 3, 6, 12 months), rolling means of the last 3 and 12 months and
the calendar month as features, after a target transform (first differences,
or seasonal then first differences).  It is refitted every ``REFIT`` months
(or ``refit``) on the history up to the newest multiple of it (so never on a
month after its origin), and predicts from every origin with that origin's history.

With the target seasonally then first differenced (``mlf_diff12``) it is the
third candidate of the combination ``adaptive_ml`` (ledger #41, not shipped);
the variants are scored in benchmarks/forecast_ledger.md.  Needs mlforecast and
lightgbm (the ``dev`` and ``bench`` extras).  Fitted models are kept
by the exact history they were fitted on (at most ``max_models``), so a rolling
run fits each refit once; :meth:`MLForecastMethod.many` predicts every origin
that shares a fit in one call.
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
TAIL = 48  # months of history a prediction reads


def _add_months(day: dt.date, k: int) -> dt.date:
    m = day.month - 1 + k
    return dt.date(day.year + m // 12, m % 12 + 1, 1)


def _frame(history: np.ndarray, start: dt.date) -> Any:
    import pandas as pd

    n_s, n = history.shape
    ds = pd.date_range(start, periods=n, freq="MS")
    return pd.DataFrame({"unique_id": np.repeat(np.arange(n_s), n),
                         "ds": np.tile(ds, n_s), "y": history.ravel()})


class MLForecastMethod:
    """The mlforecast global model as a method (log history -> log forecasts)."""

    def __init__(self, *, seasonal_diff: bool = False, rounds: int = 100,
                 refit: int = REFIT, max_models: int = 64) -> None:
        self.seasonal_diff = seasonal_diff
        self.refit = refit
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
        return np.asarray(self.many(history, start_month, h, [history.shape[1] - 1])[0])

    def many(self, logs: np.ndarray, start_month: int, h: int, origins: list[int],
             ) -> np.ndarray:
        """Forecasts from each origin (a month index of ``logs``, using ``logs[:, :o + 1]``
        only): origins x series x h.  Origins that share a fitted model are predicted in
        one call, each (origin, series) a series of its own."""
        n_s = logs.shape[0]
        out = np.empty((len(origins), n_s, h))
        groups: dict[int, list[int]] = {}
        for j, o in enumerate(origins):
            n = o + 1
            if n < MIN_MONTHS:
                out[j] = np.repeat(logs[:, o:o + 1], h, axis=1)
            else:
                groups.setdefault(n - (n % self.refit), []).append(j)
        start = dt.date(2000, start_month, 1)  # only the month of year matters
        for cut, js in groups.items():
            fc = self._fitted(logs[:, :cut], start)
            frames = []
            for b, j in enumerate(js):
                n = origins[j] + 1
                tail = min(n, TAIL)
                frame = _frame(logs[:, n - tail:n], _add_months(start, n - tail))
                frame["unique_id"] += b * n_s
                frames.append(frame)
            import pandas as pd

            with self._lock:  # a fitted MLForecast is not known to predict thread-safely
                pred = fc.predict(h=H, new_df=pd.concat(frames, ignore_index=True))
            values = pred.sort_values(["unique_id", "ds"])["lgb"].to_numpy()
            values = values.reshape(len(js), n_s, H)
            if h > H:
                values = np.concatenate([values] + [values[..., -1:]] * (h - H), axis=2)
            out[js] = values[..., :h]
        return out

    def _fitted(self, history: np.ndarray, start: dt.date) -> Any:
        cut = history.shape[1]
        key = (history.shape[0], cut, hashlib.sha1(history.tobytes()).hexdigest())
        with self._lock:
            fc = self._models.get(key)
            if fc is None:
                fc = self._new()
                fc.fit(_frame(history, start), max_horizon=H)
                if len(self._models) >= self._max:
                    self._models.pop(next(iter(self._models)))
                self._models[key] = fc
        return fc
