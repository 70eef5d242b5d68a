"""The one owner of the DuckDB warehouse file.

Everything that touches the database goes through :class:`Warehouse`, whose
jobs live one module each: ``connection`` (the file, cursors, the release
catalogue), ``ingest`` (one transaction per call, so a failure or a killed
process leaves the file as it was), ``revisions`` (diffs), and here the reads:
what each family publishes, queries, stitched series and stored forecasts.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from typing import Any

from borderflow import vocab
from borderflow.errors import BorderflowError
from borderflow.i18n import _
from borderflow.sources import FAMILIES
from borderflow.store import schema
from borderflow.store.ingest import Ingest, Progress, expand_paths
from borderflow.store.models import QueryResult, Series
from borderflow.store.query import (
    TIME_KEYS,
    Catalogue,
    FamilyCoverage,
    Query,
    answerable_months,
    build_sql,
    plan,
)
from borderflow.store.revisions import Revisions
from borderflow.store.series import stitch

_MAX_STATES = 64


class Warehouse(Ingest, Revisions):
    """A DuckDB file of every ingested release.

    Args:
        path: the database file, or ``":memory:"``.
        read_only: open without write access (several readers may share a file).
        threads: DuckDB worker threads.
        rollups: answer repeated query shapes from per-month roll-ups
            (``store.rollup``); for a server, where the same shapes come back
            with other periods and values.  Answers are identical either way.

    Reads are thread-safe: each thread gets its own cursor, and the caches
    below are only ever replaced whole.
    """

    def state_of(self, as_of: dt.date | None) -> dt.date | None:
        """The warehouse state an as-of date sees: the newest publication date on or
        before it (``None`` when it sees every release, ``date.min`` when none)."""
        if as_of is None:
            return None
        dates = sorted({r.published for r in self.releases()})
        if not dates or as_of >= dates[-1]:
            return None
        i = bisect_right(dates, as_of)
        return dates[i - 1] if i else dt.date.min

    def catalogue(self, as_of: dt.date | None = None) -> Catalogue:
        """family -> what it publishes (months, releases, values), as of a date."""
        state = self.state_of(as_of)
        with self._cache_lock:
            found = self._catalogues.get(state)
            if found is not None:
                self._catalogues.move_to_end(state)
                return found
        built = self._build_catalogue(state)
        with self._cache_lock:
            self._catalogues[state] = built
            while len(self._catalogues) > _MAX_STATES:
                self._catalogues.popitem(last=False)
        return built

    def _build_catalogue(self, state: dt.date | None) -> Catalogue:
        cur = self._cursor()
        if state is None:
            rows = cur.execute("SELECT family, fy, fm, month, release_id FROM latest").fetchall()
        else:
            rows = cur.execute(
                "SELECT family, fy, fm, month, release_id FROM ("
                + schema.PICK_SQL.format(where="WHERE r.published <= ?") + ")",
                [state]).fetchall()
        if self._value_sets is None:
            sets: dict[tuple[int, str, int], set[tuple[str, str]]] = {}
            for rid, family, fy, dim, value in cur.execute(
                    "SELECT release_id, family, fy, dim, value FROM value_coverage").fetchall():
                sets.setdefault((int(rid), family, int(fy)), set()).add((dim, value))
            self._value_sets = {k: frozenset(v) for k, v in sets.items()}
        value_sets = self._value_sets
        published = {r.release_id: r.published for r in self.releases()}
        picked: dict[str, dict[dt.date, int]] = {}
        values: dict[str, dict[dt.date, frozenset[tuple[str, str]]]] = {}
        empty: frozenset[tuple[str, str]] = frozenset()
        for family, fy, _fm, month, rid in rows:
            months = [month] if month is not None else \
                [vocab.month_start(fy, m) for m in range(1, 13)]
            have = value_sets.get((int(rid), family, int(fy)), empty)
            for m in months:
                picked.setdefault(family, {})[m] = int(rid)
                values.setdefault(family, {})[m] = have
        return {f: FamilyCoverage(picked[f], values[f], published) for f in picked}

    def coverage(self, as_of: dt.date | None = None) -> dict[str, dict[dt.date, int]]:
        """family -> {month: release id} of the newest release (as of a date) per month.

        Annual tables map each month of a covered fiscal year to its release.
        """
        return {f: c.picked for f, c in self.catalogue(as_of).items()}

    def query(self, query: Query, *, _compare: bool = True) -> QueryResult:
        """Answer ``query`` from the one source that fits it best.

        Every month asked for is either answered or named in ``missing``; a
        value a source does not publish is never answered with a zero.  Where
        another publication answers the same months with a different figure
        (a revision across publications), ``notes`` says so.

        Raises:
            QueryError: the query names unknown dimensions or values.
            NoSourceError: no single source can answer it; the message names
                the sources that publish the values asked for, and when.
        """
        catalogue = self.catalogue(query.as_of)
        chosen = plan(query, catalogue)
        picked = catalogue[chosen.spec.family].picked
        sql, params = build_sql(query, chosen, picked)
        cur = self._cursor()
        rolled = None if self._rollups is None else self._rollups.answer(
            cur, query, chosen, picked, self.state_of(query.as_of))
        if rolled is None:
            result = cur.execute(sql, params)
            columns, raw = [d[0] for d in result.description], result.fetchall()
        else:
            columns, raw = rolled
        keys = list(query.group_by)
        rows = sorted((dict(zip(columns, r, strict=True)) for r in raw),
                      key=lambda r: tuple((r[k] is None, r[k]) for k in keys))
        used = sorted(chosen.months)
        if set(query.group_by) <= set(TIME_KEYS):
            rows = _zero_fill(rows, list(query.group_by), used)
        _attach_releases(rows, list(query.group_by), {m: picked[m] for m in used})
        columns.append("releases")
        by_id = {r.release_id: r for r in self.releases()}
        release_ids = sorted({picked[m] for m in used})
        out = QueryResult(
            columns=columns, rows=rows, spec=chosen.spec,
            releases=[by_id[i] for i in release_ids], first=chosen.first,
            last=chosen.last, missing=chosen.missing, as_of=query.as_of,
            sql=sql, params=params, notes=[chosen.reason] if chosen.reason else [],
        )
        if _compare and chosen.runner_up is not None:
            note = self._revision_note(query, out, chosen.runner_up.family)
            if note:
                out.notes.append(note)
        return out

    def newest_month(self, query: Query, up_to: dt.date | None = None) -> dt.date | None:
        """The newest month (not after ``up_to``) that ``query``'s filters and grouping
        can be answered for, by any one source; ``None`` if there is none."""
        months = [m for m in answerable_months(query, self.catalogue(query.as_of))
                  if up_to is None or m <= up_to]
        return max(months) if months else None

    def _revision_note(self, query: Query, result: QueryResult, other: str) -> str | None:
        """How the answer differs from another publication's figure for the same months."""
        try:
            alt = self.query(query.model_copy(update={"source": other}), _compare=False)
        except BorderflowError:
            return None
        if alt.missing != result.missing or alt.total() == result.total():
            return None
        newer = max(r.published for r in result.releases)
        older = max(r.published for r in alt.releases)
        template = _("revises {source}: {figure} in {releases}; {here} here") \
            if newer >= older else _("differs from {source}: {figure} in {releases}; {here} here")
        return template.format(source=alt.spec.title, figure=f"{alt.total():,}",
                               releases=", ".join(r.label for r in alt.releases),
                               here=f"{result.total():,}")

    def series(self, name: str, *, measure: str = "encounters",
               as_of: dt.date | None = None) -> Series:
        """The long monthly series ``name``, stitched and labelled month by month."""
        return stitch(self, name, measure=measure, as_of=as_of)

    def families(self) -> list[str]:
        """Families with data in the warehouse."""
        return sorted(self.coverage())

    def save_forecasts(self, method: str, releases: list[str],
                       rows: list[dict[str, Any]]) -> int:
        """Store forecast rows (series, origin, target, horizon, mean, lo80..hi95) in one
        transaction; returns how many were stored."""
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        with self._lock:
            self._con.execute("BEGIN TRANSACTION")
            try:
                self._con.executemany(
                    "INSERT INTO forecast VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [[now, method, r["origin"], "; ".join(releases), r["series"], r["target"],
                      r["horizon"], r["mean"], r["lo80"], r["hi80"], r["lo95"], r["hi95"]]
                     for r in rows])
                self._con.execute("COMMIT")
            except BaseException:
                self._con.execute("ROLLBACK")
                raise
        return len(rows)

    def forecasts(self) -> list[dict[str, Any]]:
        """Every stored forecast, newest first (none in a warehouse from before forecasts)."""
        exists = self._cursor().execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'forecast'"
        ).fetchall()[0][0]
        if not exists:
            return []
        cur = self._cursor().execute(
            "SELECT * FROM forecast ORDER BY made_at DESC, series, target")
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]

def _period_key(m: dt.date, keys: list[str]) -> tuple[Any, ...]:
    fy, _ = vocab.calendar_to_fiscal(m.year, m.month)
    return tuple({"month": m, "fy": fy, "cy": m.year}[k] for k in keys if k in TIME_KEYS)


def _attach_releases(rows: list[dict[str, Any]], keys: list[str],
                     months: dict[dt.date, int]) -> None:
    """Each row's releases: those publishing the months of its period.

    Every (family, month) comes from one release, so a row's releases follow
    from its time keys alone.
    """
    by_period: dict[tuple[Any, ...], set[int]] = {}
    for m, rid in months.items():
        by_period.setdefault(_period_key(m, keys), set()).add(rid)
    time_keys = [k for k in keys if k in TIME_KEYS]
    for row in rows:
        row["releases"] = sorted(by_period.get(tuple(row[k] for k in time_keys), set()))


def _zero_fill(rows: list[dict[str, Any]], keys: list[str],
               months: list[dt.date]) -> list[dict[str, Any]]:
    """Sparse publications omit zero cells: give covered periods with no rows a zero."""

    def key_of(m: dt.date) -> tuple[Any, ...]:
        return _period_key(m, keys)

    have = {tuple(r[k] for k in keys) for r in rows}
    wanted = list(dict.fromkeys(key_of(m) for m in months)) if months else [()]
    if not keys and rows:
        return rows
    for k in wanted:
        if k not in have:
            rows.append({**dict(zip(keys, k, strict=True)), "encounters": 0})
            have.add(k)
    rows.sort(key=lambda r: tuple(r[k] for k in keys))
    return rows


__all__ = ["FAMILIES", "Progress", "Warehouse", "expand_paths"]
