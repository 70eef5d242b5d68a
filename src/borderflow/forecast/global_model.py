"""A global model: one gradient-boosted model across every series of a panel.

It learns the log change from an origin to each horizon (1..6 months) from
features every series shares: the log changes over the last 1, 2, 3, 6 and 12
months, the seasonal step the series' own factors predict, the same step a
year before, the volatility of the last year's monthly changes, the target's
calendar month, the horizon and the level.  One LightGBM model (absolute
error loss) is fitted on every (series, month) of the history up to the
newest multiple of ``REFIT`` months, so a rolling run refits it once a year;
it never sees a month after its origin.

What ships (``ensemble``) is the mean, on the log scale, of this model and
the weighted combination of naive and seasonally adjusted naive: the variant
with the lowest tuning-window MASE in benchmarks/forecast_ledger.md.
"""

from __future__ import annotations

import hashlib
import threading

import numpy as np

from borderflow.forecast.models import seasonal_factors

LAGS = (1, 2, 3, 6, 12)
REFIT = 12  # months between refits
MIN_MONTHS = 72  # shorter histories get the naive forecast
TRAIN_H = 6  # horizons the model learns; longer ones reuse the sixth
PARAMS: dict[str, object] = {
    "objective": "l1", "learning_rate": 0.05, "num_leaves": 15, "min_data_in_leaf": 50,
    "bagging_fraction": 0.8, "bagging_freq": 1, "feature_fraction": 0.8, "verbose": -1,
    "num_threads": 1, "seed": 0, "deterministic": True,
}
ROUNDS = 200


def features(x: np.ndarray, start_month: int, t: int, k: int, s: np.ndarray) -> np.ndarray:
    """Features of every series (rows of the log history ``x``) at origin ``t``, horizon ``k``.

    ``s`` holds the seasonal factors (series x 12) known at ``t``.
    """
    cal_t = (start_month - 1 + t) % 12
    cal_target = (cal_t + k) % 12
    cols = [x[:, t] - x[:, t - j] for j in LAGS]
    cols.append(s[:, cal_target] - s[:, cal_t])
    cols.append(x[:, t - 12 + k] - x[:, t - 12])
    cols.append(np.std(np.diff(x[:, t - 12:t + 1], axis=1), axis=1))
    cols.append(np.full(x.shape[0], cal_target, float))
    cols.append(np.full(x.shape[0], k, float))
    cols.append(x[:, t])
    return np.column_stack(cols)


class GlobalModel:
    """The global LightGBM forecaster, as a method (log history -> log forecasts).

    Fitted models are kept by the exact history they were fitted on, so a
    rolling run fits each year once; the cache is bounded (``max_models``).
    """

    def __init__(self, *, max_models: int = 64) -> None:
        self._models: dict[tuple[int, int, str], object] = {}
        self._max = max_models
        self._lock = threading.Lock()

    def fit(self, x: np.ndarray, start_month: int) -> object:
        """A model fitted on every (series, origin, horizon) of the log history ``x``."""
        import lightgbm as lgb

        n = x.shape[1]
        rows, target = [], []
        for t in range(36, n - 1):
            s = seasonal_factors(x[:, :t + 1], start_month)
            for k in range(1, min(TRAIN_H, n - 1 - t) + 1):
                rows.append(features(x, start_month, t, k, s))
                target.append(x[:, t + k] - x[:, t])
        data = lgb.Dataset(np.vstack(rows), np.concatenate(target))
        return lgb.train(PARAMS, data, num_boost_round=ROUNDS)

    def __call__(self, history: np.ndarray, start_month: int, h: int) -> np.ndarray:
        n = history.shape[1]
        if n < MIN_MONTHS:
            return np.repeat(history[:, -1:], h, axis=1)
        cut = n - (n % REFIT)
        key = (history.shape[0], cut, hashlib.sha1(history[:, :cut].tobytes()).hexdigest())
        with self._lock:
            model = self._models.get(key)
            if model is None:
                model = self.fit(history[:, :cut], start_month)
                if len(self._models) >= self._max:
                    self._models.pop(next(iter(self._models)))
                self._models[key] = model
        s = seasonal_factors(history, start_month)
        t = n - 1
        out = [history[:, t] + model.predict(  # type: ignore[attr-defined]
            features(history, start_month, t, min(k, TRAIN_H), s)) for k in range(1, h + 1)]
        return np.column_stack(out)


#: the one global model of the process (its fits are cached by history)
GLOBAL = GlobalModel()
