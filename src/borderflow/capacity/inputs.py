"""Files a shelter coordinator fills in, read strictly with errors naming file, line, field.

``sites.yaml`` describes the network::

    network: El Paso (illustrative)
    sites:
      - {name: Permanent shelters, beds: 1200, kind: permanent}
      - {name: Overflow, beds: 400, kind: overflow, lead_time_days: 2, open: false}
    length_of_stay: {mean_nights: 2.0}        # or {distribution: {0: 0.1, 1: 0.5, ...}}
                                              # or {records: stays.csv}: estimated, see below
    departures_per_day: {value: 1800, evidence: "bus contracts, Sept 2023"}  # or a number;
                                              # omitted = unlimited
    occupancy: 1900                           # optional; else the CSV's last occupancy
    costs: {bed_night: 1, extra_bed_night: 1.5, departure: 1}   # optional, relative
    derive_arrivals: {sector: El Paso, release_share: 0.5}   # when no daily arrivals exist
    arrival_level_sd: 0.05                    # only with derive_arrivals: the level's daily
                                              # drift (with arrivals.csv it is estimated)
    extra_beds_lead_time_days: 1              # optional; days until added beds take people
    evidence: {beds: "...", length_of_stay: "...", occupancy: "...", lead_times: "..."}
                                              # optional; inputs without it are "Assumed"

Any other key is refused, naming its line and the nearest valid key.

``stays.csv`` (optional) holds guests' stays, one row per party; a party still
present has no departure date and counts as censored (it stays longer than
the nights so far).  The stays of the last four weeks before the newest date
in the file (or ``as_of``) are estimated by Kaplan-Meier::

    arrival_date,departure_date,people
    2023-09-01,2023-09-02,3
    2023-09-03,,2

``arrivals.csv`` holds the observed days, with an HXL hashtag row under the
header (as in the template)::

    date,arrivals,departures,occupancy
    #date,#affected+arrived,#affected+departed,#affected+sheltered
    2023-09-01,1850,1700,1900
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from borderflow.capacity.advice import Costs
from borderflow.capacity.model import LengthOfStay, Site
from borderflow.capacity.stays import STAY_LOOKBACK, StayFit, fit_stays, stay_draws
from borderflow.errors import EmptyFileError, InputError, LimitError, SchemaError, ValueError_

ARRIVALS_HEADER = ("date", "arrivals", "departures", "occupancy")
ARRIVALS_HXL = ("#date", "#affected+arrived", "#affected+departed", "#affected+sheltered")
SITE_KINDS = ("permanent", "overflow", "hotel")
STAYS_HEADER = ("arrival_date", "departure_date", "people")

#: the keys ``sites.yaml`` understands, by where they appear (anything else is refused)
KNOWN_KEYS: dict[str, tuple[str, ...]] = {
    "": ("network", "sites", "length_of_stay", "departures_per_day", "occupancy", "costs",
         "derive_arrivals", "arrival_level_sd", "extra_beds_lead_time_days", "evidence"),
    "sites[]": ("name", "beds", "kind", "lead_time_days", "open"),
    "length_of_stay": ("mean_nights", "distribution", "records", "as_of"),
    "departures_per_day": ("value", "evidence"),
    "costs": ("bed_night", "extra_bed_night", "departure"),
    "derive_arrivals": ("sector", "release_share"),
    "evidence": ("beds", "length_of_stay", "occupancy", "lead_times"),
}

#: The largest ``sites.yaml`` read.  A network of a hundred sites is about 10 KB; a
#: document a hundred times that is not a description of shelters.
MAX_YAML_BYTES = 2**20


@dataclass
class Network:
    """What ``sites.yaml`` says."""

    name: str
    sites: list[Site]
    los: LengthOfStay
    departures_per_day: float | None
    occupancy: int | None
    arrival_level_sd: float | None
    derive_sector: str | None
    release_share: float | None
    departures_evidence: str | None = None
    stays_note: str | None = None
    costs: Costs = Costs()
    #: draws of an estimated stay distribution (from stay records), see ``StayFit.draws``
    los_draws: list[LengthOfStay] | None = None
    #: people present on the records' last night by nights stayed so far
    present_by_nights: np.ndarray | None = None
    #: days from deciding to add beds at a permanent site until they take people
    #: (``None``: not given; the advice assumes 0, beds ready on the plan's first day)
    extra_beds_lead_time_days: int | None = None
    #: where figures come from, by input (beds, length_of_stay, occupancy, lead_times):
    #: an input without it is listed under "Assumed"
    evidence: dict[str, str] = dataclasses.field(default_factory=dict)


@dataclass
class History:
    """What ``arrivals.csv`` says: one row per consecutive day."""

    days: list[dt.date]
    arrivals: np.ndarray
    departures: np.ndarray  # NaN where not given
    occupancy: np.ndarray  # NaN where not given
    #: the file and each day's line in it (for errors about a day)
    path: Path | None = None
    lines: list[int] = dataclasses.field(default_factory=list)


def _number(path: Path, value: Any, field: str, *, line: int | None = None,
            minimum: float = 0.0, integer: bool = False) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError_(path, f"{value!r} is not a number", line=line, field=field,
                          expected=f"a number >= {minimum:g}") from None
    if not np.isfinite(number) or number < minimum or (integer and number != int(number)):
        raise ValueError_(path, f"{value!r} is out of range", line=line, field=field,
                          expected=f"{'a whole' if integer else 'a'} number >= {minimum:g}")
    return number


def load_network(path: Path) -> Network:
    """Read and validate ``sites.yaml``."""
    import yaml

    try:
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            raise LimitError(path, f"the file is {size:,} bytes",
                             expected=f"at most {MAX_YAML_BYTES:,} bytes")
        text = path.read_text(encoding="utf-8")
        # anchors and aliases (&a / *a) are refused before anything is built: a few
        # lines of nested aliases expand to billions of nodes (the "billion laughs")
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                raise LimitError(path, f"an alias (*{event.anchor})",
                                 line=event.start_mark.line + 1,
                                 expected="plain values: anchors and aliases are not accepted")
        doc = yaml.safe_load(text)
        _check_keys(path, yaml.compose(text, Loader=yaml.SafeLoader))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot be read ({exc})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SchemaError(path, f"not valid YAML ({getattr(exc, 'problem', exc)})",
                          line=mark.line + 1 if mark else None) from exc
    if not isinstance(doc, dict):
        raise SchemaError(path, "expected a mapping with a 'sites' list")
    raw_sites = doc.get("sites")
    if not isinstance(raw_sites, list) or not raw_sites:
        raise SchemaError(path, "no sites", field="sites", expected="a list of sites")
    sites: list[Site] = []
    for i, raw in enumerate(raw_sites):
        where = f"sites[{i}]"
        if not isinstance(raw, dict) or "name" not in raw or "beds" not in raw:
            raise SchemaError(path, "a site needs a name and beds", field=where,
                              expected="{name: ..., beds: ..., kind: ...}")
        kind = str(raw.get("kind", "permanent"))
        if kind not in SITE_KINDS:
            raise ValueError_(path, f"unknown kind {kind!r}", field=f"{where}.kind",
                              expected=" or ".join(SITE_KINDS))
        sites.append(Site(
            name=str(raw["name"]),
            beds=int(_number(path, raw["beds"], f"{where}.beds", integer=True)),
            kind=kind,
            lead_time_days=int(_number(path, raw.get("lead_time_days", 0),
                                       f"{where}.lead_time_days", integer=True)),
            is_open=bool(raw.get("open", kind == "permanent")),
        ))
    names = [s.name.lower() for s in sites]
    if len(set(names)) != len(names):
        raise ValueError_(path, "two sites share a name", field="sites",
                          expected="unique site names")
    departures, evidence = _departures(path, doc.get("departures_per_day"))
    raw_los = doc.get("length_of_stay")
    stays_note = None
    if isinstance(raw_los, dict) and "records" in raw_los:
        fit = load_stays(path.parent / str(raw_los["records"]), raw_los.get("as_of"))
        los, stays_note = fit.los, fit.describe()
        los_draws = list(fit.draws) or None
        present_by_nights = fit.present_by_nights
    else:
        los = _los(path, raw_los)
        los_draws = present_by_nights = None
    return Network(
        name=str(doc.get("network", path.stem)), sites=sites, los=los, stays_note=stays_note,
        departures_per_day=departures, departures_evidence=evidence,
        costs=_costs(path, doc.get("costs")), los_draws=los_draws,
        present_by_nights=present_by_nights,
        occupancy=(None if doc.get("occupancy") is None else
                   int(_number(path, doc["occupancy"], "occupancy", integer=True))),
        arrival_level_sd=(None if doc.get("arrival_level_sd") is None else
                          _number(path, doc["arrival_level_sd"], "arrival_level_sd")),
        evidence=_evidence(path, doc.get("evidence")),
        extra_beds_lead_time_days=(None if doc.get("extra_beds_lead_time_days") is None else int(
            _number(path, doc["extra_beds_lead_time_days"], "extra_beds_lead_time_days",
                    integer=True))),
        derive_sector=(doc.get("derive_arrivals") or {}).get("sector"),
        release_share=(None if not doc.get("derive_arrivals") else _number(
            path, doc["derive_arrivals"].get("release_share"), "derive_arrivals.release_share")),
    )


def _check_keys(path: Path, root: Any) -> None:
    """Refuse a key ``sites.yaml`` does not understand, naming its line and the nearest key.

    A misspelt key would otherwise be ignored silently: ``departure_per_day: 300`` would
    leave departures unlimited, ``cost:`` the default costs.
    """
    import difflib

    import yaml

    def check(node: Any, where: str, prefix: str) -> None:
        if not isinstance(node, yaml.MappingNode):
            return
        valid = KNOWN_KEYS[where]
        for key, value in node.value:
            name = str(key.value)
            if name not in valid:
                near = difflib.get_close_matches(name, valid, n=1, cutoff=0.0)
                raise SchemaError(
                    path, f"unknown key {name!r}" + (f"; did you mean {near[0]!r}?" if near
                                                     else ""),
                    line=key.start_mark.line + 1, field=prefix + name,
                    expected=("one of " + ", ".join(valid)))
            if where == "" and name in KNOWN_KEYS:
                check(value, name, name + ".")
            elif where == "" and name == "sites" and isinstance(value, yaml.SequenceNode):
                for i, site in enumerate(value.value):
                    check(site, "sites[]", f"sites[{i}].")

    check(root, "", "")


def _evidence(path: Path, raw: Any) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(isinstance(v, str) and v.strip()
                                            for v in raw.values()):
        raise SchemaError(path, "evidence not understood", field="evidence",
                          expected="{beds: \"...\", occupancy: \"...\"}: a source for each")
    return {str(k): str(v).strip() for k, v in raw.items()}


def _departures(path: Path, raw: Any) -> tuple[float | None, str | None]:
    if raw is None:
        return None, None
    if isinstance(raw, dict):
        if "value" not in raw:
            raise SchemaError(path, "departures_per_day needs a value", field="departures_per_day",
                              expected="a number, or {value: N, evidence: \"...\"}")
        evidence = raw.get("evidence")
        return (_number(path, raw["value"], "departures_per_day.value"),
                None if evidence is None else str(evidence))
    return _number(path, raw, "departures_per_day"), None


def _costs(path: Path, raw: Any) -> Costs:
    if raw is None:
        return Costs()
    if not isinstance(raw, dict) or not set(raw) <= {"bed_night", "extra_bed_night", "departure"}:
        raise SchemaError(path, "costs not understood", field="costs",
                          expected="{bed_night: N, extra_bed_night: N, departure: N}")
    default = Costs()
    return Costs(**{k: _number(path, raw.get(k, getattr(default, k)), f"costs.{k}")
                    for k in ("bed_night", "extra_bed_night", "departure")}, assumed=False)


def _los(path: Path, raw: Any) -> LengthOfStay:
    if not isinstance(raw, dict):
        raise SchemaError(path, "missing length_of_stay", field="length_of_stay",
                          expected="{mean_nights: N} or {distribution: {nights: share}}")
    if "mean_nights" in raw:
        return LengthOfStay.geometric(_number(path, raw["mean_nights"],
                                              "length_of_stay.mean_nights"))
    dist = raw.get("distribution")
    if not isinstance(dist, dict) or not dist:
        raise SchemaError(path, "length_of_stay needs mean_nights or distribution",
                          field="length_of_stay")
    nights = [int(_number(path, k, "length_of_stay.distribution", integer=True)) for k in dist]
    pmf = np.zeros(max(nights) + 1)
    for k, share in zip(nights, dist.values(), strict=True):
        pmf[k] = _number(path, share, f"length_of_stay.distribution[{k}]")
    if pmf.sum() <= 0:
        raise ValueError_(path, "shares sum to zero", field="length_of_stay.distribution")
    return LengthOfStay(pmf)


def load_stays(path: Path, as_of: Any = None) -> StayFit:
    """Read ``stays.csv`` and fit the last ``STAY_LOOKBACK`` days' stays (censored when open).

    The fit also carries ``STAY_DRAWS`` bootstrap draws of itself and the people present
    on the last night by nights stayed so far, as the Tucson validation plans.
    """
    try:
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot be read ({exc})", expected="a UTF-8 CSV") from exc
    header = [h.strip().lower() for h in rows[0]] if rows else []
    if header[:3] != list(STAYS_HEADER):
        raise SchemaError(path, f"header is {header}", line=1, expected=",".join(STAYS_HEADER))
    parsed: list[tuple[dt.date, dt.date | None, float]] = []
    for line, row in enumerate(rows[1:], start=2):
        if not row or not any(c.strip() for c in row) or row[0].strip().startswith("#"):
            continue
        cells = [c.strip() for c in row] + [""] * 3
        dates: list[dt.date | None] = []
        for field, cell in zip(STAYS_HEADER[:2], cells[:2], strict=True):
            try:
                dates.append(dt.date.fromisoformat(cell) if cell or field == "arrival_date"
                             else None)
            except ValueError:
                raise ValueError_(path, f"{cell!r} is not a date", line=line, field=field,
                                  expected="YYYY-MM-DD" + (" or empty (still present)"
                                                           if field == "departure_date" else "")
                                  ) from None
        arrived, left = dates
        assert arrived is not None
        if left is not None and left < arrived:
            raise ValueError_(path, f"departure {left} is before arrival {arrived}", line=line,
                              field="departure_date", expected="a date on or after the arrival")
        parsed.append((arrived, left, _number(path, cells[2], "people", line=line,
                                              integer=True)))
    if not parsed:
        raise EmptyFileError(path, "no stays", line=1)
    last = max(max(a, d or a) for a, d, _ in parsed)
    end = last if as_of is None else dt.date.fromisoformat(str(as_of))
    recent = [(a, d, n) for a, d, n in parsed
              if a <= end and (end - a).days < STAY_LOOKBACK and n > 0]
    if not recent:
        raise ValueError_(path, f"no party arrived in the {STAY_LOOKBACK} days to {end}",
                          field="arrival_date", expected="recent stays")
    present = np.array([d is None or d > end for _, d, _ in recent])
    nights = np.array([(end - a).days if p else (d - a).days  # type: ignore[operator]
                       for (a, d, _), p in zip(recent, present, strict=True)])
    people = np.array([n for _, _, n in recent])
    fit = fit_stays(nights, people, present)
    # everyone present on the last night, by nights stayed so far (however long ago they came)
    ages: dict[int, float] = {}
    for a, d, n in parsed:
        if a <= end and (d is None or d > end) and n > 0:
            ages[(end - a).days + 1] = ages.get((end - a).days + 1, 0.0) + n
    by_nights = None
    if ages:
        by_nights = np.zeros(max(ages) + 1)
        for k, n in ages.items():
            by_nights[k] = n
    return replace(fit, draws=tuple(stay_draws(nights, people, present)),
                   present_by_nights=by_nights)


def load_history(path: Path) -> History:
    """Read and validate ``arrivals.csv``: consecutive days, non-negative counts."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, "not UTF-8 text", expected="a UTF-8 CSV") from exc
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise EmptyFileError(path, "the file is empty", expected="a header and daily rows")
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in ("date", "arrivals") if c not in header]
    if missing:
        raise SchemaError(path, "missing column(s) " + ", ".join(repr(m) for m in missing),
                          line=1, field=missing[0], expected="columns " + ",".join(ARRIVALS_HEADER))
    col = {name: header.index(name) for name in header if name in ARRIVALS_HEADER}
    body = [(i, r) for i, r in enumerate(rows[1:], start=2)
            if r and any(c.strip() for c in r) and not r[0].strip().startswith("#")]
    if not body:
        raise EmptyFileError(path, "no daily rows", line=1)
    days: list[dt.date] = []
    lines: list[int] = []
    values: dict[str, list[float]] = {"arrivals": [], "departures": [], "occupancy": []}
    for line, row in body:
        if len(row) < len(header):
            raise SchemaError(path, f"row has {len(row)} fields", line=line,
                              expected=f"{len(header)} fields")
        try:
            day = dt.date.fromisoformat(row[col["date"]].strip())
        except ValueError:
            raise ValueError_(path, f"{row[col['date']]!r} is not a date", line=line,
                              field="date", expected="YYYY-MM-DD") from None
        if days and day <= days[-1]:
            raise ValueError_(path, f"{day} is not after {days[-1]}", line=line, field="date",
                              expected="dates in increasing order, one row per day")
        if days and day != days[-1] + dt.timedelta(days=1):
            raise ValueError_(path, f"gap: no rows from {days[-1] + dt.timedelta(days=1)} to "
                              f"{day - dt.timedelta(days=1)}", line=line, field="date",
                              expected="one row per day: a day with no arrivals is a row with 0 "
                                       "(a 0 among busy days is then refused unless kept "
                                       "with --keep DAY)")
        days.append(day)
        lines.append(line)
        for name in values:
            cell = row[col[name]].strip() if name in col else ""
            if name == "arrivals" and not cell:
                raise ValueError_(path, "empty", line=line, field=name, expected="a count")
            values[name].append(np.nan if not cell else
                                _number(path, cell, name, line=line, integer=True))
    return History(days, np.array(values["arrivals"]), np.array(values["departures"]),
                   np.array(values["occupancy"]), path, lines)


TEMPLATE = """\
# sites.yaml for `borderflow plan`.  Every key is below; a key not listed here is refused.
# Figures you have no evidence for are listed under "Assumed" in the plan.
network: My city                 # the name printed on the plan
sites:                           # every shelter site; beds = beds when open
  # kind: permanent (open now), overflow or hotel (closed until opened);
  # lead_time_days: days from deciding to open it until it takes people;
  # open: whether it is open now
  - {name: Main shelter, beds: 300, kind: permanent}
  - {name: Overflow, beds: 200, kind: overflow, lead_time_days: 2, open: false}
  - {name: Hotel rooms, beds: 100, kind: hotel, lead_time_days: 1, open: false}
# nights a person stays: {mean_nights: N}, or {distribution: {0: share, 1: share, ...}},
# or {records: stays.csv} to estimate it from guests' arrival and departure dates
length_of_stay: {mean_nights: 2.0}
# people the city can move on (buses, flights) a day; omit it for no limit; with
# evidence: {value: 250, evidence: "bus contract of ..."}
departures_per_day: 250
# people in the shelters on the last night recorded (if omitted: the last occupancy in
# arrivals.csv; if neither, the plan assumes nobody and lists it under "Assumed")
# occupancy: 280
# days from deciding to add beds at the first permanent site until they take people
# (if omitted, the advice assumes 0: added beds from the plan's first day)
# extra_beds_lead_time_days: 1
# where the figures come from; a figure without a source is listed under "Assumed"
# evidence: {beds: "site survey of ...", length_of_stay: "shelter records of ...",
#            occupancy: "night count of ...", lead_times: "county agreement of ..."}
# relative costs the advice compares options with: a bed at an opened site for one
# night, a bed added at a permanent site for one night, one departure seat for one day
# (if omitted: these defaults, listed under "Assumed")
# costs: {bed_night: 1, extra_bed_night: 1.5, departure: 1}
# with no arrivals.csv: arrivals from the warehouse's forecast of Border Patrol
# encounters in a sector, times the share released to the city
# derive_arrivals: {sector: El Paso, release_share: 0.5}
"""


def write_template(folder: Path) -> list[Path]:
    """Write blank ``sites.yaml`` and ``arrivals.csv`` templates for a coordinator to fill."""
    folder.mkdir(parents=True, exist_ok=True)
    sites = folder / "sites.yaml"
    sites.write_text(TEMPLATE, encoding="utf-8")
    arrivals = folder / "arrivals.csv"
    arrivals.write_text(",".join(ARRIVALS_HEADER) + "\n" + ",".join(ARRIVALS_HXL) + "\n",
                        encoding="utf-8")
    return [sites, arrivals]
