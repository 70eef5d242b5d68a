"""The one owner of the DuckDB warehouse file.

Everything that touches the database goes through :class:`Warehouse`: ingest
(one transaction per call, so a failure or a killed process leaves the file as
it was), the release catalogue, queries, diffs and stitched series.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import pyarrow.compute as pc

from borderflow import vocab
from borderflow.errors import BorderflowError, DuplicateReleaseError, ReleaseNotFoundError
from borderflow.sources import FAMILIES, ParsedRelease, detect
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
from borderflow.store.query import TIME_KEYS, Query, build_sql, in_period, plan
from borderflow.store.rollup import Rollups

#: progress(stage, done, total, file name)
Progress = Callable[[str, int, int, str], None]

_MONTH_SQL = ("CASE WHEN fm = 0 THEN NULL ELSE make_date(CASE WHEN fm <= 3 THEN fy - 1 ELSE fy "
              "END, CASE WHEN fm <= 3 THEN fm + 9 ELSE fm - 3 END, 1) END")
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
        self._lock = threading.Lock()
        self._coverage_cache: dict[dt.date | None, dict[str, dict[dt.date, int]]] = {}
        self._month_sets: dict[dt.date | None, dict[str, set[dt.date]]] = {}
        self._release_cache: dict[int, Release] | None = None
        self._rollups = Rollups() if rollups else None
        if not read_only:
            schema.ensure_schema(self._con)

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
        self._coverage_cache.clear()
        self._month_sets.clear()
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
            result: ParsedRelease = reader.read(path, data)
            return result

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
    def coverage(self, as_of: dt.date | None = None) -> dict[str, dict[dt.date, int]]:
        """family -> {month: release id} of the newest release (as of a date) per month.

        Annual tables map each month of a covered fiscal year to its release.
        """
        cached = self._coverage_cache.get(as_of)
        if cached is not None:
            return cached
        if as_of is None:
            rows = self._cursor().execute(
                "SELECT family, fy, fm, month, release_id FROM latest").fetchall()
        else:
            rows = self._cursor().execute(
                "SELECT family, fy, fm, month, release_id FROM ("
                + schema.PICK_SQL.format(where="WHERE r.published <= ?") + ")",
                [as_of]).fetchall()
        out: dict[str, dict[dt.date, int]] = {}
        for family, fy, _fm, month, rid in rows:
            months = out.setdefault(family, {})
            if month is not None:
                months[month] = rid
            else:
                for m in range(1, 13):
                    months[vocab.month_start(fy, m)] = rid
        self._coverage_cache[as_of] = out
        return out

    def query(self, query: Query) -> QueryResult:
        """Answer ``query`` from the one source that fits it best.

        Raises:
            QueryError: the query names unknown dimensions or values.
            NoSourceError: no single source can answer it.
        """
        cov = self.coverage(query.as_of)
        sets = self._month_sets.get(query.as_of)
        if sets is None:
            sets = self._month_sets[query.as_of] = {f: set(m) for f, m in cov.items()}
            sets["*"] = set().union(*sets.values())
        chosen = plan(query, sets)
        sql, params = build_sql(query, chosen, cov[chosen.spec.family])
        cur = self._cursor()
        rolled = None if self._rollups is None else self._rollups.answer(
            cur, query, chosen, cov[chosen.spec.family])
        if rolled is None:
            result = cur.execute(sql, params)
            columns, raw = [d[0] for d in result.description], result.fetchall()
        else:
            columns, raw = rolled
        keys = list(query.group_by)
        rows = sorted((dict(zip(columns, r, strict=True)) for r in raw),
                      key=lambda r: tuple((r[k] is None, r[k]) for k in keys))
        months = cov[chosen.spec.family]
        used = sorted(m for m in months if in_period(query, chosen, m))
        if set(query.group_by) <= set(TIME_KEYS):
            rows = _zero_fill(rows, list(query.group_by), used)
        _attach_releases(rows, list(query.group_by), {m: months[m] for m in used})
        columns.append("releases")
        by_id = {r.release_id: r for r in self.releases()}
        release_ids = sorted({months[m] for m in used})
        return QueryResult(
            columns=columns, rows=rows, spec=chosen.spec,
            releases=[by_id[i] for i in release_ids], first=used[0] if used else None,
            last=used[-1] if used else None, missing=chosen.missing, as_of=query.as_of,
            sql=sql, params=params,
        )

    def series(self, name: str, *, measure: str = "encounters",
               as_of: dt.date | None = None) -> Series:
        """The long monthly series ``name``, stitched and labelled month by month."""
        from borderflow.store.series import stitch

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
        """Cells whose value differs between two releases of the same publication.

        Only months both releases publish are compared; a cell present in one
        and absent (zero) in the other counts as a change.

        Raises:
            ReleaseNotFoundError: unknown release.
            BorderflowError: the releases are different publications.
        """
        a, b = self.release(old), self.release(new)
        if a.source_kind != b.source_kind:
            raise BorderflowError(
                f"release {a.release_id} is {a.source_kind} and {b.release_id} is "
                f"{b.source_kind}: only releases of the same publication can be compared")
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
