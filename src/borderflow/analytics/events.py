"""A small, sourced timeline of policy events that changed the encounter series.

Used to mark charts and to explain level shifts.  Each entry names the
official act or announcement it rests on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from borderflow.i18n import N_, _


@dataclass(frozen=True)
class Event:
    """A dated policy event."""

    day: dt.date
    short: str  # English, marked for the catalogue: :meth:`name` is the reader's language
    description: str
    source: str

    def name(self) -> str:
        """The event's short name in the language in use ("Title 42 begins")."""
        return _(self.short)


EVENTS: tuple[Event, ...] = (
    Event(dt.date(2017, 1, 25), N_("Jan 2017 executive orders"),
          "Executive orders on border security and interior enforcement after the "
          "inauguration; apprehensions fell sharply in early 2017.",
          "Executive Order 13767, Border Security and Immigration Enforcement Improvements "
          "(25 January 2017)"),
    Event(dt.date(2019, 1, 29), N_("MPP begins"),
          "Migrant Protection Protocols ('Remain in Mexico') begin at San Ysidro.",
          "DHS, Migrant Protection Protocols announcement (announced 20 December 2018, first "
          "returns 29 January 2019)"),
    Event(dt.date(2019, 6, 7), N_("US-Mexico joint declaration"),
          "US-Mexico Joint Declaration: Mexico deploys National Guard to its borders and "
          "MPP expands.",
          "U.S.-Mexico Joint Declaration, U.S. Department of State (7 June 2019)"),
    Event(dt.date(2020, 3, 21), N_("Title 42 begins"),
          "CDC order under 42 U.S.C. 265 lets CBP expel migrants at the borders (Title 42 "
          "expulsions begin).",
          "CDC Order Suspending Introduction of Certain Persons From Countries Where a "
          "Communicable Disease Exists (20 March 2020)"),
    Event(dt.date(2021, 1, 20), N_("Jan 2021 policy changes"),
          "New administration suspends new MPP enrolments and ends the border wall emergency; "
          "encounters rise through 2021.",
          "DHS statement suspending new enrolments in MPP (20 January 2021); Proclamation 10142 "
          "(20 January 2021)"),
    Event(dt.date(2023, 5, 11), N_("Title 42 ends"),
          "The Title 42 public-health order ends; processing returns to Title 8, with the "
          "Circumvention of Lawful Pathways rule.",
          "DHS/DOJ final rule, Circumvention of Lawful Pathways (effective 11 May 2023); end "
          "of the COVID-19 public health emergency (11 May 2023)"),
    Event(dt.date(2024, 6, 5), N_("June 2024 proclamation"),
          "Presidential proclamation limits asylum eligibility between ports of entry when "
          "encounters are high.",
          "Proclamation 10773, Securing the Border (3 June 2024, effective 5 June 2024)"),
    Event(dt.date(2025, 1, 20), N_("Jan 2025 emergency"),
          "National emergency declared at the southern border; CBP One appointments end; "
          "encounters collapse from February 2025.",
          "Proclamation 10886, Declaring a National Emergency at the Southern Border "
          "(20 January 2025)"),
)


def events_between(first: dt.date, last: dt.date) -> list[Event]:
    """Events dated within [first, last]."""
    return [e for e in EVENTS if first <= e.day <= last]


def nearest_event(month: dt.date, within_months: int = 2) -> Event | None:
    """The event closest to ``month`` within a few months, if any."""
    best: tuple[int, Event] | None = None
    for e in EVENTS:
        gap = abs((e.day.year - month.year) * 12 + e.day.month - month.month)
        if gap <= within_months and (best is None or gap < best[0]):
            best = (gap, e)
    return best[1] if best else None
