"""USBP monthly encounters by sector, FY2000-FY2020 (pipe-delimited, often gzipped).

A transcription (by UWCHR) of CBP's PDF.  One row per month, one column per
sector, then border and national subtotals, which are checked against the
sectors and not stored.  Unrounded, Border Patrol only.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np
import pyarrow as pa

from borderflow import vocab
from borderflow.errors import EncodingError, LimitError, ValueError_
from borderflow.sources import _cbp
from borderflow.sources._base import MAX_FILE_BYTES, FamilySpec, ParsedRelease
from borderflow.sources._csv import decode_utf8, line_numbers, parse_counts, read_table
from borderflow.sources.published import infer

SOURCE_KIND = "usbp_monthly"
NAME_PATTERN = r"usbp_monthly_encounters_fy\d{4}-fy\d{4}\.csv(\.gz)?$"
SECTOR_COLUMNS: tuple[tuple[str, str], ...] = tuple(
    (s.name.lower().replace(" ", "_"), s.name) for s in (
        vocab.SECTOR_BY_NAME[n] for n in (
            "livermore", "miami", "new orleans", "ramey", "blaine", "buffalo", "detroit",
            "grand forks", "havre", "houlton", "spokane", "swanton", "big bend", "del rio",
            "el centro", "el paso", "laredo", "rio grande valley", "san diego", "tucson", "yuma",
        )
    )
)
SUBTOTALS: tuple[tuple[str, str | None], ...] = (
    ("coastal_border", vocab.COASTAL), ("northern_border", vocab.NORTHERN),
    ("southwest_border", vocab.SOUTHWEST), ("monthly_total", None),
)
HEADER = ("month", *(c for c, _ in SECTOR_COLUMNS), *(c for c, _ in SUBTOTALS), "fy", "cy")
TIME_FIELDS = ("fy", "month")
FAMILIES = (
    FamilySpec(
        family="usbp_monthly", source_kind=SOURCE_KIND,
        title="USBP monthly encounters by sector FY2000-FY2020 (transcribed from CBP's PDF)",
        time_grain="month", dims=frozenset({"region", "area_type", "area"}),
        fixed={"component": vocab.USBP}, priority=40, official=False,
    ),
)


def read(path: Path, data: bytes) -> ParsedRelease:
    """Read the wide monthly table into one row per sector and month."""
    data_text = gunzip(path, data) if data[:2] == b"\x1f\x8b" else data
    raw = read_table(path, decode_utf8(path, data_text), HEADER, delimiter="|")
    lines = line_numbers(raw.num_rows)
    month = parse_counts(path, raw["month"], "month", lines)
    fy = parse_counts(path, raw["fy"], "fy", lines)
    cy = parse_counts(path, raw["cy"], "cy", lines)
    for i in range(raw.num_rows):
        if not 1 <= month[i] <= 12 or vocab.calendar_to_fiscal(int(cy[i]), int(month[i]))[0] \
                != fy[i]:
            raise ValueError_(path, f"month {month[i]} of {cy[i]} is not in fiscal year {fy[i]}",
                              line=int(lines[i]), field="fy",
                              expected="fy = cy + 1 for Oct-Dec, cy otherwise")
    fm = np.array([vocab.calendar_to_fiscal(int(c), int(m))[1] for c, m in zip(cy, month,
                                                                               strict=True)])
    values = {c: parse_counts(path, raw[c], c, lines) for c, _ in SECTOR_COLUMNS}
    for col, region in SUBTOTALS:
        total = parse_counts(path, raw[col], col, lines)
        parts = np.sum([values[c] for c, name in SECTOR_COLUMNS
                        if region is None or vocab.SECTOR_BY_NAME[name.lower()].region == region],
                       axis=0)
        bad = np.flatnonzero(parts != total)
        if bad.size:
            i = int(bad[0])
            raise ValueError_(path, f"subtotal {int(total[i])} but its sectors sum to "
                              f"{int(parts[i])}", line=int(lines[i]), field=col,
                              expected="subtotals equal to the sum of their sectors")
    n, k = raw.num_rows, len(SECTOR_COLUMNS)
    names = [name for _, name in SECTOR_COLUMNS]
    table = _cbp.build_table(
        "usbp_monthly", np.repeat(lines, k), np.repeat(fy, k), np.repeat(fm, k),
        {
            "region": pa.array([vocab.SECTOR_BY_NAME[s.lower()].region for s in names] * n),
            "component": pa.array([vocab.USBP] * (n * k)),
            "area_type": pa.array(["sector"] * (n * k)),
            "area": pa.array(names * n),
        },
        np.stack([values[c] for c, _ in SECTOR_COLUMNS], axis=1).reshape(-1),
    )
    _cbp.check_unique(path, table, ["fy", "fm", "area"])
    last = vocab.month_start(int(fy.max()), int(fm[fy == fy.max()].max()))
    return ParsedRelease(
        path=path, source_kind=SOURCE_KIND, sha256=_cbp.sha256_of(data), size=len(data),
        rows_read=n, published=infer(last),
        published_inferred=True, table=table,
        notes=["border and national subtotal columns checked against the sectors, not stored"],
    )


#: Output is produced in pieces of this size, so a gzip bomb is stopped within one piece
#: of :data:`~borderflow.sources._base.MAX_FILE_BYTES`.
_PIECE = 1 << 20


def gunzip(path: Path, data: bytes, limit: int = MAX_FILE_BYTES) -> bytes:
    """Decompress every gzip member of ``data``, refusing more than ``limit`` bytes of output
    as soon as it is reached (never holding more than ``limit`` plus one piece).

    Raises:
        LimitError: the output would exceed ``limit``.
        EncodingError: the stream is damaged or cut short.
    """
    out = bytearray()
    stream = zlib.decompressobj(wbits=31)
    pending = data
    try:
        while True:
            piece = stream.decompress(pending, _PIECE)
            out += piece
            if len(out) > limit:
                raise LimitError(path, f"decompresses to more than {limit:,} bytes",
                                 expected=f"at most {limit:,} bytes of text (a gzip bomb?)")
            pending = stream.unconsumed_tail
            if stream.eof:
                pending = stream.unused_data
                if not pending:
                    return bytes(out)
                stream = zlib.decompressobj(wbits=31)  # another member follows
            elif not piece and not pending:
                raise EncodingError(path, "the gzip stream is damaged (it ends early)",
                                    expected="a complete .gz file")
    except zlib.error as exc:
        raise EncodingError(path, f"the gzip stream is damaged ({exc})",
                            expected="a complete .gz file") from exc


__all__ = ["FAMILIES", "HEADER", "NAME_PATTERN", "SOURCE_KIND", "read"]
