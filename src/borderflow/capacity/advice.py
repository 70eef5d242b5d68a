"""Advice a coordinator can act on: the cheapest mix of options, and what drives the need.

Options are: open a closed site (not before its lead time), add departures a
day, and add beds at the first permanent site when they are needed (kept to
the end of the horizon).  Every mix is simulated with the same random numbers,
so differences between mixes are the options' effects, not noise.  Costs are
relative (one bed for one night = 1 unless ``Costs`` says otherwise).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from borderflow.capacity.model import PlanInput
from borderflow.capacity.plan import widen
from borderflow.capacity.simulate import Simulation, check_work
from borderflow.capacity.simulate import simulate as _simulate

#: added departures a day tried, as shares of the departure capacity given
DEPARTURE_STEPS = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5)
#: closed sites considered together (2^n mixes)
MAX_CLOSED_SITES = 4


@dataclass(frozen=True)
class Costs:
    """Relative costs; the defaults are assumptions, and the advice says so."""

    bed_night: float = 1.0  # a bed at an opened site, one night (paid whether used or not)
    extra_bed_night: float = 1.5  # a bed added at a permanent site, one night (cots, staff)
    departure: float = 1.0  # one more departure seat, one day
    assumed: bool = True


@dataclass(frozen=True)
class Action:
    """One option in a mix, with what it changes."""

    label: str
    first_day: dt.date
    days: int
    bed_nights: float  # beds offered x nights (0 for departures)
    people: float  # beds at the peak, or people moved out over the horizon
    cost: float
    #: ``open`` (a closed site), ``departures`` (more seats a day) or ``beds`` (added)
    kind: str = ""
    #: departure seats bought over the horizon (``departures`` only)
    seats: int = 0

    def explain(self) -> str:
        """The action in people and cost terms, in one sentence."""
        if self.kind == "departures":
            return (f"{self.seats:,} more departure seats over {self.days} days (relative cost "
                    f"{self.cost:,.0f}) move about {self.people:,.0f} more people on: a seat is "
                    "used only on days when more people are ready to leave than the capacity")
        return (f"{self.bed_nights:,.0f} bed-nights, up to {self.people:,.0f} beds, over "
                f"{self.days} days (relative cost {self.cost:,.0f})")


@dataclass(frozen=True)
class Mix:
    """A combination of options that keeps the chance of running out at or under the target."""

    actions: tuple[Action, ...]
    cost: float
    peak_risk: float  # highest daily chance of running out after the mix
    #: beds added at the permanent site on each day of the horizon
    bed_schedule: tuple[int, ...] = ()

    @property
    def label(self) -> str:
        return " + ".join(a.label for a in self.actions) or "nothing"


@dataclass(frozen=True)
class Drivers:
    """What drives the need on the day it peaks."""

    day: dt.date
    beds: float
    need: float  # beds needed at the risk target (quantile) that day
    arrivals: float  # expected arrivals a day (today's level)
    mean_stay: float
    steady: float  # arrivals x mean stay: beds needed if arrivals held and nobody waited
    present: float  # people present on day 1
    queue: float  # median extra people waiting for a departure that day
    queue_at_risk: float  # the same at the risk target's quantile
    uncertainty: float  # need minus median
    departures: float | None

    def rows(self) -> list[tuple[str, float, str]]:
        """What makes up the need on the peak day: (part, beds, how), summing to ``need``."""
        median = self.need - self.uncertainty
        queue_spread = self.queue_at_risk - self.queue
        rows = [("arrivals x mean stay", self.steady,
                 f"{self.arrivals:,.0f} a day (today's level) x {self.mean_stay:.2f} nights")]
        if self.departures is not None:
            rows.append(("waiting for a departure, median", self.queue,
                         f"ready to leave beyond {self.departures:,.0f} departures a day"))
        rows.append(("other change by then, median", median - self.steady - self.queue,
                     f"weekday pattern, drift, and the {self.present:,.0f} people present on "
                     "day 1 still there"))
        if self.departures is not None:
            rows.append(("uncertainty: departure queue", queue_spread,
                         "the queue in the futures with more arrivals"))
        rows.append(("uncertainty: arrivals and stays", self.uncertainty - queue_spread,
                     "from the median to the risk target"))
        return rows

    def explain(self) -> str:
        """The drivers in plain sentences, with their numbers."""
        median = self.need - self.uncertainty
        short = self.need - self.beds
        parts = [f"The need peaks on {self.day:%a %d %b}: {self.need:,.0f} beds at the risk "
                 f"target (median {median:,.0f}) against {self.beds:,.0f} open"
                 + (f", {short:,.0f} short." if short > 0 else ".")]
        parts.append(f"Arrivals x mean stay: {self.arrivals:,.0f} a day x {self.mean_stay:.2f} "
                     f"nights = {self.steady:,.0f} beds"
                     + (", more than the beds open." if self.steady > self.beds else "."))
        parts.append(f"People present on day 1: {self.present:,.0f}.")
        if self.departures is not None:
            parts.append(f"Waiting for a departure (more than {self.departures:,.0f} a day "
                         f"ready to leave): {self.queue:,.0f} at the median, "
                         f"{self.queue_at_risk:,.0f} at the risk target.")
        parts.append(f"Uncertainty about arrivals and stays: {self.uncertainty:,.0f} beds "
                     "from the median to the risk target.")
        return " ".join(parts)


@dataclass(frozen=True)
class Advice:
    """The cheapest mix, the others tried, the drivers and a departure-capacity sensitivity."""

    risk: float
    best: Mix | None
    tried: list[Mix]
    drivers: Drivers
    sensitivity: list[tuple[float | None, int, dt.date | None]]  # (capacity, extra beds, day)
    costs: Costs


def simulate(inp: PlanInput, paths: int, seed: int, *,
             extra_departures: float = 0.0,
             cancel: Callable[[], bool] | None = None) -> Simulation:
    """The simulation, widened by the input's spread factors (as ``make_plan`` does)."""
    sim = _simulate(inp, paths, seed, extra_departures=extra_departures, cancel=cancel)
    sim.occupancy = widen(sim.occupancy, *inp.spread_pair)
    return sim


def _need(sim: Simulation, beds: np.ndarray, risk: float) -> np.ndarray:
    return np.asarray(np.quantile(sim.occupancy, 1 - risk, axis=0) - beds)


def _bed_schedule(need: np.ndarray) -> np.ndarray:
    """Extra beds each day: added when first needed, kept to the end."""
    return np.maximum.accumulate(np.maximum(np.ceil(need - 1e-9), 0.0))


def drivers(inp: PlanInput, paths: int, seed: int, risk: float,
            cancel: Callable[[], bool] | None = None) -> Drivers:
    """Decompose the need on its peak day (no option taken)."""
    beds = inp.capacity()
    sim = simulate(inp, paths, seed, cancel=cancel)
    need = np.quantile(sim.occupancy, 1 - risk, axis=0)
    t = int(np.argmax(need - beds))
    median = float(np.median(sim.occupancy[:, t]))
    queue = queue_at_risk = 0.0
    if inp.departures_per_day is not None:
        free = simulate(replace(inp, departures_per_day=None), paths, seed,
                        cancel=cancel).occupancy[:, t]
        queue = max(0.0, median - float(np.median(free)))
        queue_at_risk = max(0.0, float(need[t] - np.quantile(free, 1 - risk)))
    level = float(inp.arrivals.level[0]) if inp.arrivals.level.size else 0.0
    return Drivers(inp.days()[t], float(beds[t]), float(need[t]), level, inp.los.mean,
                   level * inp.los.mean, float(inp.occupancy), queue, queue_at_risk,
                   float(need[t]) - median,
                   inp.departures_per_day)


def advise(inp: PlanInput, *, paths: int = 2000, seed: int = 0, risk: float = 0.05,
           costs: Costs | None = None, cancel: Callable[[], bool] | None = None,
           bed_lead: int = 0) -> Advice:
    """The cheapest mix that keeps the daily chance of running out at or under ``risk``.

    ``inp`` has its scenarios applied already.  Beds added at the permanent site take
    people from day ``bed_lead + 1`` (0: from day 1).  When no mix keeps the chance under
    ``risk`` (beds cannot come soon enough), the best is the mix with the lowest peak.

    Raises:
        QueryError: the search would take more work than the budget allows.
    """
    costs = costs or Costs()
    days = inp.days()
    closed = [i for i, s in enumerate(inp.sites) if not s.is_open and s.open_on is None
              and s.beds > 0][:MAX_CLOSED_SITES]
    permanent = next((s.name for s in inp.sites if s.kind == "permanent" and s.beds_on(days[0])),
                     inp.sites[0].name)
    steps = DEPARTURE_STEPS if inp.departures_per_day else (0.0,)
    mixes = list(itertools.product(steps, *[(False, True)] * len(closed)))
    # one run per departure step, two for the drivers, up to six for the sensitivity
    check_work(paths, inp, runs=len(steps) + 8, what="advice")
    sims: dict[float, Simulation] = {}
    tried: list[Mix] = []
    for step, *opens in mixes:
        extra = round((inp.departures_per_day or 0.0) * step)
        if extra not in sims:
            sims[extra] = simulate(inp, paths, seed, extra_departures=extra, cancel=cancel)
        sim = sims[extra]
        sites = list(inp.sites)
        actions: list[Action] = []
        for i, on in zip(closed, opens, strict=True):
            if on:
                site = sites[i]
                when = inp.start + dt.timedelta(days=site.lead_time_days)
                sites[i] = replace(site, open_on=when, is_open=True)
                nights = max(0, (days[-1] - when).days + 1)
                actions.append(Action(f"open {site.name} ({site.beds:,} beds) from {when:%d %b}",
                                      when, nights, site.beds * nights, site.beds,
                                      site.beds * nights * costs.bed_night, "open"))
        if extra:
            moved = float((sim.departures.sum(1) - sims[0.0].departures.sum(1)).mean()) \
                if 0.0 in sims else float(extra * inp.horizon)
            actions.append(Action(f"+{extra:,} departures a day from {days[0]:%d %b}", days[0],
                                  inp.horizon, 0.0, moved, extra * inp.horizon * costs.departure,
                                  "departures", extra * inp.horizon))
        beds = replace(inp, sites=sites).capacity()
        schedule = _bed_schedule(_need(sim, beds, risk))
        schedule[:bed_lead] = 0.0
        if schedule[-1] > 0:
            first = int(np.argmax(schedule > 0))
            peak = int(np.argmax(schedule == schedule[-1]))
            rising = (f", rising to {int(schedule[-1]):,} by {days[peak]:%d %b}"
                      if peak > first else "")
            actions.append(Action(f"+{int(schedule[first]):,} beds at {permanent} from "
                                  f"{days[first]:%d %b}{rising}", days[first], inp.horizon - first,
                                  float(schedule.sum()), float(schedule[-1]),
                                  float(schedule.sum()) * costs.extra_bed_night, "beds"))
        after = (sim.occupancy > (beds + schedule)[None, :] + 1e-6).mean(axis=0)
        tried.append(Mix(tuple(actions), sum(a.cost for a in actions), float(after.max()),
                         tuple(int(b) for b in schedule)))
    # mixes that meet the target first, cheapest first; then the rest by their peak risk
    tried.sort(key=lambda m: (m.peak_risk > risk + 1e-9,
                              m.cost if m.peak_risk <= risk + 1e-9 else m.peak_risk))
    return Advice(risk, tried[0] if tried else None, tried,
                  drivers(inp, paths, seed, risk, cancel),
                  sensitivity(inp, paths, seed, risk, cancel), costs)


def sensitivity(inp: PlanInput, paths: int, seed: int, risk: float,
                cancel: Callable[[], bool] | None = None
                ) -> list[tuple[float | None, int, dt.date | None]]:
    """Extra beds needed (peak) and first risky day, for departure capacities around the input."""
    base = inp.departures_per_day
    levels: list[float | None] = ([base * f for f in (0.8, 0.9, 1.0, 1.1, 1.25)]
                                  if base else []) + [None]
    beds = inp.capacity()
    rows: list[tuple[float | None, int, dt.date | None]] = []
    for cap in levels:
        sim = simulate(replace(inp, departures_per_day=cap), paths, seed, cancel=cancel)
        need = _need(sim, beds, risk)
        over = np.flatnonzero(need > 0)
        rows.append((cap, int(max(0.0, np.ceil(need.max() - 1e-9))),
                     inp.days()[int(over[0])] if over.size else None))
    return rows
