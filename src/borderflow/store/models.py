"""Plain result types the warehouse returns (no database handles inside)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from borderflow.sources import FamilySpec


@dataclass(frozen=True)
class Release:
    """One ingested file, with its provenance."""

    release_id: int
    source_kind: str
    file_name: str
    sha256: str
    size_bytes: int
    rows_read: int
    observations: int
    total_count: int
    coverage_start: dt.date | None
    coverage_end: dt.date | None
    published: dt.date
    published_inferred: bool
    ingested_at: dt.datetime
    origin: str
    notes: str

    @property
    def label(self) -> str:
        """``#3 nationwide-encounters-fy21-fy24-oct-state.csv (2023-11-15)``."""
        approx = "~" if self.published_inferred else ""
        return f"#{self.release_id} {self.file_name} ({approx}{self.published})"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {k: (v.isoformat() if isinstance(v, dt.date | dt.datetime) else v)
                for k, v in self.__dict__.items()}

    def public_dict(self) -> dict[str, Any]:
        """JSON-ready fields for anyone: the origin is a URL or a file name, never a path
        on the machine that ingested it."""
        out = self.as_dict()
        if not self.origin.startswith(("http://", "https://")):
            out["origin"] = Path(self.origin).name
        return out


@dataclass
class QueryResult:
    """Figures answering a :class:`~borderflow.store.query.Query`, with their provenance.

    Attributes:
        columns: names of the group-by columns, then ``encounters``, ``months``, ``releases``.
        rows: one dict per group.
        family: the one family (table of one publication) the figures come from.
        releases: every release that contributed a figure.
        first, last: the months summed (``None`` for annual tables).
        missing: months asked for that the family does not publish (for the values
            asked for): never answered, always named.
        notes: why this source was chosen, and any revision by a later publication.
    """

    columns: list[str]
    rows: list[dict[str, Any]]
    spec: FamilySpec
    releases: list[Release]
    first: dt.date | None
    last: dt.date | None
    missing: list[dt.date]
    as_of: dt.date | None
    sql: str
    params: list[Any]
    notes: list[str] = field(default_factory=list)

    @property
    def family(self) -> str:
        return self.spec.family

    @property
    def rounding(self) -> int:
        return self.spec.rounding

    def total(self) -> int:
        """Sum of ``encounters`` over all rows."""
        return int(sum(r["encounters"] for r in self.rows))

    def value(self, **keys: Any) -> int:
        """The ``encounters`` of the row matching ``keys`` (0 when no row matches)."""
        for row in self.rows:
            if all(row.get(k) == v for k, v in keys.items()):
                return int(row["encounters"])
        return 0

    def provenance_columns(self) -> tuple[list[str], list[dict[str, Any]]]:
        """Columns and rows with the provenance in columns of their own, for CSV.

        CSV has no place for metadata that every CSV tool keeps, so each row
        carries its source, the publisher's rounding and the months asked for
        that the source does not publish (the same on every row).
        """
        from borderflow.vocab import describe_months

        extra = {"source": self.family, "rounding": self.rounding,
                 "missing_months": describe_months(self.missing)}
        return [*self.columns, *extra], [{**r, **extra} for r in self.rows]

    def provenance(self) -> dict[str, Any]:
        """Where the figures come from, JSON-ready."""
        return {
            "family": self.family,
            "source": self.spec.title,
            "rounding": self.rounding,
            "official": self.spec.official,
            "first_month": self.first.isoformat() if self.first else None,
            "last_month": self.last.isoformat() if self.last else None,
            "missing_months": [m.isoformat() for m in self.missing],
            "notes": list(self.notes),
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "releases": [r.public_dict() for r in self.releases],
        }


@dataclass
class FileOutcome:
    """What ingest did with one file."""

    path: Path
    status: str  # ingested | unchanged | unrecognised
    reason: str
    release_id: int | None = None
    observations: int = 0
    unknowns: list[str] = field(default_factory=list)


@dataclass
class IngestReport:
    """The outcome of one ingest call, file by file."""

    files: list[FileOutcome] = field(default_factory=list)

    def by_status(self, status: str) -> list[FileOutcome]:
        return [f for f in self.files if f.status == status]

    @property
    def ingested(self) -> list[FileOutcome]:
        return self.by_status("ingested")


@dataclass
class CellChange:
    """One cell whose value differs between two releases."""

    family: str
    fy: int
    fm: int
    month: dt.date | None
    dims: dict[str, str | None]
    old: int
    new: int

    @property
    def delta(self) -> int:
        return self.new - self.old


@dataclass
class Diff:
    """Cells that changed between two releases of the same publication."""

    old: Release
    new: Release
    compared_months: list[dt.date]
    only_old: list[dt.date]
    only_new: list[dt.date]
    cells_compared: int
    changes: list[CellChange]


@dataclass(frozen=True)
class SeriesPoint:
    """One month of a stitched long series, labelled with where it came from and what it counts."""

    month: dt.date
    encounters: int
    family: str
    release_id: int
    rounding: int
    scope: str = ""


#: Changes of meaning every encounter series shares (CBP's definitions).
TITLE_42_START = dt.date(2020, 3, 1)
TITLE_42_END = dt.date(2023, 6, 1)


@dataclass
class Series:
    """A long monthly series stitched explicitly from several publications."""

    name: str
    measure: str
    points: list[SeriesPoint]

    def values(self) -> dict[dt.date, int]:
        return {p.month: p.encounters for p in self.points}

    def segments(self) -> list[tuple[str, dt.date, dt.date]]:
        """Runs of consecutive months from the same family: (family, first, last)."""
        out: list[tuple[str, dt.date, dt.date]] = []
        for p in self.points:
            if out and out[-1][0] == p.family:
                out[-1] = (p.family, out[-1][1], p.month)
            else:
                out.append((p.family, p.month, p.month))
        return out

    def changes(self) -> list[tuple[dt.date, str]]:
        """Months where the series changes meaning, with what changes, in date order.

        What is counted (Border Patrol only, or all of CBP) and under which
        authorities (Title 42 expulsions are encounters from March 2020 to May 2023).
        """
        if not self.points:
            return []
        first, last = self.points[0].month, self.points[-1].month
        out: list[tuple[dt.date, str]] = []
        for before, after in zip(self.points, self.points[1:], strict=False):
            if before.scope != after.scope:
                out.append((after.month, f"counts {after.scope} from here "
                                         f"({before.scope} before)"))
        if first < TITLE_42_START <= last:
            out.append((TITLE_42_START, "Title 42 expulsions counted as encounters from "
                                        "March 2020"))
        if first < TITLE_42_END <= last:
            out.append((TITLE_42_END, "Title 42 ended on 11 May 2023: Title 8 only from "
                                      "June 2023"))
        return sorted(out)
