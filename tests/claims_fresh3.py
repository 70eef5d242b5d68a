"""A third fresh hand-written set, written after measurement 2 and before any fix it led to.

Same format as :mod:`tests.claims_fresh`; written before the checker was run on it and
measured once, at the end (ledger: benchmarks/claims_ledger.md).
``python -m tests.claims_fresh3`` writes ``tests/data/claims_fresh3.json``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tests.claims_fresh import NAT, SW, count, cy, fy, mo
from tests.claims_oracle import Oracle, verdict

HERE = Path(__file__).resolve().parent / "data"

FRESH3: list[tuple[str, str, str, list[dict[str, Any]]]] = [
    ("news wire", "2023-01-14",
     "Encounters at the U.S.-Mexico border eased to about 251,000 in December, still near "
     "record levels.",
     [count(SW, mo(2022, 12), "about", 251_000, 1000)]),
    ("news wire", "2023-01-14",
     "The Border Patrol reported about 221,000 apprehensions on the southern border in "
     "December.",
     [count(SW, mo(2022, 12), "about", 221_000, 1000, component="USBP")]),
    ("local TV", "2022-09-20",
     "Border Patrol's El Paso Sector logged nearly 54,000 encounters in August.",
     [count("sector:El Paso", mo(2022, 8), "nearly", 54_000, 1000, component="USBP")]),
    ("local TV", "2024-01-20",
     "In the Tucson Sector, agents apprehended more than 80,000 people in December alone.",
     [count("sector:Tucson", mo(2023, 12), "more", 80_000, 10_000, component="USBP")]),
    ("local TV", "2024-01-20",
     "In the San Diego Sector, apprehensions reached 26,000 in December.",
     [count("sector:San Diego", mo(2023, 12), "exact", 26_000, 1000, component="USBP")]),
    ("press release", "2023-11-09",
     "In FY23, CBP encountered 3,201,144 people nationwide.",
     [count(NAT, fy(2023), "exact", 3_201_144)]),
    ("press release", "2023-11-09",
     "CBP encountered 2,045,838 people at the southwest border in FY23.",
     [count(SW, fy(2023), "exact", 2_045_838)]),
    ("speech", "2024-04-10",
     "“In December alone, nearly 302,000 migrants were encountered at our southern border.”",
     [count(SW, mo(2023, 12), "nearly", 302_000, 1000)]),
    ("speech", "2021-12-01",
     "“Nearly 1.7 million encounters at the southwest border in fiscal 2021 — a record.”",
     [count(SW, fy(2021), "nearly", 1_700_000, 100_000)]),
    ("social post", "2025-08-18",
     "July: 4,600 Border Patrol apprehensions at the southwest border. The lowest month in "
     "history.",
     [count(SW, mo(2025, 7), "exact", 4_600, 100, component="USBP")]),
    ("social post", "2022-10-30",
     "Southwest border encounters were 2.38 million in FY22, more than in any year on "
     "record.",
     [count(SW, fy(2022), "exact", 2_380_000, 10_000)]),
    ("news wire", "2024-07-17",
     "Encounters at the southwest border fell to about 130,000 in June, the lowest since "
     "January 2021.",
     [count(SW, mo(2024, 6), "about", 130_000, 10_000)]),
    ("news wire", "2024-07-17",
     "Border Patrol apprehensions between ports of entry dropped below 84,000 in June.",
     [count(SW, mo(2024, 6), "less", 84_000, 1000, component="USBP")]),
    ("news wire", "2022-02-20",
     "U.S. border agents encountered 154,874 migrants at the southern border in January, "
     "including repeat crossers.",
     [count(SW, mo(2022, 1), "exact", 154_874, component="USBP")]),
    ("news wire", "2022-02-20",
     "CBP encountered 154,874 migrants at the southern border in January.",
     [count(SW, mo(2022, 1), "exact", 154_874)]),
    ("press release", "2024-03-15",
     "Nationwide encounters in February totaled 256,000, CBP said.",
     [count(NAT, mo(2024, 2), "exact", 256_000, 1000)]),
    ("news wire", "2023-11-14",
     "Migrants from Venezuela were encountered more than 266,000 times at the southwest "
     "border in fiscal year 2023.",
     [count(SW, fy(2023), "more", 266_000, 1000, citizenship="VENEZUELA")]),
    ("news wire", "2023-11-14",
     "Encounters of Guatemalan citizens at the southwest border topped 220,000 in fiscal "
     "2023.",
     [count(SW, fy(2023), "more", 220_000, 10_000, citizenship="GUATEMALA")]),
    ("local TV", "2023-11-14",
     "About 130,000 unaccompanied minors were encountered at the southwest border in fiscal "
     "2023.",
     [count(SW, fy(2023), "about", 130_000, 10_000, demographic="UAC")]),
    ("news wire", "2023-05-20",
     "Title 42 expulsions at the southwest border fell to about 68,000 in April.",
     [count(SW, mo(2023, 4), "about", 68_000, 1000, authority="Title 42")]),
    ("news wire", "2022-05-20",
     "Southwest border encounters in April were up about 10% from March.",
     [{"form": "change", "place": SW, "months": mo(2022, 4), "qual": "about", "value": 10.0,
       "unit": 1.0, "direction": "up", "base_months": mo(2022, 3)}]),
    ("news wire", "2025-06-20",
     "Southwest border encounters in May were down 93% from May 2024.",
     [{"form": "change", "place": SW, "months": mo(2025, 5), "qual": "exact", "value": 93.0,
       "unit": 1.0, "direction": "down", "base_months": mo(2024, 5)}]),
    ("local TV", "2024-02-20",
     "Encounters at the southwest border fell in January compared with December, federal "
     "data show.",
     [{"form": "direction", "place": SW, "months": mo(2024, 1), "direction": "down",
       "base_months": mo(2023, 12)}]),
    ("speech", "2022-11-01",
     "“Southwest border encounters have more than tripled since fiscal 2020: fiscal 2022 "
     "compared with fiscal 2020.”",
     [{"form": "multiple", "place": SW, "months": fy(2022), "qual": "more", "value": 3.0,
       "direction": "up", "base_months": fy(2020)}]),
    ("news wire", "2024-11-01",
     "About half of southwest border encounters in fiscal 2024 were single adults.",
     [{"form": "share", "place": SW, "months": fy(2024), "qual": "about", "value": 0.5,
       "unit": 0.05, "share_of": "demographic", "demographic": "Single Adults"}]),
    ("news wire", "2024-11-20",
     "Mexicans were the most common nationality at the southwest border in fiscal 2024.",
     [{"form": "rank_citizenship", "place": SW, "months": fy(2024), "name": "MEXICO",
       "rank": 1}]),
    ("local TV", "2021-11-01",
     "Rio Grande Valley was the busiest sector in fiscal 2021.",
     [{"form": "rank_sector", "place": SW, "months": fy(2021), "name": "Rio Grande Valley",
       "rank": 1}]),
    ("local TV", "2021-11-01",
     "Yuma was the third-busiest sector in fiscal 2021.",
     [{"form": "rank_sector", "place": SW, "months": fy(2021), "name": "Yuma", "rank": 3}]),
    ("speech", "2024-01-05",
     "“Encounters at the southwest border were above 2 million in both fiscal 2022 and fiscal "
     "2023.”",
     [{"form": "threshold_all", "place": SW, "months": fy(2023), "qual": "more",
       "value": 2_000_000.0, "periods": [fy(2022), fy(2023)]}]),
    ("news wire", "2023-12-22",
     "Authorities in Eagle Pass say about 4,000 migrants crossed on a single day this week.",
     [{"form": "daily", "place": SW, "months": mo(2023, 12)}]),
    ("news wire", "2022-10-01",
     "The Border Patrol recorded 853 migrant deaths along the southwest border in fiscal "
     "2022.",
     [{"form": "deaths", "place": SW, "months": mo(2022, 9)}]),
    ("speech", "2023-03-01",
     "“There were 600,000 gotaways last fiscal year.”",
     [{"form": "gotaways", "place": SW, "months": mo(2023, 1)}]),
    ("social post", "2024-01-30",
     "More than 2.4 million illegal aliens got into the U.S. in 2023.",
     [{"form": "entries", "place": SW, "months": cy(2023), "qual": "more",
       "value": 2_400_000.0, "unit": 100_000.0}]),
    ("news wire", "2025-12-20",
     "Texas recorded about 60,000 migrant encounters in fiscal 2025.",
     [count("state:TX", fy(2025), "about", 60_000, 10_000)]),
    ("news wire", "2021-11-20",
     "The northern border saw some 28,000 encounters in calendar year 2020.",
     [count("northern", cy(2020), "about", 28_000, 1000)]),
]


def main() -> None:
    raw = Path(os.environ.get("BORDERFLOW_DATA_DIR", "/work/shared/data/raw"))
    o = Oracle(raw)
    items = []
    for i, (style, date, text, figures) in enumerate(FRESH3):
        it: dict[str, Any] = {"id": f"h{i:03d}", "style": style, "date": date, "text": text,
                              "form": figures[0]["form"] if len(figures) == 1 else
                              "two figures", "figures": figures}
        it["verdicts"] = verdict(o, it)
        items.append(it)
    doc = {"meta": {"about": "third hand-written set, labelled by tests/claims_oracle.py, "
                             "measured once at the end"}, "claims": items}
    (HERE / "claims_fresh3.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False)
                                             + "\n")


if __name__ == "__main__":
    main()
