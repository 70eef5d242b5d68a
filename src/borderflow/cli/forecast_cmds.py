"""``borderflow forecast`` and ``borderflow backtest``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from borderflow import vocab
from borderflow.cli._common import HomeOption, console, fmt_int, handle_errors, open_warehouse
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
    table = Table(title="Track record (stored forecasts against later actuals)",
                  title_justify="left")
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


def register(app: typer.Typer) -> None:
    """Attach the commands to ``app``."""

    @app.command()
    @handle_errors
    def forecast(
        series: Annotated[list[str] | None, typer.Option(
            help="Series to show (repeatable): a sector, Southwest, Northern, Coastal or "
                 "Nation. Default: Southwest, its sectors and Nation.")] = None,
        horizon: Annotated[int, typer.Option(min=1, max=12, help="Months ahead.")] = 6,
        panel_name: Annotated[str, typer.Option(
            "--panel", help="sectors (Border Patrol by sector, region and nation, since "
                            "FY2000), components or demographics (southwest, all of CBP, "
                            "since FY2019).")] = "sectors",
        save: Annotated[bool, typer.Option(help="Store the forecasts for the track record.")]
            = False,
        scoreboard: Annotated[bool, typer.Option(
            help="Show the stored forecasts scored against the actuals.")] = False,
        chart: Annotated[Path | None, typer.Option(help="Write a fan chart (PNG and SVG).")]
            = None,
        as_json: Annotated[bool, typer.Option("--json")] = False,
        home: HomeOption = None,
    ) -> None:
        """Border Patrol encounters 1-6 months ahead, by sector, region and nation.

        Forecasts are coherent (sectors add up to their region), with 80% and 95%
        intervals calibrated on the method's own past errors.
        """
        from borderflow.forecast.backtest import forecast as make_forecast
        from borderflow.forecast.models import SHIPPED
        from borderflow.forecast.panel import breakdown_panel, sector_panel
        from borderflow.forecast.scoreboard import score, summary

        builders: dict[str, Callable[[Warehouse], Panel]] = {
            "sectors": sector_panel,
            "components": lambda w: breakdown_panel(w, "component"),
            "demographics": lambda w: breakdown_panel(w, "demographic"),
        }
        if panel_name not in builders:
            raise BorderflowError(f"unknown panel {panel_name!r}; choose from "
                                  + ", ".join(builders))
        with open_warehouse(home, read_only=not save) as wh:
            panel = builders[panel_name](wh)
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
                console().print(f"stored {n} forecasts made from {', '.join(panel.releases)}")
        names = series or (DEFAULT_SERIES if panel_name == "sectors" else panel.names)
        unknown = [n for n in names if n not in panel.names]
        if unknown:
            raise BorderflowError(f"unknown series {', '.join(unknown)}; choose from "
                                  + ", ".join(panel.names))
        rows = [r for r in fc.rows() if r["series"] in names]
        if as_json:
            typer.echo(json.dumps({"method": SHIPPED, "releases": panel.releases,
                                   "forecasts": rows}, indent=2, default=str))
        else:
            table = Table(title=f"Forecasts from {fc.origin:%B %Y} ({SHIPPED}, reconciled)",
                          title_justify="left", caption="source: " + ", ".join(panel.releases),
                          caption_justify="left")
            for col in ("series", "month", "forecast", "80% interval", "95% interval"):
                table.add_column(col, justify="left" if col in ("series", "month") else "right")
            for r in rows:
                table.add_row(r["series"], f"{r['target']:%Y-%m}", fmt_int(round(r["mean"])),
                              f"{round(r['lo80']):,}-{round(r['hi80']):,}",
                              f"{round(r['lo95']):,}-{round(r['hi95']):,}")
            console().print(table)
        if chart is not None:
            from borderflow.report.charts import forecast_fan

            i = panel.index(names[0])
            written = forecast_fan(
                panel.months, panel.values[i], fc.targets, fc.mean[i],
                {f"{b}{lv}": getattr(fc, b)[lv][i] for b in ("lo", "hi") for lv in (80, 95)},
                chart, title=f"{names[0]}: Border Patrol encounters and forecast",
                caption="Source: " + ", ".join(panel.releases) + "; forecast "
                        f"{SHIPPED}, reconciled, adaptive conformal intervals.",
                since=fc.origin.replace(year=fc.origin.year - 4))
            for p in written:
                console().print(f"wrote {p}")

    @app.command()
    @handle_errors
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
        count scales."""
        from borderflow.forecast.panel import sector_panel
        from borderflow.forecast.protocol import SCALES, parse_month
        from borderflow.forecast.protocol import backtest as run

        scales = SCALES if scale == "both" else (scale,)
        if not set(scales) <= set(SCALES):
            raise BorderflowError(f"unknown scale {scale!r}; choose from log, count, both")
        first = parse_month(first_origin, "--first-origin")
        last = parse_month(last_origin, "--last-origin") if last_origin else None
        with open_warehouse(home, read_only=True) as wh:
            panel = sector_panel(wh)
        doc = run(panel, first=first, last=last, series=series, method=method, scales=scales)
        if as_json:
            typer.echo(json.dumps(doc, indent=2, default=str))
            return
        out = console()
        table = Table(title=f"{doc['method']} beside naive (same intervals), origins "
                            f"{doc['first_origin']} to {doc['last_origin']} "
                            f"({doc['origins']} origins), data through {doc['data_through']}",
                      title_justify="left")
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
        out.print(f"series: {', '.join(doc['series'])}; MinT ran {rec['calls']} times, "
                  f"needed its non-negativity constraint {rec['constrained_rate']:.0%} of them,"
                  f" fell back to bottom-up {rec['fallback_rate']:.0%}")
