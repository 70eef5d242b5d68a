"""One planning run from a coordinator's files: estimate, simulate, size, advise, and say how.

Every figure the run prints comes with where it came from: estimated from the
arrivals given, read from ``sites.yaml`` (with its evidence), or assumed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from borderflow.capacity.advice import Advice, advise
from borderflow.capacity.derive import DerivedArrivals
from borderflow.capacity.estimate import (
    OUTLIER_FACTOR,
    OUTLIER_WINDOW,
    ArrivalEstimate,
    estimate_arrivals,
    find_outliers,
)
from borderflow.capacity.inputs import History, Network
from borderflow.capacity.model import ArrivalModel, PlanInput, Scenario
from borderflow.capacity.plan import PlanResult, make_plan
from borderflow.errors import QueryError, ValueError_

#: the horizon the Tucson evaluation scored (benchmarks/capacity.py)
VALIDATED_HORIZON = 14
#: daily drift of the arrival level when no daily arrivals exist to estimate it from
#: (an assumption, listed as one in the plan)
DEFAULT_LEVEL_SD = 0.03


@dataclass
class NetworkPlan:
    """A plan, its advice, and the provenance of its inputs."""

    result: PlanResult
    advice: Advice
    estimate: ArrivalEstimate | None
    notes: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        adv = self.advice
        return {
            **self.result.as_dict(),
            "arrivals": None if self.estimate is None else {
                "level": round(self.estimate.level, 1),
                "level_sd": round(self.estimate.level_sd, 4),
                "level_se": round(self.estimate.level_se, 4),
                "weekly": self.estimate.weekly, "first": self.estimate.first.isoformat(),
                "poisson_floor": self.estimate.poisson_floor,
                "last": self.estimate.last.isoformat()},
            "notes": self.notes, "assumptions": self.assumptions,
            "advice": {
                "risk": adv.risk, "drivers": adv.drivers.explain(),
                "driver_parts": [{"part": part, "beds": round(beds, 1), "from": how}
                                 for part, beds, how in adv.drivers.rows()],
                "best": None if adv.best is None else {
                    "mix": adv.best.label, "cost": round(adv.best.cost, 1),
                    "peak_risk": round(adv.best.peak_risk, 4),
                    "actions": [{"action": a.label, "first_day": a.first_day.isoformat(),
                                 "days": a.days, "bed_nights": round(a.bed_nights),
                                 "people": round(a.people), "cost": round(a.cost, 1)}
                                for a in adv.best.actions]},
                "departure_sensitivity": [
                    {"departures_per_day": cap, "extra_beds": beds,
                     "first_risky_day": day.isoformat() if day else None}
                    for cap, beds, day in adv.sensitivity]},
        }


def check_outliers(history: History, keep: Collection[dt.date] = ()) -> list[int]:
    """Positions of the outlying days the user kept; refuse any other outlying day.

    Raises:
        ValueError_: the first outlying day not in ``keep``, with its file, line, value,
            what was expected and how to proceed.
    """
    wanted = set(keep)
    unknown = sorted(wanted - set(history.days))
    if unknown:
        raise QueryError(f"--keep {unknown[0]}: no such day in the arrivals "
                         f"({history.days[0]} to {history.days[-1]})")
    kept: list[int] = []
    for out in find_outliers(history.arrivals):
        day = history.days[out.index]
        if day in wanted:
            kept.append(out.index)
            continue
        raise ValueError_(
            history.path or "request", f"{out.count:,.0f} arrivals on {day} is more than "
            f"{OUTLIER_FACTOR:g} times off the median of the {OUTLIER_WINDOW} days each side "
            f"({out.median:,.0f}); it would distort the arrival level",
            line=history.lines[out.index] if history.lines else None,
            field="arrivals" if history.lines else f"arrivals[{out.index}]",
            expected=f"{out.expected()}: fix the line, or, if the count is right, plan with "
                     f"--keep {day} (\"keep_days\" in the API), which the plan's notes show")
    return kept


def plan_network(network: Network, history: History | None, *, horizon: int,
                 scenarios: list[Scenario], paths: int = 2000, seed: int = 0,
                 risk: float = 0.05, spread: float = 1.0, tail_spread: float | None = None,
                 derived: DerivedArrivals | None = None,
                 keep: Collection[dt.date] = (),
                 cancel: Callable[[], bool] | None = None) -> NetworkPlan:
    """Plan from observed daily arrivals (``history``) or the sector forecast (``derived``).

    ``cancel`` stops the simulations (a server passes it).  ``keep`` lists outlying days
    of ``history`` the user has confirmed (see ``check_outliers``); they are used, and
    the notes say so.

    Raises:
        ValueError_: an outlying day in the arrivals not in ``keep``.
        QueryError: no arrivals, too few days, or more work than the budget allows.
    """
    notes: list[str] = []
    assumptions: list[str] = []
    estimate: ArrivalEstimate | None = None
    if history is not None:
        kept = check_outliers(history, keep)
        try:
            estimate = estimate_arrivals(history.arrivals, history.days[-1],
                                         kept=frozenset(kept))
        except ValueError as exc:
            raise QueryError(f"arrivals: {exc}") from exc
        for i in kept:
            notes.append(f"{history.days[i]}: {history.arrivals[i]:,.0f} arrivals kept as given "
                         "(--keep), though far from the days around it; counted as people, not "
                         "as scatter")
        model = estimate.model(horizon)
        start = history.days[-1] + dt.timedelta(days=1)
        notes.append(estimate.describe())
        if network.arrival_level_sd is not None:
            notes.append("arrival_level_sd in sites.yaml is not used: the drift is estimated "
                         "from the arrivals")
        known = history.occupancy[~np.isnan(history.occupancy)]
        occupancy = network.occupancy if network.occupancy is not None else (
            int(known[-1]) if known.size else 0)
    elif derived is not None:
        start = derived.month
        sd = network.arrival_level_sd
        if sd is None:
            sd = DEFAULT_LEVEL_SD
            assumptions.append(f"arrival level drifts {sd:.1%} a day within the month (no daily "
                               "arrivals to estimate it from)")
        model = ArrivalModel(np.full(horizon, derived.per_day), level_sd=sd,
                             level_se=derived.level_se)
        notes.append(f"arrivals {derived.per_day:,.0f} a day from {start}: {derived.note}")
        assumptions.append("the share of encounters released to the city (release_share)")
        occupancy = network.occupancy or 0
    else:
        raise QueryError("give arrivals.csv, or derive_arrivals: {sector, release_share} "
                         "in sites.yaml")
    if horizon > VALIDATED_HORIZON:
        notes.append(f"days after day {VALIDATED_HORIZON} are beyond the horizon the planner was "
                     "validated on (Tucson): read their bands as rough")
    if network.stays_note:
        notes.append(network.stays_note)
    if network.departures_per_day is None:
        assumptions.append("departures unlimited (departures_per_day not given)")
    elif network.departures_evidence:
        notes.append(f"departures {network.departures_per_day:,.0f} a day: "
                     f"{network.departures_evidence}")
    else:
        assumptions.append(f"departures {network.departures_per_day:,.0f} a day (no evidence "
                           "given: see the sensitivity table)")
    if network.occupancy is None and history is None:
        assumptions.append("nobody in the shelters on day 1 (occupancy not given)")
    if network.costs.assumed:
        c = network.costs
        assumptions.append(f"relative costs: a bed at an opened site {c.bed_night:g} a night, "
                           f"an added bed {c.extra_bed_night:g}, a departure seat "
                           f"{c.departure:g} a day (set costs: in sites.yaml)")
    ages = None
    if network.present_by_nights is not None and occupancy > 0:
        # the people present leave by the nights they have stayed so far (stay records);
        # scaled to the occupancy given when the records hold fewer or more people
        present = float(network.present_by_nights.sum())
        ages = network.present_by_nights * (occupancy / present)
        if round(present) != occupancy:
            notes.append(f"the stay records hold {present:,.0f} people present, the occupancy "
                         f"is {occupancy:,}: their nights so far are scaled to it")
    inp = PlanInput(start=start, horizon=horizon, sites=network.sites, los=network.los,
                    los_draws=network.los_draws, occupants_by_age=ages,
                    arrivals=model, occupancy=occupancy,
                    departures_per_day=network.departures_per_day, scenarios=scenarios,
                    spread=spread, tail_spread=tail_spread)
    try:
        result = make_plan(inp, paths=paths, seed=seed, cancel=cancel)
        advice = advise(inp.with_scenarios(), paths=paths, seed=seed, risk=risk,
                        costs=network.costs, cancel=cancel)
    except ValueError as exc:
        raise QueryError(str(exc)) from exc
    return NetworkPlan(result, advice, estimate, notes, assumptions)
