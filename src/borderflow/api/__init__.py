"""HTTP API over the warehouse (FastAPI): thin routes over the library."""

from borderflow.api.app import ApiSettings, create_app

__all__ = ["ApiSettings", "create_app"]
