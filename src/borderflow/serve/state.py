"""The served state: settings, the read-only warehouse, the shelter store, the memo.

One :class:`ServerState` per app, created by the lifespan in
``borderflow.server`` and reached from a route through :func:`get_state`
(a FastAPI dependency), so routes take no globals and tests can build as many
apps as they like.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar, cast

import anyio
import anyio.to_thread
from fastapi import Depends, Request
from pydantic import BaseModel, Field

from borderflow.errors import (
    AuthError,
    BorderflowError,
    TimeLimitError,
    TooManyAttemptsError,
    WorkCancelledError,
)
from borderflow.serve.limits import HEAD_TIMEOUT_RANGE, HEAD_TIMEOUT_S
from borderflow.serve.memo import Served

if TYPE_CHECKING:
    from borderflow.store import Warehouse
    from borderflow.store.shelters import Principal, ShelterStore


#: computing requests (plans, claims) served at once; the rest queue, reads do not
HEAVY_WORKERS = 2
T = TypeVar("T")
#: the check a computation asks between chunks: true once it should stop
Cancel = Callable[[], bool]

#: clients whose bad-token counts are kept (each a list of at most a minute of attempts)
_MAX_CLIENTS = 10_000


class ApiSettings(BaseModel):
    """What the server serves from."""

    warehouse: Path = Field(description="the warehouse file (opened read-only)")
    shelters: Path | None = Field(default=None,
                                  description="the shelter networks' database (writes)")
    title: str = "borderflow"
    threads: int = Field(default=4, ge=1, le=64,
                         description="worker threads for routes that compute")
    max_failed_logins: int = Field(default=10, ge=1,
                                   description="bad tokens a client may send per minute")
    time_limit: float = Field(default=20.0, gt=0, le=600,
                              description="seconds a computing request may take")
    head_timeout: float = Field(default=HEAD_TIMEOUT_S, ge=HEAD_TIMEOUT_RANGE[0],
                                le=HEAD_TIMEOUT_RANGE[1],
                                description="seconds a client has to send a request head")
    proxies: tuple[str, ...] = Field(default=(), description="trusted proxy addresses whose "
                                     "X-Forwarded-For is believed (none: the socket's)")


@dataclass
class ServerState:
    """Everything a route needs, for one served warehouse."""

    settings: ApiSettings
    warehouse: Warehouse
    shelters: ShelterStore | None = None
    releases: int = 0
    failures: dict[str, list[float]] = field(default_factory=dict)
    generation: int = 0
    #: computations stopped because their client went away
    cancelled: int = 0
    _checked: float = 0.0
    _identity: tuple[int, int] | None = None
    served: Served = field(init=False)
    #: the routes that compute (plans, claims) run here, two at a time, so reads
    #: never wait behind them
    heavy: anyio.CapacityLimiter = field(init=False)

    def __post_init__(self) -> None:
        self.served = Served(lambda: self.warehouse)
        self.heavy = anyio.CapacityLimiter(HEAVY_WORKERS)

    async def compute(self, work: Callable[[Cancel], T], request: Request | None = None) -> T:
        """Run ``work(cancelled)`` in the heavy pool, stopped when its client goes or its
        time is up.

        ``cancelled`` is a check the work asks between its chunks (every heavy
        route checks its budget before it starts, and each chunk is small).  It
        turns true when the client of ``request`` disconnects or the wall-clock
        limit passes; the work then raises ``WorkCancelledError`` and its worker
        is free again.  Past the limit the answer is a 503; a client that went
        away gets nothing, and the stop is counted (``/api/health``).
        """
        stop = threading.Event()
        why: list[str] = []

        def halt(reason: str) -> None:
            if not stop.is_set():
                why.append(reason)
                stop.set()

        async def watch_client(req: Request) -> None:
            while (await req.receive())["type"] != "http.disconnect":
                pass
            halt("client")

        async def watch_clock() -> None:
            await anyio.sleep(self.settings.time_limit)
            halt("time")

        def run() -> T:
            if stop.is_set():  # stopped while it waited for a worker
                raise WorkCancelledError("stopped before it started")
            return work(stop.is_set)

        outcome: T | None = None
        failure: Exception | None = None
        async with anyio.create_task_group() as watchers:
            if request is not None:
                watchers.start_soon(watch_client, request)
            watchers.start_soon(watch_clock)
            try:
                # not abandoned: the worker stays counted until the work has stopped
                outcome = await anyio.to_thread.run_sync(run, limiter=self.heavy)
            except Exception as exc:  # raised below, outside the task group (not grouped)
                failure = exc
            watchers.cancel_scope.cancel()
        if why == ["time"]:
            raise TimeLimitError(f"this took longer than {self.settings.time_limit:g} s and "
                                 "was stopped; ask for less (fewer paths, a shorter "
                                 "horizon or text)")
        if isinstance(failure, WorkCancelledError):
            self.cancelled += 1
            raise WorkCancelledError("the client went away; the work was stopped")
        if failure is not None:
            raise failure
        return cast(T, outcome)  # set when nothing failed

    @property
    def computing(self) -> int:
        """Heavy workers busy now."""
        return int(self.heavy.borrowed_tokens)

    def refresh(self) -> bool:
        """Switch to a new warehouse file if an update has replaced it (checked at most
        once a second); whether it switched.

        An ingest or update while serving writes to a copy and renames it over the
        file when done, so the file here is either the old one or the new one.
        """
        now = time.monotonic()
        if now - self._checked < 1.0:
            return False
        self._checked = now
        try:
            stat = os.stat(self.settings.warehouse)
        except OSError:
            return False
        identity = (stat.st_ino, stat.st_mtime_ns)
        if self._identity is None:
            self._identity = identity
        if identity == self._identity:
            return False
        from borderflow.store import Warehouse

        # DuckDB keeps one database per path in a process, so the new file is opened
        # through a hard link of its own name (removed once open; the file stays open).
        path = self.settings.warehouse
        link = path.with_name(f"{path.name}.serving-{os.getpid()}-{self.generation + 1}")
        try:
            os.link(path, link)
            try:
                fresh = Warehouse(link, read_only=True, rollups=True)
            finally:
                link.unlink(missing_ok=True)
        except (OSError, BorderflowError):
            return False  # not readable yet: keep serving the old one, try again later
        self._identity = identity
        self.warehouse = fresh  # the old one closes when its last request lets go of it
        self.releases = len(fresh.releases())
        self.served = Served(lambda: self.warehouse)
        self.generation += 1
        return True

    def store(self) -> ShelterStore:
        """The shelter database, or a clear refusal when the server takes no writes."""
        if self.shelters is None:
            raise BorderflowError("this server takes no writes (no shelter database)")
        return self.shelters

    def authenticate(self, request: Request, org: str, action: str) -> Principal:
        """The caller behind the request's token, for ``action`` on ``org``.

        A valid, live token is never refused.  Bad tokens are counted per client
        address (the socket's, unless the server was started behind named
        proxies); past the limit that address's bad tokens get 429 rather than
        401 for a minute, while a token's owner behind the same address is never
        locked out (tokens are 256 random bits: the limit tells abuse apart, it
        is not what makes them unguessable).  Every refusal is audited under the
        organisation.
        """
        store = self.store()
        client = request.client.host if request.client else "?"
        header = request.headers.get("authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else None
        key = client
        try:
            return store.authenticate(token)
        except AuthError as exc:
            store.record_denied(org, action, str(exc), client)
            if not token:
                raise
            now = time.monotonic()
            recent = [t for t in self.failures.get(key, []) if now - t < 60]
            recent.append(now)
            self.failures[key] = recent
            if len(self.failures) > _MAX_CLIENTS:  # bounded: forget the oldest clients
                for stale in list(self.failures)[: len(self.failures) - _MAX_CLIENTS]:
                    del self.failures[stale]
            if len(recent) > self.settings.max_failed_logins:
                raise TooManyAttemptsError("too many bad tokens from this address; wait a "
                                           "minute") from exc
            raise


def get_state(request: Request) -> ServerState:
    """The app's served state (a FastAPI dependency)."""
    state: ServerState = request.app.state.borderflow
    return state


State = Annotated[ServerState, Depends(get_state)]
