"""Comparisons: month on month, year on year, fiscal year to date, share and rank.

Works for any grouping the warehouse can answer (sector, state, component,
demographic, citizenship, authority); every row names the releases its
figures come from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from borderflow import vocab
from borderflow.errors import NoSourceError
from borderflow.store import Query, QueryResult, Warehouse


def pct(now: float, before: float) -> float | None:
    """Percent change, or ``None`` against zero."""
    return None if not before else 100.0 * (now - before) / before


@dataclass
class ComparisonRow:
    """One group's figures for a month and its baselines."""

    group: str
    value: int
    previous_month: int | None
    year_ago: int | None
    fytd: int | None
    fytd_previous: int | None
    share: float
    rank: int

    @property
    def mom_pct(self) -> float | None:
        return None if self.previous_month is None else pct(self.value, self.previous_month)

    @property
    def yoy_pct(self) -> float | None:
        return None if self.year_ago is None else pct(self.value, self.year_ago)

    @property
    def fytd_pct(self) -> float | None:
        if self.fytd is None or self.fytd_previous is None:
            return None
        return pct(self.fytd, self.fytd_previous)

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "mom_pct": self.mom_pct, "yoy_pct": self.yoy_pct,
                "fytd_pct": self.fytd_pct}


@dataclass
class Comparison:
    """Rows for one month, with the source and releases behind them."""

    month: dt.date
    by: str | None
    rows: list[ComparisonRow]
    family: str
    releases: list[str] = field(default_factory=list)
    rounding: int = 1

    def row(self, group: str) -> ComparisonRow:
        return next(r for r in self.rows if r.group == group)


def _grouped(wh: Warehouse, filters: dict[str, tuple[str, ...]], by: str | None,
             first: dt.date, last: dt.date, as_of: dt.date | None,
             source: str | None) -> QueryResult | None:
    try:
        result = wh.query(Query(filters=filters, group_by=(by,) if by else (), start=first,
                                end=last, as_of=as_of, source=source))
    except NoSourceError:
        return None
    return None if result.missing else result


def _values(result: QueryResult | None, by: str | None) -> dict[str, int] | None:
    if result is None:
        return None
    return {str(r[by]) if by else "total": int(r["encounters"]) for r in result.rows}


def compare(wh: Warehouse, month: dt.date, *, by: str | None = None,
            filters: dict[str, tuple[str, ...]] | None = None,
            as_of: dt.date | None = None) -> Comparison:
    """Each group's encounters in ``month`` against the month before, the same month a year
    before, and fiscal year to date against the same months of the previous year.

    All figures come from the source that answers the month itself, so a
    comparison never mixes two publications.

    Raises:
        NoSourceError: nothing answers the month at this grain.
    """
    f = dict(filters or {})
    m = month.replace(day=1)
    current = wh.query(Query(filters=f, group_by=(by,) if by else (), start=m, end=m,
                             as_of=as_of))
    source = current.family
    fy, _ = vocab.calendar_to_fiscal(m.year, m.month)
    fy_start = vocab.month_start(fy, 1)
    prev_m = vocab.add_months(m, -1)
    year_ago = vocab.add_months(m, -12)
    results = {
        "prev": _grouped(wh, f, by, prev_m, prev_m, as_of, source),
        "year": _grouped(wh, f, by, year_ago, year_ago, as_of, source),
        "fytd": _grouped(wh, f, by, fy_start, m, as_of, source),
        "fytd_prev": _grouped(wh, f, by, vocab.add_months(fy_start, -12), year_ago, as_of,
                              source),
    }
    now = _values(current, by) or {}
    other = {k: _values(v, by) for k, v in results.items()}
    total = sum(now.values())
    ranked = sorted(now.items(), key=lambda kv: -kv[1])
    rows = [
        ComparisonRow(
            group=g, value=v,
            previous_month=None if other["prev"] is None else other["prev"].get(g, 0),
            year_ago=None if other["year"] is None else other["year"].get(g, 0),
            fytd=None if other["fytd"] is None else other["fytd"].get(g, 0),
            fytd_previous=None if other["fytd_prev"] is None else other["fytd_prev"].get(g, 0),
            share=v / total if total else 0.0, rank=i,
        )
        for i, (g, v) in enumerate(ranked, start=1)
    ]
    releases = sorted({r.label for res in [current, *results.values()] if res is not None
                       for r in res.releases})
    return Comparison(m, by, rows, source, releases, current.rounding)


def fiscal_year_change(wh: Warehouse, fy: int, filters: dict[str, tuple[str, ...]] | None = None,
                       as_of: dt.date | None = None) -> tuple[int, int, float | None, str]:
    """(FY total, previous FY total, percent change, source family), from one source."""
    result = wh.query(Query(filters=dict(filters or {}), fiscal_years=(fy - 1, fy),
                            group_by=("fy",), as_of=as_of))
    values = {r["fy"]: int(r["encounters"]) for r in result.rows}
    now, before = values.get(fy, 0), values.get(fy - 1, 0)
    return now, before, pct(now, before), result.family
