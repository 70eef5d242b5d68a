"""Ingest: every file read and validated, then written in one transaction.

A bad file, or a process killed part-way, leaves the warehouse as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pyarrow.compute as pc

from borderflow import vocab
from borderflow.errors import BorderflowError, DuplicateReleaseError
from borderflow.sources import DIMENSIONS, ParsedRelease, detect, read_with
from borderflow.store import schema
from borderflow.store.connection import Connection
from borderflow.store.models import FileOutcome, IngestReport

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



class Ingest(Connection):
    """The warehouse's writing job: releases in, whole or not at all."""

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
            con.execute(schema.value_coverage_sql("_incoming"), [rid] * len(DIMENSIONS))
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

