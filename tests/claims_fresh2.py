"""A second fresh hand-written set, written after measurement 1 and before any fix it led to.

Same format as :mod:`tests.claims_fresh`; written before the checker was run on it and
measured once, at the end (ledger: benchmarks/claims_ledger.md).
``python -m tests.claims_fresh2`` writes ``tests/data/claims_fresh2.json``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tests.claims_fresh import NAT, SW, count, cy, fy, mo, span
from tests.claims_oracle import Oracle, verdict

HERE = Path(__file__).resolve().parent / "data"

FRESH2: list[tuple[str, str, str, list[dict[str, Any]]]] = [
    ("news wire", "2023-02-18",
     "U.S. authorities stopped migrants 156,000 times at the southern border in January, down "
     "from December.",
     [count(SW, mo(2023, 1), "exact", 156_000, 1000)]),
    ("news wire", "2023-02-18",
     "Border Patrol agents made 128,000 arrests between ports of entry along the southern "
     "border in January.",
     [count(SW, mo(2023, 1), "exact", 128_000, 1000, component="USBP")]),
    ("local TV", "2022-06-20",
     "The Del Rio Sector recorded around 41,000 apprehensions in May, according to numbers "
     "released Friday.",
     [count("sector:Del Rio", mo(2022, 5), "about", 41_000, 1000, component="USBP")]),
    ("local TV", "2022-06-20",
     "Yuma Sector agents encountered roughly 30,000 migrants last month.",
     [count("sector:Yuma", mo(2022, 5), "about", 30_000, 1000, component="USBP")]),
    ("press release", "2024-05-17",
     "CBP's monthly update shows 179,725 encounters along the southwest border in April.",
     [count(SW, mo(2024, 4), "exact", 179_725)]),
    ("press release", "2024-05-17",
     "Nationwide, CBP recorded 247,000 encounters in April, including at air and sea ports.",
     [count(NAT, mo(2024, 4), "exact", 247_000, 1000)]),
    ("speech", "2024-09-10",
     "“Two point one million encounters at the southwest border in the fiscal year that is "
     "ending — that is the legacy,” she said.",
     [count(SW, fy(2024), "exact", 2_100_000, 100_000)]),
    ("speech", "2022-03-01",
     "“In calendar year 2021, Border Patrol caught nearly two million people at the southern "
     "border.”",
     [count(SW, cy(2021), "nearly", 2_000_000, 1_000_000, component="USBP")]),
    ("social post", "2023-09-20",
     "232,972 encounters at the southern border in August. Biggest August EVER.",
     [count(SW, mo(2023, 8), "exact", 232_972)]),
    ("social post", "2025-01-25",
     "Over 2.9 million encounters NATIONWIDE in fiscal 2024. Think about that.",
     [count(NAT, fy(2024), "more", 2_900_000, 100_000)]),
    ("news wire", "2025-11-20",
     "Encounters along the southwest border totaled about 444,000 in fiscal 2025, the lowest "
     "in decades.",
     [count(SW, fy(2025), "about", 444_000, 1000)]),
    ("news wire", "2025-11-20",
     "Nationwide encounters fell to roughly 690,000 in fiscal 2025.",
     [count(NAT, fy(2025), "about", 690_000, 10_000)]),
    ("news wire", "2024-12-18",
     "In November, Border Patrol apprehended 46,612 people at the southwest border.",
     [count(SW, mo(2024, 11), "exact", 46_612, component="USBP")]),
    ("local TV", "2021-04-20",
     "Agents in the Rio Grande Valley Sector apprehended more than 80,000 migrants in March.",
     [count("sector:Rio Grande Valley", mo(2021, 3), "more", 80_000, 10_000,
            component="USBP")]),
    ("news wire", "2023-11-15",
     "Encounters with Venezuelans at the southwest border surged to about 267,000 in fiscal "
     "2023.",
     [count(SW, fy(2023), "about", 267_000, 1000, citizenship="VENEZUELA")]),
    ("news wire", "2023-11-15",
     "Some 717,000 Mexican nationals were encountered nationwide in fiscal 2023.",
     [count(NAT, fy(2023), "about", 717_000, 1000, citizenship="MEXICO")]),
    ("press release", "2022-11-15",
     "Family unit encounters at the southwest border totaled 560,646 in FY2022.",
     [count(SW, fy(2022), "exact", 560_646, demographic="FMUA")]),
    ("news wire", "2022-10-25",
     "Authorities expelled migrants more than 1 million times under Title 42 along the "
     "southwest border in fiscal 2022.",
     [count(SW, fy(2022), "more", 1_000_000, 1_000_000, authority="Title 42")]),
    ("news wire", "2024-06-20",
     "Southwest border encounters declined 9% in May from April.",
     [{"form": "change", "place": SW, "months": mo(2024, 5), "qual": "exact", "value": 9.0,
       "unit": 1.0, "direction": "down", "base_months": mo(2024, 4)}]),
    ("local TV", "2024-02-20",
     "Migrant encounters at the southern border dropped by half in January compared with "
     "December.",
     [{"form": "multiple", "place": SW, "months": mo(2024, 1), "qual": "about", "value": 2.0,
       "direction": "down", "base_months": mo(2023, 12)}]),
    ("news wire", "2023-10-21",
     "Southwest border encounters grew 4% in fiscal 2023 compared with fiscal 2022.",
     [{"form": "change", "place": SW, "months": fy(2023), "qual": "exact", "value": 4.0,
       "unit": 1.0, "direction": "up", "base_months": fy(2022)}]),
    ("news wire", "2025-10-20",
     "Border encounters rose in September compared with August, the data show.",
     [{"form": "direction", "place": SW, "months": mo(2025, 9), "direction": "up",
       "base_months": mo(2025, 8)}]),
    ("news wire", "2023-11-01",
     "Unaccompanied children made up about 6% of southwest border encounters in fiscal 2023.",
     [{"form": "share", "place": SW, "months": fy(2023), "qual": "about", "value": 0.06,
       "unit": 0.01, "share_of": "demographic", "demographic": "UAC"}]),
    ("local TV", "2022-11-01",
     "Del Rio was the busiest Border Patrol sector in the country in fiscal year 2022.",
     [{"form": "rank_sector", "place": SW, "months": fy(2022), "name": "Del Rio",
       "rank": 1}]),
    ("news wire", "2022-11-01",
     "Cubans were the second most common nationality encountered at the southwest border in "
     "fiscal 2022.",
     [{"form": "rank_citizenship", "place": SW, "months": fy(2022), "name": "CUBA",
       "rank": 2}]),
    ("press release", "2025-06-20",
     "Border Patrol apprehensions at the southwest border in May 2025 were the lowest May "
     "total in agency history at 8,725.",
     [count(SW, mo(2025, 5), "exact", 8_725, component="USBP")]),
    ("speech", "2022-01-10",
     "“Encounters at the southwest border exceeded 1.5 million in both calendar 2021 and "
     "fiscal 2021.”",
     [{"form": "threshold_all", "place": SW, "months": cy(2021), "qual": "more",
       "value": 1_500_000.0, "periods": [cy(2021), fy(2021)]}]),
    ("local TV", "2023-12-20",
     "Shelters in El Paso are housing about 2,000 migrants tonight.",
     [{"form": "shelter", "place": SW, "months": mo(2023, 12)}]),
    ("news wire", "2021-04-10",
     "Roughly 20,000 migrant children were in government custody in early April.",
     [{"form": "custody", "place": SW, "months": mo(2021, 3)}]),
    ("social post", "2023-05-12",
     "10,000 a day are crossing now that Title 42 is over!!",
     [{"form": "daily", "place": SW, "months": mo(2023, 5)}]),
    ("speech", "2024-02-01",
     "“Six million people have entered this country illegally since January 2021.”",
     [{"form": "entries", "place": SW, "months": span(2021, 1, 36), "qual": "exact",
       "value": 6_000_000.0, "unit": 1_000_000.0}]),
    ("news wire", "2026-05-20",
     "Border Patrol apprehended about 7,600 people along the southwest border in April.",
     [count(SW, mo(2026, 4), "about", 7_600, 100, component="USBP")]),
    ("local TV", "2026-03-20",
     "The San Diego Field Office recorded about 1,200 inadmissibles in February.",
     [count("office:San Diego", mo(2026, 2), "about", 1_200, 100, component="OFO")]),
    ("news wire", "2025-01-20",
     "New Mexico recorded about 85,000 migrant encounters in fiscal 2024.",
     [count("state:NM", fy(2024), "about", 85_000, 1000)]),
    ("news wire", "2022-08-20",
     "Encounters at the northern border reached 10,000 in July for the first time.",
     [count("northern", mo(2022, 7), "exact", 10_000, 1000)]),
    ("press release", "2021-02-15",
     "In January 2021, U.S. Border Patrol encountered 75,316 individuals at the southwest "
     "border.",
     [count(SW, mo(2021, 1), "exact", 75_316, component="USBP")]),
    ("news wire", "2020-11-01",
     "Southwest border apprehensions totaled 400,651 in fiscal 2020, less than half the "
     "previous year's number.",
     # the multiple is a claim of its own (issue 12); added after dev set 9 (ledger)
     [count(SW, fy(2020), "exact", 400_651, component="USBP"),
      {"form": "multiple", "place": SW, "months": fy(2020), "qual": "more", "value": 2.0,
       "direction": "down", "base_months": fy(2019), "component": "USBP"}]),
    ("social post", "2024-10-25",
     "Fiscal 2024: 2.1 million crossers caught at the southern border. Fiscal 2023: 2.5 "
     "million.",
     [count(SW, fy(2024), "exact", 2_100_000, 100_000),
      count(SW, fy(2023), "exact", 2_500_000, 100_000)]),
]


def main() -> None:
    raw = Path(os.environ.get("BORDERFLOW_DATA_DIR", "/work/shared/data/raw"))
    o = Oracle(raw)
    items = []
    for i, (style, date, text, figures) in enumerate(FRESH2):
        it: dict[str, Any] = {"id": f"g{i:03d}", "style": style, "date": date, "text": text,
                              "form": figures[0]["form"] if len(figures) == 1 else
                              "two figures", "figures": figures}
        it["verdicts"] = verdict(o, it)
        items.append(it)
    doc = {"meta": {"about": "second hand-written set, labelled by tests/claims_oracle.py, "
                             "measured once at the end"}, "claims": items}
    (HERE / "claims_fresh2.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False)
                                             + "\n")


if __name__ == "__main__":
    main()
