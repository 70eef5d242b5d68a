"""Daily arrivals derived from monthly encounters, where a shelter has no daily records."""

from __future__ import annotations

import calendar
import datetime as dt

from borderflow import vocab
from borderflow.store import Query, Warehouse


def arrivals_from_encounters(warehouse: Warehouse, sector: str, release_share: float,
                             month: dt.date | None = None) -> tuple[float, str]:
    """People a day released to the city: Border Patrol encounters in the sector's newest
    month (or ``month``) per day, times the share released into the community.

    Returns the rate and a sentence saying where it came from.
    """
    q = Query(filters={"component": (vocab.USBP,), "area": (sector,)}, group_by=("month",),
              start=month, end=month)
    result = warehouse.query(q)
    row = result.rows[-1]
    m: dt.date = row["month"]
    days = calendar.monthrange(m.year, m.month)[1]
    per_day = row["encounters"] / days * release_share
    note = (f"{row['encounters']:,} Border Patrol encounters in the {sector} sector in "
            f"{m:%B %Y} ({row['encounters'] / days:,.0f} a day, {result.family}, releases "
            f"{', '.join(r.label for r in result.releases)}) x release share {release_share:g}")
    return per_day, note
