"""Daily arrivals derived from the sector's monthly forecast, where a shelter has no daily records.

The arrival level is the forecast for the month after the newest data, per
day, times the share released into the community; the forecast's 80% interval
becomes the uncertainty of that level.  It uses only the forecast package's
public entry points (``sector_panel``, ``forecast``).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import numpy as np

from borderflow.errors import QueryError
from borderflow.store import Warehouse

#: z of the two-sided 80% interval
Z80 = 1.2816


@dataclass(frozen=True)
class DerivedArrivals:
    """People a day released to the city, from the sector forecast."""

    per_day: float
    level_se: float  # log-scale uncertainty of the level (from the 80% interval)
    month: dt.date  # the forecast month; the plan starts on its first day
    note: str
    #: the newest month of data the forecast was made from
    newest: dt.date | None = None


def arrivals_from_forecast(warehouse: Warehouse, sector: str,
                           release_share: float) -> DerivedArrivals:
    """The sector's forecast for the month after its newest data, per day, times the share.

    Raises:
        QueryError: the sector is not in the forecast panel.
    """
    from borderflow.forecast.backtest import forecast
    from borderflow.forecast.panel import sector_panel

    panel = sector_panel(warehouse)
    if sector not in panel.names:
        raise QueryError(f"derive_arrivals: no sector {sector!r}; sectors are "
                         + ", ".join(panel.names[: len(panel.bottom)]))
    fc = forecast(panel, h=1)
    i = fc.names.index(sector)
    month = fc.targets[0]
    days = calendar.monthrange(month.year, month.month)[1]
    mean = float(fc.mean[i, 0])
    lo, hi = float(fc.lo[80][i, 0]), float(fc.hi[80][i, 0])
    se = float(np.log(max(hi, 1.0) / max(lo, 1.0)) / (2 * Z80))
    per_day = mean / days * release_share
    note = (f"forecast of Border Patrol encounters in the {sector} sector for {month:%B %Y} "
            f"(made from data through {fc.origin:%B %Y}, releases {', '.join(panel.releases)}): "
            f"{mean:,.0f} (80% {lo:,.0f}-{hi:,.0f}), {mean / days:,.0f} a day, x release "
            f"share {release_share:g}")
    return DerivedArrivals(per_day, se, month, note, fc.origin)
