"""How much larger are the errors around a level break?  Estimated on data to Sep 2016 only.

The widening factors of ledger rows 78 on come from here, never from a test era:
#63 (the shipped method, with its bands) is run on the panel cut at September 2016,
so every target is at most September 2016.  Each error ``|log actual - log mean|`` is
divided by its band's half-width (log scale) at 80% and 95%: a band covers the
actual exactly when that ratio is at most 1.

* **Crossing a break**: the level breaks of the nine southwest sectors and Southwest
  are found by ruptures (PELT, l2 cost, minimum segment 3 months, penalty 30) on each
  series' seasonally adjusted log counts, standardised by its mean absolute one-step
  change, October 1999 - September 2016.  A forecast crosses a break when its
  origin is before the break's first month and its target on or after it (what a
  scheduled policy date would be at an origin that knew it).  Factor at level L: the
  L-quantile of the ratios of crossing forecasts (the widening that would have
  covered L% of them); beside it, the same quantile of the other forecasts.
* **After a detected break**: a break is flagged at an origin when the one-step error
  just seen is over 3 times the median of the last 60 (what the bands can see at
  run time, ``BREAK_K``); factor as above for the forecasts made at the 6 origins from
  the flag on.

Run: ``.venv/bin/python benchmarks/forecast_breaks.py``.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from forecast import load

from borderflow.forecast import protocol
from borderflow.forecast.backtest import BREAK_K, rolling
from borderflow.forecast.intervals import LEVELS
from borderflow.forecast.models import SHIPPED, seasonal_factors
from borderflow.forecast.panel import log_values

LAST_TARGET = dt.date(2016, 9, 1)
PENALTY = 30.0  # about 4-11 breaks per series in 17 years; ``--penalty P`` for another
H = 6


def main() -> None:
    import sys

    import ruptures

    penalty = float(sys.argv[sys.argv.index("--penalty") + 1]) if "--penalty" in sys.argv \
        else PENALTY
    panel = load().upto(LAST_TARGET)
    rows = [panel.index(n) for n in protocol.DEFAULT_SERIES]
    run = rolling(panel, method=SHIPPED, h=H)
    logs = log_values(panel.values[rows])
    n_months = logs.shape[1]
    s = seasonal_factors(logs, panel.start_month, years=n_months // 12)
    cal = (panel.start_month - 1 + np.arange(n_months)) % 12
    sa = logs - s[:, cal]
    breaks: list[list[int]] = []
    for row in sa:
        scale = np.mean(np.abs(np.diff(row)))
        cps = ruptures.Pelt(model="l2", min_size=3, jump=1).fit(
            (row / scale)[:, None]).predict(pen=penalty)
        breaks.append([c for c in cps[:-1]])
    print(f"breaks found (ruptures PELT, penalty {penalty:g}), data "
          f"{panel.months[0]:%Y-%m} to {panel.months[-1]:%Y-%m}:")
    for name, b in zip(protocol.DEFAULT_SERIES, breaks, strict=True):
        print(f"  {name}: {', '.join(f'{panel.months[c]:%Y-%m}' for c in b) or 'none'}")

    n_o = len(run.origins)
    actual = np.full((n_o, len(rows), H), np.nan)
    for k in range(H):
        t = run.origins + 1 + k
        ok = t < n_months
        actual[ok, :, k] = logs[:, t[ok]].T
    mean = np.log(np.maximum(run.mean[:, rows], 1.0))
    err = np.abs(actual - mean)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = {lv: err / np.log(np.maximum(run.hi[lv][:, rows], 1.0) / np.maximum(
            run.mean[:, rows], 1.0)) for lv in LEVELS}
    cross = np.zeros(err.shape, bool)
    for i, b in enumerate(breaks):
        for c in b:
            for j, o in enumerate(run.origins):
                for k in range(H):
                    if o < c <= o + 1 + k:
                        cross[j, i, k] = True
    # the online flag: one-step error over BREAK_K times the median of the last 60
    one = err[:, :, 0]  # error of the forecast made at origin j for month j + 1
    flagged = np.zeros(err.shape, bool)
    for j in range(1, n_o):
        past = one[max(0, j - 61):j - 1]
        if past.shape[0] < 12:
            continue
        hit = one[j - 1] > BREAK_K * np.nanmedian(past, axis=0)  # seen at origin j
        for jj in range(j, min(n_o, j + H)):
            flagged[jj] |= hit[:, None]
    # an origin counts once its bands have a width (12 known errors, from Oct 2003)
    known = ~np.isnan(err) & (run.hi[80][:, rows] > run.mean[:, rows] * 1.0001)
    print(f"\nforecasts scored (targets to {LAST_TARGET:%Y-%m}): {int(known.sum())}; crossing "
          f"a break {int((cross & known).sum())}; made within {H} months of a flagged "
          f"break {int((flagged & known).sum())}")
    for label, sel in (("crossing a break", cross), ("after a flagged break", flagged)):
        for lv in LEVELS:
            r = ratio[lv]
            inside = np.nanquantile(r[sel & known], lv / 100)
            other = np.nanquantile(r[~sel & ~cross & ~flagged & known], lv / 100)
            cov = np.mean(r[sel & known] <= 1)
            print(f"{label:22} {lv}%: coverage there {cov:.1%}; {lv}% quantile of error / "
                  f"half-width {inside:.3f} there (the factor that would cover them at {lv}%), "
                  f"{other:.3f} elsewhere (ratio {inside / other:.2f})")


if __name__ == "__main__":
    main()
