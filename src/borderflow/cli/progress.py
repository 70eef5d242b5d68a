"""Progress on stderr for steps that take a while.

A step that ends within ``after`` seconds prints nothing, so quick commands
stay quiet; a slower one is announced on stderr once it has run that long,
and its end is reported with the time it took.  Standard output (tables, CSV,
JSON) is never touched, so piped output stays clean.  The threshold is one
second, or ``BORDERFLOW_PROGRESS_AFTER`` seconds when that is set (0: every step).
"""

from __future__ import annotations

import os
import threading
import time
from types import TracebackType

from rich.console import Console


def _threshold() -> float:
    text = os.environ.get("BORDERFLOW_PROGRESS_AFTER", "1")
    try:
        return max(0.0, float(text))
    except ValueError:
        return 1.0


class Steps:
    """``with Steps() as step: step("reading"); ...; step("charts"); ...``"""

    def __init__(self, out: Console | None = None, after: float | None = None) -> None:
        self._out = out or Console(stderr=True, highlight=False)
        self._after = after if after is not None else _threshold()
        self._lock = threading.Lock()
        self._label: str | None = None
        self._started = 0.0
        self._announced = False
        self._timer: threading.Timer | None = None

    def __call__(self, label: str) -> None:
        """End the current step (if any) and start ``label``."""
        self._end()
        with self._lock:
            self._label, self._started, self._announced = label, time.monotonic(), False
            self._timer = threading.Timer(self._after, self._announce, args=(label,))
            self._timer.daemon = True
            self._timer.start()

    def _announce(self, label: str) -> None:
        with self._lock:
            if self._label == label and not self._announced:
                self._announced = True
                self._out.print(f"{label}...", markup=False)

    def _end(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            if self._label is not None and self._announced:
                took = time.monotonic() - self._started
                self._out.print(f"{self._label}: done in {took:.1f} s", markup=False)
            self._label, self._timer = None, None

    def __enter__(self) -> Steps:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._end()
