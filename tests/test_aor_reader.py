"""The AOR release's quirks (MANIFEST.md section 7), each on a fixture this test writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from borderflow.errors import NoSourceError
from borderflow.store import Query, Warehouse
from tests.fixtures import AOR_HEADER, write_csv

D = dt.date
BP, OFO = "U.S. Border Patrol", "Office of Field Operations"


def _row(fy: str, grouping: str, month: str, comp: str, region: str, area: str, abbv: str,
         demo: str, citizenship: str, n: int) -> list[object]:
    etype = "Apprehensions" if comp == BP else "Inadmissibles"
    return [fy, grouping, month, comp, region, area, abbv, demo, citizenship, "Title 8", etype, n]


#: months sorted alphabetically within each fiscal year, as CBP writes them
ROWS = [
    _row("2025", "FYTD", "APR", BP, "Southwest Land Border", "Tucson Sector", "TCA",
         "Single Adults", "MEXICO", 700),
    _row("2025", "Remaining", "AUG", BP, "Southwest Land Border", "Tucson Sector", "TCA",
         "UAC", "GUATEMALA", 40),
    _row("2025", "FYTD", "DEC", OFO, "Southwest Land Border", "El Paso Field Office", "El Paso",
         "Accompanied Minors", "MEXICO", 12),
    _row("2025", "FYTD", "DEC", OFO, "Other", "El Paso Field Office", "El Paso",
         "Single Adults", "CHINA, PEOPLES REPUBLIC OF", 3),
    _row("2025", "Remaining", "SEP", BP, "Southwest Land Border", "Yuma Sector", "YUM",
         "FMUA", "OTHER", 25),
    _row("2026 (FYTD)", "FYTD", "JUL", BP, "Southwest Land Border", "Tucson Sector", "TCA",
         "Single Adults", "MEXICO", 900),
    _row("2026 (FYTD)", "FYTD", "JAN", OFO, "Northern Land Border", "Buffalo Field Office",
         "Buffalo", "Single Adults", "CANADA", 8),
    _row("2026 (FYTD)", "FYTD", "JAN", OFO, "Other", "Buffalo Field Office", "Buffalo",
         "Single Adults", "INDIA", 5),
]


@pytest.fixture
def aor(tmp_path: Path) -> Warehouse:
    path = write_csv(tmp_path / "nationwide-encounters-fy23-fy26-jul-aor-extract.csv",
                     AOR_HEADER, ROWS)
    wh = Warehouse()
    wh.ingest([path])
    return wh


def test_fytd_fiscal_year_and_alphabetical_months(aor: Warehouse) -> None:
    by_month = aor.query(Query(group_by=("month",), start=D(2024, 12, 1), end=D(2026, 7, 1)))
    got = {r["month"]: r["encounters"] for r in by_month.rows if r["encounters"]}
    assert got == {D(2024, 12, 1): 15, D(2025, 4, 1): 700, D(2025, 8, 1): 40,
                   D(2025, 9, 1): 25, D(2026, 1, 1): 13, D(2026, 7, 1): 900}
    release = aor.releases()[0]
    assert (release.coverage_start, release.coverage_end) == (D(2024, 12, 1), D(2026, 7, 1))
    # a month with no row in the file is not published: named, never a zero
    assert len(by_month.missing) == 20 - 6 and D(2025, 1, 1) in by_month.missing


def test_remaining_months_are_counted_once(aor: Warehouse) -> None:
    fy25 = aor.query(Query(filters={"component": "usbp"}, fiscal_years=(2025,)))
    assert fy25.total() == 700 + 40 + 25
    assert fy25.missing == [D(2024, 10, 1), D(2024, 11, 1), D(2025, 1, 1), D(2025, 2, 1),
                            D(2025, 3, 1), D(2025, 5, 1), D(2025, 6, 1), D(2025, 7, 1)]


def test_field_office_under_two_regions(aor: Warehouse) -> None:
    dec = D(2024, 12, 1)
    office = aor.query(Query(filters={"area": "El Paso", "area_type": "field_office"},
                             start=dec, end=dec, group_by=("region",)))
    assert {r["region"]: r["encounters"] for r in office.rows} == {
        "Southwest Land Border": 12, "Other": 3}
    land = aor.query(Query(filters={"area": "El Paso", "area_type": "field_office",
                                    "region": "sw"}, start=dec, end=dec))
    assert land.total() == 12


def test_vocabularies(aor: Warehouse) -> None:
    result = aor.query(Query(group_by=("demographic",), start=D(2024, 12, 1),
                             end=D(2026, 7, 1)))
    assert {r["demographic"]: r["encounters"] for r in result.rows} == {
        "Accompanied Minors": 12, "Family Unit Individuals": 25, "Single Adults": 1_616,
        "Unaccompanied Children": 40}
    china = aor.query(Query(filters={"citizenship": "China"}, start=D(2024, 12, 1),
                            end=D(2024, 12, 1)))
    assert china.total() == 3
    residual = aor.query(Query(filters={"citizenship": "Other (not among CBP's 22 countries)"},
                               start=D(2025, 9, 1), end=D(2025, 9, 1)))
    assert residual.total() == 25
    assert aor.unknown_values() == []


def test_a_sector_the_release_does_not_name_is_refused(aor: Warehouse) -> None:
    with pytest.raises(NoSourceError, match="no source publishes area Del Rio"):
        aor.query(Query(filters={"area": "Del Rio", "component": "usbp"},
                        start=D(2026, 7, 1), end=D(2026, 7, 1)))
