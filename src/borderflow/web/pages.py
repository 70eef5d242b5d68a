"""The dashboard: server-rendered pages over the same library the API uses.

Every script-free page works offline (styles ship with the package, charts are
inline SVG drawn on the server), by keyboard (plain links and forms) and on a
phone (a responsive stylesheet).  Each chart and table names its source.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from borderflow import vocab
from borderflow.api.memo import Served
from borderflow.errors import BorderflowError
from borderflow.store import Query, Warehouse

#: the most people (beds, arrivals a day) a form accepts: far above any real network
MAX_PEOPLE = 1_000_000

_ENV = Environment(loader=PackageLoader("borderflow.web", "templates"),
                   autoescape=select_autoescape(["html", "j2"]))


def _svg(draw: Callable[[Path], list[Path]]) -> Markup:
    """Run a chart function into a temporary file and return its SVG markup."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = draw(Path(tmp) / "chart")
        text = next(p for p in paths if p.suffix == ".svg").read_text()
    return Markup(text[text.index("<svg"):])


def _page(template: str, title: str, **context: Any) -> HTMLResponse:
    return HTMLResponse(_ENV.get_template(template).render(title=title, **context))


def _simple(title: str, body: str) -> HTMLResponse:
    return _page("simple.html.j2", title, body=Markup(body))


def _table(columns: list[str], rows: list[list[Any]], tid: str = "") -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in r) + "</tr>" for r in rows)
    return f'<table id="{tid}"><tr>{head}</tr>{body}</table>'


def register(app: FastAPI, wh: Callable[[], Warehouse], served: Served) -> None:
    """Mount the pages and the static files on ``app``.

    Pages are plain GETs of a read-only warehouse, so the API's read cache
    (``api.middleware.ReadCache``) keeps each one after its first request;
    what takes seconds (the overview, the forecasts) is also kept in ``served``
    whatever the URL, so junk parameters cannot make the server redo it.
    """
    app.mount("/static", StaticFiles(packages=[("borderflow.web", "static")]), name="static")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview() -> HTMLResponse:
        return HTMLResponse(served.page("overview", lambda: bytes(_overview().body)))

    def _overview() -> HTMLResponse:
        from borderflow.analytics.brief import build_brief
        from borderflow.analytics.detect import detect_all
        from borderflow.report import charts

        w = wh()
        b = build_brief(w)
        figures = [f.as_dict() for f in [*b.totals, *b.components]]
        changes = [{"label": c.label, "now": c.current.value, "before": c.baseline.value,
                    "pct": "n/a" if c.pct is None else f"{c.pct:+.1f}%"} for c in b.changes]
        sw = w.series("southwest", measure="usbp")
        trend = _svg(lambda p: charts.series_chart(sw, p, since=dt.date(2012, 10, 1),
                                                   formats=(".svg",)))
        grid = _svg(lambda p: charts.small_multiples(
            [w.series(s) for s in vocab.SOUTHWEST_SECTORS], p, formats=(".svg",),
            title="Southwest sectors, Border Patrol encounters per month",
            since=dt.date(2018, 10, 1)))
        alerts = [{**a.as_dict(), "month": f"{a.month:%B %Y}"} for a in detect_all(w)][-12:]
        return _page("overview.html.j2", "Border encounters", brief={"month": f"{b.month:%B %Y}"},
                     figures=figures, changes=changes, trend=trend, sectors=grid,
                     alerts=alerts)

    @app.get("/explorer", response_class=HTMLResponse, include_in_schema=False)
    def explorer(request: Request) -> HTMLResponse:
        from borderflow.report import charts

        p = request.query_params
        by = p.get("by", "region")
        region, component = p.get("region", ""), p.get("component", "")
        start, end = p.get("from", "2023-10"), p.get("to", "2024-09")
        filters: dict[str, tuple[str, ...]] = {}
        if region:
            filters["region"] = (region,)
        if component:
            filters["component"] = (component,)
        ctx: dict[str, Any] = {"dims": ["region", "component", "area", "demographic",
                                        "citizenship", "authority", "encounter_type", "month",
                                        "fy"],
                               "regions": [vocab.SOUTHWEST, vocab.NORTHERN, vocab.OTHER_REGION],
                               "by": by, "region": region, "component": component,
                               "start": start, "end": end, "rows": []}
        try:
            q = Query(filters=filters, group_by=(by,), start=vocab.parse_month(start),
                      end=vocab.parse_month(end))
            result = wh().query(q)
        except (BorderflowError, ValueError) as exc:
            return _page("explorer.html.j2", "Explorer", error=str(exc), **ctx)
        rows = sorted(result.rows, key=lambda r: -r["encounters"]) if by not in (
            "month", "fy") else result.rows
        api = "/api/query?" + urlencode(
            [("by", by), ("from", start), ("to", end)]
            + [("where", f"{k}={v[0]}") for k, v in filters.items()])
        from borderflow.analytics.compare import Comparison, ComparisonRow

        total = sum(r["encounters"] for r in rows) or 1
        comp = Comparison(result.first or vocab.parse_month(start), by, [
            ComparisonRow(str(r[by]), int(r["encounters"]), None, None, None, None,
                          r["encounters"] / total, i)
            for i, r in enumerate(rows[:12], start=1)], result.family,
            [r.label for r in result.releases], result.rounding)
        chart = _svg(lambda path: charts.bar_chart(comp, path, formats=(".svg",),
                                                   title=f"Encounters by {by}, {start} to {end}"))
        return _page("explorer.html.j2", "Explorer", rows=[
            {**r, by: r[by]} for r in rows], chart=chart, source=result.spec.title,
            missing=vocab.describe_months(result.missing), notes=result.notes,
            releases=[r.label for r in result.releases], api=api,
            **{k: v for k, v in ctx.items() if k != "rows"})

    @app.get("/sector/{name}", response_class=HTMLResponse, include_in_schema=False)
    def sector(name: str) -> HTMLResponse:
        from borderflow.analytics.seasonal import decompose
        from borderflow.report import charts

        s = wh().series(name)
        chart = _svg(lambda p: charts.series_chart(s, p, adjusted=decompose(s).adjusted,
                                                   formats=(".svg",)))
        links = " · ".join(f'<a href="/sector/{escape(n)}">{escape(n)}</a>'
                           for n in vocab.SOUTHWEST_SECTORS)
        recent = [[f"{p.month:%Y-%m}", f"{p.encounters:,}", p.family] for p in s.points[-12:]]
        return _simple(f"{s.name} sector", f"<p>{links}</p><div class='chart'>{chart}</div>"
                       + _table(["month", "encounters", "source"], recent, "recent"))

    @app.get("/forecasts", response_class=HTMLResponse, include_in_schema=False)
    def forecasts(series: str = "Southwest") -> HTMLResponse:
        from borderflow.forecast.scoreboard import summary
        from borderflow.report.charts import forecast_fan

        panel, fc = served.panel(), served.forecast()
        if series not in panel.names:
            series = "Southwest"
        i = panel.index(series)
        chart = _svg(lambda p: forecast_fan(
            panel.months, panel.values[i], fc.targets, fc.mean[i],
            {f"{b}{lv}": getattr(fc, b)[lv][i] for b in ("lo", "hi") for lv in (80, 95)}, p,
            title=f"{series}: Border Patrol encounters and forecast",
            caption="Source: " + ", ".join(panel.releases), formats=(".svg",),
            since=dt.date(fc.origin.year - 4, fc.origin.month, 1)))
        rows = [[f"{t:%Y-%m}", f"{fc.mean[i, k]:,.0f}",
                 f"{fc.lo[80][i, k]:,.0f}-{fc.hi[80][i, k]:,.0f}",
                 f"{fc.lo[95][i, k]:,.0f}-{fc.hi[95][i, k]:,.0f}"]
                for k, t in enumerate(fc.targets)]
        board = summary(served.scores())
        options = "".join(f'<option{" selected" if n == series else ""}>{escape(n)}</option>'
                          for n in panel.names)
        form = (f'<form method="get"><label>Series<select name="series">{options}</select>'
                "</label><button>Show</button></form>")
        return _simple("Forecasts", form + f"<div class='chart'>{chart}</div>"
                       + _table(["month", "forecast", "80% interval", "95% interval"], rows,
                                "forecast") + f"<h2>Track record</h2><p>{escape(board)}</p>")

    @app.get("/capacity", response_class=HTMLResponse, include_in_schema=False)
    def capacity_form() -> HTMLResponse:
        return _simple("Shelter capacity", _capacity_form({}) + "<p>Fill in the network and "
                       "press Plan.</p>")

    @app.post("/capacity", response_class=HTMLResponse, include_in_schema=False)
    def capacity(beds: int = Form(..., ge=0, le=MAX_PEOPLE),
                 overflow: int = Form(0, ge=0, le=MAX_PEOPLE),
                 overflow_day: int = Form(2, ge=0, le=60),
                 arrivals: float = Form(..., ge=0, le=MAX_PEOPLE),
                 stay: float = Form(..., ge=0.05, le=365),
                 departures: float = Form(..., ge=0, le=MAX_PEOPLE),
                 occupancy: int = Form(0, ge=0, le=MAX_PEOPLE),
                 surge: float = Form(0.0, ge=-MAX_PEOPLE, le=MAX_PEOPLE)) -> HTMLResponse:
        import numpy as np

        from borderflow.capacity.model import ArrivalModel, LengthOfStay, PlanInput, Scenario
        from borderflow.capacity.model import Site as CSite
        from borderflow.capacity.plan import make_plan
        from borderflow.report.fan import fan_chart

        start = dt.date.today()
        inp = PlanInput(start=start, horizon=30,
                        sites=[CSite("Shelters", beds),
                               CSite("Overflow", overflow, "overflow", overflow_day, False)],
                        los=LengthOfStay.geometric(stay),
                        arrivals=ArrivalModel(np.full(30, arrivals), level_sd=0.05),
                        occupancy=occupancy, departures_per_day=departures,
                        scenarios=[Scenario("open overflow", open_site="Overflow")]
                        + ([Scenario(f"surge +{surge:g}", extra_arrivals=surge)]
                           if surge else []))
        result = make_plan(inp, paths=1000)
        chart = _svg(lambda p: [q for q in fan_chart(result, p, title="Beds needed per night",
                                                     source="the figures entered above")])
        first = (f"Beds may run out from <strong>{result.first_risky_day:%A %d %B}</strong>"
                 if result.first_risky_day else "The chance of running out stays under 5%")
        values = {"beds": beds, "overflow": overflow, "overflow_day": overflow_day,
                  "arrivals": arrivals, "stay": stay, "departures": departures,
                  "occupancy": occupancy, "surge": surge}
        return _simple("Shelter capacity", _capacity_form(values)
                       + f"<p id='verdict'>{first}; to keep it under 5%: "
                       f"{result.extra_beds:,} more beds.</p><div class='chart'>{chart}</div>")

    @app.get("/claims", response_class=HTMLResponse, include_in_schema=False)
    def claims_form() -> HTMLResponse:
        return _simple("Check a claim", _claims_form(""))

    @app.post("/claims", response_class=HTMLResponse, include_in_schema=False)
    def claims(text: str = Form(..., max_length=200_000), date: str = Form("")) -> HTMLResponse:
        from borderflow.claims.check import check_text

        when = None
        with contextlib.suppress(ValueError):
            when = dt.date.fromisoformat(date) if date else None
        out = []
        for v in check_text(wh(), text, when):
            evidence = "".join(f"<li>{o.value:,} — {escape(o.label)} <span class='source'>"
                               f"({escape(', '.join(o.releases))})</span></li>"
                               for o in v.official)
            out.append(f"<div class='verdict {v.verdict.replace(' ', '-')}'><div class='tag'>"
                       f"{escape(v.verdict)}</div><p><em>{escape(v.text)}</em></p>"
                       f"<p>{escape(v.explanation)}</p><ul>{evidence}</ul></div>")
        body = "".join(out) or "<p>No checkable figures about border encounters found.</p>"
        return _simple("Check a claim", _claims_form(text) + f"<section id='verdicts'>{body}"
                       "</section>")

    @app.get("/releases", response_class=HTMLResponse, include_in_schema=False)
    def releases_page(old: str = "", new: str = "") -> HTMLResponse:
        rows = [[r.release_id, r.source_kind, r.file_name,
                 f"{r.coverage_start:%Y-%m}..{r.coverage_end:%Y-%m}",
                 ("~" if r.published_inferred else "") + str(r.published)]
                for r in wh().releases()]
        form = ("<form method='get'><label>Older release<input name='old' value='"
                f"{escape(old)}'></label><label>Newer release<input name='new' value='"
                f"{escape(new)}'></label><button>Compare</button></form>")
        diff_html = ""
        if old and new:
            try:
                d = wh().diff(old, new)
                diff_html = (f"<p id='diff-summary'>{len(d.changes):,} cells changed of "
                             f"{d.cells_compared:,} compared.</p>" + _table(
                                 ["month", "cell", "old", "new"],
                                 [[f"{c.month:%Y-%m}" if c.month else c.fy,
                                   " / ".join(str(x) for x in c.dims.values()), c.old, c.new]
                                  for c in d.changes[:200]], "diff"))
            except BorderflowError as exc:
                diff_html = f"<p class='alert' role='alert'>{escape(exc)}</p>"
        return _simple("Releases", form + diff_html + _table(
            ["id", "source", "file", "covers", "published"], rows, "releases"))


def _capacity_form(v: dict[str, Any]) -> str:
    def field(name: str, label: str, default: Any) -> str:
        return (f"<label>{label}<input type='number' step='any' name='{name}' "
                f"value='{escape(v.get(name, default))}' required></label>")

    return ("<form method='post' action='/capacity'>"
            + field("beds", "Beds open", 1400) + field("overflow", "Overflow beds", 400)
            + field("overflow_day", "Overflow opens in (days)", 2)
            + field("arrivals", "Arrivals a day", 2000) + field("stay", "Mean stay (nights)", 1)
            + field("departures", "Departures a day", 2400)
            + field("occupancy", "In the shelters tonight", 1500)
            + field("surge", "Surge (more a day)", 0) + "<button>Plan</button></form>")


def _claims_form(text: str) -> str:
    return ("<form method='post' action='/claims'><label style='width:100%'>Text to check"
            f"<textarea name='text' required>{escape(text)}</textarea></label>"
            "<label>Date of the text<input name='date' placeholder='YYYY-MM-DD'></label>"
            "<button>Check</button></form>")
