"""Long monthly series (FY2000 to now), stitched explicitly from several publications.

No single publication spans FY2000 to today.  A stitched series takes each
month from the first publication in a stated order that publishes it, and
labels every month with that publication, its release and what it counts, so a
reader can see where the series changes source (the rounded OHSS workbook
hands over to CBP's AOR release in December 2024) and where it changes
meaning (Border Patrol only before CBP published all-CBP totals; Title 42
expulsions counted from March 2020 to May 2023).

Preference follows the planner's rule: official publications before
third-party transcriptions, unrounded before rounded.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from borderflow import vocab
from borderflow.errors import NoSourceError, QueryError
from borderflow.store.models import QueryResult, Series, SeriesPoint
from borderflow.store.query import Query


class Warehouse(Protocol):
    """The reads a stitched series needs (``store.Warehouse`` has them; no import cycle)."""

    def coverage(self, as_of: dt.date | None = None) -> dict[str, dict[dt.date, int]]: ...

    def query(self, query: Query) -> QueryResult: ...

MEASURES = ("encounters", "cbp", "usbp")
BORDER_PATROL = "Border Patrol only"
ALL_CBP = "all of CBP (Border Patrol and Field Operations)"
FIELD_OPERATIONS = "Field Operations only"

#: measure -> publications in order of preference (official, then unrounded).
_SOUTHWEST = {
    "cbp": ("cbp_aor", "cbp_state", "cbp_sbo", "cbp_tableau"),
    "usbp": ("cbp_aor", "cbp_sbo", "ohss_khsm.monthly_region", "usbp_monthly", "cbp_tableau"),
}
_NATION = {
    "cbp": ("cbp_aor", "cbp_state"),
    "usbp": ("cbp_aor", "ohss_khsm.monthly_count", "usbp_monthly"),
}
_SECTOR = ("cbp_aor", "ohss_khsm.monthly_rgn_and_sector", "usbp_monthly")
_FIELD_OFFICE = ("cbp_aor",)


def series_names() -> list[str]:
    """Every long series the warehouse can stitch (field offices: ``<Name> field office``)."""
    return ["southwest", "nation", *[s.name for s in vocab.SECTORS]]


def stitch(
    warehouse: Warehouse, name: str, *, measure: str = "encounters",
    as_of: dt.date | None = None,
) -> Series:
    """Stitch the long monthly series ``name`` (southwest, nation, a sector or a field office).

    Args:
        measure: ``encounters`` (all of CBP where CBP publishes it, Border Patrol
            before that, each month labelled), ``cbp`` (all of CBP only) or
            ``usbp`` (Border Patrol only).  Sectors are Border Patrol and field
            offices Field Operations, by definition.

    Raises:
        QueryError: unknown series or measure.
        NoSourceError: no publication in the warehouse has it.
    """
    key = " ".join(name.strip().lower().split())
    if measure not in MEASURES:
        raise QueryError(f"unknown measure {measure!r}; choose from {', '.join(MEASURES)}")
    if key in ("southwest", "sw", "southwest land border", "swb"):
        return _region(warehouse, "southwest", {"region": (vocab.SOUTHWEST,)}, _SOUTHWEST,
                       measure, as_of)
    if key in ("nation", "nationwide", "national", "us"):
        return _region(warehouse, "nation", {}, _NATION, measure, as_of)
    if (sector := vocab.canonical(vocab.SECTOR_ALIASES, key)) is not None:
        filters: dict[str, tuple[str, ...]] = {
            "area_type": ("sector",), "area": (sector,), "component": (vocab.USBP,)}
        points = _take(warehouse, _SECTOR, filters, as_of, BORDER_PATROL)
        return _finish(sector, "usbp", points, f"the {sector} sector")
    if key.endswith(" field office"):
        office = vocab.title_fallback(name.strip()[: -len(" field office")].strip())
        points = _take(warehouse, _FIELD_OFFICE, {
            "area_type": ("field_office",), "area": (office,), "component": (vocab.OFO,)},
            as_of, FIELD_OPERATIONS)
        return _finish(f"{office} field office", "ofo", points, f"the {office} field office")
    from borderflow.i18n import _

    raise QueryError(_("unknown series {name}; choose from {names} or '<Name> field office'")
                     .format(name=repr(name), names=", ".join(series_names())))


def _region(warehouse: Warehouse, label: str, filters: dict[str, tuple[str, ...]],
            orders: dict[str, tuple[str, ...]], measure: str,
            as_of: dt.date | None) -> Series:
    usbp = {**filters, "component": (vocab.USBP,)}
    if measure == "usbp":
        return _finish(label, measure, _take(warehouse, orders["usbp"], usbp, as_of,
                                             BORDER_PATROL), f"the {label} Border Patrol")
    points = _take(warehouse, orders["cbp"], filters, as_of, ALL_CBP)
    if measure == "encounters":
        first = min(points, default=None)
        for m, p in _take(warehouse, orders["usbp"], usbp, as_of, BORDER_PATROL).items():
            if first is None or m < first:
                points[m] = p
    return _finish(label, measure, points, f"the {label} {measure}")


def _take(warehouse: Warehouse, order: tuple[str, ...], filters: dict[str, tuple[str, ...]],
          as_of: dt.date | None, scope: str) -> dict[dt.date, SeriesPoint]:
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
                                            row["releases"][0], result.rounding, scope)
    return points


def _finish(label: str, measure: str, points: dict[dt.date, SeriesPoint],
            what: str) -> Series:
    if not points:
        raise NoSourceError(f"no publication in the warehouse has {what} series")
    return Series(label, measure, [points[m] for m in sorted(points)])
