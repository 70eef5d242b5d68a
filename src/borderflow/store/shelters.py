"""Shelter networks' own data: organisations, tokens, sites, daily records, audit.

Kept apart from the statistics warehouse (which is rebuilt from public files)
in a SQLite file with write-ahead logging and ``synchronous=FULL``: a write
that was acknowledged is on disk and survives a crash.  Tokens are random
and only their SHA-256 is stored; every write is audited (who, when, what).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from borderflow.errors import AuthError, BorderflowError, ForbiddenError

ROLES = ("viewer", "editor", "admin")

_DDL = """
CREATE TABLE IF NOT EXISTS org (org_id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS token (
    token_hash TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES org(org_id),
    role TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS site (
    org_id TEXT NOT NULL REFERENCES org(org_id), site_id TEXT NOT NULL, name TEXT NOT NULL,
    beds INTEGER NOT NULL CHECK (beds >= 0), PRIMARY KEY (org_id, site_id));
CREATE TABLE IF NOT EXISTS record (
    org_id TEXT NOT NULL, site_id TEXT NOT NULL, day TEXT NOT NULL,
    arrivals INTEGER NOT NULL CHECK (arrivals >= 0),
    departures INTEGER CHECK (departures >= 0), occupancy INTEGER CHECK (occupancy >= 0),
    submitted_at TEXT NOT NULL, PRIMARY KEY (org_id, site_id, day),
    FOREIGN KEY (org_id, site_id) REFERENCES site(org_id, site_id));
CREATE TABLE IF NOT EXISTS audit (
    at TEXT NOT NULL, org_id TEXT NOT NULL, role TEXT NOT NULL, token_hint TEXT NOT NULL,
    action TEXT NOT NULL, detail TEXT NOT NULL);
"""


@dataclass(frozen=True)
class Principal:
    """Who is calling: an organisation and a role."""

    org_id: str
    role: str
    token_hint: str

    def require(self, org_id: str, role: str) -> None:
        """Refuse unless this principal belongs to ``org_id`` with at least ``role``."""
        if self.org_id != org_id:
            raise ForbiddenError(f"this token belongs to {self.org_id!r}, not {org_id!r}")
        if ROLES.index(self.role) < ROLES.index(role):
            raise ForbiddenError(f"role {self.role!r} cannot do this; it needs {role!r}")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class ShelterStore:
    """The one owner of the shelter database file."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._con = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._con.execute("PRAGMA journal_mode=WAL")
        self._con.execute("PRAGMA synchronous=FULL")
        self._con.execute("PRAGMA foreign_keys=ON")
        self._con.executescript(_DDL)
        self._lock = threading.Lock()

    def close(self) -> None:
        self._con.close()

    def _write(self, sql_params: list[tuple[str, tuple[Any, ...]]]) -> None:
        with self._lock:
            self._con.execute("BEGIN IMMEDIATE")
            try:
                for sql, params in sql_params:
                    self._con.execute(sql, params)
                self._con.execute("COMMIT")
            except BaseException:
                self._con.execute("ROLLBACK")
                raise

    def _audit(self, who: Principal, action: str, detail: dict[str, Any]
               ) -> tuple[str, tuple[Any, ...]]:
        return ("INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?)",
                (_now(), who.org_id, who.role, who.token_hint, action,
                 json.dumps(detail, sort_keys=True, default=str)))

    # ------------------------------------------------------------ organisations and tokens
    def create_org(self, org_id: str, name: str) -> str:
        """Create an organisation; returns its first admin token (shown once)."""
        token = secrets.token_urlsafe(32)
        system = Principal(org_id, "admin", "setup")
        try:
            self._write([("INSERT INTO org VALUES (?, ?)", (org_id, name)),
                         ("INSERT INTO token VALUES (?, ?, ?, ?)",
                          (_hash(token), org_id, "admin", _now())),
                         self._audit(system, "create org", {"name": name})])
        except sqlite3.IntegrityError as exc:
            raise BorderflowError(f"organisation {org_id!r} exists already") from exc
        return token

    def issue_token(self, who: Principal, org_id: str, role: str) -> str:
        """A new token for ``org_id`` (admins only)."""
        who.require(org_id, "admin")
        if role not in ROLES:
            raise BorderflowError(f"unknown role {role!r}; choose from {', '.join(ROLES)}")
        token = secrets.token_urlsafe(32)
        self._write([("INSERT INTO token VALUES (?, ?, ?, ?)",
                      (_hash(token), org_id, role, _now())),
                     self._audit(who, "issue token", {"role": role})])
        return token

    def authenticate(self, token: str | None) -> Principal:
        """The principal behind a bearer token."""
        if not token:
            raise AuthError("this needs a token: send 'Authorization: Bearer <token>'")
        row = self._con.execute("SELECT org_id, role FROM token WHERE token_hash = ?",
                                (_hash(token),)).fetchone()
        if row is None:
            raise AuthError("unknown token")
        return Principal(row[0], row[1], _hash(token)[:8])

    # ------------------------------------------------------------ sites and records
    def add_site(self, who: Principal, org_id: str, site_id: str, name: str, beds: int) -> None:
        who.require(org_id, "editor")
        self._write([("INSERT INTO site VALUES (?, ?, ?, ?) ON CONFLICT (org_id, site_id) "
                      "DO UPDATE SET name = excluded.name, beds = excluded.beds",
                      (org_id, site_id, name, beds)),
                     self._audit(who, "put site", {"site": site_id, "name": name,
                                                   "beds": beds})])

    def submit(self, who: Principal, org_id: str, site_id: str,
               records: list[dict[str, Any]]) -> int:
        """Store daily records (a day sent again replaces the earlier one); all or nothing."""
        who.require(org_id, "editor")
        exists = self._con.execute("SELECT 1 FROM site WHERE org_id = ? AND site_id = ?",
                                   (org_id, site_id)).fetchone()
        if exists is None:
            raise ForbiddenError(f"{org_id!r} has no site {site_id!r}")
        now = _now()
        ops = [("INSERT INTO record VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org_id, site_id, "
                "day) DO UPDATE SET arrivals = excluded.arrivals, departures = "
                "excluded.departures, occupancy = excluded.occupancy, submitted_at = "
                "excluded.submitted_at",
                (org_id, site_id, r["day"].isoformat(), r["arrivals"], r.get("departures"),
                 r.get("occupancy"), now)) for r in records]
        ops.append(self._audit(who, "submit records", {
            "site": site_id, "days": [r["day"].isoformat() for r in records]}))
        self._write(ops)
        return len(records)

    def records(self, who: Principal, org_id: str, site_id: str) -> list[dict[str, Any]]:
        who.require(org_id, "viewer")
        cur = self._con.execute(
            "SELECT day, arrivals, departures, occupancy, submitted_at FROM record "
            "WHERE org_id = ? AND site_id = ? ORDER BY day", (org_id, site_id))
        return [dict(zip(("day", "arrivals", "departures", "occupancy", "submitted_at"), r,
                         strict=True)) for r in cur.fetchall()]

    def audit_log(self, who: Principal, org_id: str) -> list[dict[str, Any]]:
        who.require(org_id, "admin")
        cur = self._con.execute("SELECT * FROM audit WHERE org_id = ? ORDER BY rowid", (org_id,))
        return [dict(zip(("at", "org_id", "role", "token", "action", "detail"), r, strict=True))
                for r in cur.fetchall()]
