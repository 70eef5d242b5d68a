"""The OHSS "KHSM: CBP Encounters (USBP)" workbook: every one of its 16 sheets.

Border Patrol only, Oct 1999 onward, every quantity rounded to the nearest 10
(the OHSS disclosure rule).  Each sheet is its own family: the sheets are
different cuts of the same encounters, so they are never added together.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from borderflow import vocab
from borderflow.errors import EmptyFileError, LimitError, SchemaError, ValueError_
from borderflow.sources import _cbp
from borderflow.sources._base import FamilySpec, ParsedRelease, UnknownValue
from borderflow.sources._csv import MAX_CELL_CHARS, MAX_COUNT, shown, whole_number

SOURCE_KIND = "ohss_khsm"
NAME_PATTERN = r"khsm.*\.xlsx$"

#: The most a workbook's parts may decompress to, in total.  The KHSM workbook's 26 parts
#: hold 11.8 MB; twenty times that is room for growth, and refuses a zip bomb before
#: the spreadsheet reader expands it (a 3.6 MB bomb once took 5.6 GB).
MAX_XLSX_BYTES = 256 * 2**20
#: The most parts a workbook may have (the KHSM workbook has 26).
MAX_XLSX_PARTS = 1_000

_DIM_OF = {"Region": "region", "Citizenship": "citizenship", "Family Status": "demographic",
           "Sector": "area"}


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name, the columns between the time columns and Quantity."""

    name: str
    columns: tuple[str, ...]

    @property
    def monthly(self) -> bool:
        return self.name.startswith("Monthly")

    @property
    def family(self) -> str:
        return "ohss_khsm." + re.sub(r"\W+", "_", self.name.lower())

    @property
    def header(self) -> tuple[str, ...]:
        return ("Fiscal Year", *(("Month",) if self.monthly else ()), *self.columns, "Quantity")


_CUTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Count", ()), ("Citizenship", ("Citizenship",)), ("Region", ("Region",)),
    ("Family Status", ("Family Status",)), ("Sector", ("Sector",)),
    ("Rgn and Citp", ("Region", "Citizenship")),
    ("Rgn and Fam Status", ("Region", "Family Status")),
    ("Rgn and Sector", ("Region", "Sector")),
)
SHEETS: tuple[Sheet, ...] = tuple(
    Sheet(f"{grain} {cut}", cols) for grain in ("Annual", "Monthly") for cut, cols in _CUTS
)


def _spec(sheet: Sheet) -> FamilySpec:
    dims = {_DIM_OF[c] for c in sheet.columns}
    if "area" in dims:
        dims |= {"area_type", "region"}  # a sector implies its region
    return FamilySpec(
        family=sheet.family, source_kind=SOURCE_KIND,
        title=f"OHSS KHSM USBP encounters: {sheet.name.lower()} (rounded to 10)",
        time_grain="month" if sheet.monthly else "year", dims=frozenset(dims),
        fixed={"component": vocab.USBP}, rounding=10,
        priority=70 if sheet.monthly else 90,
        citizenship_scheme="ohss" if "Citizenship" in sheet.columns else None,
    )


FAMILIES = tuple(_spec(s) for s in SHEETS)
TIME_FIELDS = ("Fiscal Year", "Month")


def sheet_of(family: str) -> str | None:
    """The sheet whose rows are ``family``."""
    return next((s.name for s in SHEETS if s.family == family), None)


def _norm(cell: object) -> str:
    return " ".join(str(cell).split()) if cell is not None else ""


def workbook_date(data: bytes) -> dt.date | None:
    """The workbook's own modified (or created) date from docProps/core.xml."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            core = zf.read("docProps/core.xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError):
        return None
    for tag in ("dcterms:modified", "dcterms:created"):
        m = re.search(rf"<{tag}[^>]*>(\d{{4}}-\d{{2}}-\d{{2}})", core)
        if m:
            return dt.date.fromisoformat(m[1])
    return None


def check_size(path: Path, data: bytes) -> None:
    """Refuse a workbook whose parts decompress to more than :data:`MAX_XLSX_BYTES`.

    The sizes a zip declares are its own claim, so every part is also decompressed once,
    in pieces, by ``zipfile``, which stops at the declared size and checks the CRC: a part
    lying about its size is refused as damaged, before the spreadsheet reader sees it.

    Raises:
        LimitError: too many parts, or too many bytes.
        SchemaError: not a zip, or a damaged one.
    """
    expected = f"at most {MAX_XLSX_BYTES:,} bytes uncompressed in {MAX_XLSX_PARTS:,} parts"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = zf.infolist()
            total = sum(p.file_size for p in parts)
            if len(parts) > MAX_XLSX_PARTS or total > MAX_XLSX_BYTES:
                raise LimitError(path, f"its {len(parts):,} parts decompress to {total:,} bytes "
                                 "(a zip bomb?)", expected=expected)
            for part in parts:
                with zf.open(part) as fh:
                    while fh.read(1 << 20):
                        pass
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError,
            OSError, ValueError) as exc:
        raise SchemaError(path, f"not a readable .xlsx workbook ({exc})",
                          expected="the OHSS KHSM workbook") from exc


def read(path: Path, data: bytes) -> ParsedRelease:
    """Read all 16 sheets; a missing or renamed sheet is an error naming it."""
    from python_calamine import CalamineError, CalamineWorkbook

    check_size(path, data)
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, ValueError, OSError) as exc:
        raise SchemaError(path, f"not a readable .xlsx workbook ({exc})",
                          expected="the OHSS KHSM workbook") from exc
    missing = [s.name for s in SHEETS if s.name not in wb.sheet_names]
    if missing:
        raise SchemaError(path, "missing sheet(s) " + ", ".join(repr(m) for m in missing),
                          field=missing[0],
                          expected="the 16 KHSM sheets: " + ", ".join(s.name for s in SHEETS))
    unknowns: list[UnknownValue] = []
    tables: list[pa.Table] = []
    rows_read = 0
    for sheet in SHEETS:
        rows = wb.get_sheet_by_name(sheet.name).to_python(skip_empty_area=True)
        tables.append(_read_sheet(path, sheet, rows, unknowns))
        rows_read += max(len(rows) - 1, 0)
    table, partial = _whole_years_only(pa.concat_tables(tables))
    monthly = table.filter(pc.greater(table["fm"], 0))
    fy, fm = monthly["fy"].to_numpy(), monthly["fm"].to_numpy()
    published = workbook_date(data)
    return ParsedRelease(
        path=path, source_kind=SOURCE_KIND, sha256=_cbp.sha256_of(data), size=len(data),
        rows_read=rows_read, published=published or _cbp.infer_published(fy, fm),
        published_inferred=published is None, table=table, unknowns=unknowns,
        notes=["every quantity is rounded to the nearest 10 by OHSS"] + (
            [f"annual rows of FY{', FY'.join(map(str, partial))} not stored: the workbook's "
             "months do not complete the year, so its 'annual' figure is part of a year "
             "(the months are in the monthly sheets)"] if partial else []),
    )


def _whole_years_only(table: pa.Table) -> tuple[pa.Table, list[int]]:
    """Drop annual rows of fiscal years the workbook's monthly count shows to be partial.

    The workbook's last year holds only the months published so far (FY2025: October
    and November); its "annual" figure is those months, which must never answer a
    whole fiscal year.
    """
    monthly = table.filter(pc.equal(table["family"], "ohss_khsm.monthly_count"))
    months: dict[int, set[int]] = {}
    for fy, fm in zip(monthly["fy"].to_pylist(), monthly["fm"].to_pylist(), strict=True):
        months.setdefault(int(fy), set()).add(int(fm))
    annual = pc.equal(table["fm"], 0)
    partial = sorted({fy for fy, fms in months.items() if len(fms) < 12}
                     & {int(y) for y in table.filter(annual)["fy"].to_pylist()})
    drop = pc.and_(annual, pc.is_in(table["fy"], pa.array(partial, pa.int16())))
    return table.filter(pc.invert(drop)), partial


def _read_sheet(path: Path, sheet: Sheet, rows: list[list[Any]],
                unknowns: list[UnknownValue]) -> pa.Table:
    if not rows:
        raise EmptyFileError(path, "the sheet is empty", sheet=sheet.name)
    header = tuple(_norm(c) for c in rows[0])
    if header[: len(sheet.header)] != sheet.header:
        raise SchemaError(path, f"header is {[shown(h) for h in header][:12]}",
                          sheet=sheet.name, line=1,
                          expected="columns " + ", ".join(sheet.header))
    body = [r for r in rows[1:] if any(c not in (None, "") for c in r)]
    if not body:
        raise EmptyFileError(path, "the sheet has a header but no rows", sheet=sheet.name)
    n = len(body)
    lines = np.arange(2, n + 2, dtype=np.int32)
    fy = np.empty(n, np.int16)
    fm = np.zeros(n, np.int8)
    counts = np.empty(n, np.int64)
    dims: dict[str, list[str | None]] = {d: [None] * n for d in ("region", "citizenship",
                                                                  "demographic", "area_type",
                                                                  "area")}
    seen_unknown: dict[tuple[str, str], list[int]] = {}
    q = len(sheet.header) - 1
    for i, row in enumerate(body):
        line = i + 2
        fy[i] = _int_cell(path, sheet, row[0], line, "Fiscal Year", 1990, 2100)
        col = 1
        if sheet.monthly:
            label = _text_cell(path, sheet, row[1], line, "Month")
            m = re.fullmatch(r"(\d{1,2}) ([A-Za-z]+)", label)
            if not m or not 1 <= int(m[1]) <= 12 or \
                    vocab.MONTH_NAMES[int(m[1]) - 1].lower() != m[2].lower():
                raise ValueError_(path, f"month label {shown(label)}", sheet=sheet.name, line=line,
                                  field="Month", expected="'01 October' .. '12 September'")
            fm[i] = int(m[1])
            col = 2
        for name in sheet.columns:
            raw = _text_cell(path, sheet, row[col], line, name)
            col += 1
            if not raw:
                raise ValueError_(path, "empty value", sheet=sheet.name, line=line, field=name)
            if name == "Region":
                value = vocab.canonical(vocab.REGION_ALIASES, raw)
                if value is None or value == vocab.OTHER_REGION:
                    raise ValueError_(path, f"unknown region {shown(raw)}", sheet=sheet.name,
                                      line=line, field=name,
                                      expected="Coastal Border, Northern Land Border or "
                                               "Southwest Land Border")
                dims["region"][i] = value
                continue
            table = {"Citizenship": vocab.CITIZENSHIP_ALIASES,
                     "Family Status": vocab.DEMOGRAPHIC_ALIASES,
                     "Sector": vocab.SECTOR_ALIASES}[name]
            value = vocab.canonical(table, raw)
            if value is None:
                value = vocab.title_fallback(raw)
                seen_unknown.setdefault((name, raw), []).append(line)
            dims[_DIM_OF[name]][i] = value
            if name == "Sector":
                dims["area_type"][i] = "sector"
                sector = vocab.SECTOR_BY_NAME.get(value.lower())
                derived = sector.region if sector else None
                if dims["region"][i] is None:
                    dims["region"][i] = derived
        counts[i] = _int_cell(path, sheet, row[q], line, "Quantity", 0, MAX_COUNT)
    for (name, raw), where in seen_unknown.items():
        unknowns.append(UnknownValue(f"{sheet.name}: {name}", raw, vocab.title_fallback(raw),
                                     len(where), where[0]))
    spec = _spec(sheet)
    cols = {d: pa.array(v, pa.string()) for d, v in dims.items() if d in spec.dims}
    cols["component"] = pa.array([vocab.USBP] * n, pa.string())
    table = _cbp.build_table(sheet.family, lines, fy, fm, cols, counts)
    _cbp.check_unique(path, table, ["fy", "fm", *sorted(spec.dims)], sheet=sheet.name)
    return table


def _text_cell(path: Path, sheet: Sheet, cell: object, line: int, field: str) -> str:
    """A label, refused when longer than :data:`~borderflow.sources._csv.MAX_CELL_CHARS`."""
    if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
        raise LimitError(path, f"a cell of {len(cell):,} characters", sheet=sheet.name,
                         line=line, field=field,
                         expected=f"at most {MAX_CELL_CHARS:,} characters per cell")
    return _norm(cell)


def _int_cell(path: Path, sheet: Sheet, cell: object, line: int, field: str,
              lo: int, hi: int) -> int:
    """An exact whole number within [lo, hi]; workbook numbers arrive as floats."""
    got = whole_number(cell, lo, hi)
    if isinstance(got, str):
        raise ValueError_(path, f"{shown(cell)} {got}", sheet=sheet.name, line=line,
                          field=field, expected="a whole number" if got.endswith("a number")
                          else f"a whole number from {lo:,} to {hi:,}")
    return got
