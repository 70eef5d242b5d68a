"""What every reader produces: canonical rows plus the facts of the release.

A *family* is one table of one publication (the CBP state file, one sheet of
the OHSS workbook...).  Releases of the same family are vintages of the same
cells, which is what makes "latest", "as of" and "diff" possible.  Rows of a
family never overlap, so summing within one family never double counts; the
query planner never sums across families.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

#: The largest file a reader accepts, compressed or not (and the most a .gz may decompress
#: to).  The largest official file is about 3 MB (a state CSV; the KHSM workbook is 1.2 MB),
#: so twenty times that leaves room for years of growth, while a file is held in memory
#: whole and parsed into a few times its size: 64 MiB keeps one ingest within about 0.5 GB.
MAX_FILE_BYTES = 64 * 2**20

#: Categorical dimensions every observation may carry (NULL = not broken down).
DIMENSIONS: tuple[str, ...] = (
    "region", "component", "area_type", "area", "demographic", "citizenship",
    "authority", "encounter_type",
)

#: Arrow schema of the canonical rows a reader returns.
CANONICAL_SCHEMA = pa.schema(
    [
        ("family", pa.string()),
        ("line", pa.int32()),
        ("fy", pa.int16()),
        ("fm", pa.int8()),  # fiscal month 1..12; 0 for a whole-year figure
        *[(d, pa.string()) for d in DIMENSIONS],
        ("count", pa.int64()),
    ]
)


@dataclass(frozen=True)
class FamilySpec:
    """What one table of one publication can answer.

    Attributes:
        family: stable identifier, e.g. ``cbp_state`` or ``ohss_khsm.monthly_sector``.
        source_kind: the publication (``cbp_state``, ``ohss_khsm``...).
        title: a human label.
        time_grain: ``month`` or ``year`` (fiscal year).
        dims: dimensions the rows are broken down by.
        fixed: dimensions held to one value for the whole table
            (the OHSS workbook is Border Patrol only: ``component='USBP'``).
        rounding: the publisher's rounding unit (OHSS rounds to 10).
        priority: lower is preferred when several families can answer.
        citizenship_scheme: which list of countries ``Other`` is the rest of.
        official: whether the file is the publisher's own (not a transcription).
    """

    family: str
    source_kind: str
    title: str
    time_grain: str
    dims: frozenset[str]
    fixed: Mapping[str, str] = field(default_factory=dict)
    rounding: int = 1
    priority: int = 50
    citizenship_scheme: str | None = None
    official: bool = True

    def can_group(self, dim: str) -> bool:
        """True if the rows carry a value of ``dim`` (varying or fixed)."""
        return dim in self.dims or dim in self.fixed or (
            dim == "citizenship_group" and "citizenship" in self.dims
        )


@dataclass(frozen=True)
class UnknownValue:
    """A category value no vocabulary knows: kept as ``kept_as`` and reported."""

    field: str
    raw: str
    kept_as: str
    rows: int
    first_line: int


@dataclass
class ParsedRelease:
    """One file, read and validated, ready to be stored as a release."""

    path: Path
    source_kind: str
    sha256: str
    size: int
    rows_read: int
    published: dt.date
    published_inferred: bool
    table: pa.Table
    unknowns: list[UnknownValue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def families(self) -> list[str]:
        """Families present in the rows, in first-seen order."""
        return list(dict.fromkeys(self.table.column("family").to_pylist()))
