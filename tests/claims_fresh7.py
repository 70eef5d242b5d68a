"""A seventh fresh hand-written set (single claims and short articles), written after
measurement 6 and before the checker was run on it; measured once (ledger:
benchmarks/claims_ledger.md).  ``python -m tests.claims_fresh7`` writes
``tests/data/claims_fresh7.json``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tests.claims_fresh import NAT, SW, count, fy, mo
from tests.claims_oracle import Oracle, verdict

HERE = Path(__file__).resolve().parent / "data"

FRESH7: list[tuple[str, str, str, list[dict[str, Any]]]] = [
    ("news wire", "2022-08-16",
     "U.S. border authorities stopped migrants nearly 200,000 times in July along the "
     "Mexico border. The figure was down slightly from June.",
     [count(SW, mo(2022, 7), "nearly", 200_000, 100_000)]),
    ("local TV", "2022-08-16",
     "Border Patrol's Yuma Sector recorded about 29,000 apprehensions in July, sector "
     "officials said. Many of those crossing were from Cuba and Nicaragua.",
     [count("sector:Yuma", mo(2022, 7), "about", 29_000, 1000, component="USBP")]),
    ("press release", "2024-08-16",
     "U.S. Border Patrol apprehensions between ports of entry along the southwest border "
     "were 56,408 in July.",
     [count(SW, mo(2024, 7), "exact", 56_408, component="USBP")]),
    ("speech", "2023-09-05",
     "“This fiscal year, encounters at our southern border will top 2 million again.” "
     "Fiscal 2022 was 2.38 million.",
     [count(SW, fy(2022), "exact", 2_380_000, 10_000)]),
    ("social post", "2023-01-20",
     "2.76 MILLION encounters nationwide in FY22. Worst year ever.",
     [count(NAT, fy(2022), "exact", 2_760_000, 10_000)]),
    ("news wire", "2025-04-20",
     "Nationwide encounters in March were about 29,000, officials said. That compares with "
     "about 189,000 at the southwest border alone in March 2024.",
     [count(NAT, mo(2025, 3), "about", 29_000, 1000),
      count(SW, mo(2024, 3), "about", 189_000, 1000)]),
    ("news wire", "2021-10-22",
     "Encounters at the southwest border reached 1.73 million in fiscal 2021, the highest "
     "on record.",
     [count(SW, fy(2021), "exact", 1_730_000, 10_000)]),
    ("news wire", "2024-05-18",
     "Encounters of Chinese nationals at the southwest border rose to about 3,800 in April.",
     [count(SW, mo(2024, 4), "about", 3_800, 100, citizenship="CHINA, PEOPLES REPUBLIC OF")]),
    ("local TV", "2023-10-25",
     "About 150,000 family unit members were encountered at the southwest border in "
     "September.",
     [count(SW, mo(2023, 9), "about", 150_000, 10_000, demographic="FMUA")]),
    ("news wire", "2023-03-20",
     "Title 42 expulsions at the southwest border dropped to about 60,000 in February.",
     [count(SW, mo(2023, 2), "about", 60_000, 10_000, authority="Title 42")]),
    ("news wire", "2024-12-20",
     "Southwest border encounters in November were down 61% from a year earlier.",
     [{"form": "change", "place": SW, "months": mo(2024, 11), "qual": "exact", "value": 61.0,
       "unit": 1.0, "direction": "down", "base_months": mo(2023, 11)}]),
    ("news wire", "2023-06-20",
     "Southwest border encounters fell by about a third in May compared with April.",
     [{"form": "change", "place": SW, "months": mo(2023, 5), "qual": "about", "value": 33.0,
       "unit": 5.0, "direction": "down", "base_months": mo(2023, 4)}]),
    ("local TV", "2022-05-20",
     "Southwest border encounters rose in April compared with March.",
     [{"form": "direction", "place": SW, "months": mo(2022, 4), "direction": "up",
       "base_months": mo(2022, 3)}]),
    ("speech", "2023-11-10",
     "“Southwest border encounters have more than quintupled since fiscal 2020: fiscal 2023 "
     "compared with fiscal 2020.”",
     [{"form": "multiple", "place": SW, "months": fy(2023), "qual": "more", "value": 5.0,
       "direction": "up", "base_months": fy(2020)}]),
    ("news wire", "2024-11-10",
     "More than half of southwest border encounters in fiscal 2024 were single adults.",
     [{"form": "share", "place": SW, "months": fy(2024), "qual": "more", "value": 0.5,
       "unit": 0.05, "share_of": "demographic", "demographic": "Single Adults"}]),
    ("local TV", "2023-11-10",
     "San Diego was the busiest Border Patrol sector in fiscal 2023.",
     [{"form": "rank_sector", "place": SW, "months": fy(2023), "name": "San Diego",
       "rank": 1}]),
    ("news wire", "2022-11-10",
     "Venezuelans were the third most common nationality at the southwest border in fiscal "
     "2022.",
     [{"form": "rank_citizenship", "place": SW, "months": fy(2022), "name": "VENEZUELA",
       "rank": 3}]),
    ("news wire", "2022-12-01",
     "More than 1,200 people were being held at the El Paso processing center on Tuesday.",
     [{"form": "custody", "place": SW, "months": mo(2022, 11)}]),
    ("speech", "2024-02-01",
     "“Every single day, 7,000 people cross our southern border.”",
     [{"form": "daily", "place": SW, "months": mo(2024, 1)}]),
    ("social post", "2024-03-01",
     "Over 3 million illegals poured into the country in fiscal 2023 alone.",
     [{"form": "entries", "place": SW, "months": fy(2023), "qual": "more",
       "value": 3_000_000.0, "unit": 1_000_000.0}]),
    ("news wire", "2026-04-20",
     "Border Patrol apprehended about 7,400 people at the southwest border in March.",
     [count(SW, mo(2026, 3), "about", 7_400, 100, component="USBP")]),
    ("local TV", "2026-04-20",
     "Agents in the Rio Grande Valley Sector apprehended about 1,000 migrants in March.",
     [count("sector:Rio Grande Valley", mo(2026, 3), "about", 1_000, 1000,
            component="USBP")]),
    ("news wire", "2025-12-20",
     "California's encounters fell to about 5,000 in November.",
     [count("state:CA", mo(2025, 11), "about", 5_000, 1000)]),
    ("press release", "2023-11-14",
     "In fiscal 2023, OFO encountered 429,831 people at southwest border ports of entry. "
     "Border Patrol encountered 2,045,838 between ports.",
     [count(SW, fy(2023), "exact", 429_831, component="OFO"),
      count(SW, fy(2023), "exact", 2_045_838, component="USBP")]),
    ("news wire", "2021-12-15",
     "The northern border saw about 27,000 encounters in fiscal 2021.",
     [count("northern", fy(2021), "about", 27_000, 1000)]),
]


def main() -> None:
    raw = Path(os.environ.get("BORDERFLOW_DATA_DIR", "/work/shared/data/raw"))
    o = Oracle(raw)
    items = []
    for i, (style, date, text, figures) in enumerate(FRESH7):
        it: dict[str, Any] = {"id": f"p{i:03d}", "style": style, "date": date, "text": text,
                              "form": figures[0]["form"] if len(figures) == 1 else
                              "two figures", "figures": figures}
        it["verdicts"] = verdict(o, it)
        items.append(it)
    doc = {"meta": {"about": "seventh hand-written set, labelled by tests/claims_oracle.py, "
                             "measured once at the end"}, "claims": items}
    (HERE / "claims_fresh7.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False)
                                             + "\n")


if __name__ == "__main__":
    main()
