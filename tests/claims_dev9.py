"""Development claims in styles the fresh sets lack (issue 12, after measurement 8).

Speeches with rhetorical numbers, social posts with slang and hashtags, press
releases by members of Congress, Spanish-language reports translated into
English, editorials with several figures per sentence and headlines; fiscal
against calendar year, states, field offices, demographics, Title 8 / Title 42,
got-aways and releases.  Written by hand with the literal reading of each figure
beside it; verdicts come from the oracle.  Used for development only (its misses
were studied): it is no held-out set.  ``python -m tests.claims_dev9`` writes
``tests/data/claims_dev9.json``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tests.claims_fresh import NAT, SW, count, cy, fy, mo, span
from tests.claims_oracle import Oracle, verdict

HERE = Path(__file__).resolve().parent / "data"


def _share(place: str, months: list[str], qual: str, value: float, of: str, what: str
           ) -> dict[str, Any]:
    return {"form": "share", "place": place, "months": months, "qual": qual, "value": value,
            "unit": 0.05, "share_of": of, of: what}


DEV9: list[tuple[str, str, str, list[dict[str, Any]]]] = [
    ("speech", "2024-02-10",
     "“Think about it: last year, two and a half million encounters at our southern border. "
     "Two and a half million!”",
     [count(SW, cy(2023), "exact", 2_500_000, 100_000)]),
    ("speech", "2023-10-30",
     "“In fiscal year 2023, our agents apprehended over two million people at the southwest "
     "border.”",
     [count(SW, fy(2023), "more", 2_000_000, 1_000_000, component="USBP")]),
    ("speech", "2025-03-05",
     "“Last month we had the lowest number of illegal crossings in the history of our "
     "country: just 8,300 apprehensions by Border Patrol at the southern border.”",
     [count(SW, mo(2025, 2), "exact", 8_300, 100, component="USBP")]),
    ("social post", "2023-01-15",
     "BREAKING 🚨 250K+ encounters at the southern border in December. #BidenBorderCrisis "
     "#SecureTheBorder",
     [count(SW, mo(2022, 12), "more", 250_000, 10_000)]),
    ("social post", "2024-07-20",
     "lol “border crisis”?? encounters at the SW border dropped to ~130k in June. ratio. "
     "#immigration",
     [count(SW, mo(2024, 6), "about", 130_000, 10_000)]),
    ("social post", "2025-12-20",
     "Border crossers caught by BP at the southern border: 7,353 in November. Lowest Nov "
     "ever?? 🤔 #BorderSecurity",
     [count(SW, mo(2025, 11), "exact", 7_353, component="USBP")]),
    ("social post", "2024-01-05",
     "ngl the numbers are insane: 3.3 million border encounters nationwide in 2023 "
     "#openborders",
     [count(NAT, cy(2023), "exact", 3_300_000, 100_000)]),
    ("social post", "2023-10-25",
     "Y'all 2.5M illegals got caught at the border in FY23 and the media is silent 🙄",
     [count(SW, fy(2023), "exact", 2_500_000, 100_000)]),
    ("press release", "2024-02-15",
     "WASHINGTON — Rep. Smith (R-Texas) issued the following statement after CBP released "
     "January data: “Another 176,000 encounters at the southwest border in January. Texas "
     "alone accounted for nearly 74,000 of them.”",
     [count(SW, mo(2024, 1), "exact", 176_000, 1000),
      count("state:TX", mo(2024, 1), "nearly", 74_000, 1000)]),
    ("press release", "2023-11-20",
     "Congressman Doe said: “Fiscal year 2023 saw a record 3.2 million encounters "
     "nationwide, including more than 137,000 unaccompanied children.”",
     [count(NAT, fy(2023), "exact", 3_200_000, 100_000),
      count(NAT, fy(2023), "more", 137_000, 1000, demographic="UAC")]),
    ("press release", "2022-10-25",
     "Senator Roe: “In FY2022, Border Patrol apprehended 2.2 million migrants at the southern "
     "border, and another 1.1 million were expelled under Title 42.”",
     [count(SW, fy(2022), "exact", 2_200_000, 100_000, component="USBP"),
      count(SW, fy(2022), "exact", 1_100_000, 100_000, authority="Title 42")]),
    ("press release", "2024-01-30",
     "Rep. Gómez: “In December, more than 123,000 family unit members were encountered at "
     "the southwest border.”",
     [count(SW, mo(2023, 12), "more", 123_000, 1000, demographic="FMUA")]),
    ("translated report", "2023-06-20",
     "According to CBP data, in the month of May a total of 206,690 migrants were detained "
     "at the southwestern border, 32,733 of them Venezuelans.",
     [count(SW, mo(2023, 5), "exact", 206_690),
      count(SW, mo(2023, 5), "exact", 32_733, citizenship="VENEZUELA")]),
    ("translated report", "2024-11-05",
     "In fiscal year 2024, the Mexican nationals encountered at the southern border numbered "
     "653,684, according to the federal agency.",
     [count(SW, fy(2024), "exact", 653_684, citizenship="MEXICO")]),
    ("translated report", "2025-07-15",
     "The number of minors who traveled unaccompanied and were intercepted at the border with "
     "Mexico was 677 in June, according to official figures.",
     [count(SW, mo(2025, 6), "exact", 677, demographic="UAC")]),
    ("translated report", "2023-10-25",
     "Venezuelans were the second largest nationality at the southern border in fiscal year "
     "2023, with 266,071 encounters.",
     [{"form": "rank_citizenship", "place": SW, "months": fy(2023), "name": "VENEZUELA",
       "rank": 2},
      count(SW, fy(2023), "exact", 266_071, citizenship="VENEZUELA")]),
    ("editorial", "2024-10-30",
     "Encounters at the southwest border fell from 2.48 million in fiscal 2023 to 2.14 "
     "million in fiscal 2024, while those at ports of entry rose from 430,000 to 604,000.",
     [count(SW, fy(2023), "exact", 2_480_000, 10_000),
      count(SW, fy(2024), "exact", 2_140_000, 10_000),
      count(SW, fy(2023), "exact", 430_000, 10_000, component="OFO"),
      count(SW, fy(2024), "exact", 604_000, 1000, component="OFO")]),
    ("editorial", "2023-07-20",
     "In May, encounters at the southwest border were 206,690; in June, after Title 42 "
     "ended, they fell to 144,556.",
     [count(SW, mo(2023, 5), "exact", 206_690), count(SW, mo(2023, 6), "exact", 144_556)]),
    ("editorial", "2024-11-10",
     "Arizona logged 564,000 encounters in fiscal 2024 and California 562,000, while Texas, "
     "long the busiest, recorded 991,000.",
     [count("state:AZ", fy(2024), "exact", 564_000, 1000),
      count("state:CA", fy(2024), "exact", 562_000, 1000),
      count("state:TX", fy(2024), "exact", 991_000, 1000)]),
    ("headline", "2024-01-27",
     "Border encounters hit record 302,000 in December",
     [count(SW, mo(2023, 12), "exact", 302_000, 1000)]),
    ("headline", "2025-03-04",
     "Southwest border apprehensions plunge to 8,347 in February, lowest on record",
     # one figure, as in fresh set 1 (a record sentence with a figure is the figure's claim)
     [count(SW, mo(2025, 2), "exact", 8_347, component="USBP")]),
    ("headline", "2023-05-16",
     "Migrant encounters at U.S.-Mexico border top 211,000 in April",
     [count(SW, mo(2023, 4), "more", 211_000, 1000)]),
    ("headline", "2022-11-01",
     "Migrant crossings top 2.3 million in fiscal 2022",
     [count(SW, fy(2022), "more", 2_300_000, 100_000)]),
    ("news wire", "2024-01-20",
     "In 2023, encounters at the southwest border totaled 2.48 million.",
     [count(SW, cy(2023), "exact", 2_480_000, 10_000)]),
    ("news wire", "2022-12-10",
     "Nationwide encounters reached about 2.77 million in 2022.",
     [count(NAT, cy(2022), "about", 2_770_000, 10_000)]),
    ("news wire", "2024-10-25",
     "Last year, CBP recorded 2.9 million encounters nationwide.",
     [count(NAT, cy(2023), "exact", 2_900_000, 100_000)]),
    ("local TV", "2023-10-30",
     "Texas saw nearly 1.4 million encounters in fiscal 2023.",
     [count("state:TX", fy(2023), "nearly", 1_400_000, 100_000)]),
    ("local TV", "2025-12-20",
     "New Mexico recorded more than 40,000 migrant encounters in fiscal 2025.",
     [count("state:NM", fy(2025), "more", 40_000, 10_000)]),
    ("local TV", "2025-01-20",
     "CBP officers at the Laredo Field Office encountered about 21,400 people in December.",
     [count("office:Laredo", mo(2024, 12), "about", 21_400, 100, component="OFO")]),
    ("local TV", "2025-04-20",
     "The El Paso Field Office reported roughly 500 inadmissibles in March.",
     [count("office:El Paso", mo(2025, 3), "about", 500, 100, component="OFO")]),
    ("news wire", "2024-02-15",
     "The number of unaccompanied children encountered at the southwest border fell to 8,513 "
     "in January.",
     [count(SW, mo(2024, 1), "exact", 8_513, demographic="UAC")]),
    ("news wire", "2023-10-25",
     "Family units accounted for about a third of southwest border encounters in fiscal "
     "2023.",
     [_share(SW, fy(2023), "about", 1 / 3, "demographic", "FMUA")]),
    ("news wire", "2024-07-20",
     "Encounters with families at the southwest border totaled 46,949 in June.",
     [count(SW, mo(2024, 6), "exact", 46_949, demographic="FMUA")]),
    ("news wire", "2023-10-30",
     "Under Title 8, CBP processed about 1.9 million encounters at the southwest border in "
     "fiscal 2023.",
     [count(SW, fy(2023), "about", 1_900_000, 100_000, authority="Title 8")]),
    ("news wire", "2022-01-20",
     "Title 42 expulsions made up more than half of southwest border encounters in fiscal "
     "2021.",
     [_share(SW, fy(2021), "more", 0.5, "authority", "Title 42")]),
    ("news wire", "2023-06-15",
     "Southwest border encounters processed under Title 42 were 32,446 in May.",
     [count(SW, mo(2023, 5), "exact", 32_446, authority="Title 42")]),
    ("speech", "2023-12-01",
     "“And that doesn't count the 600,000 got-aways last fiscal year, people who evaded our "
     "agents entirely.”",
     [{"form": "gotaways", "place": SW, "months": fy(2023)}]),
    ("press release", "2024-02-01",
     "Rep. Hall: “CBP released more than 2 million migrants into the interior since 2021.”",
     [{"form": "releases", "place": SW, "months": span(2021, 1, 36)}]),
    ("social post", "2023-06-01",
     "1.5M+ gotaways under Biden. Nobody's counting them. #BorderCrisis",
     [{"form": "gotaways", "place": SW, "months": mo(2023, 5)}]),
    ("news wire", "2024-06-20",
     "Border Patrol apprehensions at the southwest border fell to about 118,000 in May.",
     [count(SW, mo(2024, 5), "about", 118_000, 1000, component="USBP")]),
    ("social post", "2024-06-18",
     "Border crossings in May: 250,000. Unreal. #bidenborder",
     [count(SW, mo(2024, 5), "exact", 250_000, 10_000)]),
    ("editorial", "2025-11-20",
     "In fiscal 2025, Border Patrol's southwest apprehensions fell to about 238,000, down 84% "
     "from 1.53 million the year before.",
     [count(SW, fy(2025), "about", 238_000, 1000, component="USBP"),
      {"form": "change", "place": SW, "months": fy(2025), "qual": "exact", "value": 84.0,
       "unit": 1.0, "direction": "down", "base_months": fy(2024), "component": "USBP"},
      count(SW, fy(2024), "exact", 1_530_000, 10_000, component="USBP")]),
    ("press release", "2025-10-20",
     "Rep. Young: “In September, illegal crossings at the southern border were down 95% from "
     "September 2023.”",
     [{"form": "change", "place": SW, "months": mo(2025, 9), "qual": "exact", "value": 95.0,
       "unit": 1.0, "direction": "down", "base_months": mo(2023, 9)}]),
    # batch 2 (d043-), written after the fixes from batch 1, scored once before its own fixes
    ("speech", "2025-02-28",
     "“In January, a total of 29,000 illegal aliens were apprehended by Border Patrol at the "
     "southwest border; that is down from 47,000 in December.”",
     [count(SW, mo(2025, 1), "exact", 29_000, 1000, component="USBP"),
      count(SW, mo(2024, 12), "exact", 47_000, 1000, component="USBP")]),
    ("social post", "2023-09-20",
     "Another day another record. 260k+ at the southern border in August?!? 🤡 "
     "#BidenBorderCrisis",
     [count(SW, mo(2023, 8), "more", 260_000, 10_000)]),
    ("social post", "2024-05-02",
     "FACT: fewer than 190k southwest border encounters in March. The fake news won't tell "
     "you that. #Border",
     [count(SW, mo(2024, 3), "less", 190_000, 10_000)]),
    ("social post", "2025-06-20",
     "BP apprehensions at the SW border in May: ~8,700. Lowest May in decades. 🇺🇸",
     [count(SW, mo(2025, 5), "about", 8_700, 100, component="USBP")]),
    ("social post", "2023-12-30",
     "1 in 4 SW border encounters in FY23 were Mexicans fr",
     [_share(SW, fy(2023), "about", 0.25, "citizenship", "MEXICO")]),
    ("social post", "2024-10-24",
     "Texas: 991k encounters FY24. Arizona: 564k. California: 562k. #BorderStats",
     [count("state:TX", fy(2024), "exact", 991_000, 1000),
      count("state:AZ", fy(2024), "exact", 564_000, 1000),
      count("state:CA", fy(2024), "exact", 562_000, 1000)]),
    ("press release", "2023-05-20",
     "Senator Kelly (D-Ariz.) said the Tucson Sector saw more than 25,000 apprehensions in "
     "April.",
     [count("sector:Tucson", mo(2023, 4), "more", 25_000, 1000, component="USBP")]),
    ("press release", "2024-10-23",
     "Rep. Ruiz (D-Calif.): “California recorded more than 560,000 border encounters in "
     "fiscal year 2024.”",
     [count("state:CA", fy(2024), "more", 560_000, 10_000)]),
    ("press release", "2023-11-15",
     "Fiscal year 2023 set a record with 2,475,669 southwest border encounters, including "
     "2,045,838 Border Patrol apprehensions.",
     [count(SW, fy(2023), "exact", 2_475_669),
      count(SW, fy(2023), "exact", 2_045_838, component="USBP")]),
    ("press release", "2022-02-16",
     "In January, the Border Patrol's Rio Grande Valley Sector apprehended 19,000 migrants, "
     "a 12% drop from December.",
     [count("sector:Rio Grande Valley", mo(2022, 1), "exact", 19_000, 1000, component="USBP"),
      {"form": "change", "place": "sector:Rio Grande Valley", "months": mo(2022, 1),
       "qual": "exact", "value": 12.0, "unit": 1.0, "direction": "down",
       "base_months": mo(2021, 12), "component": "USBP"}]),
    ("translated report", "2024-02-20",
     "In January, Border Patrol detained 124,220 people between ports of entry on the border "
     "with Mexico, a decline of about 50% compared to December.",
     [count(SW, mo(2024, 1), "exact", 124_220, 10, component="USBP"),
      {"form": "change", "place": SW, "months": mo(2024, 1), "qual": "about", "value": 50.0,
       "unit": 10.0, "direction": "down", "base_months": mo(2023, 12), "component": "USBP"}]),
    ("translated report", "2023-10-30",
     "Of the 2.47 million migrants intercepted at the southern border in fiscal year 2023, "
     "some 266,000 were Venezuelans.",
     [count(SW, fy(2023), "exact", 2_470_000, 10_000),
      count(SW, fy(2023), "about", 266_000, 1000, citizenship="VENEZUELA")]),
    ("translated report", "2025-02-20",
     "The number of unaccompanied minors apprehended at the border with Mexico fell to 3,220 "
     "in January, according to CBP.",
     [count(SW, mo(2025, 1), "exact", 3_220, 10, demographic="UAC", component="USBP")]),
    ("editorial", "2024-02-01",
     "December's 302,000 southwest border encounters were a record, and the 249,700 Border "
     "Patrol apprehensions were the most since 2000.",
     [count(SW, mo(2023, 12), "exact", 302_000, 1000),
      count(SW, mo(2023, 12), "exact", 249_700, 100, component="USBP")]),
    ("editorial", "2025-10-30",
     "Fiscal 2025's 443,671 southwest encounters — down from 2.1 million in fiscal 2024 and "
     "2.5 million in fiscal 2023 — were the fewest in decades.",
     [count(SW, fy(2025), "exact", 443_671), count(SW, fy(2024), "exact", 2_100_000, 100_000),
      count(SW, fy(2023), "exact", 2_500_000, 100_000)]),
    ("editorial", "2023-01-30",
     "Nationwide encounters topped 2.7 million in fiscal 2022 while southwest border "
     "encounters exceeded 2.3 million, and Border Patrol apprehensions alone passed 2.2 "
     "million.",
     [count(NAT, fy(2022), "more", 2_700_000, 100_000),
      count(SW, fy(2022), "more", 2_300_000, 100_000),
      count(SW, fy(2022), "more", 2_200_000, 100_000, component="USBP")]),
    ("headline", "2024-03-15",
     "Southwest border encounters rise to 189,000 in February",
     [count(SW, mo(2024, 2), "exact", 189_000, 1000)]),
    ("headline", "2022-10-22",
     "Border encounters top 2.76 million in fiscal 2022, most ever",
     [count(SW, fy(2022), "more", 2_760_000, 10_000)]),
    ("headline", "2025-12-17",
     "CBP: 30,375 encounters nationwide in November",
     [count(NAT, mo(2025, 11), "exact", 30_375)]),
    ("headline", "2023-07-19",
     "Title 42 ends; June border encounters fall to 144,571",
     [count(SW, mo(2023, 6), "exact", 144_571)]),
    ("local TV", "2024-01-10",
     "Arizona had about 580,000 encounters in 2023.",
     [count("state:AZ", cy(2023), "about", 580_000, 10_000)]),
    ("news wire", "2024-11-15",
     "Nationwide, CBP encountered 2.9 million migrants in fiscal 2024, down from 3.2 million "
     "the year before.",
     [count(NAT, fy(2024), "exact", 2_900_000, 100_000),
      count(NAT, fy(2023), "exact", 3_200_000, 100_000)]),
    ("local TV", "2025-08-20",
     "At the San Diego Field Office, officers recorded about 1,000 encounters in July.",
     [count("office:San Diego", mo(2025, 7), "about", 1_000, 1000, component="OFO")]),
    ("local TV", "2026-04-20",
     "The Tucson Field Office logged fewer than 600 inadmissibles in March.",
     [count("office:Tucson", mo(2026, 3), "less", 600, 100, component="OFO")]),
    ("news wire", "2022-11-20",
     "Single adults accounted for roughly 60% of southwest border encounters in fiscal 2022.",
     [_share(SW, fy(2022), "about", 0.6, "demographic", "Single Adults")]),
    ("news wire", "2024-12-10",
     "Encounters of people traveling in family units at the southwest border exceeded 800,000 "
     "in fiscal 2024.",
     [count(SW, fy(2024), "more", 800_000, 100_000, demographic="FMUA")]),
    ("news wire", "2023-06-20",
     "Title 8 encounters at the southwest border rose to about 174,000 in May.",
     [count(SW, mo(2023, 5), "about", 174_000, 1000, authority="Title 8")]),
    ("speech", "2024-01-10",
     "“There were about 670,000 known gotaways in fiscal 2023, and those are just the ones we "
     "know about,” the congressman said.",
     [{"form": "gotaways", "place": SW, "months": fy(2023)}]),
    ("news wire", "2023-05-20",
     "Border Patrol released about 10,000 migrants a day into U.S. communities this week.",
     [{"form": "releases", "place": SW, "months": mo(2023, 5)}]),
    ("local TV", "2023-12-20",
     "There are currently more than 20,000 migrants detained in CBP facilities.",
     [{"form": "custody", "place": SW, "months": mo(2023, 12)}]),
    ("news wire", "2022-10-30",
     "A record 853 migrants died crossing the southwest border in fiscal 2022.",
     [{"form": "deaths", "place": SW, "months": fy(2022)}]),
    ("social post", "2023-10-22",
     "2.4 million illegals crossed in FY22 and 2.5 million in FY23. Do the math.",
     [count(SW, fy(2022), "exact", 2_400_000, 100_000),
      count(SW, fy(2023), "exact", 2_500_000, 100_000)]),
    ("speech", "2023-09-25",
     "“Nearly a quarter of a million encounters in a single month, August, at our southern "
     "border.”",
     [count(SW, mo(2023, 8), "nearly", 250_000, 10_000)]),
    # batch 3 (d076-): the failure patterns in new sentences, and more styles
    ("news wire", "2024-03-13",
     "Figures released this week show 189,922 encounters at the southwest border.",
     [count(SW, mo(2024, 2), "exact", 189_922)]),
    ("news wire", "2024-02-14",
     "Encounters at the southwest border dropped to about 176,000 in January.",
     [count(SW, mo(2024, 1), "about", 176_000, 1000)]),
    ("news wire", "2023-11-20",
     "Venezuelans, second only to Mexicans, accounted for 266,071 southwest border encounters "
     "in fiscal 2023.",
     [count(SW, fy(2023), "exact", 266_071, citizenship="VENEZUELA")]),
    ("news wire", "2023-11-20",
     "As agents warned of a new surge, total southwest border encounters reached 2,475,669 in "
     "fiscal 2023.",
     [count(SW, fy(2023), "exact", 2_475_669)]),
    ("speech", "2024-05-01",
     "“Last year, 3.2 million encounters at the southern border!”",
     [count(SW, cy(2023), "exact", 3_200_000, 100_000)]),
    ("news wire", "2023-10-25",
     "Nearly 430,000 people were encountered at southwest border ports of entry in fiscal "
     "2023.",
     [count(SW, fy(2023), "nearly", 430_000, 10_000, component="OFO")]),
    ("news wire", "2024-10-25",
     "Southwest border encounters were down more than 10% in fiscal 2024 from fiscal 2023.",
     [{"form": "change", "place": SW, "months": fy(2024), "qual": "more", "value": 10.0,
       "unit": 10.0, "direction": "down", "base_months": fy(2023)}]),
    ("speech", "2023-11-01",
     "“Encounters at the southwest border exceeded two million in both fiscal 2022 and "
     "2023.”",
     [{"form": "threshold_all", "place": SW, "months": fy(2022), "qual": "more",
       "value": 2_000_000.0, "periods": [fy(2022), fy(2023)]}]),
    ("local TV", "2023-11-20",
     "El Paso was the busiest Border Patrol sector in fiscal 2023.",
     [{"form": "rank_sector", "place": SW, "months": fy(2023), "name": "El Paso",
       "rank": 1}]),
    ("news wire", "2024-11-20",
     "Cubans were the fourth most common nationality at the southwest border in fiscal 2024.",
     [{"form": "rank_citizenship", "place": SW, "months": fy(2024), "name": "CUBA",
       "rank": 4}]),
    ("news wire", "2024-11-20",
     "Roughly one in five southwest border encounters in fiscal 2024 involved Venezuelans.",
     [_share(SW, fy(2024), "about", 0.2, "citizenship", "VENEZUELA")]),
    ("local TV", "2024-01-20",
     "Southwest border encounters rose in December compared with November.",
     [{"form": "direction", "place": SW, "months": mo(2023, 12), "direction": "up",
       "base_months": mo(2023, 11)}]),
    ("news wire", "2023-10-25",
     "Encounters with Venezuelans at the southwest border more than doubled in fiscal 2023 "
     "from fiscal 2022.",
     [{"form": "multiple", "place": SW, "months": fy(2023), "qual": "more", "value": 2.0,
       "direction": "up", "base_months": fy(2022), "citizenship": "VENEZUELA"}]),
    ("social post", "2024-01-05",
     "December 2023: the most southwest border encounters on record. Let that sink in.",
     [{"form": "record", "place": SW, "months": mo(2023, 12), "extreme": "high",
       "since": "2018-10-01"}]),
    ("speech", "2022-10-25",
     "“Two million encounters at the southwest border in fiscal 2022, folks.”",
     [count(SW, fy(2022), "exact", 2_000_000, 1_000_000)]),
    ("news wire", "2024-11-20",
     "Texas saw over 990,000 southwest border encounters in fiscal 2024.",
     [count("state:TX", fy(2024), "more", 990_000, 10_000)]),
    ("social post", "2024-01-20",  # written as 2023-12-20 at first: December had not ended
     "Crossers got caught 301,981 times at the border in December. Insane.",
     [count(SW, mo(2023, 12), "exact", 301_981)]),
    ("news wire", "2022-10-25",
     "More than a million migrants were expelled at the southwest border under Title 42 in "
     "fiscal 2022.",
     [count(SW, fy(2022), "more", 1_000_000, 1_000_000, authority="Title 42")]),
    ("news wire", "2023-10-25",
     "More than 2 million people entered the United States illegally in fiscal 2023, "
     "according to Border Patrol data.",
     [{"form": "entries", "place": SW, "months": fy(2023), "qual": "more",
       "value": 2_000_000.0, "unit": 1_000_000.0}]),
    ("local TV", "2023-05-20",
     "On Tuesday alone, agents in El Paso encountered more than 1,800 migrants.",
     [{"form": "daily", "place": SW, "months": mo(2023, 5)}]),
    ("news wire", "2024-02-20",
     "Immigration judges granted asylum in about 14,000 cases in January.",
     [{"form": "asylum", "place": SW, "months": mo(2024, 1)}]),
    ("press release", "2024-10-24",
     "Rep. Diaz (R-Fla.): “Under Title 8, Border Patrol apprehended 1.53 million migrants "
     "between ports of entry in fiscal 2024.”",
     [count(SW, fy(2024), "exact", 1_530_000, 10_000, component="USBP",
            authority="Title 8")]),
    ("editorial", "2024-12-01",
     "Nationwide encounters hit 2.9 million in fiscal 2024, of which about 2.1 million were "
     "at the southwest border.",
     [count(NAT, fy(2024), "exact", 2_900_000, 100_000),
      count(SW, fy(2024), "about", 2_100_000, 100_000)]),
    # batch 4 (d099-): title-case headlines, hashtags, several figures in a post
    ("headline", "2024-02-14",
     "Border Encounters Fall To 176,000 In January As Crossings Ease",
     [count(SW, mo(2024, 1), "exact", 176_000, 1000)]),
    ("headline", "2023-10-22",
     "Record 2.48 Million Migrant Encounters At Southern Border In Fiscal 2023",
     [count(SW, fy(2023), "exact", 2_480_000, 10_000)]),
    ("social post", "2025-12-18",
     "#BorderPatrol stats for Nov: 7,353 apprehensions on the SW border vs 7,988 in Oct. "
     "Keep it up 💪",
     [count(SW, mo(2025, 11), "exact", 7_353, component="USBP"),
      count(SW, mo(2025, 10), "exact", 7_988, component="USBP")]),
    ("social post", "2024-11-20",
     "FY24 southwest border encounters: 2.1M. FY23: 2.5M. FY22: 2.4M. Still way too high.",
     [count(SW, fy(2024), "exact", 2_100_000, 100_000),
      count(SW, fy(2023), "exact", 2_500_000, 100_000),
      count(SW, fy(2022), "exact", 2_400_000, 100_000)]),
    ("speech", "2024-06-10",
     "“Our agents encountered almost 118,000 people between the ports in May alone.”",
     [count(SW, mo(2024, 5), "nearly", 118_000, 1000, component="USBP")]),
    ("translated report", "2024-07-18",
     "CBP reported that in June some 83,500 migrants were detained by the Border Patrol on "
     "the southern border, the lowest figure of the year.",
     [count(SW, mo(2024, 6), "about", 83_500, 100, component="USBP")]),
    ("press release", "2021-10-25",
     "Rep. Cruz (R-Texas): “In fiscal year 2021, Texas accounted for more than 1.1 million "
     "encounters at the southern border.”",
     [count("state:TX", fy(2021), "more", 1_100_000, 100_000)]),
    ("editorial", "2025-01-15",
     "Arizona's encounters fell to about 14,000 in November from more than 58,000 in "
     "January, while New Mexico's dropped below 4,000.",
     [count("state:AZ", mo(2024, 11), "about", 14_000, 1000),
      count("state:AZ", mo(2024, 1), "more", 58_000, 1000),
      count("state:NM", mo(2024, 11), "less", 4_000, 1000)]),
    ("news wire", "2023-02-20",
     "Encounters of unaccompanied children at the southwest border totaled about 9,000 in "
     "January, down from about 12,300 in December.",
     [count(SW, mo(2023, 1), "about", 9_000, 1000, demographic="UAC"),
      count(SW, mo(2022, 12), "about", 12_300, 100, demographic="UAC")]),
    ("headline", "2022-06-16",
     "Border Patrol Apprehensions Top 222,000 In May",
     [count(SW, mo(2022, 5), "more", 222_000, 1000, component="USBP")]),
    # batch 5 (d109-): numbers in words, arrests, shares in percent, translated phrasing
    ("translated report", "2023-10-25",
     "At the southern border of the United States, nearly two and a half million "
     "encounters with migrants were registered in fiscal year 2023.",
     [count(SW, fy(2023), "nearly", 2_500_000, 100_000)]),
    ("speech", "2022-11-01",
     "“Over a million Title 42 expulsions at the southern border last fiscal year alone.”",
     [count(SW, fy(2022), "more", 1_000_000, 1_000_000, authority="Title 42")]),
    ("news wire", "2024-02-20",
     "Border arrests by the Border Patrol plunged to 124,215 in January from 249,740 in "
     "December.",
     [count(SW, mo(2024, 1), "exact", 124_215, component="USBP"),
      count(SW, mo(2023, 12), "exact", 249_740, component="USBP")]),
    ("news wire", "2023-11-15",
     "Mexicans made up about 29% of southwest border encounters in fiscal 2023.",
     [_share(SW, fy(2023), "about", 0.29, "citizenship", "MEXICO")]),
    ("local TV", "2024-05-20",
     "In April, California's encounters topped 40,000 for the first time.",
     [count("state:CA", mo(2024, 4), "more", 40_000, 10_000)]),
    ("translated report", "2024-12-20",
     "Apprehensions of Mexican nationals by the Border Patrol at the border with Mexico "
     "reached about 18,000 in November.",
     [count(SW, mo(2024, 11), "about", 18_000, 1000, component="USBP",
            citizenship="MEXICO")]),
    ("social post", "2024-03-20",
     "half a million illegal crossings at the southern border in just Dec + Jan. "
     "#ClosedBorder lol",
     [count(SW, span(2023, 12, 2), "exact", 500_000, 100_000)]),
    ("press release", "2024-06-20",
     "Office of Field Operations officers at southwest border ports processed 52,811 "
     "inadmissible noncitizens in May.",
     [count(SW, mo(2024, 5), "exact", 52_811, component="OFO")]),
    ("news wire", "2025-01-20",
     "Nationwide encounters fell to 124,482 in December, the lowest since January 2021, from "
     "about 153,000 in November.",
     [count(NAT, mo(2024, 12), "exact", 124_482),
      count(NAT, mo(2024, 11), "about", 153_000, 1000)]),
    ("editorial", "2023-12-01",
     "Title 8 processing, not Title 42, applied to all 2,475,669 southwest border "
     "encounters in fiscal 2023.",
     [count(SW, fy(2023), "exact", 2_475_669, authority="Title 8")]),
]


def main() -> None:
    raw = Path(os.environ.get("BORDERFLOW_DATA_DIR", "/work/shared/data/raw"))
    o = Oracle(raw)
    items = []
    for i, (style, date, text, figures) in enumerate(DEV9):
        it: dict[str, Any] = {"id": f"d{i:03d}", "style": style, "date": date, "text": text,
                              "form": figures[0]["form"] if len(figures) == 1 else
                              "two figures", "figures": figures}
        it["verdicts"] = verdict(o, it)
        items.append(it)
    doc = {"meta": {"about": "development claims in new styles, labelled by "
                             "tests/claims_oracle.py (not held out)"}, "claims": items}
    (HERE / "claims_dev9.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False)
                                           + "\n")


if __name__ == "__main__":
    main()
