"""Capacity planner against oracles: M/G/inf occupancy, a deterministic network, censored stays,
arrivals with a known level, drift and weekday pattern, the work budget, and the advice."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from borderflow.capacity.advice import Costs, advise
from borderflow.capacity.estimate import estimate_arrivals
from borderflow.capacity.model import ArrivalModel, LengthOfStay, PlanInput, Site
from borderflow.capacity.simulate import MAX_WORK, simulate
from borderflow.capacity.stays import fit_stays, fit_stays_period, stay_draws
from borderflow.errors import QueryError

START = dt.date(2024, 3, 1)
#: a long-tailed stay distribution over 0..9 nights
PMF = np.array([0.2, 0.3, 0.15, 0.1, 0.08, 0.06, 0.05, 0.03, 0.02, 0.01])


def mginf_mean(per_day: float, pmf: np.ndarray, horizon: int) -> np.ndarray:
    """M/G/inf from empty: night n holds the arrivals of day n - j still there, j = 0..n-1."""
    survival = 1.0 - np.cumsum(pmf)  # P(stay > j)
    survival = np.concatenate([survival, np.zeros(horizon)])
    return np.array([per_day * survival[:n].sum() for n in range(1, horizon + 1)])


def network(per_day: float, pmf: np.ndarray, horizon: int, *, noise: bool,
            **sites: int) -> PlanInput:
    return PlanInput(start=START, horizon=horizon, sites=[Site("main", sites.get("beds", 10**6))],
                     los=LengthOfStay(pmf),
                     arrivals=ArrivalModel(np.full(horizon, per_day), noise=noise))


def test_deterministic_occupancy_is_mginf_mean() -> None:
    sim = simulate(network(120.0, PMF, 15, noise=False), paths=3)
    assert np.allclose(sim.occupancy, mginf_mean(120.0, PMF, 15), rtol=1e-5)
    # every arrival leaves on the day its stay ends: departures are the pmf convolved
    expected_departures = [120.0 * PMF[: t + 1].sum() for t in range(15)]
    assert np.allclose(sim.departures[0], expected_departures, rtol=1e-5)


def test_poisson_occupancy_matches_mginf_mean_and_variance() -> None:
    # M/G/inf with Poisson arrivals: occupancy on each night is Poisson with the mean above
    per_day, horizon, paths = 400.0, 12, 20_000
    sim = simulate(network(per_day, PMF, horizon, noise=True), paths=paths, seed=7)
    mean = mginf_mean(per_day, PMF, horizon)
    got = sim.occupancy.astype(float)
    assert np.all(np.abs(got.mean(0) - mean) < 4 * np.sqrt(mean / paths))
    assert np.allclose(got.var(0), mean, rtol=0.05)  # sd of a variance estimate ~1%


def test_censored_stays_recover_the_true_distribution() -> None:
    # guests arrive over 20 days and we look at the end of day 19: those still present
    # give only "longer than the nights so far"; the fit must still find the true pmf
    rng = np.random.default_rng(3)
    n = 60_000
    stay = rng.choice(PMF.size, size=n, p=PMF)
    arrival = rng.integers(0, 20, n)
    present = arrival + stay > 19
    exceeded = np.where(present, 19 - arrival, stay)
    assert present.mean() > 0.1  # censoring matters here
    fit = fit_stays(exceeded, np.ones(n), present, mass=1.0)
    assert np.abs(fit.los.pmf[: PMF.size] - PMF).max() < 0.01
    assert fit.los.mean == pytest.approx(PMF @ np.arange(PMF.size), abs=0.05)
    # leaving the guests still present out biases the stays short
    short = fit_stays(stay[~present], np.ones((~present).sum()), np.zeros((~present).sum()))
    assert short.los.mean < PMF @ np.arange(PMF.size) - 0.25
    assert fit.censored_people == present.sum()


def test_uncensored_stays_are_the_empirical_distribution() -> None:
    nights = np.array([0, 1, 1, 2, 4])
    people = np.array([2.0, 1.0, 3.0, 2.0, 2.0])
    fit = fit_stays(nights, people, np.zeros(5, bool), mass=1.0)
    assert fit.los.pmf.tolist() == pytest.approx([0.2, 0.4, 0.2, 0.0, 0.2])


def test_open_stays_get_an_exponential_tail() -> None:
    # everyone still present after 3 nights: the tail is extended, not folded onto night 3
    nights = np.array([0, 1, 2, 3, 3, 3])
    present = np.array([False, False, False, True, True, True])
    fit = fit_stays(nights, np.ones(6), present)
    assert fit.los.pmf[:3].tolist() == pytest.approx([1 / 6] * 3)
    assert fit.los.pmf.size > 5 and fit.los.mean > 3.0


def test_arrival_estimate_recovers_level_and_weekday_pattern() -> None:
    rng = np.random.default_rng(11)
    last = dt.date(2024, 3, 31)  # a Sunday
    days = [last - dt.timedelta(days=i) for i in range(83, -1, -1)]
    pattern = np.array([1.3, 1.0, 1.0, 1.0, 1.0, 0.85, 0.85])
    pattern = pattern / pattern.mean()
    arrivals = rng.poisson(600 * pattern[[d.weekday() for d in days]])
    est = estimate_arrivals(arrivals, last)
    assert est.level == pytest.approx(600, rel=0.05)
    assert est.weekly is not None
    assert np.abs(np.array(est.weekly) - pattern).max() < 0.05
    assert est.level_sd < 0.02  # a flat level drifts little
    assert est.days == 84 and est.first == days[0]
    model = est.model(7)
    assert model.level[0] / est.level == pytest.approx(est.weekly[0])  # day 1 is a Monday


def test_arrival_estimate_finds_the_drift() -> None:
    rng = np.random.default_rng(5)
    walk = np.cumsum(rng.normal(0, 0.06, 84))
    arrivals = rng.poisson(3000 * np.exp(walk))
    est = estimate_arrivals(arrivals, START, weekly=False)
    assert 0.04 < est.level_sd < 0.08
    assert est.level == pytest.approx(3000 * np.exp(walk[-1]), rel=0.1)


def test_arrival_estimate_needs_a_week() -> None:
    with pytest.raises(ValueError, match="6 days of arrivals; the estimate needs at least 7"):
        estimate_arrivals(np.ones(6), START)


def test_work_over_budget_is_refused() -> None:
    inp = network(100.0, np.ones(40), 365, noise=True)
    paths = MAX_WORK // (365 * 40) + 1
    with pytest.raises(QueryError) as info:
        simulate(inp, paths=paths)
    assert str(info.value) == (
        f"the plan would simulate {paths:,} paths x 365 days x 40 stay lengths = "
        f"{paths * 365 * 40:,} units, over the limit of {MAX_WORK:,} (a few seconds); use at "
        f"most {paths - 1:,} paths, a shorter horizon, or a stay distribution with a shorter "
        "tail")


def test_advice_picks_the_cheaper_overflow_site() -> None:
    # 50 a day staying 2 nights need 50 then 100 beds; 80 are open.  Either 20 cots from
    # day 2 (9 nights x 20 x 1.5 = 270) or the 25-bed overflow from day 2 (9 x 25 = 225).
    inp = PlanInput(start=START, horizon=10, los=LengthOfStay.fixed(2),
                    sites=[Site("main", 80), Site("Gym", 25, "overflow", 1, False)],
                    arrivals=ArrivalModel(np.full(10, 50.0), noise=False))
    advice = advise(inp, paths=10, costs=Costs(bed_night=1.0, extra_bed_night=1.5))
    assert advice.best is not None
    assert advice.best.label == "open Gym (25 beds) from 02 Mar"
    assert (advice.best.cost, advice.best.peak_risk) == (225.0, 0.0)
    (action,) = advice.best.actions
    assert (action.bed_nights, action.people, action.days) == (225, 25, 9)
    cots = [m for m in advice.tried if m.label.startswith("+")]
    assert [(m.label, m.cost) for m in cots] == [("+20 beds at main from 02 Mar", 270.0)]
    d = advice.drivers
    assert (d.need, d.beds, d.steady, d.queue, d.queue_at_risk, d.uncertainty) == (
        100, 80, 100, 0, 0, 0)
    assert [(part, beds) for part, beds, _ in d.rows()] == [
        ("arrivals x mean stay", 100), ("other change by then, median", 0),
        ("uncertainty: arrivals and stays", 0)]
    assert d.rows()[0][2] == "50 a day (today's level) x 2.00 nights"
    assert d.explain() == (
        "The need peaks on Sat 02 Mar: 100 beds at the risk target (median 100) against 80 "
        "open, 20 short. Arrivals x mean stay: 50 a day x 2.00 nights = 100 beds, more than "
        "the beds open. People present on day 1: 0. Uncertainty about arrivals and stays: 0 "
        "beds from the median to the risk target.")
    assert advice.sensitivity == [(None, 20, START + dt.timedelta(days=1))]


def test_advice_adds_departures_when_they_are_the_limit() -> None:
    # 100 a day staying 1 night, 60 departures a day: the queue grows 40 a night.  The
    # steps tried (+5% .. +50% of 60, at most +30) never clear it; cots take the rest.
    inp = PlanInput(start=START, horizon=5, los=LengthOfStay.fixed(1), sites=[Site("main", 100)],
                    arrivals=ArrivalModel(np.full(5, 100.0), noise=False),
                    departures_per_day=60.0)
    advice = advise(inp, paths=5, costs=Costs(extra_bed_night=1.0, departure=0.1))
    assert advice.best is not None
    # with +30 departures the queue grows 10 a night: 10, 20, 30, 40 beds on days 2-5
    assert advice.best.label == ("+30 departures a day from 01 Mar + +10 beds at main from "
                                 "02 Mar, rising to 40 by 05 Mar")
    assert advice.best.cost == pytest.approx(30 * 5 * 0.1 + (10 + 20 + 30 + 40))
    assert advice.drivers.queue == advice.drivers.queue_at_risk == 160  # 4 x 40 waiting
    # the parts of the need on night 5: 100 in steady state + 160 waiting = 260
    assert [(part, beds) for part, beds, _ in advice.drivers.rows()] == [
        ("arrivals x mean stay", 100), ("waiting for a departure, median", 160),
        ("other change by then, median", 0), ("uncertainty: departure queue", 0),
        ("uncertainty: arrivals and stays", 0)]
    assert advice.drivers.need == 260
    # capacity c: the queue on night 5 is 4 x (100 - c); unlimited: no queue
    day2 = START + dt.timedelta(days=1)  # night 1 holds 100: nobody has to leave yet
    assert advice.sensitivity[:5] == [(48.0, 208, day2), (54.0, 184, day2), (60.0, 160, day2),
                                      (66.0, 136, day2), (75.0, 100, day2)]
    assert advice.sensitivity[5] == (None, 0, None)


def test_long_stays_cost_no_more_than_the_horizon() -> None:
    # a year-long mean stay has ~1,700 lengths, but over 30 days only 31 matter: stays of 30
    # nights or more never leave within the horizon, and their people are the same
    long = LengthOfStay.geometric(365.0)
    assert long.pmf.size > 1000
    inp = PlanInput(start=START, horizon=30, sites=[Site("main", 10**6)], los=long,
                    arrivals=ArrivalModel(np.full(30, 100.0), noise=False), occupancy=0)
    sim = simulate(inp, paths=2)
    assert np.allclose(sim.occupancy[0], mginf_mean(100.0, long.pmf, 30), rtol=1e-5)


def test_period_stays_by_hand() -> None:
    # Window of the last 2 days (days -1 and 0).  Guests (arrived days before the end,
    # nights): A 5 before, left after 5; B 1 before, left after 1; C arrived on the last
    # day, present; D 3 before, left after 1 (before the window: not used); E 4 before,
    # present (4 nights so far); F 1 before, present.  Reaching k nights in the window:
    # k=0: B C F, nobody leaves; k=1: B F, B leaves (1/2); k=2: nobody (tail hazard);
    # k=3: E; k=4: A E; k=5: A, who leaves (1/1).  Tail hazard: stays over the upper
    # quartile (4) are A's alone, one leaving in one night at risk, clipped to 0.9.
    arrived = np.array([5, 1, 0, 3, 4, 1])
    nights = np.array([5, 1, 0, 1, 4, 1])
    present = np.array([False, False, True, False, True, True])
    fit = fit_stays_period(arrived, nights, np.ones(6), present, window=2)
    assert fit.los.pmf.tolist() == pytest.approx([0, 0.5, 0.5 * 0.9, 0, 0, 0.5 * 0.1])
    assert (fit.groups, fit.people, fit.censored_people) == (5, 5.0, 3.0)


def test_period_stays_follow_a_change_the_cohort_lags() -> None:
    # 10 people a day for 60 days; stays were 1 night, 3 nights from day 40 on.  At the end
    # (day 59) the last 10 days saw only 3-night stays: the period table says so exactly,
    # while Kaplan-Meier over the last 28 days' arrivals still mixes in the 1-night stays.
    day = np.arange(60)
    stay = np.where(day >= 40, 3, 1)
    present = day + stay > 59
    arrived = 59 - day
    nights = np.where(present, arrived, stay)
    fit = fit_stays_period(arrived, nights, np.full(60, 10.0), present, window=10)
    assert fit.los.pmf.tolist() == pytest.approx(LengthOfStay.fixed(3).pmf.tolist())
    recent = arrived < 28
    cohort = fit_stays(nights[recent], np.full(recent.sum(), 10.0), present[recent])
    # arrivals of days 32-59: the 8 of days 32-39 left after 1 night, of the 27 at risk then
    assert cohort.los.pmf[1] == pytest.approx(8 / 27)
    with pytest.raises(ValueError, match="no guest stayed in the last 10 days"):
        fit_stays_period(np.array([30]), np.array([1]), np.ones(1), np.zeros(1, bool),
                         window=10)


def test_stay_draws_carry_the_estimates_uncertainty() -> None:
    # identical stays: every bootstrap draw is the same distribution
    same = stay_draws(np.full(20, 2), np.ones(20), np.zeros(20, bool), draws=5)
    assert len(same) == 5
    assert all(d.pmf.tolist() == LengthOfStay.fixed(2).pmf.tolist() for d in same)
    # mixed stays: the draws differ, centred on the fit, and more groups narrow them
    rng = np.random.default_rng(3)
    means = {}
    for n in (30, 3000):
        nights = rng.choice(len(PMF), n, p=PMF)
        draws = stay_draws(nights, np.ones(n), np.zeros(n, bool), draws=40, seed=1)
        m = np.array([d.mean for d in draws])
        means[n] = m
        assert m.mean() == pytest.approx(fit_stays(nights, np.ones(n), np.zeros(n, bool),
                                                   mass=1.0).los.mean, rel=0.1)
    assert means[30].std() > 5 * means[3000].std()
    assert [d.pmf.tolist() for d in stay_draws(np.arange(8), np.ones(8), np.zeros(8, bool),
                                               draws=3, seed=9)] == [
        d.pmf.tolist() for d in stay_draws(np.arange(8), np.ones(8), np.zeros(8, bool),
                                           draws=3, seed=9)]


def test_too_smooth_counts_get_a_poisson_scatter() -> None:
    # a straight climb of 10 a day has no scatter, which counts of people cannot have: the
    # scatter is held at the Poisson floor, so today's level is not exactly the last count
    smooth = estimate_arrivals(np.arange(1000.0, 1140.0, 10.0), START)
    assert smooth.poisson_floor
    assert 0.0 < smooth.level_se < np.sqrt(1 / 1000)
    assert "(95% " in smooth.describe() and "Poisson's" in smooth.describe()
    lo, hi = (smooth.level * np.exp(s * 1.96 * smooth.level_se) for s in (-1, 1))
    assert lo < 1130 < hi
    # Poisson counts scatter enough: the fit is left alone
    noisy = estimate_arrivals(np.random.default_rng(2).poisson(1000, 28), START)
    assert not noisy.poisson_floor
