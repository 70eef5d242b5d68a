"""Score forecast variants on the tuning window only (origins Oct 2009 - Sep 2016).

Every row printed here goes into benchmarks/forecast_ledger.md; the variant shipped is
chosen from these figures alone.  Test eras are never printed by this script.
Run: ``.venv/bin/python benchmarks/forecast_tune.py [--to-2017-03] [NAME ...]`` (default:
all; ``--to-2017-03`` stops each run at the last month a tuning-window target needs).
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from typing import Any

from forecast import load

from borderflow.forecast import protocol
from borderflow.forecast.backtest import Run, rolling
from borderflow.forecast.panel import Panel

Variant = Callable[[Panel], Run]


def variants() -> dict[str, Variant]:
    from borderflow.forecast.models import METHODS

    out: dict[str, Variant] = {}
    for m in METHODS:
        if m != "naive":
            out[f"{m}, mint"] = lambda p, m=m: rolling(p, method=m)  # type: ignore[misc]
    for m in ("adaptive", "horizon_combo"):
        for rec, unit in (("hf_mint_counts", "counts"), ("hf_mint", "thousands")):
            out[f"{m}, hierarchicalforecast MinTrace(mint_shrink, nonnegative), {unit}"] = (
                lambda p, m=m, rec=rec: rolling(p, method=m, reconcile=rec))  # type: ignore[misc]
    out["adaptive, bands from pooled scaled naive-error quantiles"] = (
        lambda p: rolling(p, method="adaptive", intervals="naive_quantiles"))
    for f in (1.5,):
        out[f"adaptive, pooled naive-error bands x{f} after a ruptures break"] = (
            lambda p, f=f: rolling(p, method="adaptive", intervals="naive_break",
                                   break_factor=f))  # type: ignore[misc]
    for rec in ("none", "bottom_up"):
        out[f"combo, {rec}"] = lambda p, rec=rec: rolling(p, reconcile=rec)  # type: ignore[misc]
    for g in (0.0, 0.01, 0.02):
        out[f"combo, mint, gamma {g}"] = lambda p, g=g: rolling(p, gamma=g)  # type: ignore[misc]
    for f in (1.5, 2.0):
        out[f"adaptive, mint, bands x{f} for 6 months after a break"] = (
            lambda p, f=f: rolling(p, method="adaptive", break_factor=f))  # type: ignore[misc]
    for w in (36, 120):
        out[f"combo, mint, window {w}"] = lambda p, w=w: rolling(p, window=w)  # type: ignore[misc]
    out.update(interval_variants())
    return out


def interval_variants() -> dict[str, Variant]:
    """Ledger rows 78 on: #63's point forecasts with other bands."""
    from borderflow.forecast.scheduled import FACTOR

    out: dict[str, Variant] = {}
    hc = "horizon_combo"
    out["horizon_combo, bands x1.7 / x1.4 on horizons crossing an announced policy date"] = (
        lambda p: rolling(p, method=hc, scheduled_factor=FACTOR))
    grid: list[tuple[str, dict[str, Any]]] = []
    for pool in (None, 100, 500):
        tag = "" if pool is None else f", pooled over series of at least {pool} a month"
        for m in (6, 12, 24, 36, 60, 120):
            grid.append((f"volatility over {m} months{tag}",
                         {"scale": "vol", "vol_months": m, "min_level": pool}))
        grid.append((f"own mean absolute error{tag}", {"scale": "own", "min_level": pool}))
        for fw in (60, 120):
            grid.append((f"quantile regression fitted on {fw} origins{tag}",
                         {"scale": "quantreg", "fit_window": fw, "min_level": pool}))
    for label, kw in grid:
        out[f"horizon_combo, scaled conformal: {label}"] = (
            lambda p, kw=kw: rolling(p, method=hc, intervals="scaled", scaled=kw))  # type: ignore[misc]
    vol60 = {"scale": "vol", "vol_months": 60, "min_level": 100}
    out["horizon_combo, scaled conformal: volatility over 60 months, pooled over series of at "
        "least 100 a month, x1.7 / x1.4 on horizons crossing an announced policy date"] = (
        lambda p: rolling(p, method=hc, intervals="scaled", scaled=vol60, scheduled_factor=FACTOR))
    return out


def main() -> None:
    panel = load()
    rows = [panel.index(n) for n in protocol.DEFAULT_SERIES]
    first, last = protocol.ERAS["tuning 2009-10 to 2016-09"]
    args = sys.argv[1:]
    if "--to-2017-03" in args:
        args.remove("--to-2017-03")
        panel = panel.upto(dt.date(2017, 3, 1))
    naive = rolling(panel, method="naive", reconcile="none")
    chosen = args
    print("| variant | MASE | vs naive | cov 80 / 95 | IS95 vs naive | seconds | IS80 vs naive |")
    for name, make in variants().items():
        if chosen and not any(c in name for c in chosen):
            continue
        t0 = time.perf_counter()
        run = make(panel)
        seconds = time.perf_counter() - t0
        d: dict[str, Any] = protocol.summary(run, naive, rows, "log", first, last)
        print(f"| {name} | {d['mase']:.3f} | {d['mase_vs_naive_pct']:+.1f}% | "
              f"{d['coverage']['80']:.1%} / {d['coverage']['95']:.1%} | "
              f"{d['interval_score_vs_naive_pct']['95']:+.1f}% | {seconds:.2f} | "
              f"{d['interval_score_vs_naive_pct']['80']:+.1f}% |", flush=True)


if __name__ == "__main__":
    main()
