"""Commands that change or describe the warehouse: ingest, update, releases, diff, verify."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from borderflow.cli._common import (
    HomeOption,
    console,
    fmt_int,
    handle_errors,
    new_table,
    open_warehouse,
    parse_date,
    settings,
)
from borderflow.config import OFFICIAL_PAGES
from borderflow.errors import BorderflowError
from borderflow.serve.limits import HEAD_TIMEOUT_RANGE, HEAD_TIMEOUT_S
from borderflow.store import IngestReport, Warehouse


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[name]}"), TimeElapsedColumn(),
                    console=console(), transient=True)


def ingest_paths(wh: Warehouse, paths: list[Path], origin: str | None = None,
                 published: str | None = None, force: bool = False) -> IngestReport:
    """Ingest with progress bars for reading and writing."""
    with _progress() as bar:
        tasks: dict[str, object] = {}

        def on_progress(stage: str, done: int, total: int, name: str) -> None:
            if stage not in tasks:
                label = "reading" if stage == "read" else "writing"
                tasks[stage] = bar.add_task(label, total=total, name="")
            bar.update(tasks[stage], completed=done, name=name)  # type: ignore[arg-type]

        return wh.ingest(paths, progress=on_progress, origin=origin,
                         published=parse_date(published, "--published"), force=force)


def print_report(report: IngestReport) -> None:
    out = console()
    table = new_table("Ingest")
    for col in ("file", "status", "release", "rows", "detail"):
        table.add_column(col, justify="right" if col in ("release", "rows") else "left")
    for f in report.files:
        # every value from a file (names, labels, reasons) is text, never Rich markup
        table.add_row(escape(f.path.name), f.status,
                      fmt_int(f.release_id) if f.release_id else "",
                      fmt_int(f.observations) if f.observations else "", escape(f.reason))
    out.print(table)
    for f in report.ingested:
        for u in f.unknowns:
            out.print(f"[yellow]unknown value[/] in {escape(f.path.name)}: {escape(u)}")
    counts = {s: len(report.by_status(s)) for s in ("ingested", "unchanged", "unrecognised")}
    out.print(f"{counts['ingested']} ingested, {counts['unchanged']} unchanged, "
              f"{counts['unrecognised']} not recognised")



def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of official releases.")],
    home: HomeOption = None,
    published: Annotated[str | None, typer.Option(
        help="Publication date of these files (YYYY-MM-DD) when known; otherwise it is "
             "read from the file or inferred.")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Store a release even where it would replace, as the latest, a "
                        "release of the same table with more months or cells, or where it "
                        "conflicts with a stored copy of the same file.")] = False,
) -> None:
    """Store every recognised file as a new release (all or nothing).

    Files already ingested (same bytes) are skipped; files no reader knows are
    listed with the reason.
    """
    with open_warehouse(home) as wh:
        print_report(ingest_paths(wh, paths, published=published, force=force))

def update(
    home: HomeOption = None,
    page: Annotated[list[str] | None, typer.Option(
        help="Landing page to read links from (repeatable). Default: "
             + ", ".join(OFFICIAL_PAGES))] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Ingest downloads even where one would replace, as the latest, a "
                        "release with more months or cells, or conflicts with a stored copy "
                        "of the same file (see `ingest --force`).")] = False,
) -> None:
    """Download the newest official files from CBP and OHSS and ingest what changed.

    Unchanged files (same sha256 as the cached copy) are skipped.  Without a
    network, or when the site refuses the request, it says how to supply the
    files by hand.
    """
    from borderflow.download import fetch_all, make_client

    s = settings(home)
    pages = tuple(page) if page else s.pages
    with make_client(s.timeout, s.user_agent) as client, _progress() as bar:
        task = bar.add_task("downloading", total=None, name="")

        def on_progress(done: int, total: int, name: str) -> None:
            bar.update(task, completed=done, total=total, name=name)

        fetched = fetch_all(client, pages, s.cache_dir, progress=on_progress)
    out = console()
    for f in fetched:
        out.print(f"{f.status:9s} {f.url} {f.message}", markup=False)
    downloaded = [f for f in fetched if f.status in ("new", "changed", "unchanged") and f.path]
    if downloaded:
        with open_warehouse(home) as wh:
            # a cached file not yet a release (its ingest was refused) is tried again, so
            # `update --force` can store what a plain `update` refused
            stored = {r.sha256 for r in wh.releases()}
            for f in downloaded:
                if f.path is not None and f.sha256 not in stored:
                    print_report(ingest_paths(wh, [f.path], origin=f.url, force=force))
    refused = [f for f in fetched if f.status == "refused"]
    if refused:
        raise BorderflowError(f"{len(refused)} file(s) could not be downloaded (see above)")

def releases(
    home: HomeOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List every release: source, file, coverage, publication date, rows."""
    with open_warehouse(home, read_only=True) as wh:
        items = wh.releases()
    if as_json:
        typer.echo(json.dumps([r.as_dict() for r in items], indent=2))
        return
    table = new_table("Releases (~ = publication date inferred)")
    for col in ("id", "source", "file", "covers", "published", "rows"):
        # in a narrow terminal the file name takes the room and folds; the rest stay whole
        table.add_column(col, justify="right" if col in ("id", "rows") else "left",
                         no_wrap=col in ("id", "published", "rows"),
                         min_width=10 if col == "covers" else None,
                         ratio=1 if col == "file" else None)
    for r in items:
        table.add_row(str(r.release_id), r.source_kind, escape(r.file_name),
                      f"{r.coverage_start:%Y-%m} to {r.coverage_end:%Y-%m}",
                      ("~" if r.published_inferred else "") + str(r.published),
                      fmt_int(r.observations))
    console().print(table)

def diff(
    old: Annotated[str, typer.Argument(help="Release id or file name.")],
    new: Annotated[str, typer.Argument(help="Release id or file name.")],
    home: HomeOption = None,
    limit: Annotated[int, typer.Option(help="Show at most this many changed cells.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the cells whose value changed between two releases of one publication."""
    with open_warehouse(home, read_only=True) as wh:
        d = wh.diff(old, new)
    if as_json:
        typer.echo(json.dumps({
            "old": d.old.as_dict(), "new": d.new.as_dict(),
            "compared_months": [m.isoformat() for m in d.compared_months],
            "only_old": [m.isoformat() for m in d.only_old],
            "only_new": [m.isoformat() for m in d.only_new],
            "cells_compared": d.cells_compared,
            "changes": [{"family": c.family, "fy": c.fy, "fm": c.fm,
                         "month": c.month.isoformat() if c.month else None, **c.dims,
                         "old": c.old, "new": c.new, "delta": c.delta} for c in d.changes],
        }, indent=2))
        return
    out = console()
    out.print(f"{d.old.label} -> {d.new.label}", markup=False)
    out.print(f"{len(d.compared_months)} months in both, {d.cells_compared:,} cells compared, "
              f"{len(d.changes):,} changed")
    if d.only_new:
        out.print(f"months only in the newer: {d.only_new[0]:%Y-%m}..{d.only_new[-1]:%Y-%m}")
    if d.only_old:
        out.print(f"months only in the older: {d.only_old[0]:%Y-%m}..{d.only_old[-1]:%Y-%m}")
    table = new_table()
    for col in ("month", "cell", "old", "new", "change"):
        table.add_column(col, justify="right" if col in ("old", "new", "change") else "left")
    for c in d.changes[:limit]:
        table.add_row(f"{c.month:%Y-%m}" if c.month else f"FY{c.fy}",
                      escape(" / ".join(v for v in c.dims.values() if v)),
                      fmt_int(c.old), fmt_int(c.new), f"{c.delta:+,}")
    if d.changes:
        out.print(table)
    if len(d.changes) > limit:
        out.print(f"... {len(d.changes) - limit:,} more (use --limit or --json)")

def verify(home: HomeOption = None) -> None:
    """Check that every release is stored whole and "latest" is up to date."""
    with open_warehouse(home, read_only=True) as wh:
        problems = wh.verify()
        n = len(wh.releases())
    if problems:
        for p in problems:
            console().print(f"[red]problem:[/] {escape(p)}")
        raise typer.Exit(1)
    console().print(f"ok: {n} releases, every one stored whole")

def serve(
    home: HomeOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    proxy: Annotated[list[str] | None, typer.Option(
        help="A trusted proxy's address (repeatable): only then is X-Forwarded-For "
             "believed for the client's address.")] = None,
    head_timeout: Annotated[float, typer.Option(
        min=HEAD_TIMEOUT_RANGE[0], max=HEAD_TIMEOUT_RANGE[1],
        help="Seconds a client has to send a whole request head (request line and "
             "headers), from connecting or from its first byte; a slower client is "
             "disconnected, so clients trickling bytes cannot hold connections.")
    ] = HEAD_TIMEOUT_S,
) -> None:
    """Serve the HTTP API (OpenAPI documentation at /docs) and the dashboard."""
    from borderflow.server import ApiSettings
    from borderflow.server import serve as run_server

    s = settings(home)
    if not s.warehouse_path.exists():
        raise BorderflowError(f"no warehouse at {s.warehouse_path}; run `borderflow ingest` "
                              "or `borderflow update` first")
    console().print(f"serving {s.warehouse_path} on http://{host}:{port} (docs at /docs)",
                    markup=False)
    run_server(ApiSettings(warehouse=s.warehouse_path, shelters=s.home / "shelters.sqlite",
                           proxies=tuple(proxy or ()), head_timeout=head_timeout), host, port)


def org_create(
    org: Annotated[str, typer.Argument(help="Organisation id (used in the API's URLs).")],
    name: Annotated[str, typer.Option(help="Display name.")],
    home: HomeOption = None,
) -> None:
    """Register a shelter organisation and print its first admin token (shown once)."""
    from borderflow.store.shelters import ShelterStore

    store = ShelterStore(settings(home).home / "shelters.sqlite")
    try:
        token = store.create_org(org, name)
    finally:
        store.close()
    console().print(f"organisation {org} created; admin token (keep it, it is not stored):")
    typer.echo(token)

def run(
    home: HomeOption = None,
    data_dir: Annotated[Path | None, typer.Option(
        help="Folder of official files (default: $BORDERFLOW_DATA_DIR; without it the "
             "files are downloaded).")] = None,
) -> None:
    """The main job: build or refresh the warehouse, then print the brief."""
    from borderflow.cli.query_cmds import print_brief

    s = settings(home)
    folder = data_dir or s.data_dir
    if folder is None:
        update(home=home, page=None, force=False)
    else:
        with open_warehouse(home) as wh:
            print_report(ingest_paths(wh, [folder]))
    with open_warehouse(home, read_only=True) as wh:
        print_brief(wh, None, None)


def register(app: typer.Typer) -> None:
    """Attach the commands to ``app``."""
    app.command()(handle_errors(ingest))
    app.command()(handle_errors(update))
    app.command()(handle_errors(releases))
    app.command()(handle_errors(diff))
    app.command()(handle_errors(verify))
    app.command()(handle_errors(serve))
    app.command("org-create")(handle_errors(org_create))
    app.command()(handle_errors(run))
