"""Capacity planner: skill and coverage on the Tucson shelter, the El Paso advice, and speed.

Skill: from every day whose outcome is fully known, plan 14 days ahead with
only what the shelter knew, and compare the plan's median with two naive
forecasts of occupancy (persistence: tonight's; seasonal: the same weekday's
last known night).  Origins before 1 August 2021 tuned the model (the ledger,
benchmarks/capacity_ledger.md, lists every variant tried); the figures
reported are those of the later origins, not used for tuning.  Beside the
model, two deliberately wrong models get the same wrapper, so coverage is seen
to credit the model.

Speed: 10,000 paths x 120 days against the same simulation written as plain
Python loops (500 paths, scaled to 10,000), and the cost per stay length.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from _common import data_dir

from borderflow.capacity.inputs import load_history, load_network
from borderflow.capacity.model import ArrivalModel, LengthOfStay, PlanInput, Site
from borderflow.capacity.planner import plan_network
from borderflow.capacity.simulate import simulate
from borderflow.capacity.stays import fit_stays
from borderflow.errors import QueryError

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.tucson import (  # noqa: E402
    Forecasts,
    Groups,
    daily_arrivals,
    fitted_model,
    forecasts,
    future_stays,
    occupancy,
    read_groups,
    score,
    split,
)

HORIZON = 120
PATHS = 1000


def off_by(factor: float):  # type: ignore[no-untyped-def]
    """The product's arrival model with every level multiplied by ``factor`` (a wrong model)."""
    def fit(arrivals: np.ndarray, last: dt.date, horizon: int, cluster: float) -> ArrivalModel:
        model = fitted_model(arrivals, last, horizon, cluster)
        return replace(model, level=model.level * factor)
    return fit


def no_noise(arrivals: np.ndarray, last: dt.date, horizon: int, cluster: float) -> ArrivalModel:
    """The product's level with no drift, scatter or parties (a wrong, too-sure model)."""
    model = fitted_model(arrivals, last, horizon, cluster)
    return ArrivalModel(model.level)


def future_level(g: Groups):  # type: ignore[no-untyped-def]
    """Diagnostic only (looks ahead): the product's model with the next days' real mean level."""
    real = daily_arrivals(g)

    def fit(arrivals: np.ndarray, last: dt.date, horizon: int, cluster: float) -> ArrivalModel:
        model = fitted_model(arrivals, last, horizon, cluster)
        origin = arrivals.size - 1
        mean = real[origin + 1: origin + 1 + horizon].mean()
        return replace(model, level=model.level * mean / max(model.level.mean(), 1e-9))
    return fit


def tucson(g: Groups) -> tuple[Forecasts, np.ndarray, np.ndarray]:
    t = time.perf_counter()
    f = forecasts(g, paths=PATHS)
    tune, report = split(f)
    print("Tucson shelter (Casa Alitas 2021): plan 14 days ahead from every day whose outcome "
          f"is fully known, {PATHS:,} paths, {time.perf_counter() - t:.1f} s")
    for note in g.notes:
        print(f"  data: {note}")
    print(f"  origins: {tune.sum()} tuning ({f.days[0]} to 2021-07-31), {report.sum()} reported "
          f"(2021-08-01 on; last {f.days[-1]})")
    return f, tune, report


def print_score(name: str, f: Forecasts, mask: np.ndarray, *, per_horizon: bool) -> None:
    s = score(f, mask)
    print(f"  {name}: skill (MAE plan / best naive, horizons 3-14) {s.skill:.3f} "
          f"({s.skill_ci[0]:.3f}-{s.skill_ci[1]:.3f}); coverage 50% {s.coverage50:.1%}, "
          f"90% {s.coverage90:.1%} (widened, factors <= 1.2); unwidened {s.raw50:.1%} / "
          f"{s.raw90:.1%}")
    if per_horizon:
        print("    h   MAE plan  persistence  seasonal  ratio (95%)           cov50/90 "
              "unwidened")
        for h in range(len(s.mae)):
            _, c50, c90, r50, r90 = s.by_horizon[h]
            print(f"    {h + 1:2d}  {s.mae[h]:8.1f}  {s.mae_persistence[h]:11.1f}  "
                  f"{s.mae_seasonal[h]:8.1f}  {s.ratio[h]:.3f} ({s.ratio_ci[0, h]:.3f}-"
                  f"{s.ratio_ci[1, h]:.3f})  {c50:.0%}/{c90:.0%}  {r50:.0%}/{r90:.0%}")


def naive_check(g: Groups, f: Forecasts, masks: dict[str, np.ndarray]) -> None:
    """Are persistence and the same weekday the best naive forecasts?  A third: the mean of
    the last 7 nights."""
    real = occupancy(g)
    week = np.array([real[o - 6: o + 1].mean() for o in f.origins])
    for name, mask in masks.items():
        y = f.actual[mask][:, 2:]
        maes = {"persistence": np.abs(f.persistence[mask][:, 2:] - y).mean(),
                "same weekday": np.abs(f.seasonal[mask][:, 2:] - y).mean(),
                "mean of the last 7 nights": np.abs(week[mask][:, None] - y).mean()}
        print(f"  naive forecasts, {name} origins, MAE at horizons 3-14: " + ", ".join(
            f"{k} {v:.1f}" for k, v in maes.items()))


def el_paso() -> None:
    folder = ROOT / "examples" / "el_paso"
    network = load_network(folder / "sites.yaml")
    history = load_history(folder / "arrivals.csv")
    for horizon in (14, 30):
        t = time.perf_counter()
        p = plan_network(network, history, horizon=horizon, scenarios=[], paths=2000)
        took = time.perf_counter() - t
        print(f"El Paso example, {horizon} days ({took:.1f} s): " + " | ".join(p.notes))
        print(f"  why: {p.advice.drivers.explain()}")
        for part, beds, how in p.advice.drivers.rows():
            print(f"    {part:<34s} {beds:8,.0f}  {how}")
        best = p.advice.best
        if best is not None:
            print(f"  cheapest mix (relative cost {best.cost:,.0f}, peak daily risk "
                  f"{best.peak_risk:.1%}): " + "; ".join(
                      f"{a.label} [{a.bed_nights:,.0f} bed-nights, {a.people:,.0f} "
                      f"{'beds' if a.bed_nights else 'people moved'}, {a.days} days]"
                      for a in best.actions))
            days = p.result.days
            print("  added beds by day: " + ", ".join(
                f"{d.day:%d %b} {b:,}" for i, (d, b) in enumerate(zip(days, best.bed_schedule,
                                                                     strict=False))
                if b and (i == 0 or b != best.bed_schedule[i - 1])))
        print("  departures a day -> extra beds: " + ", ".join(
            f"{'unlimited' if cap is None else f'{cap:,.0f}'} -> {beds:,}"
            for cap, beds, _ in p.advice.sensitivity))
        print("  assumed: " + " | ".join(p.assumptions))


def zero_day() -> None:
    """The arrival level with one day of 0 among eight (the README's zero-day figures)."""
    from borderflow.capacity.estimate import estimate_arrivals, find_outliers

    last = dt.date(2023, 9, 8)
    trial = np.array([230, 250, 210, 270, 240, 260, 220, 255], dtype=float)
    shape = np.array([1.0, 0.93, 1.17, 1, 1.03, 0.97, 1.1, 1.0])
    for name, clean in (("the trial's ~240 a day", trial), ("~60 a day", shape * 60),
                        ("~10 a day", shape * 10)):
        zero = clean.copy()
        zero[3] = 0
        refused = "refused" if find_outliers(zero) else "not refused"
        print(f"zero day among {name}: level {estimate_arrivals(clean, last).level:,.1f} "
              f"clean, {estimate_arrivals(zero, last).level:,.1f} with a 0 ({refused} by "
              "the outlying-day rule)")


def el_paso_like(los: LengthOfStay) -> PlanInput:
    return PlanInput(
        start=dt.date(2023, 9, 22), horizon=HORIZON, sites=[Site("shelters", 1400)], los=los,
        arrivals=ArrivalModel(np.full(HORIZON, 2000.0), level_sd=0.03, level_se=0.05,
                              dispersion=10.0, cluster=1.8),
        occupancy=1500, departures_per_day=2400.0)


def plain_python(inp: PlanInput, paths: int, seed: int = 0) -> list[list[float]]:
    """The same model, one path, day and stay length at a time."""
    rnd = random.Random(seed)
    np_rng = np.random.default_rng(seed)
    pmf = inp.los.pmf.tolist()
    cap = inp.departures_per_day or math.inf
    out = []
    for _ in range(paths):
        walk = rnd.gauss(0.0, inp.arrivals.level_se)
        due = [0.0] * (HORIZON + len(pmf))
        for k, p in enumerate(pmf[1:], start=0):  # rough: initial guests leave by the pmf
            due[k] += inp.occupancy * p
        occ, backlog, row = float(inp.occupancy), 0.0, []
        for t in range(HORIZON):
            walk += rnd.gauss(0.0, inp.arrivals.level_sd)
            lam = inp.arrivals.level[t] * math.exp(walk)
            lam *= rnd.gammavariate(inp.arrivals.dispersion or 1e9,
                                    1.0 / (inp.arrivals.dispersion or 1e9))
            arrivals = float(np_rng.poisson(lam))
            for k, p in enumerate(pmf):
                n = max(0.0, lam * p + math.sqrt(lam * p) * rnd.gauss(0.0, 1.0))
                due[t + k] += n
            ready = backlog + due[t]
            gone = min(ready, cap)
            backlog = ready - gone
            occ = max(occ + arrivals - gone, 0.0)
            row.append(occ)
        out.append(row)
    return out


def speed(g: Groups) -> None:
    load = os.getloadavg()[0]
    print(f"speed (load average {load:.1f} on {os.cpu_count()} cores: the machine is shared, "
          "so read the ratios)")
    known = g.known & (g.people > 0)
    tucson_los = fit_stays(g.stay[known], g.people[known], np.zeros(known.sum(), bool)).los
    for name, los in (("El Paso example stays (geometric, mean 1 night)",
                       LengthOfStay.geometric(1.0)),
                      ("Tucson stays (Kaplan-Meier, all known stays)", tucson_los)):
        inp = el_paso_like(los)
        simulate(inp, 100, 0)  # warm up
        times, cpu = [], []
        for seed in range(3):
            t, c = time.perf_counter(), time.process_time()
            simulate(inp, 10_000, seed)
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        ours = sorted(times)[1]
        t = time.perf_counter()
        plain_python(inp, 500)
        base = (time.perf_counter() - t) * 20
        print(f"10,000 paths x {HORIZON} days, {name}: {los.pmf.size} stay lengths, numpy "
              f"{ours:.3f} s (target < 0.5 s; CPU time of this process "
              f"{sorted(cpu)[1]:.3f} s); plain Python loop {base:.2f} s (500 paths "
              f"measured, x20); ratio {ours / base:.4f}")
    costs = []
    for k in (9, 18, 36, 54):
        inp = el_paso_like(LengthOfStay(np.ones(k)))
        t = time.perf_counter()
        simulate(inp, 10_000, 0)
        costs.append((k, time.perf_counter() - t))
    base_k, base_t = costs[0]
    print("cost by stay lengths (10,000 x 120): " + ", ".join(
        f"{k}: {s:.2f} s (x{s / base_t:.2f} for x{k / base_k:g} lengths)" for k, s in costs))
    try:
        simulate(replace(el_paso_like(LengthOfStay(np.ones(36))), horizon=365), 100_000, 0)
    except QueryError as exc:
        print(f"100,000 paths x 365 days x 36 lengths: refused: {exc}")


def main() -> None:
    if "--el-paso" in sys.argv[1:]:  # only the example (the README's El Paso figures)
        el_paso()
        zero_day()
        return
    g = read_groups(data_dir() / "shelter_daily" / "groups_limited_1.20.csv")
    f, tune, report = tucson(g)
    print_score("tuning origins", f, tune, per_horizon=False)
    print_score("REPORTED origins", f, report, per_horizon=True)
    naive_check(g, f, {"tuning": tune, "reported": report})
    for name, fit in (("wrong model: arrivals 35% low", off_by(0.65)),
                      ("wrong model: no drift, scatter or parties", no_noise)):
        wrong = forecasts(g, fit, paths=PATHS)
        print_score(f"{name} (reported origins)", wrong, split(wrong)[1], per_horizon=False)
    print("  diagnostics (these look ahead, so they are not forecasts): where the error comes "
          "from")
    for name, kw in (("real future stays", {"stays": future_stays}),
                     ("real future arrival level", {"fit": future_level(g)})):
        oracle = forecasts(g, paths=PATHS, **kw)  # type: ignore[arg-type]
        print_score(f"{name} (reported origins)", oracle, split(oracle)[1], per_horizon=False)
    el_paso()
    zero_day()
    speed(g)
    s = score(f, report)
    print(f"skill {s.skill:.3f} ({s.skill_ci[0]:.3f}-{s.skill_ci[1]:.3f}), coverage50 "
          f"{s.coverage50:.1%}, coverage90 {s.coverage90:.1%}, unwidened {s.raw50:.1%}/"
          f"{s.raw90:.1%}")


if __name__ == "__main__":
    main()
