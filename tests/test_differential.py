"""Differential test: every generated query is refused or equal to an independent oracle.

The oracle (tests/oracle.py) re-reads the raw files with plain pandas and
shares no code with borderflow.  Hypothesis generates queries over every
family (forced with ``source=`` or left to the planner), every dimension, real
values and values a family lacks, every kind of period (fiscal years, month
ranges, open sides, none, periods past the data) and as-of dates.  For each:

* refused (NoSourceError) only if no eligible family answers a month asked for;
* otherwise the chosen family is eligible, answers as many of the months asked
  for as any eligible family, the months it does not answer are exactly the
  ones named in ``missing``, and its figures equal the oracle's sums.

Among the families answering equally many months, the one chosen must be
official before transcription, unrounded before rounded, then read from the
newest publication (the stated priority that breaks the last ties is the
warehouse's own and is not re-derived).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from borderflow.errors import NoSourceError, QueryError
from borderflow.store import Query, Warehouse
from tests.conftest import shared_data_dir
from tests.oracle import FAMILIES, PUBLISHED, SW, USBP, OQuery, Oracle

D = dt.date
#: real labels, canonical as the warehouse stores them, plus values some family lacks
POOL: dict[str, tuple[str, ...]] = {
    "region": (SW, "Northern Land Border", "Coastal Border", "Other"),
    "component": (USBP, "OFO"),
    "demographic": ("Single Adults", "Accompanied Minors", "Family Unit Individuals",
                    "Unaccompanied Children"),
    "citizenship": ("Mexico", "Guatemala", "Honduras", "El Salvador", "Venezuela", "Cuba",
                    "Nigeria", "China, People's Republic", "Burma", "Ukraine", "Unknown",
                    "Other (not among CBP's 22 countries)",
                    "Other (not El Salvador, Guatemala, Honduras or Mexico)"),
    "citizenship_group": ("El Salvador", "Guatemala", "Honduras", "Mexico", "Other"),
    "authority": ("Title 8", "Title 42"),
    "encounter_type": ("Apprehensions", "Inadmissibles", "Expulsions"),
    "area_type": ("sector", "state", "field_office"),
}
AREAS: dict[str, tuple[str, ...]] = {
    "sector": ("Tucson", "Rio Grande Valley", "El Paso", "Big Bend", "Miami", "Blaine",
               "Ramey"),
    "state": ("TX", "AZ", "CA", "FL", "NY", "GU"),
    "field_office": ("El Paso", "Laredo", "Boston", "Preclearance", "Miami"),
}
SOURCES: tuple[str, ...] = (*FAMILIES, "ohss_khsm", "cbp_state")
TIME_KEYS = ("month", "fy", "cy")
#: roughly the fiscal years each publication covers, to aim periods at its data
SPANS = {"cbp_state": (2020, 2026), "cbp_sbo": (2019, 2025), "cbp_aor": (2025, 2026),
         "cbp_tableau": (2019, 2023), "usbp_monthly": (2000, 2020), "ohss_khsm": (2000, 2025)}
GROUPABLE = (*POOL, "area")
PUBLISHED_ON = sorted({*PUBLISHED.values(), D(2025, 1, 16), D(2022, 3, 15), D(2022, 10, 21),
                       D(2023, 3, 10)})


@st.composite
def queries(draw: st.DrawFn, forced: str | None = None) -> OQuery:
    """A query left to the planner or forced to a source; ``forced`` forces that family."""
    source = forced or draw(st.one_of(st.none(), st.sampled_from(SOURCES)))
    spec = FAMILIES.get(source or "")
    filters: dict[str, tuple[str, ...]] = {}
    # mostly the forced family's own dimensions and scope, so it answers often
    if spec is not None and draw(st.integers(0, 4)):
        filters.update({d: (v,) for d, v in spec.fixed})
        dims = sorted(d for d in spec.dims if d != "area") + \
            (["area"] if "area" in spec.dims else []) + \
            (["citizenship_group"] if "citizenship" in spec.dims else [])
    else:
        dims = [*POOL, "area"]
    for dim in draw(st.lists(st.sampled_from(dims), max_size=2, unique=True)) if dims else []:
        if dim == "area":
            kind = draw(st.sampled_from(sorted(AREAS)))
            filters["area"] = tuple(draw(st.lists(st.sampled_from(AREAS[kind]), min_size=1,
                                                  max_size=2, unique=True)))
            if kind == "field_office" or draw(st.booleans()):
                filters["area_type"] = (kind,)
        else:
            filters[dim] = tuple(draw(st.lists(st.sampled_from(POOL[dim]), min_size=1,
                                               max_size=2, unique=True)))
    groupable = [d for d in GROUPABLE if spec is None or spec.carries(d)] or list(GROUPABLE)
    time_keys = ("fy", "fy", "month") if spec is not None and spec.annual else TIME_KEYS
    group_by = tuple(draw(st.lists(st.sampled_from([*groupable, *time_keys]), max_size=2,
                                   unique=True)))
    # mostly years the family publishes, sometimes any year (before or past the data)
    lo, hi = SPANS.get(spec.kind if spec else "", (1998, 2027))
    years = st.one_of(st.integers(lo, hi), st.integers(lo, hi), st.integers(1998, 2027))
    month = st.builds(lambda y, m: D(y, m, 1), years, st.integers(1, 12))
    annual = spec is not None and spec.annual  # mostly what an annual table may answer
    kind = draw(st.sampled_from(["none", "fy", "fy", "whole", "range"] if annual else
                                ["none", "fy", "range", "from", "to", "whole"]))
    fiscal_years = start = end = None
    if kind == "fy":
        fiscal_years = tuple(sorted(draw(st.lists(years, min_size=1,
                                                  max_size=2, unique=True))))
    elif kind == "range":
        start, end = sorted((draw(month), draw(month)))
    elif kind == "from":
        start = draw(month)
    elif kind == "to":
        end = draw(month)
    elif kind == "whole":
        first = draw(years)
        start, end = D(first - 1, 10, 1), D(first + draw(st.integers(0, 1)), 9, 1)
    # any date, or a publication date, the day before or the day after one
    edge = st.builds(lambda d, k: d + dt.timedelta(days=k), st.sampled_from(PUBLISHED_ON),
                     st.integers(-1, 1))
    as_of = draw(st.one_of(st.none(), st.none(), st.dates(D(2020, 6, 1), dt.date.today()), edge))
    return OQuery(filters, group_by, fiscal_years, start, end, as_of, source)


@pytest.fixture(scope="session")
def oracle() -> Oracle:
    return Oracle(shared_data_dir())


@pytest.fixture(scope="session")
def served(official_home: Path) -> Iterator[Warehouse]:
    """The same warehouse as the server opens it: repeated shapes answered from roll-ups."""
    wh = Warehouse(official_home / "warehouse.duckdb", read_only=True, rollups=True)
    yield wh
    wh.close()


def _key(value: Any) -> Any:
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else value


def check(warehouse: Warehouse, oracle: Oracle, q: OQuery) -> str:
    """Run ``q`` on both; assert agreement; say which family answered (or refused)."""
    try:
        query = Query(filters=q.filters, group_by=q.group_by, fiscal_years=q.fiscal_years,
                      start=q.start, end=q.end, as_of=q.as_of, source=q.source)
    except QueryError as exc:
        # a name that is both a sector and a field office, with nothing to say which:
        # refused as ambiguous, never answered for one of them silently
        both = {"Buffalo", "Detroit", "El Paso", "Laredo", "Miami", "New Orleans",
                "San Diego", "Tucson"}
        assert "is both a Border Patrol sector and a Field Operations field office" in str(exc)
        assert set(q.filters.get("area", ())) & both and "area_type" not in q.filters
        return "ambiguous"
    expected = oracle.expect(q)
    try:
        result = warehouse.query(query)
    except NoSourceError as exc:
        assert expected.best == 0, (
            f"refused ({exc}) but the oracle finds "
            + ", ".join(f"{f} answering {len(m)} months" for f, m in expected.eligible.items()
                        if m))
        return "refused"
    family = result.family
    assert family in expected.eligible, f"{family} may not answer this query"
    answered = expected.eligible[family]
    assert len(answered) == expected.best, (
        f"{family} answers {len(answered)} months; "
        + ", ".join(f"{f}: {len(m)}" for f, m in expected.eligible.items()))
    assert family in oracle.preferred(q, expected), (
        f"{family} chosen; preferred: {oracle.preferred(q, expected)}")
    assert result.missing == sorted(expected.wanted - answered)
    assert (result.first, result.last) == (min(answered), max(answered))
    assert {r.file_name for r in result.releases} == oracle.releases_read(family, q, answered)
    keys = list(q.normalised().group_by)
    assert result.columns[:len(keys)] == keys
    got = {tuple(_key(r[k]) for k in keys): int(r["encounters"]) for r in result.rows
           if r["encounters"]}
    assert got == oracle.sums(family, q, answered)
    return family


def _settings(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@_settings(400)
@given(q=queries())
def test_every_query_is_refused_or_equal_to_the_oracle(warehouse: Warehouse, served: Warehouse,
                                                      oracle: Oracle, q: OQuery) -> None:
    assert check(warehouse, oracle, q) == check(served, oracle, q)


@pytest.mark.parametrize("family", sorted(FAMILIES))
@_settings(20)
@given(data=st.data())
def test_every_family_when_forced(warehouse: Warehouse, served: Warehouse, oracle: Oracle,
                                  family: str, data: st.DataObject) -> None:
    q = data.draw(queries(forced=family))
    assert check(warehouse, oracle, q) == check(served, oracle, q)


@pytest.mark.parametrize(("q", "outcome"), [
    # The workbook's last fiscal year holds October and November only: its "annual" figure
    # (105,660) is two months, and was answered as the whole of FY2025 with nothing missing.
    (OQuery({"component": (USBP,)}, fiscal_years=(2025,), source="ohss_khsm.annual_count"),
     "refused"),
    (OQuery({"component": (USBP,), "region": (SW,)}, start=D(2024, 10, 1), end=D(2025, 9, 1),
            source="ohss_khsm.annual_region"), "refused"),
    # ... and won over the monthly sheets, which name the ten months they lack
    (OQuery({"component": (USBP,)}, fiscal_years=(2024, 2025), group_by=("fy",),
            source="ohss_khsm"), "ohss_khsm.monthly_count"),
])
def test_cases_the_oracle_found(warehouse: Warehouse, oracle: Oracle, q: OQuery,
                                outcome: str) -> None:
    assert check(warehouse, oracle, q) == outcome
