"""The ``borderflow`` command line (Typer + Rich): thin wrappers over the library."""

from __future__ import annotations

import typer

from borderflow.cli import (
    analytics_cmds,
    check_cmds,
    data_cmds,
    forecast_cmds,
    i18n_cmds,
    org_cmds,
    plan_cmds,
    query_cmds,
)

app = typer.Typer(
    name="borderflow",
    help="Official U.S. border encounter statistics: every release kept with its revisions, "
         "queried in milliseconds.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
data_cmds.register(app)
query_cmds.register(app)
plan_cmds.register(app)
check_cmds.register(app)
analytics_cmds.register(app)
forecast_cmds.register(app)
org_cmds.register(app)
i18n_cmds.register(app)


@app.command(name="reference")
def reference_cmd() -> None:
    """Print this command reference as Markdown (docs/cli.md is its output)."""
    from borderflow.cli.reference import reference

    typer.echo(reference(app), nl=False)


def main() -> None:
    """Console-script entry point."""
    app()


__all__ = ["app", "main"]
