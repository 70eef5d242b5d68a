"""The brief: the latest month in a dozen figures, each with its source release.

Southwest and nationwide totals, Border Patrol against Field Operations, the
change on the month and on the year, the fiscal year to date against the same
months a year before, and the top sectors and citizenships.  Where a breakdown
is not yet published for the latest month (CBP's component file trails the
state file), the brief uses the newest month that has it and says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from borderflow import i18n, vocab
from borderflow.errors import NoSourceError
from borderflow.i18n import N_, _
from borderflow.store import Query, QueryResult, Warehouse


@dataclass(frozen=True)
class Figure:
    """One number of the brief and where it comes from."""

    label: str
    value: int
    period: str
    family: str
    releases: tuple[str, ...]
    rounding: int = 1
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "releases": list(self.releases)}


@dataclass(frozen=True)
class Change:
    """A figure against a baseline: the change and percent change."""

    label: str
    current: Figure
    baseline: Figure

    @property
    def delta(self) -> int:
        return self.current.value - self.baseline.value

    @property
    def pct(self) -> float | None:
        return None if self.baseline.value == 0 else 100.0 * self.delta / self.baseline.value

    def as_dict(self) -> dict[str, Any]:
        return {"label": self.label, "current": self.current.as_dict(),
                "baseline": self.baseline.as_dict(), "delta": self.delta, "pct": self.pct}


@dataclass
class Ranking:
    """Top groups for a month."""

    label: str
    period: str
    family: str
    releases: tuple[str, ...]
    items: list[tuple[str, int]]
    note: str = ""
    #: the source's rounding (the OHSS workbook's sectors are rounded to 10)
    rounding: int = 1

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "releases": list(self.releases),
                "items": [{"name": n, "encounters": v} for n, v in self.items]}


@dataclass
class Brief:
    """Everything ``borderflow brief`` prints."""

    month: dt.date
    as_of: dt.date | None
    totals: list[Figure] = field(default_factory=list)
    components: list[Figure] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    rankings: list[Ranking] = field(default_factory=list)
    #: the tables left out, each with why: (label, reason)
    omitted: list[tuple[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "month": self.month.isoformat(),
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "totals": [f.as_dict() for f in self.totals],
            "components": [f.as_dict() for f in self.components],
            "changes": [c.as_dict() for c in self.changes],
            "rankings": [r.as_dict() for r in self.rankings],
            "omitted": [{"table": label, "reason": why} for label, why in self.omitted],
        }


def _fmt_month(m: dt.date) -> str:
    return i18n.month_long(m)


def _figure(label: str, result: QueryResult, period: str, note: str = "") -> Figure:
    if result.missing:
        gap = _("not published for {months}: not counted").format(
            months=vocab.describe_months(result.missing))
        note = f"{note}; {gap}" if note else gap
    return Figure(label, result.total(), period, result.family,
                  tuple(r.label for r in result.releases), result.rounding, note)


def latest_month(warehouse: Warehouse, as_of: dt.date | None = None) -> dt.date:
    """The newest month with a nationwide total (the brief's default month)."""
    newest = warehouse.newest_month(Query(as_of=as_of))
    if newest is None:
        raise NoSourceError("the warehouse has no nationwide figures"
                            + (f" as of {as_of}" if as_of else ""))
    return newest


def _total(w: Warehouse, filters: dict[str, tuple[str, ...]], first: dt.date, last: dt.date,
           as_of: dt.date | None) -> QueryResult:
    return w.query(Query(filters=filters, start=first, end=last, as_of=as_of))


def build_brief(warehouse: Warehouse, month: dt.date | None = None, *,
                as_of: dt.date | None = None, top: int = 5) -> Brief:
    """Compute the brief for ``month`` (default: the newest month published).

    Raises:
        NoSourceError: the warehouse has no nationwide figures.
    """
    m = (month or latest_month(warehouse, as_of)).replace(day=1)
    brief = Brief(m, as_of)
    sw: dict[str, tuple[str, ...]] = {"region": (vocab.SOUTHWEST,)}
    scopes: list[tuple[str, dict[str, tuple[str, ...]]]] = [(_("Southwest border"), sw),
                                                             (_("Nationwide"), {})]
    fy, fm = vocab.calendar_to_fiscal(m.year, m.month)
    for name, filters in scopes:
        cur = _total(warehouse, filters, m, m, as_of)
        encounters = _("{scope} encounters").format(scope=name)
        brief.totals.append(_figure(encounters, cur, _fmt_month(m)))
        for label, base_month in ((_("{scope}, on the month"), vocab.add_months(m, -1)),
                                  (_("{scope}, on the year"), vocab.add_months(m, -12))):
            try:
                base = _total(warehouse, filters, base_month, base_month, as_of)
            except NoSourceError:
                continue
            brief.changes.append(Change(label.format(scope=name), brief.totals[-1],
                                        _figure(encounters, base, _fmt_month(base_month))))
        start = vocab.month_start(fy, 1)
        try:
            ytd = _total(warehouse, filters, start, m, as_of)
            prev = _total(warehouse, filters, vocab.add_months(start, -12),
                          vocab.add_months(m, -12), as_of)
        except NoSourceError:
            continue
        this, last = i18n.fiscal_year(fy), i18n.fiscal_year(fy - 1)
        brief.changes.append(Change(
            _("{scope}, {fy} to date vs {last} same months").format(scope=name, fy=this,
                                                                    last=last),
            _figure(_("{scope} {fy} to date").format(scope=name, fy=this), ytd,
                    _span(start, m)),
            _figure(_("{scope} {fy} same months").format(scope=name, fy=last), prev,
                    _span(vocab.add_months(start, -12), vocab.add_months(m, -12)))))
    brief.components.extend(_components(warehouse, m, as_of))
    brief.rankings.extend(_rankings(warehouse, m, as_of, top, brief.omitted))
    return brief


def _span(first: dt.date, last: dt.date) -> str:
    return _("{first} to {last}").format(first=_fmt_month(first), last=_fmt_month(last))


def _with(query: Query, **changes: Any) -> Query:
    """A validated copy of ``query`` with some fields changed."""
    return Query(**{**query.model_dump(), **changes})


def _newest_with(warehouse: Warehouse, query: Query, m: dt.date) -> tuple[dt.date, str]:
    """The newest month not after ``m`` for which ``query`` can be answered."""
    newest = warehouse.newest_month(query, up_to=m)
    if newest is None:
        raise NoSourceError("no month with this breakdown")
    note = "" if newest == m else _("not yet published for {month}; newest available").format(
        month=_fmt_month(m))
    return newest, note


def _components(warehouse: Warehouse, m: dt.date, as_of: dt.date | None) -> list[Figure]:
    base = Query(filters={"region": (vocab.SOUTHWEST,)}, group_by=("component",), as_of=as_of)
    try:
        month, note = _newest_with(warehouse, base, m)
    except NoSourceError:
        return []
    result = warehouse.query(_with(base, start=month, end=month))
    names = {vocab.USBP: _("Border Patrol (USBP)"), vocab.OFO: _("Field Operations (OFO)")}
    return [
        Figure(_("Southwest, {component}").format(
            component=names.get(r["component"], r["component"])), int(r["encounters"]),
               _fmt_month(month), result.family, tuple(x.label for x in result.releases),
               result.rounding, note)
        for r in result.rows
    ]


def _rankings(warehouse: Warehouse, m: dt.date, as_of: dt.date | None,
              top: int, omitted: list[tuple[str, str]]) -> list[Ranking]:
    out: list[Ranking] = []
    asks = (
        (N_("Busiest Border Patrol sectors, all borders"), Query(
            filters={"component": (vocab.USBP,), "area_type": ("sector",)},
            group_by=("area",), as_of=as_of), "area"),
        (N_("Busiest Field Operations field offices, southwest border"), Query(
            filters={"component": (vocab.OFO,), "area_type": ("field_office",),
                     "region": (vocab.SOUTHWEST,)},
            group_by=("area",), as_of=as_of), "area"),
        (N_("Top citizenships, southwest border"), Query(
            filters={"region": (vocab.SOUTHWEST,)}, group_by=("citizenship",), as_of=as_of),
         "citizenship"),
    )
    for label, query, key in asks:
        try:
            month, note = _newest_with(warehouse, query, m)
        except NoSourceError:
            omitted.append((_(label), _why_not(warehouse, query, m)))
            continue
        result = warehouse.query(_with(query, start=month, end=month))
        items = sorted(((str(r[key]), int(r["encounters"])) for r in result.rows),
                       key=lambda kv: -kv[1])
        if key == "citizenship":
            items = [kv for kv in items if kv[0] not in vocab.RESIDUAL_CITIZENSHIPS]
        out.append(Ranking(_(label), _fmt_month(month), result.family,
                           tuple(r.label for r in result.releases), items[:top], note,
                           result.rounding))
    return out


def _why_not(warehouse: Warehouse, query: Query, m: dt.date) -> str:
    """Why no release answers ``query`` for ``m`` or any month before it (the planner's
    own words)."""
    try:
        warehouse.query(_with(query, start=m, end=m))
    except NoSourceError as exc:
        return str(exc)
    return _("no release publishes it for {month} or before").format(month=_fmt_month(m))
