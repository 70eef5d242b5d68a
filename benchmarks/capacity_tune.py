"""Score capacity-planner variants on the Tucson tuning origins only (before 1 August 2021).

Every row printed here goes into benchmarks/capacity_ledger.md; the variant shipped is
chosen from these figures alone.  The reported origins are never planned from here.
Run: ``.venv/bin/python benchmarks/capacity_tune.py [NAME ...]`` (default: all).
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from _common import data_dir

from borderflow.capacity.estimate import estimate_arrivals
from borderflow.capacity.model import ArrivalModel, LengthOfStay
from borderflow.capacity.stays import STAY_LOOKBACK, fit_stays, fit_stays_period

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.tucson import REPORT_FROM, Groups, forecasts, read_groups, score  # noqa: E402

PATHS = 500


def period(window: int) -> Callable[[Groups, int], list[LengthOfStay]]:
    """Stays from the leaving seen in the last ``window`` days (period life table)."""
    def fit(g: Groups, origin: int) -> list[LengthOfStay]:
        k = g.known & (g.people > 0) & (g.arrival <= origin)
        present = k & (g.arrival + g.stay > origin)
        arrived = origin - g.arrival
        nights = np.where(present, arrived, g.stay)
        return [fit_stays_period(arrived[k], nights[k], g.people[k], present[k],
                                 window=window).los]
    return fit


def cohort(lookback: int = STAY_LOOKBACK, half_life: float | None = None,
           draws: int = 1) -> Callable[[Groups, int], list[LengthOfStay]]:
    """Kaplan-Meier over the last ``lookback`` days' guests, optionally weighted by recency
    (``half_life`` days) and drawn ``draws`` times by resampling the groups (bootstrap)."""
    def fit(g: Groups, origin: int) -> list[LengthOfStay]:
        k = (g.known & (g.people > 0) & (g.arrival <= origin)
             & (g.arrival >= origin - lookback))
        present = (g.arrival + g.stay > origin)[k]
        nights = np.where(present, origin - g.arrival[k], g.stay[k])
        w = g.people[k]
        if half_life is not None:
            w = w * 0.5 ** ((origin - g.arrival[k]) / half_life)
        if draws == 1:
            return [fit_stays(nights, w, present).los]
        rng = np.random.default_rng(origin)
        out = []
        for _ in range(draws):
            i = rng.integers(0, nights.size, nights.size)
            out.append(fit_stays(nights[i], w[i], present[i]).los)
        return out
    return fit


def recent_level(days: int):  # type: ignore[no-untyped-def]
    """The product's model with the level set to the last ``days`` days' mean (weekday-adjusted)."""
    def fit(arrivals: np.ndarray, last: dt.date, horizon: int, cluster: float) -> ArrivalModel:
        est = estimate_arrivals(arrivals, last, cluster=cluster)
        x = arrivals[-days:]
        if est.weekly is not None:
            wd = [(last - dt.timedelta(days=i)).weekday() for i in range(x.size)][::-1]
            x = x / np.array([est.weekly[d] for d in wd])
        return replace(est, level=float(x.mean())).model(horizon, cluster=cluster)
    return fit


def recent_hazard(window: int, prior: float) -> Callable[[Groups, int], list[LengthOfStay]]:
    """V5's stays with every nightly leaving chance scaled (cloglog) so that the leaving
    expected in the last ``window`` days matches the leaving seen, shrunk by ``prior``
    expected departures."""
    base = cohort()

    def fit(g: Groups, origin: int) -> list[LengthOfStay]:
        los = base(g, origin)[0]
        pmf = los.pmf
        surv_before = np.concatenate([[1.0], 1.0 - np.cumsum(pmf)[:-1]])
        hazard = np.clip(pmf / np.maximum(surv_before, 1e-12), 0.0, 1.0)
        k = g.known & (g.people > 0) & (g.arrival <= origin)
        arrived = origin - g.arrival[k]
        present = (g.arrival + g.stay > origin)[k]
        t = np.where(present, arrived, g.stay[k])
        w = g.people[k]
        first = np.maximum(arrived - window + 1, 0)
        expected = observed = 0.0
        for f0, t0, w0, d0 in zip(first, t, w, ~present, strict=True):
            if t0 < f0:
                continue
            nights = np.arange(f0, t0 + 1)
            expected += w0 * hazard[np.minimum(nights, hazard.size - 1)].sum()
            observed += w0 * float(d0)
        theta = (observed + prior) / (expected + prior)
        new = 1.0 - (1.0 - np.minimum(hazard, 1 - 1e-9)) ** theta
        new[-1] = 1.0
        surv = np.cumprod(1.0 - new)
        out = -np.diff(np.concatenate([[1.0], surv]))
        return [LengthOfStay(np.maximum(out, 0.0))]
    return fit


def variants() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {"V5": {"stays": cohort()},
                                      "B10 (shipped)": {}}
    for h in (7, 14):
        out[f"E{h}: stays over 56 days weighted by recency, half-life {h} days"] = {
            "stays": cohort(56, h)}
    for n in (10, 20):
        out[f"B{n}: {n} bootstrap draws of the stay estimate"] = {"stays": cohort(draws=n)}
    for n, c in ((7, 20.0), (7, 100.0), (14, 50.0)):
        out[f"H{n}/{c:g}: V5 stays, leaving chances rescaled to the last {n} days' leaving "
            f"(prior {c:g})"] = {"stays": recent_hazard(n, c)}
    out["S1: V5, other random seed"] = {"seed": 1}
    out["S2: B10, other random seed"] = {"seed": 1, "stays": cohort(draws=10)}
    for n in (7, 14):
        out[f"A{n}: level = mean of the last {n} days"] = {"fit": recent_level(n)}
    for n in (14, 21, 28, 42):
        out[f"P{n}: period stays {n} days"] = {"stays": period(n)}
    return out


def main() -> None:
    g = read_groups(data_dir() / "shelter_daily" / "groups_limited_1.20.csv")
    chosen = [a for a in sys.argv[1:] if not a.startswith("--")]
    for name, kw in variants().items():
        if chosen and not any(name.startswith(c) for c in chosen):
            continue
        t = time.perf_counter()
        f = forecasts(g, paths=PATHS, before=REPORT_FROM, **kw)
        s = score(f, np.ones(len(f.origins), bool), boot=200)
        ratios = " ".join(f"{r:.2f}" for r in s.ratio)
        print(f"{name}: {s.origins} origins, skill {s.skill:.3f} ({s.skill_ci[0]:.3f}-"
              f"{s.skill_ci[1]:.3f}), coverage {s.coverage50:.1%}/{s.coverage90:.1%} widened, "
              f"{s.raw50:.1%}/{s.raw90:.1%} unwidened; by horizon {ratios} "
              f"[{time.perf_counter() - t:.0f} s]", flush=True)
        if "--blend" in sys.argv:
            for w in (0.4, 0.6, 0.8):
                shift = (1 - w) * (f.persistence - f.quantiles[:, 2])[:, None, :]
                b = replace(f, quantiles=f.quantiles + shift, widened=f.widened + shift)
                s = score(b, np.ones(len(f.origins), bool), boot=200)
                print(f"   blend {w}: skill {s.skill:.3f} ({s.skill_ci[0]:.3f}-"
                      f"{s.skill_ci[1]:.3f}), unwidened {s.raw50:.1%}/{s.raw90:.1%}; "
                      + " ".join(f"{r:.2f}" for r in s.ratio), flush=True)


if __name__ == "__main__":
    main()
