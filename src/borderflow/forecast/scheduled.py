"""Policy dates that were announced before they took effect (ledger rows 78 on).

A forecast made at an origin may know that a policy changes on a set date: the
end of Title 42 was announced months ahead, and a new administration takes office
on 20 January after an election in November.  Such a date can widen the bands of
the horizons that cross it.  An entry counts at an origin only if it was announced
by the last day of the origin's month and not called off by then (the first two
announced ends of Title 42 were blocked by courts, and count until they were), and
only for targets from its month on, when that month is after the origin.

Each entry names the act or announcement it rests on.  The dates before 2009 fall
before every tuning origin's horizon, and those after 2016 after it, so on the tuning
window the widening never acts (the ledger says so).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from borderflow import vocab

#: half-width factors by level for the horizons that cross a scheduled date: what would
#: have covered 80% / 95% of #63's forecasts that crossed a level break found by ruptures,
#: targets to Sep 2016 (``benchmarks/forecast_breaks.py``: 1.715 and 1.426)
FACTOR = {80: 1.7, 95: 1.4}


@dataclass(frozen=True)
class Scheduled:
    """A policy date known in advance."""

    effective: dt.date
    announced: dt.date
    what: str
    source: str
    called_off: dt.date | None = None


SCHEDULED: tuple[Scheduled, ...] = (
    Scheduled(dt.date(2001, 1, 20), dt.date(2000, 12, 13),
              "New administration (change of party) takes office",
              "U.S. Constitution, 20th Amendment (inauguration on 20 January); result of the "
              "7 November 2000 election settled by Bush v. Gore (12 December 2000)"),
    Scheduled(dt.date(2009, 1, 20), dt.date(2008, 11, 5),
              "New administration (change of party) takes office",
              "U.S. Constitution, 20th Amendment; 4 November 2008 election"),
    Scheduled(dt.date(2017, 1, 20), dt.date(2016, 11, 9),
              "New administration (change of party) takes office",
              "U.S. Constitution, 20th Amendment; 8 November 2016 election"),
    Scheduled(dt.date(2019, 1, 29), dt.date(2018, 12, 20),
              "Migrant Protection Protocols begin",
              "DHS, Secretary Nielsen's announcement of the Migrant Protection Protocols "
              "(20 December 2018); first returns at San Ysidro 29 January 2019"),
    Scheduled(dt.date(2021, 1, 20), dt.date(2020, 11, 7),
              "New administration (change of party) takes office",
              "U.S. Constitution, 20th Amendment; 3 November 2020 election, called 7 November"),
    Scheduled(dt.date(2022, 5, 23), dt.date(2022, 4, 1), "Title 42 order to end",
              "CDC, Public Health Determination and Order Regarding the Right to Introduce "
              "Certain Persons (1 April 2022), ending the order on 23 May 2022",
              called_off=dt.date(2022, 5, 20)),  # Louisiana v. CDC, W.D. La. injunction
    Scheduled(dt.date(2022, 12, 21), dt.date(2022, 11, 15), "Title 42 order to end",
              "Huisha-Huisha v. Mayorkas, D.D.C. (15 November 2022): order vacated, stayed to "
              "21 December 2022",
              called_off=dt.date(2022, 12, 19)),  # Arizona v. Mayorkas, U.S. Supreme Court stay
    Scheduled(dt.date(2023, 5, 11), dt.date(2023, 1, 30), "Title 42 order ends",
              "Executive Office of the President, Statement of Administration Policy on H.R. "
              "382 and H.J. Res. 7 (30 January 2023): the COVID-19 emergencies end 11 May 2023"),
    Scheduled(dt.date(2025, 1, 20), dt.date(2024, 11, 6),
              "New administration (change of party) takes office",
              "U.S. Constitution, 20th Amendment; 5 November 2024 election"),
)


def known_at(origin: dt.date) -> list[Scheduled]:
    """The dates a forecast made with data through ``origin``'s month knew were coming."""
    end = vocab.add_months(origin, 1) - dt.timedelta(days=1)
    return [s for s in SCHEDULED
            if s.announced <= end and (s.called_off is None or s.called_off > end)
            and s.effective.replace(day=1) > origin]


def crossing(origin: dt.date, h: int) -> np.ndarray:
    """Which horizons 1..h of a forecast from ``origin`` reach a scheduled date's month."""
    out = np.zeros(h, bool)
    for s in known_at(origin):
        month = s.effective.replace(day=1)
        for k in range(1, h + 1):
            if vocab.add_months(origin, k) >= month:
                out[k - 1] = True
    return out
