"""The hierarchy of Border Patrol series to forecast: sectors, regions, nation.

From the OHSS workbook (every sector, every month since October 1999, rounded
to 10): the bottom level is the 21 sectors; above them the three border
regions and the nation.  ``S`` maps bottom series to every series, so that
forecasts can be made coherent (sectors adding up to their region).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from borderflow import vocab
from borderflow.store import Query, Warehouse

SOURCE = "ohss_khsm.monthly_rgn_and_sector"
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
        return Panel(self.names, self.months[:n], self.values[:, :n], self.summing,
                     self.releases)


def sector_panel(wh: Warehouse, as_of: dt.date | None = None) -> Panel:
    """Border Patrol encounters by sector (bottom), region and nation, monthly."""
    result = wh.query(Query(filters={"component": (vocab.USBP,), "area_type": ("sector",)},
                            group_by=("month", "region", "area"), source=SOURCE, as_of=as_of))
    months = sorted({r["month"] for r in result.rows})
    sectors = sorted({(r["region"], r["area"]) for r in result.rows})
    col = {m: i for i, m in enumerate(months)}
    bottom = np.zeros((len(sectors), len(months)))
    row = {s: i for i, s in enumerate(sectors)}
    for r in result.rows:
        bottom[row[(r["region"], r["area"])], col[r["month"]]] += r["encounters"]
    regions = sorted({reg for reg, _ in sectors})
    names = [area for _, area in sectors]
    summing = [np.eye(len(sectors))[i] for i in range(len(sectors))]
    for reg in regions:
        names.append(REGION_NAMES.get(reg, reg))
        summing.append(np.array([1.0 if r == reg else 0.0 for r, _ in sectors]))
    names.append("Nation")
    summing.append(np.ones(len(sectors)))
    s = np.array(summing)
    return Panel(names, months, s @ bottom, s, [r.label for r in result.releases])


def breakdown_panel(wh: Warehouse, dimension: str, *, total: str = "Southwest (all CBP)",
                    as_of: dt.date | None = None) -> Panel:
    """Southwest encounters of all of CBP by ``component`` or ``demographic``, and their total.

    From the CBP releases that split the southwest by these (monthly since
    October 2018 here): the bottom level is the groups, the top their sum.
    """
    result = wh.query(Query(filters={"region": (vocab.SOUTHWEST,)},
                            group_by=("month", dimension), source="cbp_sbo", as_of=as_of))
    months = sorted({r["month"] for r in result.rows})
    groups = sorted({str(r[dimension]) for r in result.rows})
    bottom = np.zeros((len(groups), len(months)))
    for r in result.rows:
        bottom[groups.index(str(r[dimension])), months.index(r["month"])] += r["encounters"]
    summing = np.vstack([np.eye(len(groups)), np.ones((1, len(groups)))])
    return Panel([*groups, total], months, summing @ bottom, summing,
                 [r.label for r in result.releases])


def log_values(values: np.ndarray) -> np.ndarray:
    """Log counts, with zero read as one (the series are forecast on this scale)."""
    return np.asarray(np.log(np.maximum(values, 1.0)))
