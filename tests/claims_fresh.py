"""A fresh hand-written set: claims phrased freely, written after the checker was tuned.

Every text here was written by hand (no templates) in phrasings the corpus
writers do not use, with the literal reading of each figure given beside it;
verdicts come from the oracle.  It was written before the checker was run on
it and is measured once, with the corpus test half (ledger:
benchmarks/claims_ledger.md).  ``python -m tests.claims_fresh`` writes
``tests/data/claims_fresh.json``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tests.claims_oracle import Oracle, cy_months, fy_months, month, verdict

HERE = Path(__file__).resolve().parent / "data"


def fy(y: int) -> list[str]:
    return [m.isoformat() for m in fy_months(y)]


def cy(y: int) -> list[str]:
    return [m.isoformat() for m in cy_months(y)]


def mo(y: int, m: int) -> list[str]:
    return [month(y, m).isoformat()]


def span(y: int, m: int, n: int) -> list[str]:
    """``n`` months from ``y``-``m``."""
    return [month(y + (m - 1 + i) // 12, (m - 1 + i) % 12 + 1).isoformat() for i in range(n)]


def count(place: str, months: list[str], qual: str, value: float, unit: float = 1.0,
          **kw: Any) -> dict[str, Any]:
    return {"form": kw.pop("form", "count"), "place": place, "months": months, "qual": qual,
            "value": value, "unit": unit, **kw}


SW, NAT = "southwest", "nation"
#: (style, date, text, figures)
FRESH: list[tuple[str, str, str, list[dict[str, Any]]]] = [
    ("news wire", "2024-01-26",
     "Apprehensions and encounters at ports along the border with Mexico totaled 302,034 in "
     "December, an all-time monthly high, according to preliminary agency numbers.",
     [count(SW, mo(2023, 12), "exact", 302_034)]),
    ("news wire", "2023-10-21",
     "For the full 2023 fiscal year that ended Sept. 30, authorities logged roughly 2.48 "
     "million encounters on the southern border.",
     [count(SW, fy(2023), "about", 2_480_000, 10_000)]),
    ("local TV", "2024-02-20",
     "In the El Paso Sector, agents tallied 26,000 apprehensions in January, the station "
     "learned.",
     [count("sector:El Paso", mo(2024, 1), "exact", 26_000, 1000, component="USBP")]),
    ("speech", "2024-03-05",
     "“Under this administration we have had over 7 million encounters at the southwest "
     "border,” the speaker said, pointing to figures since fiscal 2021.",
     [count(SW, span(2020, 10, 40), "more", 7_000_000, 1_000_000)]),
    ("social post", "2025-04-18",
     "Border crossings are down to about 7,200 in March — lowest EVER. Border Patrol "
     "apprehensions, southwest border. Promises kept.",
     [count(SW, mo(2025, 3), "about", 7_200, 100, component="USBP")]),
    ("press release", "2022-11-15",
     "In fiscal year 2022, U.S. Border Patrol agents encountered 2,206,436 individuals along "
     "the southwest border.",
     [count(SW, fy(2022), "exact", 2_206_436, component="USBP")]),
    ("news wire", "2022-11-15",
     "The 2.38 million encounters in fiscal 2022 were a record for the U.S.-Mexico border.",
     [count(SW, fy(2022), "exact", 2_380_000, 10_000)]),
    ("local TV", "2023-02-17",
     "Officers at the ports of entry along the southwest border encountered 17,400 people in "
     "January.",
     [count(SW, mo(2023, 1), "exact", 17_400, 100, component="OFO")]),
    ("news wire", "2024-11-16",
     "Arizona recorded more than 560,000 migrant encounters in fiscal 2024, according to "
     "state-by-state figures.",
     [count("state:AZ", fy(2024), "more", 560_000, 10_000)]),
    ("news wire", "2024-11-16",
     "California logged 250,000 encounters during fiscal 2024.",
     [count("state:CA", fy(2024), "exact", 250_000, 10_000)]),
    ("speech", "2024-06-01",
     "“Last year, more than 3 million people were encountered across our borders.”",
     [count(NAT, cy(2023), "more", 3_000_000, 1_000_000)]),
    ("social post", "2024-01-20",
     "2.5 MILLION illegals crossed the southern border in 2023 alone. Wake up.",
     [count(SW, cy(2023), "exact", 2_500_000, 100_000)]),
    ("news wire", "2023-12-20",
     "Nationwide, encounters with unaccompanied children topped 150,000 in fiscal 2023.",
     [count(NAT, fy(2023), "more", 150_000, 10_000, demographic="UAC")]),
    ("press release", "2021-11-15",
     "In fiscal 2021, 1,734,686 encounters were recorded along the southwest border, of which "
     "1,063,526 were processed for expulsion under Title 42.",
     [count(SW, fy(2021), "exact", 1_734_686),
      count(SW, fy(2021), "exact", 1_063_526, authority="Title 42")]),
    ("news wire", "2023-06-16",
     "Title 42 expulsions along the southwest border numbered about 2.8 million between March "
     "2020 and May 2023.",
     [count(SW, span(2020, 3, 39), "about", 2_800_000, 100_000, authority="Title 42")]),
    ("local TV", "2025-12-18",
     "Agents in the Tucson Sector apprehended roughly 1,300 migrants in November, a fraction "
     "of the numbers two years ago.",
     [count("sector:Tucson", mo(2025, 11), "about", 1_300, 100, component="USBP")]),
    ("news wire", "2025-12-18",
     "Migrant encounters at the southwest border ticked down to 10,960 last month from "
     "11,707 in October.",
     [count(SW, mo(2025, 11), "exact", 10_960), count(SW, mo(2025, 10), "exact", 11_707)]),
    ("speech", "2023-10-25",
     "“Fiscal 2023 was the worst year on record: 2.5 million encounters at the southern "
     "border, up from 2.4 million,” he said.",
     [count(SW, fy(2023), "exact", 2_500_000, 100_000),
      count(SW, fy(2022), "exact", 2_400_000, 100_000)]),
    ("news wire", "2024-04-16",
     "Encounters at the southwest border fell about 9% in March compared with February.",
     [{"form": "change", "place": SW, "months": mo(2024, 3), "qual": "about", "value": 9.0,
       "unit": 1.0, "direction": "down", "base_months": mo(2024, 2)}]),
    ("local TV", "2025-03-18",
     "Encounters at the southwest border plummeted by more than 80 percent in February "
     "compared with January.",
     [{"form": "change", "place": SW, "months": mo(2025, 2), "qual": "more", "value": 80.0,
       "unit": 10.0, "direction": "down", "base_months": mo(2025, 1)}]),
    ("news wire", "2022-10-22",
     "Southwest border encounters in fiscal 2022 rose 37% over the previous fiscal year.",
     [{"form": "change", "place": SW, "months": fy(2022), "qual": "exact", "value": 37.0,
       "unit": 1.0, "direction": "up", "base_months": fy(2021)}]),
    ("news wire", "2024-10-25",
     "Southwest border encounters dropped 14% in fiscal 2024 from fiscal 2023.",
     [{"form": "change", "place": SW, "months": fy(2024), "qual": "exact", "value": 14.0,
       "unit": 1.0, "direction": "down", "base_months": fy(2023)}]),
    ("speech", "2021-10-30",
     "“Encounters at the southwest border nearly quadrupled in fiscal 2021 compared with "
     "fiscal 2020.”",
     [{"form": "multiple", "place": SW, "months": fy(2021), "qual": "nearly", "value": 4.0,
       "direction": "up", "base_months": fy(2020)}]),
    ("news wire", "2023-11-10",
     "Single adults made up more than 60% of southwest border encounters in fiscal 2023.",
     [{"form": "share", "place": SW, "months": fy(2023), "qual": "more", "value": 0.6,
       "unit": 0.01, "share_of": "demographic", "demographic": "Single Adults"}]),
    ("news wire", "2023-11-10",
     "Mexicans accounted for less than a third of southwest border encounters in fiscal "
     "2023.",
     [{"form": "share", "place": SW, "months": fy(2023), "qual": "less", "value": 1 / 3,
       "unit": 0.05, "share_of": "citizenship", "citizenship": "MEXICO"}]),
    ("local TV", "2024-11-20",
     "The Tucson Sector was once again the busiest in the nation in fiscal 2024.",
     [{"form": "rank_sector", "place": SW, "months": fy(2024), "name": "Tucson", "rank": 1}]),
    ("local TV", "2023-11-20",
     "El Paso ranked as the second busiest sector in fiscal 2023, behind Tucson.",
     [{"form": "rank_sector", "place": SW, "months": fy(2023), "name": "El Paso",
       "rank": 2}]),
    ("news wire", "2024-12-05",
     "Venezuelans were the second most common nationality at the southwest border in fiscal "
     "2024, after Mexicans.",
     [{"form": "rank_citizenship", "place": SW, "months": fy(2024), "name": "VENEZUELA",
       "rank": 2}]),
    ("news wire", "2024-12-05",
     "Guatemalans were the second most common nationality at the southwest border in fiscal "
     "2024.",
     [{"form": "rank_citizenship", "place": SW, "months": fy(2024), "name": "GUATEMALA",
       "rank": 2}]),
    ("press release", "2025-05-20",
     "Border Patrol apprehensions at the southwest border in April 2025 were among the lowest "
     "on record; the 8,383 apprehensions were the lowest April total since 2000.",
     [count(SW, mo(2025, 4), "exact", 8_383, component="USBP")]),
    ("social post", "2025-03-20",
     "February 2025: Border Patrol apprehensions at the southwest border hit a record low. "
     "Lowest monthly number on record!",
     [{"form": "record", "place": SW, "months": mo(2025, 2), "component": "USBP",
       "extreme": "low", "since": "1999-10-01"}]),
    ("speech", "2023-12-15",
     "“Encounters at the southwest border topped two million in both fiscal 2022 and fiscal "
     "2023.”",
     [{"form": "threshold_all", "place": SW, "months": fy(2023), "qual": "more",
       "value": 2_000_000.0, "periods": [fy(2022), fy(2023)]}]),
    ("local TV", "2023-09-20",
     "Officials estimate more than 5,000 migrants were released onto the streets of El Paso "
     "in a single week.",
     [{"form": "releases", "place": SW, "months": mo(2023, 9)}]),
    ("news wire", "2024-02-01",
     "More than 9,000 migrants were waiting in Border Patrol custody on Monday, officials "
     "said.",
     [{"form": "custody", "place": SW, "months": mo(2024, 1)}]),
    ("speech", "2023-09-01",
     "“There have been more than 1.7 million known gotaways since this administration took "
     "office.”",
     [{"form": "gotaways", "place": SW, "months": mo(2023, 8)}]),
    ("news wire", "2023-09-30",
     "Agents in the Del Rio sector encountered roughly 2,500 migrants per day in mid-"
     "September.",
     [{"form": "daily", "place": SW, "months": mo(2023, 9)}]),
    ("news wire", "2022-12-01",
     "The International Organization for Migration counted 686 deaths and disappearances on "
     "the U.S.-Mexico border in 2022.",
     [{"form": "deaths", "place": SW, "months": mo(2022, 10)}]),
    ("social post", "2024-02-10",
     "Over 10 million illegal aliens have entered the country since 2021.",
     [{"form": "entries", "place": SW, "months": [m.isoformat() for m in cy_months(2021)
                                                  + cy_months(2022) + cy_months(2023)],
       "qual": "more", "value": 10_000_000.0, "unit": 1_000_000.0}]),
    ("speech", "2023-11-01",
     "“In fiscal 2023, 3.2 million people entered our country illegally.”",
     [{"form": "entries", "place": SW, "months": fy(2023), "qual": "exact",
       "value": 3_200_000.0, "unit": 100_000.0}]),
    ("news wire", "2024-01-15",
     "CBP encountered some 25,000 Haitians at the southwest border in fiscal 2023.",
     [count(SW, fy(2023), "about", 25_000, 1000, citizenship="HAITI")]),
    ("news wire", "2024-01-15",
     "Encounters of Hondurans at the southwest border exceeded 200,000 in fiscal 2023.",
     [count(SW, fy(2023), "more", 200_000, 100_000, citizenship="HONDURAS")]),
    ("local TV", "2026-04-15",
     "Laredo Field Office officers processed about 1,400 inadmissible travelers in March, "
     "according to CBP.",
     [count("office:Laredo", mo(2026, 3), "about", 1_400, 100, component="OFO")]),
    ("news wire", "2026-08-25",
     "Border Patrol agents apprehended 11,298 people nationwide in July.",
     [count(NAT, mo(2026, 7), "exact", 11_298, component="USBP")]),
    ("news wire", "2026-08-25",
     "Southwest border apprehensions by Border Patrol were about 6,300 in July.",
     [count(SW, mo(2026, 7), "about", 6_300, 100, component="USBP")]),
    ("social post", "2024-03-01",
     "Texas alone had 1.5 million border encounters last year!!",
     [count("state:TX", cy(2023), "exact", 1_500_000, 100_000)]),
    ("press release", "2020-11-20",
     "In FY2020, USBP apprehended 400,651 people at the Southwest border, including those "
     "expelled under Title 42.",
     [count(SW, fy(2020), "exact", 400_651, component="USBP")]),
    ("news wire", "2019-11-01",
     "Border Patrol made 851,508 apprehensions along the southwest border in fiscal 2019, the "
     "most since fiscal 2007.",
     [count(SW, fy(2019), "exact", 851_508, component="USBP")]),
    ("local TV", "2021-08-20",
     "The Rio Grande Valley Sector saw about 59,000 apprehensions in July.",
     [count("sector:Rio Grande Valley", mo(2021, 7), "about", 59_000, 1000,
            component="USBP")]),
]


def main() -> None:
    raw = Path(os.environ.get("BORDERFLOW_DATA_DIR", "/work/shared/data/raw"))
    o = Oracle(raw)
    items = []
    for i, (style, date, text, figures) in enumerate(FRESH):
        it: dict[str, Any] = {"id": f"f{i:03d}", "style": style, "date": date, "text": text,
                              "form": figures[0]["form"] if len(figures) == 1 else
                              "two figures", "figures": figures}
        it["verdicts"] = verdict(o, it)
        items.append(it)
    doc = {"meta": {"about": "hand-written claims, labelled by tests/claims_oracle.py, "
                             "measured once after tuning"}, "claims": items}
    (HERE / "claims_fresh.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
