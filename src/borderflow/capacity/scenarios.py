"""Scenario strings from the command line: ``surge:+2000@2023-09-18``, ``open:Overflow@2023-09-20``,
``stay:x1.5``."""

from __future__ import annotations

import datetime as dt

from borderflow.capacity.model import Scenario
from borderflow.errors import BorderflowError

HELP = ("surge:+N[@YYYY-MM-DD] (N more arrivals a day from that date), "
        "open:SITE[@YYYY-MM-DD] (open a closed site, not before its lead time), "
        "stay:xF (every stay multiplied by F)")


def parse_scenario(text: str) -> Scenario:
    """Parse one scenario string.

    Raises:
        BorderflowError: the text is not one of the forms in ``HELP``.
    """
    kind, _, rest = text.partition(":")
    body, _, when = rest.partition("@")
    day: dt.date | None = None
    if when:
        try:
            day = dt.date.fromisoformat(when.strip())
        except ValueError:
            raise BorderflowError(f"scenario {text!r}: {when!r} is not a date (YYYY-MM-DD)") \
                from None
    try:
        if kind == "surge":
            return Scenario(text, extra_arrivals=float(body.replace(",", "")), from_day=day)
        if kind == "open" and body.strip():
            return Scenario(text, open_site=body.strip(), open_on=day)
        if kind == "stay" and body.lower().startswith("x"):
            factor = float(body[1:])
            if factor <= 0:
                raise ValueError
            return Scenario(text, los_factor=factor)
    except ValueError:
        pass
    raise BorderflowError(f"scenario {text!r} not understood; use {HELP}")
