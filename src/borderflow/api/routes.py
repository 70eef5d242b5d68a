"""The read routes: public statistics, no token.

Each route parses its parameters, calls one library function and shapes the
answer; every figure comes back with the release(s) it was taken from.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from borderflow import vocab
from borderflow.api.schemas import (
    TABLE_FORMATS,
    WHERE_PATTERN,
    ClaimsRequest,
    Format,
    GroupKey,
    PlanRequest,
)
from borderflow.errors import QueryError
from borderflow.exports import to_csv, to_parquet
from borderflow.serve.memo import PanelName
from borderflow.serve.state import Cancel, State
from borderflow.store import Query as WarehouseQuery
from borderflow.store import QueryResult

router = APIRouter()
Month = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")]


def parse_where(where: list[str]) -> dict[str, tuple[str, ...]]:
    """``DIMENSION=VALUE[,VALUE]`` items to filters."""
    out: dict[str, tuple[str, ...]] = {}
    for item in where:
        dim, sep, values = item.partition("=")
        if not sep:
            raise QueryError(f"where {item!r}: expected DIMENSION=VALUE[,VALUE...]")
        out[dim.strip()] = (*out.get(dim.strip(), ()), *(v.strip() for v in values.split(",")
                                                          if v.strip()))
    return out


def parse_month(text: str | None, name: str) -> dt.date | None:
    """``YYYY-MM`` to the first of the month; ``None`` stays ``None``."""
    if text is None:
        return None
    try:
        return vocab.parse_month(text)
    except ValueError:
        raise QueryError(f"{name} {text!r} is not a month; expected YYYY-MM") from None


def provenance_headers(result: QueryResult) -> dict[str, str]:
    """Where a query's figures come from, in headers every format carries."""
    return {
        "X-Borderflow-Source": result.family,
        "X-Borderflow-Releases": ",".join(str(r.release_id) for r in result.releases),
        "X-Borderflow-Rounding": str(result.rounding),
        "X-Borderflow-Missing-Months": vocab.describe_months(result.missing) or "none",
    }


def tabular(columns: list[str], rows: list[dict[str, Any]], meta: dict[str, Any],
            fmt: Format, name: str) -> Response:
    """Rows as JSON (with their provenance), CSV, HXL-tagged CSV or Parquet."""
    if fmt == "json":
        return JSONResponse(jsonable_encoder({"rows": rows, **meta}),
                            media_type="application/json")
    if fmt == "parquet":
        return Response(
            to_parquet(columns, rows, meta), media_type="application/vnd.apache.parquet",
            headers={"Content-Disposition": f'attachment; filename="{name}.parquet"'})
    return Response(to_csv(columns, rows, hxl=fmt == "hxl"), media_type="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


@router.get("/api/health")
async def health(state: State, response: Response) -> dict[str, Any]:
    """Liveness, how many releases the warehouse holds (fixed while served), the
    computations running now and those stopped because their client went away."""
    response.headers["cache-control"] = "no-store"
    return {"status": "ok", "releases": state.releases, "computing": state.computing,
            "cancelled": state.cancelled}


@router.get("/api/releases")
def releases(state: State) -> list[dict[str, Any]]:
    """Every release with its provenance."""
    return [r.public_dict() for r in state.warehouse.releases()]


@router.get("/api/releases/{old}/diff/{new}")
def diff(state: State, old: str, new: str,
         limit: Annotated[int, Query(ge=0, le=100_000)] = 1000) -> dict[str, Any]:
    """Cells that changed between two releases (of one publication, or of two on the
    breakdowns they share)."""
    d = state.warehouse.diff(old, new)
    return {
        "old": d.old.public_dict(), "new": d.new.public_dict(),
        "compared_months": [m.isoformat() for m in d.compared_months],
        "only_old": [m.isoformat() for m in d.only_old],
        "only_new": [m.isoformat() for m in d.only_new],
        "cells_compared": d.cells_compared, "changed": len(d.changes),
        "changes": [{"month": c.month.isoformat() if c.month else None, "fy": c.fy,
                     **c.dims, "old": c.old, "new": c.new, "delta": c.delta}
                    for c in d.changes[:limit]],
    }


@router.get("/api/query", responses=TABLE_FORMATS)
def query(
    state: State,
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
    """Encounters filtered and grouped, from the one source that answers best.

    Months asked for that the source does not publish are named (``missing_months``
    in JSON, a column in CSV, and the ``X-Borderflow-Missing-Months`` header).
    """
    q = WarehouseQuery(filters=parse_where(where), group_by=tuple(by),
                       start=parse_month(start, "from"), end=parse_month(end, "to"),
                       fiscal_years=tuple(fy) or None, as_of=as_of, source=source)
    result = state.warehouse.query(q)
    columns, rows = (result.columns, result.rows) if format in ("json", "parquet") \
        else result.provenance_columns()
    response = tabular(columns, rows, result.provenance(), format, "encounters")
    response.headers.update(provenance_headers(result))
    return response


@router.get("/api/series/{name}", responses=TABLE_FORMATS)
def series(state: State, name: str,
           measure: Literal["encounters", "cbp", "usbp"] = "encounters",
           as_of: dt.date | None = None, format: Format = "json") -> Response:
    """A long monthly series, each month labelled with its source and what it counts."""
    s = state.warehouse.series(name, measure=measure, as_of=as_of)
    rows = [{"month": p.month.isoformat(), "encounters": p.encounters, "source": p.family,
             "release": p.release_id, "rounding": p.rounding, "counts": p.scope}
            for p in s.points]
    return tabular(["month", "encounters", "source", "release", "rounding", "counts"],
                   rows, {"series": s.name, "measure": s.measure,
                          "segments": [[f, a.isoformat(), b.isoformat()]
                                       for f, a, b in s.segments()],
                          "changes_of_meaning": [[m.isoformat(), text]
                                                 for m, text in s.changes()]},
                   format, s.name)


@router.get("/api/brief")
def brief(state: State, month: Month = None, as_of: dt.date | None = None) -> dict[str, Any]:
    """The month in a dozen figures, each with its release."""
    from borderflow.analytics.brief import build_brief

    return build_brief(state.warehouse, parse_month(month, "month"), as_of=as_of).as_dict()


@router.get("/api/alerts")
def alerts(state: State, since: Month = None) -> list[dict[str, Any]]:
    """Surges, drops, level shifts and mix shifts, with explanations."""
    first = parse_month(since, "since")
    return [a.as_dict() for a in state.served.alerts() if first is None or a.month >= first]


@router.get("/api/forecasts")
def forecasts(state: State, panel: PanelName = "sectors",
              horizon: Annotated[int, Query(ge=1, le=12)] = 6) -> dict[str, Any]:
    """Coherent forecasts with calibrated 80% and 95% intervals."""
    from borderflow.forecast.models import SHIPPED

    p, fc = state.served.panel(panel), state.served.forecast(panel, horizon)
    rows = [{**r, "origin": r["origin"].isoformat(), "target": r["target"].isoformat()}
            for r in fc.rows()]
    return {"method": SHIPPED, "releases": p.releases, "forecasts": rows}


@router.get("/api/forecasts/scoreboard")
def scoreboard(state: State) -> dict[str, Any]:
    """Stored forecasts scored against the actuals later releases brought."""
    from borderflow.forecast.scoreboard import summary

    scores = state.served.scores()
    return {"summary": summary(scores), "forecasts": [s.as_dict() for s in scores]}


@router.post("/api/claims")
async def claims(state: State, body: ClaimsRequest, request: Request) -> list[dict[str, Any]]:
    """Check the figures in a text; each verdict with its evidence."""
    from borderflow.claims.check import check_text

    verdicts = await state.compute(
        lambda cancel: check_text(state.warehouse, body.text, body.date, cancel=cancel), request)
    return [v.as_dict() for v in verdicts]


@router.post("/api/plan")
async def plan(state: State, body: Annotated[PlanRequest, Body()],
               request: Request) -> dict[str, Any]:
    """Simulate a shelter network's nightly demand for beds under a scenario.

    The work (paths x days x stay lengths) is checked against its budget before
    anything runs: past it the answer is 422 with the most paths that fit.  It stops
    when the client goes away.
    """
    return await state.compute(lambda cancel: _plan(body, cancel), request)


def _plan(body: PlanRequest, cancel: Cancel | None = None) -> dict[str, Any]:
    """The same plan, notes, assumptions, estimate and advice as ``borderflow plan --json``."""
    import numpy as np

    from borderflow.capacity.inputs import History, Network
    from borderflow.capacity.model import LengthOfStay, Site
    from borderflow.capacity.planner import plan_network
    from borderflow.capacity.scenarios import parse_scenario

    n = len(body.arrivals)
    try:
        network = Network(
            name="api", sites=[Site(s.name, s.beds, s.kind, s.lead_time_days, s.open)
                               for s in body.sites],
            los=LengthOfStay.geometric(body.mean_stay_nights),
            departures_per_day=body.departures_per_day, occupancy=body.occupancy,
            arrival_level_sd=None, derive_sector=None, release_share=None)
        history = History(
            [body.last_day - dt.timedelta(days=n - 1 - i) for i in range(n)],
            np.array(body.arrivals, dtype=float), np.full(n, np.nan), np.full(n, np.nan))
        planned = plan_network(network, history, horizon=body.horizon,
                               scenarios=[parse_scenario(s) for s in body.scenarios],
                               paths=body.paths, keep=body.keep_days, cancel=cancel)
        return planned.as_dict()
    except (ValueError, OverflowError) as exc:
        raise QueryError(str(exc)) from exc
