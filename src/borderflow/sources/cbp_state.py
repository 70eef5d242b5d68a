"""CBP "Nationwide Encounters" by state (``nationwide-encounters-*-state.csv``).

All regions, both components summed together (the file has no Component
column), 22 citizenships plus ``OTHER``.
"""

from __future__ import annotations

from pathlib import Path

from borderflow.sources import _cbp
from borderflow.sources._base import FamilySpec, ParsedRelease

SOURCE_KIND = "cbp_state"
NAME_PATTERN = r"nationwide-encounters-.*-state\.csv$"
HEADER = (
    "Fiscal Year", "Month Grouping", "Month (abbv)", "Land Border Region", "State",
    "Demographic", "Citizenship", "Title of Authority", "Encounter Count",
)
FAMILIES = (
    FamilySpec(
        family="cbp_state", source_kind=SOURCE_KIND,
        title="CBP Nationwide Encounters by state (USBP + OFO)", time_grain="month",
        dims=frozenset({"region", "area_type", "area", "demographic", "citizenship",
                        "authority"}),
        priority=20, citizenship_scheme="cbp22",
    ),
)
LAYOUT = _cbp.Layout(
    source_kind=SOURCE_KIND, family="cbp_state", header=HEADER,
    columns=(_cbp.REGION, _cbp.DEMOGRAPHIC, _cbp.CITIZENSHIP, _cbp.AUTHORITY),
    area_column="State", area_split=_cbp.split_state,
)


def read(path: Path, data: bytes) -> ParsedRelease:
    """Read one state release into canonical rows (area_type ``state``)."""
    return _cbp.read_cbp_csv(path, data, LAYOUT)
