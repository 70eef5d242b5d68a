"""Helpers shared by the CLI commands: options, the console, error translation."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console, ConsoleOptions, RenderResult
from rich.markup import escape
from rich.table import Table

from borderflow.config import Settings
from borderflow.errors import BorderflowError, WarehouseLockedError
from borderflow.store import Warehouse

F = TypeVar("F", bound=Callable[..., Any])

HomeOption = Annotated[
    Path | None,
    typer.Option("--home", help="Folder of the warehouse (default: $BORDERFLOW_HOME or the "
                                "user data directory).", show_default=False),
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="Use only releases published on or before this date "
                                 "(YYYY-MM-DD).", show_default=False),
]

LangOption = Annotated[
    str,
    typer.Option("--lang", help="Language of the prose and labels: en or es (Spanish, "
                                "numbers and months as written in Mexico).",
                 envvar="BORDERFLOW_LANG"),
]


@contextmanager
def speaking(lang: str) -> Iterator[str]:
    """Speak ``lang`` within the block (a bad code is a one-line error)."""
    from borderflow import i18n

    with i18n.use(lang) as code:
        yield code


#: the console commands print to; tests and embedding programs inject their own
_CONSOLE: ContextVar[Console | None] = ContextVar("borderflow_console", default=None)
#: piped output is never cut: tables get as much width as they need, up to this
PIPE_WIDTH = 400


def console() -> Console:
    """The console commands print to.

    An injected one (:func:`use_console`) wins.  In a terminal, Rich sizes to it
    (and honours COLUMNS and NO_COLOR); piped or redirected, the width is wide
    enough that no cell is cut, and no colour codes are written.
    """
    injected = _CONSOLE.get()
    if injected is not None:
        return injected
    if sys.stdout.isatty():
        return Console(highlight=False, soft_wrap=False)
    return Console(highlight=False, soft_wrap=False, width=PIPE_WIDTH, color_system=None)


@contextmanager
def use_console(target: Console) -> Iterator[Console]:
    """Print every command's output to ``target`` within the block."""
    token = _CONSOLE.set(target)
    try:
        yield target
    finally:
        _CONSOLE.reset(token)


class _FoldingTable(Table):
    """A table whose cells fold instead of ending in an ellipsis, with its title printed
    over it and its caption under it at the console's width.

    In a narrow terminal Rich shrinks columns; a file name is one long word, so by default it
    was cut to ``nationwide-enc…``. Folded, every character is still on the screen. A caption
    inside the table wraps at the table's width, which split the provenance's file names
    mid-word even in piped output; under the table it has the whole line (and the title,
    over it).
    """

    before: str = ""
    after: str = ""

    def add_column(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("overflow", "fold")
        super().add_column(*args, **kwargs)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.before:
            yield console.render_str(self.before, style="table.title", overflow="fold")
        yield from super().__rich_console__(console, options)
        if self.after:
            yield console.render_str(self.after, style="table.caption", overflow="fold")


def new_table(title: str = "", caption: str = "") -> Table:
    """A table in the house style: no truncation, the title over it and the caption under it."""
    table = _FoldingTable()
    table.before, table.after = title, caption
    return table


def err_console() -> Console:
    return Console(stderr=True, highlight=False)


def settings(home: Path | None) -> Settings:
    return Settings(home=home) if home else Settings()


@contextmanager
def open_warehouse(home: Path | None, *, read_only: bool = False) -> Iterator[Warehouse]:
    """Open the warehouse under ``home``; a missing one is an error when reading.

    A write while a server holds the file (read-only) goes to a copy, which
    replaces the file only once the write has committed; the server keeps
    answering from the old file and switches to the new one (``serve.state``).
    """
    s = settings(home)
    if read_only and not s.warehouse_path.exists():
        raise BorderflowError(
            f"no warehouse at {s.warehouse_path}; build one with `borderflow ingest FOLDER` "
            "or `borderflow update`")
    try:
        wh = Warehouse(s.warehouse_path, read_only=read_only)
    except WarehouseLockedError:
        if read_only:
            raise
        with _beside_the_server(s.warehouse_path) as copy:
            yield copy
        return
    try:
        yield wh
    finally:
        wh.close()


@contextmanager
def _beside_the_server(path: Path) -> Iterator[Warehouse]:
    """Write to a copy of a warehouse a server is reading; put it in place when done."""
    import fcntl
    import os
    import shutil

    fresh = path.with_name(path.name + ".next")
    with open(path.with_name(path.name + ".update-lock"), "w") as lock:
        try:  # one writer at a time; the lock goes with the process if it dies
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise WarehouseLockedError(f"another update of {path} is running; try again when "
                                       "it has finished") from None
        err_console().print(f"{path.name} is being served: writing to a copy, which replaces "
                            "it when the write is complete", markup=False)
        shutil.copy2(path, fresh)
        wh = Warehouse(fresh)
        try:
            yield wh
        except BaseException:
            wh.close()
            fresh.unlink(missing_ok=True)
            raise
        wh.close()
        os.replace(fresh, path)  # atomic: readers see the old file or the new, never a mix


def parse_date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BorderflowError(f"{option} {text!r} is not a date; expected YYYY-MM-DD") from None


def parse_month_option(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    from borderflow.vocab import parse_month

    try:
        return parse_month(text)
    except ValueError:
        raise BorderflowError(f"{option} {text!r} is not a month; expected YYYY-MM") from None


def handle_errors(func: F) -> F:
    """Turn a BorderflowError into a one-line message and its exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except BorderflowError as exc:
            # the message is plain text: a label such as "[/x]" from a file is never markup
            err_console().print(f"[bold red]error:[/] {escape(str(exc))}", markup=True,
                                highlight=False)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            err_console().print("interrupted; the warehouse is unchanged by the unfinished step")
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


def fmt_int(value: int | None) -> str:
    """A count with the locale's thousands separator (``--lang``)."""
    from borderflow import i18n

    return "-" if value is None else i18n.num(value)


def fmt_pct(value: float | None) -> str:
    from borderflow import i18n

    return i18n.pct(value)


def write_out(text: str, out: Path | None) -> None:
    """Write to a file, or to standard output."""
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text)
