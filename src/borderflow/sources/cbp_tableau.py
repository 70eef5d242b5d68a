"""Dated scrapes of CBP's public southwest-border dashboard (``cbp_encounters_dashboard_1_*``).

Each file is a full cube *with marginal rows*: ``all`` may stand in any of the
four dimensions.  Only the detail rows are stored; every ``all`` row is checked
against the sum of the detail rows it covers, so nothing is lost and a
subtotal can never be added to its own parts.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from borderflow import vocab
from borderflow.errors import ValueError_
from borderflow.sources import _cbp
from borderflow.sources._base import FamilySpec, ParsedRelease, UnknownValue
from borderflow.sources._csv import (
    decode_utf8,
    line_numbers,
    map_categories,
    parse_counts,
    parse_fiscal_year,
    read_table,
)

SOURCE_KIND = "cbp_tableau"
NAME_PATTERN = r"cbp_encounters_dashboard_1_.*\.csv$"
TIME_FIELDS = ("Fiscal Year-value", "Month (abbv)-value")
HEADER = (
    "Fiscal Year-value", "Fiscal Year-alias", "Month (abbv)-value", "Month (abbv)-alias",
    "SUM(Encounter Count)-alias", "Citizenship Grouping", "Component", "Demographic",
    "Title of Authority",
)
FAMILIES = (
    FamilySpec(
        family="cbp_tableau", source_kind=SOURCE_KIND,
        title="CBP southwest dashboard snapshot (third-party scrape)", time_grain="month",
        dims=frozenset({"component", "demographic", "citizenship", "authority",
                        "encounter_type"}),
        fixed={"region": vocab.SOUTHWEST}, priority=60, citizenship_scheme="five",
        official=False,
    ),
)
_CUBE = (
    ("Citizenship Grouping", _cbp.CITIZENSHIP_GROUP),
    ("Component", _cbp.COMPONENT),
    ("Demographic", _cbp.DEMOGRAPHIC),
    ("Title of Authority", _cbp.AUTHORITY),
)
_DATE_IN_NAME = re.compile(r"update-([a-z]+)_(\d{1,2})_(\d{4})", re.IGNORECASE)


def published_from_name(name: str) -> dt.date | None:
    """``..._official_update-march_10_2023.csv`` -> 2023-03-10."""
    m = _DATE_IN_NAME.search(name)
    if not m:
        return None
    try:
        return dt.datetime.strptime(f"{m[1]} {m[2]} {m[3]}", "%B %d %Y").date()
    except ValueError:
        return None


def read(path: Path, data: bytes) -> ParsedRelease:
    """Read one snapshot: detail rows become observations, ``all`` rows are verified."""
    raw = read_table(path, decode_utf8(path, data), HEADER, allow_index_column=True)
    lines = line_numbers(raw.num_rows)
    fy = parse_fiscal_year(path, raw["Fiscal Year-value"], "Fiscal Year-value", lines)
    fm = _cbp.map_fiscal_months(path, raw["Month (abbv)-value"], "Month (abbv)-value", lines)
    # Tableau writes an empty cell of the cube as %null% (or nothing): no encounters there.
    count_col = raw["SUM(Encounter Count)-alias"]
    is_null = pc.is_in(pc.utf8_trim_whitespace(count_col), pa.array(["%null%", ""]))
    nulls = int(pc.sum(is_null).as_py() or 0)
    counts = parse_counts(path, pc.if_else(is_null, "0", count_col),
                          "SUM(Encounter Count)-alias", lines)
    unknowns: list[UnknownValue] = []
    columns: dict[str, pa.Array] = {}
    for name, col in _CUBE:
        def lookup(r: str, col: _cbp.Column = col) -> str | None:
            return "*" if r.strip().lower() == "all" else col.lookup(r)

        columns[col.dim] = map_categories(
            path, raw[name], name, lookup, lines, on_unknown="error" if col.closed else "keep",
            expected=col.expected + " or all", unknowns=unknowns, fallback=vocab.title_fallback)
    dims = [c.dim for _, c in _CUBE]
    full = _cbp.build_table("cbp_tableau", lines, fy, fm, columns, counts)
    is_margin = pc.or_(pc.or_(pc.equal(full["citizenship"], "*"), pc.equal(full["component"], "*")),
                       pc.or_(pc.equal(full["demographic"], "*"), pc.equal(full["authority"], "*")))
    table = full.filter(pc.invert(is_margin))
    margins = full.filter(is_margin)
    _verify_margins(path, table, margins, dims)
    etype = [_cbp.implied_encounter_type(c, a) for c, a in
             zip(table["component"].to_pylist(), table["authority"].to_pylist(), strict=True)]
    table = table.set_column(table.schema.get_field_index("encounter_type"), "encounter_type",
                             pa.array(etype, pa.string()))
    table = table.set_column(table.schema.get_field_index("region"), "region",
                             pa.array([vocab.SOUTHWEST] * table.num_rows, pa.string()))
    _cbp.check_unique(path, table, ["fy", "fm", *dims])
    n_margins = margins.num_rows
    published = published_from_name(path.name)
    return ParsedRelease(
        path=path, source_kind=SOURCE_KIND, sha256=_cbp.sha256_of(data), size=len(data),
        rows_read=raw.num_rows,
        published=published or _cbp.infer_published(fy, fm),
        published_inferred=published is None, table=table, unknowns=unknowns,
        notes=[f"{n_margins} subtotal ('all') rows checked against the detail rows "
               "and not stored"] + ([f"{nulls} empty or %null% cells (no encounters) read as 0"]
                                    if nulls else []),
    )


def _verify_margins(path: Path, leaves: pa.Table, margins: pa.Table, dims: list[str]) -> None:
    """Every subtotal row must equal the sum of the detail rows it stands for.

    DuckDB's ``GROUP BY CUBE`` computes every subtotal of the detail rows at
    once; each published ``all`` row is then looked up among them.
    """
    import duckdb

    con = duckdb.connect()
    try:
        con.register("leaves", leaves)
        con.register("margins", margins)
        keys = ", ".join(dims)
        cols = ", ".join(f"coalesce({d}, '*') AS {d}" for d in dims)
        rows = con.execute(f"""
            WITH cube AS (
                SELECT fy, fm, {cols}, sum(count) AS detail
                FROM leaves GROUP BY fy, fm, CUBE({keys})
            )
            SELECT m.line, m.count, coalesce(c.detail, 0)
            FROM margins m LEFT JOIN cube c USING (fy, fm, {keys})
            WHERE m.count <> coalesce(c.detail, 0)
            ORDER BY m.line LIMIT 1
        """).fetchall()
    finally:
        con.close()
    if rows:
        line, published, detail = rows[0]
        raise ValueError_(
            path, f"subtotal row says {published} but its detail rows sum to {detail}",
            line=int(line), field="SUM(Encounter Count)-alias",
            expected="subtotals equal to the sum of their detail rows",
        )
