"""``borderflow forecast`` and ``borderflow backtest``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from borderflow import vocab
from borderflow.cli._common import (
    HomeOption,
    console,
    fmt_int,
    handle_errors,
    new_table,
    open_warehouse,
)
from borderflow.errors import BorderflowError

if TYPE_CHECKING:
    from borderflow.forecast.panel import Panel
    from borderflow.store import Warehouse

DEFAULT_SERIES = ["Southwest", *vocab.SOUTHWEST_SECTORS, "Nation"]


def _print_scores(scores: list[Any], totals: dict[str, Any]) -> None:
    out = console()
    if not scores:
        out.print("No stored forecasts yet: run `borderflow forecast --save`.")
        return
    table = new_table("Track record (stored forecasts against later actuals)")
    for col in ("series", "made from", "month", "h", "forecast", "actual", "error",
                "in 80%", "in 95%"):
        table.add_column(col, justify="left" if col in ("series", "made from") else "right")
    for s in scores:
        table.add_row(s.series, s.made_from, f"{s.target:%Y-%m}", str(s.horizon),
                      fmt_int(round(s.mean)),
                      "-" if s.actual is None else fmt_int(round(s.actual)),
                      "-" if s.error_pct is None else f"{s.error_pct:+.1f}%",
                      {None: "-", True: "yes", False: "no"}[s.inside(80)],
                      {None: "-", True: "yes", False: "no"}[s.inside(95)])
    out.print(table)
    if totals.get("scored"):
        out.print(f"{totals['scored']} of {totals['forecasts']} scored: 80% intervals held "
                  f"{totals['coverage80']:.0%}, 95% held {totals['coverage95']:.0%}, mean "
                  f"absolute error {totals['mape']:.1f}%")
    else:
        out.print(f"{totals['forecasts']} forecasts, none scored yet (no release has the "
                  "actuals)")


def forecast(
    series: Annotated[list[str] | None, typer.Option(
        help="Series to show (repeatable): a sector, Southwest, Northern, Coastal, Nation, "
             "a state (AZ, CA, NM, TX), a component or demographic, or Southwest (all "
             "CBP) / Nation (all CBP). Default: Southwest, its sectors, Nation and every "
             "series of the other panels.")] = None,
    horizon: Annotated[int, typer.Option(min=1, max=12, help="Months ahead.")] = 6,
    panel_name: Annotated[str, typer.Option(
        "--panel", help="all (default), sectors (Border Patrol by sector, region and "
                        "nation), totals (all of CBP by region and nation), states "
                        "(southwest by state), components or demographics (southwest, "
                        "all of CBP).")] = "all",
    save: Annotated[bool, typer.Option(
        help="Store the sector forecasts for the track record.")] = False,
    scoreboard: Annotated[bool, typer.Option(
        help="Show the stored forecasts scored against the actuals.")] = False,
    chart: Annotated[Path | None, typer.Option(
        help="Write a fan chart of the first series shown (sector panel; PNG and SVG).")]
        = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    home: HomeOption = None,
) -> None:
    """Encounters 1-12 months ahead, each hierarchy from its own newest month.

    Forecasts are coherent (parts add up to their total), with 80% and 95%
    intervals calibrated on the method's own past errors. Every forecast names
    its origin and data; a month a newer release publishes is shown against the
    actual (the newest revision, with its release). A 95% band wider than 3 times
    its forecast is marked "!"; each table says which series the backtest scores.
    """
    from borderflow.forecast.current import PANELS, current
    from borderflow.forecast.models import SHIPPED
    from borderflow.forecast.panel import sector_panel

    if panel_name not in ("all", *PANELS):
        raise BorderflowError(f"unknown panel {panel_name!r}; choose from all, "
                              + ", ".join(PANELS))
    wanted = PANELS if panel_name == "all" else (panel_name,)
    with open_warehouse(home, read_only=not save) as wh:
        if scoreboard or save or chart is not None:
            _sector_extras(wh, sector_panel(wh), horizon, series, save=save,
                           scoreboard=scoreboard, chart=chart, as_json=as_json)
            return
        results = current(wh, horizon, wanted)
    names_all = {n for r in results if r.panel for n in r.panel.names}
    unknown = [n for n in series or [] if n not in names_all]
    if unknown:
        raise BorderflowError(f"unknown series {', '.join(unknown)}; choose from "
                              + ", ".join(sorted(names_all)))

    if as_json:
        docs = []
        for r in results:
            d = r.as_dict()
            d["forecasts"] = [f for f in d["forecasts"] if _shown(series, r.name, f["series"])]
            docs.append(d)
        typer.echo(json.dumps({"method": SHIPPED, "horizon": horizon, "panels": docs},
                              indent=2, default=str))
        return
    _print_current(results, series)


def _shown(series: list[str] | None, panel: str, name: str) -> bool:
    """Whether a series is printed: those asked for, else the default set."""
    if series:
        return name in series
    return panel != "sectors" or name in DEFAULT_SERIES


def _print_current(results: list[Any], series: list[str] | None) -> None:
    """One table per panel: forecast, intervals and, for months already out, the actual."""
    from borderflow.forecast.current import PANEL_SCOPE, WIDE_BAND
    from borderflow.forecast.models import SHIPPED
    from borderflow.report.charts import source_title

    out = console()
    for r in results:
        if r.panel is None:
            out.print(f"[bold]{r.name}[/bold]: " + "; ".join(r.notes))
            continue
        if series and not any(_shown(series, r.name, f["series"]) for f in r.rows):
            continue  # a panel without the series asked for: no empty table
        sources = "; ".join(f"{source_title(f)}, {a:%Y-%m} to {b:%Y-%m}"
                            for f, a, b in r.panel.segments)
        table = new_table(f"{r.name} ({PANEL_SCOPE[r.name]}): forecast from "
                          f"{r.panel.months[-1]:%Y-%m} (data "
                          f"through {r.panel.months[-1]:%Y-%m}; {SHIPPED}, reconciled)",
                          f"source: {sources}")
        for col in ("series", "month", "forecast", "80% interval", "95% interval",
                    "actual"):
            table.add_column(col, justify="left" if col in ("series", "month") else "right")
        for f in r.rows:
            if not _shown(series, r.name, f["series"]):
                continue
            table.add_row(_series_label(r.name, f["series"]), f"{f['target']:%Y-%m}",
                          fmt_int(round(f["mean"])),
                          f"{round(f['lo80']):,}-{round(f['hi80']):,}",
                          f"{round(f['lo95']):,}-{round(f['hi95']):,}"
                          + (" !" if f["wide95"] else ""),
                          "-" if f["actual"] is None else _actual_cell(f))
        out.print(table)
        for note in r.notes:
            out.print(f"  note: {note}", markup=False)
        out.print("  actual: the newest published revision (as `borderflow query` gives it), "
                  "by release; - where no release has published the month yet")
        shown = [f for f in r.rows if _shown(series, r.name, f["series"])]
        if any(f["wide95"] for f in shown):
            out.print(f"  ! 95% band wider than {WIDE_BAND} times the forecast: not "
                      "informative (the bands are symmetric on the log scale: one that wide "
                      "runs from 0.30 to 3.30 times the forecast, more than tenfold)",
                      markup=False)
        out.print("  scored: " + _scored_note(r.name, {f["series"] for f in shown}),
                  markup=False)
        for line in _actual_sources(shown):
            out.print(f"  release {line}", markup=False)


def _series_label(panel: str, name: str) -> str:
    """A series' name, saying Border Patrol for the sector panel's regions and nation."""
    from borderflow.forecast.panel import REGION_NAMES

    if panel == "sectors" and name in ("Nation", *REGION_NAMES.values()):
        return f"{name} (Border Patrol)"
    return name


def _scored_note(panel: str, names: set[str]) -> str:
    """What the backtest scored among the series shown, and what it did not."""
    from borderflow.forecast.current import scored

    yes = sorted(n for n in names if scored(panel, n))
    no = sorted(n for n in names if not scored(panel, n))
    text = ("the backtest scores only the nine southwest sectors and Southwest (Border "
            "Patrol); README's Evaluation gives their figures")
    if yes:
        text += "; scored here: " + ", ".join(yes)
    if no:
        text += "; never scored (same method and bands, accuracy unmeasured): " + ", ".join(no)
    return text


def _actual_cell(f: dict[str, Any]) -> str:
    """The actual with the release(s) it comes from (by number) and its rounding."""
    rounded = f.get("actual_rounding") or 1
    if not f.get("actual_release"):
        return f"{fmt_int(round(f['actual']))} ({f['actual_source']})"
    ids = " ".join(label.split(" ")[0] for label in str(f["actual_release"]).split(", "))
    return (f"{fmt_int(round(f['actual']))} ({ids}"
            + (f", rounded to {rounded}" if rounded > 1 else "") + ")")


def _actual_sources(rows: list[dict[str, Any]]) -> list[str]:
    """Each release an actual comes from, with its source's title."""
    from borderflow.report.charts import source_title

    seen: dict[str, str] = {}
    for f in rows:
        if f["actual"] is not None and f.get("actual_release"):
            for label in str(f["actual_release"]).split(", "):
                seen.setdefault(label, source_title(f["actual_source"]))
    return [f"{label}: {title}" for label, title in seen.items()]


def register(app: typer.Typer) -> None:
    """Attach the commands to ``app``."""
    app.command()(handle_errors(forecast))
    app.command()(handle_errors(backtest))


def _sector_extras(wh: Warehouse, panel: Panel, horizon: int, series: list[str] | None, *,
                   save: bool, scoreboard: bool, chart: Path | None, as_json: bool) -> None:
    """``forecast --save``, ``--scoreboard`` and ``--chart``: the sector panel's forecast."""
    from borderflow.forecast.backtest import forecast as make_forecast
    from borderflow.forecast.models import SHIPPED
    from borderflow.forecast.scoreboard import score, summary

    if scoreboard:
        scores = score(wh.forecasts(), panel)
        if as_json:
            typer.echo(json.dumps({"summary": summary(scores),
                                   "forecasts": [s.as_dict() for s in scores]},
                                  indent=2, default=str))
            return
        _print_scores(scores, summary(scores))
        return
    fc = make_forecast(panel, horizon)
    if save:
        n = wh.save_forecasts(SHIPPED, panel.releases, fc.rows())
        console().print(f"stored {n} forecasts made from {', '.join(panel.releases)} "
                        f"(origin {fc.origin:%Y-%m})")
    names = series or DEFAULT_SERIES
    unknown = [n for n in names if n not in panel.names]
    if unknown:
        raise BorderflowError(f"unknown series {', '.join(unknown)}; choose from "
                              + ", ".join(panel.names))
    if chart is not None:
        from borderflow.report.charts import forecast_fan

        i = panel.index(names[0])
        written = forecast_fan(
            panel.months, panel.values[i], fc.targets, fc.mean[i],
            {f"{b}{lv}": getattr(fc, b)[lv][i] for b in ("lo", "hi") for lv in (80, 95)},
            chart, title=f"{names[0]}: Border Patrol encounters and forecast from "
                         f"{fc.origin:%B %Y}",
            caption="Source: " + ", ".join(panel.releases) + "; forecast "
                    f"{SHIPPED}, reconciled, scaled conformal intervals.",
            since=fc.origin.replace(year=fc.origin.year - 4))
        for p in written:
            console().print(f"wrote {p}")


def backtest(
    first_origin: Annotated[str, typer.Option(
        help="First origin month, YYYY-MM. The tuning window is 2009-10 to 2016-09; "
             "test origins start at 2016-10.")] = "2016-10",
    last_origin: Annotated[str | None, typer.Option(
        help="Last origin month, YYYY-MM (default: the newest with a known target).")]
        = None,
    series: Annotated[list[str] | None, typer.Option(
        help="Series to score (repeatable); default: the nine southwest sectors and "
             "Southwest.")] = None,
    method: Annotated[str | None, typer.Option(
        help="Method to score (default: the shipped one).")] = None,
    scale: Annotated[str, typer.Option(help="log, count or both.")] = "both",
    as_json: Annotated[bool, typer.Option("--json")] = False,
    home: HomeOption = None,
) -> None:
    """Rolling-origin backtest under the frozen protocol: MASE, 80%/95% coverage and
    interval (Winkler) score beside naive with the same intervals, on the log and
    count scales, and how often MinT ran (once per origin scored)."""
    from borderflow.forecast.panel import sector_panel
    from borderflow.forecast.protocol import SCALES, parse_month
    from borderflow.forecast.protocol import backtest as run

    scales = SCALES if scale == "both" else (scale,)
    if not set(scales) <= set(SCALES):
        raise BorderflowError(f"unknown scale {scale!r}; choose from log, count, both")
    first = parse_month(first_origin, "--first-origin")
    last = parse_month(last_origin, "--last-origin") if last_origin else None
    from borderflow.cli.progress import Steps

    with Steps() as step:
        step("reading the sector series")
        with open_warehouse(home, read_only=True) as wh:
            panel = sector_panel(wh)
        step(f"backtesting from {first:%Y-%m} (every origin: forecast, reconcile, score)")
        doc = run(panel, first=first, last=last, series=series, method=method, scales=scales)
    if as_json:
        typer.echo(json.dumps(doc, indent=2, default=str))
        return
    out = console()
    table = new_table(f"{doc['method']} beside naive (same intervals), origins "
                        f"{doc['first_origin']} to {doc['last_origin']} "
                        f"({doc['origins']} origins), data through {doc['data_through']}")
    for col in ("scale", "MASE", "naive", "vs naive", "80% cov.", "95% cov.",
                "interval score 95%", "naive", "vs naive"):
        table.add_column(col, justify="left" if col == "scale" else "right")
    for sc in scales:
        d = doc[sc]
        table.add_row(sc, f"{d['mase']:.3f}", f"{d['naive_mase']:.3f}",
                      f"{d['mase_vs_naive_pct']:+.1f}%", f"{d['coverage']['80']:.1%}",
                      f"{d['coverage']['95']:.1%}", f"{d['interval_score']['95']:.3f}",
                      f"{d['naive_interval_score']['95']:.3f}",
                      f"{d['interval_score_vs_naive_pct']['95']:+.1f}%")
    out.print(table)
    rec = doc["reconciliation"]
    out.print(f"series: {', '.join(doc['series'])}; MinT ran {rec['calls']} times (once "
              "per origin scored, over the whole sector hierarchy), "
              f"needed its non-negativity constraint {rec['constrained_rate']:.0%} of them,"
              f" fell back to bottom-up {rec['fallback_rate']:.0%}")
