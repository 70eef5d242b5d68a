"""Scenario strings from the command line: ``surge:+2000@2023-09-18``, ``open:Overflow@2023-09-20``,
``stay:x1.5``."""

from __future__ import annotations

import datetime as dt

from borderflow.capacity.model import Scenario
from borderflow.errors import BorderflowError

HELP = ("surge:+N[@YYYY-MM-DD] (N more arrivals a day from that date), "
        "open:SITE[@YYYY-MM-DD] (open a closed site, not before its lead time), "
        "stay:xF (every stay multiplied by F)")


#: a stay multiplier past this is no scenario a shelter plans for, and its stay
#: distribution would need memory in proportion (a factor of 10^12 asked for 87 TiB)
MAX_STAY_FACTOR = 20.0
#: extra arrivals a day: above any border city's daily arrivals
MAX_SURGE = 1_000_000.0


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
            extra = float(body.replace(",", ""))
            if not -MAX_SURGE <= extra <= MAX_SURGE:  # also refuses nan and inf
                raise BorderflowError(f"scenario {text!r}: a surge of {MAX_SURGE:,} a day at "
                                      "the most")
            return Scenario(text, extra_arrivals=extra, from_day=day)
        if kind == "open" and body.strip():
            return Scenario(text, open_site=body.strip(), open_on=day)
        if kind == "stay" and body.lower().startswith("x"):
            factor = float(body[1:])
            if not 0 < factor <= MAX_STAY_FACTOR:  # also refuses nan and inf
                raise BorderflowError(f"scenario {text!r}: stays can be multiplied by more "
                                      f"than 0 and at most {MAX_STAY_FACTOR:g}")
            return Scenario(text, los_factor=factor)
    except ValueError:
        pass
    raise BorderflowError(f"scenario {text!r} not understood; use {HELP}")
