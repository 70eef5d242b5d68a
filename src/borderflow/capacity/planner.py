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
    LOOKBACK,
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
#: share of real nights inside the plan's 90% range on the Tucson check's 47 reported
#: origins, widened by at most 1.2 and not widened (benchmarks/capacity.py, README)
TUCSON_COVERAGE90 = 0.751
TUCSON_COVERAGE90_UNWIDENED = 0.625
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
        result = self.result.as_dict()
        schedule = adv.best.bed_schedule if adv.best is not None else ()
        for i, day in enumerate(result["days"]):
            # beds the cheapest mix adds at the permanent site that day
            day["extra_beds"] = schedule[i] if i < len(schedule) else 0
        return {
            **result,
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
                    "meets_risk": adv.best.peak_risk <= adv.risk + 1e-9,
                    "actions": [{"action": a.label, "first_day": a.first_day.isoformat(),
                                 "days": a.days, "bed_nights": round(a.bed_nights),
                                 "people": round(a.people), "cost": round(a.cost, 1),
                                 "kind": a.kind, "seats": a.seats, "explain": a.explain()}
                                for a in adv.best.actions]},
                "departure_sensitivity": [
                    {"departures_per_day": cap, "extra_beds": beds,
                     "first_risky_day": day.isoformat() if day else None}
                    for cap, beds, day in adv.sensitivity]},
        }


def coverage_caveat(spread: float = 1.0, tail_spread: float | None = None) -> str:
    """What the Tucson check found of the bands this plan prints."""
    widened = spread > 1.0 or (tail_spread or 1.0) > 1.0
    held = TUCSON_COVERAGE90 if widened else TUCSON_COVERAGE90_UNWIDENED
    how = ("widened as asked; Tucson's were widened by at most 1.2" if widened else
           f"not widened, as here; {TUCSON_COVERAGE90:.1%} when widened by up to 1.2")
    return (f"caveat: the 90% range and P(over) are the model's. On the Tucson check (47 "
            f"reported origins, 14 days ahead) the 90% range held {held:.1%} of the real "
            f"nights ({how}), so the ranges are too narrow and the real chance of running "
            f"out can be higher than P(over) says")


def chart_caveat(spread: float = 1.0, tail_spread: float | None = None) -> str:
    """The caveat on the bands, short enough to print under the chart."""
    from borderflow.i18n import _

    widened = spread > 1.0 or (tail_spread or 1.0) > 1.0
    held = TUCSON_COVERAGE90 if widened else TUCSON_COVERAGE90_UNWIDENED
    return _("Caveat: on the Tucson check the 90% range held {held} of the real nights, not "
             "90%: the ranges are too narrow and the chance of running out can be higher."
             ).format(held=f"{held:.1%}")


def _provenance(network: Network, history: History | None, occupancy: int, start: dt.date,
                notes: list[str], assumptions: list[str]) -> None:
    """A note for each input with its source, an assumption for each without one."""
    evidence = network.evidence

    def source(key: str, what: str) -> None:
        if key in evidence:
            notes.append(f"{what}: {evidence[key]}")
        else:
            assumptions.append(f"{what} (no evidence given: set evidence: {{{key}: ...}} "
                               "in sites.yaml)")

    source("beds", "beds: " + ", ".join(f"{s.name} {s.beds:,}" for s in network.sites))
    if network.stays_note is None:
        source("length_of_stay", f"stays: a mean of {network.los.mean:.2f} nights, from "
                                 "sites.yaml, not from stay records")
    leads = [f"{s.name} {s.lead_time_days} day{'s' if s.lead_time_days != 1 else ''}"
             for s in network.sites if not s.is_open]
    permanent = next((s.name for s in network.sites if s.kind == "permanent" and s.is_open),
                     network.sites[0].name)
    lead = network.extra_beds_lead_time_days
    if lead is not None:
        leads.append(f"added beds at {permanent} {lead} day{'s' if lead != 1 else ''}")
    if leads:
        source("lead_times", "lead times to open: " + ", ".join(leads))
    if lead is None:
        assumptions.append(f"beds added at {permanent} take people from day 1 ({start}): a "
                           "lead time of 0 days (set extra_beds_lead_time_days in sites.yaml)")
    if network.occupancy is not None:
        source("occupancy", f"occupancy {network.occupancy:,} on the night before day 1, typed "
                            "in sites.yaml")
    elif history is not None and occupancy:
        known = np.flatnonzero(~np.isnan(history.occupancy))
        notes.append(f"occupancy {occupancy:,} on the night before day 1: arrivals.csv's last "
                     f"occupancy ({history.days[int(known[-1])]})")
    else:
        assumptions.append("nobody in the shelters on the night before day 1 (occupancy not "
                           "given in sites.yaml" + (" or arrivals.csv)" if history is not None
                                                     else ")"))


def check_outliers(history: History, keep: Collection[dt.date] = ()) -> list[int]:
    """Positions of the outlying days the user kept; refuse any other outlying day.

    Only the last ``LOOKBACK`` days are checked: older ones do not enter the estimate.

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
    used = len(history.days) - LOOKBACK  # days before it do not enter the estimate
    for out in find_outliers(history.arrivals):
        if out.index < used:
            continue
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
                 cancel: Callable[[], bool] | None = None,
                 today: dt.date | None = None) -> NetworkPlan:
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
        today = today or dt.date.today()
        end = start + dt.timedelta(days=horizon - 1)
        if end < today:
            newest = (f"; the newest data month is {derived.newest:%B %Y}"
                      if derived.newest else "")
            notes.insert(0, f"this plan is of a past period: {start} to {end}, before today "
                            f"({today}){newest}. The warehouse has no newer sector data, so "
                            "the plan shows what the forecast implied then; give arrivals.csv "
                            "to plan from now")
        elif start > today:
            notes.insert(0, f"the plan starts on {start}, after today ({today}): the first "
                            "month after the newest sector data")
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
    _provenance(network, history, occupancy, start, notes, assumptions)
    if network.costs.assumed:
        c = network.costs
        assumptions.append(f"relative costs: a bed at an opened site {c.bed_night:g} a night, "
                           f"an added bed {c.extra_bed_night:g}, a departure seat "
                           f"{c.departure:g} a day (set costs: in sites.yaml)")
    notes.append(coverage_caveat(spread, tail_spread))
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
                        costs=network.costs, cancel=cancel,
                        bed_lead=network.extra_beds_lead_time_days or 0)
    except ValueError as exc:
        raise QueryError(str(exc)) from exc
    return NetworkPlan(result, advice, estimate, notes, assumptions)
