"""The served state: settings, the read-only warehouse, the shelter store, the memo.

One :class:`ServerState` per app, created by the lifespan in
``borderflow.server`` and reached from a route through :func:`get_state`
(a FastAPI dependency), so routes take no globals and tests can build as many
apps as they like.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request
from pydantic import BaseModel, Field

from borderflow.errors import AuthError, BorderflowError, TooManyAttemptsError
from borderflow.serve.memo import Served

if TYPE_CHECKING:
    from borderflow.store import Warehouse
    from borderflow.store.shelters import Principal, ShelterStore


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


@dataclass
class ServerState:
    """Everything a route needs, for one served warehouse."""

    settings: ApiSettings
    warehouse: Warehouse
    shelters: ShelterStore | None = None
    releases: int = 0
    failures: dict[str, list[float]] = field(default_factory=dict)
    served: Served = field(init=False)

    def __post_init__(self) -> None:
        self.served = Served(lambda: self.warehouse)

    def store(self) -> ShelterStore:
        """The shelter database, or a clear refusal when the server takes no writes."""
        if self.shelters is None:
            raise BorderflowError("this server takes no writes (no shelter database)")
        return self.shelters

    def authenticate(self, request: Request) -> Principal:
        """The caller behind the request's token; bad tokens are counted per client."""
        store = self.store()
        client = request.client.host if request.client else "?"
        now = time.monotonic()
        recent = [t for t in self.failures.get(client, []) if now - t < 60]
        self.failures[client] = recent
        if len(recent) >= self.settings.max_failed_logins:
            raise TooManyAttemptsError("too many bad tokens from this address; wait a minute")
        header = request.headers.get("authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else None
        try:
            return store.authenticate(token)
        except AuthError:
            if token:
                recent.append(now)
            raise


def get_state(request: Request) -> ServerState:
    """The app's served state (a FastAPI dependency)."""
    state: ServerState = request.app.state.borderflow
    return state


State = Annotated[ServerState, Depends(get_state)]
