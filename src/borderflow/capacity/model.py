"""What a shelter network plans with: sites, length of stay, arrivals, scenarios.

All plain data; the simulation lives in :mod:`borderflow.capacity.simulate`.
Days are counted from the plan's start: day 1 is the first day after the last
observed day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import numpy as np


@dataclass(frozen=True)
class Site:
    """One shelter site.

    Attributes:
        beds: beds when open.
        kind: ``permanent``, ``overflow`` or ``hotel``.
        lead_time_days: days from the decision to open until it takes people.
        open_on: the date it takes people (``None`` with ``is_open`` False: closed
            through the horizon unless a scenario opens it).
    """

    name: str
    beds: int
    kind: str = "permanent"
    lead_time_days: int = 0
    is_open: bool = True
    open_on: dt.date | None = None

    def beds_on(self, day: dt.date) -> int:
        """Beds this site offers on ``day``."""
        if self.open_on is not None:
            return self.beds if day >= self.open_on else 0
        return self.beds if self.is_open else 0


@dataclass(frozen=True)
class LengthOfStay:
    """A length-of-stay distribution over whole nights: ``pmf[k]`` = share staying k nights.

    A person arriving on day s with stay k sleeps there on nights s..s+k-1 and
    leaves on day s+k; a stay of 0 nights never occupies a bed overnight.
    """

    pmf: np.ndarray

    def __post_init__(self) -> None:
        pmf = np.asarray(self.pmf, dtype=float)
        if pmf.ndim != 1 or pmf.size == 0 or (pmf < 0).any() or pmf.sum() <= 0:
            raise ValueError("a length-of-stay distribution needs non-negative shares")
        object.__setattr__(self, "pmf", pmf / pmf.sum())

    @classmethod
    def fixed(cls, nights: int) -> LengthOfStay:
        pmf = np.zeros(nights + 1)
        pmf[nights] = 1.0
        return cls(pmf)

    @classmethod
    def geometric(cls, mean_nights: float, mass: float = 0.995) -> LengthOfStay:
        """Stays of 0, 1, 2... nights with the given mean (memoryless)."""
        q = mean_nights / (1.0 + mean_nights)
        k = int(np.ceil(np.log(1 - mass) / np.log(q))) + 1 if q > 0 else 1
        return cls((1 - q) * q ** np.arange(k)).truncated(mass)

    def truncated(self, mass: float) -> LengthOfStay:
        """Cut the tail after ``mass`` of the probability; the tail joins the last kept day."""
        cdf = np.cumsum(self.pmf)
        last = int(np.searchsorted(cdf, mass - 1e-12)) + 1
        pmf = self.pmf[:last].copy()
        pmf[-1] += self.pmf[last:].sum()
        return LengthOfStay(pmf)

    def scaled(self, factor: float) -> LengthOfStay:
        """Every stay multiplied by ``factor`` (rounded to whole nights)."""
        nights = np.rint(np.arange(self.pmf.size) * factor).astype(int)
        return LengthOfStay(np.bincount(nights, weights=self.pmf))

    @property
    def mean(self) -> float:
        return float(np.arange(self.pmf.size) @ self.pmf)

    def survival(self) -> np.ndarray:
        """``S[k]`` = share still staying after k nights (stay > k)."""
        return 1.0 - np.cumsum(self.pmf)


@dataclass(frozen=True)
class ArrivalModel:
    """Daily arrivals: a level with random-walk drift and extra-Poisson scatter.

    ``arrivals_t ~ c * Poisson(level_t * exp(W_t) * G_t / c)`` with ``W`` a
    random walk of daily step ``level_sd`` (on the log scale) starting from
    ``N(0, level_se)`` (today's level is itself uncertain), ``G ~ Gamma(k, 1/k)``
    (``dispersion`` = k; ``None`` = pure Poisson) and ``c`` the party-size
    ``cluster`` factor.  ``noise=False`` gives
    exactly ``level_t`` every day (used by the closed-form oracle).
    """

    level: np.ndarray
    level_sd: float = 0.0
    level_se: float = 0.0
    dispersion: float | None = None
    noise: bool = True
    #: people arrive in parties that stay together: the people-weighted mean party
    #: size (sum s^2 / sum s) multiplies every count variance
    cluster: float = 1.0


@dataclass(frozen=True)
class Scenario:
    """A change to the plan: more arrivals, a site opened, stays lengthened."""

    label: str
    extra_arrivals: float = 0.0
    from_day: dt.date | None = None
    open_site: str | None = None
    open_on: dt.date | None = None
    los_factor: float = 1.0


@dataclass
class PlanInput:
    """Everything one planning run needs."""

    start: dt.date  # day 1 of the plan
    horizon: int
    sites: list[Site]
    los: LengthOfStay
    arrivals: ArrivalModel
    occupancy: int = 0
    #: people already present by nights stayed so far (index = nights); sums to occupancy
    occupants_by_age: np.ndarray | None = None
    departures_per_day: float | None = None  # None = unlimited
    scenarios: list[Scenario] = field(default_factory=list)
    #: widen the simulated bands by this factor (learned from past errors; see tests/tucson.py)
    spread: float = 1.0
    #: a different factor for the outer tails (default: ``spread``)
    tail_spread: float | None = None
    #: draws of an estimated stay distribution: the paths are shared among them, so the
    #: bands carry the estimate's uncertainty (``None``: every path uses ``los``)
    los_draws: list[LengthOfStay] | None = None

    @property
    def spread_pair(self) -> tuple[float, float]:
        return self.spread, self.tail_spread if self.tail_spread is not None else self.spread

    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=i) for i in range(self.horizon)]

    def capacity(self) -> np.ndarray:
        """Open beds on each day of the horizon."""
        return np.array([sum(s.beds_on(d) for s in self.sites) for d in self.days()], dtype=float)

    def with_scenarios(self) -> PlanInput:
        """The input with its scenarios applied (arrivals, sites, stays)."""
        sites = list(self.sites)
        level = self.arrivals.level.copy()
        los = self.los
        draws = self.los_draws
        days = self.days()
        for sc in self.scenarios:
            if sc.extra_arrivals:
                start = sc.from_day or self.start
                level = level + np.array([sc.extra_arrivals if d >= start else 0.0 for d in days])
            if sc.open_site:
                matches = [i for i, s in enumerate(sites) if s.name.lower() == sc.open_site.lower()]
                if not matches:
                    raise ValueError(f"scenario {sc.label!r}: no site named {sc.open_site!r}; "
                                     f"sites are {', '.join(s.name for s in sites)}")
                i = matches[0]
                earliest = self.start + dt.timedelta(days=sites[i].lead_time_days)
                when = max(sc.open_on or earliest, earliest)
                sites[i] = replace(sites[i], open_on=when, is_open=True)
            if sc.los_factor != 1.0:
                los = los.scaled(sc.los_factor)
                if draws is not None:
                    draws = [d.scaled(sc.los_factor) for d in draws]
        return replace(self, sites=sites, los=los, scenarios=[], los_draws=draws,
                       arrivals=replace(self.arrivals, level=level))
