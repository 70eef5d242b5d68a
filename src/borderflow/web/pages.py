"""The dashboard: server-rendered pages over the same library the API uses.

Every script-free page works offline (styles ship with the package, charts are
inline SVG drawn on the server), by keyboard (plain links and forms) and on a
phone (a responsive stylesheet).  Each chart and table names its source.
The two forms that compute (the capacity plan, the claims check) are in
``borderflow.web.forms``.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from markupsafe import escape as _markup_escape

from borderflow import i18n, vocab
from borderflow.errors import BorderflowError, QueryError
from borderflow.i18n import N_, _
from borderflow.i18n.terms import alert_kind, group_name
from borderflow.serve.state import State
from borderflow.store import Query
from borderflow.store.query import GROUPABLE, TIME_KEYS
from borderflow.web import chartdata
from borderflow.web.assets import asset, static_file
from borderflow.web.figures import render as figure_html
from borderflow.web.lang import switch_links

_ENV = Environment(loader=PackageLoader("borderflow.web", "templates"),
                   autoescape=select_autoescape(["html", "j2"]), extensions=["jinja2.ext.i18n"])
_ENV.globals["asset"] = asset
# the templates' _() and {% trans %} speak the request's language (borderflow.web.lang)
_ENV.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
_ENV.filters["num"] = i18n.num
#: the interactive charts' month names, in the reader's language ("Aug", "ago")
_ENV.globals["month_abbrs"] = lambda: [i18n.month(dt.date(2000, k, 1)).rsplit(" ", 1)[0]
                                       for k in range(1, 13)]


def escape(value: Any) -> str:
    """``value`` escaped for HTML, as a plain ``str``: joined to other strings with ``+``
    it stays as it is (a ``Markup`` would escape the plain string it is added to)."""
    return str(_markup_escape(value))


def _svg(draw: Callable[[Path], list[Path]]) -> Markup:
    """Run a chart function into a temporary file and return its SVG markup."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = draw(Path(tmp) / "chart")
        text = next(p for p in paths if p.suffix == ".svg").read_text()
    return Markup(text[text.index("<svg"):])


def _page(template: str, title: str, **context: Any) -> HTMLResponse:
    return HTMLResponse(_ENV.get_template(template).render(
        title=title, lang=i18n.current(), switch=switch_links(context.get("permalink", "")),
        **context))


def month(m: dt.date | None) -> str:
    """A month as readers write it: "Aug 2023"."""
    return i18n.month(m)


def months_text(months: list[dt.date]) -> str:
    """Months as runs: "Aug 2026 to Oct 2026, Dec 2026"."""
    runs: list[list[dt.date]] = []
    for m in sorted(months):
        if runs and vocab.add_months(runs[-1][-1], 1) == m:
            runs[-1].append(m)
        else:
            runs.append([m])
    return ", ".join(month(r[0]) if len(r) == 1 else span_text(r[0], r[-1]) for r in runs)


def span_text(first: dt.date | None, last: dt.date | None) -> str:
    """A run of months: "Aug 2026 to Oct 2026"."""
    return _("{first} to {last}").format(first=month(first), last=month(last))


def _newest(state: State) -> dt.date | None:
    """The newest month any release in the warehouse covers."""
    ends = [r.coverage_end for r in state.warehouse.releases() if r.coverage_end is not None]
    return max(ends, default=None)


def _simple(title: str, body: str, status: int = 200, *,
            through: dt.date | None = None, permalink: str = "") -> HTMLResponse:
    """A page of ``body``; ``permalink`` is the GET URL that shows the same result (the
    address bar is set to it, so a POSTed result can be reloaded, bookmarked and shared)."""
    response = _page("simple.html.j2", title, body=Markup(body), through=month(through),
                     charts="class=\"ichart\"" in body, permalink=permalink)
    response.status_code = status
    return response


def error_page(status: int, message: str, *,
               headers: dict[str, str] | None = None) -> HTMLResponse:
    """An HTML error page: what went wrong, in a sentence, and a way back."""
    title = {404: N_("Not found"), 401: N_("Token needed"), 403: N_("Not allowed"),
             413: N_("Too large"), 429: N_("Too many attempts")}.get(
        status, N_("Cannot show this"))
    back = escape(_("Back to the overview"))
    response = _simple(_(title), f"<p class='alert' role='alert' id='error'>{escape(message)}"
                       f"</p><p><a href='/'>{back}</a></p>", status)
    if headers:
        response.headers.update(headers)
    return response


def _table(columns: list[str], rows: list[list[Any]], tid: str = "") -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in r) + "</tr>" for r in rows)
    return f'<table id="{tid}"><tr>{head}</tr>{body}</table>'


#: components as CBP writes them
COMPONENTS = {vocab.USBP: "U.S. Border Patrol", vocab.OFO: "Office of Field Operations"}


def plain(name: str) -> str:
    """A group's name as a reader knows it: components spelled out as CBP does."""
    return group_name(name)


def source_title(family: str | None) -> str:
    """A source family's title, never its internal id ("a, b" for a stitched series)."""
    from borderflow.sources import family_title

    if family is None:
        return ""
    return ", ".join(family_title(f) for f in family.split(", "))


def publication(kind: str) -> str:
    """A publication's name (``cbp_aor`` is "CBP Nationwide Encounters by area of ...")."""
    from borderflow.sources import publication_title

    return publication_title(kind)


#: what the explorer groups by: every dimension and time key (area type goes with area)
EXPLORER_DIMS: tuple[str, ...] = tuple(d for d in (*GROUPABLE, *TIME_KEYS) if d != "area_type")

router = APIRouter(include_in_schema=False)
"""The pages.  They are plain GETs of a read-only warehouse, so the read cache
(``serve.cache.ReadCache``) keeps each one after its first request; what takes
seconds (the overview, the forecasts) is also kept in ``state.served`` whatever
the URL, so junk parameters cannot make the server redo it."""


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """The site's icon where browsers look for it without a link (the pages link the SVG)."""
    from borderflow.web.assets import ICON

    return Response(static_file("favicon.ico"), media_type="image/vnd.microsoft.icon",
                    headers={"cache-control": ICON})


@router.get("/", response_class=HTMLResponse)
def overview(state: State) -> HTMLResponse:
    return HTMLResponse(state.served.page(f"overview/{i18n.current()}",
                                          lambda: bytes(_overview(state).body)))

def _overview(state: State) -> HTMLResponse:
    from borderflow.analytics.brief import build_brief
    from borderflow.analytics.detect import detect_all
    from borderflow.report import charts

    w = state.warehouse
    b = build_brief(w)
    figures = [{**f.as_dict(), "label": _plain_label(f.label), "source": source_title(f.family),
                "stale": f.period != i18n.month_long(b.month)}
               for f in [*b.totals, *b.components]]
    changes = [{"label": c.label, "now": c.current.value, "before": c.baseline.value,
                "pct": i18n.pct(c.pct)} for c in b.changes]
    sw = w.series("southwest", measure="usbp")
    sw_through = sw.points[-1].month
    trend_title = _("Southwest border: U.S. Border Patrol encounters per month (not OFO)")
    since = dt.date(2012, 10, 1)
    trend = figure_html(chartdata.series_figure("trend", sw, trend_title, since=since), _svg(
        lambda p: charts.series_chart(sw, p, since=since, formats=(".svg",),
                                      title=trend_title)))
    sectors = [w.series(s) for s in vocab.SOUTHWEST_SECTORS]
    grid_title = _("Southwest sectors, Border Patrol encounters per month")
    grid = figure_html(chartdata.sectors_figure(sectors, grid_title, dt.date(2018, 10, 1)), _svg(
        lambda p: charts.small_multiples(sectors, p, formats=(".svg",), title=grid_title,
                                         since=dt.date(2018, 10, 1))))
    return _page("overview.html.j2", _("Border encounters"), brief={"month": month(b.month)},
                 figures=figures, changes=changes, trend=trend, sectors=grid,
                 trend_through=month(sw_through),
                 sectors_through=month(max(x.points[-1].month for x in sectors)),
                 episodes=episodes(detect_all(w))[:6], through=month(b.month), charts=True)


def _plain_label(label: str) -> str:
    """The brief's labels with CBP's names for its components."""
    return label.replace(_("Field Operations (OFO)"), _("Office of Field Operations")).replace(
        _("Border Patrol (USBP)"), _("U.S. Border Patrol"))


def _alert_series(name: str) -> str:
    """ "southwest (usbp)" as "Southwest, U.S. Border Patrol"."""
    base, _sep, measure = name.partition(" (")
    who = {"usbp": N_("U.S. Border Patrol"), "cbp": N_("all CBP"),
           "ofo": N_("Office of Field Operations")}
    base = _series_name(base)
    code = measure.rstrip(")")
    return f"{base}, {_(who[code]) if code in who else code}" if measure else base


#: the watched series' names that are not places' own names
_SERIES_NAMES = {"southwest": N_("Southwest"), "nation": N_("Nationwide"),
                 "northern": N_("Northern")}


def _series_name(base: str) -> str:
    if base in _SERIES_NAMES:
        return _(_SERIES_NAMES[base])
    return base[:1].upper() + base[1:]


def _kind(kind: str) -> str:
    return alert_kind(kind)


def _plain_alert(a: Any) -> str:
    """An alert's explanation without the internal measure codes ("southwest usbp")."""
    base, _sep, measure = a.series.partition(" (")
    who = {"usbp": N_("Border Patrol"), "cbp": N_("all CBP"),
           "ofo": N_("Office of Field Operations")}
    code = measure.rstrip(")")
    text: str = a.explanation
    if code in who:
        text = text.replace(f"{base} {code}", f"{_series_name(base)} ({_(who[code])})")
    return text


def episodes(alerts: list[Any]) -> list[dict[str, Any]]:
    """Alerts grouped into episodes (runs of consecutive months with alerts), newest first.

    One policy change sets off alerts in many series over a month or two; a
    reader wants that as one episode, not a dozen cards.
    """
    out: list[dict[str, Any]] = []
    for a in sorted(alerts, key=lambda a: a.month):
        if out and a.month <= vocab.add_months(out[-1]["last"], 1):
            ep = out[-1]
        else:
            ep = {"first": a.month, "last": a.month, "alerts": []}
            out.append(ep)
        ep["last"] = max(ep["last"], a.month)
        ep["alerts"].append(a)
    shown = []
    for ep in reversed(out):
        items = sorted(ep["alerts"], key=lambda a: a.month, reverse=True)
        events = sorted({a.event.name() for a in items if a.event is not None})
        shown.append({
            "when": month(ep["first"]) if ep["first"] == ep["last"]
            else span_text(ep["first"], ep["last"]),
            "count": len(items), "series": len({a.series for a in items}),
            "kinds": ", ".join(sorted({_kind(a.kind) for a in items})), "events": events,
            "alerts": [{"kind": _kind(a.kind), "series": _alert_series(a.series),
                        "month": month(a.month), "explanation": _plain_alert(a)}
                       for a in items]})
    return shown


#: groups drawn in the explorer's bar chart; the table always has every group
CHART_GROUPS = 25
_TIME_KEYS = ("month", "fy", "cy")


def _group_label(by: str, value: Any) -> str:
    if by == "month" and isinstance(value, dt.date):
        return month(value)
    if by == "fy":
        return i18n.fiscal_year(int(value))
    return plain(str(value))


def _default_span(newest: dt.date | None) -> tuple[str, str]:
    """The twelve months up to the newest published: what a first visit shows."""
    if newest is None:
        return "2023-10", "2024-09"
    return f"{vocab.add_months(newest, -11):%Y-%m}", f"{newest:%Y-%m}"


def _explorer_range(p: Any, newest: dt.date | None) -> tuple[str, str, str, str]:
    """From and to months: a fiscal or calendar year picked overrides them."""
    first, last = _default_span(newest)
    start, end = p.get("from", first), p.get("to", last)
    fy, cy = p.get("fy", ""), p.get("cy", "")
    if fy:
        if not (fy.isdigit() and 2000 <= int(fy) <= 2100):
            raise ValueError(_("fiscal year {value}: expected a year such as 2024").format(
                value=repr(fy[:20])))
        start, end = f"{int(fy) - 1}-10", f"{fy}-09"
    elif cy:
        if not (cy.isdigit() and 2000 <= int(cy) <= 2100):
            raise ValueError(_("calendar year {value}: expected a year such as 2024").format(
                value=repr(cy[:20])))
        start, end = f"{cy}-01", f"{cy}-12"
    return start, end, fy, cy


def _as_of(text: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(_("as-of date {value}: expected YYYY-MM-DD, such as "
                           "2024-01-31").format(value=repr(text[:20]))) from None


def _explorer_chart(result: Any, by: str, rows: list[dict[str, Any]], labels: list[str],
                    span: str) -> tuple[int, Markup]:
    """How many groups the chart draws, and the chart: every period over time; the
    largest ``CHART_GROUPS`` groups otherwise (its title says so when there are more)."""
    from borderflow.analytics.compare import Comparison, ComparisonRow
    from borderflow.report import charts

    if by in _TIME_KEYS:
        return len(rows), _svg(lambda path: charts.period_chart(
            labels, [int(r["encounters"]) for r in rows], path, formats=(".svg",),
            title=_("Encounters by {group}, {span}").format(group=dim_name(by), span=span),
            caption=_("Source: {source}; releases {releases}.").format(
                source=result.spec.title,
                releases=", ".join(r.label for r in result.releases))))
    total = sum(int(r["encounters"]) for r in rows) or 1
    shown = min(len(rows), CHART_GROUPS)
    comp = Comparison(result.first, by, [
        ComparisonRow(labels[i], int(r["encounters"]), None, None, None, None,
                      r["encounters"] / total, i + 1)
        for i, r in enumerate(rows[:shown])], result.family,
        [r.label for r in result.releases], result.rounding)
    more = _(" ({shown} largest of {groups} groups)").format(
        shown=shown, groups=len(rows)) if shown < len(rows) else ""
    return shown, _svg(lambda path: charts.bar_chart(
        comp, path, formats=(".svg",), limit=CHART_GROUPS, xlabel=_("encounters"),
        title=_("Encounters by {group}, {span}").format(group=dim_name(by), span=span) + more))


#: the explorer's dimensions as a reader names them
DIM_NAMES = {"fy": N_("fiscal year"), "cy": N_("calendar year"),
             "encounter_type": N_("encounter type"), "month": N_("month"),
             "region": N_("region"), "component": N_("component"), "area": N_("area"),
             "state": N_("state"), "citizenship": N_("citizenship"),
             "citizenship_group": N_("citizenship group"), "demographic": N_("demographic"),
             "title": N_("title"), "authority": N_("authority")}


def dim_name(dim: str) -> str:
    """A dimension's name in the language in use ("fiscal year", "año fiscal")."""
    return _(DIM_NAMES[dim]) if dim in DIM_NAMES else dim.replace("_", " ")


@router.get("/explorer", response_class=HTMLResponse)
def explorer(state: State, request: Request) -> HTMLResponse:
    p = request.query_params
    by = p.get("by", "region")
    region, component = p.get("region", ""), p.get("component", "")
    # "southwest", "sw" and "usbp" select their menu entries as the CLI's spellings do
    region = vocab.canonical(vocab.DIMENSION_ALIASES["region"], region) or region
    component = vocab.canonical(vocab.DIMENSION_ALIASES["component"], component) or component
    as_of_text = p.get("as_of", "").strip()
    filters: dict[str, tuple[str, ...]] = {}
    if region:
        filters["region"] = (region,)
    if component:
        filters["component"] = (component,)
    newest = _newest(state)
    years = list(range(newest.year + (newest.month >= 10), 1999, -1)) if newest else []
    ctx: dict[str, Any] = {"dims": EXPLORER_DIMS, "dim_names": {d: dim_name(d) for d in
                                                                 EXPLORER_DIMS},
                           "regions": [vocab.SOUTHWEST, vocab.NORTHERN, vocab.OTHER_REGION],
                           "by": by, "region": region, "component": component,
                           "start": p.get("from", _default_span(newest)[0]),
                           "end": p.get("to", _default_span(newest)[1]),
                           "fy": "", "cy": "", "as_of": as_of_text[:10], "years": years,
                           "rows": [], "through": month(newest)}
    try:
        start, end, fy, cy = _explorer_range(p, newest)
        ctx.update(start=start, end=end, fy=fy, cy=cy)
        q = Query(filters=filters, group_by=(by,), start=vocab.parse_month(start),
                  end=vocab.parse_month(end), as_of=_as_of(as_of_text))
        result = state.warehouse.query(q)
    except (BorderflowError, ValueError) as exc:
        return _page("explorer.html.j2", _("Explorer"), error=str(exc), **ctx)
    rows = sorted(result.rows, key=lambda r: -r["encounters"]) if by not in _TIME_KEYS \
        else result.rows
    api = "/api/query?" + urlencode(
        [("by", by), ("from", start), ("to", end)]
        + [("where", f"{k}={v[0]}") for k, v in filters.items()]
        + ([("as_of", as_of_text)] if as_of_text else []))
    total = sum(int(r["encounters"]) for r in rows)
    labels = [_group_label(by, r[by]) for r in rows]
    span = span_text(result.first, result.last) if result.first else \
        _("{first} to {last}").format(first=start, last=end)
    shown, svg = _explorer_chart(result, by, rows, labels, span)
    chart = figure_html(chartdata.explorer_figure(by, rows, labels, shown, span,
                                                  result.spec.title, result.rounding), svg)
    ctx["through"] = month(result.last) if result.last else ctx["through"]
    return _page("explorer.html.j2", _("Explorer"), rows=[
        {"label": labels[i], "encounters": int(r["encounters"]),
         "share": i18n.num(r["encounters"] / total * 100, 1) + "%" if total else "-"}
        for i, r in enumerate(rows)], total=total, chart=chart, source=result.spec.title,
        shown=shown, groups=len(rows), span=span,
        missing=months_text(result.missing), notes=result.notes,
        releases=[r.label for r in result.releases], api=api, charts=True,
        **{k: v for k, v in ctx.items() if k != "rows"})


@router.get("/sector/{name}", response_class=HTMLResponse)
def sector(state: State, name: str) -> HTMLResponse:
    from borderflow.analytics.seasonal import decompose
    from borderflow.report import charts

    s = state.warehouse.series(name)
    adjusted = decompose(s, seasonal_deg=0).adjusted  # no spikes at the ends (see there)
    office = s.measure == "ofo"  # "/sector/Tucson field office": a field office's series
    title = (_("{name}: Office of Field Operations encounters per month").format(name=s.name)
             if office else
             _("{name} sector: U.S. Border Patrol encounters per month").format(name=s.name))
    chart = figure_html(
        chartdata.series_figure("sector", s, title, adjusted=adjusted),
        _svg(lambda p: charts.series_chart(s, p, adjusted=adjusted, formats=(".svg",),
                                           title=title)))
    links = " · ".join(f'<a href="/sector/{escape(n)}">{escape(n)}</a>'
                       for n in vocab.SOUTHWEST_SECTORS)
    through, newest = s.points[-1].month, _newest(state)
    stale = ("<p class='alert' role='status' id='stale'>" + escape(_(
        "This sector's figures end in {through}; the newest month in the warehouse is "
        "{newest}.").format(through=month(through), newest=month(newest))) + "</p>"
        if newest and through < newest else "")
    recent = [[month(p.month), i18n.num(p.encounters), source_title(p.family)]
              for p in s.points[-12:]]
    return _simple(s.name if office else _("{name} sector").format(name=s.name),
                   f"<p>{links}</p>{stale}{chart}"
                   + _table([_("month"), _("encounters"), _("source")], recent, "recent"),
                   through=through)


#: the forecast hierarchies (``borderflow.forecast.current``), as a reader would name them
PANEL_TITLES = {"sectors": N_("Border Patrol, by sector"),
                "totals": N_("All of CBP, by border region"),
                "states": N_("All of CBP at the southwest border, by state"),
                "components": N_("Southwest border, by component"),
                "demographics": N_("Southwest border, by demographic")}
_PANEL_MEASURE = {"sectors": N_("Border Patrol encounters"), "totals": N_("CBP encounters"),
                  "states": N_("CBP encounters"), "components": N_("encounters"),
                  "demographics": N_("encounters")}


@router.get("/forecasts", response_class=HTMLResponse)
def forecasts(state: State, series: str = "Southwest", panel: str = "") -> HTMLResponse:
    """A series' forecast from its own newest month; months published since shown
    against the actual.  ``series`` is ``panel:name`` (or a name, found in the
    first hierarchy that has it)."""
    results = {r.name: r for r in state.served.current()}
    if ":" in series:
        panel, series = series.split(":", 1)
    if panel not in results:
        panel = next((n for n, r in results.items() if r.panel and series in r.panel.names),
                     "sectors")
    names = results[panel].panel.names if results[panel].panel else []  # type: ignore[union-attr]
    asked = series
    if series not in names:
        series = "Southwest" if panel == "sectors" else (names[-1] if names else "")
        if asked != "Southwest":  # a name no hierarchy has: said, never swapped silently
            raise QueryError(_("no forecast for {name}; choose from {names}").format(
                name=repr(asked[:60]), names=", ".join(
                    n for r in results.values() if r.panel for n in r.panel.names)))
    # validated: the memo holds at most one per series and language
    key = f"forecasts/{panel}/{series}/{i18n.current()}"
    return HTMLResponse(state.served.page(key, lambda: bytes(
        _forecasts(state, results, panel, series).body)))


def _forecasts(state: State, results: dict[str, Any], panel: str,
               series: str) -> HTMLResponse:
    import numpy as np

    from borderflow.forecast.scoreboard import summary
    from borderflow.report.charts import forecast_fan

    form = _forecast_form(results, panel, series)
    r = results[panel]
    if r.panel is None:
        return _simple(_("Forecasts"), form + f"<p class='alert' role='status'>"
                       f"{escape(_(PANEL_TITLES[panel]))}: " + escape("; ".join(r.notes))
                       + "</p>")
    p = r.panel
    i = p.names.index(series)
    rows = sorted((x for x in r.rows if x["series"] == series), key=lambda x: x["target"])
    seen = [x for x in rows if x["status"] == "observed"]
    ahead = [x for x in rows if x["status"] != "observed"]
    newest = max(q.origin for q in results.values() if q.origin is not None)
    origin = p.months[-1]
    sources = "; ".join(f"{source_title(f)}, {span_text(a, b)}" for f, a, b in p.segments)
    label = plain(series)
    title = _("{series}: {measure} and forecast").format(
        series=label, measure=_(_PANEL_MEASURE[panel]))
    since = chartdata.forecast_window(p.months, p.values[i], rows)
    svg = _svg(lambda path: forecast_fan(
        p.months, p.values[i], [x["target"] for x in rows],
        np.array([x["mean"] for x in rows]),
        {k: np.array([x[k] for x in rows]) for k in ("lo80", "hi80", "lo95", "hi95")}, path,
        title=title,
        caption=_("Data through {month}. Source: {sources}.").format(
            month=month(origin), sources=sources), formats=(".svg",),
        since=since, observed={x["target"]: float(x["actual"]) for x in seen}, clip95=True))
    chart = figure_html(chartdata.forecast_figure(p.months, p.values[i], rows, title, since), svg)
    body = form + _forecast_head(panel, series, origin, newest, sources) + str(chart) \
        + _wide(rows)
    if seen:
        body += "<h2>" + escape(_("Already published: the forecast against the actual")) \
            + "</h2>" + _table(
            [_("month"), _("forecast"), _("80% interval"), _("actual"), _("actual's source"),
             _("inside the 80% interval")],
            [[month(x["target"]), i18n.num(x["mean"]), _interval(x, 80),
              i18n.num(x["actual"]), (_("{source}, release {release}").format(
                  source=source_title(x["actual_source"]), release=x["actual_release"])
                  if x["actual_release"] else source_title(x["actual_source"]))
              + (" " + _("(rounded to {n})").format(n=x["actual_rounding"])
                 if x["actual_rounding"] > 1 else ""),
              _("yes") if x["lo80"] <= x["actual"] <= x["hi80"] else _("no")] for x in seen],
            "checked")
    body += "<h2>" + escape(_("Outlook")) + "</h2>"
    body += _table([_("month"), _("forecast"), _("80% interval"), _("95% interval")],
                   [[month(x["target"]), i18n.num(x["mean"]), _interval(x, 80),
                     _interval(x, 95)] for x in ahead], "forecast") if ahead else (
        "<p id='no-outlook'>" + escape(_(
            "Every month of this forecast has been published since; the newer source's own "
            "forecast looks further ahead.")) + "</p>")
    return _simple(_("Forecasts"), body + _track_record(summary(state.served.scores())),
                   through=origin)


#: how far to trust the forecasts: the test-era figures `benchmarks/forecast.py` printed for
#: the shipped method (README, "Evaluation"); a reader sees only the page
_FORECAST_TRUST = N_(
    "How far to trust it: on months the method was never tuned on (October 2016 to June "
    "2026), its errors were within about 4% of simply repeating the last month, and its 80% "
    "intervals held the actual 66% to 87% of the time. On the log scale it was worse than "
    "repeating the last month from October 2016 to February 2020 (+2.2%) and from March "
    "2020 to November 2022 (+3.5%), better from December 2022 to June 2026 (-1.0%) but "
    "worse on its untouched last part, December 2024 to June 2026 (+1.3%), and its 95% "
    "interval scores were worse than the last month's in every test era. Policy changes "
    "move these series more than any pattern does: read the intervals as the range of "
    "plausible months, not the forecast line as a prediction.")
_SCORED = N_(
    "Scored: the backtest scores this series with the other southwest Border Patrol series "
    "(the nine southwest sectors and Southwest, pooled); the figures below are theirs.")
_SECTOR_UNSCORED = N_(
    "Not scored: the backtest scores only the nine southwest sectors and Southwest. This "
    "series is forecast by the same method and bands, but its accuracy has never been "
    "measured; the figures below are those of the scored series, not its own.")
_PANEL_UNSCORED = N_(
    "Not scored: the backtest scores only Border Patrol's nine southwest sectors and "
    "Southwest; no series of this panel ({panel}) has been scored. It is forecast by the "
    "same method and bands; the figures below are those of the scored series, not its own.")
_WIDE = N_(
    "Band wider than {n} times the forecast: not informative ({months}). The bands are "
    "symmetric on the log scale, so a 95% band {n} times as wide as the forecast runs from "
    "0.30 to 3.30 times it, more than a tenfold range.")


def _trust(panel: str, series: str) -> str:
    """How far to trust the forecast: what the backtest scored for this panel and series."""
    from borderflow.forecast.current import scored

    if scored(panel, series):
        scope = _(_SCORED)
    elif panel == "sectors":
        scope = _(_SECTOR_UNSCORED)
    else:
        scope = _(_PANEL_UNSCORED).format(panel=_(PANEL_TITLES[panel]))
    return ("<p class='muted' id='scored'>" + escape(scope) + "</p><p class='muted' "
            "id='trust'>" + escape(_(_FORECAST_TRUST)) + "</p>")


def _wide(rows: list[dict[str, Any]]) -> str:
    """The flag on 95% bands too wide to inform, naming the months."""
    from borderflow.forecast.current import WIDE_BAND

    wide = [x for x in rows if x["wide95"]]
    if not wide:
        return ""
    return ("<p class='alert' role='status' id='wide'>" + escape(_(_WIDE).format(
        n=WIDE_BAND, months=", ".join(month(x["target"]) for x in wide))) + "</p>")


def _forecast_head(panel: str, series: str, origin: dt.date, newest: dt.date,
                   sources: str) -> str:
    """Where the forecast starts, from which data and method, and whether newer data exist."""
    from borderflow.forecast.models import SHIPPED

    head = ("<p id='origin'>" + _(
        "{panel}. Forecast made from <strong>{origin}</strong>: data through "
        "<strong>{origin}</strong> (method: {method}, coherent across the hierarchy, with 80% "
        "and 95% intervals).").format(panel=escape(_(PANEL_TITLES[panel])),
                                      origin=escape(month(origin)), method=escape(SHIPPED))
        + "</p><p class='source'>" + escape(_("Source: {sources}.").format(sources=sources))
        + "</p>" + _trust(panel, series))
    if origin < newest:
        head += ("<p class='alert' role='status' id='stale'>" + escape(_(
            "This source's data end in {origin}, before the newest month in the warehouse "
            "({newest}). Months published since by another source are shown against the "
            "actual, not as an outlook.").format(origin=month(origin), newest=month(newest)))
            + "</p>")
    return head


def _interval(x: dict[str, Any], level: int) -> str:
    text = _("{first} to {last}").format(first=i18n.num(x[f"lo{level}"]),
                                         last=i18n.num(x[f"hi{level}"]))
    return text + (" " + _("(not informative)") if level == 95 and x["wide95"] else "")


def _forecast_form(results: dict[str, Any], panel: str, series: str) -> str:
    """The series picker: every series of every hierarchy, grouped by hierarchy."""
    groups = "".join(
        f'<optgroup label="{escape(_(PANEL_TITLES[name]))}">' + "".join(
            f'<option value="{escape(name)}:{escape(n)}"'
            f'{" selected" if (name, n) == (panel, series) else ""}>{escape(plain(n))}'
            "</option>" for n in r.panel.names) + "</optgroup>"
        for name, r in results.items() if r.panel is not None)
    label, show = escape(_("Series")), escape(_("Show"))
    return (f'<form method="get"><label>{label}<select name="series">{groups}'
            f'</select></label><button>{show}</button></form>')


def _track_record(board: dict[str, Any]) -> str:
    """The stored forecasts' scoreboard as a table (not a raw dict)."""
    def share(key: str) -> str:
        return i18n.num(board[key] * 100) + "%" if key in board else _("not yet scored")

    rows = [[_("Forecasts stored"), i18n.num(board["forecasts"])],
            [_("Scored (their month since published)"), i18n.num(board["scored"])],
            [_("Actual inside the 80% interval"), share("coverage80")],
            [_("Actual inside the 95% interval"), share("coverage95")],
            [_("Mean absolute error"), i18n.num(board["mape"], 1) + "%" if "mape" in board
             else _("not yet scored")]]
    return ("<h2>" + escape(_("Track record")) + "</h2><p class='source'>" + _(
        "Forecasts saved with <code>borderflow forecast --save</code>, scored against the "
        "Border Patrol sector figures published since.") + "</p>"
        + _table([_("measure"), _("value")], rows, "track-record"))


@router.get("/releases", response_class=HTMLResponse)
def releases_page(state: State, old: str = "", new: str = "") -> HTMLResponse:
    rows = [[r.release_id, publication(r.source_kind), r.file_name,
             span_text(r.coverage_start, r.coverage_end),
             ("~" if r.published_inferred else "") + str(r.published)]
            for r in state.warehouse.releases()]
    releases = state.warehouse.releases()

    def picker(name: str, label: str, chosen: str) -> str:
        options = "".join(
            f"<option value='{r.release_id}'"
            + (" selected" if chosen in (str(r.release_id), r.file_name) else "")
            + f">#{r.release_id} {escape(r.file_name)} ({escape(str(r.published))})</option>"
            for r in releases)
        choose = escape(_("choose a release"))
        return (f"<label>{escape(label)}<select name='{name}'><option value=''>"
                f"{choose}</option>{options}</select></label>")

    form = ("<form method='get'>" + picker("old", _("Older release"), old)
            + picker("new", _("Newer release"), new) + "<button>" + escape(_("Compare"))
            + "</button></form>")
    diff_html = ""
    if old and new:
        try:
            d = state.warehouse.diff(old, new)
            spans = "".join(
                "<p class='note'>" + escape(_(
                    "Months only in the {side} release: {months}.").format(
                        side=_(side), months=months_text(ms))) + "</p>"
                for side, ms in ((N_("newer"), d.only_new), (N_("older"), d.only_old)) if ms)
            diff_html = ("<p id='diff-summary'>" + escape(_(
                "{changed} cells changed of {compared} compared.").format(
                    changed=i18n.num(len(d.changes)), compared=i18n.num(d.cells_compared)))
                + "</p>" + spans + ("" if not d.changes else _table(
                             [_("month"), _("cell"), _("old"), _("new"), _("change")],
                             [[month(c.month) if c.month else i18n.fiscal_year(int(c.fy)),
                               " / ".join(plain(str(x)) for x in c.dims.values()),
                               i18n.num(c.old),
                               i18n.num(c.new), i18n.signed(c.delta)]
                              for c in d.changes[:200]], "diff")))
        except BorderflowError as exc:
            diff_html = f"<p class='alert' role='alert'>{escape(exc)}</p>"
    return _simple(_("Releases"), form + diff_html + _table(
        [_("id"), _("source"), _("file"), _("covers"), _("published")], rows, "releases"),
        through=_newest(state))
