"""Results computed once per served warehouse, whatever URL asked for them.

The read cache (``serve.cache.ReadCache``) keeps answers per URL, so a client
that adds a junk parameter (``/?x=1``, ``/?x=2``...) misses it every time.
The expensive parts behind those answers (the forecasts, the alerts, the
overview's figures) are therefore kept here by what they are, not by URL:
the warehouse is read-only while served, so each is computed once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, Literal, TypeVar

if TYPE_CHECKING:
    from borderflow.analytics.detect import Alert
    from borderflow.forecast.backtest import Forecast
    from borderflow.forecast.current import PanelForecast
    from borderflow.forecast.panel import Panel
    from borderflow.forecast.scoreboard import Score
    from borderflow.store import Warehouse

T = TypeVar("T")
PanelName = Literal["sectors", "components", "demographics"]


class Memo:
    """Thread-safe compute-once store; concurrent callers of one key wait for the first."""

    def __init__(self) -> None:
        self._values: dict[Hashable, Any] = {}
        self._locks: dict[Hashable, threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        """The value kept under ``key``, built by ``build()`` the first time."""
        if key in self._values:
            return self._values[key]  # type: ignore[no-any-return]
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._values:
                self._values[key] = build()
            return self._values[key]  # type: ignore[no-any-return]

    def __len__(self) -> int:
        return len(self._values)


class Served:
    """The slow results both the API and the dashboard serve, each computed once.

    One place names them, so ``/api/forecasts`` and the forecasts page share
    one forecast, and ``/api/forecasts/scoreboard`` and the page one scoreboard.
    """

    def __init__(self, wh: Callable[[], Warehouse]) -> None:
        self._wh = wh
        self._memo = Memo()

    def panel(self, name: PanelName = "sectors") -> Panel:
        """The forecast panel: OHSS sectors, or southwest by component or demographic."""
        from borderflow.forecast.panel import breakdown_panel, sector_panel

        return self._memo.get(("panel", name), lambda: sector_panel(self._wh())
                              if name == "sectors"
                              else breakdown_panel(self._wh(), name.removesuffix("s")))

    def forecast(self, name: PanelName = "sectors", horizon: int = 6) -> Forecast:
        """The shipped method's coherent forecast of a panel."""
        from borderflow.forecast.backtest import forecast

        return self._memo.get(("forecast", name, horizon),
                              lambda: forecast(self.panel(name), horizon))

    def scores(self) -> list[Score]:
        """Stored forecasts scored against the sector panel's actuals."""
        from borderflow.forecast.scoreboard import score

        return self._memo.get("scores", lambda: score(self._wh().forecasts(), self.panel()))

    def current(self, horizon: int = 6) -> list[PanelForecast]:
        """Every hierarchy forecast from its own newest month, with the actuals since."""
        from borderflow.forecast.current import current

        return self._memo.get(("current", horizon), lambda: current(self._wh(), horizon))

    def alerts(self) -> list[Alert]:
        """Surges, drops, level shifts and mix shifts, by month."""
        from borderflow.analytics.detect import detect_all, mix_shifts

        return self._memo.get("alerts", lambda: sorted(
            detect_all(self._wh()) + mix_shifts(self._wh()), key=lambda a: a.month))

    def page(self, name: str, build: Callable[[], bytes]) -> bytes:
        """A rendered page that takes seconds to build."""
        return self._memo.get(("page", name), build)
