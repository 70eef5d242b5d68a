"""Results computed once per served warehouse, whatever URL asked for them.

The read cache (``middleware.ReadCache``) keeps answers per URL, so a client
that adds a junk parameter (``/?x=1``, ``/?x=2``...) misses it every time.
The expensive parts behind those answers (the forecasts, the alerts, the
overview's figures) are therefore kept here by what they are, not by URL:
the warehouse is read-only while served, so each is computed once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


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
