"""Settings, passed in explicitly (never a module global).

``BORDERFLOW_HOME`` holds the warehouse and the download cache;
``BORDERFLOW_DATA_DIR`` names a folder of official files already on disk.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from pydantic import BaseModel, Field

#: Where CBP and OHSS list their current releases (see SOURCES.md).
OFFICIAL_PAGES: tuple[str, ...] = (
    "https://www.cbp.gov/newsroom/stats/nationwide-encounters",
    "https://www.cbp.gov/newsroom/stats/southwest-land-border-encounters",
    "https://ohss.dhs.gov/khsm/cbp-encounters",
)


def default_home() -> Path:
    """``$BORDERFLOW_HOME``, else the user's data directory for borderflow."""
    env = os.environ.get("BORDERFLOW_HOME")
    return Path(env).expanduser() if env else Path(platformdirs.user_data_dir("borderflow"))


class Settings(BaseModel):
    """Where borderflow keeps its files and where it looks for releases."""

    home: Path = Field(default_factory=default_home,
                       description="folder holding warehouse.duckdb and the download cache")
    data_dir: Path | None = Field(
        default_factory=lambda: Path(p) if (p := os.environ.get("BORDERFLOW_DATA_DIR")) else None,
        description="folder of official files to ingest instead of downloading")
    pages: tuple[str, ...] = Field(default=OFFICIAL_PAGES,
                                   description="landing pages listing the current releases")
    timeout: float = Field(default=30.0, gt=0, description="seconds before a request gives up")
    user_agent: str = Field(
        default="borderflow/0.1 (+https://github.com/borderflow; official statistics reader)",
        description="sent with every request")

    @property
    def warehouse_path(self) -> Path:
        return self.home / "warehouse.duckdb"

    @property
    def cache_dir(self) -> Path:
        return self.home / "downloads"
