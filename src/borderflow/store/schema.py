"""The warehouse schema and its migrations.

Tables:

``release``        one row per ingested file: provenance and coverage.
``observation``    every figure of every release at its native grain; never
                   updated or deleted, so every vintage stays answerable.
``coverage``       the (family, fiscal month) cells each release publishes.
``latest``         for each (family, fiscal month) the newest release that
                   publishes it; rebuilt inside each ingest transaction.
``value_coverage`` which values of each dimension a release publishes in each
                   fiscal year of each family: the planner answers a value
                   only from a family that publishes it, never with a zero.
``unknown_value``  category labels no vocabulary knew, kept and reported.
``forecast``       every forecast borderflow made, with the releases it was made
                   from, kept to be scored when later releases bring the actuals.
``family``         what each table of each publication can answer: its grain,
                   fixed scope and the publisher's rounding (OHSS rounds to 10).
"""

from __future__ import annotations

import duckdb

SCHEMA_VERSION = 2

_DDL: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)",
    "CREATE SEQUENCE IF NOT EXISTS release_id_seq START 1",
    """
    CREATE TABLE IF NOT EXISTS release (
        release_id          INTEGER PRIMARY KEY,
        source_kind         VARCHAR NOT NULL,
        file_name           VARCHAR NOT NULL,
        sha256              VARCHAR NOT NULL UNIQUE,
        size_bytes          BIGINT NOT NULL,
        rows_read           INTEGER NOT NULL,
        observations        INTEGER NOT NULL,
        total_count         BIGINT NOT NULL,
        coverage_start      DATE,
        coverage_end        DATE,
        published           DATE NOT NULL,
        published_inferred  BOOLEAN NOT NULL,
        ingested_at         TIMESTAMP NOT NULL,
        origin              VARCHAR NOT NULL,
        notes               VARCHAR NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS observation (
        release_id      INTEGER NOT NULL,
        family          VARCHAR NOT NULL,
        line            INTEGER NOT NULL,
        fy              SMALLINT NOT NULL,
        fm              TINYINT NOT NULL,
        month           DATE,
        region          VARCHAR,
        component       VARCHAR,
        area_type       VARCHAR,
        area            VARCHAR,
        demographic     VARCHAR,
        citizenship     VARCHAR,
        authority       VARCHAR,
        encounter_type  VARCHAR,
        count           BIGINT NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS coverage (
        release_id  INTEGER NOT NULL,
        family      VARCHAR NOT NULL,
        fy          SMALLINT NOT NULL,
        fm          TINYINT NOT NULL,
        month       DATE
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS latest (
        family      VARCHAR NOT NULL,
        fy          SMALLINT NOT NULL,
        fm          TINYINT NOT NULL,
        month       DATE,
        release_id  INTEGER NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS family (
        family              VARCHAR PRIMARY KEY,
        source_kind         VARCHAR NOT NULL,
        title               VARCHAR NOT NULL,
        time_grain          VARCHAR NOT NULL,
        dims                VARCHAR[] NOT NULL,
        fixed               MAP(VARCHAR, VARCHAR) NOT NULL,
        rounding            INTEGER NOT NULL,
        official            BOOLEAN NOT NULL,
        citizenship_scheme  VARCHAR
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS forecast (
        made_at     TIMESTAMP NOT NULL,
        method      VARCHAR NOT NULL,
        origin      DATE NOT NULL,
        releases    VARCHAR NOT NULL,
        series      VARCHAR NOT NULL,
        target      DATE NOT NULL,
        horizon     INTEGER NOT NULL,
        mean        DOUBLE NOT NULL,
        lo80        DOUBLE NOT NULL,
        hi80        DOUBLE NOT NULL,
        lo95        DOUBLE NOT NULL,
        hi95        DOUBLE NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS value_coverage (
        release_id  INTEGER NOT NULL,
        family      VARCHAR NOT NULL,
        fy          SMALLINT NOT NULL,
        dim         VARCHAR NOT NULL,
        value       VARCHAR NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS unknown_value (
        release_id  INTEGER NOT NULL,
        field       VARCHAR NOT NULL,
        raw         VARCHAR NOT NULL,
        kept_as     VARCHAR NOT NULL,
        rows        INTEGER NOT NULL,
        first_line  INTEGER NOT NULL
    )
    """,
)

#: The newest release publishing each (family, fiscal month), optionally as of a date.
PICK_SQL = """
    SELECT c.family, c.fy, c.fm, c.month,
           arg_max(c.release_id,
                   date_diff('day', DATE '1900-01-01', r.published)::BIGINT * 1000000
                   + c.release_id) AS release_id
    FROM coverage c JOIN release r USING (release_id)
    {where}
    GROUP BY c.family, c.fy, c.fm, c.month
"""


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables; refuse a warehouse written by a newer borderflow."""
    for ddl in _DDL:
        con.execute(ddl)
    rows = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    row = rows[0] if rows else None
    if row is None:
        con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
    elif int(row[0]) > SCHEMA_VERSION:
        from borderflow.errors import BorderflowError

        raise BorderflowError(
            f"this warehouse has schema version {row[0]}, newer than this borderflow "
            f"({SCHEMA_VERSION}); upgrade borderflow"
        )
    elif int(row[0]) < SCHEMA_VERSION:
        _migrate_to_2(con)
        con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'",
                    [str(SCHEMA_VERSION)])


def check_readable(con: duckdb.DuckDBPyConnection, path: object) -> None:
    """Refuse, with what to do, a warehouse this borderflow cannot read without writing."""
    from borderflow.errors import BorderflowError

    try:
        rows = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    except duckdb.Error:
        return  # an empty file: nothing to read yet
    version = int(rows[0][0]) if rows else SCHEMA_VERSION
    if version != SCHEMA_VERSION:
        raise BorderflowError(
            f"the warehouse {path} has schema version {version}; this borderflow reads "
            f"version {SCHEMA_VERSION}: run `borderflow verify` once (it upgrades the file)"
            if version < SCHEMA_VERSION else
            f"the warehouse {path} has schema version {version}, newer than this "
            f"borderflow ({SCHEMA_VERSION}); upgrade borderflow")


def value_coverage_sql(source: str) -> str:
    """SQL inserting the (family, fy, dimension, value) cells of rows in ``source``.

    The one parameter is the release id.
    """
    from borderflow.sources import DIMENSIONS

    return ("INSERT INTO value_coverage " + " UNION ".join(
        f"SELECT DISTINCT ?::INTEGER, family, fy, '{d}', {d} FROM {source} "
        f"WHERE {d} IS NOT NULL" for d in DIMENSIONS))


def _migrate_to_2(con: duckdb.DuckDBPyConnection) -> None:
    """Version 1 kept every residual citizenship as 'Other' and no value catalogue."""
    from borderflow import vocab

    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("UPDATE observation SET citizenship = ? WHERE citizenship = 'Other' "
                    "AND family IN ('cbp_state', 'cbp_aor')", [vocab.OTHER_CBP22])
        con.execute("UPDATE observation SET citizenship = ? WHERE citizenship = 'Other' "
                    "AND family IN ('cbp_sbo', 'cbp_tableau')", [vocab.OTHER_FOUR])
        con.execute("DELETE FROM value_coverage")
        for (rid,) in con.execute("SELECT release_id FROM release").fetchall():
            con.execute(value_coverage_sql(
                f"(SELECT * FROM observation WHERE release_id = {int(rid)})"),
                [rid] * len(_dims()))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _dims() -> tuple[str, ...]:
    from borderflow.sources import DIMENSIONS

    return DIMENSIONS


def record_families(con: duckdb.DuckDBPyConnection) -> None:
    """Describe every family in the database itself, for users of the file without borderflow."""
    from borderflow.sources import FAMILIES

    con.execute("DELETE FROM family")
    for f in FAMILIES.values():
        con.execute(
            "INSERT INTO family VALUES (?, ?, ?, ?, ?, MAP(?::VARCHAR[], ?::VARCHAR[]), ?, ?, ?)",
            [f.family, f.source_kind, f.title, f.time_grain, sorted(f.dims),
             list(f.fixed), list(f.fixed.values()), f.rounding, f.official,
             f.citizenship_scheme])


def rebuild_latest(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute the newest release of every (family, month).

    Call inside the ingest transaction, so readers never see them out of step.
    """
    con.execute("DELETE FROM latest")
    con.execute(
        "INSERT INTO latest SELECT family, fy, fm, month, release_id FROM ("
        + PICK_SQL.format(where="")
        + ")"
    )
