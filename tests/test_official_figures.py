"""Figures CBP and OHSS published, reproduced from the ingested official files.

Each expected number below is a published total (CBP press releases, data
pages, or the totals MANIFEST.md records for each file), not a value computed
by this code.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from borderflow.analytics.brief import build_brief
from borderflow.store import Query, Warehouse

SW = {"region": "southwest"}
D = dt.date


def total(wh: Warehouse, **kw: object) -> int:
    return wh.query(Query(**kw)).total()  # type: ignore[arg-type]


def month(wh: Warehouse, m: dt.date, **kw: object) -> int:
    return total(wh, start=m, end=m, **kw)


@pytest.mark.parametrize(("filters", "fy", "expected"), [
    (SW, 2023, 2_475_669),
    (SW, 2024, 2_135_005),
    ({**SW, "component": "USBP"}, 2023, 2_045_838),
    ({**SW, "component": "USBP"}, 2020, 400_651),
    ({**SW, "component": "OFO"}, 2023, 429_831),
    ({**SW, "component": "USBP"}, 2024, 1_530_523),
    ({**SW, "component": "OFO"}, 2024, 604_482),
    (SW, 2019, 977_509),
    ({**SW, "component": "USBP"}, 2019, 851_508),
    ({**SW, "component": "USBP"}, 2021, 1_659_206),
    ({**SW, "component": "OFO"}, 2022, 172_508),
    (SW, 2020, 458_088),
    (SW, 2021, 1_734_686),
    (SW, 2022, 2_378_944),
    (SW, 2025, 443_671),
    ({}, 2020, 646_822),
    ({}, 2021, 1_956_519),
    ({}, 2022, 2_766_582),
    ({}, 2023, 3_201_144),
    ({}, 2024, 2_901_142),
    ({}, 2025, 691_906),
    ({}, 2026, 314_440),  # Oct 2025 - Jul 2026, from the AOR release
    (SW, 2026, 115_762),
])
def test_fiscal_year_totals(warehouse: Warehouse, filters: dict[str, str], fy: int,
                            expected: int) -> None:
    assert total(warehouse, filters=filters, fiscal_years=(fy,)) == expected


def test_august_2023(warehouse: Warehouse) -> None:
    aug = D(2023, 8, 1)
    assert month(warehouse, aug, filters=SW) == 232_963
    assert month(warehouse, aug) == 304_073
    split = warehouse.query(Query(filters=SW, start=aug, end=aug, group_by=("component",)))
    assert split.value(component="USBP") == 181_054
    assert split.value(component="OFO") == 51_909
    assert split.family == "cbp_sbo"


def test_fy2025_monthly_southwest_totals(warehouse: Warehouse) -> None:
    result = warehouse.query(Query(filters=SW, fiscal_years=(2025,), group_by=("month",)))
    assert [r["encounters"] for r in result.rows] == [
        106_316, 94_183, 96_033, 61_445, 11_710, 11_011, 12_023, 12_450, 9_300, 7_822, 9_731,
        11_647]
    assert [r["month"] for r in result.rows][0] == D(2024, 10, 1)


def test_fy2026_months(warehouse: Warehouse) -> None:
    # The AOR release (Aug 2026) revised Oct 2025; as of 1 Jan 2026 the state release's figure.
    assert month(warehouse, D(2025, 10, 1), filters=SW) == 11_704
    assert month(warehouse, D(2025, 10, 1), filters=SW, as_of=D(2026, 1, 1)) == 11_707
    assert month(warehouse, D(2025, 11, 1), filters=SW) == 10_960
    assert month(warehouse, D(2026, 7, 1), filters=SW) == 12_730
    assert month(warehouse, D(2026, 7, 1)) == 33_799


def test_fy2026_names_the_months_not_yet_published(warehouse: Warehouse) -> None:
    latest = warehouse.query(Query(filters=SW, fiscal_years=(2026,)))
    assert (latest.total(), latest.family) == (115_762, "cbp_aor")
    assert latest.missing == [D(2026, 8, 1), D(2026, 9, 1)]
    early = warehouse.query(Query(filters=SW, fiscal_years=(2026,), as_of=D(2026, 1, 1)))
    assert (early.total(), early.family) == (22_667, "cbp_state")
    assert early.missing == [D(2025, 12, 1), *[D(2026, m, 1) for m in range(1, 10)]]
    nation = warehouse.query(Query(fiscal_years=(2026,), as_of=D(2026, 1, 1)))
    assert nation.total() == 60_926


def test_latest_answer_says_the_aor_release_revises_the_state_release(
        warehouse: Warehouse) -> None:
    result = warehouse.query(Query(filters=SW, start=D(2025, 10, 1), end=D(2025, 10, 1)))
    assert result.notes[-1] == (
        "revises CBP Nationwide Encounters by state (USBP + OFO): 11,707 in #24 "
        "nationwide-encounters-fy23-fy26-nov-state.csv (2025-12-31); 11,704 here")


def test_border_patrol_nationwide_equals_the_cross_reference(warehouse: Warehouse,
                                                             data_dir: object) -> None:
    import csv
    from pathlib import Path

    ref = Path(str(data_dir)).parent / "reference" / "encounters_monthly_cross_reference.csv"
    with ref.open(newline="") as fh:
        expected = {dt.date.fromisoformat(r["month_start"]): int(r["cbp_usb_encounter_count"])
                    for r in csv.DictReader(fh)
                    if r["month_start"] >= "2024-12-01"}
    assert len(expected) == 20
    result = warehouse.query(Query(filters={"component": "USBP"}, start=D(2024, 12, 1),
                                   end=D(2026, 7, 1), group_by=("month",)))
    assert result.family == "cbp_aor"
    assert {r["month"]: r["encounters"] for r in result.rows} == expected


def test_july_2026_sectors_and_field_offices(warehouse: Warehouse) -> None:
    jul = D(2026, 7, 1)
    sectors = warehouse.query(Query(filters={"component": "USBP", "area_type": "sector",
                                             "region": "sw"}, start=jul, end=jul,
                                    group_by=("area",)))
    assert {r["area"]: r["encounters"] for r in sectors.rows} == {
        "Big Bend": 98, "Del Rio": 933, "El Centro": 208, "El Paso": 1_528, "Laredo": 1_322,
        "Rio Grande Valley": 2_438, "San Diego": 1_065, "Tucson": 1_544, "Yuma": 159}
    offices = warehouse.query(Query(filters={"component": "OFO", "area_type": "field_office",
                                             "region": "sw"}, start=jul, end=jul,
                                    group_by=("area",)))
    assert {r["area"]: r["encounters"] for r in offices.rows} == {
        "El Paso": 605, "Laredo": 1_276, "San Diego": 1_220, "Tucson": 334}


def test_fy2025_component_split_through_august(warehouse: Warehouse) -> None:
    result = warehouse.query(Query(filters=SW, start=D(2024, 10, 1), end=D(2025, 8, 1),
                                   group_by=("component",)))
    assert result.total() == 432_059
    assert result.value(component="USBP") == 229_183
    assert result.value(component="OFO") == 202_876


@pytest.mark.parametrize(("m", "as_of", "expected", "release_file"), [
    (D(2023, 10, 1), D(2023, 11, 20), 240_988, "nationwide-encounters-fy21-fy24-oct-state.csv"),
    # CBP published the November 2023 update on 22 December 2023: not seen before that day
    (D(2023, 10, 1), D(2023, 12, 20), 240_988, "nationwide-encounters-fy21-fy24-oct-state.csv"),
    (D(2023, 10, 1), D(2023, 12, 22), 240_986, "nationwide-encounters-fy21-fy24-nov-state.csv"),
    (D(2023, 10, 1), None, 240_927, "nationwide-encounters-fy23-fy26-nov-state.csv"),
    (D(2023, 10, 1), D(2024, 11, 1), 240_927, "nationwide-encounters-fy21-fy24-state.csv"),
    (D(2023, 11, 1), D(2023, 12, 22), 242_418, "nationwide-encounters-fy21-fy24-nov-state.csv"),
    (D(2023, 11, 1), None, 242_399, "nationwide-encounters-fy23-fy26-nov-state.csv"),
])
def test_revisions_as_of(warehouse: Warehouse, m: dt.date, as_of: dt.date | None,
                         expected: int, release_file: str) -> None:
    result = warehouse.query(Query(filters=SW, start=m, end=m, as_of=as_of))
    assert result.total() == expected
    assert [r.file_name for r in result.releases] == [release_file]


@pytest.mark.parametrize(("m", "as_of", "expected"), [
    (D(2021, 10, 1), D(2021, 11, 20), 164_303),
    (D(2021, 10, 1), None, 164_837),
    (D(2022, 11, 1), D(2022, 12, 20), 233_740),
    (D(2022, 11, 1), D(2023, 2, 15), 234_929),
    (D(2022, 11, 1), D(2023, 3, 15), 234_930),
    (D(2022, 11, 1), None, 235_173),
    (D(2023, 1, 1), D(2023, 2, 15), 156_274),
    (D(2023, 1, 1), D(2023, 3, 15), 156_770),
    (D(2023, 1, 1), None, 157_358),
])
def test_dashboard_vintages(warehouse: Warehouse, m: dt.date, as_of: dt.date | None,
                            expected: int) -> None:
    assert month(warehouse, m, filters=SW, as_of=as_of) == expected


def test_nothing_published_before_first_release(warehouse: Warehouse) -> None:
    from borderflow.errors import NoSourceError

    with pytest.raises(NoSourceError, match="no single source|no source"):
        warehouse.query(Query(filters=SW, start=D(2021, 10, 1), end=D(2021, 10, 1),
                              as_of=D(2021, 11, 1)))


@pytest.mark.parametrize("snapshot", [
    D(2021, 11, 15), D(2022, 3, 15), D(2022, 7, 15), D(2022, 10, 21), D(2023, 3, 10)])
def test_closed_years_identical_in_every_snapshot(warehouse: Warehouse,
                                                  snapshot: dt.date) -> None:
    result = warehouse.query(Query(filters=SW, fiscal_years=(2020, 2021), group_by=("fy",),
                                   source="cbp_tableau", as_of=snapshot))
    assert {r["fy"]: r["encounters"] for r in result.rows} == {2020: 458_088, 2021: 1_734_686}
    assert result.releases[-1].published == snapshot


@pytest.mark.parametrize(("fy", "expected"), [
    (2019, 859_500), (2020, 405_050), (2021, 1_662_180), (2022, 2_214_670),
    (2023, 2_063_700), (2024, 1_557_320)])
def test_ohss_monthly_count_fy_totals(warehouse: Warehouse, fy: int, expected: int) -> None:
    result = warehouse.query(Query(filters={"component": "USBP"}, fiscal_years=(fy,),
                                   source="ohss_khsm"))
    assert result.total() == expected
    assert result.family == "ohss_khsm.monthly_count"
    assert result.rounding == 10


def test_ohss_rounded_southwest(warehouse: Warehouse) -> None:
    kw = {"filters": {**SW, "component": "USBP"}, "source": "ohss_khsm"}
    assert total(warehouse, fiscal_years=(2023,), **kw) == 2_045_820
    assert total(warehouse, fiscal_years=(2024,), **kw) == 1_530_540
    assert total(warehouse, fiscal_years=(2020,), **kw) == 400_660
    assert month(warehouse, D(2023, 8, 1), **kw) == 181_050


@pytest.mark.parametrize(("fy", "sw", "nation"), [
    (2000, 1_643_679, 1_676_438), (2019, 851_508, 859_501), (2020, 400_651, 405_036)])
def test_usbp_history_fy_totals(warehouse: Warehouse, fy: int, sw: int, nation: int) -> None:
    usbp = {"component": "USBP"}
    assert total(warehouse, filters={**SW, **usbp}, fiscal_years=(fy,),
                 source="usbp_monthly") == sw
    assert total(warehouse, filters=usbp, fiscal_years=(fy,), source="usbp_monthly") == nation


def test_ohss_annual_sheet_on_request(warehouse: Warehouse) -> None:
    result = warehouse.query(Query(filters={"component": "USBP"}, fiscal_years=(2000,),
                                   source="ohss_khsm.annual_count"))
    assert result.total() == 1_590_310  # KHSM's (lower) FY2000 figure, per MANIFEST.md


def test_busiest_sectors_august_2023(warehouse: Warehouse) -> None:
    aug = D(2023, 8, 1)
    result = warehouse.query(Query(filters={"component": "USBP", "region": "southwest"},
                                   start=aug, end=aug, group_by=("area",)))
    ranked = [r["area"] for r in sorted(result.rows, key=lambda r: -r["encounters"])]
    assert ranked[:4] == ["Tucson", "Rio Grande Valley", "Del Rio", "El Paso"]


def test_el_paso_september_2023(warehouse: Warehouse) -> None:
    sep = D(2023, 9, 1)
    assert month(warehouse, sep, filters={"component": "USBP", "area": "El Paso"}) == 38_150


def test_release_provenance(warehouse: Warehouse) -> None:
    r = warehouse.release("sbo-encounters-fy19-fy22.csv")
    assert r.sha256 == "eedf60aad15ef7b274350df76037dc0540807c0199cecac17cfb46509c1c5667"
    assert (r.size_bytes, r.rows_read) == (198_640, 2_264)
    assert (r.coverage_start, r.coverage_end) == (D(2018, 10, 1), D(2022, 9, 1))
    khsm = warehouse.release("KHSM Encounters (USBP) fy25m11.xlsx")
    assert khsm.published == D(2025, 1, 16) and not khsm.published_inferred
    assert khsm.coverage_end == D(2024, 11, 1)
    snap = warehouse.release("cbp_encounters_dashboard_1_official_update-march_10_2023.csv")
    assert snap.published == D(2023, 3, 10)
    assert snap.rows_read == 8_941


def test_every_release_ingested_and_sound(warehouse: Warehouse) -> None:
    kinds = [r.source_kind for r in warehouse.releases()]
    assert {k: kinds.count(k) for k in set(kinds)} == {
        "cbp_state": 6, "cbp_sbo": 3, "cbp_tableau": 13, "ohss_khsm": 1, "usbp_monthly": 1,
        "cbp_aor": 1}
    assert warehouse.verify() == []
    assert warehouse.unknown_values() == []


def test_stitched_long_series(warehouse: Warehouse) -> None:
    s = warehouse.series("southwest", measure="usbp")
    # official before transcription: the OHSS workbook, then CBP's sbo and AOR releases
    assert s.segments() == [("ohss_khsm.monthly_region", D(1999, 10, 1), D(2018, 9, 1)),
                            ("cbp_sbo", D(2018, 10, 1), D(2024, 11, 1)),
                            ("cbp_aor", D(2024, 12, 1), D(2026, 7, 1))]
    v = s.values()
    assert sum(v[D(2019, m, 1)] for m in (10, 11, 12)) + sum(
        v[D(2020, m, 1)] for m in range(1, 10)) == 400_651
    nation = warehouse.series("nation", measure="usbp")
    assert nation.points[0].month == D(1999, 10, 1)
    assert {p.rounding for p in nation.points if D(2020, 10, 1) <= p.month <= D(2024, 11, 1)} \
        == {10}
    tucson = warehouse.series("Tucson")
    assert tucson.measure == "usbp"
    assert tucson.values()[D(2023, 8, 1)] == 48_750
    # sectors: OHSS (rounded) to November 2024, then the AOR release
    assert [(f, a) for f, a, _ in tucson.segments()][-2:] == [
        ("ohss_khsm.monthly_rgn_and_sector", D(1999, 10, 1)), ("cbp_aor", D(2024, 12, 1))]
    assert tucson.values()[D(2024, 11, 1)] == 8_020
    assert tucson.values()[D(2026, 7, 1)] == 1_544


def test_southwest_series_runs_from_fy2000_and_marks_its_changes(warehouse: Warehouse) -> None:
    s = warehouse.series("southwest")
    assert (s.points[0].month, s.points[-1].month) == (D(1999, 10, 1), D(2026, 7, 1))
    assert s.points[0].scope == "Border Patrol only"
    assert s.values()[D(2023, 8, 1)] == 232_963
    assert s.changes() == [
        (D(2018, 10, 1), "counts all of CBP (Border Patrol and Field Operations) from here "
                         "(Border Patrol only before)"),
        (D(2020, 3, 1), "Title 42 expulsions counted as encounters from March 2020"),
        (D(2023, 6, 1), "Title 42 ended on 11 May 2023: Title 8 only from June 2023")]
    strict = warehouse.series("southwest", measure="cbp")
    assert strict.points[0].month == D(2018, 10, 1)


def test_field_office_series(warehouse: Warehouse) -> None:
    s = warehouse.series("El Paso field office")
    assert (s.points[0].month, s.points[-1].month) == (D(2024, 12, 1), D(2026, 7, 1))
    assert s.measure == "ofo"
    assert {p.family for p in s.points} == {"cbp_aor"}


def test_brief_august_2023(warehouse: Warehouse) -> None:
    b = build_brief(warehouse, D(2023, 8, 1))
    totals = {f.label: f.value for f in b.totals}
    assert totals == {"Southwest border encounters": 232_963, "Nationwide encounters": 304_073}
    assert {f.label: f.value for f in b.components} == {
        "Southwest, Border Patrol (USBP)": 181_054, "Southwest, Field Operations (OFO)": 51_909}
    yoy = next(c for c in b.changes if c.label == "Southwest border, on the year")
    assert yoy.baseline.value == 204_087  # August 2022
    sectors = next(r for r in b.rankings if "sectors" in r.label)
    assert [n for n, _ in sectors.items][:4] == ["Tucson", "Rio Grande Valley", "Del Rio",
                                                 "El Paso"]
    assert all(f.releases for f in b.totals + b.components)


def test_brief_latest_month(warehouse: Warehouse) -> None:
    b = build_brief(warehouse)
    assert b.month == D(2026, 7, 1)
    assert {f.label: f.value for f in b.totals} == {
        "Southwest border encounters": 12_730, "Nationwide encounters": 33_799}
    assert {f.label: (f.value, f.period) for f in b.components} == {
        "Southwest, Border Patrol (USBP)": (9_295, "July 2026"),
        "Southwest, Field Operations (OFO)": (3_435, "July 2026")}
    fytd = next(c for c in b.changes if c.label.startswith("Southwest border, FY2026"))
    assert fytd.current.value == 115_762
    offices = next(r for r in b.rankings if "field offices" in r.label)
    assert offices.items == [("Laredo", 1_276), ("San Diego", 1_220), ("El Paso", 605),
                             ("Tucson", 334)]
    sectors = next(r for r in b.rankings if "sectors" in r.label)
    # every border's sectors (Miami is fifth), and the title says so
    assert sectors.label == "Busiest Border Patrol sectors, all borders"
    assert sectors.items[:5] == [("Rio Grande Valley", 2_438), ("Tucson", 1_544),
                                 ("El Paso", 1_528), ("Laredo", 1_322), ("Miami", 1_202)]


def test_brief_piped_keeps_each_title_and_source_whole(official_home: Path) -> None:
    from typer.testing import CliRunner

    from borderflow.cli import app

    lines = CliRunner().invoke(app, ["brief", "--home", str(official_home)]).stdout.splitlines()
    assert "Busiest Field Operations field offices, southwest border, July 2026" in lines
    assert "source: #25 nationwide-encounters-fy23-fy26-jul-aor-extract.csv (2026-08-31)" in lines


def test_brief_as_of_notes_missing_split(warehouse: Warehouse) -> None:
    b = build_brief(warehouse, as_of=D(2026, 1, 1))
    assert b.month == D(2025, 11, 1)
    assert {f.period for f in b.components} == {"August 2025"}
    assert all("not yet published" in f.note for f in b.components)
    fytd = next(c for c in b.changes if c.label.startswith("Southwest border, FY2026"))
    assert (fytd.current.value, fytd.baseline.value) == (22_667, 106_316 + 94_183)
