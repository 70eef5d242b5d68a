"""CBP "Southwest Land Border Encounters" by component (``sbo-encounters-*.csv``).

Southwest only; Border Patrol and Field Operations apart; the five-value
Citizenship Grouping.  One release wrote counts as floats (``9584.0``).
"""

from __future__ import annotations

from pathlib import Path

from borderflow import vocab
from borderflow.sources import _cbp
from borderflow.sources._base import FamilySpec, ParsedRelease

SOURCE_KIND = "cbp_sbo"
NAME_PATTERN = r"sbo-encounters-.*\.csv$"
HEADER = (
    "Fiscal Year", "Month Grouping", "Month (abbv)", "Component", "Demographic",
    "Citizenship Grouping", "Title of Authority", "Encounter Type", "Encounter Count",
)
FAMILIES = (
    FamilySpec(
        family="cbp_sbo", source_kind=SOURCE_KIND,
        title="CBP Southwest Land Border Encounters by component", time_grain="month",
        dims=frozenset({"component", "demographic", "citizenship", "authority",
                        "encounter_type"}),
        fixed={"region": vocab.SOUTHWEST}, priority=30, citizenship_scheme="five",
    ),
)
LAYOUT = _cbp.Layout(
    source_kind=SOURCE_KIND, family="cbp_sbo", header=HEADER,
    columns=(_cbp.COMPONENT, _cbp.DEMOGRAPHIC, _cbp.CITIZENSHIP_GROUP, _cbp.AUTHORITY,
             _cbp.ENCOUNTER_TYPE),
    constants=(("region", vocab.SOUTHWEST),),
)


def read(path: Path, data: bytes) -> ParsedRelease:
    """Read one southwest-by-component release into canonical rows."""
    return _cbp.read_cbp_csv(path, data, LAYOUT)
