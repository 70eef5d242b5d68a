"""An independent oracle for the claims corpora: plain pandas over the raw files.

It shares no code with :mod:`borderflow` (no warehouse, no vocabulary, no
planner): it reads the official files in ``BORDERFLOW_DATA_DIR`` itself and
answers one question, "what is the official figure for this literal reading of
a claim?", then applies the verdict rules written down in
``tests/claims_rules.md``.  The corpora store each claim's text together with a
*spec* (what its words literally say, written by the author of the claim); the
oracle turns the spec into a verdict.  The checker only ever sees the text.

Figures come from, in order of preference for each month:

* all of CBP (no component): the newest state release holding the month
  (Oct 2019 - Nov 2025), then the AOR extract (Dec 2025 - Jul 2026); the
  southwest before Oct 2019 from the oldest southwest release;
* Border Patrol: southwest by component from the sbo releases, sectors and
  nationwide from the UWCHR monthly file (to Sep 2020, unrounded), the OHSS
  workbook (to Nov 2024, rounded to 10) and the AOR extract (from Dec 2024);
* Field Operations: the sbo releases (southwest), the AOR extract (field
  offices, nationwide, from Dec 2024).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

MONTHS = ["OCT", "NOV", "DEC", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP"]
SW, NORTH = "Southwest Land Border", "Northern Land Border"
STATE_RELEASES = {  # file -> publication date (CBP publishes mid-month for the month before)
    "nationwide-encounters-fy20-fy23-state.csv": dt.date(2023, 10, 20),
    "nationwide-encounters-fy21-fy24-oct-state.csv": dt.date(2023, 11, 14),
    "nationwide-encounters-fy21-fy24-nov-state.csv": dt.date(2023, 12, 15),
    "nationwide-encounters-fy21-fy24-state.csv": dt.date(2024, 10, 22),
    "nationwide-encounters-fy22-fy25-state.csv": dt.date(2025, 11, 14),
    "nationwide-encounters-fy23-fy26-nov-state.csv": dt.date(2025, 12, 16),
}
SBO_RELEASES = {
    "sbo-encounters-fy19-fy22.csv": dt.date(2022, 10, 21),
    "sbo-encounters-fy22-fy25-nov.csv": dt.date(2024, 12, 17),
    "sbo-encounters-fy22-fy25-aug.csv": dt.date(2025, 9, 16),
}
DEMOS = {"UC / Single Minors": "UAC", "UAC": "UAC", "FMUA": "FMUA",
         "Single Adults": "Single Adults", "Accompanied Minors": "Accompanied Minors",
         "Unaccompanied Children": "UAC", "Family Unit Individuals": "FMUA"}
#: OHSS title-case names for the CBP upper-case citizenships the corpora use
OHSS_NAMES = {"MEXICO": "Mexico", "GUATEMALA": "Guatemala", "HONDURAS": "Honduras",
              "EL SALVADOR": "El Salvador", "VENEZUELA": "Venezuela", "CUBA": "Cuba",
              "COLOMBIA": "Colombia", "ECUADOR": "Ecuador", "NICARAGUA": "Nicaragua",
              "HAITI": "Haiti", "CHINA, PEOPLES REPUBLIC OF": "China, People's Republic",
              "INDIA": "India", "PERU": "Peru", "BRAZIL": "Brazil", "RUSSIA": "Russia",
              "UKRAINE": "Ukraine", "TURKEY": "Turkey"}
SBO_GROUPS = {"MEXICO": "Mexico", "GUATEMALA": "Guatemala", "HONDURAS": "Honduras",
              "EL SALVADOR": "El Salvador"}
SECTORS_SW = ["Big Bend", "Del Rio", "El Centro", "El Paso", "Laredo", "Rio Grande Valley",
              "San Diego", "Tucson", "Yuma"]
SECTORS_ALL = SECTORS_SW + ["Blaine", "Buffalo", "Detroit", "Grand Forks", "Havre", "Houlton",
                            "Spokane", "Swanton", "Miami", "New Orleans", "Ramey"]
FIELD_OFFICES_SW = ["El Paso", "Laredo", "San Diego", "Tucson"]


def month(y: int, m: int) -> dt.date:
    return dt.date(y, m, 1)


def shift(d: dt.date, n: int) -> dt.date:
    k = d.year * 12 + d.month - 1 + n
    return dt.date(k // 12, k % 12 + 1, 1)


def fy_months(fy: int) -> tuple[dt.date, ...]:
    return tuple(shift(month(fy - 1, 10), i) for i in range(12))


def cy_months(y: int) -> tuple[dt.date, ...]:
    return tuple(month(y, m) for m in range(1, 13))


def _cal(fy: int, abbv: str) -> dt.date:
    i = MONTHS.index(abbv.strip().upper()[:3])
    return shift(month(fy - 1, 10), i)


def _fy(raw: Any) -> int:
    return int(str(raw)[:4])


@dataclass(frozen=True)
class Spec:
    """The literal reading of one figure.

    place: ``nation`` | ``southwest`` | ``northern`` | ``state:TX`` |
    ``sector:Tucson`` | ``office:El Paso``; component ``None`` (all of CBP),
    ``USBP`` or ``OFO``; months: the calendar months summed; citizenship in
    CBP's upper case; demographic ``UAC`` | ``FMUA`` | ``Single Adults``;
    authority ``Title 8`` | ``Title 42``.
    """

    place: str
    months: tuple[dt.date, ...]
    component: str | None = None
    citizenship: str | None = None
    demographic: str | None = None
    authority: str | None = None


class Oracle:
    """The raw files, read once with pandas, and the figure for a literal reading."""

    def __init__(self, raw: Path) -> None:
        self.raw = raw
        self._load_state()
        self._load_sbo()
        self._load_usbp()
        self._load_aor()
        self._load_tableau()
        self._state_m = {m: g for m, g in self.state.groupby("month")}
        self._sbo_m = {m: g for m, g in self.sbo.groupby("month")}
        self._aor_m = {m: g for m, g in self.aor.groupby("month")}
        self._usbp_m = {(m, p): int(n) for m, p, n in zip(self.usbp["month"], self.usbp["place"],
                                                         self.usbp["n"], strict=True)}
        self._empty = self.state.iloc[:0]

    # ------------------------------------------------------------ loading
    def _load_state(self) -> None:
        frames = []
        for name, published in STATE_RELEASES.items():
            df = pd.read_csv(self.raw / "cbp_nationwide_state" / name)
            df["month"] = [_cal(_fy(f), m) for f, m in zip(df["Fiscal Year"],
                                                          df["Month (abbv)"], strict=True)]
            df["release"] = published
            df["demo"] = df["Demographic"].map(DEMOS)
            frames.append(df[["month", "release", "Land Border Region", "State", "demo",
                              "Citizenship", "Title of Authority", "Encounter Count"]])
        allr = pd.concat(frames, ignore_index=True)
        allr.columns = ["month", "release", "region", "state", "demo", "cit", "auth", "n"]
        self.state_all = allr
        newest = allr.groupby("month")["release"].transform("max")
        self.state = allr[allr["release"] == newest]

    def _load_sbo(self) -> None:
        frames = []
        for name, published in SBO_RELEASES.items():
            df = pd.read_csv(self.raw / "cbp_southwest_sbo" / name)
            df["month"] = [_cal(_fy(f), m) for f, m in zip(df["Fiscal Year"],
                                                          df["Month (abbv)"], strict=True)]
            df["release"] = published
            df["demo"] = df["Demographic"].map(DEMOS)
            df["comp"] = df["Component"].map({"U.S. Border Patrol": "USBP",
                                              "Office of Field Operations": "OFO"})
            df["n"] = df["Encounter Count"].astype(float).astype(int)
            frames.append(df[["month", "release", "comp", "demo", "Citizenship Grouping",
                              "Title of Authority", "n"]])
        allr = pd.concat(frames, ignore_index=True)
        allr.columns = ["month", "release", "comp", "demo", "cit", "auth", "n"]
        self.sbo_all = allr
        newest = allr.groupby("month")["release"].transform("max")
        self.sbo = allr[allr["release"] == newest]

    def _load_usbp(self) -> None:
        hist = pd.read_csv(
            self.raw / "usbp_historical" / "usbp_monthly_encounters_fy2000-fy2020.csv.gz", sep="|")
        hist["month"] = [month(int(c), int(m)) for c, m in zip(hist["cy"], hist["month"],
                                                               strict=True)]
        rows = []
        for s in SECTORS_ALL:
            col = s.lower().replace(" ", "_")
            rows += [(m, f"sector:{s}", int(v)) for m, v in zip(hist["month"], hist[col],
                                                               strict=True)]
        rows += [(m, "southwest", int(v)) for m, v in zip(hist["month"], hist["southwest_border"],
                                                          strict=True)]
        rows += [(m, "northern", int(v)) for m, v in zip(hist["month"], hist["northern_border"],
                                                         strict=True)]
        rows += [(m, "nation", int(v)) for m, v in zip(hist["month"], hist["monthly_total"],
                                                       strict=True)]
        xl = self.raw / "ohss_khsm" / "KHSM Encounters (USBP) fy25m11.xlsx"
        sheets = pd.read_excel(xl, sheet_name=["Monthly Sector", "Monthly Count",
                                               "Monthly Region", "Monthly Citizenship",
                                               "Monthly Family Status",
                                               "Monthly Rgn and Citp"], engine="calamine")

        def khsm_month(frame: pd.DataFrame) -> list[dt.date]:
            return [shift(month(int(f) - 1, 10), int(str(m)[:2]) - 1)
                    for f, m in zip(frame.iloc[:, 0], frame["Month"], strict=True)]

        cutoff = month(2020, 10)
        sec = sheets["Monthly Sector"]
        for m, s, q in zip(khsm_month(sec), sec["Sector"], sec["Quantity"], strict=True):
            if m >= cutoff:
                rows.append((m, f"sector:{str(s).split(',')[0]}", int(q)))
        cnt = sheets["Monthly Count"]
        for m, q in zip(khsm_month(cnt), cnt["Quantity"], strict=True):
            if m >= cutoff:
                rows.append((m, "nation", int(q)))
        reg = sheets["Monthly Region"]
        for m, r, q in zip(khsm_month(reg), reg["Region"], reg["Quantity"], strict=True):
            if m >= cutoff and r == NORTH:
                rows.append((m, "northern", int(q)))
        self.usbp = pd.DataFrame(rows, columns=["month", "place", "n"])
        cit = sheets["Monthly Citizenship"]
        self.khsm_cit = pd.DataFrame({"month": khsm_month(cit), "cit": cit["Citizenship"],
                                      "n": cit["Quantity"].astype(int)})
        rc = sheets["Monthly Rgn and Citp"]
        self.khsm_rgn_cit = pd.DataFrame({"month": khsm_month(rc), "region": rc["Region"],
                                          "cit": rc["Citizenship"],
                                          "n": rc["Quantity"].astype(int)})
        fam = sheets["Monthly Family Status"]
        self.khsm_fam = pd.DataFrame({"month": khsm_month(fam),
                                      "demo": fam["Family Status"].map(DEMOS),
                                      "n": fam["Quantity"].astype(int)})

    def _load_aor(self) -> None:
        df = pd.read_csv(self.raw / "cbp_aor_extract" /
                         "nationwide-encounters-fy23-fy26-jul-aor-extract.csv")
        df["month"] = [_cal(_fy(f), m) for f, m in zip(df["Fiscal Year"], df["Month (abbv)"],
                                                      strict=True)]
        df["comp"] = df["Component"].map({"U.S. Border Patrol": "USBP",
                                          "Office of Field Operations": "OFO"})
        df["aor"] = df["Area of Responsibility"].str.replace(r" (Sector|Field Office)$", "",
                                                             regex=True)
        df["demo"] = df["Demographic"].map(DEMOS)
        self.aor = df[["month", "comp", "Land Border Region", "aor", "demo", "Citizenship",
                       "Encounter Count"]].set_axis(
            ["month", "comp", "region", "aor", "demo", "cit", "n"], axis=1)

    def _load_tableau(self) -> None:
        rows = []
        comps = {"all": None, "U.S. Border Patrol": "USBP", "Office of Field Operations": "OFO"}
        for path in sorted((self.raw / "cbp_tableau_snapshots").glob("*.csv")):
            stamp = path.stem.split("update-")[1]
            published = dt.datetime.strptime(stamp, "%B_%d_%Y").date()
            df = pd.read_csv(path)
            tot = df[(df["Citizenship Grouping"] == "all") & (df["Demographic"] == "all")
                     & (df["Title of Authority"] == "all")
                     & (df["Month (abbv)-value"].isin(MONTHS))]
            for f, m, n, c in zip(tot["Fiscal Year-value"], tot["Month (abbv)-value"],
                                  tot["SUM(Encounter Count)-alias"], tot["Component"],
                                  strict=True):
                rows.append((_cal(_fy(f), m), published, comps.get(c, "?"),
                             int(str(n).replace(",", ""))))
        self.tableau = pd.DataFrame(rows, columns=["month", "release", "comp", "n"])

    # ------------------------------------------------------------ figures
    @functools.lru_cache(maxsize=200_000)  # noqa: B019 - one oracle per run
    def month_value(self, spec: Spec, m: dt.date) -> int | None:
        """The figure for one month, or None when no file has it at that grain."""
        kind, _, name = spec.place.partition(":")
        if spec.component is None:
            return self._all_cbp(spec, m, kind, name)
        if spec.component == "USBP":
            return self._usbp(spec, m, kind, name)
        return self._ofo(spec, m, kind, name)

    def _filter(self, df: pd.DataFrame, spec: Spec, cit_map: dict[str, str] | None = None
                ) -> pd.DataFrame | None:
        if spec.demographic is not None:
            df = df[df["demo"] == spec.demographic]
        if spec.citizenship is not None:
            want = cit_map.get(spec.citizenship) if cit_map is not None else spec.citizenship
            if want is None:
                return None
            df = df[df["cit"] == want]
        if spec.authority is not None:
            if "auth" not in df:
                return None if spec.authority == "Title 42" else df
            df = df[df["auth"] == spec.authority]
        return df

    def _all_cbp(self, spec: Spec, m: dt.date, kind: str, name: str) -> int | None:
        st = self._state_m.get(m, self._empty)
        if len(st):
            if kind == "state":
                st = st[st["state"] == name]
            elif kind == "southwest":
                st = st[st["region"] == SW]
            elif kind == "northern":
                st = st[st["region"] == NORTH]
            elif kind != "nation":
                return None
            got = self._filter(st, spec)
            return None if got is None else int(got["n"].sum())
        ao = self._aor_m.get(m, self._empty)
        if len(ao) and kind in ("nation", "southwest", "northern"):
            if spec.authority == "Title 42":
                return None
            if kind != "nation":
                ao = ao[ao["region"] == (SW if kind == "southwest" else NORTH)]
            got = self._filter(ao, replace(spec, authority=None))
            return None if got is None else int(got["n"].sum())
        if kind == "southwest":
            sb = self._sbo_m.get(m, self._empty)
            if len(sb):
                got = self._filter(sb, spec, SBO_GROUPS)
                return None if got is None else int(got["n"].sum())
        return None

    def _usbp(self, spec: Spec, m: dt.date, kind: str, name: str) -> int | None:
        if kind == "southwest" and m <= month(2025, 8):
            sb = self._sbo_m.get(m, self._empty)
            sb = sb[sb["comp"] == "USBP"] if len(sb) else sb
            if len(sb):
                got = self._filter(sb, spec, SBO_GROUPS)
                if got is not None:
                    return int(got["n"].sum())
                if spec.citizenship and spec.demographic is None and spec.authority is None:
                    rc = self.khsm_rgn_cit[(self.khsm_rgn_cit["month"] == m)
                                           & (self.khsm_rgn_cit["region"] == SW)
                                           & (self.khsm_rgn_cit["cit"]
                                              == OHSS_NAMES.get(spec.citizenship))]
                    return int(rc["n"].sum()) if len(rc) else None
                return None
        if m >= month(2024, 12):
            ao = self._aor_m.get(m, self._empty)
            ao = ao[ao["comp"] == "USBP"] if len(ao) else ao
            if not len(ao) or spec.authority == "Title 42":
                return None
            if kind == "sector":
                ao = ao[ao["aor"] == name]
            elif kind == "southwest":
                ao = ao[ao["region"] == SW]
            elif kind == "northern":
                ao = ao[ao["region"] == NORTH]
            elif kind != "nation":
                return None
            got = self._filter(ao, spec)
            return None if got is None else int(got["n"].sum())
        if spec.authority is not None:
            return None
        if spec.citizenship is not None or spec.demographic is not None:
            if kind != "nation" or (spec.citizenship and spec.demographic):
                return None
            if spec.citizenship:
                c = self.khsm_cit[(self.khsm_cit["month"] == m)
                                  & (self.khsm_cit["cit"] == OHSS_NAMES.get(spec.citizenship))]
            else:
                c = self.khsm_fam[(self.khsm_fam["month"] == m)
                                  & (self.khsm_fam["demo"] == spec.demographic)]
            return int(c["n"].sum()) if len(c) else None
        if kind not in ("sector", "southwest", "northern", "nation"):
            return None
        return self._usbp_m.get((m, spec.place))

    def _ofo(self, spec: Spec, m: dt.date, kind: str, name: str) -> int | None:
        if kind == "southwest" and m <= month(2025, 8):
            sb = self._sbo_m.get(m, self._empty)
            sb = sb[sb["comp"] == "OFO"] if len(sb) else sb
            if len(sb):
                got = self._filter(sb, spec, SBO_GROUPS)
                return None if got is None else int(got["n"].sum())
        if m >= month(2024, 12):
            ao = self._aor_m.get(m, self._empty)
            ao = ao[ao["comp"] == "OFO"] if len(ao) else ao
            if not len(ao) or spec.authority == "Title 42":
                return None
            if kind == "office":
                ao = ao[ao["aor"] == name]
            elif kind == "southwest":
                ao = ao[ao["region"] == SW]
            elif kind == "northern":
                ao = ao[ao["region"] == NORTH]
            elif kind != "nation":
                return None
            got = self._filter(ao, spec)
            return None if got is None else int(got["n"].sum())
        return None

    def value(self, spec: Spec) -> int | None:
        total = 0
        for m in spec.months:
            v = self.month_value(spec, m)
            if v is None:
                return None
            total += v
        return total

    def first_reported(self, spec: Spec, as_of: dt.date) -> int | None:
        """The southwest total (or one component's) as published by ``as_of`` (vintages)."""
        if spec.place != "southwest" or spec.citizenship or spec.demographic or spec.authority:
            return None
        if not hasattr(self, "_vintages"):
            sw = self.state_all[self.state_all["region"] == SW]
            self._vintages: dict[tuple[dt.date, str | None], list[tuple[dt.date, int]]] = {}
            for (m, r), n in sw.groupby(["month", "release"])["n"].sum().items():
                self._vintages.setdefault((m, None), []).append((r, int(n)))
            for (m, r), n in self.sbo_all.groupby(["month", "release"])["n"].sum().items():
                self._vintages.setdefault((m, None), []).append((r, int(n)))
            for (m, r, c), n in self.sbo_all.groupby(["month", "release", "comp"])["n"].sum(
                    ).items():
                self._vintages.setdefault((m, c), []).append((r, int(n)))
            tb = self.tableau[self.tableau["comp"] != "?"]
            for m, r, c, n in zip(tb["month"], tb["release"], tb["comp"], tb["n"], strict=True):
                self._vintages.setdefault((m, None if pd.isna(c) else c), []).append(
                    (r, int(n)))
        total = 0
        for m in spec.months:
            cands = [c for c in self._vintages.get((m, spec.component), []) if c[0] <= as_of]
            if not cands:
                return None
            total += max(cands)[1]
        return total

    def series(self, spec: Spec, first: dt.date, last: dt.date) -> dict[dt.date, int]:
        """Monthly values of ``spec`` (its months ignored) from first to last, where known."""
        out: dict[dt.date, int] = {}
        m = first
        while m <= last:
            v = self.month_value(replace(spec, months=(m,)), m)
            if v is not None:
                out[m] = v
            m = shift(m, 1)
        return out

    def sector_ranking(self, months: tuple[dt.date, ...]) -> list[tuple[str, int]]:
        vals = []
        for s in SECTORS_ALL:
            v = self.value(Spec(f"sector:{s}", months, "USBP"))
            if v is not None:
                vals.append((s, v))
        return sorted(vals, key=lambda kv: -kv[1])

    def citizenship_ranking(self, place: str, months: tuple[dt.date, ...]
                            ) -> list[tuple[str, int]] | None:
        st = self.state[self.state["month"].isin(months)]
        if st["month"].nunique() != len(months):
            return None
        if place == "southwest":
            st = st[st["region"] == SW]
        sums = st[st["cit"] != "OTHER"].groupby("cit")["n"].sum().sort_values(ascending=False)
        return [(str(k), int(v)) for k, v in sums.items()]


# ---------------------------------------------------------------- verdict rules

def literal_match(qual: str, x: float, v: float, unit: float) -> bool:
    """Does official ``v`` bear out "``qual`` ``x``" (rules in claims_rules.md)?"""
    half = unit / 2 if unit > 1 else 0.0
    if qual == "exact":
        return abs(v - x) <= min(max(half, 0.01 * x), 0.05 * x)
    if qual == "about":
        return abs(v - x) <= min(max(half, 0.03 * x), 0.05 * x)
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
    raise ValueError(qual)


def ended(months: tuple[dt.date, ...], when: dt.date) -> bool:
    """Had the period ended by the text's date (its last month before the text's month)?"""
    return months[-1] < month(when.year, when.month)


def _period_kind(months: tuple[dt.date, ...]) -> str:
    if len(months) == 1:
        return "month"
    if len(months) == 12 and months[0].month == 10:
        return "fy"
    if len(months) == 12 and months[0].month == 1:
        return "cy"
    return "span"


def period_changes(months: tuple[dt.date, ...]) -> list[tuple[dt.date, ...]]:
    kind = _period_kind(months)
    if kind == "month":
        m = months[0]
        return [(shift(m, -1),), (shift(m, 1),), (shift(m, -12),)]
    if kind == "fy":
        fy = months[-1].year
        return [cy_months(fy), fy_months(fy - 1), fy_months(fy + 1)]
    if kind == "cy":
        y = months[0].year
        return [fy_months(y), cy_months(y - 1), fy_months(y + 1)]
    return [tuple(shift(m, -12) for m in months)]


def one_changes(spec: Spec) -> list[Spec]:
    """Every reading that differs from ``spec`` in one thing."""
    out: list[Spec] = []
    kind, _, name = spec.place.partition(":")
    places = {"nation": ["southwest"], "southwest": ["nation"], "northern": ["nation"],
              "state": ["southwest"], "sector": ["southwest"],
              "office": ["southwest", "nation"]}[kind]
    out += [replace(spec, place=p) for p in places]
    if kind == "sector":  # another southwest sector; the whole border is Border Patrol's
        out += [replace(spec, place=f"sector:{s}") for s in SECTORS_SW if s != name]
    if kind == "office":
        out += [replace(spec, place=f"office:{s}") for s in FIELD_OFFICES_SW if s != name]
    if kind not in ("sector", "office"):
        out += [replace(spec, component=c) for c in (None, "USBP", "OFO")
                if c != spec.component]
    out += [replace(spec, months=p) for p in period_changes(spec.months)]
    if spec.citizenship:
        out.append(replace(spec, citizenship=None))
    if spec.demographic:
        out.append(replace(spec, demographic=None))
    if spec.authority:
        out.append(replace(spec, authority=None))
    return out


def alternatives(spec: Spec) -> Iterable[tuple[Spec, int]]:
    """Readings one or two changes away (with the number of changes), nearest first."""
    first = one_changes(spec)
    for a in first:
        yield a, 1
    seen = set(first) | {spec}
    for a in first:
        for b in one_changes(a):
            if b not in seen and len(_dims(spec, b)) == 2:
                seen.add(b)
                yield b, 2


def _dims(a: Spec, b: Spec) -> set[str]:
    """The kinds of change between two readings (two changes must be of two kinds)."""
    out = set()
    if a.place != b.place:
        out.add("place")
    if a.component != b.component:
        out.add("component")
    if a.months != b.months:
        out.add("period")
    if (a.citizenship, a.demographic, a.authority) != (b.citizenship, b.demographic,
                                                       b.authority):
        out.add("subgroup")
    return out


def other_match(qual: str, x: float, v: float, unit: float, alt: Spec, when: dt.date
                ) -> bool:
    """Does another reading bear the figure out?  The literal comparator, for a reading
    whose period had ended by the text's date (rules: claims_rules.md)."""
    return ended(alt.months, when) and literal_match(qual, x, v, unit)


NOT_IN_DATA = ("daily", "custody", "shelter", "gotaways", "deaths", "releases", "asylum")


def verdict(oracle: Oracle, claim: dict[str, Any]) -> list[str]:
    """The verdict(s) for one corpus item, from its spec(s)."""
    return [figure_verdict(oracle, f, claim["date"]) for f in claim["figures"]]


def _spec(f: dict[str, Any]) -> Spec:
    return Spec(f["place"], tuple(dt.date.fromisoformat(m) for m in f["months"]),
                f.get("component"), f.get("citizenship"), f.get("demographic"),
                f.get("authority"))


def figure_verdict(oracle: Oracle, f: dict[str, Any], date: str) -> str:
    form = f["form"]
    if form in NOT_IN_DATA:
        return "not checkable"
    spec = _spec(f)
    when = dt.date.fromisoformat(date)
    if form in ("count", "entries"):
        return _count_verdict(oracle, f, spec, when)
    if form == "threshold_all":  # "exceeded X in both A and B"
        vals = [oracle.value(replace(spec, months=tuple(dt.date.fromisoformat(m) for m in ms)))
                for ms in f["periods"]]
        if any(v is None for v in vals):
            return "not checkable"
        periods = [tuple(dt.date.fromisoformat(m) for m in ms) for ms in f["periods"]]

        def each(sp: Spec) -> bool:
            got = [oracle.value(replace(sp, months=ms)) for ms in periods]
            return all(v is not None and literal_match(f["qual"], f["value"], v,
                                                       f.get("unit", 1)) for v in got)
        if each(spec):
            return "supported"
        for alt, _depth in itertools.islice(alternatives(spec), 400):
            if alt.months == spec.months and each(alt):
                return "wrong measure"
        return "contradicted"
    if form in ("change", "direction", "multiple"):
        return _change_verdict(oracle, f, spec, when)
    if form == "share":
        return _share_verdict(oracle, f, spec, when)
    if form == "rank_sector":
        ranking = oracle.sector_ranking(spec.months)
        if not ranking:
            return "not checkable"
        if _ranked(ranking, f):
            return "supported"
        for p in period_changes(spec.months):
            if ended(p, when) and _ranked(oracle.sector_ranking(p), f):
                return "wrong measure"
        return "contradicted"
    if form == "rank_citizenship":
        ranking = oracle.citizenship_ranking(spec.place, spec.months)
        if not ranking:
            return "not checkable"
        if _ranked(ranking, f):
            return "supported"
        for alt, _depth in itertools.islice(alternatives(Spec(spec.place, spec.months)), 24):
            if alt.component is None and alt.place in ("southwest", "nation") and \
                    ended(alt.months, when) and \
                    _ranked(oracle.citizenship_ranking(alt.place, alt.months) or [], f):
                return "wrong measure"
        return "contradicted"
    if form == "record":
        return _record_verdict(oracle, f, spec, when)
    raise ValueError(form)


def _count_verdict(oracle: Oracle, f: dict[str, Any], spec: Spec, when: dt.date) -> str:
    qual, x, unit = f["qual"], float(f["value"]), float(f.get("unit", 1))
    literal = oracle.value(spec)
    first = oracle.first_reported(spec, when)
    if literal is None and first is None:
        return "not checkable"
    hit = any(v is not None and literal_match(qual, x, v, unit) for v in (literal, first))
    if hit:
        return "wrong measure" if f["form"] == "entries" else "supported"
    for alt, _depth in itertools.islice(alternatives(spec), 4000):
        if not ended(alt.months, when):
            continue
        v = oracle.value(alt)
        if v is not None and other_match(qual, x, v, unit, alt, when):
            return "wrong measure"
    return "not checkable" if f["form"] == "entries" else "contradicted"


def _ranked(ranking: list[tuple[str, int]], f: dict[str, Any]) -> bool:
    names = [n for n, _ in ranking]
    return f["name"] in names and names.index(f["name"]) + 1 == f["rank"]


def share_match(qual: str, x: float, s: float, pct: bool) -> bool:
    """A share: bare within 2 points (a percentage 1), "about" 3 (a percentage 2),
    "nearly" up to 3 points below and 0.3 above; bounds strict."""
    if qual == "exact":
        return abs(s - x) <= (0.01 if pct else 0.02)
    if qual == "about":
        return abs(s - x) <= (0.02 if pct else 0.03)
    if qual == "nearly":
        return x - 0.03 <= s <= x + 0.003
    return {"more": s > x, "atleast": s >= x, "less": s < x}[qual]


def _share_verdict(oracle: Oracle, f: dict[str, Any], spec: Spec, when: dt.date) -> str:
    pct = bool(f.get("percent"))

    def share_of(sp: Spec) -> float | None:
        part = oracle.value(sp)
        whole = oracle.value(replace(sp, **{f["share_of"]: None}))
        return None if part is None or not whole else part / whole

    s = share_of(spec)
    if s is None:
        return "not checkable"
    if share_match(f["qual"], f["value"], s, pct):
        return "supported"
    for alt, _depth in itertools.islice(alternatives(spec), 60):
        if "subgroup" in _dims(spec, alt) or not ended(alt.months, when):
            continue
        a = share_of(alt)
        if a is not None and share_match(f["qual"], f["value"], a, pct):
            return "wrong measure"
    return "contradicted"


def ratio_match(qual: str, x: float, ratio: float, up: bool) -> bool:
    """"doubled" 1.85-2.2, "tripled" 2.75-3.3, "nearly" x-0.2..x, "more than" > x, other
    multiples within 5%; "cut in half" leaves 45-55% of the base."""
    if qual == "nearly":
        return x - 0.2 <= ratio <= x
    if qual == "more":
        return ratio > x
    if qual in ("about", "exact") and up:
        if x == 2:
            return 1.85 <= ratio < 2.2
        if x == 3:
            return 2.75 <= ratio < 3.3
        return abs(ratio - x) <= 0.05 * x
    if qual in ("about", "exact"):
        return abs(1 / ratio - 1 / x) <= 0.05 if x == 2 else abs(ratio - x) <= 0.05 * x
    return literal_match(qual, x, ratio, 0.1)


def pct_match(qual: str, x: float, signed: float, fraction: bool = False) -> bool:
    """A percent change (signed in the text's direction): 1 point, "about" 2, "nearly"
    2 below to 0.3 above, bounds strict; a fraction ("by a third") 2.5 points."""
    if signed <= 0:
        return False
    if fraction:
        return abs(signed - x) <= 2.5
    if qual == "exact":
        return abs(signed - x) <= 1.0
    if qual == "about":
        return abs(signed - x) <= 2.0
    if qual == "nearly":
        return x - 2.0 <= signed <= x + 0.3
    if qual == "more":
        return signed > x
    if qual == "less":
        return signed < x
    return signed >= x


def _other_kind(months: tuple[dt.date, ...]) -> tuple[dt.date, ...]:
    kind = _period_kind(months)
    return cy_months(months[-1].year) if kind == "fy" else fy_months(months[0].year)


def _change_verdict(oracle: Oracle, f: dict[str, Any], spec: Spec, when: dt.date) -> str:
    base = replace(spec, months=tuple(dt.date.fromisoformat(m) for m in f["base_months"]))
    cur, prev = oracle.value(spec), oracle.value(base)
    if cur is None or prev is None or prev == 0:
        return "not checkable"

    def ok(c: float, p: float) -> bool:
        if f["form"] == "direction":
            return c > p if f["direction"] == "up" else c < p
        if f["form"] == "multiple":
            ratio = c / p if f["direction"] == "up" else p / c
            return ratio_match(f["qual"], f["value"], ratio, f["direction"] == "up")
        pct = 100.0 * (c - p) / p
        signed = pct if f["direction"] == "up" else -pct
        return pct_match(f["qual"], f["value"], signed, bool(f.get("fraction")))

    if ok(cur, prev):
        return "supported"
    # the same change of place, component or subgroup for both periods (one or two
    # changes), or both years read as the other kind of year
    kind = _period_kind(spec.months)
    for alt, _depth in itertools.islice(alternatives(spec), 400):
        months = base.months
        if alt.months != spec.months:
            if not (kind in ("fy", "cy") and _period_kind(alt.months) in ("fy", "cy")
                    and _period_kind(alt.months) != kind
                    and _period_kind(base.months) == kind):
                continue
            months = _other_kind(base.months)
        if not ended(months, when):
            continue
        c, p = oracle.value(alt), oracle.value(replace(alt, months=months))
        if c and p and ok(c, p):
            return "wrong measure"
    return "contradicted"


def latest_published(when: dt.date) -> dt.date:
    """The newest month CBP had published by ``when`` (mid-month for the month before)."""
    return shift(month(when.year, when.month), -1 if when.day >= 15 else -2)


def _record_verdict(oracle: Oracle, f: dict[str, Any], spec: Spec, when: dt.date) -> str:
    (m,) = spec.months
    since = dt.date.fromisoformat(f["since"])
    ser = oracle.series(spec, since, min(latest_published(when), max(m, since)))
    if m not in ser or since not in ser:
        return "not checkable"
    v = ser[m]
    others = [x for k, x in ser.items() if k != m]
    ok = all(v < x for x in others) if f["extreme"] == "low" else all(v > x for x in others)
    if ok and "value" in f:
        ok = literal_match(f["qual"], f["value"], v, f.get("unit", 1))
    return "supported" if ok else "contradicted"


def round_to(x: float, unit: float) -> float:
    return float(round(x / unit) * unit) if unit >= 1 else x


def significant_unit(x: float, digits: int) -> float:
    """The place value that keeps ``digits`` significant digits of ``x``."""
    if x <= 0:
        return 1.0
    return float(10 ** max(0, int(math.floor(math.log10(x))) - digits + 1))
