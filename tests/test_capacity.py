"""Shelter capacity planner: closed-form oracles, invariants, bad input, real-data validation."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from borderflow.capacity.inputs import load_history, load_network
from borderflow.capacity.model import ArrivalModel, LengthOfStay, PlanInput, Scenario, Site
from borderflow.capacity.plan import make_plan, overflow_probability
from borderflow.capacity.scenarios import parse_scenario
from borderflow.capacity.simulate import simulate
from borderflow.cli import app
from borderflow.errors import BorderflowError, InputError

START = dt.date(2024, 3, 1)
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "el_paso"


def plan_input(per_day: float = 100, nights: int = 3, horizon: int = 20, *, noise: bool = False,
               beds: int = 500, departures: float | None = None, occupancy: int = 0,
               **arrivals: object) -> PlanInput:
    return PlanInput(start=START, horizon=horizon, sites=[Site("main", beds)],
                     los=LengthOfStay.fixed(nights),
                     arrivals=ArrivalModel(np.full(horizon, float(per_day)), noise=noise,
                                           **arrivals),  # type: ignore[arg-type]
                     occupancy=occupancy, departures_per_day=departures)


@pytest.mark.parametrize(("per_day", "nights"), [(100, 3), (37, 1), (250, 7), (5, 0)])
def test_fixed_arrivals_and_stay_match_closed_form(per_day: float, nights: int) -> None:
    sim = simulate(plan_input(per_day, nights, horizon=15), paths=4)
    # night t (1-based) holds the arrivals of the last ``nights`` days
    expected = per_day * np.minimum(np.arange(1, 16), nights).astype(float)
    assert np.array_equal(sim.occupancy, np.broadcast_to(expected, (4, 15)))


def test_departure_limit_builds_a_queue() -> None:
    # 100 a day staying one night, 60 buses a day: 40 more people wait each night.
    sim = simulate(plan_input(100, 1, horizon=10, departures=60), paths=2)
    assert sim.occupancy[0].tolist() == [100 + 40 * t for t in range(10)]
    assert sim.departures[0].tolist() == [0.0] + [60.0] * 9


def test_steady_state_occupancy_drains() -> None:
    # 300 people present in steady state for a fixed 3-night stay, nobody arriving:
    # a third leave each day.
    inp = plan_input(0, 3, horizon=4, occupancy=300)
    sim = simulate(inp, paths=1)
    assert sim.occupancy[0].tolist() == [200.0, 100.0, 0.0, 0.0]


@settings(max_examples=40, deadline=None)
@given(per_day=st.floats(0, 3000), nights_mean=st.floats(0.2, 6), sd=st.floats(0, 0.2),
       departures=st.one_of(st.none(), st.floats(0, 4000)), start=st.integers(0, 5000),
       seed=st.integers(0, 2**16))
def test_invariants(per_day: float, nights_mean: float, sd: float, departures: float | None,
                    start: int, seed: int) -> None:
    inp = PlanInput(start=START, horizon=25, sites=[Site("a", 1000)],
                    los=LengthOfStay.geometric(nights_mean),
                    arrivals=ArrivalModel(np.full(25, per_day), level_sd=sd, dispersion=5.0,
                                          cluster=1.8),
                    occupancy=start, departures_per_day=departures)
    sim = simulate(inp, paths=64, seed=seed)
    assert (sim.occupancy >= 0).all()
    if departures is not None:
        assert (sim.departures <= departures + 1e-3).all()
    # nobody is created or lost: start + arrivals - departures = occupancy
    balance = start + np.cumsum(sim.arrivals, axis=1) - np.cumsum(sim.departures, axis=1)
    assert np.allclose(balance, sim.occupancy, rtol=1e-4, atol=1.0)
    # more beds never raise the chance of running out
    probs = [overflow_probability(sim.occupancy, np.full(25, beds)) for beds in (0, 500, 1500)]
    assert (probs[0] >= probs[1]).all() and (probs[1] >= probs[2]).all()


def test_plan_sizes_beds_and_departures() -> None:
    inp = plan_input(100, 2, horizon=10, beds=150, departures=80, noise=False)
    result = make_plan(inp, paths=50)
    # demand without a departure limit would be 200 a night; with 80 buses it climbs
    assert result.first_risky_day == START + dt.timedelta(days=1)
    medians = [d.quantiles[0.5] for d in result.days]
    assert medians[:3] == [100.0, 200.0, 220.0]
    assert result.extra_beds == int(max(medians) - 150)
    # 100 departures a day would hold demand at 200, still over 150 beds: not enough alone
    assert result.extra_departures is None


def test_plan_extra_departures_found() -> None:
    inp = plan_input(100, 1, horizon=10, beds=150, departures=60, noise=False)
    result = make_plan(inp, paths=20)
    # with 60 + x buses, night t holds 100 + (40 - x)(t - 1): x = 35 keeps night 10 at 145
    assert result.extra_departures == 35
    assert make_plan(plan_input(100, 1, horizon=10, beds=150, departures=100),
                     paths=20).first_risky_day is None


def test_scenarios() -> None:
    inp = PlanInput(start=START, horizon=5, los=LengthOfStay.fixed(1),
                    sites=[Site("main", 100), Site("Overflow", 400, "overflow", 2, False)],
                    arrivals=ArrivalModel(np.full(5, 50.0), noise=False),
                    scenarios=[parse_scenario("surge:+1,000@2024-03-03"),
                               parse_scenario("open:overflow@2024-03-02"),
                               parse_scenario("stay:x2")])
    applied = inp.with_scenarios()
    assert applied.capacity().tolist() == [100, 100, 500, 500, 500]  # lead time: not before 3rd
    assert applied.arrivals.level.tolist() == [50, 50, 1050, 1050, 1050]
    assert applied.los.mean == 2.0
    with pytest.raises(BorderflowError, match="not understood"):
        parse_scenario("flood:+3")
    with pytest.raises(ValueError, match="no site named 'Gym'"):
        PlanInput(start=START, horizon=2, sites=[Site("a", 1)], los=LengthOfStay.fixed(1),
                  arrivals=ArrivalModel(np.zeros(2)),
                  scenarios=[Scenario("x", open_site="Gym")]).with_scenarios()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_bad_sites(tmp_path: Path) -> None:
    p = write(tmp_path / "sites.yaml", "sites:\n  - {name: A, beds: -5}\n"
              "length_of_stay: {mean_nights: 1}\n")
    with pytest.raises(InputError) as info:
        load_network(p)
    assert str(info.value) == ("sites.yaml, field 'sites[0].beds': -5 is out of range "
                               "(expected a whole number >= 0)")
    p = write(tmp_path / "s2.yaml", "sites:\n  - {name: A, beds: 5, kind: tent}\n"
              "length_of_stay: {mean_nights: 1}\n")
    with pytest.raises(InputError, match=r"s2.yaml, field 'sites\[0\].kind': unknown kind"):
        load_network(p)
    p = write(tmp_path / "s3.yaml", "sites: [\n")
    with pytest.raises(InputError, match="s3.yaml, line 2: not valid YAML"):
        load_network(p)


HEAD = "date,arrivals,departures,occupancy\n#date,#affected+arrived,#affected+departed," \
       "#affected+sheltered\n"


@pytest.mark.parametrize(("body", "message"), [
    ("date,occupancy\n2024-01-01,5\n",
     "a.csv, line 1, field 'arrivals': missing column(s) 'arrivals' (expected columns "
     "date,arrivals,departures,occupancy)"),
    (HEAD + "2024-01-02,5,,\n2024-01-01,5,,\n",
     "a.csv, line 4, field 'date': 2024-01-01 is not after 2024-01-02 (expected dates in "
     "increasing order, one row per day)"),
    (HEAD + "2024-01-01,5,,\n2024-01-04,5,,\n",
     "a.csv, line 4, field 'date': gap: no rows from 2024-01-02 to 2024-01-03 (expected one "
     "row per day: a day with no arrivals is a row with 0 (a 0 among busy days is then "
     "refused unless kept with --keep DAY))"),
    (HEAD + "2024-01-01,-5,,\n",
     "a.csv, line 3, field 'arrivals': '-5' is out of range (expected a whole number >= 0)"),
    (HEAD + "2024-01-01,x,,\n",
     "a.csv, line 3, field 'arrivals': 'x' is not a number (expected a number >= 0)"),
    (HEAD + "01/02/2024,5,,\n",
     "a.csv, line 3, field 'date': '01/02/2024' is not a date (expected YYYY-MM-DD)"),
])
def test_bad_arrivals(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        load_history(write(tmp_path / "a.csv", body))
    assert str(info.value) == message


def test_hxl_row_is_skipped(tmp_path: Path) -> None:
    h = load_history(write(tmp_path / "a.csv", HEAD + "2024-01-01,5,4,10\n2024-01-02,6,,\n"))
    assert h.arrivals.tolist() == [5, 6]
    assert h.occupancy[0] == 10 and np.isnan(h.occupancy[1])


def test_plan_command_on_the_el_paso_example(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, [
        "plan", str(EXAMPLES / "sites.yaml"), str(EXAMPLES / "arrivals.csv"), "--horizon", "10",
        "--out", str(tmp_path), "--scenario", "open:Overflow shelter@2023-09-23"],
        env={"COLUMNS": "600"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    # the level and drift are estimated from the 14 days given (the last is 2,150), not typed;
    # the example's counts climb too smoothly for counts of people, so their scatter is held
    # at Poisson's and today's level has a range (it had none: 2,150-2,150)
    # the drift is the spread of a random walk with a flat median, not a growth rate
    assert ("- arrival level 2,135 a day (95% 2,049-2,225), estimated from 14 days 2023-09-08 to "
            "2023-09-21. No trend is assumed: the level may wander up or down (a random walk "
            "with a step of 3.9% a day, not a growth rate), so by day 7 it is likely (95%) "
            "between 18% below and 23% above today's, with its median unchanged (few days: the "
            "drift is uncertain); the counts are smoother than counts of people can be, so "
            "their scatter is taken as Poisson's" in " ".join(result.output.split()))
    assert ("Beds are already short on the first night, Friday 22 September 2023 (chance "
            "100%): the need is over the beds open from the start.") in lines
    # the drivers are a table whose parts add up to the need on the peak day
    why = next(i for i, line in enumerate(lines) if line.startswith("Why: the need peaks on "))
    assert "at the 95% level, against 1,800 open" in lines[why]
    rows = {}
    for line in lines[why + 1:]:
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if len(cells) == 3 and cells[1].replace(",", "").lstrip("-").isdigit():
            rows[cells[0]] = int(cells[1].replace(",", ""))
        if cells and cells[0] == "total":
            break
    assert rows["arrivals x mean stay"] == 2_094  # 2,135 a day x 0.98 nights
    parts = sum(v for k, v in rows.items() if k != "total")
    assert abs(parts - rows["total"]) <= 3  # each part rounded on its own
    assert "Assumed: departures 2,400 a day (no evidence given: see the sensitivity table)" in lines
    doc = json.loads((tmp_path / "plan.json").read_text())
    assert [d["beds"] for d in doc["days"][:3]] == [1400, 1400, 1800]  # overflow after lead time
    assert doc["scenarios"] == ["open:Overflow shelter@2023-09-23"]
    assert doc["arrivals"]["level"] == 2135.5 and doc["arrivals"]["first"] == "2023-09-08"
    assert doc["arrivals"]["poisson_floor"] is True
    assert doc["advice"]["driver_parts"][0]["part"] == "arrivals x mean stay"
    assert sum(p["beds"] for p in doc["advice"]["driver_parts"]) == pytest.approx(
        rows["total"], abs=1)
    best = doc["advice"]["best"]
    assert best["peak_risk"] <= 0.05
    assert best["cost"] == pytest.approx(sum(a["cost"] for a in best["actions"]), abs=1)
    # more departures a day never need more beds; unlimited is last
    needs = [row["extra_beds"] for row in doc["advice"]["departure_sensitivity"]]
    assert needs == sorted(needs, reverse=True) and needs[0] > needs[-1]
    assert doc["advice"]["departure_sensitivity"][-1]["departures_per_day"] is None
    png = (tmp_path / "plan.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    assert (tmp_path / "plan.svg").read_text().startswith("<?xml")


def test_sites_departures_with_evidence_and_costs(tmp_path: Path) -> None:
    p = write(tmp_path / "sites.yaml", "sites:\n  - {name: A, beds: 5}\n"
              "length_of_stay: {mean_nights: 1}\n"
              "departures_per_day: {value: 300, evidence: bus contract of 1 Sept}\n"
              "costs: {extra_bed_night: 3}\n")
    net = load_network(p)
    assert (net.departures_per_day, net.departures_evidence) == (300, "bus contract of 1 Sept")
    assert (net.costs.bed_night, net.costs.extra_bed_night, net.costs.assumed) == (1, 3, False)
    bad = write(tmp_path / "bad.yaml", "sites:\n  - {name: A, beds: 5}\n"
                "length_of_stay: {mean_nights: 1}\ncosts: {beds: 3}\n")
    with pytest.raises(InputError) as info:
        load_network(bad)
    assert str(info.value) == ("bad.yaml, line 4, field 'costs.beds': unknown key 'beds'; did "
                               "you mean 'bed_night'? (expected one of bed_night, "
                               "extra_bed_night, departure)")


def test_derived_arrivals_come_from_the_sector_forecast(warehouse: object) -> None:
    from borderflow.capacity.derive import arrivals_from_forecast
    from borderflow.forecast.backtest import forecast
    from borderflow.forecast.panel import sector_panel

    derived = arrivals_from_forecast(warehouse, "El Paso", 0.5)  # type: ignore[arg-type]
    fc = forecast(sector_panel(warehouse), h=1)  # type: ignore[arg-type]
    i = fc.names.index("El Paso")
    month = fc.targets[0]
    days = (month.replace(month=month.month % 12 + 1, year=month.year + month.month // 12)
            - month).days
    assert derived.month == month
    assert derived.per_day == pytest.approx(fc.mean[i, 0] / days * 0.5)
    # the 80% interval is +-1.2816 sd of the log level
    width = np.log(fc.hi[80][i, 0] / fc.lo[80][i, 0])
    assert derived.level_se == pytest.approx(width / (2 * 1.2816))
    assert derived.note.startswith(f"forecast of Border Patrol encounters in the El Paso sector "
                                   f"for {month:%B %Y} (made from data through")
    with pytest.raises(BorderflowError, match="derive_arrivals: no sector 'Atlantis'"):
        arrivals_from_forecast(warehouse, "Atlantis", 0.5)  # type: ignore[arg-type]


def test_plan_command_derives_arrivals_from_the_forecast(official_home: Path) -> None:
    result = CliRunner().invoke(app, ["plan", str(EXAMPLES / "sites.yaml"), "--horizon", "5",
                                      "--paths", "200", "--home", str(official_home)],
                                env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    note = next(line for line in lines if line.startswith("- arrivals "))
    assert "forecast of Border Patrol encounters in the El Paso sector for " in note
    assert note.endswith("a day, x release share 0.5")
    assert ("Assumed: arrival level drifts 3.0% a day within the month (no daily arrivals to "
            "estimate it from)") in lines
    assert "Assumed: the share of encounters released to the city (release_share)" in lines
    # the shared data end months before today: the plan says its period is past, and the
    # newest data month (the forecast is for the month after it)
    past = " ".join(result.output.split())
    assert "- this plan is of a past period: " in past
    assert "the newest data month is " in past and "give arrivals.csv to plan from now" in past


def test_stays_from_records_are_censored_when_open(tmp_path: Path) -> None:
    write(tmp_path / "stays.csv", "arrival_date,departure_date,people\n"
          "2023-09-01,2023-09-02,2\n2023-09-01,2023-09-01,1\n2023-09-02,2023-09-04,1\n"
          "2023-09-03,,2\n2023-09-04,,1\n")
    net = load_network(write(tmp_path / "sites.yaml", "sites:\n  - {name: A, beds: 5}\n"
                             "length_of_stay: {records: stays.csv}\n"))
    # Kaplan-Meier by hand (as of 4 Sept, the newest date): 7 at risk at 0 nights, 1 leaves;
    # 5 at risk at 1 (the party of 4 Sept is censored at 0), 2 leave; 1 at risk at 2, leaves
    assert net.los.pmf.tolist() == pytest.approx([1 / 7, 6 / 7 - 18 / 35, 18 / 35])
    assert net.stays_note == ("stays: Kaplan-Meier over 5 groups (7 people, 43% still present, "
                              "censored); mean 1.37 nights, 14% leave the day they arrive; "
                              "drawn 10 times (bootstrap), so the bands carry the estimate's "
                              "own uncertainty; the 3 people present leave by the nights they "
                              "have stayed so far")
    # present on the night of 4 Sept: the party of 4 Sept (1 night so far) and of 3 Sept (2)
    assert net.present_by_nights is not None
    assert net.present_by_nights.tolist() == [0, 1, 2]
    assert net.los_draws is not None and len(net.los_draws) == 10
    assert {round(d.mean, 6) for d in net.los_draws} != {round(net.los.mean, 6)}
    # the plan starts from the people present by nights so far, scaled to the occupancy given
    from borderflow.capacity.planner import plan_network

    days = "".join(f"2023-09-{d:02d},{3 + d % 2},,\n" for d in range(1, 8))
    history = load_history(write(tmp_path / "a.csv", HEAD + days))
    net.occupancy = 6
    planned = plan_network(net, history, horizon=3, scenarios=[], paths=100)
    assert ("the stay records hold 3 people present, the occupancy is 6: their nights so far "
            "are scaled to it") in planned.notes
    write(tmp_path / "bad.csv", "arrival_date,departure_date,people\n2023-09-03,2023-09-01,2\n")
    with pytest.raises(InputError) as info:
        load_network(write(tmp_path / "s2.yaml", "sites:\n  - {name: A, beds: 5}\n"
                           "length_of_stay: {records: bad.csv}\n"))
    assert str(info.value) == ("bad.csv, line 2, field 'departure_date': departure 2023-09-01 is "
                               "before arrival 2023-09-03 (expected a date on or after the "
                               "arrival)")


def test_template_reads_back(tmp_path: Path) -> None:
    from borderflow.capacity.inputs import write_template

    sites, arrivals = write_template(tmp_path)
    net = load_network(sites)
    assert [(s.name, s.beds, s.is_open) for s in net.sites] == [
        ("Main shelter", 300, True), ("Overflow", 200, False), ("Hotel rooms", 100, False)]
    assert (net.departures_per_day, net.departures_evidence, net.costs.assumed) == (250, None, True)
    with pytest.raises(InputError, match="no daily rows"):  # the blank CSV asks to be filled
        load_history(arrivals)


def test_plan_refuses_too_few_days_and_too_much_work(tmp_path: Path) -> None:
    short = write(tmp_path / "a.csv", HEAD + "".join(f"2024-01-0{d},5,,\n" for d in range(1, 4)))
    result = CliRunner().invoke(app, ["plan", str(EXAMPLES / "sites.yaml"), str(short)])
    assert result.exit_code == 1
    assert "arrivals: 3 days of arrivals; the estimate needs at least 7" in result.output
    result = CliRunner().invoke(app, ["plan", str(EXAMPLES / "sites.yaml"),
                                      str(EXAMPLES / "arrivals.csv"), "--paths", "1000000",
                                      "--horizon", "365"], env={"COLUMNS": "400"})
    assert result.exit_code == 1
    # one run and 15 of the search for departures (2,150 a day x 4 < 2^14); the 1,500
    # people present are split in 7 groups by nights so far
    assert ("the plan would simulate 16 runs of 1,000,000 paths x 365 days x 8 stay lengths "
            "(with 7 groups of people present by nights so far) = 47,616,000,000 units, over "
            "the limit of 100,000,000 (a few seconds); use at most 2,100 paths") in result.output


def test_dashboard_form_types_no_drift(monkeypatch: pytest.MonkeyPatch) -> None:
    # one typed figure gives no drift to estimate: the form plans with none (it typed 5% a
    # day), an assumed 5% uncertainty in today's level, and says both
    import borderflow.capacity.plan as plan_module
    from borderflow.web import forms

    seen = []
    real = plan_module.make_plan

    def spy(inp: PlanInput, **kw: object) -> object:
        seen.append(inp)
        return real(inp, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(plan_module, "make_plan", spy)
    html = bytes(forms._capacity_plan({
        "beds": 1400, "overflow": 400, "overflow_day": 2, "arrivals": 2000, "stay": 1,
        "departures": 2400, "occupancy": 1500, "surge": 0}).body).decode()
    (inp,) = seen
    assert (inp.arrivals.level_sd, inp.arrivals.level_se) == (0.0, 0.05)
    assert inp.arrivals.level.tolist() == [2000.0] * 14
    assert "no daily drift, because one figure gives none to estimate" in html
    assert "an assumed 5% uncertainty in today's level" in html


def test_paths_are_shared_among_stay_draws() -> None:
    # no noise: each path's occupancy is the deterministic one of its own stay distribution;
    # 5 paths over 2 draws: 3 with 1-night stays, 2 with 3-night stays
    inp = plan_input(100, 1, horizon=6)
    inp.los_draws = [LengthOfStay.fixed(1), LengthOfStay.fixed(3)]
    sim = simulate(inp, paths=5)
    assert sim.occupancy.shape == (5, 6)
    assert sim.occupancy[:3].tolist() == [[100.0] * 6] * 3
    assert sim.occupancy[3:].tolist() == [[100.0, 200.0, 300.0, 300.0, 300.0, 300.0]] * 2
    # a stay scenario scales every draw
    inp.scenarios = [parse_scenario("stay:x2")]
    scaled = inp.with_scenarios().los_draws
    assert scaled is not None and [d.mean for d in scaled] == [2.0, 6.0]
