"""An eighth fresh hand-written set, written after the last change to the checker and
measured once on the final code (ledger: benchmarks/claims_ledger.md).
``python -m tests.claims_fresh8`` writes ``tests/data/claims_fresh8.json``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tests.claims_fresh import NAT, SW, count, cy, fy, mo
from tests.claims_oracle import Oracle, verdict

HERE = Path(__file__).resolve().parent / "data"

FRESH8: list[tuple[str, str, str, list[dict[str, Any]]]] = [
    ("news wire", "2022-06-20",
     "U.S. officials encountered migrants 239,416 times at the southwest border in May, the "
     "highest monthly tally on record at the time.",
     [count(SW, mo(2022, 5), "exact", 239_416)]),
    ("news wire", "2022-06-20",
     "Border Patrol agents apprehended roughly 222,000 migrants between ports of entry on the "
     "southern border in May.",
     [count(SW, mo(2022, 5), "about", 222_000, 1000, component="USBP")]),
    ("local TV", "2024-03-20",
     "In the Rio Grande Valley Sector, agents made about 7,000 apprehensions in February.",
     [count("sector:Rio Grande Valley", mo(2024, 2), "about", 7_000, 1000,
            component="USBP")]),
    ("local TV", "2024-03-20",
     "Agents in the El Paso Sector apprehended more than 20,000 migrants in February.",
     [count("sector:El Paso", mo(2024, 2), "more", 20_000, 10_000, component="USBP")]),
    ("press release", "2021-08-12",
     "CBP encountered 212,672 persons attempting entry along the southwest border in July.",
     [count(SW, mo(2021, 7), "exact", 212_672)]),
    ("press release", "2023-11-14",
     "Nationwide, CBP recorded 3.2 million encounters in fiscal year 2023.",
     [count(NAT, fy(2023), "exact", 3_200_000, 100_000)]),
    ("speech", "2023-03-10",
     "“Last year alone, Border Patrol apprehended more than 2.2 million people at the "
     "southern border.”",
     [count(SW, cy(2022), "more", 2_200_000, 100_000, component="USBP")]),
    ("speech", "2025-09-01",
     "“Last month, Border Patrol apprehended fewer than 7,000 people at the southern "
     "border.”",
     [count(SW, mo(2025, 8), "less", 7_000, 1000, component="USBP")]),
    ("social post", "2023-10-25",
     "FY2023: 2,475,669 encounters at the southwest border. FY2022: 2,378,944.",
     [count(SW, fy(2023), "exact", 2_475_669), count(SW, fy(2022), "exact", 2_378_944)]),
    ("social post", "2024-01-20",
     "Over 300,000 encounters at the southern border in December. Never been worse.",
     [count(SW, mo(2023, 12), "more", 300_000, 100_000)]),
    ("news wire", "2024-10-25",
     "Encounters with Mexican nationals at the southwest border totaled about 700,000 in "
     "fiscal 2024.",
     [count(SW, fy(2024), "about", 700_000, 100_000, citizenship="MEXICO")]),
    ("news wire", "2023-08-20",
     "Encounters of family unit members at the southwest border jumped to about 91,000 in "
     "July.",
     [count(SW, mo(2023, 7), "about", 91_000, 1000, demographic="FMUA")]),
    ("news wire", "2022-05-01",
     "Since March 2020, more than 1.7 million expulsions have been carried out at the "
     "southwest border under Title 42.",
     [count(SW, [m for y in (2020, 2021, 2022) for m in cy(y)][2:27], "more", 1_700_000,
            100_000, authority="Title 42")]),
    ("news wire", "2023-01-20",
     "Southwest border encounters fell 6% in December from November.",
     [{"form": "change", "place": SW, "months": mo(2022, 12), "qual": "exact", "value": 6.0,
       "unit": 1.0, "direction": "down", "base_months": mo(2022, 11)}]),
    ("news wire", "2025-08-20",
     "Southwest border encounters in July were down more than 90% from July 2024.",
     [{"form": "change", "place": SW, "months": mo(2025, 7), "qual": "more", "value": 90.0,
       "unit": 10.0, "direction": "down", "base_months": mo(2024, 7)}]),
    ("local TV", "2023-04-20",
     "Encounters at the southwest border rose in March compared with February.",
     [{"form": "direction", "place": SW, "months": mo(2023, 3), "direction": "up",
       "base_months": mo(2023, 2)}]),
    ("news wire", "2025-10-25",
     "Southwest border encounters fell by more than three-quarters in fiscal 2025 compared "
     "with fiscal 2024.",
     [{"form": "change", "place": SW, "months": fy(2025), "qual": "more", "value": 75.0,
       "unit": 5.0, "direction": "down", "base_months": fy(2024)}]),
    ("news wire", "2021-11-10",
     "About a third of southwest border encounters in fiscal 2021 were Mexicans.",
     [{"form": "share", "place": SW, "months": fy(2021), "qual": "about", "value": 1 / 3,
       "unit": 0.05, "share_of": "citizenship", "citizenship": "MEXICO"}]),
    ("local TV", "2024-11-10",
     "San Diego was the second-busiest Border Patrol sector in fiscal 2024.",
     [{"form": "rank_sector", "place": SW, "months": fy(2024), "name": "San Diego",
       "rank": 2}]),
    ("news wire", "2021-11-10",
     "Guatemalans were the third most common nationality at the southwest border in fiscal "
     "2021.",
     [{"form": "rank_citizenship", "place": SW, "months": fy(2021), "name": "GUATEMALA",
       "rank": 3}]),
    ("local TV", "2023-12-15",
     "Roughly 3,500 migrants are being held in custody in the Del Rio area.",
     [{"form": "custody", "place": SW, "months": mo(2023, 11)}]),
    ("speech", "2022-09-15",
     "“We are seeing 8,000 people a day coming across the southern border.”",
     [{"form": "daily", "place": SW, "months": mo(2022, 9)}]),
    ("news wire", "2026-07-20",
     "The Tucson Sector recorded about 1,400 apprehensions in June.",
     [count("sector:Tucson", mo(2026, 6), "about", 1_400, 100, component="USBP")]),
    ("news wire", "2024-12-20",
     "Arizona saw roughly 14,000 migrant encounters in November, down sharply from a year "
     "earlier.",
     [count("state:AZ", mo(2024, 11), "about", 14_000, 1000)]),
    ("press release", "2024-11-20",
     "In FY2024, the Office of Field Operations encountered 604,482 people at southwest "
     "border ports of entry, and Border Patrol apprehended 1,530,523 between ports.",
     [count(SW, fy(2024), "exact", 604_482, component="OFO"),
      count(SW, fy(2024), "exact", 1_530_523, component="USBP")]),
]


def main() -> None:
    raw = Path(os.environ.get("BORDERFLOW_DATA_DIR", "/work/shared/data/raw"))
    o = Oracle(raw)
    items = []
    for i, (style, date, text, figures) in enumerate(FRESH8):
        it: dict[str, Any] = {"id": f"q{i:03d}", "style": style, "date": date, "text": text,
                              "form": figures[0]["form"] if len(figures) == 1 else
                              "two figures", "figures": figures}
        it["verdicts"] = verdict(o, it)
        items.append(it)
    doc = {"meta": {"about": "eighth hand-written set, labelled by tests/claims_oracle.py, "
                             "measured once on the final checker"}, "claims": items}
    (HERE / "claims_fresh8.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False)
                                             + "\n")


if __name__ == "__main__":
    main()
