"""The hierarchy of Border Patrol series to forecast: sectors, regions, nation.

From the OHSS workbook (every sector, every month since October 1999, rounded
to 10), carried on by the CBP AOR release (Border Patrol by sector, unrounded)
for the months after the workbook ends, when the warehouse holds one: the
bottom level is the 21 sectors; above them the three border regions and the
nation.  ``S`` maps bottom series to every series, so that forecasts can be
made coherent (sectors adding up to their region).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from borderflow import vocab
from borderflow.errors import NoSourceError
from borderflow.store import Query, Warehouse

SOURCE = "ohss_khsm.monthly_rgn_and_sector"
AOR_SOURCE = "cbp_aor"
REGION_NAMES = {vocab.SOUTHWEST: "Southwest", vocab.NORTHERN: "Northern",
                vocab.COASTAL: "Coastal"}


@dataclass
class Panel:
    """Series x months of counts, with the summing matrix of the hierarchy."""

    names: list[str]
    months: list[dt.date]
    values: np.ndarray  # all series x months (counts)
    summing: np.ndarray  # all series x bottom series
    releases: list[str]
    #: where each stretch of months comes from: (family, first month, last month)
    segments: tuple[tuple[str, dt.date, dt.date], ...] = ()

    @property
    def bottom(self) -> list[int]:
        """Rows of the bottom series (they come first)."""
        return list(range(self.summing.shape[1]))

    def index(self, name: str) -> int:
        return self.names.index(name)

    @property
    def start_month(self) -> int:
        return self.months[0].month

    def upto(self, last: dt.date) -> Panel:
        """The panel as it stood with data through ``last``."""
        n = self.months.index(last) + 1
        kept = tuple((f, a, min(b, last)) for f, a, b in self.segments if a <= last)
        return Panel(self.names, self.months[:n], self.values[:, :n], self.summing,
                     self.releases, kept)

    @property
    def through(self) -> dt.date:
        """The newest month of data."""
        return self.months[-1]


def _sector_rows(wh: Warehouse, source: str, as_of: dt.date | None,
                 ) -> tuple[dict[tuple[str, dt.date], float], list[str], list[dt.date]]:
    """Border Patrol encounters by (sector, month) from one source, its releases and the
    months it has none for (``missing``)."""
    result = wh.query(Query(filters={"component": (vocab.USBP,), "area_type": ("sector",)},
                            group_by=("month", "region", "area"), source=source, as_of=as_of))
    cells: dict[tuple[str, dt.date], float] = {}
    for r in result.rows:
        cells[(str(r["area"]), r["month"])] = cells.get((str(r["area"]), r["month"]), 0.0) \
            + float(r["encounters"])
    return cells, [r.label for r in result.releases], list(result.missing)


def sector_panel(wh: Warehouse, as_of: dt.date | None = None, *, extend: bool = True) -> Panel:
    """Border Patrol encounters by sector (bottom), region and nation, monthly.

    The OHSS workbook's months, then (``extend``) the AOR release's months after
    them, when the AOR release has every month from the one after the workbook's
    last on; its sectors are matched by name (the workbook's regions are kept).
    """
    result = wh.query(Query(filters={"component": (vocab.USBP,), "area_type": ("sector",)},
                            group_by=("month", "region", "area"), source=SOURCE, as_of=as_of))
    months = trailing_run({r["month"] for r in result.rows} - set(result.missing))
    kept = set(months)
    rows = [r for r in result.rows if r["month"] in kept]
    sectors = sorted({(r["region"], r["area"]) for r in rows})
    releases = [r.label for r in result.releases]
    segments = [(result.family, months[0], months[-1])]
    row = {s: i for i, s in enumerate(sectors)}
    cells: dict[tuple[int, dt.date], float] = {}
    for r in rows:
        key = (row[(r["region"], r["area"])], r["month"])
        cells[key] = cells.get(key, 0.0) + float(r["encounters"])
    if extend:
        more = _aor_months(wh, as_of, after=months[-1], known={a for _, a in sectors})
        if more is not None:
            aor, labels, new = more
            by_area = {a: i for i, (_, a) in enumerate(sectors)}
            for (area, m), v in aor.items():
                if m in new:
                    cells[(by_area[area], m)] = v
            months += new
            releases += labels
            segments.append((AOR_SOURCE, new[0], new[-1]))
    col = {m: i for i, m in enumerate(months)}
    bottom = np.zeros((len(sectors), len(months)))
    for (i, m), v in cells.items():
        bottom[i, col[m]] = v
    regions = sorted({reg for reg, _ in sectors})
    names = [area for _, area in sectors]
    summing = [np.eye(len(sectors))[i] for i in range(len(sectors))]
    for reg in regions:
        names.append(REGION_NAMES.get(reg, reg))
        summing.append(np.array([1.0 if r == reg else 0.0 for r, _ in sectors]))
    names.append("Nation")
    summing.append(np.ones(len(sectors)))
    s = np.array(summing)
    return Panel(names, months, s @ bottom, s, releases, tuple(segments))


def _aor_months(wh: Warehouse, as_of: dt.date | None, *, after: dt.date, known: set[str],
                ) -> tuple[dict[tuple[str, dt.date], float], list[str], list[dt.date]] | None:
    """The AOR release's sector figures for the months after ``after``, or ``None``.

    ``None`` when the warehouse has no AOR release, when it starts later than the
    month after ``after`` (a gap would break the series), or when it names a sector
    the workbook does not have.
    """
    try:
        cells, labels, missing = _sector_rows(wh, AOR_SOURCE, as_of)
    except NoSourceError:
        return None
    have = sorted({m for _, m in cells} - set(missing))
    new: list[dt.date] = []
    for m in have:
        if m <= after:
            continue
        expected = vocab.add_months(new[-1] if new else after, 1)
        if m != expected:
            break  # a gap: keep only the months that carry on without one
        new.append(m)
    if not new or not {a for a, _ in cells} <= known:
        return None
    return cells, labels, new


def breakdown_panel(wh: Warehouse, dimension: str, *, total: str = "Southwest (all CBP)",
                    as_of: dt.date | None = None) -> Panel:
    """Southwest encounters of all of CBP by ``component`` or ``demographic``, and their total.

    From the CBP releases that split the southwest by these (monthly since
    October 2018 here): the bottom level is the groups, the top their sum.
    """
    result = wh.query(Query(filters={"region": (vocab.SOUTHWEST,)},
                            group_by=("month", dimension), source="cbp_sbo", as_of=as_of))
    months = trailing_run({r["month"] for r in result.rows} - set(result.missing))
    kept = set(months)
    rows = [r for r in result.rows if r["month"] in kept]
    groups = sorted({str(r[dimension]) for r in rows})
    bottom = np.zeros((len(groups), len(months)))
    for r in rows:
        bottom[groups.index(str(r[dimension])), months.index(r["month"])] += r["encounters"]
    summing = np.vstack([np.eye(len(groups)), np.ones((1, len(groups)))])
    return Panel([*groups, total], months, summing @ bottom, summing,
                 [r.label for r in result.releases], ((result.family, months[0], months[-1]),))


def trailing_run(months: set[dt.date] | list[dt.date]) -> list[dt.date]:
    """The months from the last gap on, in order (a panel needs every month).

    Raises:
        NoSourceError: no months at all.
    """
    ordered = sorted(months)
    if not ordered:
        raise NoSourceError("no months of data to forecast from")
    keep = [ordered[-1]]
    for m in reversed(ordered[:-1]):
        if vocab.add_months(m, 1) != keep[-1]:
            break
        keep.append(m)
    return keep[::-1]


def log_values(values: np.ndarray) -> np.ndarray:
    """Log counts, with zero read as one (the series are forecast on this scale)."""
    return np.asarray(np.log(np.maximum(values, 1.0)))
