"""The write routes: shelter networks' own sites and daily records, behind tokens.

An organisation writes only to its own sites; only the SHA-256 of each token
is stored; bad tokens are rate limited per client; every write is audited.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from borderflow.api.schemas import RecordsRequest, SiteRequest, TokenRequest
from borderflow.serve.state import State

router = APIRouter()


@router.put("/api/orgs/{org}/sites/{site}")
def put_site(state: State, org: str, site: str, body: SiteRequest,
             request: Request) -> dict[str, Any]:
    """Create or update a site of the organisation (editor or admin)."""
    who = state.authenticate(request)
    state.store().add_site(who, org, site, body.name, body.beds)
    return {"org": org, "site": site, "name": body.name, "beds": body.beds}


@router.post("/api/orgs/{org}/sites/{site}/records", status_code=201)
def post_records(state: State, org: str, site: str, body: RecordsRequest,
                 request: Request) -> dict[str, Any]:
    """Submit daily arrivals, departures and occupancy; stored before it is acknowledged."""
    who = state.authenticate(request)
    n = state.store().submit(who, org, site, [r.model_dump() for r in body.records])
    return {"stored": n}


@router.get("/api/orgs/{org}/sites/{site}/records")
def get_records(state: State, org: str, site: str, request: Request) -> list[dict[str, Any]]:
    """The site's daily records (any role of the organisation)."""
    result: list[dict[str, Any]] = state.store().records(state.authenticate(request), org,
                                                         site)
    return result


@router.post("/api/orgs/{org}/tokens", status_code=201)
def post_token(state: State, org: str, body: TokenRequest, request: Request) -> dict[str, str]:
    """Issue a token for the organisation (admins only); shown once."""
    return {"token": state.store().issue_token(state.authenticate(request), org, body.role),
            "role": body.role}


@router.get("/api/orgs/{org}/audit")
def audit(state: State, org: str, request: Request) -> list[dict[str, Any]]:
    """Who wrote what, when (admins only)."""
    result: list[dict[str, Any]] = state.store().audit_log(state.authenticate(request), org)
    return result
