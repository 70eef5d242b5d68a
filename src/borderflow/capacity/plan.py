"""From simulated paths to decisions: when beds run out, and what it takes not to."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from borderflow.capacity.model import PlanInput
from borderflow.capacity.simulate import Simulation, check_work, simulate

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
RISK = 0.05


@dataclass
class DayPlan:
    """One day of the plan."""

    day: dt.date
    beds: int
    quantiles: dict[float, float]
    p_over: float
    expected_departures: float


@dataclass
class PlanResult:
    """The plan's answers.

    Attributes:
        first_risky_day: first day the chance that demand exceeds open beds passes 5%.
        extra_beds: beds to add (from day 1) to keep that chance at or under 5% every day.
        extra_departures: daily departures to add for the same, or ``None`` when
            more departures cannot get there (the stays, not the buses, are the limit).
    """

    days: list[DayPlan]
    first_risky_day: dt.date | None
    extra_beds: int
    extra_departures: int | None
    paths: int
    scenario_labels: list[str] = field(default_factory=list)

    def already_short(self) -> bool:
        """Whether beds are more likely short than not on the first night: then "may run
        out from" that night understates it, and the advice says so."""
        return bool(self.days) and self.days[0].p_over >= 0.5

    def as_dict(self) -> dict[str, Any]:
        return {
            "paths": self.paths,
            "scenarios": self.scenario_labels,
            "first_risky_day": self.first_risky_day.isoformat() if self.first_risky_day else None,
            "extra_beds": self.extra_beds,
            "extra_departures": self.extra_departures,
            "days": [{"day": d.day.isoformat(), "beds": d.beds, "p_over": round(d.p_over, 4),
                      "expected_departures": round(d.expected_departures, 1),
                      **{f"q{int(q * 100):02d}": round(v, 1) for q, v in d.quantiles.items()}}
                     for d in self.days],
        }


def widen(occupancy: np.ndarray, inner: float, outer: float | None = None) -> np.ndarray:
    """Stretch each day's simulated paths about their median (results kept >= 0).

    The middle half of the paths is stretched by ``inner`` and the outer tails
    by ``outer`` (default: the same), piecewise linearly, so both the 50% and
    the 90% bands can be calibrated.  The Tucson evaluation (tests/tucson.py)
    learns the factors from errors known at each origin, capped at 1.2.
    """
    outer = inner if outer is None else max(outer, inner)
    if inner == 1.0 and outer == 1.0:
        return occupancy
    levels = np.quantile(occupancy, [0.05, 0.25, 0.5, 0.75, 0.95], axis=0)
    out = np.empty_like(occupancy)
    for day in range(occupancy.shape[1]):
        q05, q25, m, q75, q95 = levels[:, day]
        src = np.array([q05, q25, m, q75, q95])
        dst = np.array([m + outer * (q05 - m), m + inner * (q25 - m), m,
                        m + inner * (q75 - m), m + outer * (q95 - m)])
        src, keep = np.unique(src, return_index=True)
        dst = dst[keep]
        v = occupancy[:, day]
        if src.size < 2:
            out[:, day] = v
            continue
        mapped = np.interp(v, src, dst)
        lo, hi = v < src[0], v > src[-1]
        mapped[lo] = dst[0] + outer * (v[lo] - src[0])
        mapped[hi] = dst[-1] + outer * (v[hi] - src[-1])
        out[:, day] = mapped
    widened: np.ndarray = np.maximum(out, 0.0)
    return widened


def overflow_probability(occupancy: np.ndarray, beds: np.ndarray) -> np.ndarray:
    """Per day, the share of paths whose demand exceeds the beds."""
    return np.asarray((occupancy > beds[None, :] + 1e-6).mean(axis=0))


def _risky(sim: Simulation, beds: np.ndarray, spread: tuple[float, float]) -> bool:
    return bool((overflow_probability(widen(sim.occupancy, *spread), beds) > RISK).any())


def make_plan(inp: PlanInput, paths: int = 2000, seed: int = 0, *,
              cancel: Callable[[], bool] | None = None) -> PlanResult:
    """Simulate the plan (scenarios applied) and size the response.

    ``cancel`` is passed to every simulation run (a server stops the plan with it).

    Raises:
        QueryError: the run and the search for departures would take more than the budget.
    """
    labels = [s.label for s in inp.scenarios]
    applied = inp.with_scenarios()
    beds = applied.capacity()
    # one run, then a bisection over added departures
    search = 2 + math.ceil(math.log2(max(2.0, 4 * float(np.max(applied.arrivals.level,
                                                                 initial=1.0)))))
    check_work(paths, applied, runs=search)
    sim = simulate(applied, paths, seed, cancel=cancel)
    sim.occupancy = widen(sim.occupancy, *inp.spread_pair)
    qs = np.quantile(sim.occupancy, QUANTILES, axis=0)
    p_over = overflow_probability(sim.occupancy, beds)
    days = [
        DayPlan(d, int(beds[i]), {q: float(qs[j, i]) for j, q in enumerate(QUANTILES)},
                float(p_over[i]), float(sim.departures[:, i].mean()))
        for i, d in enumerate(applied.days())
    ]
    risky = [d.day for d in days if d.p_over > RISK]
    need = float(np.max(np.quantile(sim.occupancy, 1 - RISK, axis=0) - beds))
    extra_beds = max(0, math.ceil(need - 1e-9))
    return PlanResult(days, risky[0] if risky else None, extra_beds,
                      _extra_departures(applied, beds, paths, seed, cancel) if risky else 0,
                      paths, labels)


def _extra_departures(inp: PlanInput, beds: np.ndarray, paths: int, seed: int,
                      cancel: Callable[[], bool] | None = None) -> int | None:
    """Smallest added daily departure capacity that keeps the risk at or under 5%.

    Uses the same random numbers for every trial, so occupancy falls path by
    path as capacity rises and bisection is sound.
    """
    if inp.departures_per_day is None:
        return None
    hi = math.ceil(max(1.0, float(np.max(inp.arrivals.level))) * 4)
    if _risky(simulate(inp, paths, seed, extra_departures=hi, cancel=cancel), beds,
              inp.spread_pair):
        return None
    lo = 0  # risky (we only get here when the plan as given is risky)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _risky(simulate(inp, paths, seed, extra_departures=mid, cancel=cancel), beds,
                  inp.spread_pair):
            lo = mid
        else:
            hi = mid
    return hi
