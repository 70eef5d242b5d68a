"""The one typed query of the warehouse, and the planner that picks its source.

A :class:`Query` asks for encounters filtered and grouped by canonical
dimensions over a period, optionally as published by a date.  The planner
answers it from exactly one family (one table of one publication) that has
every dimension asked for, whose scope matches (the OHSS workbook only counts
Border Patrol, the southwest file only the southwest), and that covers the
period best; it never adds two families together, because they count the same
encounters.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from borderflow import vocab
from borderflow.errors import NoSourceError, QueryError
from borderflow.i18n import _
from borderflow.sources import DIMENSIONS, FAMILIES, FamilySpec, publication_title

TIME_KEYS: tuple[str, ...] = ("month", "fy", "cy")
#: Periods are bounded so a query's list of months stays small.
MIN_YEAR, MAX_YEAR = 1950, 2100
GROUPABLE: tuple[str, ...] = (*DIMENSIONS, "citizenship_group")
_GROUP_EXPR = "CASE WHEN o.citizenship IN ('El Salvador', 'Guatemala', 'Honduras', 'Mexico') " \
              "THEN o.citizenship ELSE 'Other' END"


def dimension_expr(dim: str) -> str:
    """SQL for a dimension or time key over ``observation o``."""
    if dim == "citizenship_group":
        return _GROUP_EXPR
    if dim == "cy":
        return "year(o.month)"
    return f"o.{dim}"


def _canonical_value(dim: str, raw: str) -> str:
    if dim == "area":
        text = raw.strip()
        if (sector := vocab.canonical(vocab.SECTOR_ALIASES, text)) is not None:
            return sector
        if text.upper() in vocab.US_STATES:
            return text.upper()
        for suffix in (" field office", " fo"):
            if text.lower().endswith(suffix):
                return vocab.title_fallback(text[: -len(suffix)].strip())
        return vocab.title_fallback(text)
    table = vocab.DIMENSION_ALIASES.get(dim)
    if table is None:
        raise QueryError(_unknown_dimension(dim))
    if dim == "citizenship" and " ".join(raw.split()).lower() == "other":
        raise QueryError(vocab.AMBIGUOUS_OTHER)
    value = vocab.canonical(table, raw)
    if value is None:
        if dim == "citizenship":
            return vocab.title_fallback(raw)  # an unknown country simply matches nothing
        choices = sorted(set(table.values()))
        raise QueryError(_("unknown {dimension} {value}; choose from {choices}").format(
            dimension=dim, value=repr(raw), choices=", ".join(choices)))
    return value


def _unknown_dimension(dim: str) -> str:
    return _("unknown dimension {dimension}; choose from {choices}").format(
        dimension=repr(dim), choices=", ".join(GROUPABLE))


class Query(BaseModel):
    """Encounters, filtered, grouped and bounded in time, optionally as of a date.

    Attributes:
        filters: dimension -> accepted values (aliases such as ``sw``, ``UAC``,
            ``Border Patrol`` are understood).
        group_by: dimensions and/or time keys (``month``, ``fy``, ``cy``).
        start, end: first and last calendar month (inclusive).
        fiscal_years: alternatively, whole fiscal years.
        as_of: use only releases published on or before this date.
        source: force a family (``cbp_sbo``) or a publication (``ohss_khsm``).
    """

    model_config = ConfigDict(frozen=True)

    filters: dict[str, tuple[str, ...]] = {}
    group_by: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    fiscal_years: tuple[int, ...] | None = None
    as_of: dt.date | None = None
    source: str | None = None

    @field_validator("filters", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: (v,) if isinstance(v, str) else tuple(v) for k, v in value.items()}
        return value

    @field_validator("start", "end")
    @classmethod
    def _month_start(cls, value: dt.date | None) -> dt.date | None:
        return value.replace(day=1) if value else value

    @model_validator(mode="after")
    def _canonicalise(self) -> Query:
        filters: dict[str, tuple[str, ...]] = {}
        for dim, values in self.filters.items():
            if dim not in GROUPABLE:
                raise QueryError(_unknown_dimension(dim))
            if not values:
                raise QueryError(_("filter on {dimension} has no values").format(dimension=dim))
            filters[dim] = tuple(dict.fromkeys(_canonical_value(dim, v) for v in values))
        if "area" in filters and "area_type" not in filters:
            # "El Paso field office" and "El Paso sector" say which they mean
            said = {("field_office" if v.lower().rstrip().endswith("field office") else
                     "sector" if v.lower().rstrip().endswith("sector") else "")
                    for v in self.filters["area"]} - {""}
            filters["area_type"] = (said.pop(),) if len(said) == 1 else (
                _infer_area_type(filters["area"], filters.get("component", ())),)
        for g in self.group_by:
            if g not in GROUPABLE and g not in TIME_KEYS:
                raise QueryError(_("cannot group by {dimension}; choose from {choices}").format(
                    dimension=repr(g), choices=", ".join(GROUPABLE + TIME_KEYS)))
        group_by = tuple(dict.fromkeys(self.group_by))
        if "area" in group_by and "area_type" not in group_by and "area_type" not in filters:
            group_by = ("area_type", *group_by)
        for year in [*(self.fiscal_years or ()), *(d.year for d in (self.start, self.end) if d)]:
            if not MIN_YEAR <= year <= MAX_YEAR:
                raise QueryError(_("year {year} is out of range; ask for {first} to {last}").format(
                    year=year, first=MIN_YEAR, last=MAX_YEAR))
        if self.as_of and self.as_of > dt.date.today():
            # "what had been published by" a day not yet come has no answer: the newest
            # figures are what leaving the date out gives
            raise QueryError(_("as-of date {date} is after today ({today}); leave it out for "
                               "the newest figures").format(date=self.as_of,
                                                            today=dt.date.today()))
        if self.fiscal_years is not None and (self.start or self.end):
            raise QueryError(_("give either fiscal years or a start/end month, not both"))
        if self.start and self.end and self.start > self.end:
            raise QueryError(_("start {start} is after end {end}").format(
                start=f"{self.start:%Y-%m}", end=f"{self.end:%Y-%m}"))
        object.__setattr__(self, "filters", filters)
        object.__setattr__(self, "group_by", group_by)
        return self

    def months(self) -> tuple[dt.date | None, dt.date | None]:
        """The requested (first, last) month; ``None`` where open."""
        if self.fiscal_years:
            return (vocab.month_start(min(self.fiscal_years), 1),
                    vocab.month_start(max(self.fiscal_years), 12))
        return self.start, self.end

    @property
    def dims_used(self) -> set[str]:
        """Categorical dimensions the query filters or groups on."""
        return {d for d in (*self.filters, *self.group_by) if d not in TIME_KEYS}


def _infer_area_type(areas: tuple[str, ...], components: tuple[str, ...] = ()) -> str:
    """The area type the names mean; a name that is both a sector and a field office
    (El Paso, Laredo...) takes its meaning from the component, or is refused."""
    sectors = {s.name for s in vocab.SECTORS}
    if set(components) == {vocab.OFO}:
        return "field_office"
    if all(a in sectors for a in areas):
        both = sorted(set(areas) & vocab.SECTOR_AND_FIELD_OFFICE)
        if both and set(components) != {vocab.USBP}:
            raise QueryError(_(
                "{areas} is both a Border Patrol sector and a Field Operations field office: "
                "add area_type=sector (or component=USBP) or area_type=field_office (or "
                "component=OFO)").format(areas=", ".join(both)))
        return "sector"
    if all(a in vocab.US_STATES for a in areas):
        return "state"
    if not any(a in sectors or a in vocab.US_STATES for a in areas):
        return "field_office"

    def kind(a: str) -> str:
        return _("sector") if a in sectors else _("state") if a in vocab.US_STATES else \
            _("neither a sector nor a state: a field office?")

    kinds = [f"{a} ({kind(a)})" for a in areas]
    raise QueryError(_("the areas mix sectors, states and field offices: {areas}; ask for one "
                       "kind at a time, or add area_type=sector, state or field_office").format(
        areas=", ".join(kinds)))


@dataclass(frozen=True)
class FamilyCoverage:
    """What one family publishes, as of one date.

    Attributes:
        picked: month -> the release that publishes it (the newest, as of the date).
        values: month -> the (dimension, value) pairs that release publishes in
            that month's fiscal year.  A value absent here is *not published*,
            which is not the same as zero.
        published: release id -> publication date.
    """

    picked: dict[dt.date, int]
    values: dict[dt.date, frozenset[tuple[str, str]]]
    published: dict[int, dt.date]

    def answerable(self, needed: frozenset[tuple[str, str]]) -> frozenset[dt.date]:
        """Months in which every (dimension, value) in ``needed`` is published."""
        if not needed:
            return frozenset(self.picked)
        # the set difference runs in C; only the few pairs a month lacks are looked at
        return frozenset(m for m, have in self.values.items()
                         if not (lack := needed - have)
                         or all(vocab.known_zero(*p, m) for p in lack))


#: family -> its coverage (as of one date)
Catalogue = dict[str, FamilyCoverage]


def needed_values(spec: FamilySpec, query: Query) -> frozenset[tuple[str, str]]:
    """The (dimension, value) pairs ``spec`` must publish to answer ``query``'s filters.

    A fixed dimension is checked by :func:`why_not`; ``citizenship_group=Other`` is
    the residual of any list of countries, so it needs nothing.
    """
    out: set[tuple[str, str]] = set()
    for dim, values in query.filters.items():
        if dim == "citizenship_group":
            out.update(("citizenship", v) for v in values if v != vocab.OTHER_CITIZENSHIP)
        elif dim in spec.dims:
            out.update((dim, v) for v in values)
    return frozenset(out)


def _whole_fiscal_years(query: Query) -> bool:
    if query.fiscal_years:
        return True
    return bool(query.start and query.end and query.start.month == 10
                and query.end.month == 9)


def why_not(spec: FamilySpec, query: Query) -> str | None:
    """Why ``spec`` cannot answer ``query`` whatever its months, or ``None`` if it may."""
    for dim in sorted(query.dims_used):
        if not spec.can_group(dim):
            return _("has no {dimension} breakdown").format(dimension=dim)
    for dim, value in spec.fixed.items():
        wanted = query.filters.get(dim)
        if wanted is None:
            return _("counts {dimension} {value} only (add {dimension}={value} to ask for "
                     "that)").format(dimension=dim, value=value)
        if set(wanted) != {value}:
            return _("counts {dimension} {value} only").format(dimension=dim, value=value)
    if spec.time_grain == "year":
        if query.source is None:
            return _("is annual (ask for it with source=)")
        if set(query.group_by) & {"month", "cy"}:
            return _("is annual: it has no months or calendar years")
        if not _whole_fiscal_years(query) and (query.start or query.end):
            return _("is annual: it answers whole fiscal years only (Oct to Sep)")
    return None


@dataclass
class Plan:
    """The family chosen to answer a query and the months it will use.

    Attributes:
        months: the months summed (each answered by the chosen family).
        missing: months asked for that the family does not publish (for the
            values asked for); never answered, always named.
        reason: why this family was chosen, in words.
        runner_up: the next-best family that answers exactly the same months
            (its figure is compared, to report revisions across publications).
    """

    spec: FamilySpec
    months: frozenset[dt.date]
    missing: list[dt.date] = field(default_factory=list)
    reason: str = ""
    runner_up: FamilySpec | None = None

    @property
    def first(self) -> dt.date | None:
        return min(self.months) if self.months else None

    @property
    def last(self) -> dt.date | None:
        return max(self.months) if self.months else None


def _describe_values(needed: frozenset[tuple[str, str]]) -> str:
    return ", ".join(f"{d} {v}" for d, v in sorted(needed))


def published_values(catalogue: Catalogue) -> dict[str, set[str]]:
    """dimension -> every value some release in the catalogue publishes."""
    sets = {id(s): s for cov in catalogue.values() for s in cov.values.values()}
    out: dict[str, set[str]] = {}
    for pairs in sets.values():
        for dim, value in pairs:
            out.setdefault(dim, set()).add(value)
    return out


def unknown_values(query: Query, catalogue: Catalogue) -> list[str]:
    """For each filter value no release publishes, a sentence naming the nearest values and
    every value there is (a query answers from one source and period, so grouping by the
    dimension would not list them all)."""
    published = published_values(catalogue)
    out = []
    for dim, values in query.filters.items():
        known = published.get(dim)
        if not known or dim == "area_type":
            continue
        for value in values:
            if value not in known:
                out.append(_choices(dim, value, known))
    return out


def _choices(dim: str, value: str, known: set[str]) -> str:
    by_lower = {k.lower(): k for k in known}
    near = [by_lower[k] for k in difflib.get_close_matches(value.lower(), by_lower, n=5,
                                                          cutoff=0.6)]
    text = _("no source publishes {dimension} {value}").format(dimension=dim, value=value)
    if near:
        text += _(" (nearest: {values})").format(values=", ".join(near))
    if dim == "area":
        states = sorted(k for k in known if k in vocab.US_STATES)
        names = sorted(k for k in known if k not in vocab.US_STATES)
        kinds = ([_("the Border Patrol sectors and Field Operations field offices {names}")
                  .format(names=", ".join(names))] if names else []) + (
            [_("the states by their two-letter codes {codes}").format(codes=", ".join(states))]
            if states else [])
        return text + _("; the areas are {kinds}").format(kinds=_(", and ").join(kinds))
    return text + _("; choose from {choices}").format(choices=", ".join(sorted(known)))


def _span(months: frozenset[dt.date] | set[dt.date]) -> str:
    return _("{first} to {last}").format(first=f"{min(months):%Y-%m}", last=f"{max(months):%Y-%m}")


def _preference(spec: FamilySpec) -> tuple[int, int, int]:
    """Official over transcription, then unrounded over rounded, then the stated priority."""
    return (0 if spec.official else 1, 0 if spec.rounding == 1 else 1, spec.priority)


def _quality(spec: FamilySpec) -> str:
    rounding = "" if "rounded" in spec.title else \
        _(", unrounded") if spec.rounding == 1 else _(", rounded to {unit}").format(
            unit=spec.rounding)
    return (_("official") if spec.official else _("a third-party transcription")) + rounding


def wanted_months(query: Query) -> set[dt.date] | None:
    """Every month the query asks for, or ``None`` when a side of the period is open."""
    if query.fiscal_years:
        return {vocab.month_start(fy, fm) for fy in query.fiscal_years for fm in range(1, 13)}
    if query.start and query.end:
        return set(vocab.month_range(query.start, query.end))
    return None


def plan(query: Query, catalogue: Catalogue) -> Plan:
    """Choose the one family that answers ``query`` best.

    A family answers a month only if it publishes every value asked for in
    that month.  Among the families that may answer, the one answering most
    of the months asked for wins; ties go to official over transcription,
    unrounded over rounded, the newest publication, then the stated priority.
    Months asked for and not answered are named in ``missing``; an explicit
    period is never trimmed to the data.

    Raises:
        NoSourceError: no family has the dimensions and scope, or none
            publishes the values asked for in any month asked for (the
            message names the families that do publish them, and when).
    """
    specs = [FAMILIES[f] for f in catalogue if f in FAMILIES and catalogue[f].picked]
    if not specs:
        raise NoSourceError(_("no release in the warehouse had been published by {date}").format(
            date=query.as_of) if query.as_of else _("the warehouse holds no releases"))
    if query.source:
        specs = [s for s in specs if query.source in (s.family, s.source_kind)]
        if not specs:
            raise NoSourceError(f"no data from source {query.source!r} in this warehouse"
                                + (f" as of {query.as_of}" if query.as_of else ""))
    reasons = {s.family: r for s in specs if (r := why_not(s, query)) is not None}
    candidates = [s for s in specs if s.family not in reasons]
    if not candidates:
        detail = "; ".join(f"{f} {r}" for f, r in sorted(reasons.items()))
        raise NoSourceError(_("no single source can answer this query: {reasons}").format(
            reasons=detail or _("no data")))
    answers = {s.family: catalogue[s.family].answerable(needed_values(s, query))
               for s in candidates}
    wanted = wanted_months(query)
    if wanted is None:  # an open side: clip it to what the candidates publish
        every = frozenset().union(*answers.values())
        wanted = {m for m in every if (query.start is None or m >= query.start)
                  and (query.end is None or m <= query.end)}

    def newest_release(s: FamilySpec) -> int:
        cov = catalogue[s.family]
        used = wanted & answers[s.family]
        return max((cov.published[cov.picked[m]].toordinal() for m in used), default=0)

    def score(s: FamilySpec) -> tuple[Any, ...]:
        pref = _preference(s)
        return (-len(wanted & answers[s.family]), pref[0], pref[1], -newest_release(s),
                pref[2], len(s.dims))

    ranked = sorted(candidates, key=score)
    best = ranked[0]
    used = frozenset(wanted & answers[best.family])
    if not used:
        raise _refusal(query, catalogue, wanted=wanted)
    missing = sorted(wanted - used)
    reason = _("{source} ({quality}) answers {used} of the {wanted} months asked for").format(
        source=best.title, quality=_quality(best), used=len(used), wanted=len(wanted))
    runner = next((s for s in ranked[1:] if wanted & answers[s.family] == used), None)
    # Only another unrounded official publication can revise the figure; the rest differ
    # by rounding or by transcription, which the reason already says.
    comparable = runner is not None and runner.source_kind != best.source_kind and \
        _preference(runner)[:2] == _preference(best)[:2] == (0, 0)
    if runner is not None:
        if _preference(runner)[:2] != _preference(best)[:2]:
            reason += _("; preferred to {source} ({quality})").format(
                source=runner.title, quality=_quality(runner))
        elif newest_release(runner) < newest_release(best):
            reason += _("; published after {source}").format(source=runner.title)
    return Plan(best, used, missing, reason, runner if comparable else None)


def answerable_months(query: Query, catalogue: Catalogue) -> set[dt.date]:
    """Every month some one family could answer ``query``'s filters and grouping for."""
    out: set[dt.date] = set()
    for family, cov in catalogue.items():
        spec = FAMILIES.get(family)
        if spec is None or why_not(spec, query) is not None:
            continue
        if query.source and query.source not in (spec.family, spec.source_kind):
            continue
        out |= cov.answerable(needed_values(spec, query))
    return out


def _refusal(query: Query, catalogue: Catalogue, wanted: set[dt.date] | None) -> NoSourceError:
    """Why nothing answers: which families publish the values asked for, and when."""
    first, last = query.months()
    period = _describe(first, last) if (first or last) else _("any month")
    # one line per publication and reason (the OHSS workbook's 17 tables are one line),
    # named by title, never by internal id
    groups: dict[tuple[str, str], set[dt.date]] = {}
    covered: set[dt.date] = set()  # months some family has the values for
    for family in sorted(catalogue):
        spec = FAMILIES.get(family)
        if spec is None or not catalogue[family].picked:
            continue
        if any(not spec.can_group(d) for d in query.filters):
            continue  # it cannot even filter on what was asked
        if any(dim in query.filters and value not in query.filters[dim]
               for dim, value in spec.fixed.items()):
            continue  # e.g. a southwest-only table, asked about another region
        months = catalogue[family].answerable(needed_values(spec, query))
        if not months:
            continue
        covered |= months
        groups.setdefault((spec.source_kind, why_not(spec, query) or ""), set()).update(months)
    unknown = unknown_values(query, catalogue)
    if unknown:  # a value no publication has at all: say which values there are
        return NoSourceError("; ".join(unknown))
    asked = _describe_values(frozenset((d, v) for d, vs in query.filters.items() for v in vs))
    head = _("no source publishes {values} for {period}").format(
        values=asked or _("these figures"), period=period)
    if covered and wanted and (min(wanted) > max(covered) or max(wanted) < min(covered)):
        # the period lies wholly outside the data: say where the data are, in one line
        sources = "; ".join(sorted({publication_title(kind) for kind, _scope in groups}))
        return NoSourceError(head + _(": the figures asked for run from {first} to {last} in "
                                      "this warehouse ({sources})").format(
            first=f"{min(covered):%Y-%m}", last=f"{max(covered):%Y-%m}", sources=sources)
            + (_(", as published by {date}").format(date=query.as_of) if query.as_of else ""))
    if not groups:
        return NoSourceError(head + _(": no publication in the warehouse has these values"))
    lines = [_("{source} has them for {span}").format(source=publication_title(kind),
                                                       span=_span(months))
             + (_(" but {reason}").format(reason=scope) if scope else "")
             for (kind, scope), months in sorted(groups.items(), key=lambda g: max(g[1]),
                                                reverse=True)]
    return NoSourceError(head + "; " + "; ".join(lines))


def _describe(first: dt.date | None, last: dt.date | None) -> str:
    return f"{first:%Y-%m}" if first == last and first else \
        f"{first:%Y-%m} .. {last:%Y-%m}" if first and last else \
        _("from {month}").format(month=f"{first:%Y-%m}") if first else \
        _("up to {month}").format(month=f"{last:%Y-%m}") if last else _("this period")


def in_period(chosen: Plan, month: dt.date) -> bool:
    """Whether ``month`` is one the plan sums."""
    return month in chosen.months


def _runs(months: dict[dt.date, int]) -> list[tuple[int, dt.date, dt.date]]:
    """Consecutive months published by the same release: (release, first, last)."""
    runs: list[tuple[int, dt.date, dt.date]] = []
    for m in sorted(months):
        rid = months[m]
        if runs and runs[-1][0] == rid and vocab.add_months(runs[-1][2], 1) == m:
            runs[-1] = (rid, runs[-1][1], m)
        else:
            runs.append((rid, m, m))
    return runs


def build_sql(query: Query, chosen: Plan,
              picked: dict[dt.date, int]) -> tuple[str, list[Any]]:
    """SQL and parameters that answer ``query`` from the chosen family only.

    Rows come back unordered (the caller sorts the few groups in Python, which
    is cheaper than DuckDB's sort operator at this size).

    Args:
        picked: month -> the release that publishes it (newest, or as of the
            query's date); the SQL reads exactly those rows, so "latest" and
            "as of" queries cost the same.
    """
    keys = list(query.group_by)
    in_range = {m: r for m, r in picked.items() if m in chosen.months}
    # One simple range scan per run of months from the same release, so DuckDB can
    # prune row groups by release and month (an OR of ranges defeats that).
    parts: list[tuple[str, list[Any]]] = []
    if chosen.spec.time_grain == "year":
        years = sorted(query.fiscal_years or {vocab.calendar_to_fiscal(m.year, m.month)[0]
                                              for m in in_range})
        for rid, fy in sorted({(r, vocab.calendar_to_fiscal(m.year, m.month)[0])
                               for m, r in in_range.items()}):
            if fy in years:
                parts.append(("o.release_id = ? AND o.fy = ?", [rid, fy]))
    else:
        for rid, lo, hi in _runs(in_range):
            parts.append(("o.release_id = ? AND o.month BETWEEN ? AND ?", [rid, lo, hi]))
    filters: list[str] = []
    filter_params: list[Any] = []
    for dim, values in sorted(query.filters.items()):
        filters.append(f"{dimension_expr(dim)} IN (" + ", ".join("?" * len(values)) + ")")
        filter_params.extend(values)
    if len(parts) <= 1:  # the common case: one scan, grouped directly
        clause, only = parts[0] if parts else ("FALSE", [])
        group = ", ".join(dimension_expr(k) for k in keys)
        sql = ("SELECT " + "".join(f"{dimension_expr(k)} AS {k}, " for k in keys)
               + "coalesce(sum(o.count), 0)::BIGINT AS encounters"
               + " FROM observation o WHERE o.family = ? AND "
               + clause + "".join(f" AND {f}" for f in filters)
               + (f" GROUP BY {group}" if keys else ""))
        return sql, [chosen.spec.family, *only, *filter_params]
    select = ", ".join([*(f"{dimension_expr(k)} AS {k}" for k in keys), "o.count"])
    params: list[Any] = []
    scans: list[str] = []
    for clause, run_values in parts:
        scans.append(f"SELECT {select} FROM observation o WHERE o.family = ? AND {clause}"
                     + "".join(f" AND {f}" for f in filters))
        params += [chosen.spec.family, *run_values, *filter_params]
    key_list = ", ".join(keys)
    sql = (
        "SELECT " + (key_list + ", " if keys else "")
        + "coalesce(sum(count), 0)::BIGINT AS encounters"
        + "\nFROM (" + "\n  UNION ALL ".join(scans) + ")"
        + (f"\nGROUP BY {key_list}" if keys else "")
    )
    return sql, params
