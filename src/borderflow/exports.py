"""Tabular exports, one writer per format for the CLI and the API alike.

CSV, HXL-tagged CSV, JSON (rows with their provenance) and Parquet (the
provenance in the schema metadata).  Dates are written ISO 8601.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

#: HXL hashtags for the columns borderflow returns
HXL: dict[str, str] = {
    "month": "#date", "fy": "#date+fiscal_year", "cy": "#date+year", "region": "#region",
    "component": "#org+component", "area_type": "#loc+type", "area": "#loc+name",
    "demographic": "#population+demographic", "citizenship": "#country+name",
    "citizenship_group": "#country+group", "authority": "#meta+authority",
    "encounter_type": "#indicator+encounter_type", "encounters": "#affected+encounters",
    "releases": "#meta+release", "source": "#meta+source", "release": "#meta+release",
    "rounding": "#meta+rounding", "adjusted": "#affected+encounters+adjusted",
    "missing_months": "#meta+missing", "counts": "#meta+scope",
}


#: a spreadsheet runs a cell that starts with one of these as a formula
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """A CSV cell; text that a spreadsheet would run as a formula is quoted with ``'``.

    Numbers are written as they are (``-3`` is a change, not a formula); only text
    cells, which can carry labels from the files read, are neutralised (OWASP's
    advice for CSV injection).
    """
    if isinstance(value, list):
        value = ";".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(columns: list[str], rows: list[dict[str, Any]], *, hxl: bool = False) -> str:
    """CSV text; with ``hxl`` an HXL hashtag row follows the header."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    if hxl:
        writer.writerow([HXL.get(c, "") for c in columns])
    for r in rows:
        writer.writerow([_cell(r.get(c)) for c in columns])
    return buf.getvalue()


def json_default(value: Any) -> Any:
    """Dates as ISO 8601 text (for ``json.dumps``)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def to_json(rows: list[dict[str, Any]], meta: dict[str, Any], *, indent: int | None = None
            ) -> str:
    """``{"rows": [...], **meta}`` as JSON text."""
    return json.dumps({"rows": rows, **meta}, indent=indent, default=json_default)


def to_parquet(columns: list[str], rows: list[dict[str, Any]], meta: dict[str, Any]) -> bytes:
    """Parquet bytes with the provenance in the schema metadata."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist([{c: r.get(c) for c in columns} for r in rows]) if rows else \
        pa.table({c: pa.array([], pa.string()) for c in columns})
    table = table.replace_schema_metadata({"borderflow": json.dumps(meta,
                                                                    default=json_default)})
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()
