"""``borderflow check``: are the numbers in this text right, and right for what?"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.panel import Panel

from borderflow.claims.check import check_text
from borderflow.cli._common import (
    HomeOption,
    LangOption,
    console,
    fmt_int,
    handle_errors,
    open_warehouse,
    parse_date,
    speaking,
)
from borderflow.errors import BorderflowError

COLOURS = {"supported": "green", "contradicted": "red", "wrong measure": "yellow",
           "not checkable": "blue"}


#: a verdict's panel is read, not scanned: wide enough for its lines, never wider
PANEL_WIDTH = 110


def register(app: typer.Typer) -> None:
    """Attach the command to ``app``."""

    @app.command()
    @handle_errors
    def check(
        source: Annotated[str, typer.Argument(help="A text file, or - for standard input.")],
        date: Annotated[str | None, typer.Option(
            help="The text's date (YYYY-MM-DD); default: the first date in the text.")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
        home: HomeOption = None,
        lang: LangOption = "en",
    ) -> None:
        """Check every figure about border encounters in a text against the official data.

        Verdicts: supported, contradicted, wrong measure (right for another measure,
        place or period, which is named) and not checkable (with what the data do show).
        """
        if source == "-":
            text = sys.stdin.read()
        else:
            path = Path(source)
            if not path.is_file():
                raise BorderflowError(f"{source}: no such file")
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError as exc:
                raise BorderflowError(f"{source}: not UTF-8 text") from exc
        when: dt.date | None = parse_date(date, "--date")
        with open_warehouse(home, read_only=True) as wh:
            verdicts = check_text(wh, text, when)
        if as_json:
            typer.echo(json.dumps([v.as_dict() for v in verdicts], indent=2))
            return
        with speaking(lang):
            _print_verdicts(verdicts)


def _print_verdicts(verdicts: list[Any]) -> None:
    """Each verdict in a panel titled with its label (in the language in use)."""
    from borderflow.i18n import _
    from borderflow.i18n.terms import verdict_name

    out = console()
    if not verdicts:
        out.print(_("No checkable figures about border encounters found."))
    for v in verdicts:
        colour = COLOURS[v.verdict]
        # the text is the user's and the labels come from files: never read as markup
        body = f"[italic]{escape(v.text)}[/]\n\n{escape(v.explanation)}"
        if v.official:
            body += "\n\n" + "\n".join(
                f"  {fmt_int(o.value):>12}  {escape(o.label)}  "
                f"[dim]({escape(', '.join(o.releases))})[/]" for o in v.official)
        out.print(Panel(body, title=f"[bold {colour}]{verdict_name(v.verdict)}[/]",
                        title_align="left",
                        border_style=colour, width=min(out.width, PANEL_WIDTH)))
