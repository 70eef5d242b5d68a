"""The planner's advice a coordinator can trust: bad days refused, inputs checked, caveats said."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from borderflow.capacity.estimate import estimate_arrivals, find_outliers
from borderflow.capacity.inputs import load_history, load_network
from borderflow.capacity.planner import plan_network
from borderflow.cli import app
from borderflow.errors import InputError, ValueError_

LAST = dt.date(2023, 9, 8)
#: 8 days of about 240 arrivals, as the user trial's El Paso manager typed them
CLEAN = [230, 250, 210, 270, 240, 260, 220, 255]
SITES = ("network: Trial\nsites:\n  - {name: Main, beds: 600, kind: permanent}\n"
         "length_of_stay: {mean_nights: 2.0}\ndepartures_per_day: 300\noccupancy: 400\n")


def arrivals_csv(path: Path, counts: list[int]) -> Path:
    rows = [f"{LAST - dt.timedelta(days=len(counts) - 1 - i)},{n},," for i, n in
            enumerate(counts)]
    path.write_text("date,arrivals,departures,occupancy\n"
                    "#date,#affected+arrived,#affected+departed,#affected+sheltered\n"
                    + "\n".join(rows) + "\n")
    return path


def with_day(value: int, at: int = 3) -> list[int]:
    return CLEAN[:at] + [value] + CLEAN[at + 1:]


@pytest.mark.parametrize("value", [0, 1, 2400])
def test_an_outlying_day_is_found(value: int) -> None:
    found = find_outliers(np.array(with_day(value), dtype=float))
    assert [(o.index, o.count, o.median) for o in found] == [(3, value, 235.0)]


def test_ordinary_days_and_quiet_sites_are_not_outliers() -> None:
    assert find_outliers(np.array(CLEAN, dtype=float)) == []
    # a quiet site's 0 against 2 a day is scatter, not a typo (the Poisson condition)
    assert find_outliers(np.array([2, 3, 1, 0, 2, 4, 2, 1], dtype=float)) == []
    # the El Paso example's steady climb is not outlying
    history = load_history(Path(__file__).resolve().parents[1] / "examples" / "el_paso"
                           / "arrivals.csv")
    assert find_outliers(history.arrivals) == []


def test_a_kept_zero_pulls_the_level_down_a_little_never_up() -> None:
    clean = estimate_arrivals(np.array(CLEAN, dtype=float), LAST)
    zero = estimate_arrivals(np.array(with_day(0), dtype=float), LAST, kept=frozenset({3}))
    busy = estimate_arrivals(np.array(with_day(2400), dtype=float), LAST, kept=frozenset({3}))
    assert round(clean.level) == 242
    # one day of 0 among 8: the level falls by about an eighth (242 -> 208), not up to 783
    assert round(zero.level) == 208 and 0.8 * clean.level < zero.level < clean.level
    assert zero.kept == (dt.date(2023, 9, 4),)
    # its uncertainty is the clean days' (95% range 196-221, not 205-2,995)
    assert zero.level_se < 1.5 * clean.level_se
    # a real busy day of 2400 pushes the level up by its share, as people
    assert round(busy.level) == 508


def test_the_cause_a_zero_read_as_log_scale_variance() -> None:
    # the log-scale fit alone reads a 0 among ~240 as variance: exp(3.75 / 2) = 6.5 times
    import warnings

    from statsmodels.tsa.statespace.structural import UnobservedComponents

    model = UnobservedComponents(np.log1p(np.array(with_day(0), dtype=float)), level="llevel")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = model.fit(disp=False)
    assert round(float(np.exp(0.5 * fit.params[0])), 1) == 6.5
    # the estimate counts such a day as people even when nobody confirmed it: 242 -> 208
    raw = estimate_arrivals(np.array(with_day(0), dtype=float), LAST)
    assert round(raw.level) == 208 and raw.kept == (dt.date(2023, 9, 4),)
    assert "1 day(s) far from the days around them (2023-09-04) counted as people" in (
        raw.describe())
    # a 0 among about 60 a day is within the refusal rule's Poisson bound, and pulls down
    base = np.array([1.0, 0.93, 1.17, 1, 1.03, 0.97, 1.1, 1.0]) * 60
    zero = base.copy()
    zero[3] = 0
    assert find_outliers(zero) == []
    assert (round(estimate_arrivals(base, LAST).level, 1),
            round(estimate_arrivals(zero, LAST).level, 1)) == (61.5, 54.0)
    # among about 10 a day a 0 stays on the log scale (the Tucson tuning origins scored
    # worse otherwise, ledger round 3) and lifts the level a little: the known limit
    assert (round(estimate_arrivals(base / 6, LAST).level, 1),
            round(estimate_arrivals(zero / 6, LAST).level, 1)) == (10.8, 11.0)


@pytest.mark.parametrize("value", [0, 1, 2400])
def test_the_plan_refuses_an_outlying_day_with_where_and_how(tmp_path: Path, value: int) -> None:
    sites = tmp_path / "sites.yaml"
    sites.write_text(SITES)
    csv = arrivals_csv(tmp_path / "arrivals.csv", with_day(value))
    result = CliRunner().invoke(app, ["plan", str(sites), str(csv)])
    assert result.exit_code != 0
    message = " ".join(result.output.split())
    assert (f"arrivals.csv, line 6, field 'arrivals': {value:,} arrivals on 2023-09-04 is "
            "more than 5 times off the median of the 3 days each side (235)") in message
    assert "fix the line, or, if the count is right, plan with --keep 2023-09-04" in message
    with pytest.raises(ValueError_):
        plan_network(load_network(sites), load_history(csv), horizon=14, scenarios=[],
                     paths=200)


def test_a_kept_day_is_used_and_noted(tmp_path: Path) -> None:
    sites = tmp_path / "sites.yaml"
    sites.write_text(SITES)
    clean = plan_network(load_network(sites), load_history(arrivals_csv(
        tmp_path / "clean.csv", CLEAN)), horizon=14, scenarios=[], paths=500)
    kept = plan_network(load_network(sites), load_history(arrivals_csv(
        tmp_path / "zero.csv", with_day(0))), horizon=14, scenarios=[], paths=500,
        keep=[dt.date(2023, 9, 4)])
    assert kept.notes[0] == ("2023-09-04: 0 arrivals kept as given (--keep), though far from "
                             "the days around it; counted as people, not as scatter")
    assert kept.estimate is not None and clean.estimate is not None
    assert kept.estimate.level < clean.estimate.level
    # a zero day never asks for more beds than the clean days
    assert kept.result.extra_beds <= clean.result.extra_beds


def api_client(official_home: Path) -> TestClient:
    from borderflow.server import ApiSettings, create_app

    return TestClient(create_app(ApiSettings(warehouse=official_home / "warehouse.duckdb")))


def test_api_refuses_an_outlying_day_and_keeps_it_when_asked(official_home: Path) -> None:
    body = {"sites": [{"name": "Main", "beds": 600}], "arrivals": with_day(0),
            "last_day": "2023-09-08", "mean_stay_nights": 2, "departures_per_day": 300,
            "occupancy": 400, "paths": 300}
    with api_client(official_home) as client:
        r = client.post("/api/plan", json=body)
        assert r.status_code == 400
        assert r.json()["error"].startswith(
            "request, field 'arrivals[3]': 0 arrivals on 2023-09-04 is more than 5 times off")
        kept = client.post("/api/plan", json={**body, "keep_days": ["2023-09-04"]}).json()
        clean = client.post("/api/plan", json={**body, "arrivals": CLEAN}).json()
    assert kept["extra_beds"] <= clean["extra_beds"]
    assert kept["notes"][0].startswith("2023-09-04: 0 arrivals kept as given")
    assert kept["arrivals"]["level"] < clean["arrivals"]["level"]
    # the CLI's defaults: 14 days, with the same sections as --json
    assert len(clean["days"]) == 14
    assert {"notes", "assumptions", "arrivals", "advice"} <= set(clean)
    assert clean["assumptions"][0] == ("departures 300 a day (no evidence given: see the "
                                       "sensitivity table)")
    assert clean["notes"][-1].startswith("caveat: the 90% range and P(over) are the model's")
    assert clean["advice"]["best"]["mix"] != "" and len(clean["advice"]["drivers"]) > 0
    with api_client(official_home) as client:
        long = client.post("/api/plan", json={**body, "arrivals": CLEAN, "horizon": 30}).json()
    assert ("days after day 14 are beyond the horizon the planner was validated on (Tucson): "
            "read their bands as rough") in long["notes"]


@pytest.mark.parametrize(("text", "message"), [
    (SITES.replace("departures_per_day", "departure_per_day"),
     "sites.yaml, line 5, field 'departure_per_day': unknown key 'departure_per_day'; did you "
     "mean 'departures_per_day'?"),
    (SITES + "cost: {bed_night: 2}\n",
     "sites.yaml, line 7, field 'cost': unknown key 'cost'; did you mean 'costs'?"),
    (SITES.replace("kind: permanent}", "kind: permanent, lead_time: 2}"),
     "sites.yaml, line 3, field 'sites[0].lead_time': unknown key 'lead_time'; did you mean "
     "'lead_time_days'?"),
    (SITES.replace("mean_nights", "mean_night"),
     "sites.yaml, line 4, field 'length_of_stay.mean_night': unknown key 'mean_night'; did "
     "you mean 'mean_nights'?"),
])
def test_unknown_keys_are_refused_with_the_nearest(tmp_path: Path, text: str,
                                                   message: str) -> None:
    sites = tmp_path / "sites.yaml"
    sites.write_text(text)
    with pytest.raises(InputError) as info:
        load_network(sites)
    assert str(info.value).startswith(message)


def test_template_writes_every_key_with_its_meaning(tmp_path: Path) -> None:
    from borderflow.capacity.inputs import KNOWN_KEYS, TEMPLATE, write_template

    sites, _ = write_template(tmp_path)
    text = sites.read_text()
    for key in KNOWN_KEYS[""]:
        if key != "arrival_level_sd":  # only with derive_arrivals, and then assumed
            assert f"{key}:" in text, key
    assert "# occupancy: 280" in text and "# derive_arrivals: {sector: El Paso" in text
    assert "# costs: {bed_night: 1, extra_bed_night: 1.5, departure: 1}" in text
    # every key, uncommented, reads back
    full = tmp_path / "full.yaml"
    full.write_text("\n".join(line[2:] if line.startswith(("# occupancy", "# extra_beds",
                                                             "# costs", "# derive_arrivals"))
                              else line for line in TEMPLATE.splitlines()))
    net = load_network(full)
    assert (net.occupancy, net.extra_beds_lead_time_days, net.costs.assumed,
            net.derive_sector, net.release_share) == (280, 1, False, "El Paso", 0.5)


def test_every_input_without_evidence_is_assumed(tmp_path: Path) -> None:
    sites = tmp_path / "sites.yaml"
    sites.write_text(SITES.replace("occupancy: 400\n", ""))
    csv = arrivals_csv(tmp_path / "a.csv", CLEAN)
    plan = plan_network(load_network(sites), load_history(csv), horizon=14, scenarios=[],
                        paths=300)
    assert plan.assumptions == [
        "departures 300 a day (no evidence given: see the sensitivity table)",
        "beds: Main 600 (no evidence given: set evidence: {beds: ...} in sites.yaml)",
        "stays: a mean of 1.96 nights, from sites.yaml, not from stay records (no evidence given: "
        "set evidence: {length_of_stay: ...} in sites.yaml)",
        "beds added at Main take people from day 1 (2023-09-09): a lead time of 0 days (set "
        "extra_beds_lead_time_days in sites.yaml)",
        "nobody in the shelters on the night before day 1 (occupancy not given in sites.yaml or "
        "arrivals.csv)",
        "relative costs: a bed at an opened site 1 a night, an added bed 1.5, a departure seat "
        "1 a day (set costs: in sites.yaml)"]
    # the caveat on the bands, from the Tucson check
    assert ("caveat: the 90% range and P(over) are the model's. On the Tucson check (47 "
            "reported origins, 14 days ahead) the 90% range held 62.5% of the real nights (not "
            "widened, as here; 75.1% when widened by up to 1.2)") in plan.notes[-1]
    with_evidence = tmp_path / "ev.yaml"
    with_evidence.write_text(SITES + "extra_beds_lead_time_days: 2\nevidence: {beds: county "
                             "survey, occupancy: night count, length_of_stay: records, "
                             "lead_times: contract}\n")
    plan = plan_network(load_network(with_evidence), load_history(csv), horizon=14,
                        scenarios=[], paths=300)
    assert [a.split(" (")[0] for a in plan.assumptions] == [
        "departures 300 a day", "relative costs: a bed at an opened site 1 a night, an added "
        "bed 1.5, a departure seat 1 a day"]
    assert "beds: Main 600: county survey" in plan.notes
    assert "lead times to open: added beds at Main 2 days: contract" in plan.notes


def test_added_beds_wait_for_their_lead_time(tmp_path: Path) -> None:
    # 400 a day staying 2 nights against 600 beds: short from day 1
    sites = tmp_path / "sites.yaml"
    sites.write_text(SITES.replace("600", "500") + "extra_beds_lead_time_days: 3\n")
    csv = arrivals_csv(tmp_path / "a.csv", [c + 200 for c in CLEAN])
    plan = plan_network(load_network(sites), load_history(csv), horizon=14, scenarios=[],
                        paths=300)
    best = plan.advice.best
    assert best is not None and best.bed_schedule[:3] == (0, 0, 0) and best.bed_schedule[3] > 0
    doc = plan.as_dict()
    assert [d["extra_beds"] for d in doc["days"]] == list(best.bed_schedule)
    # beds cannot come in time: the advice says it does not meet the target
    assert doc["advice"]["best"]["meets_risk"] is (best.peak_risk <= 0.05)


def test_derived_arrivals_for_a_past_period_say_so(tmp_path: Path) -> None:
    from borderflow.capacity.derive import DerivedArrivals

    sites = tmp_path / "sites.yaml"
    sites.write_text(SITES)
    derived = DerivedArrivals(240.0, 0.1, dt.date(2026, 8, 1), "forecast ...",
                              dt.date(2026, 7, 1))
    plan = plan_network(load_network(sites), None, horizon=14, scenarios=[], paths=300,
                        derived=derived, today=dt.date(2026, 11, 29))
    assert plan.notes[0] == (
        "this plan is of a past period: 2026-08-01 to 2026-08-14, before today (2026-11-29); "
        "the newest data month is July 2026. The warehouse has no newer sector data, so the "
        "plan shows what the forecast implied then; give arrivals.csv to plan from now")


def test_the_drift_reads_as_a_spread_not_growth_in_english_and_spanish() -> None:
    from borderflow.i18n import use

    est = estimate_arrivals(np.array(CLEAN, dtype=float), LAST)
    assert est.describe().startswith(
        "arrival level 242 a day (95% 228-257), estimated from 8 days 2023-09-01 to "
        "2023-09-08. No trend is assumed: the level may wander up or down (a random walk with "
        "a step of 1.0% a day, not a growth rate), so by day 7 it is likely (95%) between 5% "
        "below and 5% above today's, with its median unchanged")
    with use("es"):
        assert est.describe().startswith(
            "nivel de llegadas 242 al día (95% 228-257), estimado con 8 días del 2023-09-01 al "
            "2023-09-08. No se supone ninguna tendencia")


def test_el_paso_advice_in_people_cost_and_days(tmp_path: Path) -> None:
    examples = Path(__file__).resolve().parents[1] / "examples" / "el_paso"
    result = CliRunner().invoke(app, ["plan", str(examples / "sites.yaml"),
                                      str(examples / "arrivals.csv"), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    actions = {a["kind"]: a for a in doc["advice"]["best"]["actions"]}
    # the README's figures (benchmarks/capacity.py --el-paso prints the same)
    assert actions["departures"]["seats"] == 240 * 14
    assert actions["departures"]["explain"] == (
        "3,360 more departure seats over 14 days (relative cost 3,360) move about 166 more "
        "people on: a seat is used only on days when more people are ready to leave than the "
        "capacity")
    schedule = [d["extra_beds"] for d in doc["days"]]
    assert schedule[0] == 508 and schedule[-1] == 1010
    assert schedule == sorted(schedule)  # added when first needed, kept to the end
    assert actions["beds"]["bed_nights"] == sum(schedule) == 10_483


def test_chart_caveat_in_english_and_spanish() -> None:
    from borderflow.capacity.planner import chart_caveat
    from borderflow.i18n import use

    assert chart_caveat() == ("Caveat: on the Tucson check the 90% range held 62.5% of the real "
                              "nights, not 90%: the ranges are too narrow and the chance of "
                              "running out can be higher.")
    assert "75.1%" in chart_caveat(1.2)
    with use("es"):
        assert chart_caveat().startswith("Advertencia: en la verificación de Tucson el rango "
                                         "del 90% contuvo 62.5% de las noches reales")


def test_only_the_days_the_estimate_uses_are_checked(tmp_path: Path) -> None:
    from borderflow.capacity.estimate import LOOKBACK
    from borderflow.capacity.planner import check_outliers

    counts = (CLEAN * 20)[:LOOKBACK + 10]
    counts[3] = 0  # outside the last LOOKBACK days: not used, not refused
    history = load_history(arrivals_csv(tmp_path / "a.csv", counts))
    assert check_outliers(history) == []
    counts[-5] = 0
    with pytest.raises(ValueError_, match=f"line {len(counts) - 5 + 3}, field 'arrivals'"):
        check_outliers(load_history(arrivals_csv(tmp_path / "b.csv", counts)))
