"""Update the translation catalogues from the code: ``python scripts/i18n.py [LANG ...]``.

Extracts every marked string (babel.cfg) and merges it into each language's
``src/borderflow/locale/<lang>/LC_MESSAGES/borderflow.po``; then prints how
many strings each still lacks.  Translate those (no fuzzy entries) and run the
tests (``tests/test_i18n.py`` checks the catalogue is complete).
"""

from __future__ import annotations

import sys

from borderflow.i18n import LANGUAGES
from borderflow.i18n.catalog import po_path, update


def main(langs: list[str]) -> int:
    for lang in langs or list(LANGUAGES[1:]):
        catalog = update(lang)
        missing = [m.id for m in catalog if m.id and not m.string]
        print(f"{po_path(lang)}: {len(catalog) - 1} strings, {len(missing)} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
