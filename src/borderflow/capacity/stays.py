"""Length of stay estimated as survival data: guests still present are censored, not dropped.

A guest who has left gives a stay; a guest still present gives only a lower
bound (the stay is longer than the nights so far).  Dropping them, or counting
them as leaving now, favours short stays; Kaplan-Meier (statsmodels
``SurvfuncRight``) uses both.  Past the longest observed stay, what survival
is left follows an exponential tail fitted to the long stays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from borderflow.capacity.model import LengthOfStay

#: days of guests a stay estimate looks back over: stays change within weeks (frozen on
#: the Tucson tuning origins; see benchmarks/capacity_ledger.md)
STAY_LOOKBACK = 28
#: the tail is fitted to stays longer than this quantile of the observed times
TAIL_FROM = 0.75
#: bootstrap draws of an estimated stay distribution the simulation shares its paths
#: among, so the bands carry the estimate's own uncertainty (frozen on the Tucson tuning
#: origins, variant B10 in benchmarks/capacity_ledger.md)
STAY_DRAWS = 10


@dataclass(frozen=True)
class StayFit:
    """A fitted stay distribution and what it was fitted from."""

    los: LengthOfStay
    groups: int
    people: float
    censored_people: float
    #: bootstrap draws of the estimate the simulation shares its paths among (none: ``los``)
    draws: tuple[LengthOfStay, ...] = ()
    #: people present on the last night by nights stayed so far (index = nights, from 1)
    present_by_nights: np.ndarray | None = None

    def describe(self) -> str:
        """One sentence: the estimate and its evidence."""
        share = self.censored_people / self.people if self.people else 0.0
        text = (f"stays: Kaplan-Meier over {self.groups:,} groups ({self.people:,.0f} people, "
                f"{share:.0%} still present, censored); mean {self.los.mean:.2f} nights, "
                f"{self.los.pmf[0]:.0%} leave the day they arrive")
        if self.draws:
            text += (f"; drawn {len(self.draws)} times (bootstrap), so the bands carry the "
                     "estimate's own uncertainty")
        if self.present_by_nights is not None:
            text += (f"; the {self.present_by_nights.sum():,.0f} people present leave by the "
                     "nights they have stayed so far")
        return text


def fit_stays(nights: np.ndarray, people: np.ndarray, present: np.ndarray,
              mass: float = 0.995) -> StayFit:
    """Kaplan-Meier stay distribution over whole nights.

    Args:
        nights: for a guest who left, the nights stayed; for one still present,
            the nights known to be exceeded (the stay is longer than this).
        people: weight of each row (party size).
        present: True where the guest is still present (censored).
        mass: the tail beyond this share of the distribution joins its last night.

    Raises:
        ValueError: no row with a weight, or negative nights.
    """
    from statsmodels.duration.survfunc import SurvfuncRight

    t = np.asarray(nights, dtype=float)
    w = np.asarray(people, dtype=float)
    done = ~np.asarray(present, dtype=bool)
    keep = w > 0
    t, w, done = t[keep], w[keep], done[keep]
    if t.size == 0:
        raise ValueError("no stays to estimate from")
    if (t < 0).any() or not np.isfinite(t).all():
        raise ValueError("stays must be whole nights >= 0")
    top = int(t.max())
    survival = np.ones(top + 1)  # survival[k] = P(stay > k)
    if done.any():
        km = SurvfuncRight(t, done.astype(float), freq_weights=w)
        times = np.asarray(km.surv_times, dtype=float)
        probs = np.asarray(km.surv_prob, dtype=float)
        idx = np.searchsorted(times, np.arange(top + 1), side="right") - 1
        survival = np.where(idx >= 0, probs[np.maximum(idx, 0)], 1.0)
    hazard = _tail_hazard(t, w, done)
    left = float(survival[-1])
    if left > 1e-12:
        # nights after the longest observed time leave at the tail's constant hazard
        extra = int(np.ceil(np.log((1 - mass) / left) / np.log(1 - hazard))) + 1
        survival = np.concatenate([survival, left * (1 - hazard) ** np.arange(1, extra + 1)])
        survival[-1] = 0.0
    pmf = -np.diff(np.concatenate([[1.0], survival]))
    los = LengthOfStay(np.maximum(pmf, 0.0)).truncated(mass)
    return StayFit(los, int(t.size), float(w.sum()), float(w[~done].sum()))


def stay_draws(nights: np.ndarray, people: np.ndarray, present: np.ndarray, *,
               draws: int = STAY_DRAWS, seed: int = 0) -> list[LengthOfStay]:
    """``draws`` Kaplan-Meier fits, each to the groups resampled with replacement (bootstrap).

    The spread among them is the uncertainty of the stay estimate: few or mixed
    stays give draws that differ more.  Same arguments as ``fit_stays``.

    Raises:
        ValueError: as ``fit_stays``, or ``draws`` < 1.
    """
    if draws < 1:
        raise ValueError("draws must be at least 1")
    t = np.asarray(nights, dtype=float)
    w = np.asarray(people, dtype=float)
    p = np.asarray(present, dtype=bool)
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(draws):
        i = rng.integers(0, t.size, t.size)
        if not (w[i] > 0).any():
            i = np.arange(t.size)
        out.append(fit_stays(t[i], w[i], p[i]).los)
    return out


def _tail_hazard(t: np.ndarray, w: np.ndarray, done: np.ndarray) -> float:
    """Nightly leaving rate among the long stays: events over nights at risk past the cut."""
    cut = float(np.quantile(t, TAIL_FROM))
    long = t > cut
    exposure = float((w[long] * (t[long] - cut)).sum())
    events = float(w[long & done].sum())
    if exposure <= 0 or events <= 0:
        return 0.2
    return float(np.clip(events / exposure, 0.02, 0.9))


def fit_stays_period(arrived: np.ndarray, nights: np.ndarray, people: np.ndarray,
                     present: np.ndarray, *, window: int, mass: float = 0.995) -> StayFit:
    """Stays from the leaving seen in the last ``window`` days (a period life table).

    Days are counted back from the day the data end (day 0; ``arrived`` is
    how many days before that a guest arrived).  For every night-count k,
    the chance of leaving after k nights is the share who left among the
    guests who reached k nights within the window, whenever they arrived
    (left-truncated, right-censored).  A cohort estimate waits for the guests
    who arrived in the window to reach long stays; this one reads every stay
    length from the latest days, so it follows a change in stays within
    ``window`` days.  Night-counts no guest reached in the window follow the
    tail hazard of ``fit_stays``.

    Args:
        arrived: days before the end the guest arrived (0 = the last day).
        nights: the stay of a guest who left; for one still present, the
            nights exceeded (``arrived``).
        present: True where the guest is still present.

    Raises:
        ValueError: no guest in the window, or negative nights.
    """
    a = np.asarray(arrived, dtype=int)
    t = np.asarray(nights, dtype=int)
    w = np.asarray(people, dtype=float)
    done = ~np.asarray(present, dtype=bool)
    if (t < 0).any() or (a < 0).any():
        raise ValueError("stays must be whole nights >= 0")
    first = np.maximum(a - window + 1, 0)  # first night-count seen inside the window
    seen = (w > 0) & (t >= first)
    a, t, w, done, first = a[seen], t[seen], w[seen], done[seen], first[seen]
    if t.size == 0:
        raise ValueError(f"no guest stayed in the last {window} days")
    top = int(t.max())
    span = np.zeros(top + 2)
    np.add.at(span, first, w)
    np.add.at(span, t + 1, -w)
    at_risk = np.cumsum(span)[: top + 1]
    events = np.bincount(t[done], weights=w[done], minlength=top + 1)
    tail = _tail_hazard(t.astype(float), w, done)
    hazard = np.where(at_risk > 0, events / np.maximum(at_risk, 1e-12), tail)
    survival = np.cumprod(1.0 - hazard)  # survival[k] = P(stay > k)
    left = float(survival[-1])
    if left > 1e-12:
        extra = int(np.ceil(np.log((1 - mass) / left) / np.log(1 - tail))) + 1
        survival = np.concatenate([survival, left * (1 - tail) ** np.arange(1, extra + 1)])
        survival[-1] = 0.0
    pmf = -np.diff(np.concatenate([[1.0], survival]))
    los = LengthOfStay(np.maximum(pmf, 0.0)).truncated(mass)
    return StayFit(los, int(t.size), float(w.sum()), float(w[~done].sum()))
