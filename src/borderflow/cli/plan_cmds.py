"""``borderflow plan``: when do the beds run out, and what does it take not to."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer

from borderflow.capacity.inputs import load_history, load_network, write_template
from borderflow.capacity.planner import NetworkPlan, chart_caveat, plan_network
from borderflow.capacity.scenarios import HELP, parse_scenario
from borderflow.cli._common import (
    HomeOption,
    console,
    fmt_int,
    handle_errors,
    new_table,
    open_warehouse,
)
from borderflow.errors import OptionError
from borderflow.report.fan import fan_chart


def plan(
    sites: Annotated[Path, typer.Argument(help="sites.yaml: sites, stays, departures.")],
    arrivals: Annotated[Path | None, typer.Argument(
        help="arrivals.csv: observed daily arrivals (HXL-tagged). Without it, arrivals "
             "come from the sector's monthly encounters (derive_arrivals in sites.yaml).")]
        = None,
    horizon: Annotated[int, typer.Option(
        min=1, max=365, help="Days to plan (validated on Tucson up to 14).")] = 14,
    scenario: Annotated[list[str] | None, typer.Option(help=HELP)] = None,
    paths: Annotated[int, typer.Option(min=100, help="Simulated futures.")] = 2000,
    risk: Annotated[float, typer.Option(
        min=0.001, max=0.5, help="Breach probability target: the daily chance of running "
                                 "out the advice keeps under.")] = 0.05,
    spread: Annotated[float, typer.Option(
        min=1.0, max=3.0, help="Widen the middle of the bands by this factor (see the "
                               "Tucson evaluation in the README).")] = 1.0,
    tail_spread: Annotated[float | None, typer.Option(
        min=1.0, max=3.0, help="Widen the tails by this factor (default: --spread).")]
        = None,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same plan).")] = 0,
    out: Annotated[Path | None, typer.Option(help="Folder for the fan chart and JSON.")]
        = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    keep: Annotated[list[str] | None, typer.Option(
        help="A day (YYYY-MM-DD) of arrivals.csv whose count is far from the days around "
             "it but right: use it as given (the plan notes it). Without it such a day is "
             "refused.")] = None,
    home: HomeOption = None,
) -> None:
    """Simulate nightly demand for beds and size the response.

    Prints, per day, the median and 90% range of people needing a bed, the beds
    open and the chance of running out; then the first day that chance passes
    5% and the extra beds (or daily departures) that keep it under 5%.
    """
    network = load_network(sites)
    history = load_history(arrivals) if arrivals is not None else None
    derived = None
    if history is None and network.derive_sector and network.release_share is not None:
        from borderflow.capacity.derive import arrivals_from_forecast

        with open_warehouse(home, read_only=True) as wh:
            derived = arrivals_from_forecast(wh, network.derive_sector,
                                             network.release_share)
    planned = plan_network(network, history, horizon=horizon,
                           scenarios=[parse_scenario(s) for s in scenario or []],
                           paths=paths, seed=seed, risk=risk, spread=spread,
                           tail_spread=tail_spread, derived=derived,
                           keep=[_day(k) for k in keep or []])
    source = (f"{arrivals.name} ({history.days[0]} to {history.days[-1]})"
              if arrivals is not None and history is not None else
              f"the {network.derive_sector} sector forecast")
    charts = (_write_outputs(planned, out, network.name, source,
                             chart_caveat(spread, tail_spread))
              if out is not None else [])
    if as_json:
        typer.echo(json.dumps(planned.as_dict(), indent=2))
        return
    _print(planned, network.name, charts)

def _write_outputs(planned: NetworkPlan, out: Path, name: str, source: str,
                   caveat: str | None) -> list[Path]:
    """Write plan.json and the fan chart into ``out``; return the chart files."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "plan.json").write_text(json.dumps(planned.as_dict(), indent=2))
    return fan_chart(planned.result, out / "plan", title=f"{name}: beds needed per night",
                     source=source, caveat=caveat)


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise OptionError(f"--keep {text[:20]!r}: expected a day, YYYY-MM-DD") from None


def plan_template(folder: Annotated[Path, typer.Argument(help="Where to write them.")]) -> None:
    """Write blank sites.yaml and arrivals.csv (with HXL hashtags) to fill in."""
    for p in write_template(folder):
        console().print(f"wrote {p}")


def register(app: typer.Typer) -> None:
    """Attach the commands to ``app``."""
    app.command()(handle_errors(plan))
    app.command("plan-template")(handle_errors(plan_template))

def _print(planned: NetworkPlan, name: str, charts: list[Path]) -> None:
    result = planned.result
    out = console()
    out.print(f"[bold]{name}[/]: {len(result.days)} days from {result.days[0].day}, "
              f"{result.paths:,} paths" + (f"; scenarios: {', '.join(result.scenario_labels)}"
                                          if result.scenario_labels else ""))
    for note in planned.notes:
        out.print(f"- {note}")
    table = new_table()
    for col in ("day", "beds", "median", "90% range", "P(over)"):
        table.add_column(col, justify="left" if col == "day" else "right")
    for d in result.days:
        table.add_row(f"{d.day:%a %d %b}", fmt_int(d.beds), fmt_int(round(d.quantiles[0.5])),
                      f"{round(d.quantiles[0.05]):,}-{round(d.quantiles[0.95]):,}",
                      f"{d.p_over:.0%}")
    out.print(table)
    _print_first_risky(planned)
    _print_why(planned)
    _print_advice(planned)
    _print_sensitivity(planned)
    for assumption in planned.assumptions:
        out.print(f"Assumed: {assumption}")
    for c in charts:
        out.print(f"chart: {c}")


def _print_first_risky(planned: NetworkPlan) -> None:
    result, advice, out = planned.result, planned.advice, console()
    pct = f"{advice.risk:.0%}"
    if result.first_risky_day is None:
        out.print(f"The chance of running out of beds stays at or under {pct} every day.")
    elif result.already_short():
        first = result.days[0]
        out.print(f"[bold red]Beds are already short on the first night, "
                  f"{first.day:%A %d %B %Y}[/] (chance {first.p_over:.0%}): the need is over "
                  "the beds open from the start.")
    else:
        out.print(f"[bold red]Beds may run out from {result.first_risky_day:%A %d %B %Y}[/] "
                  f"(chance over {pct}).")


def _print_why(planned: NetworkPlan) -> None:
    advice, out = planned.advice, console()
    drv = advice.drivers
    short = drv.need - drv.beds
    why = new_table(f"Why: the need peaks on {drv.day:%a %d %b} at {drv.need:,.0f} beds at the "
                    f"{1 - advice.risk:.0%} level, against {drv.beds:,.0f} open"
                    + (f" ({short:,.0f} short)" if short > 0 else ""))
    for col in ("part of the need", "beds", "from"):
        why.add_column(col, justify="right" if col == "beds" else "left")
    for part, beds, how in drv.rows():
        why.add_row(part, fmt_int(round(beds)), how)
    why.add_row("[bold]total[/]", f"[bold]{fmt_int(round(drv.need))}[/]", "")
    out.print(why)


def _print_advice(planned: NetworkPlan) -> None:
    result, advice, out = planned.result, planned.advice, console()
    pct = f"{advice.risk:.0%}"
    if advice.best is not None and advice.best.actions:
        best = advice.best
        if best.peak_risk > advice.risk + 1e-9:
            out.print(f"[bold red]No mix keeps the chance at or under {pct}[/] (added beds "
                      "come too late); the one with the lowest peak chance "
                      f"({best.peak_risk:.0%}, relative cost {best.cost:,.0f}):")
        else:
            out.print(f"[bold]Cheapest way to keep the chance at or under {pct}[/] "
                      f"(relative cost {best.cost:,.0f}):")
        for a in best.actions:
            out.print(f"  - {a.label}: {a.explain()}")
        changes = [(d.day, b) for i, (d, b) in enumerate(zip(result.days, best.bed_schedule,
                                                             strict=False))
                   if b and (i == 0 or b != best.bed_schedule[i - 1])]
        if changes:
            out.print("    added beds by day: " + ", ".join(f"{day:%d %b} {b:,}"
                                                           for day, b in changes)
                      + " (kept to the end; per day in the JSON's days[].extra_beds)")
        others = [m for m in advice.tried if m is not best][:3]
        if others:
            out.print("Next cheapest: " + "; ".join(f"{m.label} ({m.cost:,.0f})"
                                                    for m in others))


def _print_sensitivity(planned: NetworkPlan) -> None:
    sens = new_table("Departure capacity: how the answer depends on it")
    for col in ("departures a day", "extra beds needed", "first risky day"):
        sens.add_column(col, justify="right")
    for cap, beds, day in planned.advice.sensitivity:
        sens.add_row("unlimited" if cap is None else fmt_int(round(cap)), fmt_int(beds),
                     "-" if day is None else f"{day:%a %d %b}")
    console().print(sens)
