"""Validation on real data: the Casa Alitas shelter in Tucson, 2021.

The shelter logged each arriving group with its size and length of stay.  From
that we rebuild the real nightly occupancy, then plan 14 days ahead from each
day using only what the shelter knew that day (arrivals so far, the stays of
guests who had already left, the arrival dates of guests still there), and
count how often the real occupancy fell inside the 50% and 90% bands.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from borderflow.capacity.estimate import arrival_model
from borderflow.capacity.model import LengthOfStay, PlanInput, Site
from borderflow.capacity.plan import widen
from borderflow.capacity.simulate import simulate
from borderflow.errors import SchemaError, ValueError_

GROUPS_HEADER = ("groupID", "number_in_party", "arrival_date", "stay_length", "state_name",
                 "country1")


@dataclass
class Groups:
    """Arriving groups, as day offsets from ``first_day``."""

    first_day: dt.date
    arrival: np.ndarray  # day index
    people: np.ndarray
    stay: np.ndarray  # nights (corrected / imputed)
    notes: list[str] = field(default_factory=list)

    @property
    def last_arrival(self) -> int:
        return int(self.arrival.max())


def read_groups(path: Path) -> Groups:
    """Read ``groups_limited_*.csv``, repairing what can be repaired and saying so.

    Stays of -366..-300 nights are a departure date typed a year early and get
    365 added; other negative or missing stays are unknown and take the median
    stay; parties of 0 people are kept (they add nobody).
    """
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = tuple(next(reader, ()))
        if header[: len(GROUPS_HEADER)] != GROUPS_HEADER:
            raise SchemaError(path, f"header is {list(header)}", line=1,
                              expected=",".join(GROUPS_HEADER))
        rows = list(reader)
    days, people, stays = [], [], []
    for line, row in enumerate(rows, start=2):
        try:
            days.append(dt.date.fromisoformat(row[2]))
        except (ValueError, IndexError):
            raise ValueError_(path, f"{row[2] if len(row) > 2 else ''!r} is not a date",
                              line=line, field="arrival_date", expected="YYYY-MM-DD") from None
        try:
            people.append(int(row[1]))
        except ValueError:
            raise ValueError_(path, f"{row[1]!r} is not a count", line=line,
                              field="number_in_party", expected="a whole number") from None
        cell = row[3].strip()
        if cell in ("", "NA"):
            stays.append(np.nan)
            continue
        try:
            stays.append(float(cell))
        except ValueError:
            raise ValueError_(path, f"{cell!r} is not a number of nights", line=line,
                              field="stay_length", expected="a whole number or NA") from None
    stay = np.array(stays)
    typo = (stay <= -300) & (stay >= -366)
    stay[typo] += 365
    unknown = np.isnan(stay) | (stay < 0)
    median = float(np.median(stay[~unknown]))
    stay[unknown] = median
    first = min(days)
    notes = [f"{int(typo.sum())} stays of about -365 nights read as a year typo (+365)",
             f"{int(unknown.sum())} groups with a missing or negative stay given the median "
             f"({median:g} nights)"]
    return Groups(first, np.array([(d - first).days for d in days]),
                  np.array(people, dtype=float), stay.astype(int), notes)


def daily_arrivals(g: Groups) -> np.ndarray:
    """People arriving each day (0 on days with no record)."""
    return np.bincount(g.arrival, weights=g.people, minlength=g.last_arrival + 1)


def occupancy(g: Groups) -> np.ndarray:
    """People sleeping at the shelter each night: arrived on or before, leaving after."""
    n = g.last_arrival + int(g.stay.max()) + 2
    delta = np.zeros(n)
    np.add.at(delta, g.arrival, g.people)
    np.add.at(delta, g.arrival + g.stay, -g.people)
    return np.cumsum(delta)[: g.last_arrival + 1]


def known_at(g: Groups, origin: int, lookback: int = 120) -> tuple[LengthOfStay, np.ndarray]:
    """What the shelter knew at the end of day ``origin``.

    Returns the stay distribution of the last ``lookback`` days' guests
    (Kaplan-Meier: those still present count as staying at least this long)
    and the guests present by nights stayed so far.
    """
    seen = (g.arrival <= origin) & (g.arrival >= origin - lookback) & (g.people > 0)
    present = (g.arrival <= origin) & (g.arrival + g.stay > origin)
    # a guest still present has stayed at least until tonight (censored)
    so_far = np.minimum(g.stay, origin - g.arrival + 1)
    los = LengthOfStay.kaplan_meier(so_far[seen], g.people[seen], present[seen])
    ages = np.bincount(origin - g.arrival[present] + 1, weights=g.people[present])
    return los, ages


@dataclass
class BacktestResult:
    """Coverage and errors of the plan against what happened."""

    origins: int
    horizon: int
    coverage50: float
    coverage90: float
    mae_median: float
    mae_naive: float
    coverage_by_horizon: list[tuple[int, float, float]]
    spread: float = 1.0
    tail_spread: float = 1.0

    @property
    def skill(self) -> float:
        """1 - MAE(plan median) / MAE(occupancy stays as today)."""
        return 1.0 - self.mae_median / self.mae_naive


def backtest(g: Groups, *, horizon: int = 14, warmup: int = 60, paths: int = 1000,
             seed: int = 0, step: int = 1) -> BacktestResult:
    """Plan from every ``step``-th day after ``warmup``; score the bands and the median."""
    arrivals = daily_arrivals(g)
    real = occupancy(g)
    inside50 = np.zeros(horizon)
    inside90 = np.zeros(horizon)
    err, naive = [], []
    past: list[tuple[int, np.ndarray, np.ndarray]] = []  # (origin, median, sd) per horizon
    origins = range(warmup, g.last_arrival - horizon + 1, step)
    spreads = []
    for i, origin in enumerate(origins):
        los, ages = known_at(g, origin)
        recent = (g.arrival <= origin) & (g.arrival > origin - 120)
        sizes = g.people[recent]
        model = arrival_model(arrivals[: origin + 1], horizon)
        model = replace(model, cluster=float((sizes**2).sum() / max(sizes.sum(), 1.0)))
        inp = PlanInput(
            start=g.first_day + dt.timedelta(days=origin + 1), horizon=horizon,
            sites=[Site("shelter", 10**9)], los=los,
            arrivals=model,
            occupancy=int(round(real[origin])), occupants_by_age=ages,
        )
        sim = simulate(inp, paths, seed + i)
        raw = np.quantile(sim.occupancy, [0.05, 0.25, 0.5, 0.75, 0.95], axis=0)
        past.append((origin, raw, raw[2]))
        inner, outer = spread_from_errors(past, real, origin)
        spreads.append((inner, outer))
        q = np.quantile(widen(sim.occupancy, inner, outer), [0.05, 0.25, 0.5, 0.75, 0.95],
                        axis=0)
        actual = real[origin + 1: origin + 1 + horizon]
        inside50 += (actual >= q[1]) & (actual <= q[3])
        inside90 += (actual >= q[0]) & (actual <= q[4])
        err.append(np.abs(q[2] - actual))
        naive.append(np.abs(real[origin] - actual))
    n = len(origins)
    return BacktestResult(
        origins=n, horizon=horizon, coverage50=float(inside50.sum() / (n * horizon)),
        coverage90=float(inside90.sum() / (n * horizon)),
        mae_median=float(np.mean(err)), mae_naive=float(np.mean(naive)),
        coverage_by_horizon=[(h + 1, float(inside50[h] / n), float(inside90[h] / n))
                             for h in range(horizon)],
        spread=float(np.median([a for a, _ in spreads])),
        tail_spread=float(np.median([b for _, b in spreads])),
    )


def spread_from_errors(past: list[tuple[int, np.ndarray, np.ndarray]], real: np.ndarray,
                       origin: int, window: int = 90,
                       minimum: int = 30) -> tuple[float, float]:
    """How much wider the middle and outer bands must be, judged by errors known at ``origin``.

    ``past`` holds each earlier plan's simulated 5/25/50/75/95% quantiles.  For
    every one whose target night has passed (last ``window`` days), the stretch
    that would just have covered the real value is computed for the 50% and
    for the 90% band; the factors are the median and the 90th percentile of
    those stretches (at least 1).  Nothing after ``origin`` is used.
    """
    need50: list[float] = []
    need90: list[float] = []
    for made, q, _ in past:
        if made < origin - window:
            continue
        for h in range(q.shape[1]):
            target = made + 1 + h
            if target > origin:
                break
            actual, (q05, q25, m, q75, q95) = real[target], q[:, h]
            if actual >= m:
                need50.append((actual - m) / max(q75 - m, 1e-9))
                need90.append((actual - m) / max(q95 - m, 1e-9))
            else:
                need50.append((m - actual) / max(m - q25, 1e-9))
                need90.append((m - actual) / max(m - q05, 1e-9))
    if len(need50) < minimum:
        return 1.0, 1.0
    return (max(1.0, float(np.quantile(need50, 0.5))),
            max(1.0, float(np.quantile(need90, 0.9))))
