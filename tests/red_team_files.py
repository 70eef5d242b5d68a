"""Red team: bad files, bombs and the CLI. Each defect gives a precise error and leaves the
warehouse exactly as it was (cases registered in tests/redteam.py, run by test_red_team.py)."""

from __future__ import annotations

import datetime as dt
import gzip
import os
import signal
import subprocess
import sys
import textwrap
import time
import tracemalloc
import zipfile
import zlib
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from typer.testing import CliRunner

from borderflow.cli import app
from borderflow.download import fetch_all
from borderflow.errors import (
    ConflictingCopyError,
    DuplicateReleaseError,
    DuplicateRowError,
    EmptyFileError,
    EncodingError,
    InputError,
    LimitError,
    OptionError,
    RegressionError,
    SchemaError,
    TruncatedFileError,
    ValueError_,
)
from borderflow.sources import ohss_khsm
from borderflow.store import Warehouse
from tests.fixtures import SBO_HEADER, STATE_HEADER, csv_text, state_rows, write_csv
from tests.redteam import case
from tests.test_download import SBO_CSV, STATE_CSV, Site, client

GOOD = "nationwide-encounters-fy23-fy24-oct-state.csv"


def snapshot(wh: Warehouse) -> tuple[Any, ...]:
    """Everything a failed ingest must leave untouched."""
    cur = wh._cursor()
    tables = ("release", "observation", "coverage", "latest", "unknown_value")
    return tuple(
        sorted(map(tuple, cur.execute(f"SELECT * FROM {t}").fetchall()), key=repr)
        for t in tables
    )


def bad_state(tmp_path: Path, text: str | bytes,
              name: str = "nationwide-encounters-fy23-fy24-nov-state.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def assert_refused(wh: Warehouse, path: Path, error: type[InputError] | type[Exception],
                   message: str, **options: Any) -> Any:
    before = snapshot(wh)
    with pytest.raises(error) as info:
        wh.ingest([path], **options)
    assert str(info.value) == message
    assert snapshot(wh) == before
    assert wh.verify() == []
    return info.value


@case("F01", "bad file",
      "a missing column is refused naming file, line 1 and field; warehouse unchanged")
def missing_column(wh: Warehouse, tmp_path: Path) -> None:
    header = [h for h in STATE_HEADER if h != "Citizenship"]
    rows = [r[:6] + r[7:] for r in state_rows()]
    path = bad_state(tmp_path, csv_text(header, rows))
    assert_refused(wh, path, SchemaError,
                   f"{path.name}, line 1, field 'Citizenship': missing column(s) 'Citizenship' "
                   "(expected header " + ",".join(STATE_HEADER) + ")")


@case("F02", "bad file",
      "a renamed column is refused naming the missing and unexpected columns")
def renamed_column(wh: Warehouse, tmp_path: Path) -> None:
    header = ["Encounters" if h == "Encounter Count" else h for h in STATE_HEADER]
    path = bad_state(tmp_path, csv_text(header, state_rows()))
    err = assert_refused(wh, path, SchemaError,
                         f"{path.name}, line 1, field 'Encounter Count': missing column(s) "
                         "'Encounter Count'; unexpected column(s) 'Encounters' (expected header "
                         + ",".join(STATE_HEADER) + ")")
    assert err.line == 1


@case("F03", "bad file",
      "an unknown Title of Authority is refused naming line, field, expected values")
def renamed_category(wh: Warehouse, tmp_path: Path) -> None:
    rows = state_rows()
    rows[3][7] = "Title 99"
    path = bad_state(tmp_path, csv_text(STATE_HEADER, rows))
    assert_refused(wh, path, ValueError_,
                   f"{path.name}, line 5, field 'Title of Authority': unknown value 'Title 99' "
                   "(expected Title 8 or Title 42)")


@case("F04", "bad file",
      "an unknown region is refused naming line, field, expected values")
def renamed_region(wh: Warehouse, tmp_path: Path) -> None:
    rows = state_rows()
    rows[6][3] = "Southern Border"
    path = bad_state(tmp_path, csv_text(STATE_HEADER, rows))
    assert_refused(wh, path, ValueError_,
                   f"{path.name}, line 8, field 'Land Border Region': unknown value "
                   "'Southern Border' (expected Southwest Land Border, Northern Land Border or "
                   "Other)")


@case("F05", "bad file",
      "an open-vocabulary value is kept, reported with its line, and queryable (7)")
def unknown_citizenship_is_kept_and_reported(wh: Warehouse, tmp_path: Path) -> None:
    rows = state_rows()
    rows[2][6] = "ATLANTIS"
    path = bad_state(tmp_path, csv_text(STATE_HEADER, rows))
    report = wh.ingest([path])
    assert report.ingested[0].unknowns == [
        "Citizenship: 'ATLANTIS' kept as 'Atlantis' (1 rows, first at line 4)"]
    rid = report.ingested[0].release_id
    assert (rid, "Citizenship", "ATLANTIS", "Atlantis", 1, 4) in wh.unknown_values()
    from borderflow.store import Query

    got = wh.query(Query(filters={"citizenship": "Atlantis"}, fiscal_years=(2024,)))
    assert got.total() == 7


@case("F06", "bad file",
      "a count '12a' is refused naming line and field")
def non_numeric_count(wh: Warehouse, tmp_path: Path) -> None:
    rows = state_rows()
    rows[4][8] = "12a"
    path = bad_state(tmp_path, csv_text(STATE_HEADER, rows))
    assert_refused(wh, path, ValueError_,
                   f"{path.name}, line 6, field 'Encounter Count': '12a' is not a number "
                   "(expected a whole number of encounters)")


@case("F07", "bad file",
      "a negative count is refused naming line and field")
def negative_count(wh: Warehouse, tmp_path: Path) -> None:
    rows = state_rows()
    rows[1][8] = -4
    path = bad_state(tmp_path, csv_text(STATE_HEADER, rows))
    assert_refused(wh, path, ValueError_,
                   f"{path.name}, line 3, field 'Encounter Count': negative count '-4' "
                   "(expected a count of 0 or more)")


@case("F08", "bad file",
      "a count 3.5 is refused as not whole")
def fractional_count(wh: Warehouse, tmp_path: Path) -> None:
    rows = state_rows()
    rows[0][8] = "3.5"
    path = bad_state(tmp_path, csv_text(STATE_HEADER, rows))
    assert_refused(wh, path, ValueError_,
                   f"{path.name}, line 2, field 'Encounter Count': '3.5' is not a whole number "
                   "(expected a whole number of encounters)")


@case("F09", "bad file",
      "a file cut mid-row is refused as cut short at its last line")
def truncated_file(wh: Warehouse, tmp_path: Path) -> None:
    text = csv_text(STATE_HEADER, state_rows())
    cut = text[: text.rstrip().rfind(",Single Adults")]
    path = bad_state(tmp_path, cut)
    n = cut.count("\n") + 1
    err = assert_refused(wh, path, TruncatedFileError,
                         f"{path.name}, line {n}: the last row stops after 5 of 9 fields: the "
                         "file looks cut short (an interrupted download?) (expected 9 fields "
                         "per row)")
    assert err.line == 11


@case("F10", "bad file",
      "a short row is refused naming its line and field count")
def short_row_in_the_middle(wh: Warehouse, tmp_path: Path) -> None:
    lines = csv_text(STATE_HEADER, state_rows()).split("\r\n")
    lines[3] = "2024 (FYTD),FYTD,OCT,Other"
    path = bad_state(tmp_path, "\r\n".join(lines))
    assert_refused(wh, path, SchemaError,
                   f"{path.name}, line 4: row has 4 fields (expected 9 fields)")


@case("F11", "bad file",
      "identical bytes are one release (refused or 'unchanged'), warehouse unchanged")
def duplicate_release_bytes(wh: Warehouse, tmp_path: Path) -> None:
    seed = wh.releases()[0]
    copy = bad_state(tmp_path, csv_text(STATE_HEADER, state_rows(months=("OCT",))))
    before = snapshot(wh)
    with pytest.raises(DuplicateReleaseError) as info:
        wh.ingest([copy], on_duplicate="error")
    assert str(info.value) == (
        f"{copy.name}: already ingested as release {seed.release_id} ({seed.file_name}); "
        "identical bytes (same sha256) are never stored twice")
    report = wh.ingest([copy])
    assert [(f.status, f.release_id) for f in report.files] == [("unchanged", seed.release_id)]
    assert snapshot(wh) == before


@case("F12", "bad file",
      "two rows for one cell are refused naming both lines")
def duplicate_rows(wh: Warehouse, tmp_path: Path) -> None:
    rows = state_rows()
    rows.append(list(rows[1]))
    path = bad_state(tmp_path, csv_text(STATE_HEADER, rows))
    assert_refused(wh, path, DuplicateRowError,
                   f"{path.name}, line 12: lines 3 and 12 describe the same cell (expected one "
                   "row per combination of fy, fm, region, area_type, area, demographic, "
                   "citizenship, authority)")


@case("F13", "bad file",
      "an empty file is refused as empty")
def empty_file(wh: Warehouse, tmp_path: Path) -> None:
    path = bad_state(tmp_path, b"")
    assert_refused(wh, path, EmptyFileError,
                   f"{path.name}: the file is empty (expected a header line and data rows)")


@case("F14", "bad file",
      "a header with no rows is refused")
def header_only(wh: Warehouse, tmp_path: Path) -> None:
    path = bad_state(tmp_path, ",".join(STATE_HEADER) + "\r\n")
    assert_refused(wh, path, EmptyFileError,
                   f"{path.name}, line 1: the file has a header but no data rows")


@case("F15", "bad file",
      "Latin-1 bytes are refused naming byte, offset and line")
def wrong_encoding(wh: Warehouse, tmp_path: Path) -> None:
    rows = state_rows()
    rows[5][6] = "MÉXICO"
    data = csv_text(STATE_HEADER, rows).encode("latin-1")
    offset = data.index("MÉ".encode("latin-1")) + 1
    path = bad_state(tmp_path, data)
    err = assert_refused(
        wh, path, EncodingError,
        f"{path.name}, line 7: byte 0xC9 at offset {offset} is not valid UTF-8 (the file may "
        "be Latin-1 or Windows-1252) (expected UTF-8 text as CBP publishes it)")
    assert err.line == 7


@case("F16", "bad file",
      "UTF-16 text is refused as such")
def utf16(wh: Warehouse, tmp_path: Path) -> None:
    path = bad_state(tmp_path, csv_text(STATE_HEADER, state_rows()).encode("utf-16"))
    assert_refused(wh, path, EncodingError,
                   f"{path.name}, line 1: the file is UTF-16 text (expected UTF-8)")


@case("F17", "bad file",
      "SBO counts written '9584.0' are read as whole numbers (2 rows)")
def float_counts_in_sbo_are_accepted(wh: Warehouse, tmp_path: Path) -> None:
    rows = [["2019", "FYTD", "OCT", "U.S. Border Patrol", "Single Adults", "Mexico", "Title 8",
             "Apprehensions", "9584.0"],
            ["2019", "FYTD", "OCT", "Office of Field Operations", "FMUA", "Other", "Title 8",
             "Inadmissibles", "0.0"]]
    path = write_csv(tmp_path / "sbo-encounters-fy19-fy19.csv", SBO_HEADER, rows)
    report = wh.ingest([path])
    assert report.ingested[0].observations == 2


def _workbook(path: Path, skip: str | None = None, bad_cell: tuple[str, int] | None = None,
              bad_value: object = "n/a") -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    values = {"Region": "Southwest Land Border", "Citizenship": "Mexico",
              "Family Status": "Single Adults", "Sector": "Tucson, AZ"}
    for sheet in ohss_khsm.SHEETS:
        if sheet.name == skip:
            continue
        ws = wb.create_sheet(sheet.name)
        ws.append(["Fiscal\nYear", *sheet.header[1:]])
        for fm, label in ((1, "01 October"), (2, "02 November")):
            row: list[object] = [2024.0 if sheet.monthly else 2022.0 + fm]
            if sheet.monthly:
                row.append(label)
            row += [values[c] for c in sheet.columns]
            row.append(float(10 * fm))
            ws.append(row)
        if bad_cell and bad_cell[0] == sheet.name:
            ws.cell(row=bad_cell[1], column=len(sheet.header)).value = bad_value
    wb.save(path)
    return path


@case("F18", "bad file",
      "the fixture workbook reads: 24 observations, Tucson FY2024 = 30")
def workbook_reads(wh: Warehouse, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "KHSM Encounters (USBP) fy24m02.xlsx")
    report = wh.ingest([path])
    # two rows in each of 16 sheets, less the annual FY2024 rows: the monthly sheets hold
    # only Oct-Nov of FY2024, so its "annual" figure is part of a year and is not stored
    assert report.ingested[0].observations == 16 * 2 - 8
    from borderflow.store import Query

    got = wh.query(Query(filters={"component": "USBP", "area": "Tucson"}, fiscal_years=(2024,)))
    assert (got.total(), got.family) == (30, "ohss_khsm.monthly_sector")


@case("F19", "bad file",
      "a workbook row repeated is refused naming sheet and lines")
def workbook_duplicate_rows(wh: Warehouse, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = _workbook(tmp_path / "KHSM Encounters (USBP) fy24m02.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["Annual Region"].append([2023.0, "Southwest Land Border", 5.0])
    wb.save(path)
    assert_refused(wh, path, DuplicateRowError,
                   f"{path.name}, sheet 'Annual Region', line 4: lines 2 and 4 describe the same "
                   "cell (expected one row per combination of fy, fm, region)")


@case("F20", "bad file",
      "a workbook without a sheet is refused naming the sheet")
def workbook_missing_sheet(wh: Warehouse, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "KHSM Encounters (USBP) fy24m02.xlsx", skip="Monthly Sector")
    err = assert_refused(
        wh, path, SchemaError,
        f"{path.name}, field 'Monthly Sector': missing sheet(s) 'Monthly Sector' (expected the "
        "16 KHSM sheets: " + ", ".join(s.name for s in ohss_khsm.SHEETS) + ")")
    assert err.field == "Monthly Sector"


@case("F21", "bad file",
      "a workbook cell 'n/a' is refused naming sheet, line, field")
def workbook_bad_cell(wh: Warehouse, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "KHSM Encounters (USBP) fy24m02.xlsx",
                     bad_cell=("Monthly Region", 3))
    assert_refused(wh, path, ValueError_,
                   f"{path.name}, sheet 'Monthly Region', line 3, field 'Quantity': 'n/a' is not "
                   "a number (expected a whole number)")


@case("F22", "bad file",
      "one bad file in a batch refuses the batch; warehouse unchanged")
def batch_is_all_or_nothing(wh: Warehouse, tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    write_csv(folder / "nationwide-encounters-fy23-fy24-dec-state.csv", STATE_HEADER,
              state_rows(months=("OCT", "NOV", "DEC")))
    rows = state_rows()
    rows[0][8] = "-1"
    write_csv(folder / "nationwide-encounters-fy23-fy24-nov-state.csv", STATE_HEADER, rows)
    before = snapshot(wh)
    with pytest.raises(ValueError_, match="nov-state.csv, line 2"):
        wh.ingest([folder])
    assert snapshot(wh) == before


@case("F23", "bad file",
      "unrecognised files are listed with a reason, not ingested")
def unrecognised_files_are_listed_not_ingested(wh: Warehouse, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "notes.txt").write_text("hello")
    (folder / "other.csv").write_text("a,b\n1,2\n")
    write_csv(folder / "renamed-by-hand.csv", STATE_HEADER, state_rows(months=("DEC",)))
    report = wh.ingest([folder])
    assert [(f.path.name, f.status, f.reason) for f in report.files] == [
        ("notes.txt", "unrecognised", "not a supported publication (by name and type)"),
        ("other.csv", "unrecognised", "a CSV whose header matches no supported publication"),
        ("renamed-by-hand.csv", "ingested", "cbp_state"),
    ]


# ---------------------------------------------------------------- releases that cannot regress
NOV = "nationwide-encounters-fy23-fy24-nov-state.csv"
STATES = ("AZ", "CA", "NM", "TX", "NY", "VT", "WA", "FL", "MI", "ME")


def wide_rows(months: tuple[str, ...] = ("OCT", "NOV"), bump: int = 0) -> list[list[object]]:
    """40 cells a month: ten states by two citizenships by two demographics."""
    return [["2024 (FYTD)", "FYTD", month, "Southwest Land Border", state, demo, cit, "Title 8",
             10 + i + bump]
            for month in months for i, state in enumerate(STATES)
            for demo in ("Single Adults", "FMUA") for cit in ("MEXICO", "CUBA")]


def _two_copies(tmp_path: Path, first: list[list[object]],
                second: list[list[object]]) -> tuple[Path, Path]:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    return (write_csv(tmp_path / "a" / NOV, STATE_HEADER, first),
            write_csv(tmp_path / "b" / NOV, STATE_HEADER, second))


@case("F24", "bad file",
      "a cut-short copy cannot become latest; forced, it is noted and verify names it")
def cut_short_copy_cannot_become_latest(wh: Warehouse, tmp_path: Path) -> None:
    full, cut = _two_copies(tmp_path, wide_rows(), wide_rows()[:-10])
    (kept,) = [f.release_id for f in wh.ingest([full]).ingested]
    assert_refused(wh, cut, RegressionError,
                   f"{NOV}: would replace release #{kept} ({NOV}) as the latest cbp_state, but "
                   "10 cells fewer in 1 month(s) (2023-11) (expected a release with every month "
                   "and cell of the one it replaces; `ingest --force` stores it anyway)")
    from borderflow.store import Query

    nov = Query(filters={"region": "Southwest Land Border"}, start=dt.date(2023, 11, 1),
                end=dt.date(2023, 11, 1))
    assert wh.query(nov).total() == sum(int(str(r[8])) for r in wide_rows(("NOV",)))
    # forced, it is stored, says so, and verify names it
    (forced,) = wh.ingest([cut], force=True).ingested
    stored = wh.release(forced.release_id or 0)
    assert stored.notes == ("stored with force although would replace release "
                            f"#{kept} ({NOV}) as the latest cbp_state, but 10 cells fewer in 1 "
                            "month(s) (2023-11)")
    assert wh.verify() == [
        f"release {forced.release_id} is the latest cbp_state for 1 month(s) where the older "
        f"release {kept} publishes 10 more cells (2023-11): a cut-short copy?"]


@case("F25", "bad file",
      "a release missing a month it replaces is refused naming the month")
def gap_inside_the_span_is_refused(wh: Warehouse, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    full = write_csv(tmp_path / "a" / NOV, STATE_HEADER, wide_rows())
    (kept,) = [f.release_id for f in wh.ingest([full]).ingested]
    gap = write_csv(tmp_path / "nationwide-encounters-fy23-fy24-dec-state.csv", STATE_HEADER,
                    wide_rows(("OCT", "DEC")))
    assert_refused(wh, gap, RegressionError,
                   f"{gap.name}: would replace release #{kept} ({NOV}) as the latest cbp_state, "
                   "but 1 month(s) it publishes are missing (2023-11) (expected a release with "
                   "every month and cell of the one it replaces; `ingest --force` stores it "
                   "anyway)")


@case("F26", "bad file",
      "a revision dropping 3 of 40 cells is accepted; verify clean")
def revision_dropping_a_few_cells_is_accepted(wh: Warehouse, tmp_path: Path) -> None:
    # a count revised to zero drops out of the sparse file: 3 of 40 cells is a revision
    first, later = _two_copies(tmp_path, wide_rows(), wide_rows()[:-3])
    later = later.rename(later.with_name("nationwide-encounters-fy23-fy24-nov2-state.csv"))
    wh.ingest([first])
    report = wh.ingest([later], published=dt.date(2024, 1, 5))
    assert [f.status for f in report.files] == ["ingested"]
    assert wh.verify() == []


@case("F27", "bad file",
      "a conflicting copy is refused naming the differing cell and both counts")
def conflicting_copy_is_refused_with_the_cells(wh: Warehouse, tmp_path: Path) -> None:
    changed = wide_rows()
    changed[5][8] = 999
    first, second = _two_copies(tmp_path, wide_rows(), changed)
    (kept,) = [f.release_id for f in wh.ingest([first]).ingested]
    assert_refused(wh, second, ConflictingCopyError,
                   f"{NOV}: a copy of release #{kept} (same file name and months) with 1 cell(s) "
                   "different: 2023-10 Southwest Land Border / state / CA / Single Adults / "
                   "Cuba / Title 8: 11 stored, 999 here (expected the same counts as the stored "
                   "copy; `ingest --force` stores it anyway)")


@case("C01", "CLI",
      "`ingest` refuses a cut-short copy (exit 1, message) and stores it with --force")
def cli_force(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from borderflow.cli import app

    full, cut = _two_copies(tmp_path, wide_rows(), wide_rows()[:-10])
    home = ["--home", str(tmp_path / "home")]
    env = {"COLUMNS": "400"}
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(full), *home], env=env).exit_code == 0
    refused = runner.invoke(app, ["ingest", str(cut), *home], env=env)
    assert refused.exit_code == 1
    assert f"error: {NOV}: would replace release #1 ({NOV}) as the latest cbp_state, but 10 " \
           "cells fewer in 1 month(s) (2023-11)" in " ".join(refused.output.split())
    forced = runner.invoke(app, ["ingest", str(cut), "--force", *home], env=env)
    assert forced.exit_code == 0, forced.output
    assert "1 ingested, 0 unchanged, 0 not recognised" in forced.output


# ---------------------------------------------------------------- counts exact and in range
@case("F28", "bad file",
      "a count 20 digits (once stored as -2^63) is refused naming line and field",
      cell='99999999999999999999',
      problem="'99999999999999999999' is out of range")
@case("F29", "bad file",
      "a count 2^53+1 (once rounded through float) is refused naming line and field",
      cell='9007199254740993',
      problem="'9007199254740993' is out of range")
@case("F30", "bad file", "a count one over the 10^9 bound is refused naming line and field",
      cell='1000000001',
      problem="'1000000001' is out of range")
@case("F31", "bad file", "a count '1e20' is refused naming line and field",
      cell='1e20',
      problem="'1e20' is out of range")
@case("F32", "bad file", "a count 'nan' is refused naming line and field",
      cell='nan',
      problem="'nan' is not a finite number")
@case("F33", "bad file", "a count '-inf' is refused naming line and field",
      cell='-inf',
      problem="'-inf' is not a finite number")
def count_out_of_range(wh: Warehouse, tmp_path: Path, cell: str, problem: str) -> None:
    rows = state_rows()
    rows[2][8] = cell
    path = bad_state(tmp_path, csv_text(STATE_HEADER, rows))
    expected = "a count from 0 to 1,000,000,000" if "range" in problem else \
        "a whole number of encounters"
    assert_refused(wh, path, ValueError_,
                   f"{path.name}, line 4, field 'Encounter Count': {problem} (expected "
                   f"{expected})")


@case("F34", "bad file",
      "counts up to 10^9 are stored exactly ('999,999,999.000' too)")
def counts_are_exact_up_to_the_bound(wh: Warehouse, tmp_path: Path) -> None:
    rows = state_rows()
    rows[0][8], rows[1][8] = "1000000000", "999,999,999.000"
    path = bad_state(tmp_path, csv_text(STATE_HEADER, rows))
    wh.ingest([path])
    got = wh._cursor().execute(
        "SELECT count FROM observation WHERE line IN (2, 3) AND release_id = "
        "(SELECT max(release_id) FROM release) ORDER BY line").fetchall()
    assert got == [(1_000_000_000,), (999_999_999,)]


@case("F35", "bad file", "a workbook cell text 'nan' is refused naming sheet, line, field",
      value="nan", problem="'nan' is not a finite number",
      expected="a whole number from 0 to 1,000,000,000")
@case("F36", "bad file", "a workbook cell text 'inf' is refused naming sheet, line, field",
      value="inf", problem="'inf' is not a finite number",
      expected="a whole number from 0 to 1,000,000,000")
@case("F37", "bad file", "a workbook cell text '1e20' is refused naming sheet, line, field",
      value="1e20", problem="'1e20' is out of range",
      expected="a whole number from 0 to 1,000,000,000")
@case("F38", "bad file", "a workbook cell number 1e20 is refused naming sheet, line, field",
      value=1e20, problem='1e+20 is out of range',
      expected="a whole number from 0 to 1,000,000,000")
@case("F39", "bad file", "a workbook cell number 12.5 is refused naming sheet, line, field",
      value=12.5, problem='12.5 is not a whole number',
      expected="a whole number from 0 to 1,000,000,000")
def workbook_cell_out_of_range(wh: Warehouse, tmp_path: Path, value: object, problem: str,
                                    expected: str) -> None:
    path = _workbook(tmp_path / "KHSM Encounters (USBP) fy24m02.xlsx",
                     bad_cell=("Monthly Region", 3), bad_value=value)
    assert_refused(wh, path, ValueError_,
                   f"{path.name}, sheet 'Monthly Region', line 3, field 'Quantity': {problem} "
                   f"(expected {expected})")


# ---------------------------------------------------------------- nothing from the future
TODAY = dt.date(2026, 11, 29)  # FY2027, month 2


@case("F40", "bad file",
      "rows for FY2099 or next month are refused; the current month is accepted, dated today")
def rows_after_the_current_month_are_refused(wh: Warehouse, tmp_path: Path) -> None:
    rows = state_rows()
    rows[2][0] = "2099"
    path = bad_state(tmp_path, csv_text(STATE_HEADER, rows))
    assert_refused(wh, path, ValueError_,
                   f"{path.name}, line 4, field 'Fiscal Year': a row for October 2098, after "
                   "the current month (expected months up to November 2026 (FY2027))",
                   today=TODAY)
    # within the current fiscal year, the month is what is wrong
    rows = state_rows(fy=2027, months=("OCT", "NOV", "DEC"))
    path = bad_state(tmp_path, csv_text(STATE_HEADER, rows))
    assert_refused(wh, path, ValueError_,
                   f"{path.name}, line 12, field 'Month (abbv)': a row for December 2026, after "
                   "the current month (expected months up to November 2026 (FY2027))",
                   today=TODAY)
    # the current month itself is accepted; its inferred publication date (the end of the
    # next month) cannot be after the day the file was read
    path = bad_state(tmp_path, csv_text(STATE_HEADER, state_rows(fy=2027)))
    (got,) = wh.ingest([path], today=TODAY).ingested
    release = wh.release(got.release_id or 0)
    assert (release.published, release.published_inferred) == (TODAY, True)
    assert release.notes == "publication date inferred as 2026-12-31, after the day it was " \
                            "read; 2026-11-29 used"


@case("F41", "bad file",
      "a workbook row for FY2099 is refused naming sheet, line, field")
def workbook_row_in_the_future(wh: Warehouse, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = _workbook(tmp_path / "KHSM Encounters (USBP) fy24m02.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["Monthly Region"].append([2099.0, "01 October", "Southwest Land Border", 5.0])
    wb.save(path)
    assert_refused(wh, path, ValueError_,
                   f"{path.name}, sheet 'Monthly Region', line 4, field 'Fiscal Year': a row for "
                   "October 2098, after the current month (expected months up to November 2026 "
                   "(FY2027))", today=TODAY)


@case("C02", "CLI",
      "`--published 2099-01-01` is refused (library and CLI), nothing stored")
def published_after_today_is_refused(wh: Warehouse, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from borderflow.cli import app

    path = bad_state(tmp_path, csv_text(STATE_HEADER, state_rows()))
    assert_refused(wh, path, OptionError,
                   "the publication date 2099-01-01 is after today (2026-11-29): a release "
                   "cannot have been published in the future",
                   published=dt.date(2099, 1, 1), today=TODAY)
    result = CliRunner().invoke(app, ["ingest", str(path), "--home", str(tmp_path / "h"),
                                      "--published", "2099-01-01"], env={"COLUMNS": "300"})
    assert result.exit_code == 1
    assert "error: the publication date 2099-01-01 is after today (" in result.output
    with Warehouse(tmp_path / "h" / "warehouse.duckdb", read_only=True) as stored:
        assert stored.releases() == []


# ---------------------------------------------------------------- inputs read within limits
@case("B01", "bomb",
      "a file over 64 MiB is refused before it is read")
def file_over_the_size_limit(wh: Warehouse, tmp_path: Path) -> None:
    from borderflow.sources import MAX_FILE_BYTES

    path = tmp_path / "nationwide-encounters-fy23-fy24-nov-state.csv"
    with path.open("wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk used
    assert_refused(wh, path, LimitError,
                   f"{path.name}: the file is 67,108,865 bytes (expected at most 67,108,864 "
                   "bytes)")


def _gzip_of_zeros(path: Path, size: int) -> Path:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    with path.open("wb") as fh:
        for _ in range(size >> 20):
            fh.write(packer.compress(bytes(1 << 20)))
        fh.write(packer.flush())
    return path


@case("B02", "bomb",
      "a gzip bomb is refused at 64 MiB decompressed; peak memory under 1.5x the cap")
def gzip_bomb(wh: Warehouse, tmp_path: Path) -> None:
    from borderflow.sources import MAX_FILE_BYTES
    from borderflow.sources.usbp_monthly import gunzip

    path = _gzip_of_zeros(tmp_path / "usbp_monthly_encounters_fy2000-fy2020.csv.gz",
                          MAX_FILE_BYTES + (8 << 20))
    assert path.stat().st_size < 100_000  # 72 MiB of zeros in a few KB
    assert_refused(wh, path, LimitError,
                   f"{path.name}: decompresses to more than 67,108,864 bytes (expected at most "
                   "67,108,864 bytes of text (a gzip bomb?))")
    tracemalloc.start()
    with pytest.raises(LimitError):
        gunzip(path, path.read_bytes())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 1.5 * MAX_FILE_BYTES  # stopped at the limit, not after decompressing it all


@case("F42", "bad file",
      "a damaged gzip stream is refused as ending early")
def gzip_cut_short(wh: Warehouse, tmp_path: Path) -> None:
    from borderflow.sources.usbp_monthly import HEADER

    packed = gzip.compress(("|".join(HEADER) + "\n" + "1|" * 400 + "\n").encode())
    path = tmp_path / "usbp_monthly_encounters_fy2000-fy2020.csv.gz"
    path.write_bytes(packed[: len(packed) // 2])
    assert_refused(wh, path, EncodingError,
                   f"{path.name}: the gzip stream is damaged (it ends early) (expected a "
                   "complete .gz file)")


@case("B03", "bomb",
      "an xlsx whose parts decompress past 256 MiB is refused before it is opened")
def xlsx_bomb(wh: Warehouse, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "KHSM Encounters (USBP) fy24m02.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf, \
            zf.open("xl/media/padding.bin", "w") as fh:
        for _ in range((ohss_khsm.MAX_XLSX_BYTES >> 20) + 1):
            fh.write(bytes(1 << 20))
    assert path.stat().st_size < 2_000_000
    with zipfile.ZipFile(path) as zf:
        parts = zf.infolist()
    total = sum(p.file_size for p in parts)
    assert total > ohss_khsm.MAX_XLSX_BYTES
    assert_refused(wh, path, LimitError,
                   f"{path.name}: its {len(parts)} parts decompress to {total:,} bytes (a zip "
                   "bomb?) (expected at most 268,435,456 bytes uncompressed in 1,000 parts)")


@case("B04", "bomb",
      "a 30 MB CSV cell is refused at 1,000 characters naming line and field")
def huge_cell(wh: Warehouse, tmp_path: Path) -> None:
    rows = state_rows()
    rows[2][6] = "A" * (30 << 20)
    path = bad_state(tmp_path, csv_text(STATE_HEADER, rows))
    assert_refused(wh, path, LimitError,
                   f"{path.name}, line 4, field 'Citizenship': a cell of 31,457,280 characters "
                   "(expected at most 1,000 characters per cell)")


@case("B05", "bomb",
      "a 5,000-character workbook cell is refused naming sheet, line, field")
def huge_workbook_cell(wh: Warehouse, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = _workbook(tmp_path / "KHSM Encounters (USBP) fy24m02.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["Monthly Citizenship"]["C3"] = "X" * 5_000
    wb.save(path)
    assert_refused(wh, path, LimitError,
                   f"{path.name}, sheet 'Monthly Citizenship', line 3, field 'Citizenship': a "
                   "cell of 5,000 characters (expected at most 1,000 characters per cell)")


@case("B06", "bomb",
      "a file of 2,000,001 rows is refused at the row cap")
def too_many_rows(wh: Warehouse, tmp_path: Path) -> None:
    from borderflow.sources._csv import MAX_ROWS

    path = bad_state(tmp_path, ",".join(STATE_HEADER) + "\n" + "x\n" * (MAX_ROWS + 1))
    assert_refused(wh, path, LimitError,
                   f"{path.name}, line 2000002: the file has 2,000,001 data rows (expected at "
                   "most 2,000,000 rows)")


@case("B07", "bomb",
      "a YAML alias bomb is refused at its first alias; a YAML over 1 MiB is refused")
def yaml_alias_bomb_and_size(tmp_path: Path) -> None:
    from borderflow.capacity.inputs import load_network

    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    lines.append("sites: [{name: x, beds: *i}]")
    path = tmp_path / "sites.yaml"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(LimitError) as info:
        load_network(path)
    assert str(info.value) == ("sites.yaml, line 2: an alias (*a) (expected plain values: "
                               "anchors and aliases are not accepted)")
    path.write_text("sites: [{name: x, beds: 10}]\n" + "#" * (1 << 20) + "\n")
    with pytest.raises(LimitError) as info:
        load_network(path)
    assert str(info.value) == ("sites.yaml: the file is 1,048,606 bytes (expected at most "
                               "1,048,576 bytes)")


# ---------------------------------------------------------------- errors printed as plain text
@case("C03", "CLI",
      "Rich markup in cells and the file name is printed as text; the ingest report completes")
def markup_in_a_cell_is_printed_as_text(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from borderflow.cli import app

    rows = state_rows()
    rows[2][6] = "[/x]"
    rows[3][6] = "[bold red]ATLANTIS"
    path = bad_state(tmp_path, csv_text(STATE_HEADER, rows),
                     name="[red]nationwide-encounters-fy23-fy24-nov-state.csv")
    home = tmp_path / "home"
    result = CliRunner().invoke(app, ["ingest", str(path), "--home", str(home)],
                                env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    lines = [ln.strip() for ln in result.output.splitlines()]
    assert f"unknown value in {path.name}: Citizenship: '[/x]' kept as '[/x]' (1 rows, first " \
           "at line 4)" in lines
    assert f"unknown value in {path.name}: Citizenship: '[bold red]ATLANTIS' kept as " \
           "'[bold red]ATLANTIS' (1 rows, first at line 5)" in lines
    assert any(ln.startswith(f"│ {path.name} │ ingested │") for ln in lines)
    listed = CliRunner().invoke(app, ["releases", "--home", str(home)], env={"COLUMNS": "300"})
    assert listed.exit_code == 0 and path.name in listed.output


@case("F43", "bad file",
      "the newest official state file less 300 lines is refused; SW Oct 2025 stays 11,707")
def official_state_file_cut_short_is_refused(data_dir: Path, tmp_path: Path) -> None:
    """The red team's case: the newest state file less its last 300 lines, same name."""
    from borderflow.store import Query

    name = "nationwide-encounters-fy23-fy26-nov-state.csv"
    wh = Warehouse(tmp_path / "w.duckdb")
    (kept,) = [f.release_id for f in wh.ingest([data_dir / "cbp_nationwide_state" / name]).ingested]
    (tmp_path / "cut").mkdir()
    lines = (data_dir / "cbp_nationwide_state" / name).read_bytes().split(b"\n")
    cut = tmp_path / "cut" / name
    cut.write_bytes(b"\n".join(lines[:-301]) + b"\n")
    assert len(lines) - 1 - cut.read_bytes().count(b"\n") == 300
    oct25 = Query(filters={"region": "Southwest Land Border"}, start=dt.date(2025, 10, 1),
                  end=dt.date(2025, 10, 1))
    assert wh.query(oct25).total() == 11_707
    assert_refused(wh, cut, RegressionError,
                   f"{name}: would replace release #{kept} ({name}) as the latest cbp_state, but "
                   "300 cells fewer in 1 month(s) (2025-10) (expected a release with every month "
                   "and cell of the one it replaces; `ingest --force` stores it anyway)")
    assert wh.query(oct25).total() == 11_707
    wh.close()


def seeded(tmp_path: Path) -> Warehouse:
    """A warehouse holding one small state release (the ``wh`` fixture)."""
    wh = Warehouse(tmp_path / "w.duckdb")
    (tmp_path / "seed").mkdir()
    wh.ingest([write_csv(tmp_path / "seed" / GOOD, STATE_HEADER, state_rows(months=("OCT",)))])
    return wh


# ---------------------------------------------------------------- kills during an ingest
KILL_SCRIPT = textwrap.dedent("""
    import sys
    from pathlib import Path
    from borderflow.store import Warehouse

    def progress(stage, done, total, name):
        print(stage, done, total, name, flush=True)

    wh = Warehouse(Path(sys.argv[1]))
    wh.ingest([Path(sys.argv[2])], progress=progress)
    print("committed", flush=True)
""")
#: the official folders the kill cases ingest (4 releases in 830 KB: quick to re-read)
KILL_FOLDERS = ("cbp_southwest_sbo", "usbp_historical")


def small_official(data_dir: Path, folder: Path) -> Path:
    """A folder of links to a few official files (links, never copies)."""
    folder.mkdir()
    for name in KILL_FOLDERS:
        for f in sorted((data_dir / name).iterdir()):
            (folder / f.name).symlink_to(f)
    return folder


def run_and_kill(db: Path, data: Path, kill_on: str) -> bool:
    """Start an ingest; SIGKILL it when a progress line starts with ``kill_on``.

    Returns whether the process was killed before it committed.
    """
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(db), str(data)],
                            stdout=subprocess.PIPE, text=True, env=os.environ.copy())
    assert proc.stdout is not None
    killed = False
    deadline = time.monotonic() + 120
    for line in proc.stdout:
        if line.startswith(kill_on):
            proc.send_signal(signal.SIGKILL)
            killed = True
            break
        if time.monotonic() > deadline:  # pragma: no cover - a hung child
            proc.kill()
            break
    proc.wait(timeout=60)
    return killed


@case("K01", "kill", "SIGKILL while reading the files leaves an empty, consistent warehouse",
      trigger="read 3")
@case("K02", "kill", "SIGKILL inside the write transaction leaves an empty, consistent "
      "warehouse; a full ingest afterwards stores all 4 releases", trigger="write 3")
def kill_mid_ingest_leaves_previous_state(tmp_path: Path, data_dir: Path, trigger: str) -> None:
    db = tmp_path / "w.duckdb"
    data = small_official(data_dir, tmp_path / "data")
    assert run_and_kill(db, data, trigger)
    with Warehouse(db) as wh:
        assert wh.releases() == []
        assert wh.verify() == []
        report = wh.ingest([data])
        assert len(report.ingested) == 4
        assert wh.verify() == []


@case("K03", "kill", "SIGKILL during a second batch keeps the first batch exactly")
def kill_during_second_batch_keeps_first(tmp_path: Path, data_dir: Path) -> None:
    db = tmp_path / "w.duckdb"
    with Warehouse(db) as wh:
        wh.ingest([data_dir / "usbp_historical"])
        before = [r.sha256 for r in wh.releases()]
    assert len(before) == 1
    data = small_official(data_dir, tmp_path / "data")
    assert run_and_kill(db, data, "write 2")
    with Warehouse(db) as wh:
        assert [r.sha256 for r in wh.releases()] == before
        assert wh.verify() == []


# ---------------------------------------------------------------- the CLI beside a server
@case("C04", "CLI", "`ingest` while serving writes to a copy; the server switches to 26 "
      "releases, not a cached answer")
def ingest_while_serving_switches_the_server_over(official_home: Path, tmp_path: Path) -> None:
    import shutil

    import httpx
    from typer.testing import CliRunner

    from borderflow.cli import app
    from tests.servers import serving

    home = tmp_path / "home"
    home.mkdir()
    shutil.copy2(official_home / "warehouse.duckdb", home / "warehouse.duckdb")
    extra = write_csv(tmp_path / "nationwide-encounters-fy24-fy24-oct-state.csv", STATE_HEADER,
                      state_rows(months=("OCT",)))
    with serving(home) as base:
        assert httpx.get(base + "/api/health").json()["releases"] == 25
        before = httpx.get(base + "/api/releases").json()
        result = CliRunner().invoke(app, ["ingest", str(extra), "--home", str(home)])
        assert result.exit_code == 0, result.output
        assert "writing to a copy" in result.output
        deadline = time.monotonic() + 20
        while httpx.get(base + "/api/health").json()["releases"] != 26:
            assert time.monotonic() < deadline, "the server never switched to the new file"
            time.sleep(0.5)
        after = httpx.get(base + "/api/releases").json()  # not the cached answer from before
        assert len(after) == len(before) + 1
    assert not (home / "warehouse.duckdb.next").exists()


# ---------------------------------------------------------------- update from a hostile page
@case("C05", "CLI", "links with ..%2F, an absolute path or ..%5C are refused by name; only the "
      "plain file is written, inside the download folder")
def links_cannot_write_outside_the_download_folder(site: Site, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    names = ["nationwide-encounters-fy21-fy24-oct-state.csv",
             "nationwide-encounters-fy21-fy24-nov-state.csv",
             "nationwide-encounters-fy22-fy25-state.csv"]
    evil = ["/f/..%2F..%2Foutside%2F" + names[0],
            "/f/" + quote(str(outside / names[1]), safe=""),
            "/f/..%5C..%5Coutside%5C" + names[2]]
    site.put("/page", "".join(f'<a href="{h}">x</a>' for h in evil)
             + '<a href="/f/sbo-encounters-fy22-fy25-nov.csv">ok</a>')
    for h in evil:
        site.put(h, STATE_CSV)
    site.put("/f/sbo-encounters-fy22-fy25-nov.csv", SBO_CSV)
    cache = tmp_path / "home" / "cache"
    with client() as c:
        got = fetch_all(c, [site.base + "/page"], cache)
    decoded = ["../../outside/" + names[0], str(outside / names[1]),
               "..\\..\\outside\\" + names[2]]
    assert [(f.status, f.message) for f in got] == [
        *[("refused", f"the link's file name {d!r} is not a plain file name; it is not "
                      f"downloaded (it could be written outside {cache})") for d in decoded],
        ("new", "")]
    assert site.hits == ["/page", "/f/sbo-encounters-fy22-fy25-nov.csv"]
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert written == ["home/cache/manifest.json", "home/cache/sbo-encounters-fy22-fy25-nov.csv"]


@case("C06", "CLI", "`update` refuses a conflicting copy (one count revised, same name) naming "
      "the cell, again from its cache, and stores it with --force, noted")
def update_refuses_a_conflicting_copy_until_forced(site: Site, tmp_path: Path) -> None:
    url = "/f/nationwide-encounters-fy21-fy24-oct-state.csv"
    site.put("/page", f'<a href="{url}">a</a>')
    site.put(url, STATE_CSV)
    runner = CliRunner()
    args = ["update", "--home", str(tmp_path / "home"), "--page", site.base + "/page"]
    env = {"COLUMNS": "400"}
    assert runner.invoke(app, args, env=env).exit_code == 0
    site.put(url, STATE_CSV.replace(",100\r\n", ",101\r\n"))  # one count revised, same name
    refused = runner.invoke(app, args, env=env)
    assert refused.exit_code == 1
    assert ("error: nationwide-encounters-fy21-fy24-oct-state.csv: a copy of release #1 (same "
            "file name and months) with 1 cell(s) different: 2023-10 Southwest Land Border / "
            "state / TX / Single Adults / Mexico / Title 8: 100 stored, 101 here (expected the "
            "same counts as the stored copy; `ingest --force` stores it anyway)"
            ) in " ".join(refused.output.split())
    again = runner.invoke(app, args, env=env)  # the cached copy is still not a release
    assert again.exit_code == 1 and "a copy of release #1" in again.output
    forced = runner.invoke(app, [*args, "--force"], env=env)
    assert forced.exit_code == 0, forced.output
    assert "1 ingested, 0 unchanged, 0 not recognised" in forced.output
    from borderflow.store import Warehouse

    with Warehouse(tmp_path / "home" / "warehouse.duckdb", read_only=True) as wh:
        assert [r.release_id for r in wh.releases()] == [1, 2]
        assert wh.release(2).notes.startswith(
            "stored with force although a copy of release #1 (same file name and months) "
            "with 1 cell(s) different")


# ---------------------------------------------------------------- a cap across a whole batch
def _batch(tmp_path: Path) -> Path:
    """Two state files of 10 rows (Oct-Nov, Nov-Dec: as many bytes) and a gzip of 1 MiB of
    zeros."""
    folder = tmp_path / "batch"
    folder.mkdir()
    for first, month in (("OCT", "nov"), ("NOV", "dec")):
        write_csv(folder / f"nationwide-encounters-fy23-fy24-{month}-state.csv", STATE_HEADER,
                  state_rows(months=(first, month.upper())))
    _gzip_of_zeros(folder / "usbp_monthly_encounters_fy2000-fy2020.csv.gz", 1 << 20)
    return folder


@case("B08", "bomb", "a batch whose files decompress past the batch cap (set to 1 MiB here; a "
      "gzip counts what it decompresses to) is refused before any is parsed, naming cap and "
      "files; warehouse unchanged")
def batch_over_its_byte_cap(wh: Warehouse, tmp_path: Path,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    from borderflow.store import ingest

    monkeypatch.setattr(ingest, "MAX_BATCH_BYTES", 1 << 20)
    folder = _batch(tmp_path)
    sizes = sorted(f.stat().st_size for f in folder.glob("*.csv"))
    assert sizes[0] == sizes[1] and sum(sizes) < (1 << 20)
    n = sizes[0]
    before = snapshot(wh)
    with pytest.raises(LimitError) as info:
        wh.ingest([folder])
    assert str(info.value) == (
        "usbp_monthly_encounters_fy2000-fy2020.csv.gz: the batch is over its cap of 1,048,576 "
        f"bytes: its first 3 of 3 files hold {1048576 + 2 * n:,} bytes "
        f"(usbp_monthly_encounters_fy2000-fy2020.csv.gz (1,048,576), "
        f"nationwide-encounters-fy23-fy24-dec-state.csv ({n:,}), "
        f"nationwide-encounters-fy23-fy24-nov-state.csv ({n:,})); nothing was written "
        "(expected at most 1,048,576 bytes in one ingest or update (MAX_BATCH_BYTES); ingest "
        "the files in smaller batches)")
    assert snapshot(wh) == before


@case("B09", "bomb", "a batch past the rows cap (set to 15 here: two files of 10) is refused "
      "after reading, before writing, naming cap and files; warehouse unchanged")
def batch_over_its_row_cap(wh: Warehouse, tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    from borderflow.store import ingest

    monkeypatch.setattr(ingest, "MAX_BATCH_ROWS", 15)
    folder = _batch(tmp_path)
    (folder / "usbp_monthly_encounters_fy2000-fy2020.csv.gz").unlink()
    before = snapshot(wh)
    with pytest.raises(LimitError) as info:
        wh.ingest([folder], workers=1)
    assert str(info.value) == (
        "nationwide-encounters-fy23-fy24-nov-state.csv: the batch is over its cap of 15 rows: "
        "its first 2 of 2 files hold 20 rows (nationwide-encounters-fy23-fy24-dec-state.csv "
        "(10), nationwide-encounters-fy23-fy24-nov-state.csv (10)); nothing was written "
        "(expected at most 15 rows in one ingest or update (MAX_BATCH_ROWS); ingest the files "
        "in smaller batches)")
    assert snapshot(wh) == before


@case("C07", "CLI", "`ingest` of a batch over the cap exits 1 with the cap and the files; "
      "nothing stored")
def cli_batch_over_its_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from borderflow.store import ingest

    monkeypatch.setattr(ingest, "MAX_BATCH_ROWS", 15)
    folder = _batch(tmp_path)
    (folder / "usbp_monthly_encounters_fy2000-fy2020.csv.gz").unlink()
    home = tmp_path / "home"
    result = CliRunner().invoke(app, ["ingest", str(folder), "--home", str(home)],
                                env={"COLUMNS": "400"})
    assert result.exit_code == 1
    assert "the batch is over its cap of 15 rows: its first 2 of 2 files hold 20 rows" in \
        " ".join(result.output.split())
    with Warehouse(home / "warehouse.duckdb", read_only=True) as stored:
        assert stored.releases() == []
