"""A sixth fresh hand-written set: short articles with several sentences, some without claims.

Written after measurement 5 and before the checker was run on it; measured once
(ledger: benchmarks/claims_ledger.md).  ``python -m tests.claims_fresh6`` writes
``tests/data/claims_fresh6.json``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tests.claims_fresh import NAT, SW, count, cy, fy, mo
from tests.claims_oracle import Oracle, verdict

HERE = Path(__file__).resolve().parent / "data"

FRESH6: list[tuple[str, str, str, list[dict[str, Any]]]] = [
    ("news wire", "2024-02-14",
     "SAN DIEGO (Reuters) - Migrant arrivals slowed last month. U.S. authorities recorded "
     "176,205 encounters at the southwest border in January, down from December. The mayor "
     "said the city's shelters had 300 open beds.",
     [count(SW, mo(2024, 1), "exact", 176_205)]),
    ("news wire", "2024-02-14",
     "Officials pointed to Mexican enforcement. Border Patrol agents apprehended about 124,000 "
     "people between ports of entry in January. A spokesman declined to comment further.",
     [count(SW, mo(2024, 1), "about", 124_000, 1000, component="USBP")]),
    ("local TV", "2023-09-25",
     "The city opened a second shelter on Saturday. El Paso Sector agents apprehended more "
     "than 38,000 migrants in September so far, the sector chief said. Volunteers are asking "
     "for donations of blankets.",
     [count("sector:El Paso", mo(2023, 9), "more", 38_000, 1000, component="USBP")]),
    ("press release", "2022-12-15",
     "WASHINGTON - CBP released its monthly update today. Southwest border encounters in "
     "November were 235,173. Of those, 206,239 were Border Patrol encounters between ports of "
     "entry.",
     [count(SW, mo(2022, 11), "exact", 235_173),
      count(SW, mo(2022, 11), "exact", 206_239, component="USBP")]),
    ("speech", "2024-08-20",
     "Thank you all for coming. Last year, we saw 2.5 million encounters at the southern "
     "border. That is more than the population of Houston.",
     [count(SW, cy(2023), "exact", 2_500_000, 100_000)]),
    ("speech", "2022-08-01",
     "We need more judges. In fiscal 2021, there were 1.66 million Border Patrol encounters "
     "at the southwest border. We need more agents too.",
     [count(SW, fy(2021), "exact", 1_660_000, 10_000, component="USBP")]),
    ("social post", "2025-03-16",
     "Promises made, promises kept. February: 11,709 southwest border encounters. The "
     "lowest month EVER recorded. 🇺🇸",
     [count(SW, mo(2025, 2), "exact", 11_709)]),
    ("news wire", "2021-04-10",
     "Encounters at the southwest border jumped to 173,277 in March, the highest monthly "
     "total in 15 years. Nearly 19,000 of them were unaccompanied children.",
     [count(SW, mo(2021, 3), "exact", 173_277),
      count(SW, mo(2021, 3), "nearly", 19_000, 1000, demographic="UAC")]),
    ("news wire", "2023-06-20",
     "Crossings fell after Title 42 ended on May 11. Southwest border encounters dropped "
     "to about 100,000 in June.",
     [count(SW, mo(2023, 6), "about", 100_000, 100_000)]),
    ("local TV", "2025-09-20",
     "Tucson Sector agents apprehended fewer than 3,000 migrants in August. The sector once "
     "saw tens of thousands a month.",
     [count("sector:Tucson", mo(2025, 8), "less", 3_000, 1000, component="USBP")]),
    ("news wire", "2023-11-20",
     "The number of Venezuelans encountered at the southwest border rose to 266,071 in "
     "fiscal 2023. Mexicans remained the largest group.",
     [count(SW, fy(2023), "exact", 266_071, citizenship="VENEZUELA")]),
    ("news wire", "2025-11-20",
     "In fiscal 2025, nationwide encounters fell to 691,906, down from 2.9 million in fiscal "
     "2024.",
     [count(NAT, fy(2025), "exact", 691_906),
      count(NAT, fy(2024), "exact", 2_900_000, 100_000)]),
    ("news wire", "2022-02-20",
     "Southwest border encounters fell 14% in January from December, officials said. It was "
     "the first drop in months.",
     [{"form": "change", "place": SW, "months": mo(2022, 1), "qual": "exact", "value": 14.0,
       "unit": 1.0, "direction": "down", "base_months": mo(2021, 12)}]),
    ("local TV", "2024-01-20",
     "Border encounters rose in December compared with November. Shelters filled up fast.",
     [{"form": "direction", "place": SW, "months": mo(2023, 12), "direction": "up",
       "base_months": mo(2023, 11)}]),
    ("news wire", "2021-11-05",
     "Del Rio was the busiest Border Patrol sector in fiscal 2021. Thousands of Haitians "
     "camped under the bridge in September.",
     [{"form": "rank_sector", "place": SW, "months": fy(2021), "name": "Del Rio",
       "rank": 1}]),
    ("news wire", "2023-11-20",
     "About 40% of southwest border encounters in fiscal 2023 were Mexicans, officials said.",
     [{"form": "share", "place": SW, "months": fy(2023), "qual": "about", "value": 0.4,
       "unit": 0.01, "share_of": "citizenship", "citizenship": "MEXICO"}]),
    ("speech", "2023-05-15",
     "As of today, more than 20,000 migrants are in CBP custody. That is unacceptable.",
     [{"form": "custody", "place": SW, "months": mo(2023, 4)}]),
    ("news wire", "2023-12-20",
     "Agents in the Tucson Sector are apprehending about 2,000 people a day. The sector "
     "closed a port crossing to redeploy officers.",
     [{"form": "daily", "place": SW, "months": mo(2023, 12)}]),
    ("social post", "2024-09-01",
     "Under Biden, 10 million illegal aliens flooded into our country.",
     [{"form": "entries", "place": SW, "months": [m for y in (2021, 2022, 2023)
                                                  for m in cy(y)] + cy(2024)[:7],
       "qual": "exact", "value": 10_000_000.0, "unit": 1_000_000.0}]),
    ("news wire", "2026-08-20",
     "Border Patrol apprehensions nationwide were 11,298 in July. Officials credited new "
     "enforcement measures.",
     [count(NAT, mo(2026, 7), "exact", 11_298, component="USBP")]),
    ("news wire", "2024-11-20",
     "Encounters in Texas fell to about 990,000 in fiscal 2024. Arizona had about 560,000.",
     [count("state:TX", fy(2024), "about", 990_000, 10_000),
      count("state:AZ", fy(2024), "about", 560_000, 10_000)]),
    ("press release", "2024-11-15",
     "OFO encountered 604,482 inadmissible noncitizens at southwest border ports of entry in "
     "fiscal 2024.",
     [count(SW, fy(2024), "exact", 604_482, component="OFO")]),
    ("news wire", "2022-10-25",
     "Title 42 expulsions accounted for about 1.1 million southwest border encounters in "
     "fiscal 2022.",
     [count(SW, fy(2022), "about", 1_100_000, 100_000, authority="Title 42")]),
    ("news wire", "2020-12-20",
     "The northern border saw 27,000 encounters in fiscal 2020.",
     [count("northern", fy(2020), "exact", 27_000, 1000)]),
    ("local TV", "2026-03-20",
     "Officers at the Tucson Field Office recorded about 400 inadmissibles in February.",
     [count("office:Tucson", mo(2026, 2), "about", 400, 100, component="OFO")]),
]


def main() -> None:
    raw = Path(os.environ.get("BORDERFLOW_DATA_DIR", "/work/shared/data/raw"))
    o = Oracle(raw)
    items = []
    for i, (style, date, text, figures) in enumerate(FRESH6):
        it: dict[str, Any] = {"id": f"n{i:03d}", "style": style, "date": date, "text": text,
                              "form": figures[0]["form"] if len(figures) == 1 else
                              "two figures", "figures": figures}
        it["verdicts"] = verdict(o, it)
        items.append(it)
    doc = {"meta": {"about": "sixth hand-written set (short articles), labelled by "
                             "tests/claims_oracle.py, measured once at the end"},
           "claims": items}
    (HERE / "claims_fresh6.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False)
                                             + "\n")


if __name__ == "__main__":
    main()
