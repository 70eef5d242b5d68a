"""Ingest: every file read and validated, then written in one transaction.

A bad file, or a process killed part-way, leaves the warehouse as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pyarrow.compute as pc

from borderflow import vocab
from borderflow.errors import (
    BorderflowError,
    ConflictingCopyError,
    DuplicateReleaseError,
    InputError,
    LimitError,
    OptionError,
    RegressionError,
)
from borderflow.sources import (
    DIMENSIONS,
    ParsedRelease,
    detect,
    read_capped,
    read_with,
    utc_today,
)
from borderflow.store import schema
from borderflow.store.connection import Connection, period_label, period_list, too_few_cells
from borderflow.store.models import FileOutcome, IngestReport

#: progress(stage, done, total, file name)
Progress = Callable[[str, int, int, str], None]

#: one ingest or update holds every file it reads until it writes them all: the batch as a
#: whole is capped (each file has its own caps too), at 8 files at the per-file cap of 64 MiB
#: and 2.5 times that file cap in rows; the official set is 28 MB and 432,342 rows
MAX_BATCH_BYTES = 512 * 2**20
MAX_BATCH_ROWS = 5_000_000

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
        force: bool = False,
        today: dt.date | None = None,
    ) -> IngestReport:
        """Read every recognised file under ``paths`` and store each as a new release.

        Every file is read and validated before anything is written, and all of
        them are written in one transaction: on any error the warehouse is left
        exactly as it was.

        Args:
            on_duplicate: ``skip`` files whose bytes are already a release, or ``error``.
            origin: where the files came from (a URL), recorded with each release.
            published: override the publication date of every file in this call.
            force: store a release even where it would replace, as "latest", a release of
                the same table that publishes more months or cells, or where it conflicts
                with a stored copy of the same file; the release's notes say so.

        Raises:
            InputError: a recognised file is defective (nothing is written).
            RegressionError: a release would replace a fuller one as "latest" (unless forced).
            ConflictingCopyError: same file name and coverage as a stored release, other
                counts (unless forced).
            OptionError: ``published`` is after ``today`` (default: today in UTC); rows for
                months after today's are refused as an InputError.
            DuplicateReleaseError: with ``on_duplicate='error'``.
        """
        today = today or utc_today()
        if published is not None and published > today:
            raise OptionError(f"the publication date {published} is after today ({today}): "
                              "a release cannot have been published in the future")
        files = expand_paths(Path(p) for p in paths)
        report = IngestReport()
        known = {sha: (rid, name) for rid, sha, name in self._cursor().execute(
            "SELECT release_id, sha256, file_name FROM release").fetchall()}
        todo: list[tuple[Path, bytes, Any]] = []
        text_bytes: list[tuple[Path, int]] = []  # what each file decompresses to
        seen: dict[str, Path] = {}
        for path in files:
            found = detect(path)
            if found.reader is None:
                report.files.append(FileOutcome(path, "unrecognised", found.reason))
                continue
            data = read_capped(path)
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
            text_bytes.append((path, _text_bytes(data, MAX_BATCH_BYTES + 1)))
            _check_batch(len(files), "bytes", MAX_BATCH_BYTES, text_bytes)
        # Release ids follow publication order, whatever order the files were found in.
        parsed = sorted(self._read_all(todo, progress, workers, today),
                        key=lambda p: (p.published if published is None else published,
                                       p.path.name))
        if parsed:
            ids = self._write(parsed, origin=origin, published=published, progress=progress,
                              force=force)
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
                  workers: int, today: dt.date) -> list[ParsedRelease]:
        done = 0

        def one(item: tuple[Path, bytes, Any]) -> ParsedRelease:
            path, data, reader = item
            return read_with(reader, path, data, today)

        out: list[ParsedRelease] = []
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            for parsed in pool.map(one, todo):
                done += 1
                if progress:
                    progress("read", done, len(todo), parsed.path.name)
                out.append(parsed)
                _check_batch(len(todo), "rows", MAX_BATCH_ROWS,
                             [(p.path, p.rows_read) for p in out])
        return out

    def _write(self, parsed: list[ParsedRelease], *, origin: str | None,
               published: dt.date | None, progress: Progress | None,
               force: bool = False) -> list[int]:
        con = self._con
        ids: list[int] = []
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        with self._lock:
            con.execute("BEGIN TRANSACTION")
            try:
                for i, p in enumerate(parsed, start=1):
                    ids.append(self._write_one(p, now, origin, published, force))
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
                   published: dt.date | None, force: bool = False) -> int:
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
        refusals = self._guard(p, rid, published or p.published)
        if refusals and not force:
            raise refusals[0]
        notes = [*p.notes, *(f"stored with force although {e.problem}" for e in refusals)]
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
             origin or str(p.path), "; ".join(notes)])
        for u in p.unknowns:
            con.execute("INSERT INTO unknown_value VALUES (?, ?, ?, ?, ?, ?)",
                        [rid, u.field, u.raw, u.kept_as, u.rows, u.first_line])
        return rid


    # ------------------------------------------------------------ releases that cannot regress
    def _cells(self, rid: int, family: str | None = None) -> dict[tuple[str, int, int], int]:
        """(family, fy, fm) -> how many cells release ``rid`` publishes there."""
        sql = "SELECT family, fy, fm, count(*) FROM observation WHERE release_id = ?"
        params: list[Any] = [rid]
        if family is not None:
            sql += " AND family = ?"
            params.append(family)
        return {(f, int(y), int(m)): int(n) for f, y, m, n in
                self._con.execute(sql + " GROUP BY ALL", params).fetchall()}

    def _guard(self, p: ParsedRelease, rid: int, published: dt.date) -> list[InputError]:
        """Why release ``rid`` (written, not yet committed) must not be stored.

        A release becomes "latest" for every month where it is the newest; it must
        not publish fewer months or cells there than the release it replaces
        (a cut-short copy would read as zeros), nor differ in its counts from a
        stored copy of the same file with the same coverage.
        """
        con = self._con
        new = self._cells(rid)
        info = {int(r): (pub, name, kind) for r, pub, name, kind in con.execute(
            "SELECT release_id, published, file_name, source_kind FROM release").fetchall()}
        before = {(f, int(y), int(m)): int(r) for f, y, m, _mo, r in con.execute(
            "SELECT * FROM (" + schema.PICK_SQL.format(where="WHERE c.release_id <> ?") + ")",
            [rid]).fetchall()}
        replaced: dict[tuple[str, int], list[tuple[str, int, int]]] = {}
        for key in new:
            old = before.get(key)
            if old is not None and info[old][0] <= published:  # ties: the higher id wins
                replaced.setdefault((key[0], old), []).append(key)
        out: list[InputError] = []
        for (family, old), keys in sorted(replaced.items()):
            theirs = self._cells(old, family)
            # months after its last are still answered by the older release; a gap inside
            # its span would be answered by nothing newer
            mine = [k for k in new if k[0] == family]
            first, last = min(mine), max(mine)
            missing = sorted(k[1:] for k in theirs if first <= k <= last and k not in new)
            thin = sorted((k[1:], theirs[k] - new[k]) for k in keys
                          if too_few_cells(theirs[k], new[k]))
            if not missing and not thin:
                continue
            parts = []
            if missing:
                parts.append(f"{len(missing)} month(s) it publishes are missing "
                             f"({period_list(missing)})")
            if thin:
                parts.append(f"{sum(n for _, n in thin):,} cells fewer in {len(thin)} month(s) "
                             f"({period_list([k for k, _ in thin])})")
            out.append(RegressionError(
                p.path, f"would replace release #{old} ({info[old][1]}) as the latest "
                f"{family}, but " + " and ".join(parts),
                expected="a release with every month and cell of the one it replaces; "
                         "`ingest --force` stores it anyway"))
        if out:  # a cut-short copy: its missing cells are the refusal, not a conflict
            return out
        for (old,) in con.execute(
                "SELECT release_id FROM release WHERE file_name = ? AND source_kind = ? "
                "ORDER BY release_id", [p.path.name, p.source_kind]).fetchall():
            if set(self._cells(int(old))) == set(new):
                conflict = self._conflict(p, int(old), rid)
                if conflict is not None:
                    out.append(conflict)
        return out

    def _conflict(self, p: ParsedRelease, old: int, rid: int) -> ConflictingCopyError | None:
        """The cells where release ``rid`` differs from ``old``, a copy of the same file."""
        same = " AND ".join(f"x.{d} IS NOT DISTINCT FROM y.{d}"
                            for d in ("family", "fy", "fm", *_KEY_DIMS))
        rows = self._con.execute(f"""
            SELECT coalesce(x.fy, y.fy), coalesce(x.fm, y.fm),
                   {", ".join(f"coalesce(x.{d}, y.{d})" for d in _KEY_DIMS)},
                   x.count, y.count
            FROM (SELECT * FROM observation WHERE release_id = ?) x
            FULL OUTER JOIN (SELECT * FROM observation WHERE release_id = ?) y ON {same}
            WHERE x.count IS DISTINCT FROM y.count
            ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10""", [old, rid]).fetchall()
        if not rows:
            return None
        shown = []
        for row in rows[:5]:
            cell = " / ".join(v for v in row[2:2 + len(_KEY_DIMS)] if v is not None)
            shown.append(f"{period_label(int(row[0]), int(row[1]))} {cell}: "
                         f"{_or_none(row[-2])} stored, {_or_none(row[-1])} here")
        more = f"; and {len(rows) - 5:,} more" if len(rows) > 5 else ""
        return ConflictingCopyError(
            p.path, f"a copy of release #{old} (same file name and months) with "
                    f"{len(rows):,} cell(s) different: " + "; ".join(shown) + more,
            expected="the same counts as the stored copy; `ingest --force` stores it anyway")


def _text_bytes(data: bytes, limit: int) -> int:
    """What ``data`` decompresses to (gzip: counted in pieces up to ``limit``; xlsx: the
    sizes its parts declare, checked by its reader), or its own size."""
    if data[:2] == b"\x1f\x8b":
        total, stream, pending = 0, zlib.decompressobj(wbits=31), data
        while total <= limit:
            try:
                piece = stream.decompress(pending, 1 << 20)
            except zlib.error:
                break  # damaged: its reader says so
            total += len(piece)
            pending = stream.unconsumed_tail
            if stream.eof:
                pending = stream.unused_data
                if not pending:
                    break
                stream = zlib.decompressobj(wbits=31)
            elif not piece and not pending:
                break  # cut short: its reader says so
        return total
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                return sum(part.file_size for part in zf.infolist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return len(data)  # damaged: its reader says so
    return len(data)


def _check_batch(files: int, what: str, cap: int, sizes: list[tuple[Path, int]]) -> None:
    """Refuse the batch, naming the cap and its largest files, once ``sizes`` pass ``cap``.

    Raises:
        LimitError: the files so far hold more than ``cap`` bytes or rows.
    """
    total = sum(n for _, n in sizes)
    if total <= cap:
        return
    largest = sorted(sizes, key=lambda s: -s[1])
    shown = ", ".join(f"{p.name} ({n:,})" for p, n in largest[:5])
    more = f" and {len(largest) - 5:,} more" if len(largest) > 5 else ""
    raise LimitError(
        sizes[-1][0], f"the batch is over its cap of {cap:,} {what}: its first {len(sizes):,} "
        f"of {files:,} files hold {total:,} {what} ({shown}{more}); nothing was written",
        expected=f"at most {cap:,} {what} in one ingest or update (MAX_BATCH_"
                 f"{what.upper()}); ingest the files in smaller batches")


def _or_none(value: int | None) -> str:
    return "no row" if value is None else f"{value:,}"
