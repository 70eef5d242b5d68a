"""The connection the warehouse owns, and the release catalogue every job reads.

:class:`Connection` opens the DuckDB file, hands each thread its own cursor and
keeps the caches that ingest invalidates.  The jobs of the warehouse build on
it, one module each: ``ingest`` (writing releases), ``revisions`` (diffs) and
``warehouse`` (reads: the catalogue, queries, series, stored forecasts).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from pathlib import Path
from types import TracebackType
from typing import Self

import duckdb

from borderflow.errors import BorderflowError, ReleaseNotFoundError, WarehouseLockedError
from borderflow.i18n import _
from borderflow.store import schema
from borderflow.store.models import Release
from borderflow.store.query import Catalogue
from borderflow.store.rollup import Rollups

#: A later release may publish a few fewer cells of a month than the one it revises: a
#: count revised to zero drops out of a sparse file.  Across every official release in the
#: shared data the most a month lost was 3 of 55 cells (the dashboard snapshot of March 2023)
#: and 11 of 1,014 (the state file of December 2025); a cut-short copy loses hundreds.
MAX_CELLS_DROPPED = 5
#: ... or this share of the month's cells, whichever allows more.
MAX_SHARE_DROPPED = 0.02


def too_few_cells(old: int, new: int) -> bool:
    """True when a month of ``new`` cells lost more of ``old`` than a revision explains."""
    return old - new > max(MAX_CELLS_DROPPED, MAX_SHARE_DROPPED * old)


def period_label(fy: int, fm: int) -> str:
    """``2025-10`` for a fiscal month, ``FY2025`` for a whole-year figure."""
    from borderflow import vocab

    return f"FY{fy}" if fm == 0 else f"{vocab.month_start(fy, fm):%Y-%m}"


def period_list(keys: list[tuple[int, int]], limit: int = 6) -> str:
    """Periods named, the first ``limit`` of them, then how many more."""
    shown = ", ".join(period_label(fy, fm) for fy, fm in keys[:limit])
    return shown + (f" and {len(keys) - limit} more" if len(keys) > limit else "")


class Connection:
    """One DuckDB file (or ``:memory:``), a cursor per thread, and the caches on it."""

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
            if "lock" in str(exc).lower():
                raise WarehouseLockedError(
                    f"the warehouse {path} is in use by another borderflow process") from exc
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

    def __enter__(self) -> Self:
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
        raise ReleaseNotFoundError(_("no release {release}; `borderflow releases` lists "
                                     "them").format(release=repr(text)))

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
        return problems + self._thinner_latest()

    def _thinner_latest(self) -> list[str]:
        """Latest releases that publish fewer cells than an older release of the same family
        for months both claim (beyond what a revision explains: :func:`too_few_cells`)."""
        rows = self._cursor().execute("""
            WITH cells AS (SELECT release_id, family, fy, fm, count(*) n
                           FROM observation GROUP BY ALL)
            SELECT l.family, l.release_id, c.release_id, l.fy, l.fm, cl.n, co.n
            FROM latest l
            JOIN coverage c ON c.family = l.family AND c.fy = l.fy AND c.fm = l.fm
                               AND c.release_id <> l.release_id
            JOIN cells cl ON cl.release_id = l.release_id AND cl.family = l.family
                             AND cl.fy = l.fy AND cl.fm = l.fm
            JOIN cells co ON co.release_id = c.release_id AND co.family = l.family
                             AND co.fy = l.fy AND co.fm = l.fm
            WHERE cl.n < co.n
            ORDER BY 1, 2, 3, 4, 5
        """).fetchall()
        found: dict[tuple[str, int, int], list[tuple[int, int, int]]] = {}
        for family, latest, older, fy, fm, n_new, n_old in rows:
            if too_few_cells(int(n_old), int(n_new)):
                found.setdefault((family, int(latest), int(older)), []).append(
                    (int(fy), int(fm), int(n_old) - int(n_new)))
        return [
            f"release {latest} is the latest {family} for {len(months)} month(s) where the "
            f"older release {older} publishes {sum(m[2] for m in months):,} more cells "
            f"({period_list([(fy, fm) for fy, fm, _ in months])}): a cut-short copy?"
            for (family, latest, older), months in found.items()]

