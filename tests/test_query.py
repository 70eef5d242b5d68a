"""The query planner: one source per answer, scope rules, periods, zero cells, diffs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from borderflow.errors import NoSourceError, QueryError, ReleaseNotFoundError
from borderflow.store import Query, Warehouse
from tests.fixtures import AOR_HEADER, STATE_HEADER, aor_rows, state_rows, write_csv

D = dt.date


@pytest.fixture
def small(tmp_path: Path) -> Warehouse:
    """AOR and state fixtures for August 2023, written by the test."""
    wh = Warehouse()
    write_csv(tmp_path / "nationwide-encounters-fy20-fy23-aor.csv", AOR_HEADER, aor_rows())
    write_csv(tmp_path / "nationwide-encounters-fy24-fy24-oct-state.csv", STATE_HEADER,
              state_rows(months=("OCT",)))
    wh.ingest([tmp_path])
    return wh


def test_aor_reader_splits_sectors_and_field_offices(small: Warehouse) -> None:
    aug = D(2023, 8, 1)
    result = small.query(Query(start=aug, end=aug, group_by=("component", "area")))
    got = {(r["area_type"], r["component"], r["area"]): r["encounters"] for r in result.rows}
    assert got == {
        ("field_office", "OFO", "El Paso"): 120, ("field_office", "OFO", "Miami"): 80,
        ("sector", "USBP", "El Paso"): 300, ("sector", "USBP", "Rio Grande Valley"): 450,
        ("sector", "USBP", "Swanton"): 60, ("sector", "USBP", "Tucson"): 500,
    }
    assert result.family == "cbp_aor"


def test_aor_unknown_area_kept(small: Warehouse) -> None:
    jul = D(2023, 7, 1)
    result = small.query(Query(start=jul, end=jul, group_by=("area_type", "area")))
    assert {(r["area_type"], r["area"]): r["encounters"] for r in result.rows} == {
        ("other", "Preclearance"): 5, ("sector", "Tucson"): 400}
    assert [u[2] for u in small.unknown_values()] == ["Preclearance"]


def test_area_filter_infers_type(small: Warehouse) -> None:
    aug = D(2023, 8, 1)
    # "El Paso" alone is both a sector and a field office: refused, never a silent choice
    with pytest.raises(QueryError, match="El Paso is both a Border Patrol sector and a Field "
                                         "Operations field office"):
        Query(filters={"area": "el paso"}, start=aug, end=aug)
    by_component = small.query(Query(filters={"area": "el paso", "component": "usbp"},
                                     start=aug, end=aug))
    sector = small.query(Query(filters={"area": "El Paso sector"}, start=aug, end=aug))
    office = small.query(Query(filters={"area": "El Paso", "area_type": "field office"},
                               start=aug, end=aug))
    named = small.query(Query(filters={"area": "El Paso Field Office"}, start=aug, end=aug))
    ofo = small.query(Query(filters={"area": "El Paso", "component": "ofo"}, start=aug,
                            end=aug))
    assert (by_component.total(), sector.total()) == (300, 300)
    assert (office.total(), named.total(), ofo.total()) == (120, 120, 120)
    assert sector.family == office.family == "cbp_aor"
    # a sector that is no field office needs nothing more
    assert small.query(Query(filters={"area": "Rio Grande Valley"}, start=aug,
                             end=aug)).total() == 450


def test_filter_aliases(small: Warehouse) -> None:
    aug = D(2023, 8, 1)
    q = Query(filters={"component": "Border Patrol", "region": "SW", "demographic": "fmua"},
              start=aug, end=aug)
    assert q.filters == {"component": ("USBP",), "region": ("Southwest Land Border",),
                         "demographic": ("Family Unit Individuals",)}
    assert small.query(q).total() == 450


def test_state_file_answers_state_questions(small: Warehouse) -> None:
    oct_ = D(2023, 10, 1)
    result = small.query(Query(start=oct_, end=oct_, group_by=("area",)))
    assert result.family == "cbp_state"
    assert {r["area"]: r["encounters"] for r in result.rows} == {
        "AZ": 40, "FL": 3, "NY": 20, "TX": 107}


def test_citizenship_group_is_derived(small: Warehouse) -> None:
    oct_ = D(2023, 10, 1)
    result = small.query(Query(start=oct_, end=oct_, group_by=("citizenship_group",)))
    assert {r["citizenship_group"]: r["encounters"] for r in result.rows} == {
        "Guatemala": 40, "Honduras": 7, "Mexico": 100, "Other": 23}


def test_no_source_for_component_in_state_months(small: Warehouse) -> None:
    with pytest.raises(NoSourceError) as info:
        small.query(Query(filters={"component": "USBP"}, start=D(2023, 10, 1),
                          end=D(2023, 10, 1)))
    assert str(info.value) == ("no source publishes component USBP for 2023-10: the figures "
                               "asked for run from 2023-07 to 2023-08 in this warehouse "
                               "(CBP Nationwide Encounters by area of responsibility)")
    with pytest.raises(NoSourceError) as info:
        small.query(Query(start=D(2024, 1, 1), end=D(2024, 2, 1)))
    assert str(info.value) == ("no source publishes these figures for 2024-01 .. 2024-02: "
                               "the figures asked for run from 2023-07 to 2023-10 in this "
                               "warehouse (CBP Nationwide Encounters by area of responsibility; "
                               "CBP Nationwide Encounters by state (USBP + OFO))")
    with pytest.raises(NoSourceError, match="cbp_state has no component breakdown"):
        small.query(Query(group_by=("component",), source="cbp_state"))


def test_never_adds_two_sources(warehouse: Warehouse) -> None:
    # FY2019..FY2024 southwest: only the sbo file spans it all; the state file starts FY2020.
    result = warehouse.query(Query(filters={"region": "sw"}, fiscal_years=tuple(range(2019, 2025)),
                                   group_by=("fy",)))
    assert result.family == "cbp_sbo"
    assert {r["fy"]: r["encounters"] for r in result.rows}[2019] == 977_509
    assert result.missing == []


def test_partial_coverage_is_reported(warehouse: Warehouse) -> None:
    result = warehouse.query(Query(filters={"region": "sw"}, fiscal_years=(2025,),
                                   group_by=("component",)))
    assert result.family == "cbp_sbo"
    assert result.missing == [D(2025, 9, 1)]
    assert result.last == D(2025, 8, 1)


def test_scope_message_suggests_filter(warehouse: Warehouse) -> None:
    with pytest.raises(NoSourceError) as info:
        warehouse.query(Query(group_by=("area",), fiscal_years=(2010,),
                              filters={"area_type": "sector"}))
    assert ("USBP monthly encounters by sector FY2000-FY2020 (transcribed from CBP's PDF) has "
            "them for 1999-10 to 2020-09 but counts component USBP only (add component=USBP to "
            "ask for that)") in str(info.value)
    assert "ohss_khsm" not in str(info.value)  # publications by title, never internal ids


def test_unknown_dimension_and_value() -> None:
    with pytest.raises(QueryError, match="unknown dimension 'colour'"):
        Query(filters={"colour": "red"})
    with pytest.raises(QueryError, match="unknown component 'army'"):
        Query(filters={"component": "army"})
    with pytest.raises(QueryError, match="cannot group by 'week'"):
        Query(group_by=("week",))
    with pytest.raises(QueryError, match="start 2024-05 is after end 2024-01"):
        Query(start=D(2024, 5, 1), end=D(2024, 1, 1))


def test_zero_months_are_filled(warehouse: Warehouse) -> None:
    result = warehouse.query(Query(filters={"region": "sw", "authority": "Title 42"},
                                   fiscal_years=(2023, 2024), group_by=("fy",)))
    assert [(r["fy"], r["encounters"] > 0) for r in result.rows] == [(2023, True), (2024, False)]


def test_release_lookup_errors(warehouse: Warehouse) -> None:
    with pytest.raises(ReleaseNotFoundError, match="no release 'nope.csv'"):
        warehouse.release("nope.csv")


def test_diff_lists_revised_cells(warehouse: Warehouse) -> None:
    d = warehouse.diff("nationwide-encounters-fy21-fy24-oct-state.csv",
                       "nationwide-encounters-fy21-fy24-nov-state.csv")
    sw = [c for c in d.changes if c.month == D(2023, 10, 1)
          and c.dims.get("region") == "Southwest Land Border"]
    assert sum(c.delta for c in sw) == 240_986 - 240_988
    assert d.only_new == [D(2023, 11, 1)]
    assert all(c.old != c.new for c in d.changes)
    # no month before FY2024 changed between these two releases
    assert {c.month for c in d.changes} == {D(2023, 10, 1)}


def test_diff_between_two_sbo_releases_is_fy2025_only(warehouse: Warehouse) -> None:
    # Dec 2024 and Sep 2025 releases: closed years identical, FY2025 Oct-Nov revised
    d = warehouse.diff("sbo-encounters-fy22-fy25-nov.csv", "sbo-encounters-fy22-fy25-aug.csv")
    assert d.cells_compared == 1_665
    assert len(d.changes) == 22
    assert {c.fy for c in d.changes} == {2025}
    assert {c.month for c in d.changes} <= {D(2024, 10, 1), D(2024, 11, 1)}


def test_diff_across_publications_shows_the_aor_revisions(warehouse: Warehouse) -> None:
    # The AOR release (Aug 2026) revises the state release (Dec 2025) for Oct 2025.
    d = warehouse.diff("nationwide-encounters-fy23-fy26-nov-state.csv",
                       "nationwide-encounters-fy23-fy26-jul-aor-extract.csv")
    assert (d.compared_months[0], d.compared_months[-1]) == (D(2024, 12, 1), D(2025, 11, 1))
    assert d.only_new == [D(2025, 12, 1), D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1),
                          D(2026, 4, 1), D(2026, 5, 1), D(2026, 6, 1), D(2026, 7, 1)]

    def net(month: dt.date, region: str | None = None) -> int:
        return sum(c.delta for c in d.changes if c.month == month
                   and (region is None or c.dims.get("region") == region))

    sw = "Southwest Land Border"
    assert net(D(2025, 10, 1), sw) == 11_704 - 11_707
    assert net(D(2025, 10, 1)) == 30_635 - 30_551
    assert net(D(2025, 11, 1)) == 30_423 - 30_375
    assert net(D(2025, 11, 1), sw) == 0
    # Dec 2024 - Sep 2025: the two publications agree on every shared cell
    assert {c.month for c in d.changes} == {D(2025, 10, 1), D(2025, 11, 1)}
    assert {c.family for c in d.changes} == {"cbp_state vs cbp_aor"}


def test_as_of_today_is_the_newest_and_a_later_day_is_refused(warehouse: Warehouse) -> None:
    fy = {"filters": {"region": "southwest"}, "fiscal_years": (2025,)}
    today = warehouse.query(Query(**fy, as_of=dt.date.today())).rows
    assert today == warehouse.query(Query(**fy)).rows
    with pytest.raises(QueryError, match=r"as-of date \d{4}-\d\d-\d\d is after today"):
        Query(as_of=dt.date.today() + dt.timedelta(days=1))
