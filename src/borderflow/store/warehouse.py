"""The one owner of the DuckDB warehouse file.

Everything that touches the database goes through :class:`Warehouse`: ingest
(one transaction per call, so a failure or a killed process leaves the file as
it was), the release catalogue, queries, diffs and stitched series.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import pyarrow.compute as pc

from borderflow import vocab
from borderflow.errors import BorderflowError, DuplicateReleaseError, ReleaseNotFoundError
from borderflow.sources import DIMENSIONS, FAMILIES, FamilySpec, ParsedRelease, detect, read_with
from borderflow.store import schema
from borderflow.store.models import (
    CellChange,
    Diff,
    FileOutcome,
    IngestReport,
    QueryResult,
    Release,
    Series,
)
from borderflow.store.query import (
    TIME_KEYS,
    Catalogue,
    FamilyCoverage,
    Query,
    answerable_months,
    build_sql,
    plan,
)
from borderflow.store.rollup import Rollups
from borderflow.store.series import stitch

#: progress(stage, done, total, file name)
Progress = Callable[[str, int, int, str], None]

_MONTH_SQL = ("CASE WHEN fm = 0 THEN NULL ELSE make_date(CASE WHEN fm <= 3 THEN fy - 1 ELSE fy "
              "END, CASE WHEN fm <= 3 THEN fm + 9 ELSE fm - 3 END, 1) END")
_DIMS = DIMENSIONS
_MAX_STATES = 64
_KEY_DIMS = ("region", "component", "area_type", "area", "demographic", "citizenship",
             "authority", "encounter_type")


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files named, and every file under folders named, sorted, without duplicates."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*") if q.is_file()))
        elif p.exists():
            out.append(p)
        else:
            raise BorderflowError(f"{p}: no such file or folder")
    return list(dict.fromkeys(out))


class Warehouse:
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

    def __init__(self, path: Path | str = ":memory:", *, read_only: bool = False,
                 threads: int = 1, rollups: bool = False) -> None:
        self.path = path
        if isinstance(path, Path):
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # One thread: these queries touch a few thousand rows, where DuckDB's
            # parallel scheduling costs more than it saves (measured in benchmarks/).
            self._con = duckdb.connect(str(path), read_only=read_only,
                                       config={"threads": threads})
        except duckdb.Error as exc:
            raise BorderflowError(f"cannot open the warehouse {path}: {exc}") from exc
        self._local = threading.local()
        self._lock = threading.Lock()  # writers
        self._cache_lock = threading.Lock()  # the catalogue cache
        # Keyed by warehouse state (as-of dates that see the same releases share one),
        # so any number of distinct as-of dates costs at most _MAX_STATES entries.
        self._catalogues: OrderedDict[dt.date | None, Catalogue] = OrderedDict()
        self._value_sets: dict[tuple[int, str, int], frozenset[tuple[str, str]]] | None = None
        self._release_cache: dict[int, Release] | None = None
        self._rollups = Rollups() if rollups else None
        if not read_only:
            schema.ensure_schema(self._con)
        else:
            schema.check_readable(self._con, path)

    # ------------------------------------------------------------ lifecycle
    def close(self) -> None:
        """Close the connection; the object cannot be used afterwards."""
        self._con.close()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of this thread's own (DuckDB connections are not shared across threads)."""
        cur: duckdb.DuckDBPyConnection | None = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._con.cursor()
            self._local.cursor = cur
        return cur

    def _invalidate(self) -> None:
        with self._cache_lock:
            self._catalogues.clear()
        self._value_sets = None
        self._release_cache = None
        if self._rollups is not None:
            self._rollups.clear()
        self._local = threading.local()

    # ------------------------------------------------------------ ingest
    def ingest(
        self,
        paths: Sequence[Path | str],
        *,
        progress: Progress | None = None,
        on_duplicate: str = "skip",
        origin: str | None = None,
        published: dt.date | None = None,
        workers: int = 2,
    ) -> IngestReport:
        """Read every recognised file under ``paths`` and store each as a new release.

        Every file is read and validated before anything is written, and all of
        them are written in one transaction: on any error the warehouse is left
        exactly as it was.

        Args:
            on_duplicate: ``skip`` files whose bytes are already a release, or ``error``.
            origin: where the files came from (a URL), recorded with each release.
            published: override the publication date of every file in this call.

        Raises:
            InputError: a recognised file is defective (nothing is written).
            DuplicateReleaseError: with ``on_duplicate='error'``.
        """
        files = expand_paths(Path(p) for p in paths)
        report = IngestReport()
        known = {sha: (rid, name) for rid, sha, name in self._cursor().execute(
            "SELECT release_id, sha256, file_name FROM release").fetchall()}
        todo: list[tuple[Path, bytes, Any]] = []
        seen: dict[str, Path] = {}
        for path in files:
            found = detect(path)
            if found.reader is None:
                report.files.append(FileOutcome(path, "unrecognised", found.reason))
                continue
            data = path.read_bytes()
            sha = hashlib.sha256(data).hexdigest()
            if sha in known or sha in seen:
                rid, name = known.get(sha, (0, seen.get(sha, path).name))
                if on_duplicate == "error":
                    raise DuplicateReleaseError(path, rid, name)
                report.files.append(FileOutcome(
                    path, "unchanged",
                    f"already ingested as release {rid}" if rid else f"same bytes as {name}",
                    release_id=rid or None))
                continue
            seen[sha] = path
            todo.append((path, data, found.reader))
        # Release ids follow publication order, whatever order the files were found in.
        parsed = sorted(self._read_all(todo, progress, workers),
                        key=lambda p: (p.published if published is None else published,
                                       p.path.name))
        if parsed:
            ids = self._write(parsed, origin=origin, published=published, progress=progress)
            for p, rid in zip(parsed, ids, strict=True):
                report.files.append(FileOutcome(
                    p.path, "ingested", p.source_kind, release_id=rid,
                    observations=p.table.num_rows,
                    unknowns=[f"{u.field}: {u.raw!r} kept as {u.kept_as!r} ({u.rows} rows, "
                              f"first at line {u.first_line})" for u in p.unknowns]))
        order = {p: i for i, p in enumerate(files)}
        report.files.sort(key=lambda f: order.get(f.path, 0))
        return report

    def _read_all(self, todo: list[tuple[Path, bytes, Any]], progress: Progress | None,
                  workers: int) -> list[ParsedRelease]:
        done = 0

        def one(item: tuple[Path, bytes, Any]) -> ParsedRelease:
            path, data, reader = item
            return read_with(reader, path, data)

        out: list[ParsedRelease] = []
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            for parsed in pool.map(one, todo):
                done += 1
                if progress:
                    progress("read", done, len(todo), parsed.path.name)
                out.append(parsed)
        return out

    def _write(self, parsed: list[ParsedRelease], *, origin: str | None,
               published: dt.date | None, progress: Progress | None) -> list[int]:
        con = self._con
        ids: list[int] = []
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        with self._lock:
            con.execute("BEGIN TRANSACTION")
            try:
                for i, p in enumerate(parsed, start=1):
                    ids.append(self._write_one(p, now, origin, published))
                    if progress:
                        progress("write", i, len(parsed), p.path.name)
                schema.rebuild_latest(con)
                schema.record_families(con)
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            finally:
                self._invalidate()
        return ids

    def _write_one(self, p: ParsedRelease, now: dt.datetime, origin: str | None,
                   published: dt.date | None) -> int:
        con = self._con
        rid = int(con.execute("SELECT nextval('release_id_seq')").fetchall()[0][0])
        con.register("_incoming", p.table)
        try:
            con.execute(
                f"INSERT INTO observation SELECT ?, family, line, fy, fm, {_MONTH_SQL}, "
                + ", ".join(_KEY_DIMS) + ", count FROM _incoming "
                # sorted so each block of rows spans few families, months and regions:
                # DuckDB then skips most blocks of a query by their min/max statistics
                "ORDER BY family, fy, fm, region", [rid])
            con.execute(
                f"INSERT INTO coverage SELECT DISTINCT ?, family, fy, fm, {_MONTH_SQL} "
                "FROM _incoming", [rid])
            con.execute(schema.value_coverage_sql("_incoming"), [rid] * len(_DIMS))
        finally:
            con.unregister("_incoming")
        span = con.execute(
            "SELECT min(month), max(month) FROM coverage WHERE release_id = ?", [rid]).fetchall()
        start, end = span[0]
        if start is None:  # an annual-only file
            fy = p.table["fy"]
            start = vocab.month_start(int(pc.min(fy).as_py()), 1)
            end = vocab.month_start(int(pc.max(fy).as_py()), 12)
        con.execute(
            "INSERT INTO release VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [rid, p.source_kind, p.path.name, p.sha256, p.size, p.rows_read, p.table.num_rows,
             int(pc.sum(p.table["count"]).as_py() or 0), start, end,
             published or p.published, p.published_inferred and published is None, now,
             origin or str(p.path), "; ".join(p.notes)])
        for u in p.unknowns:
            con.execute("INSERT INTO unknown_value VALUES (?, ?, ?, ?, ?, ?)",
                        [rid, u.field, u.raw, u.kept_as, u.rows, u.first_line])
        return rid

    # ------------------------------------------------------------ catalogue
    def releases(self) -> list[Release]:
        """Every release, oldest publication first."""
        if self._release_cache is None:
            cur = self._cursor()
            rows = cur.execute("SELECT * FROM release ORDER BY published, release_id").fetchall()
            self._release_cache = {int(r[0]): Release(*r) for r in rows}
        return list(self._release_cache.values())

    def release(self, ref: int | str) -> Release:
        """A release by id (``3`` or ``#3``) or by file name.

        Raises:
            ReleaseNotFoundError: nothing matches, or a file name matches several releases.
        """
        text = str(ref).lstrip("#")
        releases = self.releases()
        if text.isdigit():
            for r in releases:
                if r.release_id == int(text):
                    return r
        matches = [r for r in releases if r.file_name == text]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise ReleaseNotFoundError(
                f"{text!r} names {len(matches)} releases; use an id: "
                + ", ".join(m.label for m in matches))
        raise ReleaseNotFoundError(f"no release {text!r}; `borderflow releases` lists them")

    def unknown_values(self) -> list[tuple[int, str, str, str, int, int]]:
        """Category labels no vocabulary knew, per release (kept in the data as shown)."""
        rows = self._cursor().execute(
            "SELECT * FROM unknown_value ORDER BY release_id, field, raw").fetchall()
        return [(int(a), str(b), str(c), str(d), int(e), int(f)) for a, b, c, d, e, f in rows]

    def verify(self) -> list[str]:
        """Consistency problems (empty when the warehouse is sound).

        Every release's stored rows must match its recorded row count and
        total, and the ``latest`` table must agree with a fresh computation.
        """
        cur = self._cursor()
        problems = [
            f"release {rid}: {n} rows / {t} encounters stored, {n0} / {t0} recorded"
            for rid, n, t, n0, t0 in cur.execute("""
                SELECT r.release_id, coalesce(o.n, 0), coalesce(o.t, 0), r.observations,
                       r.total_count
                FROM release r LEFT JOIN (SELECT release_id, count(*) n, sum(count) t
                                          FROM observation GROUP BY release_id) o
                USING (release_id)
                WHERE coalesce(o.n, 0) <> r.observations OR coalesce(o.t, 0) <> r.total_count
            """).fetchall()
        ]
        orphans = cur.execute("SELECT count(*) FROM observation WHERE release_id NOT IN "
                              "(SELECT release_id FROM release)").fetchall()[0][0]
        if orphans:
            problems.append(f"{orphans} observations belong to no release")
        stale = cur.execute(
            "SELECT count(*) FROM ((SELECT * FROM latest) EXCEPT ("
            + schema.PICK_SQL.format(where="") + "))").fetchall()[0][0]
        if stale:
            problems.append(f"{stale} entries of the latest table are stale")
        return problems

    # ------------------------------------------------------------ queries
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
        verb = "revises" if newer >= older else "differs from"
        return (f"{verb} {alt.spec.title}: {alt.total():,} in "
                + ", ".join(r.label for r in alt.releases)
                + f"; {result.total():,} here")

    def series(self, name: str, *, measure: str = "encounters",
               as_of: dt.date | None = None) -> Series:
        """The long monthly series ``name``, stitched and labelled month by month."""
        return stitch(self, name, measure=measure, as_of=as_of)

    def families(self) -> list[str]:
        """Families with data in the warehouse."""
        return sorted(self.coverage())

    # ------------------------------------------------------------ forecasts
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

    # ------------------------------------------------------------ revisions
    def diff(self, old: int | str, new: int | str) -> Diff:
        """Cells whose value differs between two releases.

        Only months both releases publish are compared; a cell present in one
        and absent (zero) in the other counts as a change.  Releases of two
        different publications (the state release and the AOR release, say) are
        compared on the breakdowns they share, summed over the rest.

        Raises:
            ReleaseNotFoundError: unknown release.
            BorderflowError: the releases are different publications.
        """
        a, b = self.release(old), self.release(new)
        if a.source_kind != b.source_kind:
            return self._diff_across(a, b)
        cur = self._cursor()
        months = {rid: {(f, y, m): mo for f, y, m, mo in cur.execute(
            "SELECT family, fy, fm, month FROM coverage WHERE release_id = ?", [rid]).fetchall()}
            for rid in (a.release_id, b.release_id)}
        both = set(months[a.release_id]) & set(months[b.release_id])
        keys = " AND ".join(f"coalesce(x.{d}, '\x00') = coalesce(y.{d}, '\x00')"
                            for d in _KEY_DIMS)
        sql = f"""
            WITH periods AS (
                SELECT family, fy, fm FROM coverage WHERE release_id = ?
                INTERSECT SELECT family, fy, fm FROM coverage WHERE release_id = ?),
            x AS (SELECT o.* FROM observation o SEMI JOIN periods USING (family, fy, fm)
                  WHERE release_id = ?),
            y AS (SELECT o.* FROM observation o SEMI JOIN periods USING (family, fy, fm)
                  WHERE release_id = ?)
            SELECT coalesce(x.family, y.family), coalesce(x.fy, y.fy), coalesce(x.fm, y.fm),
                   coalesce(x.month, y.month),
                   {", ".join(f"coalesce(x.{d}, y.{d})" for d in _KEY_DIMS)},
                   coalesce(x.count, 0), coalesce(y.count, 0),
                   (x.count IS NOT NULL AND y.count IS NOT NULL)::INTEGER
            FROM x FULL OUTER JOIN y ON x.family = y.family AND x.fy = y.fy AND x.fm = y.fm
                 AND {keys}
            ORDER BY 1, 2, 3, {", ".join(str(i) for i in range(5, 5 + len(_KEY_DIMS)))}
        """
        ids = [a.release_id, b.release_id, a.release_id, b.release_id]
        changes: list[CellChange] = []
        compared = 0
        for row in cur.execute(sql, ids).fetchall():
            compared += 1
            old_v, new_v = int(row[-3]), int(row[-2])
            if old_v != new_v:
                changes.append(CellChange(
                    family=row[0], fy=int(row[1]), fm=int(row[2]), month=row[3],
                    dims={d: v for d, v in zip(_KEY_DIMS, row[4:4 + len(_KEY_DIMS)],
                                               strict=True) if v is not None},
                    old=old_v, new=new_v))

        def month_list(keys: set[tuple[str, int, int]], rid: int) -> list[dt.date]:
            return sorted({months[rid][k] or vocab.month_start(k[1], 1) for k in keys})

        return Diff(
            old=a, new=b, compared_months=month_list(both, a.release_id),
            only_old=month_list(set(months[a.release_id]) - both, a.release_id),
            only_new=month_list(set(months[b.release_id]) - both, b.release_id),
            cells_compared=compared, changes=changes,
        )


    def _diff_across(self, a: Release, b: Release) -> Diff:
        """Compare two publications' releases on the cells they share."""
        cur = self._cursor()
        cov = {rid: {(f, y, m): mo for f, y, m, mo in cur.execute(
            "SELECT family, fy, fm, month FROM coverage WHERE release_id = ? AND fm > 0",
            [rid]).fetchall()} for rid in (a.release_id, b.release_id)}
        pairs = []
        for fx in {k[0] for k in cov[a.release_id]}:
            for fy_ in {k[0] for k in cov[b.release_id]}:
                shared = {(y, m) for f, y, m in cov[a.release_id] if f == fx} & \
                         {(y, m) for f, y, m in cov[b.release_id] if f == fy_}
                if shared and fx in FAMILIES and fy_ in FAMILIES:
                    pairs.append((len(shared), fx, fy_, shared))
        if not pairs:
            raise BorderflowError(
                f"releases {a.release_id} ({a.source_kind}) and {b.release_id} "
                f"({b.source_kind}) publish no month in common: nothing to compare")
        _, fx, fy_, shared = max(pairs, key=lambda p: (p[0], p[1], p[2]))
        dims, fixed = _shared_shape(FAMILIES[fx], FAMILIES[fy_])
        cols = ", ".join(["fy", "fm", *dims])

        def side(family: str) -> str:
            own = [f" AND {d} = ?" for d, _ in fixed if d in FAMILIES[family].dims]
            return (f"SELECT {cols}, sum(count) AS c FROM observation WHERE release_id = ? "
                    f"AND family = ? AND fm > 0{''.join(own)} GROUP BY ALL")

        def side_params(rid: int, family: str) -> list[Any]:
            return [rid, family, *[v for d, v in fixed if d in FAMILIES[family].dims]]

        on = " AND ".join(f"x.{c} IS NOT DISTINCT FROM y.{c}" for c in ["fy", "fm", *dims])
        sql = (f"WITH x AS ({side(fx)}), y AS ({side(fy_)}) SELECT "
               + ", ".join(f"coalesce(x.{c}, y.{c})" for c in ["fy", "fm", *dims])
               + f", coalesce(x.c, 0), coalesce(y.c, 0) FROM x FULL OUTER JOIN y ON {on} "
               + "ORDER BY ALL")
        changes: list[CellChange] = []
        compared = 0
        for row in cur.execute(sql, [*side_params(a.release_id, fx),
                                     *side_params(b.release_id, fy_)]).fetchall():
            if (int(row[0]), int(row[1])) not in shared:
                continue
            compared += 1
            old_v, new_v = int(row[-2]), int(row[-1])
            if old_v != new_v:
                changes.append(CellChange(
                    family=f"{fx} vs {fy_}", fy=int(row[0]), fm=int(row[1]),
                    month=vocab.month_start(int(row[0]), int(row[1])),
                    dims={d: v for d, v in zip(dims, row[2:2 + len(dims)], strict=True)
                          if v is not None}, old=old_v, new=new_v))

        def months(keys: set[tuple[int, int]]) -> list[dt.date]:
            return sorted(vocab.month_start(y, m) for y, m in keys)

        only_a = {(y, m) for f, y, m in cov[a.release_id] if f == fx} - shared
        only_b = {(y, m) for f, y, m in cov[b.release_id] if f == fy_} - shared
        return Diff(old=a, new=b, compared_months=months(shared), only_old=months(only_a),
                    only_new=months(only_b),
                    cells_compared=compared, changes=changes)


def _shared_shape(x: FamilySpec, y: FamilySpec) -> tuple[list[str], list[tuple[str, str]]]:
    """The dimensions two families can be compared on, and filters that align their scope."""
    dims = set(x.dims) & set(y.dims) - {"area", "area_type"}
    if x.citizenship_scheme != y.citizenship_scheme:
        dims.discard("citizenship")  # 22 countries against 5 groups: not the same cells
    fixed = {**x.fixed, **y.fixed}
    dims -= set(fixed)
    return sorted(dims), sorted(fixed.items())


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
