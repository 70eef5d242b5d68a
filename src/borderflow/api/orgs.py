"""The write routes: shelter networks' own sites and daily records, behind tokens.

An organisation writes only to its own sites; only the SHA-256 of each token
is stored; bad tokens are rate limited per client; every write is audited.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request

from borderflow.api.schemas import RecordsRequest, SiteRequest, TokenRequest
from borderflow.serve.state import State

router = APIRouter()


@router.put("/api/orgs/{org}/sites/{site}")
def put_site(state: State, org: str, site: str, body: SiteRequest,
             request: Request) -> dict[str, Any]:
    """Create or update a site of the organisation (editor or admin)."""
    who = state.authenticate(request, org, "put site")
    state.store().add_site(who, org, site, body.name, body.beds)
    return {"org": org, "site": site, "name": body.name, "beds": body.beds}


@router.post("/api/orgs/{org}/sites/{site}/records", status_code=201)
def post_records(state: State, org: str, site: str, body: RecordsRequest,
                 request: Request) -> dict[str, Any]:
    """Submit daily arrivals, departures and occupancy; stored before it is acknowledged."""
    who = state.authenticate(request, org, "submit records")
    n = state.store().submit(who, org, site, [r.model_dump() for r in body.records])
    return {"stored": n}


@router.get("/api/orgs/{org}/sites/{site}/records")
def get_records(state: State, org: str, site: str, request: Request) -> list[dict[str, Any]]:
    """The site's daily records (any role of the organisation)."""
    who = state.authenticate(request, org, "read records")
    result: list[dict[str, Any]] = state.store().records(who, org, site)
    return result


@router.post("/api/orgs/{org}/tokens", status_code=201)
def post_token(state: State, org: str, body: TokenRequest, request: Request) -> dict[str, str]:
    """Issue a token for the organisation (admins only); shown once."""
    who = state.authenticate(request, org, "issue token")
    return {"token": state.store().issue_token(who, org, body.role, body.days),
            "role": body.role}


@router.delete("/api/orgs/{org}/tokens/{hint}")
def delete_token(state: State, org: str, hint: Annotated[str, Path(min_length=8, max_length=64)],
                 request: Request) -> dict[str, Any]:
    """Revoke a token of the organisation by its first 8 characters (admins only)."""
    who = state.authenticate(request, org, "revoke token")
    return {"revoked": state.store().revoke_token(who, org, hint)}


@router.get("/api/orgs/{org}/audit")
def audit(state: State, org: str, request: Request) -> list[dict[str, Any]]:
    """Who wrote what, when (admins only)."""
    who = state.authenticate(request, org, "read audit")
    result: list[dict[str, Any]] = state.store().audit_log(who, org)
    return result
