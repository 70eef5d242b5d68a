"""The planner's advice a coordinator can trust: bad days refused, inputs checked, caveats said."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from borderflow.capacity.estimate import estimate_arrivals, find_outliers
from borderflow.capacity.inputs import load_history, load_network
from borderflow.capacity.planner import plan_network
from borderflow.cli import app
from borderflow.errors import ValueError_

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
    # not kept: the log-scale fit reads the 0 as variance, and exp(variance / 2) lifts the level
    raw = estimate_arrivals(np.array(with_day(0), dtype=float), LAST)
    assert round(raw.level) == 783


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
