"""A fifth fresh hand-written set, written after measurement 4 and before any fix it led to.

Same format as :mod:`tests.claims_fresh`; written before the checker was run on it and
measured once, at the end (ledger: benchmarks/claims_ledger.md).
``python -m tests.claims_fresh5`` writes ``tests/data/claims_fresh5.json``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tests.claims_fresh import NAT, SW, count, cy, fy, mo
from tests.claims_oracle import Oracle, verdict

HERE = Path(__file__).resolve().parent / "data"

FRESH5: list[tuple[str, str, str, list[dict[str, Any]]]] = [
    ("news wire", "2022-12-20",
     "Federal agents and officers encountered migrants nearly 234,000 times along the "
     "southern border in November.",
     [count(SW, mo(2022, 11), "nearly", 234_000, 1000)]),
    ("news wire", "2022-12-20",
     "The U.S. Border Patrol logged 206,000 apprehensions along the southwest border in "
     "November.",
     [count(SW, mo(2022, 11), "exact", 206_000, 1000, component="USBP")]),
    ("local TV", "2023-10-20",
     "The Del Rio Sector saw roughly 39,000 encounters in September as crossings in Eagle "
     "Pass surged.",
     [count("sector:Del Rio", mo(2023, 9), "about", 39_000, 1000, component="USBP")]),
    ("local TV", "2021-09-20",
     "Agents in the El Centro Sector made more than 6,000 apprehensions in August.",
     [count("sector:El Centro", mo(2021, 8), "more", 6_000, 1000, component="USBP")]),
    ("press release", "2023-12-12",
     "Encounters at the southwest border in November totaled 242,418, CBP said in its monthly "
     "update.",
     [count(SW, mo(2023, 11), "exact", 242_418)]),
    ("press release", "2021-11-20",
     "Total nationwide encounters in fiscal year 2021 were 1,956,519.",
     [count(NAT, fy(2021), "exact", 1_956_519)]),
    ("speech", "2023-02-07",
     "“Last year, there were about 2.2 million encounters at our southern border.”",
     [count(SW, cy(2022), "about", 2_200_000, 100_000)]),
    ("speech", "2024-09-15",
     "“In fiscal 2023, this administration let in over 3 million illegals at the southern "
     "border alone.”",
     [{"form": "entries", "place": SW, "months": fy(2023), "qual": "more",
       "value": 3_000_000.0, "unit": 1_000_000.0}]),
    ("social post", "2024-06-20",
     "MAY: 170,723 encounters at the southwest border. Still way too high.",
     [count(SW, mo(2024, 5), "exact", 170_723)]),
    ("social post", "2025-05-20",
     "April 2025: only ~8,400 Border Patrol apprehensions at the southwest border.",
     [count(SW, mo(2025, 4), "about", 8_400, 100, component="USBP")]),
    ("news wire", "2024-04-20",
     "Encounters at the southwest border climbed to about 189,000 in March, the first "
     "increase in three months.",
     [count(SW, mo(2024, 3), "about", 189_000, 1000)]),
    ("news wire", "2021-06-20",
     "Encounters of Mexican citizens at the southwest border reached about 85,000 in May.",
     [count(SW, mo(2021, 5), "about", 85_000, 1000, citizenship="MEXICO")]),
    ("news wire", "2023-10-30",
     "Some 56,000 Ecuadorians were encountered at the southwest border in fiscal 2023.",
     [count(SW, fy(2023), "about", 56_000, 1000, citizenship="ECUADOR")]),
    ("news wire", "2021-08-12",
     "A record 19,000 unaccompanied children were encountered at the southwest border in "
     "July.",
     [count(SW, mo(2021, 7), "exact", 19_000, 1000, demographic="UAC")]),
    ("news wire", "2022-09-20",
     "About 70% of southwest border encounters in August were single adults.",
     [{"form": "share", "place": SW, "months": mo(2022, 8), "qual": "about", "value": 0.7,
       "unit": 0.01, "share_of": "demographic", "demographic": "Single Adults"}]),
    ("local TV", "2023-10-20",
     "Southwest border encounters rose about 11% in September from August.",
     [{"form": "change", "place": SW, "months": mo(2023, 9), "qual": "about", "value": 11.0,
       "unit": 1.0, "direction": "up", "base_months": mo(2023, 8)}]),
    ("news wire", "2024-01-25",
     "Southwest border encounters fell by roughly a third in January compared with "
     "December.",
     [{"form": "change", "place": SW, "months": mo(2024, 1), "qual": "about", "value": 33.0,
       "unit": 5.0, "direction": "down", "base_months": mo(2023, 12)}]),
    ("speech", "2021-11-01",
     "“Encounters at the southwest border more than tripled in fiscal 2021 compared with "
     "fiscal 2020.”",
     [{"form": "multiple", "place": SW, "months": fy(2021), "qual": "more", "value": 3.0,
       "direction": "up", "base_months": fy(2020)}]),
    ("local TV", "2022-11-20",
     "Rio Grande Valley was the second-busiest sector in fiscal 2022.",
     [{"form": "rank_sector", "place": SW, "months": fy(2022), "name": "Rio Grande Valley",
       "rank": 2}]),
    ("news wire", "2023-11-20",
     "Hondurans were the third most common nationality at the southwest border in fiscal "
     "2023.",
     [{"form": "rank_citizenship", "place": SW, "months": fy(2023), "name": "HONDURAS",
       "rank": 3}]),
    ("news wire", "2024-02-20",
     "Processing centers held more than 15,000 people in custody this week.",
     [{"form": "custody", "place": SW, "months": mo(2024, 1)}]),
    ("local TV", "2022-05-25",
     "Agents reported about 1,000 gotaways a day in the Rio Grande Valley last month.",
     [{"form": "gotaways", "place": SW, "months": mo(2022, 4)}]),
    ("news wire", "2024-02-28",
     "Asylum officers approved about 40,000 credible fear claims last year.",
     [{"form": "asylum", "place": SW, "months": mo(2024, 1)}]),
    ("news wire", "2026-06-20",
     "Border Patrol apprehended roughly 6,000 people along the southwest border in May.",
     [count(SW, mo(2026, 5), "about", 6_000, 1000, component="USBP")]),
    ("local TV", "2026-06-20",
     "Yuma Sector agents apprehended about 300 migrants in May.",
     [count("sector:Yuma", mo(2026, 5), "about", 300, 100, component="USBP")]),
    ("news wire", "2025-01-20",
     "Texas recorded about 45,000 encounters in December.",
     [count("state:TX", mo(2024, 12), "about", 45_000, 1000)]),
    ("news wire", "2023-12-20",
     "Encounters at the northern border topped 189,000 in fiscal 2023.",
     [count("northern", fy(2023), "more", 189_000, 1000)]),
    ("press release", "2020-10-20",
     "In FY2020, southwest border encounters totaled 458,088, of which 57,437 were at ports "
     "of entry.",
     [count(SW, fy(2020), "exact", 458_088),
      count(SW, fy(2020), "exact", 57_437, component="OFO")]),
    ("speech", "2022-10-15",
     "“Two million encounters at the southwest border in fiscal 2022 alone.”",
     [count(SW, fy(2022), "exact", 2_000_000, 1_000_000)]),
    ("social post", "2023-08-20",
     "July encounters at the southern border: 183,000. Up from June.",
     [count(SW, mo(2023, 7), "exact", 183_000, 1000)]),
]


def main() -> None:
    raw = Path(os.environ.get("BORDERFLOW_DATA_DIR", "/work/shared/data/raw"))
    o = Oracle(raw)
    items = []
    for i, (style, date, text, figures) in enumerate(FRESH5):
        it: dict[str, Any] = {"id": f"m{i:03d}", "style": style, "date": date, "text": text,
                              "form": figures[0]["form"] if len(figures) == 1 else
                              "two figures", "figures": figures}
        it["verdicts"] = verdict(o, it)
        items.append(it)
    doc = {"meta": {"about": "fifth hand-written set, labelled by tests/claims_oracle.py, "
                             "measured once at the end"}, "claims": items}
    (HERE / "claims_fresh5.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False)
                                             + "\n")


if __name__ == "__main__":
    main()
