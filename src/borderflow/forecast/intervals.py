"""Interval variants tried against the shipped adaptive conformal bands (ledger rows 78 on).

The shipped bands (:class:`borderflow.forecast.backtest.OnlineConformal`) take, for
each series and horizon, a quantile of that series' own absolute log errors over
the last 60 origins.  The variants here pool the errors of every series after
dividing each by a scale known at its origin, so that a band can widen as soon as a
series turns volatile, before its own errors have caught up:

* ``vol``: the scale is the series' recent volatility, the mean absolute one-step
  log change over its last ``vol_months`` months (locally adaptive, or normalised,
  split conformal);
* ``own``: the scale is the series' own mean absolute error at that horizon over the
  calibration window (the shipped bands' information, pooled);
* ``quantreg``: the scale is a linear quantile regression of the log absolute error
  on a few features known at the origin (log volatility over 3, 12 and 60 months,
  and how far the point forecast moves from the last value), fitted per horizon on
  the errors of the origins before the calibration window and refitted every
  ``refit`` origins; the pooled quantile of the errors divided by it over the
  calibration window then corrects it (conformalised quantile regression, with
  absolute errors, so one model per level and horizon).

Both keep the adaptive level of the shipped bands (Gibbs and Candès 2021): after
each miss a series' level rises by ``gamma``, after each hit it falls a little.

``widen`` (level -> h factors, from :mod:`borderflow.forecast.scheduled`) multiplies
the half-widths of horizons that cross a policy date announced before the origin.
"""

from __future__ import annotations

import numpy as np

LEVELS = (80, 95)


def nested_bands(mean: np.ndarray, q: dict[int, np.ndarray],
                 ) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
    """Bands ``mean * exp(+/- q)`` per level (``q``: log half-widths, series x h).

    The 95% band is kept at least as wide as the 80% one: two quantiles estimated
    apart can cross on few errors, and a 95% band inside an 80% band says nothing.
    """
    lo = {lv: mean * np.exp(-q[lv]) for lv in LEVELS}
    hi = {lv: mean * np.exp(q[lv]) for lv in LEVELS}
    lo[95] = np.minimum(lo[95], lo[80])
    hi[95] = np.maximum(hi[95], hi[80])
    return lo, hi


def adapt_levels(alpha: dict[int, np.ndarray], lo: dict[int, np.ndarray],
                 hi: dict[int, np.ndarray], actual: np.ndarray, k: int, gamma: float) -> None:
    """Adaptive conformal step at horizon ``k + 1``: a miss raises the level, a hit lowers it."""
    for lv in LEVELS:
        miss = (actual < lo[lv][:, k]) | (actual > hi[lv][:, k])
        alpha[lv][:, k] += gamma * ((1 - lv / 100) - miss)
VOL_FLOOR = 0.01  # a series with no change at all still gets a band
SCALES = ("vol", "own", "quantreg")


def volatility(logs: np.ndarray, months: int) -> np.ndarray:
    """Mean absolute one-step log change of each series over its last ``months`` months."""
    x = logs[:, -months - 1:]
    if x.shape[1] < 2:
        return np.full(logs.shape[0], VOL_FLOOR)
    return np.asarray(np.maximum(np.mean(np.abs(np.diff(x, axis=1)), axis=1), VOL_FLOOR))


def _features(logs: np.ndarray, mean: np.ndarray) -> np.ndarray:
    """Features of every (series, horizon) at an origin: series x h x 5, intercept first."""
    n_s, h = mean.shape
    vol = [np.log(volatility(logs, m)) for m in (3, 12, 60)]
    move = np.log(0.01 + np.abs(np.log(np.maximum(mean, 1.0)) - logs[:, -1:]))
    out = np.ones((n_s, h, 5))
    for j, v in enumerate(vol, start=1):
        out[:, :, j] = v[:, None]
    out[:, :, 4] = move
    return out


class ScaledConformal:
    """Pooled conformal bands on errors divided by a scale known at each origin."""

    def __init__(self, n_series: int, h: int, *, scale: str = "vol", vol_months: int = 12,
                 window: int = 60, gamma: float = 0.005, fit_window: int = 120,
                 refit: int = 12, min_level: float | None = None) -> None:
        if scale not in SCALES:
            raise ValueError(f"unknown scale {scale!r}; choose from {', '.join(SCALES)}")
        self.h = h
        self.scale = scale
        self.vol_months = vol_months
        self.window = window
        self.gamma = gamma
        self.fit_window = fit_window
        self.refit = refit
        #: pool only the series whose mean count over the last 12 months is at least this
        self.min_level = min_level
        self.alpha = {lv: np.full((n_series, h), 1 - lv / 100) for lv in LEVELS}
        self.issued: list[tuple[np.ndarray, dict[int, np.ndarray], dict[int, np.ndarray]]] = []
        self.errors: list[np.ndarray] = []  # per origin: series x h absolute log errors
        self.scales: list[dict[int, np.ndarray]] = []  # per origin and level: series x h
        self.features: list[np.ndarray] = []  # per origin: series x h x p
        self.pooled: list[np.ndarray] = []  # per origin: series in the pool
        self.coef: dict[int, np.ndarray] = {}  # level -> h x p quantile regression
        self.fitted_at = -10 ** 6

    def _fit(self) -> None:
        """Quantile regressions of the log absolute error, one per level and horizon, on the
        origins before the calibration window."""
        import warnings

        from statsmodels.regression.quantile_regression import QuantReg

        n = len(self.errors)
        old = range(max(0, n - self.window - self.fit_window), max(0, n - self.window))
        p = self.features[0].shape[2] if self.features else 5
        for lv in LEVELS:
            coef = np.zeros((self.h, p))
            for k in range(self.h):
                xs = [self.features[j][self.pooled[j], k] for j in old]
                ys = [self.errors[j][self.pooled[j], k] for j in old]
                if not xs:
                    continue
                x, y = np.concatenate(xs), np.concatenate(ys)
                ok = ~np.isnan(y)
                if ok.sum() < 200:
                    coef[k] = np.nan
                    continue
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    fit = QuantReg(np.log(y[ok] + 1e-3), x[ok]).fit(q=lv / 100, max_iter=2000)
                coef[k] = fit.params
            self.coef[lv] = coef

    def _scale(self, logs: np.ndarray, mean: np.ndarray) -> dict[int, np.ndarray]:
        if self.scale == "vol":
            s = np.repeat(volatility(logs, self.vol_months)[:, None], self.h, axis=1)
            return {lv: s for lv in LEVELS}
        n = len(self.errors)
        if self.scale == "own":
            past = np.array(self.errors[max(0, n - self.window):]) if self.errors else None
            vol = np.repeat(volatility(logs, 12)[:, None], self.h, axis=1)
            if past is None:
                return {lv: vol for lv in LEVELS}
            count = (~np.isnan(past)).sum(axis=0)
            with np.errstate(invalid="ignore"):
                own = np.nanmean(np.where(count >= 12, past, np.nan), axis=0) \
                    if (count >= 12).any() else np.full(vol.shape, np.nan)
            s = np.where(count >= 12, np.maximum(np.nan_to_num(own), VOL_FLOOR), vol)
            return {lv: s for lv in LEVELS}
        if n - self.fitted_at >= self.refit:
            self._fit()
            self.fitted_at = n
        x = self.features[-1]
        out = {}
        for lv in LEVELS:
            coef = self.coef.get(lv)
            if coef is None or np.isnan(coef).any():  # too few errors yet: the volatility
                out[lv] = np.repeat(volatility(logs, 12)[:, None], self.h, axis=1)
            else:
                out[lv] = np.exp(np.einsum("ikp,kp->ik", x, coef))
        return out

    def bands(self, mean: np.ndarray, logs: np.ndarray,
              widen: dict[int, np.ndarray] | None = None,
              ) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
        """Bands around ``mean`` (series x h, counts) from data ``logs`` through the origin."""
        self.features.append(_features(logs, mean))
        pool = np.ones(len(mean), bool)
        if self.min_level is not None:
            pool = logs[:, -12:].mean(axis=1) >= np.log(self.min_level)
        self.pooled.append(pool)
        scales = self._scale(logs, mean)
        half: dict[int, np.ndarray] = {}
        recent = range(max(0, len(self.errors) - self.window), len(self.errors))
        for lv in LEVELS:
            q = np.zeros_like(mean)
            level = np.clip(1 - self.alpha[lv], 0.5, 0.995)
            for k in range(self.h):
                v = self._scores(recent, lv, k, pooled=True)
                if len(v) < 24:  # too few in the pool (a panel of small series): every series
                    v = self._scores(recent, lv, k, pooled=False)
                if len(v) >= 24:
                    q[:, k] = np.quantile(v, level[:, k]) * scales[lv][:, k]
            half[lv] = q * widen[lv] if widen is not None else q
        lo, hi = nested_bands(mean, half)
        self.issued.append((mean, lo, hi))
        self.errors.append(np.full(mean.shape, np.nan))
        self.scales.append(scales)
        return lo, hi

    def _scores(self, origins: range, lv: int, k: int, *, pooled: bool) -> np.ndarray:
        """Known errors at horizon ``k + 1`` divided by their scales, at ``origins``."""
        parts = []
        for j in origins:
            rows = self.pooled[j] if pooled else slice(None)
            parts.append(self.errors[j][rows, k] / self.scales[j][lv][rows, k])
        v = np.concatenate(parts) if parts else np.array([])
        return np.asarray(v[~np.isnan(v)])

    def observe(self, actual: np.ndarray) -> None:
        """The newest month's actual values (counts, all series) become known."""
        log_actual = np.log(np.maximum(actual, 1.0))
        for back, (mean, lo, hi) in enumerate(reversed(self.issued[-self.h:]), start=1):
            k = back - 1
            self.errors[-back][:, k] = np.abs(log_actual - np.log(np.maximum(mean[:, k], 1.0)))
            adapt_levels(self.alpha, lo, hi, actual, k, self.gamma)
