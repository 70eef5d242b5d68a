"""The catalogue workflow: extract the English strings, update each ``.po``.

:data:`METHOD_MAP` says what is read (Python with ``_``/``N_``, Jinja templates
with ``{% trans %}``/``_()``; ``babel.cfg`` says the same for ``pybabel``, and a
test keeps the two in step); :func:`extract` reads the package with it and
:func:`update` merges the result into a language's ``.po`` (new strings come
in empty, strings gone from the code are dropped).  ``borderflow catalogue``
runs them in a source checkout; a test asserts the committed catalogue is
complete.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

import borderflow
from borderflow.i18n import DOMAIN, LOCALES

PACKAGE = Path(borderflow.__file__).parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
#: which files are read, and how (first match wins)
METHOD_MAP = [("**.py", "python"), ("**/templates/**.j2", "jinja2")]
OPTIONS_MAP: dict[str, dict[str, str]] = {
    "**.py": {}, "**/templates/**.j2": {"extensions": "jinja2.ext.i18n"}}


def extract(package: Path = PACKAGE) -> Catalog:
    """Every marked English string in the package's code and templates."""
    catalog = Catalog(domain=DOMAIN, project="borderflow", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            str(package), METHOD_MAP, OPTIONS_MAP, keywords=KEYWORDS,
            comment_tags=("TRANSLATORS:",), strip_comment_tags=True):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments,
                    context=context)
    return catalog


def po_path(lang: str, package: Path = PACKAGE) -> Path:
    return package / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(lang: str, package: Path = PACKAGE) -> Catalog:
    with po_path(lang, package).open("rb") as fh:
        return read_po(fh, locale=LOCALES[lang], domain=DOMAIN)


def update(lang: str, package: Path = PACKAGE) -> Catalog:
    """Merge the extracted strings into ``lang``'s ``.po`` and write it back.

    Babel's fuzzy matching is off: a guessed translation of a changed string
    is worse than an empty one, which the completeness test then names.
    """
    template = extract(package)
    path = po_path(lang, package)
    if path.exists():
        catalog = read(lang, package)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        catalog = Catalog(locale=LOCALES[lang], domain=DOMAIN, project="borderflow")
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    with path.open("wb") as fh:
        # file names without line numbers: moving code does not churn the catalogue
        write_po(fh, catalog, width=100, omit_header=False, sort_output=False,
                 include_previous=False, include_lineno=False)
    return catalog
