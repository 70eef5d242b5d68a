"""Commands that read figures: query, series and brief."""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from borderflow import i18n, vocab
from borderflow.analytics.brief import Brief, build_brief
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
    write_out,
)
from borderflow.errors import BorderflowError
from borderflow.exports import to_csv, to_json, to_parquet
from borderflow.i18n import N_, _
from borderflow.store import Query, Warehouse
from borderflow.store.query import GROUPABLE


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    parquet = "parquet"


def render_rows(columns: list[str], rows: list[dict[str, Any]], fmt: Format,
                out: Path | None, meta: dict[str, Any], title: str) -> None:
    """Write rows as a Rich table, or in an export format (``borderflow.exports``)."""
    if fmt is Format.parquet:
        if out is None:
            raise BorderflowError("--format parquet needs --out FILE")
        out.write_bytes(to_parquet(columns, rows, meta))
        return
    if fmt is Format.json:
        write_out(to_json(rows, meta, indent=2) + "\n", out)
        return
    if fmt is Format.csv:
        write_out(to_csv(columns, rows), out)
        return
    table = new_table(title)
    for c in columns:
        # "releases" holds release ids, not a count: say so on screen ("from release #22")
        table.add_column(_("from release") if c == "releases" else
                         _(COLUMNS[c]) if c in COLUMNS else c,
                         justify="right" if c in ("encounters", "releases") else "left")
    for r in rows:
        table.add_row(*[fmt_int(v) if c == "encounters" else
                        ", ".join(f"#{x}" for x in v) if c == "releases" and
                        isinstance(v, list) else
                        ",".join(map(str, v)) if isinstance(v, list) else
                        "" if v is None else f"{v:%Y-%m}" if isinstance(v, dt.date) else str(v)
                        for c, v in ((c, r.get(c)) for c in columns)])
    out_console = console()
    out_console.print(table)
    # the provenance under the table, at the console's width (not squeezed into the table's)
    for line in str(meta.get("caption", "")).splitlines():
        out_console.print(line, markup=False, highlight=False)


#: the table's column headings (the CSV and JSON keep the field names)
COLUMNS = {"encounters": N_("encounters"), "month": N_("month"), "fy": N_("fiscal year"),
           "cy": N_("calendar year"), "region": N_("region"), "component": N_("component"),
           "area": N_("area"), "area_type": N_("area type"), "state": N_("state"),
           "citizenship": N_("citizenship"), "citizenship_group": N_("citizenship group"),
           "demographic": N_("demographic"), "encounter_type": N_("encounter type"),
           "title": N_("title"), "source": N_("source"), "release": N_("release"),
           "releases": N_("releases"), "rounding": N_("rounding"), "counts": N_("counts"),
           "adjusted": N_("adjusted")}


def _parse_where(where: list[str]) -> dict[str, tuple[str, ...]]:
    filters: dict[str, tuple[str, ...]] = {}
    for item in where:
        if "=" not in item:
            raise BorderflowError(f"--where {item!r}: expected DIMENSION=VALUE[,VALUE...]")
        dim, _, values = item.partition("=")
        key = dim.strip().replace("-", "_")
        filters[key] = (*filters.get(key, ()), *(v.strip() for v in values.split(",")
                                                  if v.strip()))
    return filters


def print_brief(wh: Warehouse, month: dt.date | None, as_of: dt.date | None) -> Brief:
    """Print the brief as Rich tables and return it."""
    b = build_brief(wh, month, as_of=as_of)
    out = console()
    out.print("[bold]" + _("Border encounters: {month}").format(month=i18n.month_long(b.month))
              + "[/]" + (_(" (as published by {date})").format(date=b.as_of) if b.as_of
                         else ""))
    t = new_table(_("Totals"))
    for col, right in ((_("figure"), False), (_("encounters"), True), (_("period"), False),
                       (_("source release"), False)):
        t.add_column(col, justify="right" if right else "left")
    for f in [*b.totals, *b.components]:
        t.add_row(f.label, fmt_int(f.value), f.period + (f" ({f.note})" if f.note else "")
                  + (" " + _("(rounded to {n})").format(n=f.rounding) if f.rounding > 1
                     else ""),
                  ", ".join(f.releases))
    out.print(t)
    t = new_table(_("Changes"))
    for i, col in enumerate((_("comparison"), _("now"), _("before"), _("change"), "%")):
        t.add_column(col, justify="left" if i == 0 else "right")
    for c in b.changes:
        t.add_row(c.label, fmt_int(c.current.value), fmt_int(c.baseline.value),
                  i18n.signed(c.delta), fmt_pct(c.pct))
    out.print(t)
    for r in b.rankings:
        t = new_table(f"{r.label}, {r.period}" + (f" ({r.note})" if r.note else ""),
                      _("source: {releases}").format(releases=", ".join(r.releases))
                      + (_("; figures rounded to {n} by the source").format(n=r.rounding)
                         if r.rounding > 1 else ""))
        t.add_column(_("rank"), justify="right")
        t.add_column(_("name"))
        t.add_column(_("encounters"), justify="right")
        for i, (name, value) in enumerate(r.items, start=1):
            t.add_row(str(i), name, fmt_int(value))
        out.print(t)
    for label, why in b.omitted:
        out.print(_("Not shown: {table}: {reason}").format(table=label, reason=why),
                  markup=False, highlight=False)
    return b



def query(
    where: Annotated[list[str] | None, typer.Option(
        "--where", "-w", help="Filter DIMENSION=VALUE[,VALUE] (repeatable). Dimensions: "
        + ", ".join(GROUPABLE) + ".")] = None,
    by: Annotated[list[str] | None, typer.Option(
        "--by", "-b", help="Group by a dimension or month/fy/cy (repeatable).")] = None,
    start: Annotated[str | None, typer.Option("--from", help="First month, YYYY-MM.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last month, YYYY-MM.")] = None,
    fy: Annotated[list[int] | None, typer.Option(
        "--fy", help="Fiscal year(s) (FY2024 = Oct 2023 to Sep 2024).")] = None,
    as_of: AsOfOption = None,
    source: Annotated[str | None, typer.Option(
        help="Force a source family (e.g. cbp_sbo, ohss_khsm.monthly_sector).")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] =
        Format.table,
    out: Annotated[Path | None, typer.Option(help="Write to this file.")] = None,
    show_sql: Annotated[bool, typer.Option("--sql", help="Also print the SQL run.")] = False,
    home: HomeOption = None,
    lang: LangOption = "en",
) -> None:
    """Encounters filtered and grouped, from the one source that answers best.

    The table's title says the filters, the period asked and the months counted;
    its caption names the source, releases, rounding and months not published.

    Example: borderflow query -w region=southwest -b component --fy 2023
    """
    q = Query(filters=_parse_where(where or []), group_by=tuple(by or ()),
              start=parse_month_option(start, "--from"),
              end=parse_month_option(end, "--to"),
              fiscal_years=tuple(fy) if fy else None,
              as_of=parse_date(as_of, "--as-of"), source=source)
    with open_warehouse(home, read_only=True) as wh:
        result = wh.query(q)
    with speaking(lang):
        _print_query(result, fmt, out, q)
    if show_sql:
        console().print(result.sql)


def query_title(q: Query, result: Any) -> str:
    """What was asked and what was counted: filters, period, months counted, as-of date."""
    asked = "; ".join(f"{k.replace('_', ' ')} {', '.join(v)}"
                      for k, v in q.filters.items()) or _("no filters")
    if q.fiscal_years:
        period = ", ".join(f"FY{y}" for y in q.fiscal_years)
    elif q.start or q.end:
        period = _("{first} to {last}").format(
            first=f"{q.start:%Y-%m}" if q.start else _("the first month"),
            last=f"{q.end:%Y-%m}" if q.end else _("the newest month"))
    else:
        period = _("every month published")
    counted = (_("months counted: {first} to {last}").format(
        first=f"{result.first:%Y-%m}", last=f"{result.last:%Y-%m}") if result.first
        else _("whole fiscal years (annual table)"))
    return (_("Encounters: {asked}; {period}; {counted}").format(
        asked=asked, period=period, counted=counted)
        + (_(" (as published by {date})").format(date=q.as_of) if q.as_of else ""))


def _print_query(result: Any, fmt: Format, out: Path | None, q: Query) -> None:
    meta = result.provenance()
    meta["caption"] = (
        _("source: {source}; releases {releases}").format(
            source=result.spec.title, releases=", ".join(r.label for r in result.releases))
        + (_("; rounded to {n}").format(n=result.rounding) if result.rounding > 1 else "")
        + (_("; NOT PUBLISHED by this source, so not counted: {months}").format(
            months=vocab.describe_months(result.missing)) if result.missing else "")
        + "".join(f"\n{n}" for n in result.notes[1:]))
    columns, rows = result.columns, result.rows
    if fmt is Format.json:
        meta.pop("caption")
        meta["query"] = {"sql": result.sql, "params": result.params}
    elif fmt is Format.csv:
        columns, rows = result.provenance_columns()
    render_rows(columns, rows, fmt, out, meta, query_title(q, result))

def series(
    name: Annotated[str, typer.Argument(
        help="southwest, nation, a sector name, or '<Name> field office'.")],
    measure: Annotated[str, typer.Option(
        help="encounters (all of CBP where published, Border Patrol before; each month "
             "labelled), cbp (all of CBP only) or usbp (Border Patrol only).")] =
        "encounters",
    adjusted: Annotated[bool, typer.Option(
        help="Add the seasonally adjusted series (STL on log counts).")] = False,
    as_of: AsOfOption = None,
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    out: Annotated[Path | None, typer.Option(help="Write to this file.")] = None,
    home: HomeOption = None,
) -> None:
    """A long monthly series stitched from several publications, each month labelled."""
    with open_warehouse(home, read_only=True) as wh:
        s = wh.series(name, measure=measure, as_of=parse_date(as_of, "--as-of"))
    rows: list[dict[str, Any]] = [
        {"month": p.month, "encounters": p.encounters, "source": p.family,
         "release": p.release_id, "rounding": p.rounding, "counts": p.scope}
        for p in s.points]
    columns = ["month", "encounters", "source", "release", "rounding", "counts"]
    if adjusted:
        from borderflow.analytics.seasonal import decompose

        for row, value in zip(rows, decompose(s).adjusted, strict=True):
            row["adjusted"] = round(float(value))
        columns.insert(2, "adjusted")
    segments = "; ".join(f"{f} {a:%Y-%m}..{b:%Y-%m}" for f, a, b in s.segments())
    changes = "".join(f"\nchange of meaning at {m:%Y-%m}: {text}" for m, text in s.changes())
    meta: dict[str, Any] = {"series": s.name, "measure": s.measure,
                            "caption": "sources: " + segments + changes}
    if fmt is Format.json:
        meta["changes_of_meaning"] = [[m, text] for m, text in s.changes()]
    render_rows(columns, rows, fmt, out, meta, f"{s.name} {s.measure} by month")

def brief(
    month: Annotated[str | None, typer.Option(
        help="Month YYYY-MM (default: the newest published).")] = None,
    as_of: AsOfOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    home: HomeOption = None,
    lang: LangOption = "en",
) -> None:
    """The latest month: totals, components, changes, top sectors and citizenships."""
    with open_warehouse(home, read_only=True) as wh, speaking(lang):
        m = parse_month_option(month, "--month")
        a = parse_date(as_of, "--as-of")
        if as_json:
            typer.echo(json.dumps(build_brief(wh, m, as_of=a).as_dict(), indent=2))
        else:
            print_brief(wh, m, a)


def register(app: typer.Typer) -> None:
    """Attach the commands to ``app``."""
    app.command()(handle_errors(query))
    app.command()(handle_errors(series))
    app.command()(handle_errors(brief))
