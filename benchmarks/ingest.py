"""Full ingest of the shared folder and a no-change re-run, against plain pandas reading.

The baseline is what a plain script does: read every raw file with pandas
(and openpyxl for the workbook), with no validation and no storage.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from _common import data_dir, row, timed

from borderflow.store import Warehouse


def pandas_read_all(root: Path) -> int:
    rows = 0
    for path in sorted(root.rglob("*")):
        name = path.name
        if name.endswith(".csv") and ("nationwide" in name or "sbo-" in name
                                      or "dashboard" in name):
            rows += len(pd.read_csv(path))
        elif name.endswith(".xlsx"):
            rows += sum(len(df) for df in pd.read_excel(path, sheet_name=None,
                                                        engine="openpyxl").values())
        elif name.startswith("usbp_monthly"):
            rows += len(pd.read_csv(path, sep="|"))
    return rows


def main() -> None:
    root = data_dir()
    baseline = timed(lambda: pandas_read_all(root), repeat=3)

    def full() -> None:
        with tempfile.TemporaryDirectory() as tmp, Warehouse(Path(tmp) / "w.duckdb") as wh:
            report = wh.ingest([root])
            assert len(report.ingested) == 24

    ours = timed(full, repeat=3)
    with tempfile.TemporaryDirectory() as tmp:
        with Warehouse(Path(tmp) / "w.duckdb") as wh:
            wh.ingest([root])

        def rerun() -> None:
            with Warehouse(Path(tmp) / "w.duckdb") as wh:
                report = wh.ingest([root])
                assert not report.ingested

        again = timed(rerun, repeat=5)
    print("borderflow ingest benchmark (median of runs; ratio = borderflow / baseline)")
    row("full ingest of the shared folder", ours, baseline, target="(target < 5 s)")
    row("no-change re-run", again, baseline, target="(target < 0.5 s)")


if __name__ == "__main__":
    main()
