"""The dashboard's static files: versioned URLs and the headers that let browsers keep them.

``asset("charts.js")`` is ``/static/charts.js?v=<hash of the file>``: the URL
changes whenever the file does, so a versioned answer may be kept for a year
(``immutable``) and a returning reader's page costs no request for its script,
styles or the charting library.  A URL without the version is kept an hour.
"""

from __future__ import annotations

import functools
import hashlib
import os
from importlib.resources import files
from typing import Any

from starlette.responses import Response
from starlette.staticfiles import StaticFiles

#: how long a browser keeps a versioned asset (a year: its URL changes with its content)
VERSIONED = "public, max-age=31536000, immutable"
#: and one asked for without its version
UNVERSIONED = "public, max-age=3600"
#: and /favicon.ico, whose URL cannot carry a version (a day)
ICON = "public, max-age=86400"


def static_file(name: str) -> bytes:
    """The bytes of a file shipped in ``borderflow/web/static``."""
    return files("borderflow.web").joinpath("static", *name.split("/")).read_bytes()


@functools.cache
def asset(name: str) -> str:
    """The versioned URL of a static file (the first 12 hex digits of its SHA-256)."""
    digest = hashlib.sha256(static_file(name)).hexdigest()[:12]
    return f"/static/{name}?v={digest}"


class StaticAssets(StaticFiles):
    """Starlette's static files with a ``Cache-Control`` header."""

    def file_response(self, full_path: str | os.PathLike[str], stat_result: os.stat_result,
                      scope: Any, status_code: int = 200) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        versioned = b"v=" in scope.get("query_string", b"")
        response.headers["cache-control"] = VERSIONED if versioned else UNVERSIONED
        return response
