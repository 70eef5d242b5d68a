"""The API's request and response shapes, kept apart from the storage rows.

Request bodies are strict (no unknown fields, no ``false`` read as a number),
and every error answer is ``{"error": ...}`` with the status the error carries.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from borderflow.sources import DIMENSIONS
from borderflow.store.query import TIME_KEYS

Format = Literal["json", "csv", "hxl", "parquet"]
#: what a query may group by: every dimension, the derived citizenship group, and time
GROUP_KEYS: tuple[str, ...] = (*DIMENSIONS, "citizenship_group", *TIME_KEYS)
GroupKey = Literal["region", "component", "area_type", "area", "demographic", "citizenship",
                   "authority", "encounter_type", "citizenship_group", "month", "fy", "cy"]
WHERE_PATTERN = r"^(" + "|".join((*DIMENSIONS, "citizenship_group")) + r")=[^=]+$"


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
#: the days a plan, a shelter record or a claim's date may name (the query's years)
FIRST_DAY, LAST_DAY = dt.date(1950, 1, 1), dt.date(2100, 12, 31)


def _in_range(value: dt.date) -> dt.date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(f"expected a day from {FIRST_DAY} to {LAST_DAY}")
    return value


Day = Annotated[dt.date, BeforeValidator(_iso_only), AfterValidator(_in_range)]
Count = Annotated[int, Field(strict=True)]
Number = Annotated[float, Field(strict=True)]


#: the 200 answer of a tabular route in each format it can take
TABLE_FORMATS: dict[int | str, dict[str, Any]] = {200: {"content": {
    "application/json": {}, "text/csv": {"schema": {"type": "string"}},
    "application/vnd.apache.parquet": {"schema": {"type": "string", "format": "binary"}},
}, "description": "rows in the requested format (json, csv, hxl or parquet)"}}


class ClaimsRequest(BaseModel):
    """Text to check, and its date (default: the first date in the text)."""

    model_config = STRICT

    text: str = Field(max_length=200_000)
    date: Day | None = None


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

    day: Day
    arrivals: Count = Field(ge=0, le=1_000_000)
    departures: Count | None = Field(default=None, ge=0, le=1_000_000)
    occupancy: Count | None = Field(default=None, ge=0, le=1_000_000)


class RecordsRequest(BaseModel):
    model_config = STRICT

    records: list[DailyRecord] = Field(min_length=1, max_length=3_660)


class TokenRequest(BaseModel):
    model_config = STRICT

    role: Literal["viewer", "editor", "admin"]
    days: Count = Field(default=90, ge=1, le=3660, description="days the token lives")


class PlanRequest(BaseModel):
    """A capacity scenario: sites, recent daily arrivals, stays and departures."""

    model_config = STRICT

    sites: list[SiteIn] = Field(min_length=1, max_length=100)
    arrivals: list[Annotated[float, Field(strict=True, ge=0, le=1_000_000,
                                          allow_inf_nan=False)]] = Field(
        min_length=7, max_length=3_650, description="daily arrivals, oldest first")
    last_day: Day
    mean_stay_nights: Number = Field(ge=0.05, le=365)
    departures_per_day: Number | None = Field(default=None, ge=0, le=1_000_000)
    occupancy: Count = Field(default=0, ge=0, le=1_000_000)
    horizon: Count = Field(default=14, ge=1, le=180, description=(
        "days to plan; the planner was validated up to 14 (Tucson), and the answer "
        "warns past that"))
    scenarios: list[str] = Field(default_factory=list, max_length=20)
    paths: Count = Field(default=2000, ge=100, le=20_000)
    keep_days: list[Day] = Field(default_factory=list, max_length=100, description=(
        "days whose count is far from the days around it but right: used as given "
        "(the answer's notes say so); without it such a day is refused"))
