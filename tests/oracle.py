"""An independent oracle for the warehouse's queries: plain pandas over the raw files.

Nothing here imports borderflow.  The facts the two share are facts of the
publications themselves, written out again below: file layouts, publication
dates (MANIFEST.md and CBP's release schedule), label spellings, which
country CBP's residual ``OTHER`` leaves out, which region a sector lies in.

The rules re-implemented (README, "How the warehouse works"):

* a *family* is one table of one publication; every file is a release of it;
  for each (family, month) the release published last (on or before the
  as-of date) is the one read;
* a family publishes value v of dimension d in month m iff the release read
  for m has a row with d=v in m's fiscal year (Title 42 and expulsions are
  known zeros outside Mar 2020 - May 2023);
* a family may answer a query only if it carries every dimension filtered or
  grouped on, its fixed scope is exactly what the query filters, and (annual
  tables) only when asked for by source, for whole fiscal years;
* the answer names every month asked for that is not answered.
"""

from __future__ import annotations

import calendar
import datetime as dt
import glob
import gzip
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

DIMS = ("region", "component", "area_type", "area", "demographic", "citizenship",
        "authority", "encounter_type")
SW, NORTH, COASTAL, OTHER_REGION = ("Southwest Land Border", "Northern Land Border",
                                    "Coastal Border", "Other")
USBP, OFO = "USBP", "OFO"
OTHER_CBP22 = "Other (not among CBP's 22 countries)"
OTHER_FOUR = "Other (not El Salvador, Guatemala, Honduras or Mexico)"
GROUPS = ("El Salvador", "Guatemala", "Honduras", "Mexico")
TITLE_42 = (dt.date(2020, 3, 1), dt.date(2023, 5, 1))

#: sector -> land border region
SECTOR_REGION = {
    **dict.fromkeys(("Big Bend", "Del Rio", "El Centro", "El Paso", "Laredo",
                     "Rio Grande Valley", "San Diego", "Tucson", "Yuma"), SW),
    **dict.fromkeys(("Blaine", "Buffalo", "Detroit", "Grand Forks", "Havre", "Houlton",
                     "Spokane", "Swanton"), NORTH),
    **dict.fromkeys(("Livermore", "Miami", "New Orleans", "Ramey"), COASTAL),
}
#: CBP's 21 named upper-case countries in the OHSS spelling; OTHER is the rest
CBP22 = {
    "BRAZIL": "Brazil", "CANADA": "Canada", "CHINA, PEOPLES REPUBLIC OF":
    "China, People's Republic", "COLOMBIA": "Colombia", "CUBA": "Cuba", "ECUADOR": "Ecuador",
    "EL SALVADOR": "El Salvador", "GUATEMALA": "Guatemala", "HAITI": "Haiti",
    "HONDURAS": "Honduras", "INDIA": "India", "MEXICO": "Mexico", "MYANMAR (BURMA)": "Burma",
    "NICARAGUA": "Nicaragua", "PERU": "Peru", "PHILIPPINES": "Philippines",
    "ROMANIA": "Romania", "RUSSIA": "Russia", "TURKEY": "Turkey", "UKRAINE": "Ukraine",
    "VENEZUELA": "Venezuela", "OTHER": OTHER_CBP22,
}
DEMOGRAPHIC = {"UC / Single Minors": "Unaccompanied Children", "UAC": "Unaccompanied Children",
               "FMUA": "Family Unit Individuals"}
COMPONENT = {"U.S. Border Patrol": USBP, "Office of Field Operations": OFO}
MONTHS = ("OCT", "NOV", "DEC", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP")


def _end_of(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


#: file name -> publication date (MANIFEST.md; CBP's dated monthly updates)
PUBLISHED = {
    "nationwide-encounters-fy20-fy23-state.csv": _end_of(2023, 11),
    "nationwide-encounters-fy21-fy24-oct-state.csv": dt.date(2023, 11, 15),
    "nationwide-encounters-fy21-fy24-nov-state.csv": dt.date(2023, 12, 22),
    "nationwide-encounters-fy21-fy24-state.csv": _end_of(2024, 10),
    "nationwide-encounters-fy22-fy25-state.csv": _end_of(2025, 11),
    "nationwide-encounters-fy23-fy26-nov-state.csv": _end_of(2025, 12),
    "sbo-encounters-fy19-fy22.csv": _end_of(2022, 10),
    "sbo-encounters-fy22-fy25-nov.csv": _end_of(2024, 12),
    "sbo-encounters-fy22-fy25-aug.csv": _end_of(2025, 9),
    "nationwide-encounters-fy23-fy26-jul-aor-extract.csv": _end_of(2026, 8),
    # a transcription whose last month is Sep 2020: a year-end release, out by November
    "usbp_monthly_encounters_fy2000-fy2020.csv.gz": _end_of(2020, 11),
}


def month_of(fy: int, fm: int) -> dt.date:
    """First day of fiscal month ``fm`` (1 = October) of fiscal year ``fy``."""
    return dt.date(fy - 1, fm + 9, 1) if fm <= 3 else dt.date(fy, fm - 3, 1)


def _month_index(m: dt.date) -> int:
    return m.year * 12 + m.month - 1


def fiscal_year(m: dt.date) -> int:
    return m.year + 1 if m.month >= 10 else m.year


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    out, y, mo = [], first.year, first.month
    while (y, mo) <= (last.year, last.month):
        out.append(dt.date(y, mo, 1))
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    return out


@dataclass(frozen=True)
class Family:
    """What one table can answer: its dimensions, fixed scope and grain."""

    name: str
    kind: str
    dims: frozenset[str]
    fixed: tuple[tuple[str, str], ...] = ()
    annual: bool = False
    official: bool = True  # the publisher's own file, not a third party's transcription
    rounded: bool = False  # OHSS rounds every figure to 10

    def carries(self, dim: str) -> bool:
        return dim in self.dims or dim in dict(self.fixed) or (
            dim == "citizenship_group" and "citizenship" in self.dims)


_OHSS_CUTS = {"Count": (), "Citizenship": ("citizenship",), "Region": ("region",),
              "Family Status": ("demographic",), "Sector": ("region", "area_type", "area"),
              "Rgn and Citp": ("region", "citizenship"),
              "Rgn and Fam Status": ("region", "demographic"),
              "Rgn and Sector": ("region", "area_type", "area")}
OHSS_SHEETS = {f"{grain} {cut}": "ohss_khsm." + re.sub(r"\W+", "_", f"{grain} {cut}".lower())
               for grain in ("Annual", "Monthly") for cut in _OHSS_CUTS}

FAMILIES: dict[str, Family] = {
    "cbp_state": Family("cbp_state", "cbp_state", frozenset(
        {"region", "area_type", "area", "demographic", "citizenship", "authority"})),
    "cbp_sbo": Family("cbp_sbo", "cbp_sbo", frozenset(
        {"component", "demographic", "citizenship", "authority", "encounter_type"}),
        (("region", SW),)),
    "cbp_tableau": Family("cbp_tableau", "cbp_tableau", frozenset(
        {"component", "demographic", "citizenship", "authority", "encounter_type"}),
        (("region", SW),), official=False),
    "cbp_aor": Family("cbp_aor", "cbp_aor", frozenset(DIMS)),
    "usbp_monthly": Family("usbp_monthly", "usbp_monthly",
                           frozenset({"region", "area_type", "area"}), (("component", USBP),),
                           official=False),
    **{fam: Family(fam, "ohss_khsm", frozenset(_OHSS_CUTS[sheet.split(" ", 1)[1]]),
                   (("component", USBP),), annual=sheet.startswith("Annual"), rounded=True)
       for sheet, fam in OHSS_SHEETS.items()},
}


@dataclass(frozen=True)
class OQuery:
    """A query in canonical values (what the warehouse's Query holds after parsing)."""

    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    group_by: tuple[str, ...] = ()
    fiscal_years: tuple[int, ...] | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    as_of: dt.date | None = None
    source: str | None = None

    def normalised(self) -> OQuery:
        """An area filter implies its area type; grouping by area groups by type too."""
        filters = dict(self.filters)
        group_by = tuple(dict.fromkeys(self.group_by))
        if "area" in filters and "area_type" not in filters:
            areas = filters["area"]
            kind = ("sector" if all(a in SECTOR_REGION for a in areas) else
                    "state" if all(len(a) == 2 and a.isupper() for a in areas) else
                    "field_office")
            filters["area_type"] = (kind,)
        if "area" in group_by and "area_type" not in group_by and "area_type" not in filters:
            group_by = ("area_type", *group_by)
        return OQuery(filters, group_by, self.fiscal_years, self.start, self.end, self.as_of,
                      self.source)

    @property
    def dims_used(self) -> set[str]:
        return {d for d in (*self.filters, *self.group_by) if d not in ("month", "fy", "cy")}


@dataclass
class Expected:
    """The oracle's view of one query."""

    eligible: dict[str, set[dt.date]]  # family -> wanted months it answers
    wanted: set[dt.date]

    @property
    def best(self) -> int:
        return max((len(v) for v in self.eligible.values()), default=0)


# ------------------------------------------------------------------ reading the files

def _cbp_time(df: pd.DataFrame) -> pd.DataFrame:
    df["fy"] = df["Fiscal Year"].str.strip().str[:4].astype(int)
    df["fm"] = df["Month (abbv)"].str.strip().str.upper().map(
        {m: i for i, m in enumerate(MONTHS, start=1)}).astype(int)
    return df


def _by_definition(component: pd.Series, authority: pd.Series) -> pd.Series:
    """CBP's definitions: Title 42 = expulsions; Title 8 = apprehensions (USBP) or
    inadmissibles (OFO)."""
    out = pd.Series("Inadmissibles", index=component.index)
    out[component == USBP] = "Apprehensions"
    out[authority == "Title 42"] = "Expulsions"
    return out


def _counts(col: pd.Series) -> pd.Series:
    text = col.astype(str).str.strip().str.replace(",", "", regex=False)
    text = text.mask(text.isin(["", "%null%"]), "0")
    return text.astype(float).round().astype("int64")


def read_state(path: str) -> pd.DataFrame:
    df = _cbp_time(pd.read_csv(path, dtype=str, keep_default_na=False))
    return pd.DataFrame({
        "fy": df["fy"], "fm": df["fm"], "region": df["Land Border Region"],
        "area_type": "state", "area": df["State"].str.strip(),
        "demographic": df["Demographic"].replace(DEMOGRAPHIC),
        "citizenship": df["Citizenship"].map(CBP22), "authority": df["Title of Authority"],
        "count": _counts(df["Encounter Count"])})


def read_sbo(path: str) -> pd.DataFrame:
    df = _cbp_time(pd.read_csv(path, dtype=str, keep_default_na=False))
    comp = df["Component"].map(COMPONENT)
    return pd.DataFrame({
        "fy": df["fy"], "fm": df["fm"], "region": SW, "component": comp,
        "demographic": df["Demographic"].replace(DEMOGRAPHIC),
        "citizenship": df["Citizenship Grouping"].replace({"Other": OTHER_FOUR}),
        "authority": df["Title of Authority"],
        "encounter_type": _by_definition(comp, df["Title of Authority"]),
        "count": _counts(df["Encounter Count"])})


def read_aor(path: str) -> pd.DataFrame:
    df = _cbp_time(pd.read_csv(path, dtype=str, keep_default_na=False))
    aor = df["Area of Responsibility"].str.strip()
    is_sector = aor.str.endswith(" Sector")
    comp = df["Component"].map(COMPONENT)
    return pd.DataFrame({
        "fy": df["fy"], "fm": df["fm"], "region": df["Land Border Region"], "component": comp,
        "area_type": is_sector.map({True: "sector", False: "field_office"}),
        "area": aor.str.replace(r" (Sector|Field Office)$", "", regex=True),
        "demographic": df["Demographic"].replace(DEMOGRAPHIC),
        "citizenship": df["Citizenship"].map(CBP22), "authority": df["Title of Authority"],
        "encounter_type": _by_definition(comp, df["Title of Authority"]),
        "count": _counts(df["Encounter Count"])})


def read_tableau(path: str) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    cube = ["Citizenship Grouping", "Component", "Demographic", "Title of Authority"]
    df = df[~(df[cube] == "all").any(axis=1)].copy()  # subtotal rows: the detail is kept
    df["fy"] = df["Fiscal Year-value"].str[:4].astype(int)
    df["fm"] = df["Month (abbv)-value"].map({m: i for i, m in enumerate(MONTHS, start=1)})
    comp = df["Component"].map(COMPONENT)
    return pd.DataFrame({
        "fy": df["fy"], "fm": df["fm"].astype(int), "region": SW, "component": comp,
        "demographic": df["Demographic"].replace(DEMOGRAPHIC),
        "citizenship": df["Citizenship Grouping"].replace({"Other": OTHER_FOUR}),
        "authority": df["Title of Authority"],
        "encounter_type": _by_definition(comp, df["Title of Authority"]),
        "count": _counts(df["SUM(Encounter Count)-alias"])})


def read_usbp_monthly(path: str) -> pd.DataFrame:
    with gzip.open(path, "rt") as fh:
        wide = pd.read_csv(fh, sep="|")
    wide["fm"] = (wide["month"] + 2) % 12 + 1
    long = wide.melt(id_vars=["fy", "fm"], value_vars=[
        s.lower().replace(" ", "_") for s in SECTOR_REGION], var_name="col", value_name="count")
    names = {s.lower().replace(" ", "_"): s for s in SECTOR_REGION}
    area = long["col"].map(names)
    return pd.DataFrame({"fy": long["fy"], "fm": long["fm"], "region": area.map(SECTOR_REGION),
                         "component": USBP, "area_type": "sector", "area": area,
                         "count": long["count"].astype("int64")})


def read_ohss(path: str) -> tuple[dict[str, pd.DataFrame], dt.date]:
    sheets = pd.read_excel(path, sheet_name=None, engine="calamine")
    out: dict[str, pd.DataFrame] = {}
    for sheet, fam in OHSS_SHEETS.items():
        df = sheets[sheet]
        df.columns = [" ".join(str(c).split()) for c in df.columns]
        frame = pd.DataFrame({"fy": df["Fiscal Year"].astype(int), "component": USBP,
                              "count": df["Quantity"].astype("int64")})
        frame["fm"] = (df["Month"].str[:2].astype(int) if "Month" in df else 0)
        if "Region" in df:
            frame["region"] = df["Region"]
        if "Sector" in df:
            frame["area"] = df["Sector"].str.split(",").str[0]
            frame["area_type"] = "sector"
            if "Region" not in df:
                frame["region"] = frame["area"].map(SECTOR_REGION)
        if "Citizenship" in df:
            frame["citizenship"] = df["Citizenship"].astype(str)
        if "Family Status" in df:
            frame["demographic"] = df["Family Status"]
        out[fam] = frame
    # An annual figure is a fiscal year's only when the workbook's months complete the year
    # (its last year holds Oct-Nov only: that figure covers two months, not twelve).
    monthly = out["ohss_khsm.monthly_count"]
    complete = {fy for fy, n in monthly.groupby("fy")["fm"].nunique().items() if n == 12}
    for sheet, fam in OHSS_SHEETS.items():
        if sheet.startswith("Annual"):
            out[fam] = out[fam][out[fam]["fy"].isin(complete)]
    core = zipfile.ZipFile(path).read("docProps/core.xml").decode()
    stamp = re.search(r"<dcterms:modified[^>]*>(\d{4}-\d\d-\d\d)", core)
    assert stamp is not None
    return out, dt.date.fromisoformat(stamp[1])


def _tableau_date(name: str) -> dt.date:
    m = re.search(r"update-([a-z]+)_(\d+)_(\d{4})", name)
    assert m is not None
    return dt.datetime.strptime(f"{m[1]} {m[2]} {m[3]}", "%B %d %Y").date()


# ------------------------------------------------------------------ the oracle

class Oracle:
    """Every release of every family, and the rules that answer a query from them."""

    def __init__(self, data_dir: Path) -> None:
        d = str(data_dir)
        frames: list[tuple[str, str, dt.date, pd.DataFrame]] = []
        for path in glob.glob(f"{d}/cbp_nationwide_state/nationwide-encounters-*-state.csv"):
            name = Path(path).name
            frames.append(("cbp_state", name, PUBLISHED[name], read_state(path)))
        for path in glob.glob(f"{d}/cbp_southwest_sbo/sbo-encounters-*.csv"):
            name = Path(path).name
            frames.append(("cbp_sbo", name, PUBLISHED[name], read_sbo(path)))
        for path in glob.glob(f"{d}/cbp_aor_extract/*-aor-extract.csv"):
            name = Path(path).name
            frames.append(("cbp_aor", name, PUBLISHED[name], read_aor(path)))
        for path in glob.glob(f"{d}/cbp_tableau_snapshots/cbp_encounters_dashboard_1_*.csv"):
            name = Path(path).name
            frames.append(("cbp_tableau", name, _tableau_date(name), read_tableau(path)))
        for path in glob.glob(f"{d}/usbp_historical/usbp_monthly_encounters_fy*.csv.gz"):
            name = Path(path).name
            frames.append(("usbp_monthly", name, PUBLISHED[name], read_usbp_monthly(path)))
        for path in glob.glob(f"{d}/ohss_khsm/KHSM*.xlsx"):
            sheets, published = read_ohss(path)
            for fam, frame in sheets.items():
                frames.append((fam, Path(path).name, published, frame))
        #: family -> [(release name, publication date)] in release order
        self.releases: dict[str, list[tuple[str, dt.date]]] = {}
        #: family -> rows (every release), with a release column
        self.rows: dict[str, pd.DataFrame] = {}
        #: (family, release) -> months it covers
        self.covers: dict[tuple[str, str], set[dt.date]] = {}
        #: (family, release, fiscal year) -> the (dimension, value) pairs it publishes
        self.values: dict[tuple[str, str, int], set[tuple[str, str]]] = {}
        by_family: dict[str, list[pd.DataFrame]] = {}
        self.codes: dict[str, dict[str, int]] = {}
        for fam, name, published, frame in sorted(frames, key=lambda f: (f[2], f[1])):
            frame = frame.copy()
            for dim in DIMS:
                if dim not in frame:
                    frame[dim] = None
            frame["release"] = name
            self.releases.setdefault(fam, []).append((name, published))
            by_family.setdefault(fam, []).append(frame)
            months: set[dt.date] = set()
            for fy, fm in set(zip(frame["fy"], frame["fm"], strict=True)):
                months |= ({month_of(int(fy), m) for m in range(1, 13)} if fm == 0
                           else {month_of(int(fy), int(fm))})
            self.covers[(fam, name)] = months
            for dim in DIMS:
                pairs = frame[["fy", dim]].dropna().drop_duplicates()
                for fy, value in zip(pairs["fy"], pairs[dim], strict=True):
                    self.values.setdefault((fam, name, int(fy)), set()).add((dim, value))
        for fam, parts in by_family.items():
            rows = pd.concat(parts, ignore_index=True)
            rows["month"] = [month_of(int(y), int(m)) if m else None
                             for y, m in zip(rows["fy"], rows["fm"], strict=True)]
            rows["citizenship_group"] = rows["citizenship"].where(
                rows["citizenship"].isin(GROUPS), "Other")
            rows["cy"] = [m.year if m else None for m in rows["month"]]
            # one integer per (release, month) or, in annual tables, (release, fiscal year)
            code = {name: i for i, (name, _) in enumerate(self.releases[fam])}
            rows["key"] = rows["release"].map(code) * 100_000 + (
                rows["fy"] if FAMILIES[fam].annual else rows["month"].map(_month_index))
            self.codes[fam] = code
            self.rows[fam] = rows
        self._picked: dict[tuple[str, dt.date | None], dict[dt.date, str]] = {}

    # -- per family
    def picked(self, fam: str, as_of: dt.date | None) -> dict[dt.date, str]:
        """month -> the release read for it: the last published (on or before ``as_of``)."""
        key = (fam, as_of)
        if key not in self._picked:
            out: dict[dt.date, str] = {}
            for name, published in self.releases.get(fam, []):  # in release order
                if as_of is None or published <= as_of:
                    out.update(dict.fromkeys(self.covers[(fam, name)], name))
            self._picked[key] = out
        return self._picked[key]

    def needed(self, fam: str, q: OQuery) -> set[tuple[str, str]]:
        spec = FAMILIES[fam]
        out: set[tuple[str, str]] = set()
        for dim, values in q.filters.items():
            if dim == "citizenship_group":
                out |= {("citizenship", v) for v in values if v != "Other"}
            elif dim in spec.dims:
                out |= {(dim, v) for v in values}
        return out

    def answerable(self, fam: str, q: OQuery) -> set[dt.date]:
        need = self.needed(fam, q)
        out = set()
        for m, rel in self.picked(fam, q.as_of).items():
            have = self.values.get((fam, rel, fiscal_year(m)), set())
            if all(p in have or _known_zero(p, m) for p in need):
                out.add(m)
        return out

    def eligible(self, fam: str, q: OQuery) -> bool:
        spec = FAMILIES[fam]
        if q.source is not None and q.source not in (spec.name, spec.kind):
            return False
        if not all(spec.carries(d) for d in q.dims_used):
            return False
        if any(set(q.filters.get(d, ())) != {v} for d, v in spec.fixed):
            return False
        if spec.annual:
            if q.source is None or {"month", "cy"} & set(q.group_by):
                return False
            whole = bool(q.fiscal_years) or (q.start is not None and q.end is not None and
                                             q.start.month == 10 and q.end.month == 9)
            if (q.start or q.end) and not whole:
                return False
        return True

    # -- a query
    def expect(self, query: OQuery) -> Expected:
        q = query.normalised()
        answers = {f: self.answerable(f, q) for f in FAMILIES if self.eligible(f, q)}
        if q.fiscal_years:
            wanted = {month_of(fy, m) for fy in q.fiscal_years for m in range(1, 13)}
        elif q.start and q.end:
            wanted = set(months_between(q.start, q.end))
        else:
            union: set[dt.date] = set().union(*answers.values()) if answers else set()
            wanted = {m for m in union if (q.start is None or m >= q.start)
                      and (q.end is None or m <= q.end)}
        return Expected({f: a & wanted for f, a in answers.items()}, wanted)

    def preferred(self, query: OQuery, expected: Expected) -> set[str]:
        """The families that may win: most months answered, then official over
        transcription, unrounded over rounded, the newest publication read."""
        best = [f for f, m in expected.eligible.items() if m and len(m) == expected.best]

        def rank(f: str) -> tuple[bool, bool, dt.date]:
            spec, months = FAMILIES[f], expected.eligible[f]
            published = dict(self.releases[f])
            newest = max(published[r] for r in self.releases_read(f, query, months))
            return (spec.official, not spec.rounded, newest)

        top = max((rank(f) for f in best), default=None)
        return {f for f in best if rank(f) == top}

    def releases_read(self, fam: str, query: OQuery, months: set[dt.date]) -> set[str]:
        """The file names of the releases ``months`` are read from."""
        picked = self.picked(fam, query.as_of)
        return {picked[m] for m in months}

    def sums(self, fam: str, query: OQuery,
             months: set[dt.date]) -> dict[tuple[object, ...], int]:
        """The family's encounters over ``months`` (each from its release), grouped."""
        q = query.normalised()
        rows = self.rows[fam]
        picked = self.picked(fam, q.as_of)
        code = self.codes[fam]
        if FAMILIES[fam].annual:
            wanted = {code[picked[m]] * 100_000 + fiscal_year(m) for m in months}
        else:
            wanted = {code[picked[m]] * 100_000 + _month_index(m) for m in months}
        mask = rows["key"].isin(wanted)
        for dim, values in q.filters.items():
            mask &= rows[dim].isin(values)
        chosen = rows[mask]
        keys = list(q.group_by)
        if not keys:
            total = int(chosen["count"].sum())
            return {(): total} if total else {}
        grouped = chosen.groupby([chosen[k].astype(object) for k in keys], dropna=False)["count"]
        out: dict[tuple[object, ...], int] = {}
        for key, total in grouped.sum().items():
            tup = key if isinstance(key, tuple) else (key,)
            tup = tuple(None if isinstance(v, float) and v != v else v for v in tup)
            if int(total):
                out[tuple(int(v) if k in ("fy", "cy") else v
                          for k, v in zip(keys, tup, strict=True))] = int(total)
        return out


def _known_zero(pair: tuple[str, str], month: dt.date) -> bool:
    if pair in (("authority", "Title 42"), ("encounter_type", "Expulsions")):
        return not TITLE_42[0] <= month <= TITLE_42[1]
    return False
