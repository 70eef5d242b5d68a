"""Turn each claim into warehouse queries, pick the reading the text supports, give a verdict.

Verdicts:

``supported``      the literal reading holds, with the wording's own meaning
                   ("about", "nearly", "more than", rounding, revisions since the
                   text's date).
``wrong measure``  it does not, but a reading one or two changes away holds
                   (nationwide/southwest, component, fiscal/calendar year,
                   neighbouring month or year, another sector or field office,
                   without the subgroup): named.  A figure presented as people
                   who entered the country is never supported.
``contradicted``   no reading holds.
``not checkable``  the statistics have nothing on that subject (custody,
                   shelters, deaths, got-aways, releases, asylum decisions, daily
                   counts) or no published figure at that grain: the
                   explanation says what they do show.  A month a source does
                   not publish is never read as zero.

The rules are written down in ``tests/claims_rules.md``.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import itertools
import re
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from borderflow import vocab
from borderflow.claims.extract import (
    Claim,
    Period,
    article_date,
    cy_period,
    extract,
    fy_period,
    latest_published,
    month_period,
)
from borderflow.claims.numbers import Quantity
from borderflow.errors import NoSourceError, QueryError, WorkCancelledError
from borderflow.store import Query, QueryResult, Warehouse
from borderflow.store.query import answerable_months

NOT_IN_DATA = {
    "drugs": "drug seizures (CBP publishes them in its separate drug seizure statistics)",
    "rescues": "rescues (CBP publishes them in its border rescues and mortality data)",
    "removals": "removals, deportations or ICE's arrests and detention (ICE publishes them "
                "in its Enforcement and Removal Operations statistics; DHS OHSS in its "
                "immigration enforcement yearbook)",
    "appointments": "CBP One appointments (CBP publishes them separately)",
    "resources": "beds, flights, visas, permits, refugees or sponsors (the statistics count "
                 "encounters at the border and ports of entry only)",
    "custody": "how many people are in custody (ICE publishes its detention statistics; "
               "CBP's custody counts are not in these releases)",
    "shelter": "shelter populations",
    "deaths": "deaths (CBP publishes migrant deaths in its border rescues and mortality "
              "data)",
    "gotaways": "people who evaded capture (got-aways)",
    "releases": "releases from custody into the country, parole, placements with sponsors "
                "or other immigration benefits (DHS, its OHSS yearbook and HHS publish them)",
    "asylum": "asylum decisions (the Justice Department's EOIR publishes immigration court "
              "decisions; USCIS publishes affirmative asylum decisions)",
    "repeat": "how many of those encountered had been caught before (repeat crossings)",
    "unique": "distinct people (an encounter is an event; one person can be counted "
              "several times)",
    "criminal": "criminal records or convictions of the people encountered",
    "partial": "a month in progress (the monthly figures cover whole months only)",
}
#: an exact figure may differ this much after CBP's revisions
REVISION_TOLERANCE = 0.01
#: "about", "roughly", "some", "close to": at least this far, at most 5%
ABOUT_TOLERANCE = 0.03
STATE_NAMES = {"TX": "Texas", "AZ": "Arizona", "CA": "California", "NM": "New Mexico"}
SW_FIELD_OFFICES = ("El Paso", "Laredo", "San Diego", "Tucson")
ALL_SECTORS = tuple(s.name for s in vocab.SECTORS if s.name != "Livermore")
#: the sectors on the southwest border (another sector is one of these)
SW_SECTORS = vocab.SOUTHWEST_SECTORS
#: at most this many alternative readings are tried for one figure
MAX_ALTERNATIVES = 400
#: at most this many other readings are tried for a share
MAX_SHARE_ALTERNATIVES = 60


@dataclass(frozen=True)
class Reading:
    """One interpretation of a claim as a warehouse query."""

    filters: tuple[tuple[str, tuple[str, ...]], ...]
    period: Period
    measure: str  # what is counted, in CBP's words

    def query(self, as_of: dt.date | None = None) -> Query:
        return Query(filters=dict(self.filters), start=self.period.first, end=self.period.last,
                     as_of=as_of)

    def describe(self) -> str:
        f = dict(self.filters)
        comp = f.get("component", ())
        who = ("Border Patrol " if comp == (vocab.USBP,) else
               "Field Operations (ports of entry) " if comp == (vocab.OFO,) else
               "CBP (Border Patrol and ports of entry) ")
        what = self.measure
        if f.get("authority") == ("Title 42",):
            what = "Title 42 expulsions"
        elif f.get("authority") == ("Title 8",):
            what = "Title 8 encounters"
        extra = ""
        if "citizenship" in f:
            extra += f" of {f['citizenship'][0]} citizens"
        if "demographic" in f:
            extra += f" ({f['demographic'][0].lower()})"
        if "area" in f and f.get("area_type") == ("sector",):
            where = f"in the {f['area'][0]} sector"
        elif "area" in f and f.get("area_type") == ("field_office",):
            where = f"at the {f['area'][0]} field office" + (
                "'s southwest land ports" if f.get("region") == (vocab.SOUTHWEST,) else "")
        elif "area" in f:
            where = f"in {STATE_NAMES.get(f['area'][0], f['area'][0])}" + (
                " on the southwest land border" if f.get("region") == (vocab.SOUTHWEST,) else "")
        elif f.get("region") == (vocab.SOUTHWEST,):
            where = "at the southwest border"
        elif f.get("region") == (vocab.NORTHERN,):
            where = "at the northern border"
        else:
            where = "nationwide (all borders and ports, including air and sea)"
        return f"{who}{what}{extra} {where}, {self.period.label}"


@dataclass
class Official:
    """A figure from the warehouse with its provenance."""

    label: str
    value: int
    family: str
    releases: list[str]
    as_of: dt.date | None = None
    rounding: int = 1

    def as_dict(self) -> dict[str, Any]:
        return {"label": self.label, "value": self.value, "source": self.family,
                "releases": self.releases, "rounding": self.rounding,
                "as_of": self.as_of.isoformat() if self.as_of else None}


@dataclass
class Verdict:
    """The verdict on one claim, with its evidence."""

    text: str
    quantity: str | None
    verdict: str
    official: list[Official]
    query: dict[str, Any]
    releases: list[str]
    explanation: str
    interpretation: str = ""
    kind: str = "count"
    #: the words the verdict is about (the figure, or the phrase of a ranking, share, record)
    span: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "quantity": self.quantity, "span": self.span or self.quantity,
                "kind": self.kind,
                "verdict": self.verdict, "interpretation": self.interpretation,
                "official": [o.as_dict() for o in self.official], "query": self.query,
                "releases": self.releases, "explanation": self.explanation}


# ------------------------------------------------------------------ monthly series

Filters = tuple[tuple[str, tuple[str, ...]], ...]
#: answers kept per warehouse object while its contents are unchanged (a new ingest gives
#: a new coverage map, which empties them); bounded so no input can grow them without end
MAX_CACHED = 50_000


@dataclass
class _Memo:
    version: int
    series: dict[tuple[Filters, dt.date | None, dt.date | None], dict[dt.date, int]] = \
        field(default_factory=dict)
    can: dict[Filters, list[dt.date]] = field(default_factory=dict)
    #: how often each reading's filters were screened (a second time fetches its history)
    asked: dict[Filters, int] = field(default_factory=dict)
    results: dict[tuple[Any, ...], QueryResult | None] = field(default_factory=dict)
    published: list[dt.date] = field(default_factory=list)


_MEMO: weakref.WeakKeyDictionary[Warehouse, _Memo] = weakref.WeakKeyDictionary()


def memo(warehouse: Warehouse) -> _Memo:
    """The answers kept for ``warehouse``, emptied when its contents change."""
    version = id(warehouse.coverage(None))
    got = _MEMO.get(warehouse)
    if got is None or got.version != version or \
            len(got.results) + len(got.series) + len(got.asked) > MAX_CACHED:
        got = _MEMO[warehouse] = _Memo(version)
        got.published = sorted({r.published for r in warehouse.releases()})
    return got


def as_published(warehouse: Warehouse, date: dt.date) -> dt.date | None:
    """The publication date of the newest release out by ``date`` (None: none was)."""
    dates = memo(warehouse).published
    i = bisect.bisect_right(dates, date)
    return dates[i - 1] if i else None


def monthly(warehouse: Warehouse, filters: Filters, start: dt.date | None = None,
            end: dt.date | None = None) -> dict[dt.date, int]:
    """The published months of ``filters`` (from ``start`` to ``end``, default all),
    joined from the sources that publish them.

    The planner answers one period from one source; a period no single source
    answers, a record or a ranking needs months of one reading, so the months are
    fetched (newest source first, then the months before and after what it covers)
    and kept while the warehouse is unchanged.  Only the months asked for are
    fetched: a reading tried once as another measure costs one bounded query, not
    its whole history.  A month no source publishes is absent, never zero.
    """
    m = memo(warehouse)
    cache = m.series
    key = (filters, start, end)
    if key in cache:
        return cache[key]
    whole = m.series.get((filters, None, None))
    if whole is not None:  # the whole history is already here
        got_whole = {k: v for k, v in whole.items() if (start is None or k >= start)
                     and (end is None or k <= end)}
        cache[key] = got_whole
        return got_whole
    out: dict[dt.date, int] = {}
    rounded: set[dt.date] = set()  # months taken from the rounded workbook
    todo: list[tuple[dt.date | None, dt.date | None]] = [(start, end)]
    # the months some source can answer: a range without any is not asked for (it would
    # only be refused, and a refusal costs more than an answer)
    if filters not in m.can:
        try:
            m.can[filters] = sorted(answerable_months(
                Query(filters=dict(filters), group_by=("month",)), warehouse.catalogue(None)))
        except QueryError:
            m.can[filters] = []
    can = m.can[filters]
    for _ in range(8):
        if not todo:
            break
        start, end = todo.pop(0)
        i = bisect.bisect_left(can, start) if start is not None else 0
        if i >= len(can) or (end is not None and can[i] > end):
            continue
        try:
            result = warehouse.query(Query(filters=dict(filters), group_by=("month",),
                                           start=start, end=end))
        except (NoSourceError, QueryError):
            continue
        missing = set(result.missing or ())
        got = {r["month"]: int(r["encounters"]) for r in result.rows
               if r["month"] not in out and r["month"] not in missing
               and (start is None or r["month"] >= start) and (end is None or r["month"] <= end)}
        if not got or not any(got.values()):
            continue
        out.update(got)
        if result.family.startswith(ROUNDED_FAMILY):
            rounded.update(got)
        lo, hi = min(got), max(got)
        if start is None or start < lo:
            todo.append((start, vocab.add_months(lo, -1)))
        if end is None or end > hi:
            todo.append((vocab.add_months(hi, 1), end))
    if rounded and dict(filters).get("component") == (vocab.USBP,):
        try:  # the months Border Patrol's own series has, unrounded
            exact = warehouse.query(Query(filters=dict(filters), group_by=("month",),
                                          start=min(rounded), end=max(rounded),
                                          source=UNROUNDED_USBP))
        except (NoSourceError, QueryError):
            exact = None
        skip = set(exact.missing or ()) if exact is not None else set()
        for r in exact.rows if exact is not None else ():
            if r["month"] in rounded and r["month"] not in skip:
                out[r["month"]] = int(r["encounters"])
    cache[key] = out
    return out


#: the OHSS workbook rounds to 10; Border Patrol's own monthly series (FY2000-FY2020) is
#: unrounded and is preferred for the months it covers
ROUNDED_FAMILY = "ohss_khsm"
UNROUNDED_USBP = "usbp_monthly"


def _unrounded(warehouse: Warehouse, q: Query) -> QueryResult | None:
    """Border Patrol's unrounded monthly series for ``q``, when it answers all of it."""
    try:
        result = warehouse.query(q.model_copy(update={"source": UNROUNDED_USBP}))
    except (NoSourceError, QueryError):
        return None
    return None if result.missing or not result.rows else result


@dataclass
class Checker:
    """Checks claims against one warehouse, caching the queries it runs."""

    warehouse: Warehouse
    article: dt.date

    def run(self, reading: Reading, as_of: dt.date | None = None) -> QueryResult | None:
        """The one-source answer for ``reading`` (None: no source publishes all of it)."""
        if as_of is not None:
            as_of = as_published(self.warehouse, as_of)
            if as_of is None:
                return None
        cache = memo(self.warehouse).results
        key = (reading.filters, reading.period.first, reading.period.last, as_of)
        if key not in cache:
            try:
                result = self.warehouse.query(reading.query(as_of))
                cache[key] = None if result.missing else result
            except (NoSourceError, QueryError):
                cache[key] = None
            got = cache[key]
            if got is not None and got.family.startswith(ROUNDED_FAMILY) and \
                    dict(reading.filters).get("component") == (vocab.USBP,):
                cache[key] = _unrounded(self.warehouse, reading.query(as_of)) or got
        return cache[key]

    def official(self, reading: Reading, as_of: dt.date | None = None) -> Official | None:
        result = self.run(reading, as_of)
        if result is None:
            return None
        return Official(reading.describe(), result.total(), result.family,
                        [r.label for r in result.releases], as_of, result.rounding)

    def value(self, reading: Reading) -> int | None:
        """The reading's figure: one source's answer, else months joined across sources.

        ``None``: not published at that grain (never zero).
        """
        got = self.official(reading)
        if got is not None:
            return got.value
        return self.joined(reading)

    def figure(self, reading: Reading) -> Official | None:
        """One source's answer, else the months joined across sources."""
        return self.official(reading) or self.joined_official(reading)

    def joined_official(self, reading: Reading) -> Official | None:
        """A figure no single source answers, joined month by month from several."""
        v = self.joined(reading)
        if v is None:
            return None
        return Official(reading.describe(), v, "several sources, joined by month", [])

    def rough(self, reading: Reading) -> int | None | bool:
        """A quick figure for screening another reading: summed from the reading's whole
        monthly history once it is kept (``None``: a month is missing), ``False`` when
        not worth fetching yet.  A set of filters asked for a second time has its history
        fetched once, so the many periods tried for one reading cost one query."""
        m = memo(self.warehouse)
        key = (reading.filters, None, None)
        if key not in m.series:
            m.asked[reading.filters] = m.asked.get(reading.filters, 0) + 1
            if m.asked[reading.filters] < 2:
                return False
        series = monthly(self.warehouse, reading.filters)
        total = 0
        for month in vocab.month_range(reading.period.first, reading.period.last):
            if month not in series:
                return None
            total += series[month]
        return total

    def joined(self, reading: Reading) -> int | None:
        """The reading's figure summed from the monthly series of several sources."""
        series = monthly(self.warehouse, reading.filters, reading.period.first,
                         reading.period.last)
        total = 0
        for m in vocab.month_range(reading.period.first, reading.period.last):
            if m not in series:
                return None
            total += series[m]
        return total


# ------------------------------------------------------------------ readings

@dataclass(frozen=True)
class Scope:
    """What a reading filters on, before it becomes warehouse filters."""

    place: str  # nation | southwest | northern | state | sector | field_office
    area: str | None
    component: str | None
    period: Period
    citizenship: str | None = None
    demographic: str | None = None
    authority: str | None = None


def scope_of(claim: Claim, period: Period | None = None) -> Scope:
    """What the text literally says, with southwest as the default place."""
    place = claim.place or "southwest"
    comp = claim.component
    authority = claim.authority
    assert claim.period is not None or period is not None
    return Scope(place, claim.area, comp, period or claim.period,  # type: ignore[arg-type]
                 claim.citizenship, claim.demographic, authority)


def reading(s: Scope, measure: str = "encounters") -> Reading:
    f: dict[str, tuple[str, ...]] = {}
    if s.place == "southwest":
        f["region"] = (vocab.SOUTHWEST,)
    elif s.place == "northern":
        f["region"] = (vocab.NORTHERN,)
    elif s.place in ("sector", "state", "field_office") and s.area:
        f["area_type"], f["area"] = (s.place,), (s.area,)
    elif s.place == "state_sw" and s.area:
        # a state's crossings on the southwest land border, without its airports
        f["area_type"], f["area"] = ("state",), (s.area,)
        f["region"] = (vocab.SOUTHWEST,)
    elif s.place == "field_office_sw" and s.area:
        # a field office's land ports on the southwest border, without its airports
        f["area_type"], f["area"] = ("field_office",), (s.area,)
        f["region"] = (vocab.SOUTHWEST,)
    if s.component:
        f["component"] = (s.component,)
    if s.authority:
        f["authority"] = (s.authority,)
    if s.citizenship:
        f["citizenship"] = (s.citizenship,)
    if s.demographic:
        f["demographic"] = (s.demographic,)
    word = measure
    if measure in ("apprehensions", "inadmissibles", "expulsions", "entries"):
        word = {"apprehensions": "apprehensions and expulsions" if s.component == vocab.USBP
                else "encounters",
                "inadmissibles": "inadmissibles and expulsions" if s.component == vocab.OFO
                else "encounters",
                "expulsions": "encounters", "entries": "encounters"}[measure]
    if measure not in ("encounters", "apprehensions", "inadmissibles", "expulsions", "entries"):
        word = "encounters"
    return Reading(tuple(sorted(f.items())), s.period, word)


def period_changes(p: Period) -> list[Period]:
    """Neighbouring periods: the other kind of year, the year or month before and after."""
    if p.kind == "month":
        return [month_period(vocab.add_months(p.first, n)) for n in (-1, 1, -12)]
    if p.kind == "fy":
        y = vocab.calendar_to_fiscal(p.last.year, p.last.month)[0]
        return [cy_period(y), fy_period(y - 1), fy_period(y + 1)]
    if p.kind == "cy":
        y = p.first.year
        return [fy_period(y), cy_period(y - 1), fy_period(y + 1)]
    first, last = vocab.add_months(p.first, -12), vocab.add_months(p.last, -12)
    return [Period(p.kind, first, last, f"{first:%B %Y} to {last:%B %Y}")]


def one_change(s: Scope, periods: bool = True) -> list[Scope]:
    """Every scope that differs from ``s`` in one thing."""
    out: list[Scope] = []
    places = {"nation": ["southwest"], "southwest": ["nation"], "northern": ["nation"],
              "state": ["southwest"], "state_sw": ["southwest"],
              "sector": ["southwest", "nation"],
              "field_office": ["southwest", "nation"],
              "field_office_sw": ["southwest", "nation"]}[s.place]
    out += [replace(s, place=p, area=None) for p in places]
    if s.place == "sector":
        # another southwest sector, or the whole southwest border (Border Patrol); the
        # nation or all of CBP is a second change
        out = [replace(s, place="southwest", area=None)]
        out += [replace(s, area=a) for a in SW_SECTORS if a != s.area]
    if s.place == "field_office":
        # its own southwest land ports first: the nearest reading, before other offices
        out.insert(0, replace(s, place="field_office_sw"))
        out += [replace(s, area=a) for a in SW_FIELD_OFFICES if a != s.area]
    if s.place not in ("sector", "field_office", "field_office_sw"):
        out += [replace(s, component=c) for c in (None, vocab.USBP, vocab.OFO)
                if c != s.component]
    if periods:
        out += [replace(s, period=p) for p in period_changes(s.period)]
    if s.citizenship:
        out.append(replace(s, citizenship=None))
    if s.demographic:
        out.append(replace(s, demographic=None))
    if s.authority:
        out.append(replace(s, authority=None))
    return out


def alternatives(s: Scope) -> Iterator[tuple[Scope, int]]:
    """Scopes one change away, then two (with the number of changes), nearest first."""
    first = one_change(s)
    for a in first:
        yield a, 1
    seen = set(first) | {s}
    for a in first:
        for b in one_change(a):
            if b not in seen and len(_kinds(s, b)) == 2:
                seen.add(b)
                yield b, 2


def ended(p: Period, article: dt.date) -> bool:
    """Had ``p`` ended by the text's date (its last month before the text's month)?"""
    return p.last < article.replace(day=1)


def _kinds(a: Scope, b: Scope) -> set[str]:
    """The kinds of change between two scopes (two changes must be of two kinds)."""
    out = set()
    if (a.place, a.area) != (b.place, b.area):
        out.add("place")
    if a.component != b.component:
        out.add("component")
    if a.period != b.period:
        out.add("period")
    if (a.citizenship, a.demographic, a.authority) != \
            (b.citizenship, b.demographic, b.authority):
        out.add("subgroup")
    return out


def describe_change(lit: Scope, alt: Scope) -> str:
    what = []
    if (lit.place, lit.area) != (alt.place, alt.area):
        what.append("place")
    if lit.component != alt.component:
        what.append("component")
    if lit.period != alt.period:
        what.append("period")
    if (lit.citizenship, lit.demographic, lit.authority) != \
            (alt.citizenship, alt.demographic, alt.authority):
        what.append("subgroup")
    return " and ".join(what) or "nothing"


# ------------------------------------------------------------------ tolerance

def literal(qual: str, x: float, v: float, unit: float) -> bool:
    """Does official ``v`` bear out "``qual`` ``x``", read literally?

    A figure as written is right within half a unit of its last written digit, at
    least 1% (CBP revises recent months) and at most 5%; "about" at least 3%;
    "nearly" up to 5% below and a hair (0.5%) above; bounds are strict.
    """
    half = unit / 2 if unit > 1 else 0.0
    if qual == "exact":
        return abs(v - x) <= min(max(half, REVISION_TOLERANCE * x), 0.05 * x)
    if qual == "about":
        return abs(v - x) <= min(max(half, ABOUT_TOLERANCE * x), 0.05 * x)
    if qual == "nearly":
        return 0.95 * x <= v <= x * 1.005
    if qual == "more":
        return v > x
    if qual == "atleast":
        return v >= x
    if qual == "less":
        return v < x
    if qual == "justover":
        return x < v <= 1.05 * x
    if qual == "justunder":
        return 0.95 * x <= v < x
    return False


def other(q: Quantity, v: float, lit: Scope, alt: Scope, changes: int) -> bool:
    """Does another reading (one or two changes away) bear the figure out?

    The same comparator as the literal reading: a text's "more than 2 million" is
    right for another measure when that measure is more than 2 million.
    """
    return literal(q.qualifier, q.value, v, q.unit)


def _roughly(q: Quantity, v: float) -> bool:
    """A wide screen on the monthly series (sources round to 10 and are revised)."""
    x = q.value
    if q.qualifier in ("more", "atleast", "justover"):
        return v >= 0.97 * x and (q.qualifier != "justover" or v <= 1.08 * x)
    if q.qualifier in ("less", "justunder"):
        return v <= 1.03 * x and (q.qualifier != "justunder" or v >= 0.92 * x)
    return abs(v - x) <= 0.08 * x + q.unit / 2 + 10


def matches(q: Quantity, official: float) -> bool:
    """Does ``official`` bear out the quantity as worded?"""
    return literal(q.qualifier, q.value, official, q.unit)


def tolerance_words(q: Quantity) -> str:
    return {
        "exact": "within 1% or the rounding of the figure as written, at most 5% (CBP "
                 "revises recent months)",
        "about": "within 3% or the rounding of the figure as written, at most 5%",
        "nearly": "not more than 5% below the figure and not above it",
        "more": "above the figure",
        "atleast": "at least the figure",
        "less": "below the figure",
        "justover": "above the figure by at most 5%",
        "justunder": "below the figure by at most 5%",
    }[q.qualifier]


# ------------------------------------------------------------------ verdicts

def _fmt(n: float) -> str:
    return f"{n:,.0f}"


def _query_doc(r: Reading, result: QueryResult | None, as_of: dt.date | None
               ) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "filters": {k: list(v) for k, v in r.filters},
        "start": r.period.first.isoformat(), "end": r.period.last.isoformat(),
        "as_of": as_of.isoformat() if as_of else None,
    }
    if result is not None:
        doc["sql"] = result.sql
        doc["source"] = result.family
    return doc


def _verdict(ck: Checker, claim: Claim, verdict: str, r: Reading, evidence: list[Official],
             explanation: str, as_of: dt.date | None = None) -> Verdict:
    q = claim.quantity
    return Verdict(claim.text, q.text if q else None, verdict, evidence,
                   _query_doc(r, ck.run(r, as_of), as_of),
                   evidence[0].releases if evidence else [], explanation, r.describe(),
                   claim.kind)


def check_topic(ck: Checker, claim: Claim) -> Verdict:
    """Subjects the statistics do not count, and daily figures: not checkable, said why."""
    q = claim.quantity
    assert q is not None
    r = reading(scope_of(claim), "encounters")
    base = ck.official(r)
    if claim.measure == "daily":
        if base is None:
            return _verdict(ck, claim, "not checkable", r, [],
                            "The statistics are monthly, and have nothing for "
                            f"{r.describe()} to compare a daily figure with.")
        p = r.period
        days = sum(calendar.monthrange(m.year, m.month)[1]
                   for m in vocab.month_range(p.first, p.last))
        per_day = base.value / days
        # "averaged 9,500 a day in December": the period's total over its days; "10,000 a
        # day crossed" and single days are daily counts, not in monthly data
        if re.search(r"\baverag\w*\b", claim.text, re.IGNORECASE) and \
                not re.search(r"\bon (?:monday|tuesday|wednesday|thursday|friday|saturday|"
                              r"sunday)|\bsingle[- ]day\b|\bsingle day\b|\bone day\b|"
                              r"\balone\b|\bweek(?:end)?\b|\byesterday\b|\btoday\b|"
                              r"\b24 hours\b|\bpeak(?:ed)?\b|\bsome days\b", claim.text,
                              re.IGNORECASE):
            # "averaged more than 9,500 a day in December": the month's total over its days
            ok = matches(q, per_day)
            lit = scope_of(claim)
            for alt, _n in itertools.islice(alternatives(lit), MAX_ALTERNATIVES):
                if ok:
                    break
                if not ended(alt.period, ck.article):
                    continue
                ra = reading(alt)
                v = ck.value(ra)
                alt_days = _days(alt.period)
                if v is None or not matches(q, v / alt_days):
                    continue
                got = ck.figure(ra)
                if got is None:
                    continue
                return _verdict(ck, claim, "wrong measure", ra, [got, base],
                                f"{ra.describe()}: {_fmt(got.value)} over {alt_days} days, an "
                                f"average of {got.value / alt_days:,.1f} a day, bears out "
                                f"{q.text} a day ({tolerance_words(q)}; the "
                                f"{describe_change(lit, alt)} differ); {r.describe()} averaged "
                                f"{per_day:,.1f} a day.")
            return _verdict(ck, claim, "supported" if ok else "contradicted", r, [base],
                            f"{r.describe()}: {_fmt(base.value)} over {days} days, an "
                            f"average of {per_day:,.1f} a day; the text says {q.text} a day "
                            f"({tolerance_words(q)}).")
        return _verdict(ck, claim, "not checkable", r, [base],
                        f"The statistics are monthly, not daily, so a daily figure ({q.text} a "
                        f"day) cannot be checked. They show {_fmt(base.value)} for "
                        f"{r.describe()}, an average of about {_fmt(round(per_day, -1))} a day "
                        f"over {days} days.")
    shown = (f" For {r.describe()}, the data show {_fmt(base.value)} encounters."
             if base else "")
    return _verdict(ck, claim, "not checkable", r, [base] if base else [],
                    f"CBP's encounter statistics do not count {NOT_IN_DATA[claim.measure]}, so "
                    f"the figure {q.text} cannot be checked against them.{shown}")


def _days(p: Period) -> int:
    return sum(calendar.monthrange(m.year, m.month)[1] for m in vocab.month_range(p.first,
                                                                                p.last))


def check_count(ck: Checker, claim: Claim) -> Verdict:
    """Counts: the literal reading (latest and as first published), then nearby readings."""
    q = claim.quantity
    assert q is not None and claim.period is not None
    lit = scope_of(claim)
    r = reading(lit, claim.measure)
    base = ck.official(r) or ck.joined_official(r)
    # the figure as first published matters only when the latest does not bear the text out
    first = None if base is not None and matches(q, base.value) else ck.official(r, ck.article)
    entries = claim.measure == "entries"
    for got in (base, first):
        if got is not None and matches(q, got.value):
            if entries:
                return _verdict(
                    ck, claim, "wrong measure", r, [got],
                    f"{q.text} matches {r.describe()}: {_fmt(got.value)} "
                    f"({tolerance_words(q)}). However, the text presents it as people who "
                    "entered the country; CBP counts encounters (events at the border, "
                    "including people turned back or expelled, and repeat crossers), not "
                    "entries.")
            when = "as first published" if got is first and got is not base else \
                "in the latest release"
            revised = ""
            if got is first and base and base.value != got.value:
                revised = f" Later releases revised it to {_fmt(base.value)}."
            return _verdict(ck, claim, "supported", r, [got] + ([base] if revised and base
                                                               else []),
                            f"The text's figure {q.text} matches {r.describe()}: "
                            f"{_fmt(got.value)} {when} ({tolerance_words(q)}).{revised}",
                            got.as_of)
    if lit.place == "state_sw" and not entries and base is None:
        # a state "on the southwest border" whose land border no release splits out: the
        # state's whole total answers (round 4: when the land border is published, a figure
        # that only the whole state bears out is no longer supported)
        whole_r = reading(replace(lit, place="state"), claim.measure)
        whole = ck.figure(whole_r)
        if whole is not None and matches(q, whole.value):
            return _verdict(ck, claim, "supported", whole_r, [whole],
                            f"The text's figure {q.text} matches {whole_r.describe()}: "
                            f"{_fmt(whole.value)} in the latest release ({tolerance_words(q)}"
                            f"); its southwest land border alone is "
                            f"{_fmt(base.value) if base else 'not published'}.")
    if base is None and first is None and not entries:
        return _verdict(ck, claim, "not checkable", r, [],
                        f"No release publishes a figure for {r.describe()}; the checker does "
                        "not read a missing month as zero.")
    for n, (alt, changes) in enumerate(alternatives(lit)):
        if n >= MAX_ALTERNATIVES:
            break
        if not ended(alt.period, ck.article):
            continue  # a text cannot mean a period that had not ended by its date
        ra = reading(alt, claim.measure)
        rough = ck.rough(ra)
        if rough is not False and rough is not None and not _roughly(q, rough):
            continue  # the monthly series is far off: no one-source query needed
        v = ck.value(ra)
        if v is None or not other(q, v, lit, alt, changes):
            continue
        got = ck.official(ra) or ck.joined_official(ra)
        if got is None:
            continue
        said = ("the text presents it as people who entered the country; CBP counts "
                "encounters (events at the border, including people turned back or expelled), "
                "not entries" if entries else f"the text presents it as {r.describe()}")
        lit_txt = (f" The literal reading, {r.describe()}, is {_fmt(base.value)}."
                   if base else "")
        return _verdict(ck, claim, "wrong measure", ra, [got] + ([base] if base else []),
                        f"{q.text} is the figure for {ra.describe()}: {_fmt(got.value)} in the "
                        f"latest release ({tolerance_words(q)}; the {describe_change(lit, alt)} "
                        f"differ). However, {said}.{lit_txt}")
    if entries:
        shown = f" CBP counted {_fmt(base.value)} for {r.describe()}." if base else ""
        return _verdict(ck, claim, "not checkable", r, [base] if base else [],
                        "CBP does not count entries (people who got into the country); it "
                        f"counts encounters, and no encounter figure nearby matches {q.text}."
                        f"{shown}")
    if base is None and first is None:
        return _verdict(ck, claim, "not checkable", r, [],
                        f"No release publishes a figure for {r.describe()}; the checker does "
                        "not read a missing month as zero.")
    shown_v = base or first
    assert shown_v is not None
    return _verdict(ck, claim, "contradicted", r, [shown_v],
                    f"For {r.describe()}, the official figure is {_fmt(shown_v.value)}, which "
                    f"does not bear out {q.text} ({tolerance_words(q)}), and no nearby measure "
                    "(other place, component, period or subgroup, one or two changes away) "
                    "matches it either.")


def _pct_ok(claim: Claim, cur: float, prev: float) -> bool:
    """Does the change from ``prev`` to ``cur`` bear out the text's percentage?

    A whole or decimal percent is right within 1 point (a writer rounds -84.5% to 85%),
    "about" within 2; "more than" and "less than" bound the size of the change,
    "nearly" is up to 2 points below and a hair above.  The direction must agree.
    """
    q = claim.quantity
    assert q is not None
    pct = 100.0 * (cur - prev) / prev
    signed = pct if claim.direction == "up" else -pct
    if signed <= 0:
        return False
    x = q.value
    if "%" not in q.text and "percent" not in q.text:  # "by roughly a third"
        return literal(q.qualifier, x, signed, 5.0) if q.qualifier not in ("exact", "about") \
            else abs(signed - x) <= 2.5
    if q.qualifier == "exact":
        return abs(signed - x) <= 1.0
    if q.qualifier == "about":
        return abs(signed - x) <= 2.0
    if q.qualifier == "nearly":
        return x - 2.0 <= signed <= x + 0.3
    if q.qualifier in ("more", "justover"):
        return signed > x
    if q.qualifier in ("less", "justunder"):
        return signed < x
    if q.qualifier == "atleast":
        return signed >= x
    return False


def check_change(ck: Checker, claim: Claim) -> Verdict:
    """"Up 14% from last year", "down more than 55%": the literal change, then other readings."""
    q = claim.quantity
    assert q is not None and claim.period is not None and claim.base_period is not None
    lit = scope_of(claim)
    bp = claim.base_period
    r = reading(lit)
    cur, prev = ck.figure(r), ck.figure(replace(r, period=bp))
    if cur is None or prev is None or prev.value == 0:
        return _verdict(ck, claim, "not checkable", r, [],
                        f"No release publishes both {r.describe()} and {bp.label} at that "
                        "grain, so the change cannot be computed.")
    pct = 100.0 * (cur.value - prev.value) / prev.value
    what = (f"{r.describe()}: {_fmt(cur.value)}, against {_fmt(prev.value)} in {bp.label}, a "
            f"change of {pct:+.1f}%")
    if _pct_ok(claim, cur.value, prev.value):
        return _verdict(ck, claim, "supported", r, [cur, prev],
                        f"{what}; the text says {claim.direction} {q.text}.")
    other = _other_pair(ck, lit, bp, lambda c, p: _pct_ok(claim, c, p))
    if other is not None:
        _alt, ra, _abp, ac, ap = other
        alt_pct = 100.0 * (ac.value - ap.value) / ap.value
        return _verdict(ck, claim, "wrong measure", ra, [ac, ap],
                        f"A change of {alt_pct:+.1f}% holds for {ra.describe()} "
                        f"({_fmt(ac.value)} against {_fmt(ap.value)}), not for {what}.")
    return _verdict(ck, claim, "contradicted", r, [cur, prev],
                    f"{what}; the text says {claim.direction} {q.text}.")


def _other_pair(ck: Checker, lit: Scope, base: Period, holds: Callable[[float, float], bool],
                ) -> tuple[Scope, Reading, Period, Official, Official] | None:
    """The first other reading of a two-period claim (a change, direction or multiple) for
    which ``holds(current, base)``: the cheap values first, then the figures it would cite."""
    for alt, abp in _change_alternatives(lit, base, ck.article):
        ra = reading(alt)
        c, p = ck.value(ra), ck.value(replace(ra, period=abp))
        if c is None or not p or not holds(c, p):
            continue
        ac, ap = ck.figure(ra), ck.figure(replace(ra, period=abp))
        if ac is None or ap is None or not ap.value or not holds(ac.value, ap.value):
            continue
        return alt, ra, abp, ac, ap
    return None


def _other_kind(p: Period) -> Period:
    """The calendar year for a fiscal year and the other way round."""
    if p.kind == "fy":
        return cy_period(vocab.calendar_to_fiscal(p.last.year, p.last.month)[0])
    return fy_period(p.first.year)


def _change_alternatives(lit: Scope, base: Period, article: dt.date
                         ) -> Iterator[tuple[Scope, Period]]:
    """Other readings of a change: the same change of place, component or subgroup for
    both periods (one or two changes), or both years read as the other kind of year."""
    for alt, _n in itertools.islice(alternatives(lit), MAX_ALTERNATIVES):
        abp = base
        if alt.period != lit.period:
            if not (alt.period.kind != lit.period.kind and lit.period.kind in ("fy", "cy")
                    and base.kind == lit.period.kind):
                continue
            abp = _other_kind(base)
        if ended(abp, article):
            yield alt, abp


def _pair(ck: Checker, claim: Claim) -> tuple[Reading, Official, Official] | None:
    assert claim.period is not None and claim.base_period is not None
    r = reading(scope_of(claim))
    cur, prev = ck.figure(r), ck.figure(replace(r, period=claim.base_period))
    if cur is None or prev is None or prev.value == 0 or cur.value == 0:
        return None
    return r, cur, prev


def check_direction(ck: Checker, claim: Claim) -> Verdict:
    """"Rose in November compared with October": the sign of the change."""
    got = _pair(ck, claim)
    assert claim.base_period is not None
    if got is None:
        return Verdict(claim.text, None, "not checkable", [], {}, [],
                       f"No release publishes both periods ({claim.base_period.label}) at "
                       "that grain.", kind="direction")
    r, cur, prev = got
    ok = cur.value > prev.value if claim.direction == "up" else cur.value < prev.value
    word = "rose" if cur.value > prev.value else "fell"
    if not ok:
        lit = scope_of(claim)
        up = claim.direction == "up"
        other = _other_pair(ck, lit, claim.base_period,
                            lambda c, p: bool(c) and (c > p) == up and c != p)
        if other is not None:
            alt, ra, abp, ac, ap = other
            return _verdict(ck, claim, "wrong measure", ra, [ac, ap, cur, prev],
                            f"It went {claim.direction} for {ra.describe()} ({_fmt(ac.value)} "
                            f"against {_fmt(ap.value)} in {abp.label}; the "
                            f"{describe_change(lit, alt)} differ), not for {r.describe()}: "
                            f"{_fmt(cur.value)} against {_fmt(prev.value)} in "
                            f"{claim.base_period.label}: it {word}.")
    return _verdict(ck, claim, "supported" if ok else "contradicted", r, [cur, prev],
                    f"{r.describe()}: {_fmt(cur.value)}, against {_fmt(prev.value)} in "
                    f"{claim.base_period.label}: it {word}; the text says it went "
                    f"{claim.direction}.")


def check_multiple(ck: Checker, claim: Claim) -> Verdict:
    """"More than doubled", "fell by more than half": the ratio, read literally, then the
    same change of place, component or subgroup for both periods."""
    got = _pair(ck, claim)
    assert claim.base_period is not None and claim.target is not None
    if got is None:
        return Verdict(claim.text, None, "not checkable", [], {}, [],
                       "No release publishes both periods at that grain.", kind="multiple")
    r, cur, prev = got
    up = claim.direction == "up"
    ratio = cur.value / prev.value if up else prev.value / cur.value
    ok = _ratio_ok(claim.qualifier, claim.target, ratio, up)
    said = (f"the text says {'about' if claim.qualifier == 'times' else claim.qualifier} "
            f"{claim.target:g} times")
    what = (f"{r.describe()}: {_fmt(cur.value)}, against {_fmt(prev.value)} in "
            f"{claim.base_period.label}, a ratio of {ratio:.2f} "
            f"({'rise' if up else 'fall'})")
    if not ok:
        lit = scope_of(claim)
        target = claim.target
        other = _other_pair(ck, lit, claim.base_period,
                            lambda c, p: bool(c) and _ratio_ok(claim.qualifier, target,
                                                               c / p if up else p / c, up))
        if other is not None:
            alt, ra, abp, ac, ap = other
            return _verdict(ck, claim, "wrong measure", ra, [ac, ap, cur, prev],
                            f"The ratio holds for {ra.describe()} ({_fmt(ac.value)} against "
                            f"{_fmt(ap.value)} in {abp.label}; the "
                            f"{describe_change(lit, alt)} differ), not for {what}; {said}.")
    return _verdict(ck, claim, "supported" if ok else "contradicted", r, [cur, prev],
                    f"{what}; {said}.")


def _ratio_ok(qual: str, x: float, ratio: float, up: bool = True) -> bool:
    """"doubled" is 1.85 to 2.2 times, "tripled" 2.75 to 3.3, "nearly doubled" 1.8 to 2,
    "3.5 times" or "quadrupled" within 5%; "halved" leaves 45% to 55% of the base."""
    if qual == "times":
        return abs(ratio - x) <= 0.05 * x
    if qual == "nearly":
        return x - 0.2 <= ratio <= x
    if qual in ("about", "exact") and up:
        if x == 2:
            return 1.85 <= ratio < 2.2
        if x == 3:
            return 2.75 <= ratio < 3.3
        return abs(ratio - x) <= 0.05 * x
    if qual in ("about", "exact"):  # a fall to 1/x of the base
        return abs(1 / ratio - 1 / x) <= 0.05 if x == 2 else abs(ratio - x) <= 0.05 * x
    return literal(qual, x, ratio, 0.1)


def _whole(claim: Claim, s: Scope) -> Scope:
    """What a share is a share of: the part's scope without what sets the part apart."""
    if claim.rank_of == "authority":
        return replace(s, authority=None)
    if claim.rank_of == "sector":
        return replace(s, place="southwest", area=None)
    if claim.rank_of == "component":
        return replace(s, component=None)
    if claim.rank_of == "region":
        return replace(s, place="nation", area=None)
    if claim.rank_of == "state_share":  # a state's share of the southwest border
        return replace(s, place="southwest", area=None)
    return replace(s, citizenship=None, demographic=None)


def check_share(ck: Checker, claim: Claim) -> Verdict:
    """"More than half", "about a third", "one in five", "23%": part over whole."""
    assert claim.target is not None
    s = scope_of(claim)
    part_r = reading(s)
    whole_r = reading(_whole(claim, s))
    part, whole = ck.figure(part_r), ck.figure(whole_r)
    if part is None or whole is None or not whole.value:
        return _verdict(ck, claim, "not checkable", part_r, [],
                        f"No release publishes {part_r.describe()} and its total at that "
                        "grain.")
    share = part.value / whole.value
    x = claim.target
    pct = bool(re.search(r"%|\bpercent\b", claim.phrase))
    ok = _share_ok(claim.qualifier, x, share, pct)
    if not ok and claim.rank_of not in ("component", "region"):
        # the same share for another place, component or period (part and whole alike);
        # the part keeps its subject (subgroup, sector)
        for alt, _changes in itertools.islice(alternatives(s), MAX_SHARE_ALTERNATIVES):
            if "subgroup" in _kinds(s, alt) or not ended(alt.period, ck.article):
                continue
            if claim.rank_of in ("sector", "state_share") and \
                    (alt.place, alt.area) != (s.place, s.area):
                continue
            a_part = ck.value(reading(alt))
            a_whole = ck.value(reading(_whole(claim, alt)))
            if a_part is None or not a_whole:
                continue
            a_share = a_part / a_whole
            if _share_ok(claim.qualifier, x, a_share, pct):
                ra = reading(alt)
                return _verdict(ck, claim, "wrong measure", ra, [part, whole],
                                f"The share is {a_share:.1%} for {ra.describe()} "
                                f"({_fmt(a_part)} of {_fmt(a_whole)}; the "
                                f"{describe_change(s, alt)} differ), not for "
                                f"{part_r.describe()}: {_fmt(part.value)} of "
                                f"{_fmt(whole.value)}, {share:.1%}.")
    return _verdict(ck, claim, "supported" if ok else "contradicted", part_r, [part, whole],
                    f"{part_r.describe()}: {_fmt(part.value)} of {_fmt(whole.value)}, a share "
                    f"of {share:.1%}; the text says {claim.phrase or f'{x:.0%}'} "
                    f"({_share_words(claim.qualifier, pct)}).")


def _share_ok(qual: str, x: float, share: float, pct: bool = False) -> bool:
    """Does ``share`` bear out "``qual`` ``x``"?  A bare fraction within 2 points (a bare
    percentage within 1), "about" within 3 (a percentage within 2), "nearly" up to 3 points
    below and not above."""
    if qual == "exact":
        return abs(share - x) <= (0.01 if pct else 0.02)
    if qual == "about":
        return abs(share - x) <= (0.02 if pct else 0.03)
    if qual == "nearly":
        return x - 0.03 <= share <= x + 0.003
    return {"more": share > x, "atleast": share >= x, "less": share < x}.get(qual, False)


def _share_words(qual: str, pct: bool) -> str:
    return {"exact": f"within {1 if pct else 2} points", "about": f"within {2 if pct else 3} "
            "points", "nearly": "up to 3 points below", "more": "above it",
            "atleast": "at least it", "less": "below it"}.get(qual, "")


def _rank_of(ck: Checker, claim: Claim, period: Period) -> tuple[list[tuple[str, int]],
                                                                   QueryResult] | None:
    if claim.rank_of == "sector":
        f: dict[str, tuple[str, ...]] = {"component": (vocab.USBP,), "area_type": ("sector",)}
        if claim.place == "northern":  # "the busiest sector on the northern border"
            f["region"] = (vocab.NORTHERN,)
        group = "area"
    elif claim.rank_of == "state":
        f = {"area_type": ("state",), "region": (vocab.SOUTHWEST,)}
        group = "area"
    else:
        f = {"region": (vocab.SOUTHWEST,)} if claim.place != "nation" else {}
        if claim.component:
            f["component"] = (claim.component,)
        group = "citizenship"
    try:
        result = ck.warehouse.query(Query(filters=f, group_by=(group,), start=period.first,
                                          end=period.last))
    except (NoSourceError, QueryError):
        result = None
    if result is None or result.missing:
        if claim.rank_of != "sector":
            return None
        joined = [(a, ck.joined(reading(Scope("sector", a, vocab.USBP, period))))
                  for a in ALL_SECTORS]
        if not any(v for _, v in joined):
            return None
        some = next(a for a, v in joined if v)
        first = monthly(ck.warehouse, reading(Scope("sector", some, vocab.USBP, period)).filters)
        assert first
        probe = ck.warehouse.query(Query(filters={"component": (vocab.USBP,),
                                                  "area_type": ("sector",)},
                                         group_by=("area",), start=max(first), end=max(first)))
        return sorted(((a, v) for a, v in joined if v is not None), key=lambda kv: -kv[1]), \
            probe
    ranked = sorted(((str(r[group]), int(r["encounters"])) for r in result.rows
                     if r[group] not in (vocab.OTHER_CITIZENSHIP, None)
                     and r[group] not in vocab.RESIDUAL_CITIZENSHIPS),
                    key=lambda kv: -kv[1])
    return ranked, result


def check_rank(ck: Checker, claim: Claim) -> Verdict:
    """"Del Rio was the busiest sector", "Cubans were the third most common nationality"."""
    assert claim.period is not None and claim.target is not None and claim.name is not None
    rank = int(claim.target)
    got = _rank_of(ck, claim, claim.period)
    what = claim.rank_of if claim.rank_of in ("sector", "state") else "citizenship"
    if got is None or not got[0]:
        return Verdict(claim.text, None, "not checkable", [], {}, [],
                       f"No release ranks {what}s for {claim.period.label}.", kind="rank")
    ranked, result = got
    names = [n for n, _ in ranked]
    pos = names.index(claim.name) + 1 if claim.name in names else 0
    top = ", ".join(f"{i}. {n} ({_fmt(v)})" for i, (n, v) in enumerate(ranked[:max(3, rank)],
                                                                       start=1))
    official = [Official(f"{n}, {claim.period.label}", v, result.family,
                         [r.label for r in result.releases], rounding=result.rounding)
                for n, v in ranked[:max(3, rank)]]
    doc = {"filters": {}, "group_by": [what], "start": claim.period.first.isoformat(),
           "end": claim.period.last.isoformat(), "sql": result.sql, "source": result.family}
    place = f"{pos}" if pos else "not ranked"
    top_n = claim.qualifier == "top"  # "among the five busiest"

    def holds(names: list[str]) -> bool:
        if claim.name not in names:
            return False
        at = names.index(claim.name) + 1
        return at <= rank if top_n else at == rank

    if holds(names):
        return Verdict(claim.text, None, "supported", official, doc,
                       [r.label for r in result.releases],
                       f"In {claim.period.label}, {claim.name} ranked {place}: {top}.",
                       f"{what} ranking, {claim.period.label}", "rank")
    for alt_claim, change in _rank_alternatives(claim, ck.article):
        assert alt_claim.period is not None
        alt = _rank_of(ck, alt_claim, alt_claim.period)
        if alt and holds([n for n, _ in alt[0]]):
            return Verdict(claim.text, None, "wrong measure", official, doc,
                           [r.label for r in alt[1].releases],
                           f"{claim.name} ranked {rank} {change}, not in "
                           f"{claim.period.label} ({top}).", f"{what} ranking, "
                           f"{alt_claim.period.label}", "rank")
    return Verdict(claim.text, None, "contradicted", official, doc,
                   [r.label for r in result.releases],
                   f"In {claim.period.label}, {claim.name} ranked {place}, not {rank}: {top}.",
                   f"{what} ranking, {claim.period.label}", "rank")


#: at most this many other readings are tried for a rank (each is one grouped query)
MAX_RANK_ALTERNATIVES = 24


def _rank_alternatives(claim: Claim, article: dt.date) -> Iterator[tuple[Claim, str]]:
    """Other readings of a rank, one or two changes away: another period (sectors), or
    another place, component or period (nationalities); only periods ended by the text."""
    assert claim.period is not None
    if claim.rank_of in ("sector", "state"):
        for p in period_changes(claim.period):
            if ended(p, article):
                yield replace(claim, period=p), f"in {p.label}"
        return
    lit = Scope(claim.place or "southwest", None, claim.component, claim.period)
    for alt, _n in itertools.islice(alternatives(lit), MAX_RANK_ALTERNATIVES):
        if alt.place not in ("southwest", "nation") or not ended(alt.period, article):
            continue
        yield (replace(claim, place=alt.place, component=alt.component, period=alt.period),
               f"for {reading(alt).describe()}")


def check_ranking(ck: Checker, claim: Claim) -> Verdict:
    """"The busiest sectors are A, B and C": the top sectors of the period, as a set."""
    assert claim.period is not None
    n = len(claim.ranked)
    evidence: list[tuple[Period, list[tuple[str, int]], QueryResult]] = []
    for period in [claim.period] + period_changes(claim.period)[:1]:
        q = Query(filters={"component": (vocab.USBP,), "area_type": ("sector",)},
                  group_by=("area",), start=period.first, end=period.last)
        try:
            result = ck.warehouse.query(q)
        except NoSourceError:
            continue
        ranked = sorted(((r["area"], int(r["encounters"])) for r in result.rows),
                        key=lambda kv: -kv[1])
        evidence.append((period, ranked, result))
    if not evidence:
        return Verdict(claim.text, None, "not checkable", [], {}, [],
                       "The warehouse has no sector figures for that period.", kind="ranking")
    claimed = set(claim.ranked)
    period, ranked, result = evidence[0]
    top = [name for name, _ in ranked[:n]]
    official = [Official(f"Border Patrol encounters, {name} sector, {period.label}", v,
                         result.family, [r.label for r in result.releases],
                         rounding=result.rounding) for name, v in ranked[:n]]
    doc = {"filters": {"component": ["USBP"], "area_type": ["sector"]}, "group_by": ["area"],
           "start": period.first.isoformat(), "end": period.last.isoformat(), "sql": result.sql,
           "source": result.family}
    listing = ", ".join(f"{name} ({_fmt(v)})" for name, v in ranked[:n])
    if set(top) == claimed:
        return Verdict(claim.text, None, "supported", official, doc,
                       [r.label for r in result.releases],
                       f"In {period.label} the {n} busiest Border Patrol sectors by encounters "
                       f"were {listing}: the same {n} the text names.", f"top {n} sectors, "
                       f"{period.label}", kind="ranking")
    for other, other_ranked, other_result in evidence[1:]:
        if {name for name, _ in other_ranked[:n]} == claimed:
            return Verdict(claim.text, None, "wrong measure", official, doc,
                           [r.label for r in other_result.releases],
                           f"The text's {n} sectors were the busiest in {other.label}, not in "
                           f"{period.label}, when they were {listing}.",
                           f"top {n} sectors, {other.label}", kind="ranking")
    return Verdict(claim.text, None, "contradicted", official, doc,
                   [r.label for r in result.releases],
                   f"In {period.label} the {n} busiest Border Patrol sectors were {listing}; "
                   f"the text names {', '.join(claim.ranked)}.", f"top {n} sectors, "
                   f"{period.label}", kind="ranking")


def check_record(ck: Checker, claim: Claim) -> Verdict:
    """"The lowest monthly total since 2000", "a record high": on data published by the date."""
    assert claim.period is not None
    r = reading(scope_of(claim))
    if claim.quantity is not None:
        # "top 2.76 million in fiscal 2022, most ever": the figure is judged first
        counted = check_count(ck, replace(claim, kind="count"))
        if counted.verdict != "supported":
            return counted
    if claim.period.kind in ("fy", "cy"):
        return _year_record(ck, claim, r)
    series = monthly(ck.warehouse, r.filters)
    month = claim.period.first
    last = latest_published(ck.article)
    since = claim.since or (min(series) if series else month)
    window = {m: v for m, v in series.items() if since <= m <= max(month, since) and m <= last
              and (claim.rank_of != "same month" or m.month == month.month)}
    if claim.rank_of == "same month" and since.month != month.month:
        since = min((m for m in window), default=since)
    if (month not in window or since not in series) and claim.quantity is not None:
        # the record cannot be judged on what was out by then, but the figure itself can
        counted = check_count(ck, replace(claim, kind="count"))
        word = "lowest" if claim.extreme == "low" else "highest"
        counted.explanation += (f" Whether it was the {word} cannot be judged: the series "
                          f"published by the text's date does not reach from {since:%B %Y} "
                          f"to {month:%B %Y}.")
        return counted
    if month not in window or since not in series:
        return _verdict(ck, claim, "not checkable", r, [],
                        f"The published monthly series for {r.describe()} does not reach from "
                        f"{since:%B %Y} to {month:%B %Y} by the text's date.")
    v = window[month]
    others = [x for m, x in window.items() if m != month]
    ok = all(v < x for x in others) if claim.extreme == "low" else all(v > x for x in others)
    q = claim.quantity
    if ok and q is not None:
        ok = matches(q, v)
    best_m = (min if claim.extreme == "low" else max)(
        (m for m in window if m != month), key=lambda m: window[m], default=None)
    evidence = ck.figure(r)
    word = "lowest" if claim.extreme == "low" else "highest"
    other = (f" {best_m:%B %Y} had {_fmt(window[best_m])}." if best_m is not None else "")
    return _verdict(ck, claim, "supported" if ok else "contradicted", r,
                    [evidence] if evidence else [],
                    f"{r.describe()}: {_fmt(v)}. Among the {len(window)} months from "
                    f"{since:%B %Y} published by the text's date, it is "
                    f"{'the' if ok else 'not the'} {word}.{other}")


def _year_record(ck: Checker, claim: Claim, r: Reading) -> Verdict:
    """"The highest on record" for a fiscal or calendar year: complete years published by
    the text's date, from the first complete one (or the year named after "since")."""
    assert claim.period is not None
    series = monthly(ck.warehouse, r.filters)
    last = latest_published(ck.article)
    fiscal = claim.period.kind == "fy"
    years: dict[int, list[int]] = {}
    for m, v in series.items():
        if m <= last:
            y = vocab.calendar_to_fiscal(m.year, m.month)[0] if fiscal else m.year
            years.setdefault(y, []).append(v)
    totals = {y: sum(vs) for y, vs in years.items() if len(vs) == 12}
    key = vocab.calendar_to_fiscal(claim.period.last.year, claim.period.last.month)[0] \
        if fiscal else claim.period.first.year
    if claim.since:
        totals = {y: v for y, v in totals.items() if y >= claim.since.year}
    if key not in totals or len(totals) < 2:
        return _verdict(ck, claim, "not checkable", r, [],
                        f"The published series for {r.describe()} has too few complete years "
                        "by the text's date to judge a record.")
    v = totals[key]
    others = [x for y, x in totals.items() if y != key]
    ok = all(v < x for x in others) if claim.extreme == "low" else all(v > x for x in others)
    q = claim.quantity
    if ok and q is not None:
        ok = matches(q, v)
    word = "lowest" if claim.extreme == "low" else "highest"
    label = "FY" if fiscal else "calendar year "
    listing = ", ".join(f"{label}{y}: {_fmt(x)}" for y, x in sorted(totals.items()))
    evidence = ck.figure(r)
    return _verdict(ck, claim, "supported" if ok else "contradicted", r,
                    [evidence] if evidence else [],
                    f"{r.describe()}: {_fmt(v)}; it is {'the' if ok else 'not the'} {word} of "
                    f"the complete years published by the text's date ({listing}).")


def check_threshold(ck: Checker, claim: Claim) -> Verdict:
    """"Exceeded one million in both fiscal 2021 and 2022": each period against the bound."""
    q = claim.quantity
    assert q is not None
    s = scope_of(claim)
    got = [(p, ck.figure(reading(replace(s, period=p)))) for p in claim.periods]
    r = reading(replace(s, period=claim.periods[0]))
    if any(o is None for _, o in got):
        return _verdict(ck, claim, "not checkable", r, [],
                        "Not every period named has a published figure at that grain.")
    ok = all(o is not None and literal(q.qualifier, q.value, o.value, q.unit) for _, o in got)
    listing = "; ".join(f"{p.label}: {_fmt(o.value)}" for p, o in got if o is not None)
    if not ok:
        for alt, _n in itertools.islice(alternatives(s), MAX_SHARE_ALTERNATIVES):
            if alt.period != s.period:
                continue  # the same periods, another place, component or subgroup
            vals = [ck.value(reading(replace(alt, period=p))) for p in claim.periods]
            if all(v is not None and literal(q.qualifier, q.value, v, q.unit) for v in vals):
                ra = reading(replace(alt, period=claim.periods[0]))
                alt_list = "; ".join(f"{p.label}: {_fmt(v or 0)}"
                                     for p, v in zip(claim.periods, vals, strict=True))
                return _verdict(ck, claim, "wrong measure", ra, [o for _, o in got if o],
                                f"The bound holds for {ra.describe().rsplit(',', 1)[0]} "
                                f"({alt_list}; the {describe_change(s, alt)} differ), not "
                                f"for {r.describe().rsplit(',', 1)[0]}: {listing}.")
    return _verdict(ck, claim, "supported" if ok else "contradicted", r,
                    [o for _, o in got if o is not None],
                    f"{r.describe().rsplit(',', 1)[0]}: {listing}; the text says each was "
                    f"{tolerance_words(q).replace('the figure', q.text)}.")


def check_outnumber(ck: Checker, claim: Claim) -> Verdict:
    """"Guatemalans outnumbered Mexicans": the two citizenships' figures, side by side."""
    s = scope_of(claim)
    a, b = (reading(replace(s, citizenship=c)) for c in claim.ranked)
    fa, fb = ck.figure(a), ck.figure(b)
    if fa is None or fb is None:
        return _verdict(ck, claim, "not checkable", a, [],
                        f"No release publishes both {a.describe()} and {b.describe()}.")
    ok = fa.value > fb.value
    return _verdict(ck, claim, "supported" if ok else "contradicted", a, [fa, fb],
                    f"{a.describe()}: {_fmt(fa.value)}; {b.describe()}: {_fmt(fb.value)}; "
                    f"the text says the first outnumbered the second.")


CHECKS = {"count": check_count, "ranking": check_ranking, "change": check_change,
          "record": check_record, "topic": check_topic, "direction": check_direction,
          "multiple": check_multiple, "share": check_share, "rank": check_rank,
          "threshold": check_threshold, "outnumber": check_outnumber}


def check_text(warehouse: Warehouse, text: str, date: dt.date | None = None, *,
               cancel: Callable[[], bool] | None = None) -> list[Verdict]:
    """Extract and check every claim in ``text``, dated ``date`` or by the text's own date.

    ``cancel`` is asked before each claim; when it says so the check stops
    (``WorkCancelledError``): a server stops the work of a client that went away.
    """
    article = date or article_date(text) or dt.date.today()
    ck = Checker(warehouse, article)
    verdicts = []
    for claim in extract(text, article):
        if cancel is not None and cancel():
            raise WorkCancelledError("the check was stopped before it finished")
        got = CHECKS[claim.kind](ck, claim)
        got.span = got.quantity or claim.phrase or claim.text
        verdicts.append(got)
    return verdicts


def primary_reading(claim: Claim) -> Reading:
    """The literal reading of a claim (southwest unless the text says otherwise)."""
    return reading(scope_of(claim), claim.measure)
