"""The FastAPI application: ``create_app(settings)``.

Routes parse the request, call one library function and shape the answer;
every figure comes back with the release(s) it was taken from.  Errors from
the library's one exception tree become JSON ``{"error": ...}`` with the
status the error carries.  Reads of public statistics need no token.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

import anyio.to_thread
from fastapi import Body, FastAPI, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from borderflow import vocab
from borderflow.api.exports import to_csv, to_parquet
from borderflow.api.memo import PanelName, Served
from borderflow.api.middleware import BodyLimit, ReadCache
from borderflow.errors import BorderflowError, QueryError
from borderflow.store import Query as WarehouseQuery
from borderflow.store import QueryResult, Warehouse

Format = Literal["json", "csv", "hxl", "parquet"]
GroupKey = Literal["region", "component", "area_type", "area", "demographic", "citizenship",
                   "citizenship_group", "authority", "encounter_type", "month", "fy", "cy"]
WHERE_PATTERN = (r"^(region|component|area_type|area|demographic|citizenship|citizenship_group|"
                 r"authority|encounter_type)=[^=]+$")


class ErrorBody(BaseModel):
    """Every error: one sentence a person can act on."""

    error: str


#: the error statuses any route may answer, documented in the OpenAPI schema
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": text} for code, text in (
        (400, "the request names something unknown or impossible"),
        (401, "a token is needed, or the token is unknown"),
        (403, "the token may not do this"),
        (404, "no release or source has this"),
        (413, "the request body is too large"),
        (429, "too many bad tokens from this address"),
    )
}
MAX_BODY = 1_000_000  # bytes: a long article is far smaller
#: request bodies are taken as typed: no false read as a number, no unknown fields
STRICT = ConfigDict(extra="forbid")


def _iso_only(value: Any) -> Any:
    """A date must be written as a date (``2024-03-01``), not as a number of seconds."""
    if not isinstance(value, str | dt.date):
        raise ValueError("expected a date written YYYY-MM-DD")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_only)]
Count = Annotated[int, Field(strict=True)]
Number = Annotated[float, Field(strict=True)]


#: the 200 answer of a tabular route in each format it can take
TABLE_FORMATS: dict[int | str, dict[str, Any]] = {200: {"content": {
    "application/json": {}, "text/csv": {"schema": {"type": "string"}},
    "application/vnd.apache.parquet": {"schema": {"type": "string", "format": "binary"}},
}, "description": "rows in the requested format (json, csv, hxl or parquet)"}}


class TooManyAttempts(BorderflowError):
    """Token guessing: too many bad tokens from one address."""

    http_status = 429


class ApiSettings(BaseModel):
    """What the API serves from."""

    warehouse: Path = Field(description="the warehouse file (opened read-only)")
    shelters: Path | None = Field(default=None,
                                  description="the shelter networks' database (writes)")
    title: str = "borderflow"
    threads: int = Field(default=4, ge=1, le=64,
                         description="worker threads for routes that compute")
    max_failed_logins: int = Field(default=10, ge=1,
                                   description="bad tokens a client may send per minute")


class ClaimsRequest(BaseModel):
    """Text to check, and its date (default: the first date in the text)."""

    model_config = STRICT

    text: str = Field(max_length=200_000)
    date: IsoDate | None = None


class SiteIn(BaseModel):
    model_config = STRICT

    name: str = Field(min_length=1, max_length=200)
    beds: Count = Field(ge=0, le=1_000_000)
    kind: Literal["permanent", "overflow", "hotel"] = "permanent"
    lead_time_days: Count = Field(default=0, ge=0, le=365)
    open: Annotated[bool, Field(strict=True)] = True


class SiteRequest(BaseModel):
    """A site of an organisation's shelter network."""

    model_config = STRICT

    name: str = Field(min_length=1, max_length=200)
    beds: Count = Field(ge=0, le=1_000_000)


class DailyRecord(BaseModel):
    """One day at one site."""

    model_config = STRICT

    day: IsoDate
    arrivals: Count = Field(ge=0, le=1_000_000)
    departures: Count | None = Field(default=None, ge=0, le=1_000_000)
    occupancy: Count | None = Field(default=None, ge=0, le=1_000_000)


class RecordsRequest(BaseModel):
    model_config = STRICT

    records: list[DailyRecord] = Field(min_length=1, max_length=3_660)


class TokenRequest(BaseModel):
    model_config = STRICT

    role: Literal["viewer", "editor", "admin"]


class PlanRequest(BaseModel):
    """A capacity scenario: sites, recent daily arrivals, stays and departures."""

    model_config = STRICT

    sites: list[SiteIn] = Field(min_length=1, max_length=100)
    arrivals: list[Annotated[float, Field(strict=True, ge=0)]] = Field(
        min_length=7, max_length=3_650, description="daily arrivals, oldest first")
    last_day: IsoDate
    mean_stay_nights: Number = Field(ge=0.05, le=365)
    departures_per_day: Number | None = Field(default=None, ge=0)
    occupancy: Count = Field(default=0, ge=0)
    horizon: Count = Field(default=30, ge=1, le=180)
    scenarios: list[str] = Field(default_factory=list, max_length=20)
    paths: Count = Field(default=2000, ge=100, le=20_000)


def _parse_where(where: list[str]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for item in where:
        dim, sep, values = item.partition("=")
        if not sep:
            raise QueryError(f"where {item!r}: expected DIMENSION=VALUE[,VALUE...]")
        out[dim.strip()] = (*out.get(dim.strip(), ()), *(v.strip() for v in values.split(",")
                                                          if v.strip()))
    return out


def _month(text: str | None, name: str) -> dt.date | None:
    if text is None:
        return None
    try:
        year, month = text.split("-")[:2]
        return dt.date(int(year), int(month), 1)
    except ValueError:
        raise QueryError(f"{name} {text!r} is not a month; expected YYYY-MM") from None


def _provenance_headers(result: QueryResult) -> dict[str, str]:
    """Where a query's figures come from, in headers every format carries."""
    return {
        "X-Borderflow-Source": result.family,
        "X-Borderflow-Releases": ",".join(str(r.release_id) for r in result.releases),
        "X-Borderflow-Rounding": str(result.rounding),
        "X-Borderflow-Missing-Months": vocab.describe_months(result.missing) or "none",
    }


def _tabular(columns: list[str], rows: list[dict[str, Any]], meta: dict[str, Any],
             fmt: Format, name: str) -> Response:
    if fmt == "json":
        return JSONResponse(jsonable_encoder({"rows": rows, **meta}),
                            media_type="application/json")
    if fmt == "parquet":
        return Response(
            to_parquet(columns, rows, meta), media_type="application/vnd.apache.parquet",
            headers={"Content-Disposition": f'attachment; filename="{name}.parquet"'})
    return Response(to_csv(columns, rows, hxl=fmt == "hxl"), media_type="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


def create_app(settings: ApiSettings) -> FastAPI:
    """The API over one warehouse file."""
    state: dict[str, Any] = {}
    failures: dict[str, list[float]] = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if not settings.warehouse.exists():
            raise BorderflowError(f"no warehouse at {settings.warehouse}")
        state["wh"] = Warehouse(settings.warehouse, read_only=True, rollups=True)
        state["releases"] = len(state["wh"].releases())
        # Sync routes run in anyio's thread pool (40 threads by default).  The work is
        # mostly Python holding the GIL, so 40 threads only trade it back and forth;
        # a few keep DuckDB's GIL-free scans overlapping without the thrash.
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        if settings.shelters is not None:
            from borderflow.store.shelters import ShelterStore

            state["shelters"] = ShelterStore(settings.shelters)
        yield
        state.pop("wh").close()
        if "shelters" in state:
            state.pop("shelters").close()

    app = FastAPI(title=settings.title, lifespan=lifespan, responses=ERRORS,
                  description="Official U.S. border encounter statistics, every figure with "
                              "its source release.")

    def wh() -> Warehouse:
        warehouse: Warehouse = state["wh"]
        return warehouse

    def caller(request: Request) -> Any:
        """The authenticated principal; bad tokens are counted and rate limited per client."""
        import time

        from borderflow.store.shelters import AuthError

        store = state.get("shelters")
        if store is None:
            raise BorderflowError("this server takes no writes (no shelter database)")
        client = request.client.host if request.client else "?"
        now = time.monotonic()
        recent = [t for t in failures.get(client, []) if now - t < 60]
        failures[client] = recent
        if len(recent) >= settings.max_failed_logins:
            raise TooManyAttempts("too many bad tokens from this address; wait a minute")
        header = request.headers.get("authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else None
        try:
            return store.authenticate(token)
        except AuthError:
            if token:
                recent.append(now)
            raise

    from borderflow.web.pages import register as register_pages

    served = Served(wh)
    register_pages(app, wh, served)

    @app.exception_handler(BorderflowError)
    async def _error(request: Request, exc: BorderflowError) -> JSONResponse:
        return JSONResponse({"error": str(exc)}, status_code=exc.http_status)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:  # name every method the path takes, not one route's
            from starlette.routing import Match, Route

            methods = sorted({m for r in app.routes if isinstance(r, Route) and r.methods
                              and r.matches({"type": "http", "path": request.url.path,
                                             "method": "GET"})[0] != Match.NONE
                              for m in r.methods})
            headers["Allow"] = ", ".join(methods)
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code,
                            headers=headers or None)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                             for e in exc.errors()[:5])
        return JSONResponse({"error": f"invalid request: {problems}",
                             "detail": jsonable_encoder(exc.errors())}, status_code=422)

    app.add_middleware(ReadCache, private=("/api/orgs",))
    app.add_middleware(BodyLimit, limit=MAX_BODY)

    @app.get("/api/health")
    async def health(response: Response) -> dict[str, Any]:
        """Liveness, and how many releases the warehouse holds (fixed while served)."""
        response.headers["cache-control"] = "no-store"
        return {"status": "ok", "releases": state["releases"]}

    @app.get("/api/releases")
    def releases() -> list[dict[str, Any]]:
        """Every release with its provenance."""
        return [r.as_dict() for r in wh().releases()]

    @app.get("/api/releases/{old}/diff/{new}")
    def diff(old: str, new: str,
             limit: Annotated[int, Query(ge=0, le=100_000)] = 1000) -> dict[str, Any]:
        """Cells that changed between two releases of one publication."""
        d = wh().diff(old, new)
        return {
            "old": d.old.as_dict(), "new": d.new.as_dict(),
            "compared_months": [m.isoformat() for m in d.compared_months],
            "only_old": [m.isoformat() for m in d.only_old],
            "only_new": [m.isoformat() for m in d.only_new],
            "cells_compared": d.cells_compared, "changed": len(d.changes),
            "changes": [{"month": c.month.isoformat() if c.month else None, "fy": c.fy,
                         **c.dims, "old": c.old, "new": c.new, "delta": c.delta}
                        for c in d.changes[:limit]],
        }

    @app.get("/api/query", responses=TABLE_FORMATS)
    def query(
        where: Annotated[list[Annotated[str, Query(pattern=WHERE_PATTERN, max_length=500)]],
                         Query(description="DIMENSION=VALUE[,VALUE]")] = [],  # noqa: B006
        by: Annotated[list[GroupKey], Query(description="dimension or month/fy/cy")] = [],  # noqa: B006
        start: Annotated[str | None, Query(alias="from", pattern=r"^\d{4}-\d{2}$")] = None,
        end: Annotated[str | None, Query(alias="to", pattern=r"^\d{4}-\d{2}$")] = None,
        fy: Annotated[list[int], Query(description="fiscal years")] = [],  # noqa: B006
        as_of: dt.date | None = None,
        source: Annotated[str | None, Query(max_length=100)] = None,
        format: Format = "json",
    ) -> Response:
        """Encounters filtered and grouped, from the one source that answers best."""
        if any(not 1990 <= y <= 2100 for y in fy):
            raise QueryError("fy must be a fiscal year between 1990 and 2100")
        q = WarehouseQuery(filters=_parse_where(where), group_by=tuple(by),
                           start=_month(start, "from"), end=_month(end, "to"),
                           fiscal_years=tuple(fy) or None, as_of=as_of, source=source)
        result = wh().query(q)
        columns, rows = (result.columns, result.rows) if format in ("json", "parquet") \
            else result.provenance_columns()
        response = _tabular(columns, rows, result.provenance(), format, "encounters")
        response.headers.update(_provenance_headers(result))
        return response

    @app.get("/api/series/{name}", responses=TABLE_FORMATS)
    def series(name: str, measure: Literal["encounters", "cbp", "usbp"] = "encounters",
               as_of: dt.date | None = None, format: Format = "json") -> Response:
        """A long monthly series, each month labelled with its source."""
        s = wh().series(name, measure=measure, as_of=as_of)
        rows = [{"month": p.month.isoformat(), "encounters": p.encounters, "source": p.family,
                 "release": p.release_id, "rounding": p.rounding, "counts": p.scope}
                for p in s.points]
        return _tabular(["month", "encounters", "source", "release", "rounding", "counts"],
                        rows, {"series": s.name, "measure": s.measure,
                               "segments": [[f, a.isoformat(), b.isoformat()]
                                            for f, a, b in s.segments()],
                               "changes_of_meaning": [[m.isoformat(), text]
                                                      for m, text in s.changes()]},
                        format, s.name)

    @app.get("/api/brief")
    def brief(month: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")] = None,
              as_of: dt.date | None = None) -> dict[str, Any]:
        """The month in a dozen figures, each with its release."""
        from borderflow.analytics.brief import build_brief

        return build_brief(wh(), _month(month, "month"), as_of=as_of).as_dict()

    @app.get("/api/alerts")
    def alerts(since: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")] = None
               ) -> list[dict[str, Any]]:
        """Surges, drops, level shifts and mix shifts, with explanations."""
        first = _month(since, "since")
        return [a.as_dict() for a in served.alerts() if first is None or a.month >= first]

    @app.get("/api/forecasts")
    def forecasts(panel: PanelName = "sectors",
                  horizon: Annotated[int, Query(ge=1, le=12)] = 6) -> dict[str, Any]:
        """Coherent forecasts with calibrated 80% and 95% intervals."""
        from borderflow.forecast.models import SHIPPED

        p, fc = served.panel(panel), served.forecast(panel, horizon)
        rows = [{**r, "origin": r["origin"].isoformat(), "target": r["target"].isoformat()}
                for r in fc.rows()]
        return {"method": SHIPPED, "releases": p.releases, "forecasts": rows}

    @app.get("/api/forecasts/scoreboard")
    def scoreboard() -> dict[str, Any]:
        """Stored forecasts scored against the actuals later releases brought."""
        from borderflow.forecast.scoreboard import summary

        scores = served.scores()
        return {"summary": summary(scores), "forecasts": [s.as_dict() for s in scores]}

    @app.post("/api/claims")
    def claims(body: ClaimsRequest) -> list[dict[str, Any]]:
        """Check the figures in a text; each verdict with its evidence."""
        from borderflow.claims.check import check_text

        return [v.as_dict() for v in check_text(wh(), body.text, body.date)]

    @app.put("/api/orgs/{org}/sites/{site}")
    def put_site(org: str, site: str, body: SiteRequest, request: Request) -> dict[str, Any]:
        """Create or update a site of the organisation (editor or admin)."""
        who = caller(request)
        state["shelters"].add_site(who, org, site, body.name, body.beds)
        return {"org": org, "site": site, "name": body.name, "beds": body.beds}

    @app.post("/api/orgs/{org}/sites/{site}/records", status_code=201)
    def post_records(org: str, site: str, body: RecordsRequest,
                     request: Request) -> dict[str, Any]:
        """Submit daily arrivals, departures and occupancy; stored before it is acknowledged."""
        who = caller(request)
        n = state["shelters"].submit(who, org, site, [r.model_dump() for r in body.records])
        return {"stored": n}

    @app.get("/api/orgs/{org}/sites/{site}/records")
    def get_records(org: str, site: str, request: Request) -> list[dict[str, Any]]:
        """The site's daily records (any role of the organisation)."""
        result: list[dict[str, Any]] = state["shelters"].records(caller(request), org, site)
        return result

    @app.post("/api/orgs/{org}/tokens", status_code=201)
    def post_token(org: str, body: TokenRequest, request: Request) -> dict[str, str]:
        """Issue a token for the organisation (admins only); shown once."""
        return {"token": state["shelters"].issue_token(caller(request), org, body.role),
                "role": body.role}

    @app.get("/api/orgs/{org}/audit")
    def audit(org: str, request: Request) -> list[dict[str, Any]]:
        """Who wrote what, when (admins only)."""
        result: list[dict[str, Any]] = state["shelters"].audit_log(caller(request), org)
        return result

    @app.post("/api/plan")
    def plan(body: Annotated[PlanRequest, Body()]) -> dict[str, Any]:
        """Simulate a shelter network's nightly demand for beds under a scenario."""
        import numpy as np

        from borderflow.capacity.estimate import estimate_arrivals
        from borderflow.capacity.model import LengthOfStay, PlanInput, Site
        from borderflow.capacity.plan import make_plan
        from borderflow.capacity.scenarios import parse_scenario

        inp = PlanInput(
            start=body.last_day + dt.timedelta(days=1), horizon=body.horizon,
            sites=[Site(s.name, s.beds, s.kind, s.lead_time_days, s.open) for s in body.sites],
            los=LengthOfStay.geometric(body.mean_stay_nights),
            arrivals=estimate_arrivals(np.array(body.arrivals), body.last_day).model(body.horizon),
            occupancy=body.occupancy, departures_per_day=body.departures_per_day,
            scenarios=[parse_scenario(s) for s in body.scenarios])
        try:
            return make_plan(inp, paths=body.paths).as_dict()
        except ValueError as exc:
            raise QueryError(str(exc)) from exc

    return app
