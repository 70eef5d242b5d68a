"""Languages: English and Spanish, from gettext catalogues, with locale formatting.

English is the source language: the strings in the code and templates are
English, marked with ``_()`` (or ``N_()`` where a string is defined before it
is shown).  Spanish comes from ``borderflow/locale/es/LC_MESSAGES/borderflow.po``,
compiled in memory with Babel the first time it is needed (no ``.mo`` file to
drift from the ``.po``).

The language is a context variable: the CLI sets it for a command
(``--lang es``), the dashboard for a request (``borderflow.web.lang``), and
every ``_()`` below reads it, so a library function such as the brief speaks
the caller's language without a parameter threaded through every call.

Numbers and months are written with Babel for the language's locale
(:data:`LOCALES`).
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext as _gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from importlib import resources

from borderflow.errors import OptionError

#: the languages the project speaks; the first is the source language
LANGUAGES: tuple[str, ...] = ("en", "es")

#: each language's locale for numbers and dates.  Spanish is written as in Mexico
#: (es_MX), deliberately: the readers are partners in U.S. border cities and in
#: Mexico, and es_MX (like es_US) groups thousands with a comma and marks decimals
#: with a point, as the English pages and CBP's own tables do, so "12,730" reads the
#: same in both languages.  Spain's convention (es) would print "12.730", which a
#: reader in El Paso or Ciudad Juárez takes for twelve point seven.
LOCALES: dict[str, str] = {"en": "en_US", "es": "es_MX"}

#: each language's name, written in that language (for the switch between them)
NAMES: dict[str, str] = {"en": "English", "es": "Español"}

DOMAIN = "borderflow"

_LANG: ContextVar[str] = ContextVar("borderflow_lang", default="en")


def check_language(lang: str) -> str:
    """``lang`` if the project speaks it.

    Raises:
        OptionError: a language without a catalogue.
    """
    code = lang.strip().lower().replace("_", "-").split("-")[0]
    if code not in LANGUAGES:
        raise OptionError(f"language {lang[:20]!r}: expected one of {', '.join(LANGUAGES)}")
    return code


def current() -> str:
    """The language in use (``en`` unless a caller chose another)."""
    return _LANG.get()


def locale() -> str:
    """The Babel locale of the language in use."""
    return LOCALES[current()]


@contextmanager
def use(lang: str) -> Iterator[str]:
    """Speak ``lang`` within the block."""
    token = _LANG.set(check_language(lang))
    try:
        yield _LANG.get()
    finally:
        _LANG.reset(token)


def catalogue_path(lang: str) -> resources.abc.Traversable:
    """Where a language's ``.po`` file is (inside the package)."""
    return resources.files("borderflow") / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(lang: str) -> _gettext.NullTranslations:
    """A language's translations, compiled from its ``.po`` (English: none)."""
    if lang == LANGUAGES[0]:
        return _gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with catalogue_path(lang).open("rb") as fh:
        catalog = read_po(fh, locale=LOCALES[lang], domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # fuzzy entries are left out, as msgfmt does
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def gettext(message: str) -> str:
    """``message`` in the language in use."""
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural of a message, for ``n``, in the language in use."""
    return translations(current()).ngettext(singular, plural, n)


_ = gettext


def N_(message: str) -> str:  # noqa: N802 - the name gettext's tools look for
    """Mark a string for the catalogue, to be translated where it is shown."""
    return message


def num(value: int | float, digits: int = 0) -> str:
    """A number with the locale's separators: 12,730 (``digits`` decimals)."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=locale())


def signed(value: int | float, digits: int = 0) -> str:
    """A change with its sign: +1,234 or -5.2."""
    from babel.numbers import format_decimal

    body = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=f"+{body};-{body}", locale=locale())


def pct(value: float | None, digits: int = 1) -> str:
    """A percent change with its sign (+3.5%), or "n/a" when there is no base."""
    return _("n/a") if value is None else signed(value, digits) + "%"


def month(m: dt.date | None) -> str:
    """A month as readers write it: "Aug 2023", "ago 2023"."""
    from babel.dates import format_skeleton

    return "" if m is None else format_skeleton("yMMM", m, locale=locale())


def month_long(m: dt.date) -> str:
    """A month in full: "August 2023", "agosto de 2023"."""
    from babel.dates import format_skeleton

    return format_skeleton("yMMMM", m, locale=locale())


def day_long(d: dt.date) -> str:
    """A day with its weekday: "Tuesday 01 August", "martes, 1 de agosto"."""
    from babel.dates import format_skeleton

    if current() == LANGUAGES[0]:
        return f"{d:%A %d %B}"
    return format_skeleton("MMMMEEEEd", d, locale=locale())


def fiscal_year(fy: int) -> str:
    """A fiscal year's short name: FY2023, AF2023 (año fiscal)."""
    return _("FY{year}").format(year=fy)


def negotiate(chosen: str | None, accept_language: str | None) -> str:
    """The language to answer in: one chosen (``?lang=`` or a cookie), else the
    first the browser accepts that we speak, else English."""
    if chosen:
        code = chosen.strip().lower()[:8].split("-")[0]
        if code in LANGUAGES:
            return code
    if accept_language:
        ranked: list[tuple[float, int, str]] = []
        for i, part in enumerate(accept_language[:500].split(",")[:20]):
            tag, _sep, params = part.strip().partition(";")
            q = 1.0
            for p in params.split(";"):
                key, _eq, value = p.strip().partition("=")
                if key == "q":
                    try:
                        q = float(value)
                    except ValueError:
                        q = 0.0
            code = tag.strip().lower().split("-")[0]
            if code in LANGUAGES and q > 0:
                ranked.append((-q, i, code))
        if ranked:
            return min(ranked)[2]
    return LANGUAGES[0]


__all__ = ["LANGUAGES", "LOCALES", "NAMES", "N_", "_", "check_language", "current",
           "day_long", "fiscal_year", "gettext", "locale", "month", "month_long", "negotiate",
           "ngettext", "num", "pct", "signed", "translations", "use"]
