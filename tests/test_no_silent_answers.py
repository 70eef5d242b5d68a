"""No silent answers: every figure is right, refused with where to look, or labelled.

Each case is one the independent recomputation found answered with a zero or
a trimmed period; the expected figures are the official ones (MANIFEST.md).
"""

from __future__ import annotations

import datetime as dt

import pytest

from borderflow.errors import NoSourceError, QueryError
from borderflow.store import Query, Warehouse

D = dt.date
SW = {"region": "southwest"}


def test_venezuela_in_border_patrol_comes_from_the_workbook(warehouse: Warehouse) -> None:
    # the southwest release has five citizenship groups: it never answers for Venezuela
    result = warehouse.query(Query(filters={**SW, "component": "usbp",
                                            "citizenship": "Venezuela"}, fiscal_years=(2023,)))
    assert (result.total(), result.family, result.rounding) == (
        200_680, "ohss_khsm.monthly_rgn_and_citp", 10)
    assert result.missing == []


def test_months_before_a_release_begins_are_named(warehouse: Warehouse) -> None:
    result = warehouse.query(Query(filters={**SW, "citizenship": "Venezuela"},
                                   start=D(2019, 7, 1), end=D(2020, 6, 1)))
    assert result.family == "cbp_state"
    assert result.missing == [D(2019, 7, 1), D(2019, 8, 1), D(2019, 9, 1)]
    assert (result.first, result.last) == (D(2019, 10, 1), D(2020, 6, 1))


@pytest.mark.parametrize(("filters", "fy", "where_to_look"), [
    ({**SW, "citizenship": "Cuba"}, 2019,
     "OHSS KHSM USBP encounters has them for 1999-10 to 2024-11 but counts component USBP "
     "only (add component=USBP to ask for that)"),
    ({**SW, "citizenship": "Nigeria"}, 2023,  # inside CBP's residual OTHER
     "OHSS KHSM USBP encounters has them for 1999-10 to 2024-11 but counts component USBP "
     "only"),
    ({"region": "coastal"}, 2023,
     "OHSS KHSM USBP encounters has them for 1999-10 to 2024-11 but counts component USBP "
     "only"),
    ({"region": "other", "component": "usbp"}, 2023,
     ": the figures asked for run from 2024-12 to 2026-07 in this warehouse (CBP Nationwide "
     "Encounters by area of responsibility)"),
    # before a value was published at all: where the figures run, in one line
    ({"component": "usbp", "demographic": "UAC"}, 2005,
     ": the figures asked for run from 2007-10 to 2026-07 in this warehouse"),
    ({"component": "usbp", "demographic": "FMUA"}, 2010,
     ": the figures asked for run from 2011-10 to 2026-07 in this warehouse"),
])
def test_values_no_source_publishes_are_refused(warehouse: Warehouse, filters: dict[str, str],
                                                fy: int, where_to_look: str) -> None:
    with pytest.raises(NoSourceError) as info:
        warehouse.query(Query(filters=filters, fiscal_years=(fy,)))
    assert str(info.value).startswith("no source publishes ")
    assert where_to_look in str(info.value)


def test_annual_sheets_answer_whole_fiscal_years_only(warehouse: Warehouse) -> None:
    kw = {"filters": {"component": "usbp"}, "source": "ohss_khsm.annual_count"}
    with pytest.raises(NoSourceError, match="answers whole fiscal years only"):
        warehouse.query(Query(start=D(2023, 1, 1), end=D(2023, 3, 1), **kw))  # type: ignore[arg-type]
    assert warehouse.query(Query(fiscal_years=(2023,), **kw)).total() == 2_063_690  # type: ignore[arg-type]
    assert warehouse.query(Query(start=D(2022, 10, 1), end=D(2023, 9, 1), **kw)  # type: ignore[arg-type]
                           ).total() == 2_063_690
    # the same three months from a monthly table: the true Jan-Mar 2023 figure
    assert warehouse.query(Query(filters={"component": "usbp"}, start=D(2023, 1, 1),
                                 end=D(2023, 3, 1))).total() == 428_340


@pytest.mark.parametrize(("query", "missing"), [
    (Query(filters=SW, fiscal_years=(2026,)), [D(2026, 8, 1), D(2026, 9, 1)]),
    (Query(filters=SW, start=D(2026, 6, 1), end=D(2026, 9, 1)), [D(2026, 8, 1), D(2026, 9, 1)]),
    (Query(filters={"component": "usbp"}, start=D(1998, 10, 1), end=D(2000, 3, 1)),
     [D(1998, m, 1) for m in (10, 11, 12)] + [D(1999, m, 1) for m in range(1, 10)]),
    # as of 1 Jan 2026 the newest release ran to November 2025
    (Query(filters=SW, fiscal_years=(2026,), as_of=D(2026, 1, 1)),
     [D(2025, 12, 1)] + [D(2026, m, 1) for m in range(1, 10)]),
])
def test_periods_past_the_data_are_named(warehouse: Warehouse, query: Query,
                                         missing: list[dt.date]) -> None:
    assert warehouse.query(query).missing == missing


def test_other_has_one_meaning_per_value(warehouse: Warehouse) -> None:
    with pytest.raises(QueryError, match="means a different set of countries"):
        Query(filters={"citizenship": "Other"})
    state = warehouse.query(Query(filters={**SW, "citizenship": "Other (not among CBP's 22 "
                                                               "countries)"},
                                  fiscal_years=(2023,)))
    assert (state.total(), state.family) == (172_517, "cbp_state")
    # CBP's southwest release's residual is not published by the state release, and back
    with pytest.raises(NoSourceError):
        warehouse.query(Query(filters={**SW, "component": "usbp", "citizenship":
                                       "Other (not among CBP's 22 countries)"},
                              fiscal_years=(2023,)))
    whole = warehouse.query(Query(filters={**SW, "citizenship_group": "Other"},
                                  fiscal_years=(2023,))).total()
    part = warehouse.query(Query(filters={**SW, "citizenship_group": "Other",
                                          "component": "usbp"}, fiscal_years=(2023,))).total()
    assert part < whole  # a subset is never larger than its whole


def test_official_before_transcription(warehouse: Warehouse) -> None:
    result = warehouse.query(Query(filters={"component": "usbp"}, fiscal_years=(2000,)))
    assert (result.total(), result.family) == (1_590_320, "ohss_khsm.monthly_count")
    assert "official" in result.notes[0]
    forced = warehouse.query(Query(filters={"component": "usbp"}, fiscal_years=(2000,),
                                   source="usbp_monthly"))
    assert forced.total() == 1_676_438


def test_publication_dates_err_late(warehouse: Warehouse) -> None:
    dates = {r.file_name: (r.published, r.published_inferred) for r in warehouse.releases()}
    assert dates["nationwide-encounters-fy20-fy23-state.csv"] == (D(2023, 11, 30), False)
    assert dates["nationwide-encounters-fy22-fy25-state.csv"] == (D(2025, 11, 30), False)
    assert dates["nationwide-encounters-fy21-fy24-nov-state.csv"] == (D(2023, 12, 22), False)
    # the transcription of CBP's PDF has no date on record: inferred late and marked
    assert dates["usbp_monthly_encounters_fy2000-fy2020.csv.gz"] == (D(2020, 11, 30), True)


def test_fy2022_border_patrol_title_42_read_as_expulsions(warehouse: Warehouse) -> None:
    release = warehouse.release("sbo-encounters-fy19-fy22.csv")
    assert "127 rows labelled 'Apprehensions' read as 'Expulsions'" in release.notes
    # as published in 2023, before any later release: FY2022 Border Patrol expulsions
    result = warehouse.query(Query(filters={**SW, "component": "usbp",
                                            "encounter_type": "expulsions"},
                                   fiscal_years=(2022,), as_of=D(2023, 6, 1), source="cbp_sbo"))
    assert result.total() == 1_054_084


def test_csv_and_json_carry_the_missing_months(warehouse: Warehouse) -> None:
    result = warehouse.query(Query(filters=SW, fiscal_years=(2026,), group_by=("month",)))
    columns, rows = result.provenance_columns()
    assert columns[-3:] == ["source", "rounding", "missing_months"]
    assert {r["missing_months"] for r in rows} == {"2026-08..2026-09"}
    assert result.provenance()["missing_months"] == ["2026-08-01", "2026-09-01"]


def test_as_of_caches_are_bounded_by_releases(warehouse: Warehouse) -> None:
    answers = {warehouse.query(Query(filters=SW, fiscal_years=(2023,),
                                     as_of=D(2024, 1, 1) + dt.timedelta(days=i))).total()
               for i in range(400)}
    assert answers == {2_475_669}
    dates = {r.published for r in warehouse.releases()}
    assert len(warehouse._catalogues) <= len(dates) + 1  # one per warehouse state
