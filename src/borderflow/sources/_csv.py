"""Strict, fast reading of the CBP-style CSV files, with errors that name the line.

pyarrow parses the body (tens of thousands of rows in milliseconds); only when
it refuses does the slow path re-read the text to find the line and say what is
wrong with it.  Each data row is one physical line in these publications, so a
row's line number is its index plus two (the header is line 1).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from borderflow.errors import (
    EmptyFileError,
    EncodingError,
    LimitError,
    SchemaError,
    TruncatedFileError,
    ValueError_,
)
from borderflow.sources._base import UnknownValue

#: The largest count one cell may hold.  The largest figure of any publication is a
#: national fiscal-year total (about 3.2 million encounters, FY2023); a bound three
#: hundred times higher refuses a corrupted or hostile cell (``99999999999999999999``)
#: while every sum of up to a million cells stays exact in int64 and below 2**53, so
#: figures never lose precision when a client reads them as floating point.
MAX_COUNT = 10**9

#: The most data rows one CSV may hold.  The largest official file has 47,100 rows (a
#: four-year state file); forty times that still parses in seconds.
MAX_ROWS = 2_000_000

#: The longest cell, in characters.  The longest cell of any official CSV has 26 characters
#: ("Office of Field Operations"); a cell of over a thousand is damage or an attack, and
#: would fill the error messages and the ingest report it is shown in.
MAX_CELL_CHARS = 1_000


def shown(cell: object, limit: int = 40) -> str:
    """A cell for an error message: its repr, cut short when long."""
    text = cell if isinstance(cell, str) else str(cell)
    if len(text) <= limit:
        return repr(cell)
    return repr(text[:limit]) + f"... ({len(text):,} characters)"


def whole_number(cell: object, lo: int, hi: int) -> int | str:
    """The exact whole number in ``cell`` (text, int or float) within ``lo..hi``, or what is
    wrong with it: never parsed through a float, never wrapped."""
    if isinstance(cell, bool) or cell is None:
        return "is not a number"
    if isinstance(cell, float) and not math.isfinite(cell):
        return "is not a finite number"
    try:
        value = Decimal(cell if isinstance(cell, int | float) else str(cell).strip())
    except (InvalidOperation, ValueError):
        return "is not a number"
    if not value.is_finite():
        return "is not a finite number"
    if value < 0 and lo >= 0:
        return "is negative"
    if value < lo or value > hi:
        return "is out of range"
    if value != value.to_integral_value():
        return "is not a whole number"
    return int(value)


def decode_utf8(path: Path, data: bytes) -> str:
    """Return the text of ``data``, refusing anything that is not UTF-8.

    Raises:
        EmptyFileError: the file has no bytes.
        EncodingError: UTF-16 or bytes that are not valid UTF-8, with the line.
    """
    if not data.strip():
        raise EmptyFileError(path, "the file is empty", expected="a header line and data rows")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:1000]:
        raise EncodingError(path, "the file is UTF-16 text", line=1, expected="UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise EncodingError(
            path,
            f"byte 0x{data[exc.start]:02X} at offset {exc.start} is not valid UTF-8 "
            "(the file may be Latin-1 or Windows-1252)",
            line=line,
            expected="UTF-8 text as CBP publishes it",
        ) from exc
    return text.removeprefix("\ufeff")


def read_table(
    path: Path,
    text: str,
    expected: Sequence[str],
    *,
    allow_index_column: bool = False,
    delimiter: str = ",",
) -> pa.Table:
    """Parse CSV text whose header must be exactly ``expected``; every cell as a string.

    Args:
        path: the file, for error messages.
        text: the decoded file.
        expected: the column names, in order.
        allow_index_column: accept one leading unnamed column (a pandas index), dropped.
        delimiter: field separator.

    Raises:
        SchemaError: the header lacks, adds or renames columns.
        EmptyFileError: a header and no data rows.
        TruncatedFileError: the last row stops part-way.
    """
    body = text.rstrip("\r\n \t")
    first_nl = body.find("\n")
    header_line = body if first_nl < 0 else body[:first_nl]
    try:
        header = next(csv.reader([header_line.rstrip("\r")], delimiter=delimiter))
    except csv.Error as exc:
        raise LimitError(path, f"the header cannot be read ({exc})", line=1,
                         expected=f"at most {MAX_CELL_CHARS:,} characters per cell") from exc
    drop_first = allow_index_column and header and header[0].strip() == ""
    names = [h.strip() for h in (header[1:] if drop_first else header)]
    if names != list(expected):
        missing = [c for c in expected if c not in names]
        extra = [c for c in names if c not in expected]
        if missing or extra:
            parts = []
            if missing:
                parts.append("missing column(s) " + ", ".join(repr(c) for c in missing))
            if extra:
                parts.append("unexpected column(s) " + ", ".join(repr(c) for c in extra))
            problem = "; ".join(parts)
        else:
            problem = "columns are in the wrong order"
        raise SchemaError(
            path, problem, line=1, field=(missing or extra or [""])[0] or None,
            expected="header " + delimiter.join(expected),
        )
    if first_nl < 0:
        raise EmptyFileError(path, "the file has a header but no data rows", line=1)
    rows = body.count("\n", first_nl + 1) + 1
    if rows > MAX_ROWS:
        raise LimitError(path, f"the file has {rows:,} data rows", line=MAX_ROWS + 2,
                         expected=f"at most {MAX_ROWS:,} rows")
    width = len(header)
    column_names = ([f"_index{i}" for i in range(1)] if drop_first else []) + list(expected)
    try:
        table = pacsv.read_csv(
            io.BytesIO(body[first_nl + 1:].encode("utf-8")),
            # one block for the whole body (bounded by MAX_FILE_BYTES), so a long cell is
            # read and refused with its line below, never split between blocks
            read_options=pacsv.ReadOptions(column_names=column_names,
                                           block_size=max(1 << 20, len(body) + 1)),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types={c: pa.string() for c in column_names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as exc:
        _raise_row_shape_error(path, body, width, delimiter, exc)
        raise  # pragma: no cover - _raise_row_shape_error always raises
    if drop_first:
        table = table.drop_columns([column_names[0]])
    _refuse_long_cells(path, table)
    return table


def _refuse_long_cells(path: Path, table: pa.Table) -> None:
    """Refuse the first cell (by line, then column) longer than :data:`MAX_CELL_CHARS`."""
    first: tuple[int, int, str, int] | None = None
    for k, name in enumerate(table.column_names):
        lengths = pc.utf8_length(table[name]).to_numpy()
        over = np.flatnonzero(lengths > MAX_CELL_CHARS)
        if over.size and (first is None or (int(over[0]), k) < first[:2]):
            first = (int(over[0]), k, name, int(lengths[over[0]]))
    if first is not None:
        row, _, name, n = first
        raise LimitError(path, f"a cell of {n:,} characters", line=row + 2, field=name,
                         expected=f"at most {MAX_CELL_CHARS:,} characters per cell")


def _raise_row_shape_error(
    path: Path, body: str, width: int, delimiter: str, exc: Exception
) -> None:
    """Find the first row with the wrong number of fields and raise a precise error."""
    lines = body.split("\n")
    reader = csv.reader((ln.rstrip("\r")[:MAX_CELL_CHARS * (width + 1)] for ln in lines),
                        delimiter=delimiter)
    for lineno, row in _rows_within_limits(path, reader):
        if lineno == 1 or len(row) == width:
            continue
        if lineno == len(lines):
            raise TruncatedFileError(
                path,
                f"the last row stops after {len(row)} of {width} fields: "
                "the file looks cut short (an interrupted download?)",
                line=lineno,
                expected=f"{width} fields per row",
            ) from exc
        raise SchemaError(
            path, f"row has {len(row)} fields", line=lineno, expected=f"{width} fields"
        ) from exc
    raise SchemaError(path, f"the CSV could not be parsed: {exc}") from exc


def _rows_within_limits(path: Path, reader: Iterator[list[str]]) -> \
        Iterator[tuple[int, list[str]]]:
    """Rows of a csv reader with their line numbers; a field over the csv module's own
    limit is refused as a long cell, never a traceback."""
    lineno = 0
    while True:
        lineno += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise LimitError(path, f"a cell too long to read ({exc})", line=lineno,
                             expected=f"at most {MAX_CELL_CHARS:,} characters per cell") from exc
        yield lineno, row


def line_numbers(n: int, first: int = 2) -> np.ndarray:
    """Line numbers of ``n`` data rows whose first row is on line ``first``."""
    return np.arange(first, first + n, dtype=np.int32)


def map_categories(
    path: Path,
    column: pa.ChunkedArray | pa.Array,
    field: str,
    lookup: Callable[[str], str | None],
    lines: np.ndarray,
    *,
    on_unknown: str = "error",
    expected: str = "",
    unknowns: list[UnknownValue] | None = None,
    fallback: Callable[[str], str] | None = None,
) -> pa.Array:
    """Map a column of raw labels to canonical values, looking up each distinct label once.

    Args:
        on_unknown: ``error`` raises on the first unknown label (closed vocabularies
            such as month or component); ``keep`` keeps it via ``fallback`` and
            records it in ``unknowns`` (open vocabularies such as citizenship).

    Raises:
        ValueError_: an unknown label in a closed vocabulary, or an empty cell.
    """
    encoded = pa.chunked_array(column).combine_chunks().dictionary_encode()
    labels = encoded.dictionary.to_pylist()
    indices = encoded.indices.to_numpy(zero_copy_only=False)
    mapped: list[str] = []
    for code, raw in enumerate(labels):
        value = lookup(raw) if raw.strip() else None
        if value is None:
            first = int(lines[int(np.argmax(indices == code))])
            if not raw.strip():
                raise ValueError_(path, "empty value", line=first, field=field,
                                  expected=expected or "a value")
            if on_unknown == "error":
                raise ValueError_(path, f"unknown value {raw!r}", line=first, field=field,
                                  expected=expected)
            value = fallback(raw) if fallback else raw
            if unknowns is not None:
                unknowns.append(UnknownValue(field, raw, value, int((indices == code).sum()),
                                             first))
        mapped.append(value)
    return pa.array(mapped, pa.string()).take(pa.array(indices))


def parse_counts(
    path: Path, column: pa.ChunkedArray | pa.Array, field: str, lines: np.ndarray,
    hi: int = MAX_COUNT,
) -> np.ndarray:
    """Parse a count column into exact int64, refusing blanks, text, fractions, negatives
    and counts above ``hi`` (:data:`MAX_COUNT`).

    ``9584.0`` is accepted (CBP wrote one release that way) but ``9584.5`` is
    not; thousands separators (``"4,401"``) are accepted.
    """
    raw = pa.chunked_array(column).combine_chunks()
    text = pc.replace_substring(pc.utf8_trim_whitespace(raw), ",", "")
    # the common case, digits only, is cast exactly; every other cell is read one by one
    plain = np.asarray(pc.match_substring_regex(text, r"^[0-9]{1,10}(\.0*)?$")
                       .to_numpy(zero_copy_only=False), dtype=bool)
    digits = pc.replace_substring_regex(text, r"\.0*$", "")
    out = np.zeros(len(raw), np.int64)
    out[plain] = pc.cast(digits.filter(pa.array(plain)), pa.int64()).to_numpy(
        zero_copy_only=False)
    problem: tuple[int, str] | None = None
    for k in np.flatnonzero(~plain):
        text_cell = text[int(k)].as_py()
        got = whole_number(text_cell, 0, hi) if text_cell else "is empty"
        if isinstance(got, str):
            problem = (int(k), got)
            break
        out[k] = got
    over = np.flatnonzero(out > hi)
    if over.size and (problem is None or over[0] < problem[0]):
        problem = (int(over[0]), "is out of range")
    if problem is None:
        return out
    i, what = problem
    cell = raw[i].as_py()
    message, expected = {
        "is empty": ("empty count", "a whole number of encounters"),
        "is negative": (f"negative count {shown(cell)}", "a count of 0 or more"),
        "is out of range": (f"{shown(cell)} is out of range", f"a count from 0 to {hi:,}"),
    }.get(what, (f"{shown(cell)} {what}", "a whole number of encounters"))
    raise ValueError_(path, message, line=int(lines[i]), field=field, expected=expected)


def parse_fiscal_year(path: Path, column: pa.ChunkedArray, field: str,
                      lines: np.ndarray) -> np.ndarray:
    """Parse ``2023`` or ``2024 (FYTD)`` into the year, checking it is plausible."""

    def lookup(raw: str) -> str | None:
        head = raw.strip()[:4]
        if len(head) == 4 and head.isdigit() and 1990 <= int(head) <= 2100:
            rest = raw.strip()[4:].strip()
            if rest in ("", "(FYTD)"):
                return head
        return None

    years = map_categories(path, column, field, lookup, lines,
                           expected="a fiscal year such as 2023 or '2024 (FYTD)'")
    return np.asarray(pc.cast(years, pa.int16()).to_numpy(zero_copy_only=False))
