"""Forecasting methods on log counts, many series at once (rows of one array).

Every method takes ``history`` (series x months, log scale, the last column
the newest month) and the calendar month index of the first column, and
returns ``series x h`` log forecasts.  Working on logs keeps every forecast
positive once exponentiated.

``naive``        the last value (a random walk).
``seasonal``     the value 12 months before.
``sa_naive``     a seasonally adjusted random walk: the last value with its
                 seasonal factor removed, then the target month's factor put
                 back.  Factors are medians of the deviations from a centred
                 12-month moving average over the last five years, so the
                 pattern follows recent seasons rather than a 2000s one.
``combo``        the mean of ``naive`` and ``sa_naive`` (shipped before issue 13).
``adaptive``     ``naive`` and ``sa_naive`` combined with weights that follow
                 each one's accuracy over the last 12 months (:class:`Adaptive`);
                 shipped after the first pass of issue 13 (ledger #28).
``adaptive_ml``  the same with a third candidate, the mlforecast global direct
                 model (:mod:`borderflow.forecast.mlf`; ledger #41): the lowest
                 tuning-window MASE of all, but not shipped, because the
                 forecasts it serves take 36-47 s to build cold, past the
                 dashboard's limits (measured after its test eras were printed,
                 which the ledger discloses).
``horizon_combo`` what borderflow ships (ledger #63): naive, seasonal naive,
                 ``sa_naive`` and a seasonally adjusted damped trend, combined
                 per horizon with non-negative least-squares weights fitted at
                 every origin on the last 36 origins' forecasts of the series
                 with at least 100 encounters a month (:class:`HorizonCombo`).
                 Chosen on the tuning window (origins to Sep 2016); within a
                 few percent of naive on the test eras, which the ledger and
                 the README say.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Method = Callable[[np.ndarray, int, int], np.ndarray]
SEASONAL_YEARS = 5


def naive(history: np.ndarray, start_month: int, h: int) -> np.ndarray:
    """The last value, repeated."""
    return np.repeat(history[:, -1:], h, axis=1)


def seasonal(history: np.ndarray, start_month: int, h: int) -> np.ndarray:
    """The value of the same month a year before (the last value in a first year)."""
    n = history.shape[1]
    if n < 12:
        return naive(history, start_month, h)
    return np.stack([history[:, n - 12 + (k % 12)] for k in range(h)], axis=1)


def seasonal_factors(history: np.ndarray, start_month: int,
                     years: int = SEASONAL_YEARS) -> np.ndarray:
    """Log seasonal factor of each calendar month (series x 12, index 0 = January).

    Deviations of each month from the centred 2x12 moving average, medians by
    calendar month over the last ``years`` years, centred to sum to zero.
    """
    n = history.shape[1]
    weights = np.array([0.5] + [1.0] * 11 + [0.5]) / 12
    if n < 25:
        return np.zeros((history.shape[0], 12))
    ma = np.stack([np.convolve(row, weights, mode="valid") for row in history])
    dev = history[:, 6: n - 6] - ma
    cal = (start_month - 1 + np.arange(6, n - 6)) % 12
    keep = slice(max(0, dev.shape[1] - 12 * years), dev.shape[1])
    dev, cal = dev[:, keep], cal[keep]
    factors = np.zeros((history.shape[0], 12))
    for m in range(12):
        sel = cal == m
        if sel.any():
            factors[:, m] = np.median(dev[:, sel], axis=1)
    centred: np.ndarray = factors - factors.mean(axis=1, keepdims=True)
    return centred


def sa_naive(history: np.ndarray, start_month: int, h: int) -> np.ndarray:
    """Seasonally adjusted random walk."""
    n = history.shape[1]
    s = seasonal_factors(history, start_month)
    last_month = (start_month - 1 + n - 1) % 12
    level = history[:, -1] - s[:, last_month]
    return np.stack([level + s[:, (last_month + k) % 12] for k in range(1, h + 1)], axis=1)


def combo(history: np.ndarray, start_month: int, h: int) -> np.ndarray:
    """Mean of the random walk and the seasonally adjusted random walk (log scale)."""
    mean: np.ndarray = (naive(history, start_month, h) + sa_naive(history, start_month, h)) / 2
    return mean


METHODS: dict[str, Method] = {
    "naive": naive, "seasonal_naive": seasonal, "sa_naive": sa_naive, "combo": combo,
}
SHIPPED = "combo"  # replaced below by the ledger's choice


# Variants tried on the tuning window (benchmarks/forecast_tune.py; scores in
# benchmarks/forecast_ledger.md).  They stay registered so the ledger can be re-run.

def weighted_combo(weight: float, years: int = SEASONAL_YEARS) -> Method:
    """``(1 - weight)`` naive plus ``weight`` seasonally adjusted naive (log scale)."""

    def method(history: np.ndarray, start_month: int, h: int) -> np.ndarray:
        n = history.shape[1]
        s = seasonal_factors(history, start_month, years)
        last_month = (start_month - 1 + n - 1) % 12
        steps = np.stack([s[:, (last_month + k) % 12] - s[:, last_month]
                          for k in range(1, h + 1)], axis=1)
        return np.asarray(history[:, -1:] + weight * steps)

    return method


def yearly_deviations(history: np.ndarray, start_month: int,
                      years: int = SEASONAL_YEARS) -> np.ndarray:
    """Deviation of each month from its centred 2x12 moving average: series x years x 12
    (nan where a year lacks the month), the last ``years`` years."""
    n = history.shape[1]
    weights = np.array([0.5] + [1.0] * 11 + [0.5]) / 12
    out = np.full((history.shape[0], years, 12), np.nan)
    if n < 25:
        return out
    ma = np.stack([np.convolve(row, weights, mode="valid") for row in history])
    dev = history[:, 6: n - 6] - ma
    cal = (start_month - 1 + np.arange(6, n - 6)) % 12
    m = dev.shape[1]
    for back in range(min(years * 12, m)):
        j = m - 1 - back
        out[:, years - 1 - back // 12, cal[j]] = dev[:, j]
    return out


def shrunk_seasonal(history: np.ndarray, start_month: int, h: int) -> np.ndarray:
    """Naive plus seasonal steps whose factors are shrunk towards zero by how much they
    vary from year to year (James-Stein: factor x max(0, 1 - var / (years x factor^2)))."""
    n = history.shape[1]
    dev = yearly_deviations(history, start_month)
    count = (~np.isnan(dev)).sum(axis=1)
    filled = np.where(np.isnan(dev), 0.0, dev)
    mean = filled.sum(axis=1) / np.maximum(count, 1)
    var = ((filled - mean[:, None, :]) ** 2 * ~np.isnan(dev)).sum(axis=1) \
        / np.maximum(count - 1, 1)
    mean = mean - mean.mean(axis=1, keepdims=True)
    shrink = np.clip(1 - var / np.maximum(count * mean ** 2, 1e-12), 0.0, 1.0)
    s = np.where(count >= 2, mean * shrink, 0.0)
    last_month = (start_month - 1 + n - 1) % 12
    return np.stack([history[:, -1] + s[:, (last_month + k) % 12] - s[:, last_month]
                     for k in range(1, h + 1)], axis=1)


def sa_smoothed(alpha: float) -> Method:
    """Seasonally adjusted level smoothed exponentially (``alpha`` on the newest month)
    over the last two years, then the target month's factor put back."""

    def method(history: np.ndarray, start_month: int, h: int) -> np.ndarray:
        n = history.shape[1]
        s = seasonal_factors(history, start_month)
        cal = (start_month - 1 + np.arange(n)) % 12
        sa = history - s[:, cal]
        level = sa[:, max(0, n - 24)]
        for t in range(max(0, n - 24) + 1, n):
            level = alpha * sa[:, t] + (1 - alpha) * level
        last_month = cal[-1]
        return np.stack([level + s[:, (last_month + k) % 12] for k in range(1, h + 1)], axis=1)

    return method


def sa_damped(phi: float) -> Method:
    """Seasonally adjusted naive plus a damped trend: the mean seasonally adjusted change
    of the last three months, damped by ``phi`` per month ahead."""

    def method(history: np.ndarray, start_month: int, h: int) -> np.ndarray:
        n = history.shape[1]
        s = seasonal_factors(history, start_month)
        cal = (start_month - 1 + np.arange(n)) % 12
        sa = history - s[:, cal]
        slope = (sa[:, -1] - sa[:, -4]) / 3 if n >= 4 else np.zeros(history.shape[0])
        last_month = cal[-1]
        damp = np.cumsum(phi ** np.arange(1, h + 1))
        return np.stack([sa[:, -1] + damp[k - 1] * slope + s[:, (last_month + k) % 12]
                         for k in range(1, h + 1)], axis=1)

    return method


def _combo_damped(history: np.ndarray, start_month: int, h: int) -> np.ndarray:
    return np.asarray((naive(history, start_month, h) + sa_damped(0.8)(history, start_month, h))
                      / 2)


VARIANTS: dict[str, Method] = {
    "combo_w25": weighted_combo(0.25), "combo_w75": weighted_combo(0.75),
    "combo_y3": weighted_combo(0.5, 3), "combo_y8": weighted_combo(0.5, 8),
    "shrunk_seasonal": shrunk_seasonal,
    "sa_ses30": sa_smoothed(0.3), "sa_ses60": sa_smoothed(0.6),
    "sa_damped80": sa_damped(0.8), "sa_damped50": sa_damped(0.5),
    "combo_damped": _combo_damped,
}
METHODS.update(VARIANTS)

ENSEMBLE_WEIGHT = 0.75  # the best single combo weight on the tuning window (ledger #6)


def ensemble(history: np.ndarray, start_month: int, h: int) -> np.ndarray:
    """Mean (log scale) of the global LightGBM model and the 0.75-weighted combo."""
    from borderflow.forecast.global_model import GLOBAL

    mean: np.ndarray = (GLOBAL(history, start_month, h)
                        + weighted_combo(ENSEMBLE_WEIGHT)(history, start_month, h)) / 2
    return mean


def global_gbm(history: np.ndarray, start_month: int, h: int) -> np.ndarray:
    """The global LightGBM model alone (needs the ``bench`` extra)."""
    from borderflow.forecast.global_model import GLOBAL

    return GLOBAL(history, start_month, h)


METHODS["global_gbm"] = global_gbm
METHODS["ensemble"] = ensemble


class Adaptive:
    """Combination whose weights follow each candidate's recent accuracy.

    For every series and horizon, the weights are the inverse mean squared log
    errors of each candidate's own forecasts over the last ``window`` months
    whose targets are known (Bates and Granger), recomputed at every origin
    from the history alone: the combination leans on the seasonal forecasts
    while seasons repeat and back on the last value when they stop.

    Called on one history it refits every candidate at the ``window + h`` origins
    before; :func:`combine` does the same for a whole rolling run from the
    candidates' forecasts at every origin, computed once.
    """

    def __init__(self, candidates: tuple[str, ...], window: int) -> None:
        self.candidates = candidates
        self.window = window

    def __call__(self, history: np.ndarray, start_month: int, h: int) -> np.ndarray:
        n = history.shape[1]
        first = max(1, n - 1 - self.window - h)
        paths = np.stack([
            np.stack([METHODS[c](history[:, :o + 1], start_month, h)
                      for o in range(first, n)]) for c in self.candidates])
        return np.asarray(self.combine(paths, history[:, first:], h)[-1])

    def combine(self, paths: np.ndarray, actual: np.ndarray, h: int) -> np.ndarray:
        """Combined forecasts at every origin.

        Args:
            paths: candidates x origins x series x h log forecasts, origin j made
                with data through ``actual[:, j]``.
            actual: series x origins log values.
        Returns:
            origins x series x h.
        """
        n_c, n_o, n_s, _ = paths.shape
        sq = np.full((n_c, n_o, n_s, h), np.nan)  # error of the forecast made at j
        for k in range(h):
            t = np.arange(n_o) + 1 + k
            ok = t < n_o
            sq[..., k][:, ok] = (actual[:, t[ok]].T[None] - paths[..., k][:, ok]) ** 2
        out = np.empty((n_o, n_s, h))
        for j in range(n_o):
            for k in range(h):
                # forecasts of horizon k+1 whose target j-w+1..j is known at origin j
                lo = max(0, j - k - self.window)
                e = sq[:, lo:max(0, j - k), :, k]
                if e.shape[1] == 0:
                    out[j, :, k] = paths[:, j, :, k].mean(axis=0)
                    continue
                w = 1.0 / np.maximum(e.mean(axis=1), 1e-6)
                out[j, :, k] = (w * paths[:, j, :, k]).sum(axis=0) / w.sum(axis=0)
        return out


for _w in (6, 12, 24, 36):
    METHODS[f"adaptive_ns_{_w}"] = Adaptive(("naive", "sa_naive"), _w)
    METHODS[f"adaptive_nsg_{_w}"] = Adaptive(("naive", "sa_naive", "global_gbm"), _w)

METHODS["adaptive"] = METHODS["adaptive_ns_12"]  # the same object under its shipped name
SHIPPED = "adaptive"  # the ledger's first-pass choice (#28); replaced at the end (#63)


class HorizonCombo(Adaptive):
    """Combination by horizon with weights fitted by least squares.

    For each horizon, the weights of the candidates are the non-negative least
    squares fit of the actual log values on the candidates' log forecasts, as
    corrections to the first candidate (naive): ``actual - naive`` on
    ``candidate - naive``, weights at least zero and at most one in sum, pooled
    over every series (or those with a mean count of at least ``min_level`` over
    the last 12 months), on every forecast whose target is known (or those of
    the last ``recent`` origins); with fewer than 24 such errors the weights are
    zero (the naive forecast).  ``frozen`` (origin indices ``a``..``b``): the weights are
    fitted once on the forecasts made at those origins (the tuning window) and
    used at every origin, so the tuning score is in-sample; otherwise they are
    refitted at every origin on all the forecasts whose targets are known then.
    """

    def __init__(self, candidates: tuple[str, ...], frozen: tuple[int, int] | None = None,
                 *, recent: int | None = None, min_level: float | None = None) -> None:
        super().__init__(candidates, window=10 ** 6)
        self.frozen = frozen
        #: fit on the forecasts of the last ``recent`` origins only (None: all)
        self.recent = recent
        #: pool only series whose mean count over the last 12 months is at least this
        self.min_level = min_level
        self.weights: list[np.ndarray] = []  # the last weights fitted, by horizon

    def __call__(self, history: np.ndarray, start_month: int, h: int) -> np.ndarray:
        n = history.shape[1]
        # the origins whose forecasts the last weights and levels can read (all of them
        # without a window), so that one call equals the rolling run's last origin
        first = 0 if self.recent is None else max(0, n - 1 - self.recent - h - 12)
        paths = np.stack([
            np.stack([METHODS[c](history[:, :o + 1], start_month, h)
                      for o in range(first, n)]) for c in self.candidates])
        return np.asarray(self.combine(paths, history[:, first:], h)[-1])

    @staticmethod
    def _fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        from scipy.optimize import nnls

        ok = np.isfinite(y) & np.isfinite(x).all(axis=1)
        if ok.sum() < 24:
            return np.zeros(x.shape[1])
        w = nnls(x[ok], y[ok])[0]
        return np.asarray(w / max(1.0, float(w.sum())))

    def combine(self, paths: np.ndarray, actual: np.ndarray, h: int) -> np.ndarray:
        n_c, n_o, n_s, _ = paths.shape
        base = paths[0]
        lift = paths[1:] - base[None]  # (c-1) x origins x series x h
        target = np.full((n_o, n_s, h), np.nan)
        for k in range(h):
            t = np.arange(n_o) + 1 + k
            ok = t < n_o
            target[ok, :, k] = actual[:, t[ok]].T - base[ok, :, k]
        out = np.empty((n_o, n_s, h))
        self.weights = []
        for k in range(h):
            if self.frozen is not None:
                a, b = self.frozen
                w = self._fit(lift[:, a:b + 1, :, k].reshape(n_c - 1, -1).T,
                              target[a:b + 1, :, k].ravel())
                out[:, :, k] = base[:, :, k] + np.tensordot(w, lift[..., k], axes=1)
                self.weights.append(w)
                continue
            w = np.zeros(n_c - 1)
            for j in range(n_o):
                known = max(0, j - k)  # forecasts made before j - k have their target known
                if known >= 1:
                    lo = 0 if self.recent is None else max(0, known - self.recent)
                    rows = np.ones(n_s, bool)
                    if self.min_level is not None:
                        level = actual[:, max(0, j - 11):j + 1].mean(axis=1)
                        rows = level >= np.log(self.min_level)
                    w = self._fit(lift[:, lo:known, rows, k].reshape(n_c - 1, -1).T,
                                  target[lo:known, rows, k].ravel())
                out[j, :, k] = base[j, :, k] + w @ lift[:, j, :, k]
            self.weights.append(w)
        return out


_HC = ("naive", "seasonal_naive", "sa_naive", "sa_damped80")
METHODS["hcombo_expanding"] = HorizonCombo(_HC)
# origins Oct 2009 (month 120 of a panel from Oct 1999) to Sep 2016 (month 203)
METHODS["hcombo_frozen"] = HorizonCombo(_HC, frozen=(120, 203))
METHODS["hcombo_big500"] = HorizonCombo(_HC, min_level=500)
METHODS["hcombo_recent60"] = HorizonCombo(_HC, recent=60)
for _lv in (30, 100, 500, 2000):
    for _rc in (12, 24, 36, 60, 120):
        METHODS[f"hcombo_big{_lv}_recent{_rc}"] = HorizonCombo(_HC, recent=_rc, min_level=_lv)
for _rc in (12, 24, 36):
    METHODS[f"hcombo_recent{_rc}"] = HorizonCombo(_HC, recent=_rc)


def _register_mlforecast() -> None:
    from borderflow.forecast.mlf import MLForecastMethod

    METHODS["mlf_diff1"] = MLForecastMethod()
    METHODS["mlf_diff12"] = MLForecastMethod(seasonal_diff=True)
    for refit in (24, 36):
        METHODS[f"mlf_diff12_refit{refit}"] = MLForecastMethod(seasonal_diff=True, refit=refit)


_register_mlforecast()
METHODS["adaptive_nsm_12"] = Adaptive(("naive", "sa_naive", "mlf_diff12"), 12)
METHODS["adaptive_nsm_6"] = Adaptive(("naive", "sa_naive", "mlf_diff12"), 6)
METHODS["adaptive_nsm_24"] = Adaptive(("naive", "sa_naive", "mlf_diff12"), 24)
for _r in (24, 36):
    METHODS[f"adaptive_nsm_12_refit{_r}"] = Adaptive(
        ("naive", "sa_naive", f"mlf_diff12_refit{_r}"), 12)

# Issue 13, second pass: the lowest tuning-window MASE of the variants under 60 s
# (ledger #41): naive, seasonally adjusted naive and the mlforecast global model,
# weighted by their inverse mean squared log error over the last 12 months.  Not
# shipped: it cannot serve the dashboard within its limits (ledger, second pass).
METHODS["adaptive_ml"] = METHODS["adaptive_nsm_12"]

# Issue 13, third step (ledger #63): the lowest tuning-window MASE of the variants that
# can serve; it beats #28 on the tuning window, so it ships.
METHODS["horizon_combo"] = METHODS["hcombo_big100_recent36"]
SHIPPED = "horizon_combo"
