"""Shared helpers for the benchmark scripts (run them with the project's Python)."""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path


def data_dir() -> Path:
    """``$BORDERFLOW_DATA_DIR`` or ../shared/data/raw beside the checkout."""
    env = os.environ.get("BORDERFLOW_DATA_DIR")
    path = Path(env) if env else Path(__file__).resolve().parents[2] / "shared" / "data" / "raw"
    if not path.is_dir():
        sys.exit(f"official data not found at {path}; set BORDERFLOW_DATA_DIR")
    return path


def timed(func: Callable[[], object], repeat: int = 3) -> float:
    """Median wall time of ``repeat`` calls, in seconds."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        func()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def row(label: str, ours: float, base: float, unit: str = "s", target: str = "") -> None:
    scale = 1000.0 if unit == "ms" else 1.0
    print(f"{label:<44} {ours * scale:9.3f} {unit:<2}  baseline {base * scale:9.3f} {unit:<2}"
          f"  ratio {ours / base:6.3f}  {target}")
