"""Current forecasts: every series from its own newest data, against the actual when known.

Four hierarchies, each forecast from its own newest month:

``sectors``     Border Patrol by sector, region and nation (OHSS workbook, then
                the AOR release): :func:`~borderflow.forecast.panel.sector_panel`.
``totals``      all of CBP by border region and nation: the state releases, then
                the AOR release for the months after them.
``states``      all of CBP at the southwest border by state (AZ, CA, NM, TX) and
                their total: the state releases only.
``components``  the southwest by component (USBP, OFO) and their total: the sbo
                releases.
``demographics`` the southwest by demographic and their total: the sbo releases.

Every forecast names its origin and the month its data run through.  A lower
level that ends before its total (states and components end before the
southwest total) is forecast coherently from its own newest month, and says
so; where a later release already publishes a forecast month, the row is
``observed`` and carries the actual, never presented as an outlook.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from borderflow import vocab
from borderflow.errors import NoSourceError
from borderflow.forecast.backtest import forecast as make_forecast
from borderflow.forecast.panel import (
    REGION_NAMES,
    Panel,
    breakdown_panel,
    sector_panel,
    trailing_run,
)
from borderflow.forecast.protocol import DEFAULT_SERIES
from borderflow.store import Query, Warehouse

SW_ALL = "Southwest (all CBP)"
NATION_ALL = "Nation (all CBP)"
REGIONS_ALL = {vocab.SOUTHWEST: SW_ALL, vocab.NORTHERN: "Northern (all CBP)",
               vocab.OTHER_REGION: "Other (all CBP)"}
PANELS = ("sectors", "totals", "states", "components", "demographics")
#: what each panel counts (its tables' titles and its JSON say it)
PANEL_SCOPE = {"sectors": "Border Patrol only", "totals": "all of CBP",
               "states": "all of CBP, southwest border",
               "components": "all of CBP, southwest border",
               "demographics": "all of CBP, southwest border"}
MIN_MONTHS = 48  # shortest history a panel is forecast from
#: a 95% band wider than this many times the forecast (the median) is flagged as not
#: informative.  The bands are symmetric on the log scale, so a width of 3 times the
#: median runs from 0.30 to 3.30 times it: more than a tenfold range (an order of
#: magnitude), which rules out almost no month a reader would plan for.
WIDE_BAND = 3
#: the series the backtest scores (borderflow.forecast.protocol): the rest are forecast
#: by the same method and bands, never scored
SCORED = DEFAULT_SERIES


def wide_band(row: dict[str, Any]) -> bool:
    """Whether a row's 95% band is wider than :data:`WIDE_BAND` times its forecast."""
    return bool(row["hi95"] - row["lo95"] > WIDE_BAND * max(row["mean"], 1.0))


def scored(panel: str, name: str) -> bool:
    """Whether the backtest scores this series (the sector panel's southwest series)."""
    return panel == "sectors" and name in SCORED


@dataclass
class PanelForecast:
    """The forecast of one hierarchy from its newest month, with what is known since."""

    name: str
    panel: Panel | None
    rows: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def origin(self) -> dt.date | None:
        return self.panel.months[-1] if self.panel is not None else None

    def as_dict(self) -> dict[str, Any]:
        p = self.panel
        return {
            "panel": self.name,
            "counts": PANEL_SCOPE[self.name],
            "origin": f"{p.months[-1]:%Y-%m}" if p else None,
            "data_through": f"{p.months[-1]:%Y-%m}" if p else None,
            "sources": [{"family": f, "first": f"{a:%Y-%m}", "last": f"{b:%Y-%m}"}
                        for f, a, b in (p.segments if p else ())],
            "releases": p.releases if p else [],
            "notes": self.notes,
            "forecasts": [{**r, "origin": f"{r['origin']:%Y-%m}",
                           "target": f"{r['target']:%Y-%m}",
                           "data_through": f"{r['data_through']:%Y-%m}"} for r in self.rows],
        }


def _region_cells(wh: Warehouse, source: str, extra: dict[str, tuple[str, ...]],
                  by: str) -> tuple[dict[tuple[str, dt.date], float], list[str], str,
                                    set[dt.date]]:
    result = wh.query(Query(filters=extra, group_by=("month", by), source=source))
    cells: dict[tuple[str, dt.date], float] = {}
    for r in result.rows:
        key = (str(r[by]), r["month"])
        cells[key] = cells.get(key, 0.0) + float(r["encounters"])
    return cells, [r.label for r in result.releases], result.family, set(result.missing)


def _build(names: list[str], summing: np.ndarray, cells: dict[tuple[str, dt.date], float],
           months: list[dt.date], releases: list[str],
           segments: list[tuple[str, dt.date, dt.date]]) -> Panel:
    bottom = np.array([[cells.get((n, m), 0.0) for m in months]
                       for n in names[:summing.shape[1]]])
    return Panel(names, months, summing @ bottom, summing, releases, tuple(segments))


def totals_panel(wh: Warehouse) -> tuple[Panel, list[str]]:
    """All of CBP by border region (bottom) and nation: state releases, then AOR months.

    Raises:
        NoSourceError: no state release in the warehouse.
    """
    notes: list[str] = []
    cells, releases, family, missing = _region_cells(wh, "cbp_state", {}, "region")
    months = trailing_run(sorted({m for _, m in cells} - missing))
    segments = [(family, months[0], months[-1])]
    try:
        aor, labels, aor_family, aor_missing = _region_cells(wh, "cbp_aor", {}, "region")
    except NoSourceError:
        aor = {}
    new: list[dt.date] = []
    for m in sorted({m for _, m in aor} - aor_missing):
        if m > months[-1] and vocab.add_months(new[-1] if new else months[-1], 1) == m:
            new.append(m)
    if new:
        cells.update({k: v for k, v in aor.items() if k[1] in new})
        months += new
        releases += labels
        segments.append((aor_family, new[0], new[-1]))
        notes.append(f"totals carried on by the AOR release for {new[0]:%Y-%m} to "
                     f"{new[-1]:%Y-%m}, after the state release ends")
    regions = [r for r in REGIONS_ALL if any(k[0] == r for k in cells)]
    renamed = {(REGIONS_ALL[r], m): v for (r, m), v in cells.items() if r in REGIONS_ALL}
    names = [REGIONS_ALL[r] for r in regions] + [NATION_ALL]
    summing = np.vstack([np.eye(len(regions)), np.ones((1, len(regions)))])
    return _build(names, summing, renamed, months, releases, segments), notes


def states_panel(wh: Warehouse) -> Panel:
    """All of CBP at the southwest border by state, and their total (state releases).

    Raises:
        NoSourceError: no state release in the warehouse.
    """
    cells, releases, family, missing = _region_cells(
        wh, "cbp_state", {"region": (vocab.SOUTHWEST,)}, "area")
    months = trailing_run(sorted({m for _, m in cells} - missing))
    states = sorted({s for s, _ in cells})
    summing = np.vstack([np.eye(len(states)), np.ones((1, len(states)))])
    return _build([*states, SW_ALL], summing, cells, months, releases,
                  [(family, months[0], months[-1])])


def _known(wh: Warehouse, panels: dict[str, Panel]) -> dict[str, dict[dt.date, tuple[float,
                                                                                     str]]]:
    """Every published month of each series name, from the panel with the newest data."""
    known: dict[str, dict[dt.date, tuple[float, str]]] = {}

    def add(name: str, months: list[dt.date], values: np.ndarray,
            source: str | tuple[tuple[str, dt.date, dt.date], ...]) -> None:
        into = known.setdefault(name, {})
        for m, v in zip(months, values, strict=True):
            family = source if isinstance(source, str) else next(
                (f for f, a, b in source if a <= m <= b), ", ".join(f for f, _, _ in source))
            into.setdefault(m, (float(v), family))

    order = sorted(panels.items(), key=lambda kv: kv[1].months[-1], reverse=True)
    for _, p in order:
        for i, name in enumerate(p.names):
            add(name, p.months, p.values[i], p.segments)
    for dim in ("component", "demographic"):  # the southwest split, as the AOR release has it
        try:
            r = wh.query(Query(filters={"region": (vocab.SOUTHWEST,)},
                               group_by=("month", dim), source="cbp_aor"))
        except NoSourceError:
            continue
        gone = set(r.missing)
        for group in sorted({str(x[dim]) for x in r.rows}):
            rows = [x for x in r.rows if str(x[dim]) == group and x["month"] not in gone]
            add(group, [x["month"] for x in rows],
                np.array([float(x["encounters"]) for x in rows]), r.family)
    return known


def series_filters(panel: str, name: str) -> dict[str, tuple[str, ...]]:
    """The query filters whose answer is the series ``name`` of ``panel``."""
    if panel == "sectors":
        usbp: dict[str, tuple[str, ...]] = {"component": (vocab.USBP,)}
        regions = {v: k for k, v in REGION_NAMES.items()}
        if name == "Nation":
            return usbp
        if name in regions:
            return {**usbp, "region": (regions[name],)}
        return {**usbp, "area": (name,), "area_type": ("sector",)}
    if name == NATION_ALL:
        return {}
    regions_all = {v: k for k, v in REGIONS_ALL.items()}
    if name in regions_all:
        return {"region": (regions_all[name],)}
    sw: dict[str, tuple[str, ...]] = {"region": (vocab.SOUTHWEST,)}
    if panel == "states":
        return {**sw, "area": (name,), "area_type": ("state",)}
    dim = {"components": "component", "demographics": "demographic"}[panel]
    return {**sw, dim: (name,)}


def newest_actual(wh: Warehouse, panel: str, name: str, month: dt.date,
                  ) -> tuple[float, str, str | None, int] | None:
    """The month's figure as ``borderflow query`` answers it: the newest published revision.

    Returns (value, family, release label, rounding), or ``None`` when no release
    publishes the month for the series.
    """
    try:
        r = wh.query(Query(filters=series_filters(panel, name), start=month, end=month))
    except NoSourceError:
        return None
    if month in r.missing or not r.rows:
        return None
    return (float(r.total()), r.family, ", ".join(x.label for x in r.releases),
            r.rounding)


def _with_notes(built: tuple[Panel, list[str]], notes: list[str]) -> Panel:
    notes += built[1]
    return built[0]


def current(wh: Warehouse, h: int = 6, panels: tuple[str, ...] = PANELS,
            ) -> list[PanelForecast]:
    """The forecast of each hierarchy in ``panels`` from its own newest month.

    A hierarchy whose source the warehouse lacks is returned without rows and
    with a note saying why.
    """
    built: dict[str, Panel] = {}
    notes: dict[str, list[str]] = {name: [] for name in PANELS}
    builders = {
        "sectors": lambda: sector_panel(wh),
        "totals": lambda: _with_notes(totals_panel(wh), notes["totals"]),
        "states": lambda: states_panel(wh),
        "components": lambda: breakdown_panel(wh, "component", total=SW_ALL),
        "demographics": lambda: breakdown_panel(wh, "demographic", total=SW_ALL),
    }
    for name in PANELS:
        try:
            built[name] = builders[name]()
        except NoSourceError as exc:
            notes[name].append(f"not forecast: {exc}")
    for name, short in list(built.items()):
        if len(short.months) < MIN_MONTHS:
            notes[name].append(f"not forecast: {len(short.months)} months of data "
                               f"({short.months[0]:%Y-%m} to {short.months[-1]:%Y-%m}); at "
                               f"least {MIN_MONTHS} are needed")
            del built[name]
    known = _known(wh, built)
    out = []
    for name in panels:
        if name not in built:
            out.append(PanelForecast(name, None, notes=notes[name]))
            continue
        p = built[name]
        fc = make_forecast(p, h)
        rows = []
        for r in fc.rows():
            panel_has = known.get(r["series"], {}).get(r["target"])
            # the newest revision, as `borderflow query` gives it, not the panel's own
            # figure; should the planner not answer, the panel's figure, its release unsaid
            actual = (newest_actual(wh, name, r["series"], r["target"])
                      or (panel_has[0], panel_has[1], None, 1)) if panel_has else None
            rows.append({**r, "data_through": p.months[-1],
                         "status": "observed" if actual else "outlook",
                         "actual": actual[0] if actual else None,
                         "actual_source": actual[1] if actual else None,
                         "actual_release": actual[2] if actual else None,
                         "actual_rounding": actual[3] if actual else None,
                         "wide95": wide_band(r), "scored": scored(name, r["series"])})
        newest = max(q.months[-1] for q in built.values())
        if p.months[-1] < newest:
            seen = sorted({r["series"] for r in rows if r["status"] == "observed"})
            notes[name].append(
                f"data end {p.months[-1]:%Y-%m}, before the newest data in the warehouse "
                f"({newest:%Y-%m}): forecasts for months published since are shown against "
                "the actual" + (f" ({', '.join(seen)})" if seen else "")
                + "; the rest are forecasts of months this source has not published")
        out.append(PanelForecast(name, p, rows, notes[name]))
    return out
