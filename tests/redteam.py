"""The red team's cases as one named table (run by tests/test_red_team.py).

Each case is a function registered with :func:`case` under an id, a category and
a line saying what it asserts.  Its parameters are pytest fixtures (looked up by
name when it runs), except those given as keyword arguments to :func:`case`,
so one function can stand for several table rows.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

CATEGORIES = ("bad file", "bomb", "kill", "API body", "auth", "header", "output", "CLI")


@dataclass(frozen=True)
class Case:
    """One row of the table."""

    id: str
    category: str
    asserted: str
    run: Callable[..., None]
    params: dict[str, Any] = field(default_factory=dict)

    def fixtures(self) -> list[str]:
        """The fixtures the case takes (its parameters neither bound nor defaulted)."""
        return [name for name, p in inspect.signature(self.run).parameters.items()
                if name not in self.params and p.default is inspect.Parameter.empty]


CASES: list[Case] = []


def case(id: str, category: str, asserted: str,  # noqa: A002 - the table's word
         **params: Any) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register the decorated function as the table row ``id`` (stackable)."""
    if category not in CATEGORIES:
        raise AssertionError(f"{id}: unknown category {category!r}")

    def register(fn: Callable[..., None]) -> Callable[..., None]:
        CASES.append(Case(id, category, asserted, fn, params))
        return fn

    return register


def add(id: str, category: str, asserted: str,  # noqa: A002 - the table's word
        run: Callable[..., None], **params: Any) -> None:
    """Register a table row whose check is ``run`` with ``params`` bound."""
    case(id, category, asserted, **params)(run)
