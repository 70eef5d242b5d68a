"""Revisions: the cells that changed between two releases.

Two releases of one publication are compared cell by cell; two publications
(the state release and the AOR release, say) on the breakdowns they share.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from borderflow import vocab
from borderflow.errors import BorderflowError
from borderflow.i18n import _
from borderflow.sources import FAMILIES, FamilySpec
from borderflow.store.connection import Connection
from borderflow.store.ingest import _KEY_DIMS
from borderflow.store.models import CellChange, Diff, Release


class Revisions(Connection):
    """The warehouse's diffing job."""

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
            raise BorderflowError(_(
                "releases {first} ({first_kind}) and {second} ({second_kind}) publish no month "
                "in common: nothing to compare").format(
                first=a.release_id, first_kind=a.source_kind, second=b.release_id,
                second_kind=b.source_kind))
        _size, fx, fy_, shared = max(pairs, key=lambda p: (p[0], p[1], p[2]))
        dims, fixed = _shared_shape(FAMILIES[fx], FAMILIES[fy_])
        cols = ", ".join(["fy", "fm", *dims])

        def side(family: str) -> str:
            own = [f" AND {d} = ?" for d, _value in fixed if d in FAMILIES[family].dims]
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
