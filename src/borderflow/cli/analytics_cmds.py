"""Analytics commands: compare, alerts, chart and the monthly report."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from borderflow.cli._common import (
    AsOfOption,
    HomeOption,
    LangOption,
    console,
    fmt_int,
    fmt_pct,
    handle_errors,
    new_table,
    open_warehouse,
    parse_date,
    parse_month_option,
    speaking,
)
from borderflow.cli.progress import Steps
from borderflow.cli.query_cmds import _parse_where
from borderflow.errors import BorderflowError


class ChartKind(StrEnum):
    series = "series"
    sectors = "sectors"
    mix = "mix"
    grid = "grid"



def compare_cmd(
    month: Annotated[str, typer.Option(help="Month YYYY-MM.")],
    by: Annotated[str | None, typer.Option(
        help="Group by: area, component, citizenship, demographic, authority...")] = None,
    where: Annotated[list[str] | None, typer.Option("--where", "-w",
                                                    help="Filter DIM=VALUE.")] = None,
    as_of: AsOfOption = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    home: HomeOption = None,
) -> None:
    """Month on month, year on year, fiscal year to date, share and rank, by group."""
    from borderflow.analytics.compare import compare

    m = parse_month_option(month, "--month")
    assert m is not None
    with open_warehouse(home, read_only=True) as wh:
        c = compare(wh, m, by=by, filters=_parse_where(where or []),
                    as_of=parse_date(as_of, "--as-of"))
    if as_json:
        typer.echo(json.dumps({"month": m.isoformat(), "by": by, "source": c.family,
                               "releases": c.releases,
                               "rows": [r.as_dict() for r in c.rows]}, indent=2))
        return
    t = new_table(f"{m:%B %Y}" + (f" by {by}" if by else ""),
                  f"source: {c.family}; releases {', '.join(c.releases)}")
    for col in ("rank", by or "group", "encounters", "share", "on month", "on year",
                "FYTD vs last FY"):
        t.add_column(col, justify="left" if col == (by or "group") else "right")
    for r in c.rows:
        t.add_row(str(r.rank), r.group, fmt_int(r.value), f"{100 * r.share:.1f}%",
                  fmt_pct(r.mom_pct), fmt_pct(r.yoy_pct), fmt_pct(r.fytd_pct))
    console().print(t)

def alerts(
    since: Annotated[str | None, typer.Option(help="Only alerts from this month (YYYY-MM).")]
        = None,
    mix: Annotated[bool, typer.Option(help="Also shifts in a mix of shares.")] = True,
    mix_by: Annotated[str, typer.Option(
        help="The mix to watch: citizenship_group, citizenship or demographic.")]
        = "citizenship_group",
    mix_where: Annotated[list[str] | None, typer.Option(
        help="Scope of the mix, DIM=VALUE (default region=southwest); e.g. area=Tucson "
             "where a release breaks sectors down by citizenship.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    home: HomeOption = None,
) -> None:
    """Surges, drops, level shifts and mix shifts on the long series, with explanations."""
    from borderflow.analytics.detect import detect_all, mix_shifts

    first = parse_month_option(since, "--since")
    scope = _parse_where(mix_where) if mix_where else None
    label = ", ".join(f"{k}={'/'.join(v)}" for k, v in scope.items()) if scope else \
        "southwest"
    with open_warehouse(home, read_only=True) as wh, Steps() as step:
        step("finding surges, drops and level shifts in every series")
        found = detect_all(wh)
        if mix:
            step(f"finding shifts in the {mix_by.replace('_', ' ')} mix")
            found += mix_shifts(wh, dimension=mix_by, filters=scope, scope=label)
    found = sorted((a for a in found if first is None or a.month >= first),
                   key=lambda a: (a.month, a.series))
    if as_json:
        typer.echo(json.dumps([a.as_dict() for a in found], indent=2))
        return
    out = console()
    for a in found:
        out.print(f"[bold]{a.month:%Y-%m}[/] {a.kind:<11} {a.series}: {a.explanation}")
    out.print(f"{len(found)} alerts")

def chart(
    kind: Annotated[ChartKind, typer.Argument(help="series, sectors, mix or grid.")],
    out: Annotated[Path, typer.Option(help="File to write (.png and .svg are written).")],
    name: Annotated[str, typer.Option(help="Series: southwest, nation or a sector.")]
        = "southwest",
    measure: Annotated[str, typer.Option(
        help="encounters (all of CBP where published, Border Patrol before), cbp or usbp.")
    ] = "usbp",
    month: Annotated[str | None, typer.Option(help="Month for the sector bars.")] = None,
    dimension: Annotated[str, typer.Option(
        help="For mix: citizenship_group or demographic.")] = "citizenship_group",
    home: HomeOption = None,
) -> None:
    """Write a chart as PNG and SVG: a series with policy events, sector bars for a month,
    the citizenship mix over time, or a grid of the southwest sectors."""
    from borderflow import vocab
    from borderflow.analytics.compare import compare
    from borderflow.analytics.seasonal import decompose
    from borderflow.report import charts

    with open_warehouse(home, read_only=True) as wh:
        if kind is ChartKind.series:
            s = wh.series(name, measure=measure)
            written = charts.series_chart(s, out, adjusted=decompose(s, seasonal_deg=0).adjusted)
        elif kind is ChartKind.sectors:
            m = parse_month_option(month, "--month")
            if m is None:
                raise BorderflowError("sectors needs --month YYYY-MM")
            c = compare(wh, m, by="area", filters={"component": (vocab.USBP,),
                                                   "area_type": ("sector",),
                                                   "region": (vocab.SOUTHWEST,)})
            written = charts.bar_chart(c, out, title=f"Border Patrol encounters by sector, "
                                                     f"{m:%B %Y}")
        elif kind is ChartKind.mix:
            written = charts.mix_chart(wh, out, dimension=dimension,
                                       filters={"region": (vocab.SOUTHWEST,)},
                                       title="Southwest border: share of encounters by "
                                             + dimension.replace("_", " "))
        else:
            written = charts.small_multiples(
                [wh.series(s) for s in vocab.SOUTHWEST_SECTORS], out,
                title="Southwest sectors, Border Patrol encounters per month")
    for p in written:
        console().print(f"wrote {p}")

def report(
    month: Annotated[str, typer.Option(help="Month YYYY-MM.")],
    out: Annotated[Path, typer.Option(help="Folder for the HTML, PDF and charts.")]
        = Path("out"),
    as_of: AsOfOption = None,
    pdf: Annotated[bool, typer.Option(help="Also write the PDF.")] = True,
    home: HomeOption = None,
    lang: LangOption = "en",
) -> None:
    """The monthly report (HTML and PDF): headline numbers, comparisons, top sectors and
    citizenships, alerts with explanations, and charts; every number with its release."""
    from borderflow.report.monthly import build_report

    m = parse_month_option(month, "--month")
    assert m is not None
    with speaking(lang), open_warehouse(home, read_only=True) as wh, Steps() as step:
        r = build_report(wh, m, out, as_of=parse_date(as_of, "--as-of"), pdf=pdf,
                         progress=step)
    console().print(f"wrote {r.html}" + (f" and {r.pdf}" if r.pdf else "")
                    + f" with {len(r.charts)} charts; {len(r.alerts)} alerts")


def register(app: typer.Typer) -> None:
    """Attach the commands to ``app``."""
    app.command("compare")(handle_errors(compare_cmd))
    app.command()(handle_errors(alerts))
    app.command()(handle_errors(chart))
    app.command()(handle_errors(report))
