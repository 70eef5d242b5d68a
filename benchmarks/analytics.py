"""The monthly report end to end, and the detector over every series.

Baselines, run in the same process: for the report, a plain pandas script
computing the same headline numbers from the raw files (no charts, no
alerts); for the detector, a naive rule that flags any month-on-month change
over 40% (no seasonal adjustment, no level shifts).
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from _common import data_dir, row

from borderflow.store import Warehouse


def pandas_headline(root: Path) -> dict[str, int]:
    state = pd.read_csv(root / "cbp_nationwide_state"
                        / "nationwide-encounters-fy23-fy26-nov-state.csv")
    sbo = pd.read_csv(root / "cbp_southwest_sbo" / "sbo-encounters-fy22-fy25-aug.csv")
    fy = state["Fiscal Year"].astype(str).str[:4].astype(int)
    aug = state[(fy == 2023) & (state["Month (abbv)"] == "AUG")]
    sfy = sbo["Fiscal Year"].astype(str).str[:4].astype(int)
    saug = sbo[(sfy == 2023) & (sbo["Month (abbv)"] == "AUG")]
    return {
        "southwest": int(aug[aug["Land Border Region"] == "Southwest Land Border"][
            "Encounter Count"].sum()),
        "nation": int(aug["Encounter Count"].sum()),
        **{k: int(v) for k, v in saug.groupby("Component")["Encounter Count"].sum().items()},
    }


def naive_alerts(series: list) -> int:  # type: ignore[type-arg]
    flagged = 0
    for s in series:
        y = np.array([p.encounters for p in s.points], dtype=float)
        change = np.abs(np.diff(y) / np.maximum(y[:-1], 1))
        flagged += int((change > 0.4).sum())
    return flagged


def main() -> None:
    from borderflow.analytics.detect import all_series, detect_all
    from borderflow.report.monthly import build_report

    root = data_dir()
    with tempfile.TemporaryDirectory() as tmp, Warehouse(Path(tmp) / "w.duckdb") as wh:
        wh.ingest([root])
        t = time.perf_counter()
        build_report(wh, dt.date(2023, 8, 1), Path(tmp) / "first")
        first = time.perf_counter() - t
        times = []
        for i in range(3):
            t = time.perf_counter()
            report = build_report(wh, dt.date(2023, 8, 1), Path(tmp) / f"r{i}")
            times.append(time.perf_counter() - t)
        warm = sorted(times)[1]
        t = time.perf_counter()
        headline = pandas_headline(root)
        base = time.perf_counter() - t
        assert headline["southwest"] == report.headline["Southwest border encounters"]
        print("monthly report for August 2023 (HTML + PDF + 5 charts + alerts over 13 series)")
        row("report, first run in a process (imports)", first, base, target="(target < 5 s)")
        row("report, warm", warm, base, target="(target < 5 s)")
        series = all_series(wh)
        t = time.perf_counter()
        alerts = detect_all(wh, series)
        ours = time.perf_counter() - t
        t = time.perf_counter()
        naive = naive_alerts(series)
        naive_time = time.perf_counter() - t
        months = sum(len(s.points) for s in series)
        print(f"detector over {len(series)} series ({months:,} series-months): {len(alerts)} "
              f"alerts; naive 40% rule: {naive} flags")
        row("detector (STL + robust z + PELT)", ours, naive_time)


if __name__ == "__main__":
    main()
