"""Loading the claims corpora written by :mod:`tests.claims_gen`."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


def load(name: str) -> list[dict[str, Any]]:
    """``corpus`` or ``stress``: the items, each with text, date, figures and verdicts."""
    path = DATA / f"claims_{name}.json"
    # the 2,288-claim stress set is kept gzipped (1.4 MB as text, generated, not raw data)
    text = path.read_text() if path.exists() else gzip.decompress(
        path.with_suffix(".json.gz").read_bytes()).decode()
    doc = json.loads(text)
    items: list[dict[str, Any]] = doc["claims"]
    return items
