"""Turn each claim into warehouse queries, pick the reading the text supports, give a verdict.

Verdicts:

``supported``      the figure matches what the text says it is, within a tolerance
                   that follows the wording ("about", "more than", rounding) and
                   allows for revisions since the article's date.
``wrong measure``  the figure matches a *different* measure, place or period
                   (nationwide vs southwest, all of CBP vs Border Patrol,
                   encounters vs entries, fiscal vs calendar year): named.
``contradicted``   no reading matches.
``not checkable``  the statistics have nothing at that grain or on that subject
                   (custody, shelters, deaths, daily counts); the explanation
                   says what they do show.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from borderflow import vocab
from borderflow.claims.extract import Claim, Period, article_date, extract
from borderflow.claims.numbers import Quantity
from borderflow.errors import NoSourceError, QueryError
from borderflow.store import Query, QueryResult, Warehouse

NOT_IN_DATA = {
    "custody": "how many people are in custody",
    "shelter": "shelter populations",
    "deaths": "deaths",
    "gotaways": "people who evaded capture (got-aways)",
}
#: an exact figure may differ this much after CBP's revisions
REVISION_TOLERANCE = 0.01
STATE_NAMES = {"TX": "Texas", "AZ": "Arizona", "CA": "California", "NM": "New Mexico"}


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
        if "authority" in f:
            what = "Title 42 expulsions"
        extra = ""
        if "citizenship" in f:
            extra += f" of {f['citizenship'][0]} citizens"
        if "demographic" in f:
            extra += f" ({f['demographic'][0].lower()})"
        if "area" in f and f.get("area_type") == ("sector",):
            where = f"in the {f['area'][0]} sector"
        elif "area" in f:
            where = f"in {STATE_NAMES.get(f['area'][0], f['area'][0])}"
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

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "quantity": self.quantity, "kind": self.kind,
                "verdict": self.verdict, "interpretation": self.interpretation,
                "official": [o.as_dict() for o in self.official], "query": self.query,
                "releases": self.releases, "explanation": self.explanation}


@dataclass
class Checker:
    """Checks claims against one warehouse, caching the queries it runs."""

    warehouse: Warehouse
    article: dt.date
    _cache: dict[tuple[Any, ...], QueryResult | None] = field(default_factory=dict)

    def run(self, reading: Reading, as_of: dt.date | None = None) -> QueryResult | None:
        key = (reading.filters, reading.period.first, reading.period.last, as_of)
        if key not in self._cache:
            try:
                result = self.warehouse.query(reading.query(as_of))
                self._cache[key] = None if result.missing else result
            except (NoSourceError, QueryError):
                self._cache[key] = None
        return self._cache[key]

    def official(self, reading: Reading, as_of: dt.date | None = None) -> Official | None:
        result = self.run(reading, as_of)
        if result is None:
            return None
        return Official(reading.describe(), result.total(), result.family,
                        [r.label for r in result.releases], as_of, result.rounding)


# ------------------------------------------------------------------ readings

def _filters(claim: Claim, place: str | None, component: str | None) -> dict[str, tuple[str, ...]]:
    f: dict[str, tuple[str, ...]] = {}
    if place == "southwest":
        f["region"] = (vocab.SOUTHWEST,)
    elif place == "northern":
        f["region"] = (vocab.NORTHERN,)
    elif place == "sector" and claim.area:
        f["area_type"], f["area"] = ("sector",), (claim.area,)
    elif place == "state" and claim.area:
        f["area_type"], f["area"] = ("state",), (claim.area,)
    if component:
        f["component"] = (component,)
    if claim.measure == "expulsions":
        f["authority"] = ("Title 42",)
    if claim.citizenship:
        f["citizenship"] = (claim.citizenship,)
    if claim.demographic:
        f["demographic"] = (claim.demographic,)
    return f


def _measure_word(claim: Claim, component: str | None) -> str:
    if claim.measure == "expulsions":
        return "Title 42 expulsions"
    if component == vocab.USBP and claim.measure == "apprehensions":
        return "apprehensions and expulsions"
    if component == vocab.OFO and claim.measure == "inadmissibles":
        return "inadmissibles and expulsions"
    return "encounters"


def primary_reading(claim: Claim, period: Period | None = None) -> Reading:
    """What the text literally says, with southwest as the default place."""
    component = primary_component(claim)
    place = claim.place or "southwest"
    f = _filters(claim, place, component)
    assert claim.period is not None or period is not None
    return Reading(tuple(sorted(f.items())), period or claim.period,  # type: ignore[arg-type]
                   _measure_word(claim, component))


def _period_variants(p: Period) -> list[Period]:
    out = [p]
    if p.kind == "cy":
        y = p.first.year
        out.append(Period("fy", vocab.month_start(y, 1), vocab.month_start(y, 12), f"FY{y}"))
    elif p.kind == "fy":
        y = vocab.calendar_to_fiscal(p.first.year, p.first.month)[0]
        out.append(Period("cy", dt.date(y, 1, 1), dt.date(y, 12, 1), f"calendar year {y}"))
    elif p.kind == "month":
        for back in (1, 12):  # a stale figure: last month's, or the same month last year
            prev = vocab.add_months(p.first, -back)
            out.append(Period("month", prev, prev, f"{prev:%B %Y}"))
    elif p.kind == "fytd":
        y = vocab.calendar_to_fiscal(p.first.year, p.first.month)[0]
        out.append(Period("fy", p.first, vocab.month_start(y, 12), f"FY{y}"))
    return out


def alternate_readings(claim: Claim) -> list[Reading]:
    """Nearby readings whose match would mean the figure belongs to a different measure.

    Each changes one thing the text says (place, component or period), or both
    place and component (a nationwide all-CBP figure cited as Border Patrol's
    southwest count); dropping a citizenship or demographic is one change too.
    They come nearest first.
    """
    assert claim.period is not None
    primary = primary_reading(claim)
    place0 = claim.place or "southwest"
    comp0 = primary_component(claim)
    places = [p for p in dict.fromkeys([place0, "nation", "southwest"]) if p != place0]
    comps = [c for c in (None, vocab.USBP, vocab.OFO) if c != comp0]
    periods = _period_variants(claim.period)[1:]
    combos: list[tuple[str, str | None, Period]] = (
        [(p, comp0, claim.period) for p in places]
        + [(place0, c, claim.period) for c in comps]
        + [(place0, comp0, per) for per in periods]
        + [(p, c, claim.period) for p in places for c in comps]
    )
    out: list[Reading] = []
    for place, comp, period in combos:
        if place == "sector" and comp == vocab.OFO:
            continue
        f = _filters(claim, place, comp)
        r = Reading(tuple(sorted(f.items())), period, _measure_word(claim, comp))
        if r != primary and r not in out:
            out.append(r)
    if claim.citizenship or claim.demographic:  # the same figure without the subgroup
        r = primary_reading(replace(claim, citizenship=None, demographic=None))
        if r not in out:
            out.append(r)
    if claim.place == "sector":  # the figure of another sector
        for sector in vocab.SOUTHWEST_SECTORS:
            if sector != claim.area:
                r = primary_reading(replace(claim, area=sector))
                if r not in out:
                    out.append(r)
    return out


def primary_component(claim: Claim) -> str | None:
    """The component the text names, or the one its measure implies."""
    return claim.component or {"apprehensions": vocab.USBP,
                               "inadmissibles": vocab.OFO}.get(claim.measure)


# ------------------------------------------------------------------ tolerance

def matches(q: Quantity, official: float) -> bool:
    """Does ``official`` bear out the quantity as worded?"""
    v = q.value
    # a round figure is read to its last significant digit, but never looser than 5%
    rounding = min(q.unit / 2, 0.05 * v) if q.unit > 1 else 0.0
    slack = max(rounding, REVISION_TOLERANCE * v)
    if q.qualifier == "exact":
        return abs(official - v) <= slack
    if q.qualifier == "about":
        return abs(official - v) <= max(rounding, 0.05 * v)
    if q.qualifier == "nearly":
        return v * 0.9 - rounding <= official <= v * (1 + REVISION_TOLERANCE)
    if q.qualifier == "more":
        return v * (1 - REVISION_TOLERANCE) <= official <= v * 2
    if q.qualifier == "less":
        return v * 0.5 <= official <= v * (1 + REVISION_TOLERANCE)
    return False


def tolerance_words(q: Quantity) -> str:
    return {
        "exact": "within 1% or the rounding of the figure as written (CBP revises recent "
                 "months)",
        "about": "within 5% or the rounding of the figure as written",
        "nearly": "at most the figure and not more than 10% below it",
        "more": "above the figure (and less than twice it)",
        "less": "below the figure (and more than half of it)",
    }[q.qualifier]


# ------------------------------------------------------------------ verdicts

def _fmt(n: float) -> str:
    return f"{n:,.0f}"


def _query_doc(reading: Reading, result: QueryResult | None, as_of: dt.date | None
               ) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "filters": {k: list(v) for k, v in reading.filters},
        "start": reading.period.first.isoformat(), "end": reading.period.last.isoformat(),
        "as_of": as_of.isoformat() if as_of else None,
    }
    if result is not None:
        doc["sql"] = result.sql
        doc["source"] = result.family
    return doc


def check_count(ck: Checker, claim: Claim) -> Verdict:
    """Counts: the literal reading, then nearby ones."""
    q = claim.quantity
    assert q is not None and claim.period is not None
    primary = primary_reading(claim)
    base = ck.official(primary)
    result = ck.run(primary)
    if claim.measure in NOT_IN_DATA:
        shown = (f" For {primary.describe()}, the data show {_fmt(base.value)} encounters."
                 if base else "")
        return Verdict(claim.text, q.text, "not checkable", [base] if base else [],
                       _query_doc(primary, result, None), base.releases if base else [],
                       f"CBP's encounter statistics do not count {NOT_IN_DATA[claim.measure]}, "
                       f"so the figure {q.text} cannot be checked against them.{shown}",
                       primary.describe())
    if claim.daily:
        return _daily(ck, claim, primary, base, result)
    hits: list[tuple[Reading, Official]] = []
    for as_of in (ck.article, None):
        got = ck.official(primary, as_of)
        if got and matches(q, got.value):
            hits.append((primary, got))
            break
    if hits and claim.measure not in ("entries",):
        reading, got = hits[0]
        when = ("as first published" if got.as_of else "in the latest release")
        revised = ""
        if got.as_of and base and base.value != got.value:
            revised = f" Later releases revised it to {_fmt(base.value)}."
        return Verdict(claim.text, q.text, "supported", [got] + ([base] if revised and base
                                                                 else []),
                       _query_doc(reading, ck.run(reading, got.as_of), got.as_of), got.releases,
                       f"The text's figure {q.text} matches {reading.describe()}: "
                       f"{_fmt(got.value)} {when} ({tolerance_words(q)}).{revised}",
                       reading.describe())
    alternates = []
    if q.qualifier in ("exact", "about", "nearly"):  # a bound says little about other measures
        for rank, reading in enumerate(alternate_readings(claim)):
            got = ck.official(reading)
            if got and matches(q, got.value):
                alternates.append((rank, reading, got))
    if hits:  # an "entries" claim that matches encounters
        alternates.insert(0, (-1, hits[0][0], hits[0][1]))
    if alternates:
        _, reading, got = min(alternates, key=lambda t: t[0])
        said = ("the text presents it as people who entered the country; CBP counts "
                "encounters (events at the border, including people turned back or expelled), "
                "not entries" if claim.measure == "entries" else
                f"the text presents it as {primary.describe()}")
        evidence = [got] + ([base] if base and base.label != got.label else [])
        lit = (f" The literal reading, {primary.describe()}, is {_fmt(base.value)}."
               if base and base.label != got.label else "")
        return Verdict(claim.text, q.text, "wrong measure", evidence,
                       _query_doc(reading, ck.run(reading), None), got.releases,
                       f"{q.text} is the figure for {reading.describe()}: {_fmt(got.value)} "
                       f"in the latest release ({tolerance_words(q)}). However, {said}.{lit}",
                       reading.describe())
    if claim.measure == "entries":
        shown = f" CBP counted {_fmt(base.value)} for {primary.describe()}." if base else ""
        return Verdict(claim.text, q.text, "not checkable", [base] if base else [],
                       _query_doc(primary, result, None), base.releases if base else [],
                       "CBP does not count entries (people who got into the country); it counts "
                       f"encounters, and no encounter figure nearby matches {q.text}.{shown}",
                       primary.describe())
    if base is None:
        return Verdict(claim.text, q.text, "not checkable", [], _query_doc(primary, None, None),
                       [], f"The warehouse has no figures for {primary.describe()}.",
                       primary.describe())
    return Verdict(claim.text, q.text, "contradicted", [base], _query_doc(primary, result, None),
                   base.releases,
                   f"For {primary.describe()}, the official figure is {_fmt(base.value)}, which "
                   f"does not bear out {q.text} ({tolerance_words(q)}), and no nearby measure "
                   "(other place, component or period) matches it either.", primary.describe())


def _daily(ck: Checker, claim: Claim, primary: Reading, base: Official | None,
           result: QueryResult | None) -> Verdict:
    q = claim.quantity
    assert q is not None
    if base is None:
        return Verdict(claim.text, q.text, "not checkable", [], _query_doc(primary, None, None),
                       [], f"The statistics are monthly, and have nothing for "
                       f"{primary.describe()} to compare a daily figure with.",
                       primary.describe())
    p = primary.period
    days = sum(calendar.monthrange(m.year, m.month)[1] for m in vocab.month_range(p.first, p.last))
    per_day = base.value / days
    return Verdict(claim.text, q.text, "not checkable", [base], _query_doc(primary, result, None),
                   base.releases,
                   f"The statistics are monthly, not daily, so a daily figure ({q.text} a day) "
                   f"cannot be checked. They show {_fmt(base.value)} for {primary.describe()}, "
                   f"an average of about {_fmt(round(per_day, -1))} a day over {days} days.",
                   primary.describe())


def check_ranking(ck: Checker, claim: Claim) -> Verdict:
    """"The busiest sectors are A, B and C": the top sectors of the period, as a set."""
    assert claim.period is not None
    n = len(claim.ranked)
    evidence: list[tuple[Period, list[tuple[str, int]], QueryResult]] = []
    for period in _period_variants(claim.period):
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


def check_change(ck: Checker, claim: Claim) -> Verdict:
    """"Up 14% from last year": the change between the two periods, in the stated direction."""
    q = claim.quantity
    assert q is not None and claim.period is not None and claim.base_period is not None
    claimed = q.value if claim.direction == "up" else -q.value
    tol = max(q.unit / 2 + 0.05, 0.5)
    readings = [primary_reading(claim)] + [
        r for r in alternate_readings(claim) if r.period == claim.period]
    found: list[tuple[Reading, float, Official, Official]] = []
    for reading in readings:
        cur = ck.official(reading)
        prev = ck.official(replace(reading, period=claim.base_period))
        if cur is None or prev is None or prev.value == 0:
            continue
        pct = 100.0 * (cur.value - prev.value) / prev.value
        found.append((reading, pct, cur, prev))
    if not found:
        return Verdict(claim.text, q.text, "not checkable", [], {}, [],
                       "The warehouse cannot compare those periods at that grain.",
                       kind="change")
    primary, pct, cur, prev = found[0]
    doc = _query_doc(primary, ck.run(primary), None)
    doc["base"] = {"start": claim.base_period.first.isoformat(),
                   "end": claim.base_period.last.isoformat()}
    what = (f"{primary.describe()}: {_fmt(cur.value)}, against {_fmt(prev.value)} in "
            f"{claim.base_period.label}, a change of {pct:+.1f}%")
    if abs(pct - claimed) <= tol:
        return Verdict(claim.text, q.text, "supported", [cur, prev], doc, cur.releases,
                       f"{what}; the text says {claimed:+g}%.", primary.describe(), "change")
    for reading, alt_pct, alt_cur, alt_prev in found[1:]:
        if abs(alt_pct - claimed) <= tol:
            return Verdict(claim.text, q.text, "wrong measure", [alt_cur, alt_prev], doc,
                           alt_cur.releases,
                           f"A change of {alt_pct:+.1f}% holds for {reading.describe()} "
                           f"({_fmt(alt_cur.value)} against {_fmt(alt_prev.value)}), not for "
                           f"{what}.", reading.describe(), "change")
    return Verdict(claim.text, q.text, "contradicted", [cur, prev], doc, cur.releases,
                   f"{what}; the text says {claimed:+g}%.", primary.describe(), "change")


def check_record(ck: Checker, claim: Claim) -> Verdict:
    """"A record N in December": the figure matches and no period of its kind is higher."""
    verdict = check_count(ck, replace(claim, kind="count"))
    if verdict.verdict != "supported" or claim.period is None or claim.period.kind not in (
            "month", "fy"):
        verdict.kind = "record"
        return verdict
    primary = primary_reading(claim)
    grain = "month" if claim.period.kind == "month" else "fy"
    try:
        result = ck.warehouse.query(Query(filters=dict(primary.filters), group_by=(grain,)))
    except NoSourceError:
        return verdict
    rows = sorted(result.rows, key=lambda r: -r["encounters"])
    top = rows[0]
    key = claim.period.first if grain == "month" else \
        vocab.calendar_to_fiscal(claim.period.first.year, claim.period.first.month)[0]
    since = f"{result.first:%B %Y}" if result.first else "the start of the data"
    if top[grain] == key:
        verdict.explanation += f" It is the highest {grain} in the data (since {since})."
        verdict.kind = "record"
        return verdict
    label = f"{top[grain]:%B %Y}" if grain == "month" else f"FY{top[grain]}"
    return Verdict(claim.text, claim.quantity.text if claim.quantity else None, "contradicted",
                   verdict.official, verdict.query, verdict.releases,
                   verdict.explanation + f" But it is not a record: {label} was higher "
                   f"({_fmt(top['encounters'])}).", verdict.interpretation, "record")


def check_text(warehouse: Warehouse, text: str, date: dt.date | None = None) -> list[Verdict]:
    """Extract and check every claim in ``text``, dated ``date`` or by the text's own date."""
    article = date or article_date(text) or dt.date.today()
    ck = Checker(warehouse, article)
    out: list[Verdict] = []
    for claim in extract(text, article):
        check = {"count": check_count, "ranking": check_ranking, "change": check_change,
                 "record": check_record}[claim.kind]
        out.append(check(ck, claim))
    return out
