"""Readers of the official publications: one module per format.

``detect`` says which reader (if any) claims a file, by name or by header;
``read_file`` reads it into a :class:`ParsedRelease`.  ``FAMILIES`` lists
every table the readers can produce and what each can answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from borderflow.errors import UnrecognisedFileError
from borderflow.sources import (
    cbp_aor,
    cbp_sbo,
    cbp_state,
    cbp_tableau,
    ohss_khsm,
    usbp_monthly,
)
from borderflow.sources._base import (
    CANONICAL_SCHEMA,
    DIMENSIONS,
    FamilySpec,
    ParsedRelease,
    UnknownValue,
)
from borderflow.sources.published import apply_known

READERS: tuple[ModuleType, ...] = (
    cbp_aor, cbp_state, cbp_sbo, cbp_tableau, ohss_khsm, usbp_monthly,
)
FAMILIES: dict[str, FamilySpec] = {f.family: f for r in READERS for f in r.FAMILIES}

#: Files that sit beside the releases but are not encounter statistics.
_KNOWN_OTHERS: tuple[tuple[str, str], ...] = (
    (r"(^|/)(manifest|readme|sources)\.md$", "documentation"),
    (r"arrival_date_counts|groups_limited|policy_events",
     "shelter arrivals, not encounter statistics (read by the capacity planner)"),
    (r"cbp-apprehensions-.*\.csv$", "annual USBP apprehensions by citizenship transcribed "
     "from a PDF: not one of the supported publications"),
    (r"arrests\.csv$|arrestlocations\.csv$", "a third-party reshaping of annual sector "
     "arrests (not an official release format)"),
    (r"handclean_merged\.csv$", "USBP sector profiles (staffing, seizures), not encounters"),
)


@dataclass(frozen=True)
class Detection:
    """Which reader claims a file, or why none does."""

    path: Path
    reader: ModuleType | None
    reason: str


def detect(path: Path) -> Detection:
    """Find the reader for ``path`` by its name, else by its CSV header."""
    name = path.name.lower()
    for reader in READERS:
        if re.search(reader.NAME_PATTERN, name, re.IGNORECASE):
            return Detection(path, reader, f"{reader.SOURCE_KIND} (by file name)")
    for pattern, why in _KNOWN_OTHERS:
        if re.search(pattern, name):
            return Detection(path, None, why)
    if name.endswith(".csv"):
        try:
            with path.open("rb") as fh:
                first = fh.readline(4096).decode("utf-8", "replace").strip()
        except OSError as exc:
            return Detection(path, None, f"cannot be read: {exc}")
        for reader in READERS:
            header = getattr(reader, "HEADER", None)
            if header and first.lstrip(",") in (",".join(header), "|".join(header)):
                return Detection(path, reader, f"{reader.SOURCE_KIND} (by header)")
        return Detection(path, None, "a CSV whose header matches no supported publication")
    return Detection(path, None, "not a supported publication (by name and type)")


def read_file(path: Path, data: bytes | None = None) -> ParsedRelease:
    """Read one file with the reader that claims it.

    Raises:
        UnrecognisedFileError: no reader claims the file.
        InputError: the file is claimed but defective.
    """
    found = detect(path)
    if found.reader is None:
        raise UnrecognisedFileError(path, found.reason)
    if data is None:
        data = path.read_bytes()
    return read_with(found.reader, path, data)


def read_with(reader: ModuleType, path: Path, data: bytes) -> ParsedRelease:
    """Read ``data`` with ``reader``, then date it (the date on record where known)."""
    parsed: ParsedRelease = reader.read(path, data)
    return apply_known(parsed)


__all__ = [
    "CANONICAL_SCHEMA", "DIMENSIONS", "FAMILIES", "READERS", "Detection", "FamilySpec",
    "ParsedRelease", "UnknownValue", "detect", "read_file", "read_with",
]
