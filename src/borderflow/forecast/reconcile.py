"""Coherent forecasts: sectors that add up to their region, regions to the nation.

Non-negative MinT with shrinkage (Wickramasuriya, Athanasopoulos and Hyndman
2019 and 2020): the bottom forecasts ``b`` minimise the generalised least
squares distance ``(yhat - S b)' W^-1 (yhat - S b)`` subject to ``b >= 0``,
with W the one-step forecast error covariance shrunk towards its diagonal
(Schäfer and Strimmer's intensity); the coherent forecasts are ``S b``.  Where
the unconstrained solution has no negative sector it is the classic MinT
formula ``S (S' W^-1 S)^-1 S' W^-1 yhat``; otherwise the constrained problem
is solved as a non-negative least squares problem after whitening, so MinT
still runs rather than falling back.  Only a covariance that cannot be
factorised falls back to bottom-up; :class:`Reconciler` counts each case.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import nnls


def shrunk_covariance(residuals: np.ndarray) -> np.ndarray:
    """Covariance of ``residuals`` (series x time) shrunk towards its diagonal."""
    x = residuals - residuals.mean(axis=1, keepdims=True)
    n = x.shape[1]
    cov = x @ x.T / n
    sd = np.sqrt(np.maximum(np.diag(cov), 1e-12))
    corr = cov / np.outer(sd, sd)
    z = x / sd[:, None]
    # variance of each sample correlation, for the optimal shrinkage intensity
    w = np.einsum("it,jt->ijt", z, z)
    var_r = n / (n - 1) ** 3 * ((w - w.mean(axis=2, keepdims=True)) ** 2).sum(axis=2)
    off = ~np.eye(len(sd), dtype=bool)
    lam = float(np.clip(var_r[off].sum() / max((corr[off] ** 2).sum(), 1e-12), 0.0, 1.0))
    shrunk = corr * (1 - lam)
    np.fill_diagonal(shrunk, 1.0)
    return np.asarray(shrunk * np.outer(sd, sd))


def mint(base: np.ndarray, summing: np.ndarray, residuals: np.ndarray) -> np.ndarray:
    """Reconcile base forecasts (all series x horizons, in counts) by non-negative MinT.

    Returns coherent, non-negative forecasts: every aggregate equals the sum of
    its sectors.
    """
    return Reconciler(summing, "mint")(base, residuals)


class Reconciler:
    """Reconciles base forecasts by ``mode`` (``mint``, ``bottom_up`` or ``none``),
    counting how often non-negative MinT needed its constraint or fell back."""

    def __init__(self, summing: np.ndarray, mode: str = "mint") -> None:
        self.summing = summing
        self.mode = mode
        self.calls = 0
        self.constrained = 0
        self.failed = 0

    def __call__(self, base: np.ndarray, residuals: np.ndarray) -> np.ndarray:
        s = self.summing
        nb = s.shape[1]  # the bottom series come first
        if self.mode == "none":
            return base
        if self.mode == "bottom_up":
            return np.asarray(s @ np.maximum(base[:nb], 0.0))
        self.calls += 1
        if self.mode == "hf_mint":  # in thousands: on raw counts its QP goes wrong (ledger)
            return self._hierarchicalforecast(base, residuals, 1000.0)
        if self.mode == "hf_mint_counts":
            return self._hierarchicalforecast(base, residuals, 1.0)
        if residuals.shape[1] < 12 or not np.isfinite(residuals).all():
            self.failed += 1
            return np.asarray(s @ np.maximum(base[:nb], 0.0))
        cov = shrunk_covariance(residuals)
        # series that never vary (a closed sector) get a small variance, not a zero one
        scale = max(float(np.mean(np.diag(cov))), 1.0)
        cov = cov + np.eye(len(cov)) * 1e-6 * scale
        try:
            chol = np.linalg.cholesky(np.linalg.inv(cov))  # W^-1 = L L'
            a = chol.T @ s  # whitened design
            p = np.linalg.lstsq(a, chol.T, rcond=None)[0]  # (S'W^-1 S)^-1 S'W^-1
        except np.linalg.LinAlgError:
            self.failed += 1
            return np.asarray(s @ np.maximum(base[:nb], 0.0))
        bottom = p @ base
        if (bottom < 0).any():
            self.constrained += 1
            target = chol.T @ base
            bottom = np.column_stack([nnls(a, target[:, k])[0] for k in range(base.shape[1])])
        return np.asarray(s @ bottom)

    def _hierarchicalforecast(self, base: np.ndarray, residuals: np.ndarray,
                              unit: float) -> np.ndarray:
        """The same reconciliation by hierarchicalforecast's ``MinTrace(mint_shrink,
        nonnegative=True)`` (``bench`` extra), to measure the hand-written one against,
        on counts divided by ``unit``."""
        import warnings

        from hierarchicalforecast.methods import MinTrace

        s = self.summing
        nb = s.shape[1]
        if residuals.shape[1] < 12 or not np.isfinite(residuals).all():
            self.failed += 1
            return np.asarray(s @ np.maximum(base[:nb], 0.0))
        # hierarchicalforecast wants the aggregates first and the bottom series last
        order = np.r_[np.arange(nb, len(s)), np.arange(nb)]
        back = np.argsort(order)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                out = MinTrace(method="mint_shrink", nonnegative=True).fit_predict(
                    S=s[order].astype(float), y_hat=base[order] / unit,
                    y_insample=residuals[order] / unit,
                    y_hat_insample=np.zeros_like(residuals))["mean"][back] * unit
        except Exception:  # noqa: BLE001 - any failure of the library falls back, counted
            self.failed += 1
            return np.asarray(s @ np.maximum(base[:nb], 0.0))
        return np.asarray(out, dtype=float)
