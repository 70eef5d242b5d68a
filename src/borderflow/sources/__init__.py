"""Readers of the official publications: one module per format.

``detect`` says which reader (if any) claims a file, by name or by header;
``read_file`` reads it into a :class:`ParsedRelease`.  ``FAMILIES`` lists
every table the readers can produce and what each can answer.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from borderflow import vocab
from borderflow.errors import LimitError, UnrecognisedFileError, ValueError_
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
    MAX_FILE_BYTES,
    FamilySpec,
    ParsedRelease,
    UnknownValue,
)
from borderflow.sources.published import apply_known

READERS: tuple[ModuleType, ...] = (
    cbp_aor, cbp_state, cbp_sbo, cbp_tableau, ohss_khsm, usbp_monthly,
)
FAMILIES: dict[str, FamilySpec] = {f.family: f for r in READERS for f in r.FAMILIES}


def family_title(family: str) -> str:
    """A source family's title ("CBP Southwest Land Border Encounters by component"):
    captions, tables and pages name sources by these, never by internal id."""
    return FAMILIES[family].title if family in FAMILIES else family


def publication_title(kind: str) -> str:
    """A publication's name as readers know it: ``cbp_aor`` is "CBP Nationwide Encounters
    by area of responsibility"; the OHSS workbook's tables share "OHSS KHSM USBP
    encounters". Answers and refusals name these, never the internal ids."""
    titles = sorted({f.title for f in FAMILIES.values() if f.source_kind == kind})
    if len(titles) == 1:
        return titles[0]
    return titles[0].split(":")[0] if titles else kind

#: Files that sit beside the releases but are not encounter statistics.
_KNOWN_OTHERS: tuple[tuple[str, str], ...] = (
    (r"(^|/)(manifest|readme|sources)\.md$", "documentation"),
    (r"arrival_date_counts|groups_limited",
     "shelter arrivals, not encounter statistics (read by the capacity planner)"),
    (r"policy_events", "a timeline of policy events, not encounter statistics"),
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


def read_file(path: Path, data: bytes | None = None,
              today: dt.date | None = None) -> ParsedRelease:
    """Read one file with the reader that claims it.

    Raises:
        UnrecognisedFileError: no reader claims the file.
        InputError: the file is claimed but defective.
    """
    found = detect(path)
    if found.reader is None:
        raise UnrecognisedFileError(path, found.reason)
    if data is None:
        data = read_capped(path)
    return read_with(found.reader, path, data, today)


def read_capped(path: Path) -> bytes:
    """The bytes of ``path``, refused unread when larger than :data:`MAX_FILE_BYTES`."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise LimitError(path, f"the file is {size:,} bytes",
                         expected=f"at most {MAX_FILE_BYTES:,} bytes")
    with path.open("rb") as fh:
        data = fh.read(MAX_FILE_BYTES + 1)  # it may have grown since
    if len(data) > MAX_FILE_BYTES:
        raise LimitError(path, "the file grew past the limit while being read",
                         expected=f"at most {MAX_FILE_BYTES:,} bytes")
    return data


def utc_today() -> dt.date:
    """Today's date in UTC: the clock every "not after today" check reads by default."""
    return dt.datetime.now(dt.UTC).date()


def read_with(reader: ModuleType, path: Path, data: bytes,
              today: dt.date | None = None) -> ParsedRelease:
    """Read ``data`` with ``reader``, then date it (the date on record where known).

    Nothing after ``today`` (default: :func:`utc_today`) is accepted: rows for later
    months are refused, a publication date the file states is refused, and an inferred
    one (which errs late) is brought back to today, when the file evidently exists.

    Raises:
        ValueError_: a row for a month after the current one, or a stated publication
            date after today.
    """
    today = today or utc_today()
    parsed = apply_known(reader.read(path, data))
    refuse_future(reader, parsed, today)
    if parsed.published > today:
        if not parsed.published_inferred:
            raise ValueError_(path, f"the publication date {parsed.published} is after today "
                              f"({today})", field="publication date",
                              expected="a date on or before today")
        parsed = dataclasses.replace(parsed, published=today, notes=[
            *parsed.notes, f"publication date inferred as {parsed.published}, after the "
            f"day it was read; {today} used"])
    return parsed


def refuse_future(reader: ModuleType, parsed: ParsedRelease, today: dt.date) -> None:
    """Refuse the first row (in file order) for a month after ``today``'s month.

    A whole-year figure is in the future when its fiscal year is.
    """
    fy_now, fm_now = vocab.calendar_to_fiscal(today.year, today.month)
    table = parsed.table
    fy = table["fy"].to_numpy().astype("int32")
    fm = table["fm"].to_numpy().astype("int32")
    late = (fy * 100 + fm.clip(min=1)) > fy_now * 100 + fm_now
    if not late.any():
        return
    i = int(late.argmax())
    fy_field, month_field = getattr(reader, "TIME_FIELDS", ("Fiscal Year", "Month (abbv)"))
    family = table["family"][i].as_py()
    sheet = getattr(reader, "sheet_of", lambda f: None)(family)
    when = f"FY{fy[i]}" if fm[i] == 0 else f"{vocab.month_start(int(fy[i]), int(fm[i])):%B %Y}"
    raise ValueError_(parsed.path, f"a row for {when}, after the current month",
                      line=int(table["line"][i].as_py()), sheet=sheet,
                      field=fy_field if fy[i] > fy_now else month_field,
                      expected=f"months up to {today:%B %Y} (FY{fy_now})")


__all__ = [
    "CANONICAL_SCHEMA", "DIMENSIONS", "FAMILIES", "MAX_FILE_BYTES", "READERS", "Detection",
    "FamilySpec", "ParsedRelease", "UnknownValue", "detect", "read_capped", "read_file",
    "read_with", "refuse_future", "utc_today",
]
