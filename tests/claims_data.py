"""Loading the claims corpora written by :mod:`tests.claims_gen`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


def load(name: str) -> list[dict[str, Any]]:
    """``corpus`` or ``stress``: the items, each with text, date, figures and verdicts."""
    doc = json.loads((DATA / f"claims_{name}.json").read_text())
    items: list[dict[str, Any]] = doc["claims"]
    return items
