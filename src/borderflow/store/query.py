"""The one typed query of the warehouse, and the planner that picks its source.

A :class:`Query` asks for encounters filtered and grouped by canonical
dimensions over a period, optionally as published by a date.  The planner
answers it from exactly one family (one table of one publication) that has
every dimension asked for, whose scope matches (the OHSS workbook only counts
Border Patrol, the southwest file only the southwest), and that covers the
period best; it never adds two families together, because they count the same
encounters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from borderflow import vocab
from borderflow.errors import NoSourceError, QueryError
from borderflow.sources import DIMENSIONS, FAMILIES, FamilySpec

TIME_KEYS: tuple[str, ...] = ("month", "fy", "cy")
GROUPABLE: tuple[str, ...] = (*DIMENSIONS, "citizenship_group")
_GROUP_EXPR = "CASE WHEN o.citizenship IN ('El Salvador', 'Guatemala', 'Honduras', 'Mexico') " \
              "THEN o.citizenship ELSE 'Other' END"


def dimension_expr(dim: str) -> str:
    """SQL for a dimension or time key over ``observation o``."""
    if dim == "citizenship_group":
        return _GROUP_EXPR
    if dim == "cy":
        return "year(o.month)"
    return f"o.{dim}"


def _canonical_value(dim: str, raw: str) -> str:
    if dim == "area":
        text = raw.strip()
        if (sector := vocab.canonical(vocab.SECTOR_ALIASES, text)) is not None:
            return sector
        if text.upper() in vocab.US_STATES:
            return text.upper()
        return vocab.title_fallback(text.removesuffix(" Field Office"))
    table = vocab.DIMENSION_ALIASES.get(dim)
    if table is None:
        raise QueryError(f"unknown dimension {dim!r}; choose from {', '.join(GROUPABLE)}")
    value = vocab.canonical(table, raw)
    if value is None:
        if dim == "citizenship":
            return vocab.title_fallback(raw)  # an unknown country simply matches nothing
        choices = sorted(set(table.values()))
        raise QueryError(f"unknown {dim} {raw!r}; choose from {', '.join(choices)}")
    return value


class Query(BaseModel):
    """Encounters, filtered, grouped and bounded in time, optionally as of a date.

    Attributes:
        filters: dimension -> accepted values (aliases such as ``sw``, ``UAC``,
            ``Border Patrol`` are understood).
        group_by: dimensions and/or time keys (``month``, ``fy``, ``cy``).
        start, end: first and last calendar month (inclusive).
        fiscal_years: alternatively, whole fiscal years.
        as_of: use only releases published on or before this date.
        source: force a family (``cbp_sbo``) or a publication (``ohss_khsm``).
    """

    model_config = ConfigDict(frozen=True)

    filters: dict[str, tuple[str, ...]] = {}
    group_by: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    fiscal_years: tuple[int, ...] | None = None
    as_of: dt.date | None = None
    source: str | None = None

    @field_validator("filters", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: (v,) if isinstance(v, str) else tuple(v) for k, v in value.items()}
        return value

    @field_validator("start", "end")
    @classmethod
    def _month_start(cls, value: dt.date | None) -> dt.date | None:
        return value.replace(day=1) if value else value

    @model_validator(mode="after")
    def _canonicalise(self) -> Query:
        filters: dict[str, tuple[str, ...]] = {}
        for dim, values in self.filters.items():
            if dim not in GROUPABLE:
                raise QueryError(f"unknown dimension {dim!r}; choose from {', '.join(GROUPABLE)}")
            if not values:
                raise QueryError(f"filter on {dim} has no values")
            filters[dim] = tuple(dict.fromkeys(_canonical_value(dim, v) for v in values))
        if "area" in filters and "area_type" not in filters:
            filters["area_type"] = (_infer_area_type(filters["area"]),)
        for g in self.group_by:
            if g not in GROUPABLE and g not in TIME_KEYS:
                raise QueryError(
                    f"cannot group by {g!r}; choose from {', '.join(GROUPABLE + TIME_KEYS)}")
        group_by = tuple(dict.fromkeys(self.group_by))
        if "area" in group_by and "area_type" not in group_by and "area_type" not in filters:
            group_by = ("area_type", *group_by)
        if self.fiscal_years is not None and (self.start or self.end):
            raise QueryError("give either fiscal years or a start/end month, not both")
        if self.start and self.end and self.start > self.end:
            raise QueryError(f"start {self.start:%Y-%m} is after end {self.end:%Y-%m}")
        object.__setattr__(self, "filters", filters)
        object.__setattr__(self, "group_by", group_by)
        return self

    def months(self) -> tuple[dt.date | None, dt.date | None]:
        """The requested (first, last) month; ``None`` where open."""
        if self.fiscal_years:
            return (vocab.month_start(min(self.fiscal_years), 1),
                    vocab.month_start(max(self.fiscal_years), 12))
        return self.start, self.end

    @property
    def dims_used(self) -> set[str]:
        """Categorical dimensions the query filters or groups on."""
        return {d for d in (*self.filters, *self.group_by) if d not in TIME_KEYS}


def _infer_area_type(areas: tuple[str, ...]) -> str:
    sectors = {s.name for s in vocab.SECTORS}
    if all(a in sectors for a in areas):
        return "sector"
    if all(a in vocab.US_STATES for a in areas):
        return "state"
    if not any(a in sectors or a in vocab.US_STATES for a in areas):
        return "field_office"
    raise QueryError("the areas mix sectors, states and field offices; filter area_type too")


#: Area types each family's ``area`` column holds.
AREA_TYPES: dict[str, frozenset[str]] = {
    "cbp_state": frozenset({"state"}),
    "cbp_aor": frozenset({"sector", "field_office", "other"}),
    "usbp_monthly": frozenset({"sector"}),
}


def why_not(spec: FamilySpec, query: Query) -> str | None:
    """Why ``spec`` cannot answer ``query``, or ``None`` if it can."""
    for dim in sorted(query.dims_used):
        if not spec.can_group(dim):
            return f"has no {dim} breakdown"
    if "area_type" in query.filters:
        allowed = AREA_TYPES.get(spec.family, frozenset({"sector"}))
        if not set(query.filters["area_type"]) <= allowed:
            return f"has areas of type {', '.join(sorted(allowed))} only"
    for dim, value in spec.fixed.items():
        wanted = query.filters.get(dim)
        if wanted is None:
            return f"counts {dim} {value} only (add {dim}={value} to ask for that)"
        if set(wanted) != {value}:
            return f"counts {dim} {value} only"
    if spec.time_grain == "year" and (query.source is None or
                                      query.group_by and set(query.group_by) & {"month", "cy"}):
        return "is annual (ask for it with source=)"
    return None


@dataclass
class Plan:
    """The family chosen to answer a query and the months it will use."""

    spec: FamilySpec
    first: dt.date | None
    last: dt.date | None
    missing: list[dt.date] = field(default_factory=list)
    passed_over: dict[str, str] = field(default_factory=dict)


def plan(query: Query, coverage: dict[str, set[dt.date]]) -> Plan:
    """Choose the one family that answers ``query`` best.

    Args:
        coverage: family -> months published (as of the query's date); the key
            ``*`` may hold the union of them all, precomputed.

    Raises:
        NoSourceError: no family has the dimensions and scope, or none covers the period.
    """
    everything = coverage.get("*") or set().union(*coverage.values())
    specs = [s for s in FAMILIES.values() if coverage.get(s.family)]
    if query.source:
        specs = [s for s in specs if query.source in (s.family, s.source_kind)]
        if not specs:
            raise NoSourceError(f"no data from source {query.source!r} in this warehouse"
                                + (f" as of {query.as_of}" if query.as_of else ""))
    reasons = {s.family: r for s in specs if (r := why_not(s, query)) is not None}
    candidates = [s for s in specs if s.family not in reasons]
    if not candidates:
        detail = "; ".join(f"{f} {r}" for f, r in sorted(reasons.items()))
        raise NoSourceError("no single source can answer this query: " + (detail or "no data"))
    first, last = query.months()
    # Clip the period to what anything publishes, so a gap at this grain is reported.
    union = everything
    lo = max(first, min(union)) if first else None
    hi = min(last, max(union)) if last else None
    if first is None and last is None:
        # No period: the source with the newest figures, then the preferred one.
        best = min(candidates, key=lambda s: (-max(coverage[s.family]).toordinal(),
                                              s.priority, len(s.dims)))
        return Plan(best, None, None, passed_over=reasons)
    wanted = {m for m in union if (lo is None or m >= lo) and (hi is None or m <= hi)}
    if lo is not None and hi is not None:
        wanted = set(vocab.month_range(lo, hi))
    if query.fiscal_years:
        wanted = {m for m in wanted
                  if vocab.calendar_to_fiscal(m.year, m.month)[0] in query.fiscal_years}
    if not wanted:
        raise NoSourceError(
            f"no source publishes {_describe(first, last)}; data for this query spans "
            f"{min(union):%Y-%m} to {max(union):%Y-%m}")

    def score(s: FamilySpec) -> tuple[int, int, int]:
        return (-len(wanted & coverage[s.family]), s.priority, len(s.dims))

    best = min(candidates, key=score)
    missing = sorted(wanted - coverage[best.family])
    if len(missing) == len(wanted):
        raise NoSourceError(f"no source publishes {_describe(first, last)} at this grain")
    return Plan(best, lo or min(wanted), hi or max(wanted), missing, reasons)


def _describe(first: dt.date | None, last: dt.date | None) -> str:
    return f"{first:%Y-%m}" if first == last and first else \
        f"{first:%Y-%m} .. {last:%Y-%m}" if first and last else \
        f"from {first:%Y-%m}" if first else f"up to {last:%Y-%m}" if last else "this period"


def in_period(query: Query, chosen: Plan, month: dt.date) -> bool:
    """Whether ``month`` is in the period the query asks for and the plan covers.

    Fiscal years need not be consecutive (``fy=2021&fy=2023`` leaves FY2022 out).
    """
    if chosen.first is not None and month < chosen.first:
        return False
    if chosen.last is not None and month > chosen.last:
        return False
    return not query.fiscal_years or \
        vocab.calendar_to_fiscal(month.year, month.month)[0] in query.fiscal_years


def _runs(months: dict[dt.date, int]) -> list[tuple[int, dt.date, dt.date]]:
    """Consecutive months published by the same release: (release, first, last)."""
    runs: list[tuple[int, dt.date, dt.date]] = []
    for m in sorted(months):
        rid = months[m]
        if runs and runs[-1][0] == rid and vocab.add_months(runs[-1][2], 1) == m:
            runs[-1] = (rid, runs[-1][1], m)
        else:
            runs.append((rid, m, m))
    return runs


def build_sql(query: Query, chosen: Plan,
              picked: dict[dt.date, int]) -> tuple[str, list[Any]]:
    """SQL and parameters that answer ``query`` from the chosen family only.

    Rows come back unordered (the caller sorts the few groups in Python, which
    is cheaper than DuckDB's sort operator at this size).

    Args:
        picked: month -> the release that publishes it (newest, or as of the
            query's date); the SQL reads exactly those rows, so "latest" and
            "as of" queries cost the same.
    """
    keys = list(query.group_by)
    in_range = {m: r for m, r in picked.items() if in_period(query, chosen, m)}
    # One simple range scan per run of months from the same release, so DuckDB can
    # prune row groups by release and month (an OR of ranges defeats that).
    parts: list[tuple[str, list[Any]]] = []
    if chosen.spec.time_grain == "year":
        years = sorted(query.fiscal_years or {vocab.calendar_to_fiscal(m.year, m.month)[0]
                                              for m in in_range})
        for rid, fy in sorted({(r, vocab.calendar_to_fiscal(m.year, m.month)[0])
                               for m, r in in_range.items()}):
            if fy in years:
                parts.append(("o.release_id = ? AND o.fy = ?", [rid, fy]))
    else:
        for rid, lo, hi in _runs(in_range):
            parts.append(("o.release_id = ? AND o.month BETWEEN ? AND ?", [rid, lo, hi]))
    filters: list[str] = []
    filter_params: list[Any] = []
    for dim, values in sorted(query.filters.items()):
        filters.append(f"{dimension_expr(dim)} IN (" + ", ".join("?" * len(values)) + ")")
        filter_params.extend(values)
    if len(parts) <= 1:  # the common case: one scan, grouped directly
        clause, only = parts[0] if parts else ("FALSE", [])
        group = ", ".join(dimension_expr(k) for k in keys)
        sql = ("SELECT " + "".join(f"{dimension_expr(k)} AS {k}, " for k in keys)
               + "coalesce(sum(o.count), 0)::BIGINT AS encounters"
               + " FROM observation o WHERE o.family = ? AND "
               + clause + "".join(f" AND {f}" for f in filters)
               + (f" GROUP BY {group}" if keys else ""))
        return sql, [chosen.spec.family, *only, *filter_params]
    select = ", ".join([*(f"{dimension_expr(k)} AS {k}" for k in keys), "o.count"])
    params: list[Any] = []
    scans: list[str] = []
    for clause, run_values in parts:
        scans.append(f"SELECT {select} FROM observation o WHERE o.family = ? AND {clause}"
                     + "".join(f" AND {f}" for f in filters))
        params += [chosen.spec.family, *run_values, *filter_params]
    key_list = ", ".join(keys)
    sql = (
        "SELECT " + (key_list + ", " if keys else "")
        + "coalesce(sum(count), 0)::BIGINT AS encounters"
        + "\nFROM (" + "\n  UNION ALL ".join(scans) + ")"
        + (f"\nGROUP BY {key_list}" if keys else "")
    )
    return sql, params
