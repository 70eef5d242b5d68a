"""Stochastic simulation of a shelter network's nightly occupancy, vectorised over paths.

Each path draws daily arrivals, splits each day's arrivals by length of stay,
and walks the days forward: people whose stay is over join the departure
queue, at most ``departures_per_day`` of them leave, and the rest wait another
night.  Occupancy is demand for beds (people needing a bed that night), so the
share of paths above the open beds is the probability of running out.

Given each path's arrival level, the people arriving on a day who will stay k
nights are Poisson (thinning), independently for every day and stay; each
such flow is drawn as a Gaussian with the Poisson mean and variance (times the
party-size factor), cut at zero.  That costs one vector draw per stay length
instead of one binomial draw per cohort and stay, which is what makes 10,000
paths of 120 days take a fraction of a second.  With no arrival noise the
flows are exact, which the closed-form test checks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from borderflow.capacity.model import PlanInput
from borderflow.errors import WorkBudgetError, WorkCancelledError

#: most path-days x stay lengths one request may ask for (a few seconds; see
#: benchmarks/capacity.py for the measured cost per unit)
MAX_WORK = 100_000_000
#: stay lengths with shares this small are drawn together, up to this share a block
BLOCK_SHARE = 0.02
#: path-days handled at once (arrays that stay in cache)
CHUNK_CELLS = 1 << 16


@dataclass
class Simulation:
    """Paths x days arrays of one run."""

    arrivals: np.ndarray
    departures: np.ndarray
    occupancy: np.ndarray


def _split(rng: np.random.Generator, counts: np.ndarray, pmf: np.ndarray,
           noise: bool, cluster: float = 1.0) -> np.ndarray:
    """Split ``counts[...]`` people by stay: ``out[..., k]`` ~ Multinomial(counts, pmf).

    Moment-matched: ``counts * pmf + sqrt(c * counts) * D^1/2 (Z - q q'Z)`` with
    ``q = sqrt(pmf)`` has the multinomial covariance (times the party-size factor
    ``c``) and sums to ``counts``; negatives are clipped and each cohort is
    rescaled to its count.  Done in blocks that fit in cache.
    """
    pmf = pmf.astype(np.float32)
    out = np.empty(counts.shape + (pmf.size,), dtype=np.float32)
    if not noise or pmf.size == 1 or pmf.max() == 1.0:
        np.multiply(counts[..., None], pmf, out=out)
        return out
    q = np.sqrt(pmf)
    flat_counts = counts.reshape(-1).astype(np.float32)
    flat_out = out.reshape(-1, pmf.size)
    block = 1 << 16
    for lo in range(0, flat_counts.size, block):
        n = flat_counts[lo: lo + block]
        z = rng.standard_normal((n.size, pmf.size), dtype=np.float32)
        z -= (z @ q)[:, None] * q
        z *= q
        z *= np.sqrt(n * cluster)[:, None]
        z += n[:, None] * pmf
        np.maximum(z, 0.0, out=z)
        total = z.sum(axis=1)
        z *= np.divide(n, total, out=np.zeros_like(total), where=total > 0)[:, None]
        flat_out[lo: lo + block] = z
    return out


def _blocks(pmf: np.ndarray, horizon: int) -> list[tuple[list[int], np.ndarray]]:
    """Stay lengths drawn together: one each, except runs of small shares (up to ``BLOCK_SHARE``
    together), and every stay of the horizon or more (nobody in it leaves within the horizon).

    A block's people are one Gaussian draw, split among its lengths by their shares: the
    block's total is exact; only the timing within it loses a little variance.
    """
    items = [(k, float(p)) for k, p in enumerate(pmf[:horizon]) if p > 0]
    if pmf.size > horizon and pmf[horizon:].sum() > 0:
        items.append((horizon, float(pmf[horizon:].sum())))
    blocks: list[tuple[list[int], list[float]]] = []
    for k, p in items:
        last = blocks[-1] if blocks else None
        if (last is not None and p < BLOCK_SHARE and sum(last[1]) + p <= BLOCK_SHARE
                and max(last[1]) < BLOCK_SHARE):
            last[0].append(k)
            last[1].append(p)
        else:
            blocks.append(([k], [p]))
    return [(ks, np.array(ps, dtype=np.float32)) for ks, ps in blocks]


def _flows(rng: np.random.Generator, lam: np.ndarray, blocks: list[tuple[list[int], np.ndarray]],
           noise: bool, cluster: float, arrivals: np.ndarray, due: np.ndarray) -> None:
    """Add each stay length's arrivals to ``arrivals`` and their leaving days to ``due``."""
    horizon = lam.shape[1]
    root = np.sqrt(lam * np.float32(cluster)) if noise else lam
    flow = np.empty_like(lam)
    part = np.empty_like(lam)
    for ks, shares in blocks:
        total = float(shares.sum())
        np.multiply(lam, total, out=flow)
        if noise:
            z = rng.standard_normal(lam.shape, dtype=np.float32)
            z *= root
            z *= np.float32(np.sqrt(total))
            flow += z
            np.maximum(flow, 0.0, out=flow)
        arrivals += flow
        for k, share in zip(ks, shares, strict=True):
            if k >= horizon:
                continue
            if len(ks) == 1:
                due[:, k:] += flow[:, : horizon - k]
            else:
                np.multiply(flow, share / total, out=part)
                due[:, k:] += part[:, : horizon - k]


def initial_departures(rng: np.random.Generator, inp: PlanInput, paths: int,
                       noise: bool) -> np.ndarray:
    """Departures of the people present before day 1, by day of the horizon (paths x H)."""
    pmf = inp.los.pmf
    horizon = inp.horizon
    out = np.zeros((paths, horizon), dtype=np.float32)
    if inp.occupancy <= 0:
        return out
    at_least = np.concatenate([[1.0], inp.los.survival()])  # P(L >= a) for a = 0..K
    ages = inp.occupants_by_age
    if ages is None:  # steady state: age a (nights so far) has weight P(L >= a)
        weights = at_least[1:pmf.size]
        if weights.sum() == 0:
            return out
        ages = np.concatenate([[0.0], inp.occupancy * weights / weights.sum()])
    for age, n in enumerate(np.asarray(ages, dtype=float)):
        if age == 0 or n <= 0:
            continue
        # leaves on day d = 1 + L - age for L >= age
        tail = pmf[age:] if age < pmf.size else np.array([1.0])
        if tail.sum() <= 0:
            tail = np.array([1.0])
        tail = tail / tail.sum()
        if tail.size > horizon:  # leaving after the horizon: one lump, never read
            tail = np.concatenate([tail[:horizon], [tail[horizon:].sum()]])
        split = _split(rng, np.full(paths, n, dtype=np.float32), tail, noise,
                       inp.arrivals.cluster)
        # stay L = age (leave on day 1) ... ; L - age nights left, leave on day 1 + (L - age)
        width = min(tail.size, horizon)
        out[:, :width] += split[:, :width]
    return out


def _lengths(inp: PlanInput) -> int:
    """Stay lengths of the longest stay distribution the run uses."""
    return max([inp.los.pmf.size] + [d.pmf.size for d in inp.los_draws or []])


def _age_classes(inp: PlanInput) -> int:
    """Groups of people present on day 1, by nights stayed so far (each is split by stay)."""
    if inp.occupancy <= 0:
        return 0
    if inp.occupants_by_age is not None:
        return int(np.count_nonzero(inp.occupants_by_age))
    return max(_lengths(inp) - 1, 0)


def check_work(paths: int, inp: PlanInput, *, runs: int = 1, what: str = "plan") -> None:
    """Refuse work beyond ``MAX_WORK``, saying how many paths would fit.

    A run costs paths x (days + groups present on day 1) x stay lengths, stays of the
    horizon or longer counting as one.

    Raises:
        WorkBudgetError: the work is over the budget.
    """
    lengths = min(_lengths(inp), inp.horizon + 1)
    ages = _age_classes(inp)
    per_path = runs * (inp.horizon + ages) * lengths
    work = paths * per_path
    if work > MAX_WORK:
        runs_text = f"{runs} runs of " if runs > 1 else ""
        ages_text = f" (with {ages} groups of people present by nights so far)" if ages else ""
        raise WorkBudgetError(
            f"the {what} would simulate {runs_text}{paths:,} paths x {inp.horizon} days x "
            f"{lengths} stay lengths{ages_text} = {work:,} units, over the limit of "
            f"{MAX_WORK:,} (a few seconds); use at most {MAX_WORK // per_path:,} paths, a "
            "shorter horizon, or a stay distribution with a shorter tail")


def simulate(inp: PlanInput, paths: int = 2000, seed: int = 0, *,
             extra_departures: float = 0.0,
             cancel: Callable[[], bool] | None = None) -> Simulation:
    """Simulate ``paths`` futures of the plan's horizon.

    Its cost is linear in paths, days and stay lengths, checked by ``check_work``.
    With ``inp.los_draws`` the paths are shared among the draws of the stay estimate.

    Args:
        extra_departures: added to the daily departure capacity (for sizing it).
        cancel: asked between blocks of paths; when it says so the run stops.

    Raises:
        QueryError: over the work budget.
        WorkCancelledError: ``cancel`` said stop.
    """
    check_work(paths, inp)
    if not inp.los_draws:
        return _simulate(inp, paths, seed, extra_departures, cancel)
    # the paths shared among the draws of the stay estimate, each with its own seed
    draws = inp.los_draws
    each = -(-paths // len(draws))
    parts = [_simulate(replace(inp, los=d, los_draws=None), min(each, paths - j * each),
                       seed + 100_003 * j, extra_departures, cancel)
             for j, d in enumerate(draws) if paths > j * each]
    return Simulation(*(np.concatenate([getattr(p, name) for p in parts])
                        for name in ("arrivals", "departures", "occupancy")))


def _simulate(inp: PlanInput, paths: int, seed: int, extra_departures: float,
              cancel: Callable[[], bool] | None = None) -> Simulation:
    """One stay distribution (``inp.los``) for every path."""
    rng = np.random.default_rng(seed)
    horizon, pmf = inp.horizon, inp.los.pmf.astype(np.float32)
    model = inp.arrivals
    lam = np.array(np.broadcast_to(np.asarray(model.level, dtype=np.float32)[:horizon],
                                   (paths, horizon)))
    if model.noise and (model.level_sd > 0 or model.level_se > 0):
        steps = rng.standard_normal((paths, horizon), dtype=np.float32) * model.level_sd
        steps[:, 0] += rng.standard_normal(paths, dtype=np.float32) * model.level_se
        # mean-preserving: E[exp(W_t)] = 1
        var = model.level_se**2 + model.level_sd**2 * np.arange(1, horizon + 1)
        lam *= np.exp(np.cumsum(steps, axis=1) - (0.5 * var).astype(np.float32))
    if model.noise and model.dispersion:
        lam *= rng.gamma(model.dispersion, 1.0 / model.dispersion,
                         (paths, horizon)).astype(np.float32)
    # Given the level, the people arriving on day s who stay k nights are
    # Poisson(lam_s * p_k), independently for every (s, k) (Poisson thinning),
    # with variance times the party-size factor; each is drawn as a Gaussian
    # with that mean and variance, cut at zero.  Arrivals are their sum.
    arrivals = np.zeros((paths, horizon), dtype=np.float32)
    due = initial_departures(rng, inp, paths, model.noise)
    cluster = max(1.0, model.cluster)
    blocks = _blocks(pmf, horizon)
    # in blocks of paths small enough to stay in cache
    chunk = max(1, CHUNK_CELLS // horizon)
    for lo in range(0, paths, chunk):
        if cancel is not None and cancel():
            raise WorkCancelledError("the simulation was stopped before it finished")
        _flows(rng, lam[lo: lo + chunk], blocks, model.noise, cluster, arrivals[lo: lo + chunk],
               due[lo: lo + chunk])
    cap = np.full(horizon, np.inf if inp.departures_per_day is None
                  else inp.departures_per_day + extra_departures)
    occupancy = np.empty((paths, horizon), dtype=np.float32)
    departures = np.empty((paths, horizon), dtype=np.float32)
    occ = np.full(paths, float(inp.occupancy), dtype=np.float32)
    backlog = np.zeros(paths, dtype=np.float32)
    for t in range(horizon):
        ready = backlog + due[:, t]
        gone = np.minimum(ready, cap[t])
        backlog = ready - gone
        occ = np.maximum(occ + arrivals[:, t] - gone, 0.0)
        departures[:, t] = gone
        occupancy[:, t] = occ
    return Simulation(arrivals, departures, occupancy)

