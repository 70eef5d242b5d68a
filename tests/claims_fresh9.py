"""A ninth fresh hand-written set, written after the last change to the checker (issue 12,
after development set 9) and measured once on the final code (ledger:
benchmarks/claims_ledger.md).  ``python -m tests.claims_fresh9`` writes
``tests/data/claims_fresh9.json``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tests.claims_fresh import NAT, SW, count, cy, fy, mo
from tests.claims_oracle import Oracle, verdict

HERE = Path(__file__).resolve().parent / "data"

FRESH9: list[tuple[str, str, str, list[dict[str, Any]]]] = [
    ("news wire", "2023-12-16",
     "U.S. authorities recorded about 242,000 encounters along the southern border in "
     "November, according to preliminary figures.",
     [count(SW, mo(2023, 11), "about", 242_000, 1000)]),
    ("speech", "2024-02-01",
     "“Three hundred thousand encounters at the border in one month, December. That is a "
     "disgrace.”",
     [count(SW, mo(2023, 12), "exact", 300_000, 100_000)]),
    ("social post", "2025-04-17",
     "SW border apprehensions by BP in March: 7,181. 📉 #SecureBorder",
     [count(SW, mo(2025, 3), "exact", 7_181, component="USBP")]),
    ("social post", "2023-05-20",
     "over 210k encounters at the southern border in April and the admin says it's under "
     "control 🙃",
     [count(SW, mo(2023, 4), "more", 210_000, 10_000)]),
    ("press release", "2023-10-24",
     "Rep. Ellis (R-Ariz.): “Arizona saw roughly 577,000 encounters in fiscal year 2023, "
     "more than double the year before.”",
     [count("state:AZ", fy(2023), "about", 577_000, 1000),
      {"form": "multiple", "place": "state:AZ", "months": fy(2023), "qual": "more",
       "value": 2.0, "direction": "up", "base_months": fy(2022)}]),
    ("press release", "2024-10-30",
     "Senator Vance said: “In fiscal year 2024, more than 2.9 million encounters were "
     "recorded nationwide.”",
     [count(NAT, fy(2024), "more", 2_900_000, 100_000)]),
    ("translated report", "2024-11-10",
     "In fiscal year 2024, the number of Guatemalans detained at the southern border was "
     "approximately 204,000, the third largest group.",
     [count(SW, fy(2024), "about", 204_000, 1000, citizenship="GUATEMALA")]),
    ("translated report", "2023-08-22",
     "During July, the agency registered 183,503 encounters with migrants on the border with "
     "Mexico, of which some 9,000 were unaccompanied minors.",
     [count(SW, mo(2023, 7), "exact", 183_503),
      count(SW, mo(2023, 7), "about", 9_000, 1000, demographic="UAC")]),
    ("editorial", "2024-11-05",
     "Encounters at ports of entry on the southwest border climbed from about 430,000 in "
     "fiscal 2023 to about 604,000 in fiscal 2024, while Border Patrol apprehensions fell "
     "from 2.05 million to 1.53 million.",
     [count(SW, fy(2023), "about", 430_000, 10_000, component="OFO"),
      count(SW, fy(2024), "about", 604_000, 1000, component="OFO"),
      count(SW, fy(2023), "exact", 2_050_000, 10_000, component="USBP"),
      count(SW, fy(2024), "exact", 1_530_000, 10_000, component="USBP")]),
    ("headline", "2024-07-17",
     "Southwest Border Encounters Drop To 130,415 In June",
     [count(SW, mo(2024, 6), "exact", 130_415)]),
    ("headline", "2025-10-20",
     "Border encounters nationwide fall below 700,000 in fiscal 2025",
     [count(NAT, fy(2025), "less", 700_000, 100_000)]),
    ("news wire", "2024-01-18",
     "In 2023, southwest border encounters exceeded 2.5 million.",
     [count(SW, cy(2023), "more", 2_500_000, 100_000)]),
    ("news wire", "2023-11-02",
     "Southwest border encounters topped 2.4 million in calendar year 2022.",
     [count(SW, cy(2022), "more", 2_400_000, 100_000)]),
    ("local TV", "2024-10-28",
     "Texas logged about 1.39 million encounters in fiscal 2024.",
     [count("state:TX", fy(2024), "about", 1_390_000, 10_000)]),
    ("local TV", "2025-01-22",
     "Officers at the El Paso Field Office encountered nearly 8,000 people in December.",
     [count("office:El Paso", mo(2024, 12), "nearly", 8_000, 1000, component="OFO")]),
    ("news wire", "2023-02-21",
     "Family unit members accounted for roughly a third of southwest border encounters in "
     "December.",
     [{"form": "share", "place": SW, "months": mo(2022, 12), "qual": "about",
       "value": 1 / 3, "unit": 0.05, "share_of": "demographic", "demographic": "FMUA"}]),
    ("news wire", "2022-12-01",
     "Title 42 expulsions at the southwest border totaled about 1.08 million in fiscal 2022.",
     [count(SW, fy(2022), "about", 1_080_000, 10_000, authority="Title 42")]),
    ("news wire", "2023-11-20",
     "Under Title 8, about 1.3 million southwest border encounters were processed in fiscal "
     "2023.",
     [count(SW, fy(2023), "about", 1_300_000, 100_000, authority="Title 8")]),
    ("speech", "2024-03-01",
     "“Two million got-aways since this administration took office. Two million!”",
     [{"form": "gotaways", "place": SW, "months": mo(2024, 1)}]),
    ("local TV", "2023-12-19",
     "Border Patrol released more than 1,000 migrants onto the streets of Eagle Pass on "
     "Monday.",
     [{"form": "releases", "place": SW, "months": mo(2023, 12)}]),
    ("news wire", "2024-11-20",
     "Tucson was the busiest Border Patrol sector in fiscal 2024, followed by San Diego.",
     [{"form": "rank_sector", "place": SW, "months": fy(2024), "name": "Tucson",
       "rank": 1}]),
    ("news wire", "2022-10-30",
     "Cubans were the second most common nationality at the southwest border in fiscal "
     "2022.",
     [{"form": "rank_citizenship", "place": SW, "months": fy(2022), "name": "CUBA",
       "rank": 2}]),
    ("news wire", "2024-02-20",
     "Southwest border encounters fell by more than 40% in January from December.",
     [{"form": "change", "place": SW, "months": mo(2024, 1), "qual": "more", "value": 40.0,
       "unit": 10.0, "direction": "down", "base_months": mo(2023, 12)}]),
    ("social post", "2022-10-25",
     "Fun fact: Venezuelan encounters at the SW border nearly quadrupled in FY22 vs FY21.",
     [{"form": "multiple", "place": SW, "months": fy(2022), "qual": "nearly", "value": 4.0,
       "direction": "up", "base_months": fy(2021), "citizenship": "VENEZUELA"}]),
    ("speech", "2023-09-01",
     "“Last year, more than 2.7 million people entered our country illegally across the "
     "southern border.”",
     [{"form": "entries", "place": SW, "months": cy(2022), "qual": "more",
       "value": 2_700_000.0, "unit": 100_000.0}]),
    ("news wire", "2024-06-18",
     "Agents apprehended about 117,900 migrants between ports of entry at the southwest "
     "border in May, down from 128,900 in April.",
     [count(SW, mo(2024, 5), "about", 117_900, 100, component="USBP"),
      count(SW, mo(2024, 4), "exact", 128_900, 100, component="USBP")]),
    ("press release", "2025-12-18",
     "CBP: Nationwide encounters in November totaled 30,375, including 10,960 at the "
     "southwest border.",
     [count(NAT, mo(2025, 11), "exact", 30_375), count(SW, mo(2025, 11), "exact", 10_960)]),
    ("social post", "2024-12-20",
     "1 in 3 SW border encounters in FY24 were Mexicans. The rest? From everywhere.",
     [{"form": "share", "place": SW, "months": fy(2024), "qual": "about", "value": 1 / 3,
       "unit": 0.05, "share_of": "citizenship", "citizenship": "MEXICO"}]),
]


def main() -> None:
    raw = Path(os.environ.get("BORDERFLOW_DATA_DIR", "/work/shared/data/raw"))
    o = Oracle(raw)
    items = []
    for i, (style, date, text, figures) in enumerate(FRESH9):
        it: dict[str, Any] = {"id": f"r{i:03d}", "style": style, "date": date, "text": text,
                              "form": figures[0]["form"] if len(figures) == 1 else
                              "two figures", "figures": figures}
        it["verdicts"] = verdict(o, it)
        items.append(it)
    doc = {"meta": {"about": "ninth hand-written set, written after the last checker change, "
                             "labelled by tests/claims_oracle.py, measured once"},
           "claims": items}
    (HERE / "claims_fresh9.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False)
                                             + "\n")


if __name__ == "__main__":
    main()
