"""``borderflow catalogue``: bring the translation catalogues in step with the code."""

from __future__ import annotations

from typing import Annotated

import typer

from borderflow.cli._common import console, handle_errors


def catalogue(
    langs: Annotated[list[str] | None, typer.Argument(
        help="Languages to update (default: every translation, e.g. es).",
        show_default=False)] = None,
) -> None:
    """Update the translation catalogues from the code and templates (for translators).

    Extracts every marked English string and merges it into
    src/borderflow/locale/LANG/LC_MESSAGES/borderflow.po: new strings come in
    empty, strings gone from the code are dropped.  Then fill in each empty
    msgstr; the tests fail while one is empty.  Run it in a source checkout.
    """
    from borderflow import i18n
    from borderflow.i18n.catalog import po_path, update

    for lang in langs or list(i18n.LANGUAGES[1:]):
        code = i18n.check_language(lang)
        if code == i18n.LANGUAGES[0]:
            continue  # the source language has no catalogue
        catalog = update(code)
        ids = [m for m in catalog if m.id]
        missing = sum(1 for m in ids if not m.string)
        console().print(f"{po_path(code)}: {len(ids)} strings, {missing} to translate",
                        markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    """Attach the command to ``app``."""
    app.command()(handle_errors(catalogue))
