"""The figures of the dashboard's charts: which lines, bands, events and first view.

Each function turns what a page already has (a series, a query's rows, a
forecast, a capacity plan) into a :class:`~borderflow.web.figures.Figure`;
``figures.render`` makes it the chart's HTML beside the server's SVG.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from borderflow import vocab
from borderflow.i18n import N_, _
from borderflow.web.figures import Figure, Line, months_key


def events(first: dt.date, last: dt.date) -> list[tuple[str, str]]:
    """The policy events between two months, as (month, short label)."""
    from borderflow.analytics.events import events_between

    return [(f"{e.day:%Y-%m}", e.name()) for e in events_between(first, last)]


def series_figure(fid: str, s: Any, title: str, *, since: dt.date | None = None,
                  adjusted: Any = None) -> Figure:
    """A monthly series (and its seasonally adjusted line) with its policy events."""
    from borderflow.report.charts import PALETTE

    keep = [i for i, p in enumerate(s.points) if since is None or p.month >= since]
    months = [s.points[i].month for i in keep]
    measure = _(MEASURES.get(s.measure, N_("encounters")))
    lines = [Line(_("encounters"), [s.points[i].encounters for i in keep], PALETTE[0],
                  csv_name=measure)]
    if adjusted is not None:
        lines.append(Line(_("seasonally adjusted"), [adjusted[i] for i in keep], PALETTE[1],
                          "dash", csv_name=_("{measure}, seasonally adjusted").format(
                              measure=measure)))
    return Figure(fid, title, "month", months_key(months), lines,
                  events=events(months[0], months[-1]) if months else [],
                  csv_extra=provenance_columns([[s.points[i]] for i in keep]))


#: what a stitched series counts, for its CSV column ("encounters" mixes them: see "counts")
MEASURES = {"usbp": N_("Border Patrol encounters"),
            "ofo": N_("Office of Field Operations encounters"),
            "cbp": N_("CBP encounters (Border Patrol and Field Operations)")}


def provenance_columns(points: list[list[Any]]) -> list[tuple[str, list[str]]]:
    """Each x value's counts, source and rounding (one list of points per x value), for
    the CSV: "rounded to 10" and "unrounded" are said, never left to guess."""
    from borderflow.web.pages import source_title

    def joined(values: list[str]) -> str:
        return "; ".join(dict.fromkeys(v for v in values if v))

    def rounding(n: int) -> str:
        return _("rounded to {n}").format(n=n) if n > 1 else _("unrounded")

    return [(_("counts"), [joined([p.scope for p in ps]) for ps in points]),
            (_("source"), [joined([source_title(p.family) for p in ps]) for ps in points]),
            (_("rounding"), [joined([rounding(p.rounding) for p in ps]) for ps in points])]


def sectors_figure(sectors: list[Any], title: str, since: dt.date) -> Figure:
    """The southwest sectors on one axis (the legend turns each on or off)."""
    from borderflow.report.charts import PALETTE

    months = sorted({p.month for s in sectors for p in s.points if p.month >= since})
    lines = []
    at: dict[dt.date, list[Any]] = {m: [] for m in months}
    for k, s in enumerate(sectors):
        by_month = {p.month: p.encounters for p in s.points}
        for p in s.points:
            if p.month in at:
                at[p.month].append(p)
        lines.append(Line(s.name, [by_month.get(m) for m in months],
                          PALETTE[k % len(PALETTE)], csv_name=_("{name}: {measure}").format(
                              name=s.name, measure=_(MEASURES.get(s.measure,
                                                                  N_("encounters"))))))
    return Figure("sectors", title, "month", months_key(months), lines,
                  csv_extra=provenance_columns([at[m] for m in months]))


def explorer_figure(by: str, rows: list[dict[str, Any]], labels: list[str], shown: int,
                    span: str, source: str = "", rounding: int = 1) -> Figure:
    """The explorer's columns: months on a time axis, other groups by name (the CSV
    carries the query's ``source`` and ``rounding`` on every row)."""
    values = [int(r["encounters"]) for r in rows[:shown]]
    bars = [Line(_("encounters"), values, "#08519c", "bar")]
    said = _("rounded to {n}").format(n=rounding) if rounding > 1 else _("unrounded")
    extra = [(_("source"), [source] * len(values)), (_("rounding"), [said] * len(values))] \
        if source else []
    names = {"fy": N_("fiscal year"), "cy": N_("calendar year")}
    name = _(names[by]) if by in names else by.replace("_", " ")
    title = _("Encounters by {name}, {span}").format(name=name, span=span)
    if by == "month":
        return Figure("explorer", title, "month", [f"{r['month']:%Y-%m}" for r in rows[:shown]],
                      bars, kind=N_("Column chart"), csv_extra=extra)
    return Figure("explorer", title, "category", labels[:shown], bars, xlabel=name,
                  kind=N_("Column chart"), csv_extra=extra)


#: months of history the forecast chart first shows before its outlook (the range
#: control widens it): at most three years ...
FORECAST_WINDOW = 36
#: ... and fewer when an earlier month passes this many times the outlook's highest 80%
#: bound (Southwest: the Dec 2023 peak, 30 times the 2026 outlook, flattened it) ...
PEAK_RATIO = 3
#: ... but never under a year, so the season is always in view
MIN_WINDOW = 12


def forecast_window(months: list[dt.date], actual: Any, rows: list[dict[str, Any]]) -> dt.date:
    """The first month of history the forecast chart shows at first."""
    origin = months[-1]
    start = vocab.add_months(origin, -(FORECAST_WINDOW - 1))
    top = max((float(x["hi80"]) for x in rows), default=0.0)
    if top > 0:
        high = [m for m, v in zip(months, actual, strict=True)
                if m >= start and float(v) > PEAK_RATIO * top]
        if high:
            start = vocab.add_months(max(high), 1)
    return min(start, vocab.add_months(origin, -(MIN_WINDOW - 1)))


def forecast_figure(months: list[dt.date], actual: Any, rows: list[dict[str, Any]],
                    title: str, since: dt.date) -> Figure:
    """History, the forecast with its 80% and 95% bands, and actuals published since
    (the 95% band may run off the top of the view: its figures are in the table)."""
    targets = [x["target"] for x in rows]
    xs = sorted(set(months) | set(targets))
    history = dict(zip(months, (float(v) for v in actual), strict=True))
    ahead = {x["target"]: x for x in rows}

    def col(key: str) -> list[float | None]:
        return [ahead[m][key] if m in ahead else None for m in xs]

    seen = {x["target"]: x["actual"] for x in rows if x["status"] == "observed"}
    lines = [Line(_("actual"), [history.get(m) for m in xs], "#d94801"),
             Line(_("forecast"), col("mean"), "#08306b"),
             Line(_("95% interval, high"), col("hi95"), "#c6dbef", "band", clip=True),
             Line(_("95% interval, low"), col("lo95"), "#c6dbef", "band", clip=True),
             Line(_("80% interval, high"), col("hi80"), "#6baed6", "band"),
             Line(_("80% interval, low"), col("lo80"), "#6baed6", "band")]
    if seen:
        lines.append(Line(_("actual, published since"), [seen.get(m) for m in xs], "#d94801",
                          "points"))
    first = max(since, xs[0])
    return Figure("forecast", title, "month", months_key(xs), lines,
                  bands=[(2, 3, "rgba(198,219,239,0.75)"), (4, 5, "rgba(107,174,214,0.6)")],
                  band_names=[_("95% interval"), _("80% interval")],
                  events=events(xs[0], xs[-1]), window=(f"{first:%Y-%m}", f"{xs[-1]:%Y-%m}"))


def capacity_figure(result: Any) -> Figure:
    """The plan night by night: the 50% and 90% ranges of beds needed, the median, the
    beds open and the chance they run out (right-hand axis)."""
    q = {k: [d.quantiles[k] for d in result.days] for k in (0.05, 0.25, 0.5, 0.75, 0.95)}
    lines = [Line(_("median beds needed"), q[0.5], "#08306b"),
             Line(_("90% range, high"), q[0.95], "#9ecae1", "band"),
             Line(_("90% range, low"), q[0.05], "#9ecae1", "band"),
             Line(_("50% range, high"), q[0.75], "#4292c6", "band"),
             Line(_("50% range, low"), q[0.25], "#4292c6", "band"),
             Line(_("beds open"), [d.beds for d in result.days], "#cb181d", "step"),
             Line(_("chance beds run out"), [round(100 * d.p_over, 1) for d in result.days],
                  "#756bb1", "dash", scale="pct")]
    return Figure("plan", _("Beds needed per night"), "day",
                  [f"{d.day:%Y-%m-%d}" for d in result.days], lines, xlabel=N_("night"),
                  bands=[(1, 2, "rgba(158,202,225,0.6)"), (3, 4, "rgba(66,146,198,0.55)")],
                  band_names=[_("90% range"), _("50% range")])
