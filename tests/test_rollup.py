"""Roll-ups give exactly the SQL path's answers, on generated queries over the official data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from borderflow.errors import BorderflowError
from borderflow.store import Query, Warehouse

VALUES: dict[str, list[str]] = {
    "region": ["sw", "northern", "Other", "Coastal Border"],
    "component": ["USBP", "OFO"],
    "demographic": ["Single Adults", "UAC", "FMUA", "Accompanied Minors"],
    "citizenship": ["Mexico", "Guatemala", "Venezuela", "Canada"],
    "citizenship_group": ["Mexico", "Other"],
    "authority": ["Title 8", "Title 42"],
    "encounter_type": ["Apprehensions", "Inadmissibles", "Expulsions"],
    "area": ["Tucson", "El Paso", "TX", "AZ"],
}
GROUPS = [*VALUES, "month", "fy", "cy"]


@pytest.fixture(scope="module")
def pair(official_home: Path) -> Iterator[tuple[Warehouse, Warehouse]]:
    path = official_home / "warehouse.duckdb"
    with Warehouse(path, read_only=True) as plain, \
            Warehouse(path, read_only=True, rollups=True) as rolled:
        yield plain, rolled


def _months(draw: Any) -> dict[str, Any]:
    kind = draw(st.sampled_from(["range", "fy", "open", "none"]))
    if kind == "fy":
        return {"fiscal_years": tuple(draw(st.lists(st.integers(2019, 2026), min_size=1,
                                                    max_size=3, unique=True)))}
    a = dt.date(draw(st.integers(2019, 2025)), draw(st.integers(1, 12)), 1)
    b = dt.date(draw(st.integers(a.year, 2026)), draw(st.integers(1, 12)), 1)
    if kind == "range":
        return {"start": min(a, b), "end": max(a, b)}
    return {"start": a} if kind == "open" else {}


@st.composite
def queries(draw: Any) -> dict[str, Any]:
    dims = draw(st.lists(st.sampled_from(list(VALUES)), max_size=2, unique=True)
                | st.lists(st.sampled_from(["region", "component"]), max_size=1))
    filters = {d: tuple(draw(st.lists(st.sampled_from(VALUES[d]), min_size=1, max_size=2,
                                      unique=True))) for d in dims}
    if draw(st.booleans()):
        filters.setdefault("region", ("sw",))  # what most questions ask about
    group_by = tuple(draw(st.lists(st.sampled_from(GROUPS), max_size=2, unique=True)))
    as_of = draw(st.none() | st.dates(dt.date(2023, 6, 1), dt.date(2025, 12, 31)))
    source = draw(st.sampled_from([None, None, None, "ohss_khsm", "cbp_state", "cbp_sbo"]))
    return {"filters": filters, "group_by": group_by, "as_of": as_of, "source": source,
            **_months(draw)}


def _answer(wh: Warehouse, spec: dict[str, Any]) -> Any:
    try:
        r = wh.query(Query(**spec))
    except BorderflowError as exc:
        return type(exc).__name__, str(exc)
    return (r.columns, r.rows, r.spec.family, [x.release_id for x in r.releases], r.first,
            r.last, r.missing, r.sql, r.params)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(queries())
def test_rollups_answer_exactly_as_sql(pair: tuple[Warehouse, Warehouse],
                                       spec: dict[str, Any]) -> None:
    plain, rolled = pair
    assert _answer(rolled, spec) == _answer(plain, spec)


def test_official_figures_through_rollups(pair: tuple[Warehouse, Warehouse]) -> None:
    _, rolled = pair
    for _ in range(2):  # built, then answered from the roll-up
        fy = rolled.query(Query(filters={"region": "sw"}, group_by=("fy",),
                                fiscal_years=(2023, 2024)))
        assert [r["encounters"] for r in fy.rows] == [2_475_669, 2_135_005]
        aug = rolled.query(Query(filters={"region": "sw"}, group_by=("component",),
                                 start=dt.date(2023, 8, 1), end=dt.date(2023, 8, 1)))
        assert {r["component"]: r["encounters"] for r in aug.rows} == {
            "OFO": 51_909, "USBP": 181_054}
    chain = [rolled.query(Query(filters={"region": "sw"}, start=dt.date(2023, 10, 1),
                                end=dt.date(2023, 10, 1), as_of=d)).rows[0]["encounters"]
             for d in (dt.date(2023, 11, 20), None)]
    assert chain[0] == 240_988


def test_fiscal_years_need_not_be_consecutive(pair: tuple[Warehouse, Warehouse]) -> None:
    for wh in pair:
        r = wh.query(Query(filters={"region": "sw"}, group_by=("fy",),
                           fiscal_years=(2021, 2023)))
        assert [row["fy"] for row in r.rows] == [2021, 2023]
        total = wh.query(Query(filters={"region": "sw"}, fiscal_years=(2021, 2023)))
        assert total.rows[0]["encounters"] == sum(row["encounters"] for row in r.rows)
        assert [x.release_id for x in total.releases] == sorted(
            {i for row in r.rows for i in row["releases"]})
