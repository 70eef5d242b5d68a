"""``borderflow plan``: when do the beds run out, and what does it take not to."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import numpy as np
import typer
from rich.table import Table

from borderflow.capacity.estimate import arrival_model
from borderflow.capacity.inputs import load_history, load_network, write_template
from borderflow.capacity.model import ArrivalModel, PlanInput
from borderflow.capacity.plan import make_plan
from borderflow.capacity.scenarios import HELP, parse_scenario
from borderflow.cli._common import HomeOption, console, fmt_int, handle_errors, open_warehouse
from borderflow.errors import BorderflowError
from borderflow.report.fan import fan_chart


def register(app: typer.Typer) -> None:
    """Attach the commands to ``app``."""

    @app.command()
    @handle_errors
    def plan(
        sites: Annotated[Path, typer.Argument(help="sites.yaml: sites, stays, departures.")],
        arrivals: Annotated[Path | None, typer.Argument(
            help="arrivals.csv: observed daily arrivals (HXL-tagged). Without it, arrivals "
                 "come from the sector's monthly encounters (derive_arrivals in sites.yaml).")]
            = None,
        horizon: Annotated[int, typer.Option(min=1, max=365, help="Days to plan.")] = 30,
        scenario: Annotated[list[str] | None, typer.Option(help=HELP)] = None,
        paths: Annotated[int, typer.Option(min=100, help="Simulated futures.")] = 2000,
        spread: Annotated[float, typer.Option(
            help="Widen the middle of the bands by this factor (the Tucson backtest learned "
                 "about 1.5).")] = 1.0,
        tail_spread: Annotated[float | None, typer.Option(
            help="Widen the tails by this factor (Tucson: about 1.7; default: --spread).")]
            = None,
        seed: Annotated[int, typer.Option(help="Random seed (same seed, same plan).")] = 0,
        out: Annotated[Path | None, typer.Option(help="Folder for the fan chart and JSON.")]
            = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
        home: HomeOption = None,
    ) -> None:
        """Simulate nightly demand for beds and size the response.

        Prints, per day, the median and 90% range of people needing a bed, the beds
        open and the chance of running out; then the first day that chance passes
        5% and the extra beds (or daily departures) that keep it under 5%.
        """
        network = load_network(sites)
        if arrivals is not None:
            history = load_history(arrivals)
            start = history.days[-1] + dt.timedelta(days=1)
            model = arrival_model(history.arrivals, horizon,
                                  sd=None if len(history.days) >= 21 else
                                  network.arrival_level_sd)
            known = history.occupancy[~np.isnan(history.occupancy)]
            occupancy = network.occupancy if network.occupancy is not None else (
                int(known[-1]) if known.size else 0)
            source = f"{arrivals.name} ({history.days[0]} to {history.days[-1]})"
        elif network.derive_sector and network.release_share is not None:
            from borderflow.capacity.derive import arrivals_from_encounters

            with open_warehouse(home, read_only=True) as wh:
                per_day, source = arrivals_from_encounters(wh, network.derive_sector,
                                                           network.release_share)
            start = dt.date.today()
            model = ArrivalModel(np.full(horizon, per_day), level_sd=network.arrival_level_sd)
            occupancy = network.occupancy or 0
        else:
            raise BorderflowError("give arrivals.csv, or derive_arrivals: {sector, "
                                  "release_share} in sites.yaml")
        inp = PlanInput(start=start, horizon=horizon, sites=network.sites, los=network.los,
                        arrivals=model, occupancy=occupancy,
                        departures_per_day=network.departures_per_day,
                        scenarios=[parse_scenario(s) for s in scenario or []], spread=spread,
                        tail_spread=tail_spread)
        try:
            result = make_plan(inp, paths=paths, seed=seed)
        except ValueError as exc:
            raise BorderflowError(str(exc)) from exc
        charts: list[Path] = []
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            (out / "plan.json").write_text(json.dumps(result.as_dict(), indent=2))
            charts = fan_chart(result, out / "plan", title=f"{network.name}: beds needed per "
                               "night", source=source)
        if as_json:
            typer.echo(json.dumps(result.as_dict(), indent=2))
            return
        _print(result, network.name, source, charts)

    @app.command("plan-template")
    @handle_errors
    def plan_template(folder: Annotated[Path, typer.Argument(help="Where to write them.")]) -> None:
        """Write blank sites.yaml and arrivals.csv (with HXL hashtags) to fill in."""
        for p in write_template(folder):
            console().print(f"wrote {p}")


def _print(result: object, name: str, source: str, charts: list[Path]) -> None:
    from borderflow.capacity.plan import PlanResult

    assert isinstance(result, PlanResult)
    out = console()
    out.print(f"[bold]{name}[/]: {len(result.days)} days from {result.days[0].day}, "
              f"{result.paths:,} paths" + (f"; scenarios: {', '.join(result.scenario_labels)}"
                                          if result.scenario_labels else ""))
    out.print(f"arrivals from {source}")
    table = Table(title_justify="left")
    for col in ("day", "beds", "median", "90% range", "P(over)"):
        table.add_column(col, justify="left" if col == "day" else "right")
    for d in result.days:
        table.add_row(f"{d.day:%a %d %b}", fmt_int(d.beds), fmt_int(round(d.quantiles[0.5])),
                      f"{round(d.quantiles[0.05]):,}-{round(d.quantiles[0.95]):,}",
                      f"{d.p_over:.0%}")
    out.print(table)
    if result.first_risky_day is None:
        out.print("The chance of running out of beds stays at or under 5% every day.")
    else:
        out.print(f"[bold red]Beds may run out from {result.first_risky_day:%A %d %B %Y}[/] "
                  "(chance over 5%).")
        out.print(f"To keep it at or under 5% every day: {result.extra_beds:,} more beds from "
                  "day 1" + (f", or {result.extra_departures:,} more departures a day"
                             if result.extra_departures else
                             " (more departures alone cannot do it)"
                             if result.extra_departures is None else "") + ".")
    for c in charts:
        out.print(f"chart: {c}")
