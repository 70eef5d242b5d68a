"""Surge, level-shift and mix-shift detection on monthly encounter series.

Surges and drops
    On the seasonally adjusted log series, each month is compared with the
    level of the three months before it (their median).  The departure is
    scaled by the median absolute deviation of such departures over the
    previous five years (x 1.4826, a robust standard deviation), giving a
    robust z-score (Iglewicz and Hoaglin's modified z).  |z| > 3.5 is flagged.
    Because the seasonal component is removed first, an ordinary spring rise
    does not count.

Level shifts
    PELT change-point detection (ruptures, least-squares cost) on the same
    adjusted log series, with a penalty of 8 log(n) times the noise variance
    (estimated from month-to-month differences): a BIC-style penalty, made
    stricter so that only lasting changes survive.  Each shift is explained by
    the nearest policy event within two months, when there is one.

Mix shifts
    The share of each citizenship group (or demographic) in a scope's monthly
    encounters is compared with its previous 12 months: a share more than four
    of its recent standard deviations and at least five percentage points from
    its recent mean is flagged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from borderflow import i18n
from borderflow.analytics.events import Event, nearest_event
from borderflow.analytics.seasonal import Decomposition, decompose
from borderflow.i18n import _
from borderflow.store import Query, Warehouse
from borderflow.store.models import Series

Z_THRESHOLD = 3.5
LEVEL_WINDOW = 3
SCALE_WINDOW = 60
PENALTY = 8.0
MIX_SIGMAS = 4.0
MIX_MIN_POINTS = 0.05


@dataclass
class Alert:
    """Something moved: what, by how much, against what baseline, how unusual."""

    kind: str  # surge | drop | level shift | mix shift
    series: str
    month: dt.date
    value: float
    baseline: float
    change_pct: float
    score: float  # robust z, or shift in log units, or sigmas
    explanation: str
    event: Event | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "series": self.series, "month": self.month.isoformat(),
                "value": round(self.value, 1), "baseline": round(self.baseline, 1),
                "change_pct": round(self.change_pct, 1), "score": round(self.score, 2),
                "explanation": self.explanation,
                "event": None if self.event is None else {
                    "date": self.event.day.isoformat(), "name": self.event.short,
                    "source": self.event.source}}


def _because(event: Event | None) -> str:
    if event is None:
        return ""
    return " " + _("Nearest policy event: {event} ({day}).").format(event=event.name(),
                                                                    day=_day(event.day))


def _day(day: dt.date) -> str:
    """A date in full: "21 March 2020", "21 de marzo de 2020"."""
    if i18n.current() == i18n.LANGUAGES[0]:
        return f"{day:%d %B %Y}"
    from babel.dates import format_date

    return format_date(day, "long", locale=i18n.locale())


def surges(series: Series, dec: Decomposition | None = None) -> list[Alert]:
    """Months far from the recent seasonally adjusted level (robust z > 3.5)."""
    dec = dec or decompose(series)
    sa = np.log(np.maximum(dec.adjusted, 1.0))
    out: list[Alert] = []
    departures: list[float] = []
    for t in range(LEVEL_WINDOW, len(sa)):
        level = float(np.median(sa[t - LEVEL_WINDOW:t]))
        dep = float(sa[t] - level)
        history = np.array(departures[-SCALE_WINDOW:])
        departures.append(dep)
        if history.size < 24:
            continue
        centre = float(np.median(history))
        mad = float(np.median(np.abs(history - centre))) * 1.4826
        if mad <= 0:
            continue
        z = (dep - centre) / mad
        if abs(z) <= Z_THRESHOLD:
            continue
        month = dec.months[t]
        kind = "surge" if z > 0 else "drop"
        pct = 100 * (np.exp(dep) - 1)
        event = nearest_event(month)
        out.append(Alert(
            kind, f"{series.name} ({series.measure})", month, float(dec.adjusted[t]),
            float(np.exp(level)), pct, z,
            _("{series} {measure} in {month}: {observed} ({adjusted} seasonally adjusted), "
              "{pct} against the level of the previous {window} months ({level} adjusted); "
              "robust z {z} (flagged beyond +/-{threshold}).").format(
                series=series.name, measure=series.measure, month=i18n.month_long(month),
                observed=i18n.num(dec.observed[t]), adjusted=i18n.num(dec.adjusted[t]),
                pct=i18n.signed(pct) + "%", window=LEVEL_WINDOW, level=i18n.num(np.exp(level)),
                z=i18n.signed(z, 1), threshold=i18n.num(Z_THRESHOLD, 1))
            + _because(event), event))
    return out


def level_shifts(series: Series, dec: Decomposition | None = None) -> list[Alert]:
    """Lasting changes of level (PELT change points on the adjusted log series)."""
    import ruptures

    dec = dec or decompose(series)
    sa = np.log(np.maximum(dec.adjusted, 1.0))
    n = len(sa)
    if n < 24:
        return []
    noise = float(np.var(np.diff(sa)) / 2)
    # KernelCPD with a linear kernel is PELT with the least-squares cost, in compiled code
    algo = ruptures.KernelCPD(kernel="linear", min_size=3, jump=1).fit(sa.reshape(-1, 1))
    breaks = [int(b) for b in algo.predict(pen=PENALTY * np.log(n) * noise) if b < n]
    out: list[Alert] = []
    edges = [0, *breaks, n]
    for i, b in enumerate(breaks):
        before = float(np.mean(sa[edges[i]:b]))
        after = float(np.mean(sa[b:edges[i + 2]]))
        month = dec.months[b]
        pct = 100 * (np.exp(after - before) - 1)
        event = nearest_event(month)
        out.append(Alert(
            "level shift", f"{series.name} ({series.measure})", month, float(np.exp(after)),
            float(np.exp(before)), pct,
            after - before,
            _("{series} {measure}: level shift from {month}, {before} to {after} a month "
              "(seasonally adjusted means of the segments before and after, {pct}).").format(
                series=series.name, measure=series.measure, month=i18n.month_long(month),
                before=i18n.num(np.exp(before)), after=i18n.num(np.exp(after)),
                pct=i18n.signed(pct) + "%") + _because(event), event))
    return out


def mix_shifts(warehouse: Warehouse, *, dimension: str = "citizenship_group",
               filters: dict[str, tuple[str, ...]] | None = None, scope: str = "southwest",
               as_of: dt.date | None = None) -> list[Alert]:
    """Shares of a breakdown that leave their recent range."""
    f: dict[str, tuple[str, ...]] = (filters if filters is not None
                                     else {"region": ("Southwest Land Border",)})
    result = warehouse.query(Query(filters=f, group_by=("month", dimension), as_of=as_of))
    months = sorted({r["month"] for r in result.rows})
    groups = sorted({r[dimension] for r in result.rows if r[dimension] is not None})
    table = np.zeros((len(months), len(groups)))
    mi = {m: i for i, m in enumerate(months)}
    gi = {g: i for i, g in enumerate(groups)}
    for r in result.rows:
        if r[dimension] is not None:
            table[mi[r["month"]], gi[r[dimension]]] += r["encounters"]
    totals = table.sum(axis=1, keepdims=True)
    shares = np.divide(table, totals, out=np.zeros_like(table), where=totals > 0)
    out: list[Alert] = []
    for t in range(12, len(months)):
        window = shares[t - 12:t]
        mean, sd = window.mean(axis=0), window.std(axis=0)
        for g, name in enumerate(groups):
            move = shares[t, g] - mean[g]
            sigmas = move / max(sd[g], 1e-3)
            if abs(move) >= MIX_MIN_POINTS and abs(sigmas) >= MIX_SIGMAS:
                out.append(Alert(
                    "mix shift", scope, months[t], 100 * shares[t, g], 100 * mean[g],
                    100 * move, sigmas,
                    _("{group}'s share of {scope} encounters in {month} was {share}, against "
                      "{mean} on average over the previous 12 months ({move} points, {sigmas} "
                      "standard deviations of its recent range; source {source}).").format(
                        group=name, scope=scope, month=i18n.month_long(months[t]),
                        share=i18n.num(100 * shares[t, g], 1) + "%",
                        mean=i18n.num(100 * mean[g], 1) + "%", move=i18n.signed(100 * move, 1),
                        sigmas=i18n.signed(sigmas, 1), source=result.family),
                    nearest_event(months[t])))
    return out


def all_series(warehouse: Warehouse, as_of: dt.date | None = None) -> list[Series]:
    """The long series the detector watches: southwest and nation (Border Patrol since FY2000,
    and all of CBP since FY2019/FY2020) and the nine southwest sectors."""
    from borderflow import vocab

    wanted = [("southwest", "usbp"), ("nation", "usbp"), ("southwest", "cbp"),
              ("nation", "cbp"), *((s, "usbp") for s in vocab.SOUTHWEST_SECTORS)]
    return [warehouse.series(name, measure=m, as_of=as_of) for name, m in wanted]


def detect_all(warehouse: Warehouse, series: list[Series] | None = None,
               as_of: dt.date | None = None) -> list[Alert]:
    """Surges and level shifts on every watched series, in date order."""
    out: list[Alert] = []
    for s in series if series is not None else all_series(warehouse, as_of):
        dec = decompose(s)
        out.extend(surges(s, dec))
        out.extend(level_shifts(s, dec))
    return sorted(out, key=lambda a: (a.month, a.series))
