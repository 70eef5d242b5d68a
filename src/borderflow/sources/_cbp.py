"""Shared machinery of CBP's monthly CSV releases (state, AOR and southwest files).

The three formats share the time columns (``Fiscal Year``, ``Month Grouping``,
``Month (abbv)``), the vocabularies and the quirks listed in MANIFEST.md; they
differ in which dimension columns they carry.  A :class:`Layout` says which.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from borderflow import vocab
from borderflow.errors import DuplicateRowError
from borderflow.sources._base import (
    CANONICAL_SCHEMA,
    DIMENSIONS,
    ParsedRelease,
    UnknownValue,
)
from borderflow.sources._csv import (
    decode_utf8,
    line_numbers,
    map_categories,
    parse_counts,
    parse_fiscal_year,
    read_table,
)

Lookup = Callable[[str], str | None]


@dataclass(frozen=True)
class Column:
    """How one raw column maps to a canonical dimension."""

    name: str
    dim: str
    lookup: Lookup
    closed: bool
    expected: str


def _alias(table: dict[str, str]) -> Lookup:
    return lambda raw: vocab.canonical(table, raw)


def _state(raw: str) -> str | None:
    code = raw.strip().upper()
    return code if code in vocab.US_STATES else None


REGION = Column("Land Border Region", "region", _alias(vocab.REGION_ALIASES), True,
                "Southwest Land Border, Northern Land Border or Other")


def split_state(raw: str) -> tuple[str, str] | None:
    """A USPS code is an area of type ``state``; anything else is unknown."""
    code = _state(raw)
    return ("state", code) if code else None

COMPONENT = Column("Component", "component", _alias(vocab.COMPONENT_ALIASES), True,
                   "U.S. Border Patrol or Office of Field Operations")
DEMOGRAPHIC = Column("Demographic", "demographic", _alias(vocab.DEMOGRAPHIC_ALIASES), False,
                     "Single Adults, Accompanied Minors, FMUA, UC / Single Minors or UAC")
CITIZENSHIP = Column("Citizenship", "citizenship", vocab.cbp22_citizenship, False,
                     "a country name")
CITIZENSHIP_GROUP = Column(
    "Citizenship Grouping", "citizenship",
    vocab.group_citizenship,
    True, "El Salvador, Guatemala, Honduras, Mexico or Other")
AUTHORITY = Column("Title of Authority", "authority", _alias(vocab.AUTHORITY_ALIASES), True,
                   "Title 8 or Title 42")
ENCOUNTER_TYPE = Column("Encounter Type", "encounter_type",
                        _alias(vocab.ENCOUNTER_TYPE_ALIASES), True,
                        "Apprehensions, Inadmissibles or Expulsions")
MONTH_GROUPING = {"fytd": "FYTD", "remaining": "Remaining"}


@dataclass(frozen=True)
class Layout:
    """One CBP CSV publication format."""

    source_kind: str
    family: str
    header: tuple[str, ...]
    columns: tuple[Column, ...]
    constants: tuple[tuple[str, str], ...] = ()
    count_column: str = "Encounter Count"
    fiscal_year_column: str = "Fiscal Year"
    month_column: str = "Month (abbv)"
    month_grouping_column: str | None = "Month Grouping"
    allow_index_column: bool = False
    #: the column naming the area (state, sector or field office) and how to split it
    area_column: str | None = None
    area_split: Callable[[str], tuple[str, str] | None] | None = None


def sha256_of(data: bytes) -> str:
    """Hex sha256 of the file's bytes: a release's identity."""
    return hashlib.sha256(data).hexdigest()


def infer_published(fy: np.ndarray, fm: np.ndarray) -> dt.date:
    """The latest plausible publication date after the newest month in the rows.

    See :func:`borderflow.sources.published.infer`: an inferred date errs late,
    so an as-of query never sees figures before they were public.
    """
    from borderflow.sources.published import infer

    last = int((fy.astype(np.int32) * 100 + fm.astype(np.int32)).max())
    return infer(vocab.month_start(last // 100, last % 100))


def map_fiscal_months(path: Path, column: pa.ChunkedArray, field: str,
                      lines: np.ndarray) -> np.ndarray:
    """``OCT``..``SEP`` (any case, or full month names) to fiscal months 1..12."""
    names = {m.lower(): str(i) for i, m in enumerate(vocab.FISCAL_MONTHS, start=1)}
    names.update({m.lower(): str(i) for i, m in enumerate(vocab.MONTH_NAMES, start=1)})
    mapped = map_categories(path, column, field, lambda r: names.get(r.strip().lower()), lines,
                            expected="a month abbreviation OCT..SEP")
    return np.asarray(pc.cast(mapped, pa.int8()).to_numpy(zero_copy_only=False))


def check_unique(path: Path, table: pa.Table, keys: list[str], sheet: str | None = None) -> None:
    """Refuse two rows for the same cell: they would be double counted."""
    grouped = table.group_by(keys, use_threads=False).aggregate(
        [("line", "count"), ("line", "min"), ("line", "max")]
    )
    dup = grouped.filter(pc.greater(grouped["line_count"], 1))
    if dup.num_rows:
        first, second = dup["line_min"][0].as_py(), dup["line_max"][0].as_py()
        raise DuplicateRowError(
            path, f"lines {first} and {second} describe the same cell", line=second,
            sheet=sheet, expected="one row per combination of " + ", ".join(keys),
        )


def implied_encounter_type(component: str | None, authority: str | None) -> str | None:
    """CBP's definition: USBP Title 8 = apprehensions, OFO Title 8 = inadmissibles,
    Title 42 = expulsions."""
    if authority == "Title 42":
        return "Expulsions"
    if authority == "Title 8" and component == vocab.USBP:
        return "Apprehensions"
    if authority == "Title 8" and component == vocab.OFO:
        return "Inadmissibles"
    return None


def build_table(family: str, lines: np.ndarray, fy: np.ndarray, fm: np.ndarray,
                dims: dict[str, pa.Array], counts: np.ndarray) -> pa.Table:
    """Assemble canonical rows; dimensions absent from ``dims`` are NULL."""
    n = len(lines)
    arrays: list[pa.Array] = [
        pa.array([family] * n, pa.string()) if n else pa.array([], pa.string()),
        pa.array(lines, pa.int32()),
        pa.array(fy, pa.int16()),
        pa.array(fm, pa.int8()),
    ]
    for d in DIMENSIONS:
        arrays.append(dims[d] if d in dims else pa.nulls(n, pa.string()))
    arrays.append(pa.array(counts, pa.int64()))
    return pa.Table.from_arrays(arrays, schema=CANONICAL_SCHEMA)


def _split_areas(
    path: Path, column: pa.ChunkedArray, field: str,
    split: Callable[[str], tuple[str, str] | None], lines: np.ndarray,
    unknowns: list[UnknownValue],
) -> tuple[pa.Array, pa.Array]:
    """Map an area column to (area_type, area); unknown labels are kept with type ``other``."""

    def typed(raw: str) -> str | None:
        parts = split(raw)
        return None if parts is None else parts[0]

    def named(raw: str) -> str | None:
        parts = split(raw)
        return None if parts is None else parts[1]

    area_type = map_categories(path, column, field, typed, lines, on_unknown="keep",
                               fallback=lambda r: "other")
    area = map_categories(path, column, field, named, lines, on_unknown="keep",
                          unknowns=unknowns, fallback=vocab.title_fallback,
                          expected="a known area")
    return area_type, area


def read_cbp_csv(path: Path, data: bytes, layout: Layout) -> ParsedRelease:
    """Read one CBP CSV release in ``layout`` into canonical rows.

    Raises:
        InputError: with the file, line, field and expectation, for any defect.
    """
    text = decode_utf8(path, data)
    raw = read_table(path, text, layout.header, allow_index_column=layout.allow_index_column)
    lines = line_numbers(raw.num_rows)
    fy = parse_fiscal_year(path, raw[layout.fiscal_year_column], layout.fiscal_year_column,
                           lines)
    fm = map_fiscal_months(path, raw[layout.month_column], layout.month_column, lines)
    if layout.month_grouping_column:
        map_categories(path, raw[layout.month_grouping_column], layout.month_grouping_column,
                       lambda r: MONTH_GROUPING.get(r.strip().lower()), lines,
                       expected="FYTD or Remaining")
    unknowns: list[UnknownValue] = []
    dims: dict[str, pa.Array] = {}
    for col in layout.columns:
        dims[col.dim] = map_categories(
            path, raw[col.name], col.name, col.lookup, lines,
            on_unknown="error" if col.closed else "keep", expected=col.expected,
            unknowns=unknowns, fallback=vocab.title_fallback,
        )
    if layout.area_column and layout.area_split:
        dims["area_type"], dims["area"] = _split_areas(
            path, raw[layout.area_column], layout.area_column, layout.area_split, lines, unknowns
        )
    for dim, value in layout.constants:
        dims[dim] = pa.array([value] * raw.num_rows, pa.string())
    counts = parse_counts(path, raw[layout.count_column], layout.count_column, lines)
    notes: list[str] = []
    if {"encounter_type", "component", "authority"} <= dims.keys():
        dims["encounter_type"], fixed = _encounter_types_by_definition(dims)
        if fixed:
            notes.append(fixed)
    table = build_table(layout.family, lines, fy, fm, dims, counts)
    check_unique(path, table, ["fy", "fm", *[d for d in DIMENSIONS if d in dims]])
    return ParsedRelease(
        path=path, source_kind=layout.source_kind, sha256=sha256_of(data), size=len(data),
        rows_read=raw.num_rows, published=infer_published(fy, fm), published_inferred=True,
        table=table, unknowns=unknowns, notes=notes,
    )


def _encounter_types_by_definition(dims: dict[str, pa.Array]) -> tuple[pa.Array, str]:
    """Encounter types as CBP defines them, and a note on the rows relabelled.

    CBP's FY2022 southwest release labels Border Patrol Title 42 rows
    ``Apprehensions``; by CBP's own definition every Title 42 encounter is an
    expulsion.  Such rows are read by the definition and the release says how
    many were relabelled, so the label never silently hides expulsions.
    """
    given = dims["encounter_type"].to_pylist()
    implied = [implied_encounter_type(c, a) for c, a in
               zip(dims["component"].to_pylist(), dims["authority"].to_pylist(), strict=True)]
    wrong: dict[tuple[str | None, str | None], int] = {}
    out: list[str | None] = []
    for g, i in zip(given, implied, strict=True):
        if i is not None and g != i:
            wrong[(g, i)] = wrong.get((g, i), 0) + 1
            out.append(i)
        else:
            out.append(g)
    note = "; ".join(f"{n} rows labelled {g!r} read as {i!r} (CBP's definition: Title 42 = "
                     "expulsions, Border Patrol Title 8 = apprehensions, Field Operations "
                     "Title 8 = inadmissibles)" for (g, i), n in sorted(wrong.items(), key=str))
    return pa.array(out, pa.string()), note
