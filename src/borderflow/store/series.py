"""Long monthly series (FY2000 to now), stitched explicitly from several publications.

No single publication spans FY2000 to today.  A stitched series takes each
month from the first publication in a stated order that publishes it, and
labels every month with that publication and release, so a reader can see
exactly where the Border Patrol PDF transcription hands over to the CBP CSV
releases or to the rounded OHSS workbook.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from borderflow import vocab
from borderflow.errors import NoSourceError, QueryError
from borderflow.store.models import Series, SeriesPoint
from borderflow.store.query import Query

if TYPE_CHECKING:
    from borderflow.store.warehouse import Warehouse

#: measure -> publications in order of preference (unrounded official first).
_SOUTHWEST = {
    "encounters": ("cbp_aor", "cbp_state", "cbp_sbo", "cbp_tableau"),
    "usbp": ("cbp_aor", "cbp_sbo", "usbp_monthly", "ohss_khsm.monthly_region",
             "cbp_tableau"),
}
_NATION = {
    "encounters": ("cbp_aor", "cbp_state"),
    "usbp": ("cbp_aor", "usbp_monthly", "ohss_khsm.monthly_count"),
}
_SECTOR = ("cbp_aor", "usbp_monthly", "ohss_khsm.monthly_rgn_and_sector")


def series_names() -> list[str]:
    """Every long series the warehouse can stitch."""
    return ["southwest", "nation", *[s.name for s in vocab.SECTORS]]


def stitch(
    warehouse: Warehouse, name: str, *, measure: str = "encounters",
    as_of: dt.date | None = None,
) -> Series:
    """Stitch the long monthly series ``name`` (southwest, nation or a sector).

    Args:
        measure: ``encounters`` (Border Patrol and Field Operations together) or
            ``usbp`` (Border Patrol only).  Sectors are Border Patrol by definition.

    Raises:
        QueryError: unknown series or measure.
        NoSourceError: no publication in the warehouse has it.
    """
    key = name.strip().lower()
    if measure not in ("encounters", "usbp"):
        raise QueryError(f"unknown measure {measure!r}; choose encounters or usbp")
    filters: dict[str, tuple[str, ...]]
    if key in ("southwest", "sw", "southwest land border", "swb"):
        order, label = _SOUTHWEST[measure], "southwest"
        filters = {"region": (vocab.SOUTHWEST,)}
    elif key in ("nation", "nationwide", "national", "us"):
        order, label, filters = _NATION[measure], "nation", {}
    elif (sector := vocab.canonical(vocab.SECTOR_ALIASES, key)) is not None:
        order, label, measure = _SECTOR, sector, "usbp"
        filters = {"area_type": ("sector",), "area": (sector,)}
    else:
        raise QueryError(f"unknown series {name!r}; choose from {', '.join(series_names())}")
    if measure == "usbp":
        filters = {**filters, "component": (vocab.USBP,)}
    points: dict[dt.date, SeriesPoint] = {}
    available = warehouse.coverage(as_of)
    for family in order:
        if family not in available:
            continue
        try:
            result = warehouse.query(Query(filters=filters, group_by=("month",), source=family,
                                           as_of=as_of))
        except NoSourceError:
            continue
        for row in result.rows:
            month = row["month"]
            if month not in points:
                points[month] = SeriesPoint(month, int(row["encounters"]), family,
                                            row["releases"][0], result.rounding)
    if not points:
        raise NoSourceError(f"no publication in the warehouse has the {label} {measure} series")
    return Series(label, measure, [points[m] for m in sorted(points)])
