"""CBP "Nationwide Encounters" by area of responsibility (``nationwide-encounters-*-aor.csv``).

All of CBP by component, Border Patrol sector or Field Operations field
office, all regions.  The release's quirks (MANIFEST.md section 7) are the
other CBP CSV releases': ``2026 (FYTD)`` as a fiscal year, ``Remaining``
months, months sorted alphabetically within a year; and a field office can
appear under more than one region (its land ports under the southwest border,
its airports under ``Other``), which the region column keeps apart.  The
shared data holds a transcribed extract of the release for Dec 2024 – Jul 2026
(``-aor-extract.csv``), read the same way.
"""

from __future__ import annotations

from pathlib import Path

from borderflow import vocab
from borderflow.sources import _cbp
from borderflow.sources._base import FamilySpec, ParsedRelease

SOURCE_KIND = "cbp_aor"
NAME_PATTERN = r"nationwide-encounters-.*-aor(-extract)?\.csv$"
HEADER = (
    "Fiscal Year", "Month Grouping", "Month (abbv)", "Component", "Land Border Region",
    "Area of Responsibility", "AOR (Abbv)", "Demographic", "Citizenship",
    "Title of Authority", "Encounter Type", "Encounter Count",
)
FAMILIES = (
    FamilySpec(
        family="cbp_aor", source_kind=SOURCE_KIND,
        title="CBP Nationwide Encounters by area of responsibility", time_grain="month",
        dims=frozenset({"region", "component", "area_type", "area", "demographic",
                        "citizenship", "authority", "encounter_type"}),
        priority=10, citizenship_scheme="cbp22",
    ),
)


def split_aor(raw: str) -> tuple[str, str] | None:
    """``Tucson Sector`` -> (sector, Tucson); ``El Paso Field Office`` -> (field_office, El Paso).

    Anything else (for example ``Preclearance``) is unknown: kept with type ``other``.
    """
    text = " ".join(raw.split())
    low = text.lower()
    if low.endswith(" sector"):
        name = text[: -len(" sector")]
        return "sector", vocab.canonical(vocab.SECTOR_ALIASES, name) or name
    if low.endswith(" field office"):
        return "field_office", text[: -len(" field office")]
    return None


LAYOUT = _cbp.Layout(
    source_kind=SOURCE_KIND, family="cbp_aor", header=HEADER,
    columns=(_cbp.COMPONENT, _cbp.REGION, _cbp.DEMOGRAPHIC, _cbp.CITIZENSHIP, _cbp.AUTHORITY,
             _cbp.ENCOUNTER_TYPE),
    area_column="Area of Responsibility", area_split=split_aor,
)


def read(path: Path, data: bytes) -> ParsedRelease:
    """Read one AOR release into canonical rows."""
    return _cbp.read_cbp_csv(path, data, LAYOUT)
