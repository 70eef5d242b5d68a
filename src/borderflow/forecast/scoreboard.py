"""The track record: stored forecasts scored against the actuals later releases brought."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from borderflow.forecast.panel import Panel


@dataclass
class Score:
    """One stored forecast and, once known, how it did."""

    series: str
    origin: dt.date
    target: dt.date
    horizon: int
    mean: float
    lo80: float
    hi80: float
    lo95: float
    hi95: float
    made_from: str
    actual: float | None

    @property
    def scored(self) -> bool:
        return self.actual is not None

    @property
    def error_pct(self) -> float | None:
        if self.actual is None or self.actual == 0:
            return None
        return 100.0 * (self.mean - self.actual) / self.actual

    def inside(self, level: int) -> bool | None:
        if self.actual is None:
            return None
        lo, hi = (self.lo80, self.hi80) if level == 80 else (self.lo95, self.hi95)
        return lo <= self.actual <= hi

    def as_dict(self) -> dict[str, Any]:
        return {**{k: (v.isoformat() if isinstance(v, dt.date) else v)
                   for k, v in self.__dict__.items()},
                "error_pct": self.error_pct, "inside80": self.inside(80),
                "inside95": self.inside(95)}


def score(records: list[dict[str, Any]], panel: Panel) -> list[Score]:
    """Attach the actual value (from the newest data) to every stored forecast."""
    col = {m: i for i, m in enumerate(panel.months)}
    out = []
    for r in records:
        actual = None
        if r["series"] in panel.names and r["target"] in col:
            actual = float(panel.values[panel.index(r["series"]), col[r["target"]]])
        out.append(Score(r["series"], r["origin"], r["target"], r["horizon"], r["mean"],
                         r["lo80"], r["hi80"], r["lo95"], r["hi95"], r["releases"], actual))
    return out


def summary(scores: list[Score]) -> dict[str, Any]:
    """Coverage and mean absolute percentage error of the scored forecasts."""
    done = [s for s in scores if s.scored]
    if not done:
        return {"forecasts": len(scores), "scored": 0}
    return {
        "forecasts": len(scores), "scored": len(done),
        "coverage80": float(np.mean([s.inside(80) for s in done])),
        "coverage95": float(np.mean([s.inside(95) for s in done])),
        "mape": float(np.mean([abs(s.error_pct) for s in done if s.error_pct is not None])),
    }
