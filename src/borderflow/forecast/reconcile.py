"""Coherent forecasts: sectors that add up to their region, regions to the nation.

MinT with shrinkage (Wickramasuriya, Athanasopoulos and Hyndman 2019): the
reconciled forecasts are ``S P yhat`` with ``P = (S' W^-1 S)^-1 S' W^-1`` and W
the one-step forecast error covariance, shrunk towards its diagonal (Schäfer
and Strimmer's intensity).  When MinT would give a negative sector, the
bottom-up sum of the base sector forecasts is used instead.
"""

from __future__ import annotations

import numpy as np


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
    """Reconcile base forecasts (all series x horizons, in counts).

    Returns coherent forecasts: every aggregate equals the sum of its sectors.
    """
    bottom = list(range(summing.shape[1]))  # the bottom series come first
    try:
        w_inv = np.linalg.pinv(shrunk_covariance(residuals))
        p = np.linalg.solve(summing.T @ w_inv @ summing, summing.T @ w_inv)
        bottom_fc = p @ base
    except np.linalg.LinAlgError:
        bottom_fc = base[bottom]
    if (bottom_fc < 0).any():
        bottom_fc = np.maximum(base[bottom], 0.0)
    return np.asarray(summing @ bottom_fc)
