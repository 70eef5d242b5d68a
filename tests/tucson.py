"""Validation on real data: the Casa Alitas shelter in Tucson, 2021 (used by tests and benchmarks).

The shelter logged each arriving group with its size and length of stay.  From
that we rebuild the real nightly occupancy, then plan 14 days ahead from each
day using only what the shelter knew that day (arrivals so far, the stays of
guests who had already left, how long the guests still there had stayed), and
score the plan against what happened, beside two naive forecasts.

Stays missing from the file are unknown, not one night: nights when a guest
with an unknown stay may have been present are not scored ("outcome fully
known" below), and those guests are left out of the stay estimates.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from borderflow.capacity.estimate import estimate_arrivals
from borderflow.capacity.model import ArrivalModel, LengthOfStay, PlanInput, Site
from borderflow.capacity.plan import widen
from borderflow.capacity.simulate import simulate
from borderflow.capacity.stays import STAY_DRAWS, STAY_LOOKBACK, fit_stays, stay_draws
from borderflow.errors import SchemaError, ValueError_

GROUPS_HEADER = ("groupID", "number_in_party", "arrival_date", "stay_length", "state_name",
                 "country1")
HORIZON = 14
QS = (0.05, 0.25, 0.5, 0.75, 0.95)
#: origins before this day tune the model; origins from it on are reported
REPORT_FROM = dt.date(2021, 8, 1)


@dataclass
class Groups:
    """Arriving groups, as day offsets from ``first_day``; ``stay`` is -1 where unknown."""

    first_day: dt.date
    arrival: np.ndarray  # day index
    people: np.ndarray
    stay: np.ndarray  # nights; -1 = unknown
    notes: list[str] = field(default_factory=list)

    @property
    def last_arrival(self) -> int:
        return int(self.arrival.max())

    @property
    def known(self) -> np.ndarray:
        return np.asarray(self.stay >= 0)


def read_groups(path: Path) -> Groups:
    """Read ``groups_limited_*.csv``, repairing what can be repaired and saying so.

    Stays of -366..-300 nights are a departure date typed a year early and get
    365 added; other negative or missing stays are unknown (-1).
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
    stay[unknown] = -1
    first = min(days)
    notes = [f"{int(typo.sum())} stays of about -365 nights read as a year typo (+365)",
             f"{int(unknown.sum())} groups with a missing or negative stay: unknown"]
    return Groups(first, np.array([(d - first).days for d in days]),
                  np.array(people, dtype=float), stay.astype(int), notes)


def daily_arrivals(g: Groups) -> np.ndarray:
    """People arriving each day (0 on days with no record)."""
    return np.bincount(g.arrival, weights=g.people, minlength=g.last_arrival + 1)


def occupancy(g: Groups) -> np.ndarray:
    """People with a known stay sleeping at the shelter each night."""
    k = g.known
    n = g.last_arrival + int(g.stay.max()) + 2
    delta = np.zeros(n)
    np.add.at(delta, g.arrival[k], g.people[k])
    np.add.at(delta, g.arrival[k] + g.stay[k], -g.people[k])
    return np.cumsum(delta)[: g.last_arrival + 1]


def unknown_window(g: Groups) -> int:
    """Nights after arrival a guest with an unknown stay may still be there (99.5% of stays)."""
    k = g.known
    order = np.argsort(g.stay[k])
    cum = np.cumsum(g.people[k][order]) / g.people[k].sum()
    return int(g.stay[k][order][np.searchsorted(cum, 0.995)])


def known_nights(g: Groups) -> np.ndarray:
    """True for nights whose occupancy is fully known: no unknown-stay guest may be there."""
    window = unknown_window(g)
    out = np.ones(g.last_arrival + 1, dtype=bool)
    for a in np.unique(g.arrival[~g.known & (g.people > 0)]):
        out[a: a + window + 1] = False
    return out


def known_at(g: Groups, origin: int,
             lookback: int = STAY_LOOKBACK) -> tuple[LengthOfStay, np.ndarray]:
    """What the shelter knew at the end of day ``origin``.

    Returns the stay distribution of the last ``lookback`` days' guests
    (Kaplan-Meier: a guest still present has a stay longer than the nights
    completed before tonight) and the guests present by nights stayed so far.
    """
    k = g.known & (g.people > 0)
    seen = k & (g.arrival <= origin) & (g.arrival >= origin - lookback)
    present = k & (g.arrival <= origin) & (g.arrival + g.stay > origin)
    exceeded = np.where(present, origin - g.arrival, g.stay)
    los = fit_stays(exceeded[seen], g.people[seen], present[seen]).los
    ages = np.bincount(origin - g.arrival[present] + 1, weights=g.people[present])
    return los, ages


def drawn_stays(g: Groups, origin: int, lookback: int = STAY_LOOKBACK,
                draws: int = STAY_DRAWS) -> list[LengthOfStay]:
    """The shipped stays: ``draws`` bootstrap draws of ``known_at``'s estimate (the same guests)."""
    k = g.known & (g.people > 0)
    seen = k & (g.arrival <= origin) & (g.arrival >= origin - lookback)
    present = (g.arrival + g.stay > origin)[seen]
    exceeded = np.where(present, origin - g.arrival[seen], g.stay[seen])
    return stay_draws(exceeded, g.people[seen], present, draws=draws, seed=origin)


#: an arrival model from the arrivals known so far: (arrivals, last day, horizon, cluster)
ArrivalFit = Callable[[np.ndarray, dt.date, int, float], ArrivalModel]


def fitted_model(arrivals: np.ndarray, last: dt.date, horizon: int,
                 cluster: float) -> ArrivalModel:
    """The product's estimate (borderflow.capacity.estimate)."""
    return estimate_arrivals(arrivals, last, cluster=cluster).model(horizon, cluster=cluster)


@dataclass
class Forecasts:
    """Per origin, the plan's quantiles and the naive forecasts, with the real values."""

    origins: np.ndarray  # day index
    days: list[dt.date]
    quantiles: np.ndarray  # origins x 5 x horizon (unwidened)
    actual: np.ndarray  # origins x horizon
    persistence: np.ndarray  # origins x horizon
    seasonal: np.ndarray  # origins x horizon
    widened: np.ndarray  # origins x 5 x horizon


#: the stays a plan uses at an origin: (groups, origin) -> stay distributions (one, or
#: several draws of the estimate that share the paths out)
StayFitter = Callable[[Groups, int], list[LengthOfStay]]


def future_stays(g: Groups, origin: int, horizon: int = HORIZON) -> list[LengthOfStay]:
    """Diagnostic only (looks ahead): the real stays of the next ``horizon`` days' guests."""
    k = g.known & (g.people > 0) & (g.arrival > origin) & (g.arrival <= origin + horizon)
    return [LengthOfStay(np.bincount(g.stay[k], weights=g.people[k]))]


def forecasts(g: Groups, fit: ArrivalFit = fitted_model, *, horizon: int = HORIZON,
              warmup: int = 60, paths: int = 1000, seed: int = 0,
              max_spread: float = 1.2, stay_lookback: int = STAY_LOOKBACK,
              stays: StayFitter | None = None, before: dt.date | None = None) -> Forecasts:
    """Plan from every day whose outcome is fully known; nothing after the origin is used.

    ``before``: only origins before this day (the tuning script never plans from the
    reported origins).
    """
    arrivals = daily_arrivals(g)
    real = occupancy(g)
    known = known_nights(g)
    last = g.last_arrival - horizon + 1
    if before is not None:
        last = min(last, (before - g.first_day).days)
    origins = [o for o in range(warmup, last) if known[o: o + horizon + 1].all()]
    quantiles, widened, past = [], [], []
    for i, origin in enumerate(origins):
        _, ages = known_at(g, origin, stay_lookback)
        draws = (drawn_stays(g, origin, stay_lookback) if stays is None
                 else stays(g, origin))
        recent = (g.arrival <= origin) & (g.arrival > origin - 120)
        sizes = g.people[recent]
        cluster = float((sizes**2).sum() / max(sizes.sum(), 1.0))
        last = g.first_day + dt.timedelta(days=origin)
        inp = PlanInput(start=last + dt.timedelta(days=1), horizon=horizon,
                        sites=[Site("shelter", 10**9)], los=draws[0],
                        arrivals=fit(arrivals[: origin + 1], last, horizon, cluster),
                        occupancy=int(round(real[origin])), occupants_by_age=ages,
                        los_draws=draws if len(draws) > 1 else None)
        occ = simulate(inp, paths, seed + i).occupancy
        q = np.quantile(occ, QS, axis=0)
        inner, outer = spread_from_errors(past, real, known, origin)
        inner, outer = min(inner, max_spread), min(outer, max_spread)
        widened.append(np.quantile(widen(occ, inner, outer), QS, axis=0))
        quantiles.append(q)
        past.append((origin, q))
    idx = np.array(origins)
    steps = np.arange(1, horizon + 1)
    back = steps - 7 * np.ceil(steps / 7).astype(int)  # same weekday, last seen
    return Forecasts(
        origins=idx, days=[g.first_day + dt.timedelta(days=int(o)) for o in idx],
        quantiles=np.array(quantiles), actual=real[idx[:, None] + steps],
        persistence=np.repeat(real[idx][:, None], horizon, axis=1),
        seasonal=real[idx[:, None] + back], widened=np.array(widened))


def spread_from_errors(past: list[tuple[int, np.ndarray]], real: np.ndarray, known: np.ndarray,
                       origin: int, window: int = 90, minimum: int = 30) -> tuple[float, float]:
    """How much wider the middle and outer bands must be, judged by errors known at ``origin``.

    For every earlier plan whose target night has passed (last ``window``
    days), the stretch that would just have covered the real value, for the
    50% and the 90% band; the factors are the median and the 90th percentile
    of those stretches (at least 1).  Nothing after ``origin`` is used.
    """
    need50: list[float] = []
    need90: list[float] = []
    for made, q in past:
        if made < origin - window:
            continue
        for h in range(q.shape[1]):
            target = made + 1 + h
            if target > origin:
                break
            if not known[target]:
                continue
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


@dataclass
class Score:
    """Skill and coverage of one set of origins."""

    origins: int
    mae: np.ndarray  # per horizon: plan median
    mae_persistence: np.ndarray
    mae_seasonal: np.ndarray
    ratio: np.ndarray  # per horizon: plan / best naive
    ratio_ci: np.ndarray  # per horizon: 2 x 95% bootstrap range
    skill: float  # horizons 3+ pooled: plan / best naive
    skill_ci: tuple[float, float]
    coverage50: float
    coverage90: float
    raw50: float
    raw90: float
    by_horizon: list[tuple[int, float, float, float, float]] = field(default_factory=list)


def score(f: Forecasts, mask: np.ndarray, *, from_horizon: int = 3, boot: int = 1000,
          block: int = 14, seed: int = 0) -> Score:
    """Point error against both naives, with a moving-block bootstrap over origins."""
    q, w, y = f.quantiles[mask], f.widened[mask], f.actual[mask]
    err = np.abs(q[:, 2] - y)
    naive = (np.abs(f.persistence[mask] - y), np.abs(f.seasonal[mask] - y))
    n, horizon = y.shape
    rng = np.random.default_rng(seed)
    starts = rng.integers(0, max(n - block, 1), (boot, -(-n // block)))
    rows = (starts[:, :, None] + np.arange(block)).reshape(boot, -1)[:, :n] % n

    def ratios(e: np.ndarray, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        me, ma, mb = e.mean(axis=-2), a.mean(axis=-2), b.mean(axis=-2)
        best = np.minimum(ma, mb)
        pooled = me[..., from_horizon - 1:].sum(-1) / best[..., from_horizon - 1:].sum(-1)
        return me / best, pooled

    ratio, pooled = ratios(err, *naive)
    boot_ratio, boot_pooled = ratios(err[rows], naive[0][rows], naive[1][rows])
    def inside(lo: int, hi: int, src: np.ndarray) -> np.ndarray:
        return np.asarray((y >= src[:, lo]) & (y <= src[:, hi]))

    c50, c90 = inside(1, 3, w), inside(0, 4, w)
    r50, r90 = inside(1, 3, q), inside(0, 4, q)
    return Score(
        origins=n, mae=err.mean(0), mae_persistence=naive[0].mean(0),
        mae_seasonal=naive[1].mean(0), ratio=ratio,
        ratio_ci=np.quantile(boot_ratio, [0.025, 0.975], axis=0),
        skill=float(pooled),
        skill_ci=(float(np.quantile(boot_pooled, 0.025)), float(np.quantile(boot_pooled, 0.975))),
        coverage50=float(c50.mean()), coverage90=float(c90.mean()),
        raw50=float(r50.mean()), raw90=float(r90.mean()),
        by_horizon=[(h + 1, float(c50[:, h].mean()), float(c90[:, h].mean()),
                     float(r50[:, h].mean()), float(r90[:, h].mean())) for h in range(horizon)])


def split(f: Forecasts) -> tuple[np.ndarray, np.ndarray]:
    """Tuning and report masks: origins before / from ``REPORT_FROM``."""
    report = np.array([d >= REPORT_FROM for d in f.days])
    return ~report, report
