"""p50/p95 latency of ten typical queries, against pandas over the same raw files.

The pandas baseline gets the files already loaded into DataFrames (its best
case) and answers each question with boolean masks and groupby.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
from _common import data_dir, percentile, row

from borderflow.store import Query, Warehouse

D = dt.date
SW = {"region": "southwest"}
MONTHS = ["OCT", "NOV", "DEC", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP"]

QUERIES: list[tuple[str, Query]] = [
    ("southwest FY2023 total", Query(filters=SW, fiscal_years=(2023,))),
    ("southwest Aug 2023 by component",
     Query(filters=SW, start=D(2023, 8, 1), end=D(2023, 8, 1), group_by=("component",))),
    ("nationwide Aug 2023", Query(start=D(2023, 8, 1), end=D(2023, 8, 1))),
    ("southwest FY2024 by month", Query(filters=SW, fiscal_years=(2024,), group_by=("month",))),
    ("southwest FY2024 by citizenship",
     Query(filters=SW, fiscal_years=(2024,), group_by=("citizenship",))),
    ("USBP sectors Aug 2023", Query(filters={"component": "USBP", "area_type": "sector"},
                                    start=D(2023, 8, 1), end=D(2023, 8, 1), group_by=("area",))),
    ("nationwide by region and FY", Query(group_by=("fy", "region"),
                                          fiscal_years=(2021, 2022, 2023, 2024))),
    ("southwest Oct 2023 as of 2023-11-20",
     Query(filters=SW, start=D(2023, 10, 1), end=D(2023, 10, 1), as_of=D(2023, 11, 20))),
    ("southwest FY2025 by demographic",
     Query(filters=SW, fiscal_years=(2025,), group_by=("demographic",))),
    ("Tucson USBP by month FY2020-24",
     Query(filters={"component": "USBP", "area": "Tucson"}, start=D(2019, 10, 1),
           end=D(2024, 9, 1), group_by=("month",))),
]


def load_frames(root: Path) -> dict[str, pd.DataFrame]:
    folder = root / "cbp_nationwide_state"
    state = pd.read_csv(folder / "nationwide-encounters-fy23-fy26-nov-state.csv")
    state["fy"] = state["Fiscal Year"].astype(str).str[:4].astype(int)
    oct_rel = pd.read_csv(folder / "nationwide-encounters-fy21-fy24-oct-state.csv")
    oct_rel["fy"] = oct_rel["Fiscal Year"].astype(str).str[:4].astype(int)
    sbo = pd.read_csv(root / "cbp_southwest_sbo" / "sbo-encounters-fy22-fy25-aug.csv")
    sbo["fy"] = sbo["Fiscal Year"].astype(str).str[:4].astype(int)
    khsm = pd.read_excel(root / "ohss_khsm" / "KHSM Encounters (USBP) fy25m11.xlsx",
                         sheet_name="Monthly Sector", engine="openpyxl")
    khsm.columns = ["fy", "month", "sector", "q"]
    return {"state": state, "oct": oct_rel, "sbo": sbo, "khsm": khsm}


def pandas_answers(f: dict[str, pd.DataFrame]) -> list[Callable[[], Any]]:
    s, o, b, k = f["state"], f["oct"], f["sbo"], f["khsm"]
    sw = s["Land Border Region"] == "Southwest Land Border"
    return [
        lambda: s[sw & (s.fy == 2023)]["Encounter Count"].sum(),
        lambda: b[(b.fy == 2023) & (b["Month (abbv)"] == "AUG")].groupby("Component")[
            "Encounter Count"].sum(),
        lambda: s[(s.fy == 2023) & (s["Month (abbv)"] == "AUG")]["Encounter Count"].sum(),
        lambda: s[sw & (s.fy == 2024)].groupby("Month (abbv)")["Encounter Count"].sum(),
        lambda: s[sw & (s.fy == 2024)].groupby("Citizenship")["Encounter Count"].sum(),
        lambda: k[(k.fy == 2023) & (k.month == "11 August")].groupby("sector")["q"].sum(),
        lambda: s[s.fy.isin([2023, 2024])].groupby(["fy", "Land Border Region"])[
            "Encounter Count"].sum(),
        lambda: o[(o["Land Border Region"] == "Southwest Land Border") & (o.fy == 2024)
                  & (o["Month (abbv)"] == "OCT")]["Encounter Count"].sum(),
        lambda: s[sw & (s.fy == 2025)].groupby("Demographic")["Encounter Count"].sum(),
        lambda: k[(k.sector == "Tucson, AZ") & k.fy.between(2020, 2024)].groupby(
            ["fy", "month"])["q"].sum(),
    ]


def latencies(calls: list[Callable[[], Any]], rounds: int) -> list[float]:
    out: list[float] = []
    for _ in range(rounds):
        for call in calls:
            t = time.perf_counter()
            call()
            out.append(time.perf_counter() - t)
    return out


def main() -> None:
    root = data_dir()
    with tempfile.TemporaryDirectory() as tmp, Warehouse(Path(tmp) / "w.duckdb") as wh:
        wh.ingest([root])
        ours = [lambda q=q: wh.query(q) for _, q in QUERIES]
        for call in ours:  # warm the caches once, as a running service would be
            call()
        mine = latencies(ours, rounds=30)
        frames = load_frames(root)
        theirs = latencies(pandas_answers(frames), rounds=30)
        print("borderflow query benchmark: ten typical queries x 30 rounds "
              "(ratio = borderflow / pandas on pre-loaded frames)")
        for (label, _), call in zip(QUERIES, ours, strict=True):
            t = time.perf_counter()
            result = call()
            print(f"  {label:<40} {1000 * (time.perf_counter() - t):6.2f} ms  "
                  f"{result.family:<30} total {result.total():>12,}")
        row("p50 latency", percentile(mine, 50), percentile(theirs, 50), unit="ms")
        row("p95 latency", percentile(mine, 95), percentile(theirs, 95), unit="ms",
            target="(target p95 < 10 ms)")


if __name__ == "__main__":
    main()
