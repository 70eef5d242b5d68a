"""The warehouse: storage, revisions and the query planner."""

from borderflow.store.models import (
    CellChange,
    Diff,
    FileOutcome,
    IngestReport,
    QueryResult,
    Release,
    Series,
    SeriesPoint,
)
from borderflow.store.query import Query
from borderflow.store.warehouse import Warehouse

__all__ = [
    "CellChange", "Diff", "FileOutcome", "IngestReport", "Query", "QueryResult", "Release",
    "Series", "SeriesPoint", "Warehouse",
]
