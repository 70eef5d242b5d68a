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

from borderflow.errors import AuthError, BorderflowError, ForbiddenError, NotFoundError

ROLES = ("viewer", "editor", "admin")
#: a token lives this many days unless issued with another lifetime; admins revoke earlier
TOKEN_DAYS = 90

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

        columns = {r[1] for r in self._con.execute("PRAGMA table_info(token)")}
        for column in ("expires_at", "revoked_at"):  # databases from before expiry
            if column not in columns:
                self._con.execute(f"ALTER TABLE token ADD COLUMN {column} TEXT")

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
                         self._insert_token(token, org_id, "admin", TOKEN_DAYS),
                         self._audit(system, "create org", {"name": name})])
        except sqlite3.IntegrityError as exc:
            raise BorderflowError(f"organisation {org_id!r} exists already") from exc
        return token

    def _require(self, who: Principal, org_id: str, role: str, action: str) -> None:
        """``who.require``, with a refusal audited under the organisation asked for."""
        try:
            who.require(org_id, role)
        except ForbiddenError as exc:
            self.record_denied(org_id, action, str(exc), "-", who.token_hint)
            raise

    @staticmethod
    def _insert_token(token: str, org_id: str, role: str, days: int
                      ) -> tuple[str, tuple[Any, ...]]:
        expires = (dt.datetime.now(dt.UTC) + dt.timedelta(days=days)).isoformat(
            timespec="seconds")
        return ("INSERT INTO token (token_hash, org_id, role, created_at, expires_at) "
                "VALUES (?, ?, ?, ?, ?)", (_hash(token), org_id, role, _now(), expires))

    def issue_token(self, who: Principal, org_id: str, role: str,
                    days: int = TOKEN_DAYS) -> str:
        """A new token for ``org_id`` (admins only), valid for ``days`` days."""
        self._require(who, org_id, "admin", "issue token")
        if role not in ROLES:
            raise BorderflowError(f"unknown role {role!r}; choose from {', '.join(ROLES)}")
        if not 1 <= days <= 3660:
            raise BorderflowError(f"a token lives 1 to 3660 days, not {days}")
        token = secrets.token_urlsafe(32)
        self._write([self._insert_token(token, org_id, role, days),
                     self._audit(who, "issue token", {"role": role, "days": days,
                                                      "token": _hash(token)[:8]})])
        return token

    def revoke_token(self, who: Principal | None, org_id: str, hint: str) -> int:
        """Revoke the organisation's tokens whose hash starts with ``hint`` (8 characters,
        as the audit log shows them); ``who`` is ``None`` for the local command line."""
        if who is not None:
            self._require(who, org_id, "admin", "revoke token")
        if len(hint) < 8:
            raise BorderflowError("give the token's first 8 characters as the audit log shows")
        actor = who or Principal(org_id, "admin", "local")
        # compared as a prefix, never as a LIKE pattern: '%' or '_' in a hint matched
        # every token of the organisation
        match = "org_id = ? AND substr(token_hash, 1, ?) = ? AND revoked_at IS NULL"
        args = (org_id, len(hint), hint)
        with self._lock:
            n = self._con.execute(f"SELECT count(*) FROM token WHERE {match}",
                                  args).fetchone()[0]
        if not n:
            self._write([self._audit(actor, "revoke token: no live token", {"token": hint})])
            raise NotFoundError(f"{org_id!r} has no live token {hint!r}")
        self._write([(f"UPDATE token SET revoked_at = ? WHERE {match}", (_now(), *args)),
                     self._audit(actor, "revoke token", {"token": hint})])
        return int(n)

    def authenticate(self, token: str | None) -> Principal:
        """The principal behind a bearer token (live: not expired, not revoked)."""
        if not token:
            raise AuthError("this needs a token: send 'Authorization: Bearer <token>'")
        row = self._con.execute(
            "SELECT org_id, role, expires_at, revoked_at FROM token WHERE token_hash = ?",
            (_hash(token),)).fetchone()
        if row is None:
            raise AuthError("unknown token")
        if row[3] is not None:
            raise AuthError("this token was revoked")
        if row[2] is not None and row[2] <= _now():
            raise AuthError("this token has expired; ask an admin of the organisation for a "
                            "new one")
        return Principal(row[0], row[1], _hash(token)[:8])

    def record_denied(self, org_id: str, action: str, reason: str, client: str,
                      token_hint: str = "") -> None:
        """Audit a refused attempt (bad token, or a token without the right)."""
        known = self._con.execute("SELECT 1 FROM org WHERE org_id = ?", (org_id,)).fetchone()
        if known is None:
            return  # no organisation to file it under
        who = Principal(org_id, "-", token_hint or "none")
        self._write([self._audit(who, f"denied: {action}", {"reason": reason,
                                                            "client": client})])

    # ------------------------------------------------------------ sites and records
    def add_site(self, who: Principal, org_id: str, site_id: str, name: str, beds: int) -> None:
        self._require(who, org_id, "editor", "put site")
        self._write([("INSERT INTO site VALUES (?, ?, ?, ?) ON CONFLICT (org_id, site_id) "
                      "DO UPDATE SET name = excluded.name, beds = excluded.beds",
                      (org_id, site_id, name, beds)),
                     self._audit(who, "put site", {"site": site_id, "name": name,
                                                   "beds": beds})])

    def submit(self, who: Principal, org_id: str, site_id: str,
               records: list[dict[str, Any]]) -> int:
        """Store daily records (a day sent again replaces the earlier one); all or nothing."""
        self._require(who, org_id, "editor", "submit records")
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
            "site": site_id, "records": [{**r, "day": r["day"].isoformat()} for r in records]}))
        self._write(ops)
        return len(records)

    def records(self, who: Principal, org_id: str, site_id: str) -> list[dict[str, Any]]:
        self._require(who, org_id, "viewer", "read records")
        cur = self._con.execute(
            "SELECT day, arrivals, departures, occupancy, submitted_at FROM record "
            "WHERE org_id = ? AND site_id = ? ORDER BY day", (org_id, site_id))
        return [dict(zip(("day", "arrivals", "departures", "occupancy", "submitted_at"), r,
                         strict=True)) for r in cur.fetchall()]

    def audit_log(self, who: Principal, org_id: str) -> list[dict[str, Any]]:
        self._require(who, org_id, "admin", "read audit")
        cur = self._con.execute("SELECT * FROM audit WHERE org_id = ? ORDER BY rowid", (org_id,))
        return [dict(zip(("at", "org_id", "role", "token", "action", "detail"), r, strict=True))
                for r in cur.fetchall()]
