"""A tenth fresh hand-written set, written after the last change to the checker (issue 12,
after fresh set 9 became a development set) and measured once on the final code (ledger:
benchmarks/claims_ledger.md).  ``python -m tests.claims_fresh10`` writes
``tests/data/claims_fresh10.json``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tests.claims_fresh import NAT, SW, count, cy, fy, mo
from tests.claims_oracle import Oracle, verdict

HERE = Path(__file__).resolve().parent / "data"

FRESH10: list[tuple[str, str, str, list[dict[str, Any]]]] = [
    ("news wire", "2024-04-17",
     "Migrant encounters at the U.S.-Mexico border rose slightly in March to about 189,000, "
     "federal data showed.",
     [count(SW, mo(2024, 3), "about", 189_000, 1000)]),
    ("news wire", "2022-09-20",
     "Border Patrol agents made roughly 181,000 apprehensions at the southwest border in "
     "August.",
     [count(SW, mo(2022, 8), "about", 181_000, 1000, component="USBP")]),
    ("speech", "2024-09-10",
     "“Last month, fewer than 60,000 encounters at the southern border, the lowest in "
     "years.”",
     [count(SW, mo(2024, 8), "less", 60_000, 10_000)]),
    ("speech", "2023-06-01",
     "“In April alone, our officers and agents encountered more than 211,000 migrants at "
     "the southwest border.”",
     [count(SW, mo(2023, 4), "more", 211_000, 1000)]),
    ("social post", "2025-09-18",
     "Aug numbers are in: 6,300 BP apprehensions on the southern border. Lowest Aug in "
     "forever 🇺🇸🔥",
     [count(SW, mo(2025, 8), "exact", 6_300, 100, component="USBP")]),
    ("social post", "2023-11-16",
     "3.2M encounters nationwide in FY23 and they want us to believe the border is secure "
     "#wakeup",
     [count(NAT, fy(2023), "exact", 3_200_000, 100_000)]),
    ("press release", "2024-01-25",
     "Rep. Torres (D-Calif.): “California's ports and border saw about 450,000 encounters "
     "in fiscal year 2023.”",
     [count("state:CA", fy(2023), "about", 450_000, 10_000)]),
    ("press release", "2022-11-18",
     "Senator Lane (R-Texas) said Texas recorded 1.4 million migrant encounters in fiscal "
     "year 2022, more than any other state.",
     [count("state:TX", fy(2022), "exact", 1_400_000, 100_000)]),
    ("translated report", "2024-06-20",
     "In May, the Border Patrol detained about 118,000 people at the border with Mexico, "
     "while some 52,800 were stopped at the ports of entry.",
     [count(SW, mo(2024, 5), "about", 118_000, 1000, component="USBP"),
      count(SW, mo(2024, 5), "about", 52_800, 100, component="OFO")]),
    ("translated report", "2023-11-08",
     "Of the nearly 2.5 million migrants intercepted at the border with Mexico in fiscal "
     "year 2023, about 717,000 were Mexicans.",
     [count(SW, fy(2023), "nearly", 2_500_000, 100_000),
      count(SW, fy(2023), "about", 717_000, 1000, citizenship="MEXICO")]),
    ("editorial", "2025-02-10",
     "Southwest border encounters fell from 301,981 in December 2023 to 96,000 in December "
     "2024, and nationwide encounters from 370,883 to 124,482.",
     [count(SW, mo(2023, 12), "exact", 301_981), count(SW, mo(2024, 12), "exact", 96_000,
                                                       1000),
      count(NAT, mo(2023, 12), "exact", 370_883), count(NAT, mo(2024, 12), "exact",
                                                        124_482)]),
    ("headline", "2023-07-17",
     "Border Encounters Plunge To 144,000 In June After Title 42 Ends",
     [count(SW, mo(2023, 6), "exact", 144_000, 1000)]),
    ("headline", "2024-10-23",
     "Migrant encounters at southern border top 2.1 million in fiscal 2024",
     [count(SW, fy(2024), "more", 2_100_000, 100_000)]),
    ("news wire", "2023-01-25",
     "In 2022, nationwide encounters reached about 2.77 million.",
     [count(NAT, cy(2022), "about", 2_770_000, 10_000)]),
    ("local TV", "2024-12-18",
     "New Mexico recorded roughly 121,500 migrant encounters in fiscal 2024.",
     [count("state:NM", fy(2024), "about", 121_500, 100)]),
    ("local TV", "2025-01-21",
     "The Laredo Field Office reported about 21,000 inadmissibles in December.",
     [count("office:Laredo", mo(2024, 12), "about", 21_000, 1000, component="OFO")]),
    ("news wire", "2023-12-20",
     "Unaccompanied children accounted for more than 10% of southwest border encounters in "
     "fiscal 2023.",
     [{"form": "share", "place": SW, "months": fy(2023), "qual": "more", "value": 0.1,
       "unit": 0.01, "share_of": "demographic", "demographic": "UAC"}]),
    ("news wire", "2021-11-20",
     "Title 42 expulsions at the southwest border exceeded one million in fiscal 2021.",
     [count(SW, fy(2021), "more", 1_000_000, 1_000_000, authority="Title 42")]),
    ("speech", "2023-10-01",
     "“There were more than 600,000 known gotaways last fiscal year.”",
     [{"form": "gotaways", "place": SW, "months": fy(2023)}]),
    ("news wire", "2023-09-28",
     "About 8,000 migrants a day were crossing the southern border this week, officials "
     "said.",
     [{"form": "daily", "place": SW, "months": mo(2023, 9)}]),
    ("news wire", "2023-11-20",
     "El Paso was the second busiest Border Patrol sector in fiscal 2023.",
     [{"form": "rank_sector", "place": SW, "months": fy(2023), "name": "El Paso",
       "rank": 2}]),
    ("news wire", "2024-01-20",
     "Encounters at the southwest border fell in December compared with November.",
     [{"form": "direction", "place": SW, "months": mo(2023, 12), "direction": "down",
       "base_months": mo(2023, 11)}]),
    ("news wire", "2025-11-20",
     "Southwest border encounters plunged nearly 80% in fiscal 2025 from fiscal 2024.",
     [{"form": "change", "place": SW, "months": fy(2025), "qual": "nearly", "value": 80.0,
       "unit": 10.0, "direction": "down", "base_months": fy(2024)}]),
    ("social post", "2024-02-05",
     "Over 9 million illegals have entered the country under Biden. Facts.",
     [{"form": "entries", "place": SW, "months": [m for y in (2021, 2022, 2023)
                                                  for m in cy(y)],
       "qual": "more", "value": 9_000_000.0, "unit": 1_000_000.0}]),
    ("news wire", "2024-07-20",
     "Border Patrol apprehensions at the southwest border fell to 83,532 in June, down from "
     "117,905 in May.",
     [count(SW, mo(2024, 6), "exact", 83_532, component="USBP"),
      count(SW, mo(2024, 5), "exact", 117_905, component="USBP")]),
    ("press release", "2026-08-20",
     "CBP said Border Patrol apprehended about 9,900 people at the southwest border in June.",
     [count(SW, mo(2026, 6), "about", 9_900, 100, component="USBP")]),
]


def main() -> None:
    raw = Path(os.environ.get("BORDERFLOW_DATA_DIR", "/work/shared/data/raw"))
    o = Oracle(raw)
    items = []
    for i, (style, date, text, figures) in enumerate(FRESH10):
        it: dict[str, Any] = {"id": f"t{i:03d}", "style": style, "date": date, "text": text,
                              "form": figures[0]["form"] if len(figures) == 1 else
                              "two figures", "figures": figures}
        it["verdicts"] = verdict(o, it)
        items.append(it)
    doc = {"meta": {"about": "tenth hand-written set, written after the last checker change, "
                             "labelled by tests/claims_oracle.py, measured once"},
           "claims": items}
    (HERE / "claims_fresh10.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False)
                                              + "\n")


if __name__ == "__main__":
    main()
