"""Writers of small release files in the official layouts, for tests.

The texts are generated here; nothing is copied from the official files.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from borderflow.sources import cbp_aor, cbp_sbo, cbp_state

STATE_HEADER = cbp_state.HEADER
SBO_HEADER = cbp_sbo.HEADER
AOR_HEADER = cbp_aor.HEADER


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]], newline: str = "\r\n") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    path.write_text(csv_text(header, rows), encoding="utf-8", newline="")
    return path


def state_rows(fy: int = 2024, months: Sequence[str] = ("OCT", "NOV"), fytd: bool = True,
               scale: int = 1) -> list[list[object]]:
    """A handful of state-file rows: two regions, three states, two citizenships."""
    label = f"{fy} (FYTD)" if fytd else str(fy)
    rows: list[list[object]] = []
    for i, month in enumerate(months):
        rows += [
            [label, "FYTD", month, "Southwest Land Border", "TX", "Single Adults", "MEXICO",
             "Title 8", (100 + i) * scale],
            [label, "FYTD", month, "Southwest Land Border", "AZ", "FMUA", "GUATEMALA",
             "Title 8", (40 + i) * scale],
            [label, "FYTD", month, "Southwest Land Border", "TX", "UC / Single Minors",
             "HONDURAS", "Title 8", (7 + i) * scale],
            [label, "FYTD", month, "Northern Land Border", "NY", "Single Adults", "CANADA",
             "Title 8", (20 + i) * scale],
            [label, "FYTD", month, "Other", "FL", "Single Adults", "CUBA", "Title 8",
             (3 + i) * scale],
        ]
    return rows


def aor_rows() -> list[list[object]]:
    """AOR-file rows: Border Patrol sectors and Field Operations field offices."""
    return [
        ["2023", "FYTD", "AUG", "U.S. Border Patrol", "Southwest Land Border", "Tucson Sector",
         "TCA", "Single Adults", "MEXICO", "Title 8", "Apprehensions", 500],
        ["2023", "FYTD", "AUG", "U.S. Border Patrol", "Southwest Land Border",
         "Rio Grande Valley Sector", "RGV", "FMUA", "HONDURAS", "Title 8", "Apprehensions", 450],
        ["2023", "FYTD", "AUG", "U.S. Border Patrol", "Southwest Land Border", "El Paso Sector",
         "EPT", "Single Adults", "VENEZUELA", "Title 8", "Apprehensions", 300],
        ["2023", "FYTD", "AUG", "Office of Field Operations", "Southwest Land Border",
         "El Paso Field Office", "ELP", "Single Adults", "MEXICO", "Title 8", "Inadmissibles",
         120],
        ["2023", "FYTD", "AUG", "Office of Field Operations", "Other", "Miami Field Office",
         "MIA", "Single Adults", "CUBA", "Title 8", "Inadmissibles", 80],
        ["2023", "FYTD", "AUG", "U.S. Border Patrol", "Northern Land Border", "Swanton Sector",
         "SWB", "Single Adults", "CANADA", "Title 8", "Apprehensions", 60],
        ["2023", "FYTD", "JUL", "U.S. Border Patrol", "Southwest Land Border", "Tucson Sector",
         "TCA", "Single Adults", "MEXICO", "Title 8", "Apprehensions", 400],
        ["2023", "FYTD", "JUL", "Office of Field Operations", "Northern Land Border",
         "Preclearance", "PRE", "Single Adults", "OTHER", "Title 8", "Inadmissibles", 5],
    ]
