"""``borderflow forecast`` and ``borderflow backtest``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import numpy as np
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
        method: Annotated[str, typer.Option(
            help="combo (shipped), sa_naive, naive or seasonal_naive.")] = "combo",
        chart: Annotated[Path | None, typer.Option(
            help="Write the one-month-ahead forecasts of the southwest total against the "
                 "actuals, with their fan.")] = None,
        home: HomeOption = None,
    ) -> None:
        """Rolling-origin backtest from October 2009: MASE by horizon against the naive and
        seasonal naive forecasts, and the coverage of the 80% and 95% intervals."""
        from borderflow.forecast.backtest import run_backtest
        from borderflow.forecast.models import METHODS
        from borderflow.forecast.panel import sector_panel

        if method not in METHODS:
            raise BorderflowError(f"unknown method {method!r}; choose from {', '.join(METHODS)}")
        with open_warehouse(home, read_only=True) as wh:
            panel = sector_panel(wh)
        results = [run_backtest(panel, method=method, track="Southwest" if chart else None)]
        results += [run_backtest(panel, method=m, reconcile=False)
                    for m in ("naive", "seasonal_naive") if m != method]
        table = Table(title="MASE by horizon (9 southwest sectors and their total, origins "
                            f"{results[0].origins[0]:%Y-%m} to {results[0].origins[-1]:%Y-%m})",
                      title_justify="left")
        table.add_column("method")
        for k in range(results[0].h):
            table.add_column(f"h={k + 1}", justify="right")
        table.add_column("mean", justify="right")
        table.add_column("80% cov.", justify="right")
        table.add_column("95% cov.", justify="right")
        for r in results:
            table.add_row(r.method, *[f"{v:.3f}" for v in r.mase_by_h], f"{r.mean_mase:.3f}",
                          f"{np.nanmean(r.coverage[80]):.1%}", f"{np.nanmean(r.coverage[95]):.1%}")
        out = console()
        out.print(table)
        shipped = results[0]
        naive = next((r for r in results if r.method.startswith("naive")), None)
        if naive is not None:
            out.print(f"{shipped.method}: mean MASE {shipped.mean_mase:.3f}, "
                      f"{100 * (1 - shipped.mean_mase / naive.mean_mase):.1f}% lower than naive")
        by_series = Table(title="MASE by series (mean over horizons)", title_justify="left")
        by_series.add_column("series")
        for r in results:
            by_series.add_column(r.method, justify="right")
        for i, name in enumerate(shipped.series):
            by_series.add_row(name, *[f"{r.mase[i].mean():.3f}" for r in results])
        out.print(by_series)
        out.print(f"sMAPE by horizon ({shipped.method}): " + ", ".join(
            f"h={k + 1} {v:.1f}%" for k, v in enumerate(np.nanmean(shipped.smape, axis=0))))
        for period, cov in shipped.coverage_periods.items():
            out.print(f"coverage {period}: 80% {cov[80]:.1%}, 95% {cov[95]:.1%}")
        if chart is not None:
            from borderflow.report.charts import forecast_fan

            tr = shipped.tracked
            targets = [vocab.add_months(o, 1) for o in shipped.origins]
            i = panel.index("Southwest")
            written = forecast_fan(
                panel.months, panel.values[i], targets, tr["mean"][:, 0],
                {k: tr[k][:, 0] for k in ("lo80", "hi80", "lo95", "hi95")}, chart,
                title="Southwest border (Border Patrol): one-month-ahead forecasts in the "
                      "backtest", caption="Each forecast made with the data of its month only. "
                      "Source: " + ", ".join(panel.releases) + ".",
                since=shipped.origins[0])
            for p in written:
                out.print(f"wrote {p}")
