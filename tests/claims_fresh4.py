"""A fourth fresh hand-written set, written after measurement 3 and before any fix it led to.

Same format as :mod:`tests.claims_fresh`; written before the checker was run on it and
measured once, at the end (ledger: benchmarks/claims_ledger.md).
``python -m tests.claims_fresh4`` writes ``tests/data/claims_fresh4.json``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tests.claims_fresh import NAT, SW, count, cy, fy, mo
from tests.claims_oracle import Oracle, verdict

HERE = Path(__file__).resolve().parent / "data"

FRESH4: list[tuple[str, str, str, list[dict[str, Any]]]] = [
    ("news wire", "2022-04-18",
     "Customs and Border Protection said it stopped migrants 221,303 times along the Mexico "
     "border in March.",
     [count(SW, mo(2022, 3), "exact", 221_303)]),
    ("news wire", "2022-04-18",
     "Border Patrol agents stopped migrants about 210,000 times at the southern border in "
     "March.",
     [count(SW, mo(2022, 3), "about", 210_000, 10_000, component="USBP")]),
    ("local TV", "2023-07-20",
     "Laredo Sector agents apprehended about 4,000 migrants in June, the sector said.",
     [count("sector:Laredo", mo(2023, 6), "about", 4_000, 1000, component="USBP")]),
    ("local TV", "2023-07-20",
     "The Big Bend Sector, the quietest on the southwest border, reported fewer than 1,000 "
     "apprehensions in June.",
     [count("sector:Big Bend", mo(2023, 6), "less", 1_000, 1000, component="USBP")]),
    ("press release", "2025-10-20",
     "Nationwide encounters totaled 26,002 in September.",
     [count(NAT, mo(2025, 9), "exact", 26_002)]),
    ("press release", "2025-10-20",
     "Southwest border encounters were 11,647 in September, and 443,671 for fiscal 2025.",
     [count(SW, mo(2025, 9), "exact", 11_647), count(SW, fy(2025), "exact", 443_671)]),
    ("speech", "2022-07-04",
     "“Last year almost two million people were apprehended at the southwest border.”",
     [count(SW, cy(2021), "nearly", 2_000_000, 1_000_000, component="USBP")]),
    ("speech", "2024-10-01",
     "“Under my predecessor, encounters at the southwest border hit 2.9 million in a single "
     "fiscal year.”",
     [count(SW, fy(2023), "exact", 2_900_000, 100_000)]),
    ("social post", "2021-08-15",
     "JULY: 212,672 encounters at the southern border. Highest in 21 years.",
     [count(SW, mo(2021, 7), "exact", 212_672)]),
    ("social post", "2024-12-20",
     "Nov: under 47,000 encounters at the southwest border. Down big.",
     [count(SW, mo(2024, 11), "less", 47_000, 1000)]),
    ("news wire", "2023-03-20",
     "Encounters of Cubans at the southwest border dropped to about 11,000 in February.",
     [count(SW, mo(2023, 2), "about", 11_000, 1000, citizenship="CUBA")]),
    ("news wire", "2022-10-22",
     "CBP encountered about 220,000 Cubans at the southwest border in fiscal 2022, more "
     "than in any prior year.",
     [count(SW, fy(2022), "about", 220_000, 10_000, citizenship="CUBA")]),
    ("news wire", "2024-08-20",
     "Encounters of family members at the southwest border fell below 20,000 in July.",
     [count(SW, mo(2024, 7), "less", 20_000, 10_000, demographic="FMUA")]),
    ("news wire", "2021-10-25",
     "More than 1 million Title 42 expulsions were carried out at the southwest border in "
     "fiscal 2021.",
     [count(SW, fy(2021), "more", 1_000_000, 1_000_000, authority="Title 42")]),
    ("news wire", "2024-03-20",
     "Southwest border encounters rose 2% in February from January.",
     [{"form": "change", "place": SW, "months": mo(2024, 2), "qual": "exact", "value": 2.0,
       "unit": 1.0, "direction": "up", "base_months": mo(2024, 1)}]),
    ("news wire", "2025-02-20",
     "Southwest border encounters in January fell 42% from a year earlier.",
     [{"form": "change", "place": SW, "months": mo(2025, 1), "qual": "exact", "value": 42.0,
       "unit": 1.0, "direction": "down", "base_months": mo(2024, 1)}]),
    ("local TV", "2022-01-20",
     "Border encounters went down in December compared with November.",
     [{"form": "direction", "place": SW, "months": mo(2021, 12), "direction": "down",
       "base_months": mo(2021, 11)}]),
    ("speech", "2020-11-10",
     "“Southwest border encounters were cut in half in fiscal 2020 compared with fiscal "
     "2019.”",
     [{"form": "multiple", "place": SW, "months": fy(2020), "qual": "about", "value": 2.0,
       "direction": "down", "base_months": fy(2019)}]),
    ("news wire", "2022-11-05",
     "About one in ten southwest border encounters in fiscal 2022 were unaccompanied "
     "children.",
     [{"form": "share", "place": SW, "months": fy(2022), "qual": "about", "value": 0.1,
       "unit": 0.05, "share_of": "demographic", "demographic": "UAC"}]),
    ("local TV", "2020-11-15",
     "Tucson was the second-busiest Border Patrol sector in fiscal 2020.",
     [{"form": "rank_sector", "place": SW, "months": fy(2020), "name": "Tucson",
       "rank": 2}]),
    ("news wire", "2021-11-15",
     "Hondurans were the second most common nationality encountered at the southwest border "
     "in fiscal 2021.",
     [{"form": "rank_citizenship", "place": SW, "months": fy(2021), "name": "HONDURAS",
       "rank": 2}]),
    ("news wire", "2023-05-12",
     "About 25,000 migrants were in Border Patrol custody on Thursday, a senior official "
     "said.",
     [{"form": "custody", "place": SW, "months": mo(2023, 4)}]),
    ("speech", "2024-05-01",
     "“More than 200 people a day are being released into our communities.”",
     [{"form": "daily", "place": SW, "months": mo(2024, 4)}]),
    ("news wire", "2023-01-05",
     "At least 171 migrants drowned or died of heat along the border in the El Paso area last "
     "year.",
     [{"form": "deaths", "place": SW, "months": mo(2022, 12)}]),
    ("social post", "2023-11-01",
     "2.5 million people walked into our country illegally in fiscal 2023!",
     [{"form": "entries", "place": SW, "months": fy(2023), "qual": "exact",
       "value": 2_500_000.0, "unit": 100_000.0}]),
    ("news wire", "2026-07-20",
     "Border Patrol agents nationwide apprehended about 10,500 people in June.",
     [count(NAT, mo(2026, 6), "about", 10_500, 100, component="USBP")]),
    ("local TV", "2026-02-18",
     "The El Paso Field Office reported roughly 550 inadmissibles in January.",
     [count("office:El Paso", mo(2026, 1), "about", 550, 10, component="OFO")]),
    ("news wire", "2024-12-15",
     "Arizona's migrant encounters fell to about 14,000 in November.",
     [count("state:AZ", mo(2024, 11), "about", 14_000, 1000)]),
    ("news wire", "2024-11-20",
     "Northern border encounters reached about 199,000 in fiscal 2024, a record.",
     [count("northern", fy(2024), "about", 199_000, 1000)]),
    ("press release", "2019-11-15",
     "In FY2019, Border Patrol apprehended 851,508 people along the southwest border and "
     "OFO encountered 126,001 inadmissibles at southwest ports of entry.",
     [count(SW, fy(2019), "exact", 851_508, component="USBP"),
      count(SW, fy(2019), "exact", 126_001, component="OFO")]),
]


def main() -> None:
    raw = Path(os.environ.get("BORDERFLOW_DATA_DIR", "/work/shared/data/raw"))
    o = Oracle(raw)
    items = []
    for i, (style, date, text, figures) in enumerate(FRESH4):
        it: dict[str, Any] = {"id": f"k{i:03d}", "style": style, "date": date, "text": text,
                              "form": figures[0]["form"] if len(figures) == 1 else
                              "two figures", "figures": figures}
        it["verdicts"] = verdict(o, it)
        items.append(it)
    doc = {"meta": {"about": "fourth hand-written set, labelled by tests/claims_oracle.py, "
                             "measured once at the end"}, "claims": items}
    (HERE / "claims_fresh4.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False)
                                             + "\n")


if __name__ == "__main__":
    main()
