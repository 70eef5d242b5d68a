"""The composition root: one app that serves the API and the dashboard side by side.

``create_app(settings)`` builds the FastAPI app: its lifespan opens the
warehouse read-only (and the shelter database, when there is one) into a
:class:`~borderflow.serve.state.ServerState`; the read cache and body limit
wrap it; the API routers (``borderflow.api``) and the page router
(``borderflow.web``) are mounted beside each other over the same service layer
(``borderflow.serve``).  Neither imports the other.

Errors take one path: every :class:`~borderflow.errors.BorderflowError`, HTTP
error and validation error goes to :func:`_render`, which answers an API
route with JSON ``{"error": ...}`` and a page with an HTML error page (a form
with bad input is shown again with its errors, by the page itself).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from borderflow.api import orgs, routes
from borderflow.api.schemas import ERRORS
from borderflow.errors import BorderflowError
from borderflow.i18n import _
from borderflow.serve.cache import BodyLimit, ReadCache
from borderflow.serve.headers import SecurityHeaders
from borderflow.serve.state import ApiSettings, ServerState
from borderflow.web import forms, pages
from borderflow.web.assets import StaticAssets
from borderflow.web.docs import mount_docs
from borderflow.web.lang import Language

MAX_BODY = 1_000_000  # bytes: a long article is far smaller

__all__ = ["ApiSettings", "create_app", "serve"]


def create_app(settings: ApiSettings) -> FastAPI:
    """The API and the dashboard over one warehouse file."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from borderflow.store import Warehouse

        if not settings.warehouse.exists():
            raise BorderflowError(f"no warehouse at {settings.warehouse}")
        warehouse = Warehouse(settings.warehouse, read_only=True, rollups=True)
        shelters = None
        if settings.shelters is not None:
            from borderflow.store.shelters import ShelterStore

            shelters = ShelterStore(settings.shelters)
        app.state.borderflow = ServerState(settings, warehouse, shelters,
                                           releases=len(warehouse.releases()))
        # Sync routes run in anyio's thread pool (40 threads by default).  The work is
        # mostly Python holding the GIL, so 40 threads only trade it back and forth;
        # a few keep DuckDB's GIL-free scans overlapping without the thrash.
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        yield
        warehouse.close()
        if shelters is not None:
            shelters.close()

    app = FastAPI(title=settings.title, lifespan=lifespan, responses=ERRORS, docs_url=None,
                  description="Official U.S. border encounter statistics, every figure with "
                              "its source release.")
    app.include_router(routes.router)
    app.include_router(orgs.router)
    app.include_router(pages.router)
    app.include_router(forms.router)  # the capacity and claims forms
    mount_docs(app)  # /docs: Swagger UI from the package, so it works offline
    # versioned URLs (web.assets.asset), kept by browsers for a year
    app.mount("/static", StaticAssets(packages=[("borderflow.web", "static")]), name="static")
    _add_error_handlers(app)
    app.add_middleware(ReadCache, private=("/api/orgs",))
    app.add_middleware(Language)  # outside the cache: its key includes the language
    app.add_middleware(BodyLimit, limit=MAX_BODY)
    app.add_middleware(SecurityHeaders)
    return app


#: the seconds an idle connection is kept open
READ_TIMEOUT_S = 5


def serve(settings: ApiSettings, host: str, port: int) -> None:
    """Run the app with uvicorn within bounds.

    The client address is the socket's unless ``settings.proxies`` names trusted
    proxies, whose ``X-Forwarded-For`` is then believed (so the token rate limit
    cannot be bypassed with a made-up header).  Request heads are capped
    (``serve.http.MAX_HEAD_BYTES``, answered 431), a head must arrive within
    ``settings.head_timeout`` seconds, and idle connections are closed after
    ``READ_TIMEOUT_S``.
    """
    import uvicorn

    from borderflow.serve.http import bounded_protocol

    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning",
                access_log=False, http=bounded_protocol(settings.head_timeout),
                timeout_keep_alive=READ_TIMEOUT_S, proxy_headers=bool(settings.proxies),
                forwarded_allow_ips=",".join(settings.proxies) or None)


def _is_api(request: Request) -> bool:
    path = request.url.path
    return path.startswith(("/api/", "/docs", "/redoc", "/openapi")) or path == "/api"


def _render(request: Request, status: int, message: str, *,
            headers: dict[str, str] | None = None, detail: Any = None) -> Response:
    """The one error renderer: JSON for the API, an HTML page for the dashboard."""
    if _is_api(request):
        body: dict[str, Any] = {"error": message}
        if detail is not None:
            body["detail"] = detail
        return JSONResponse(body, status_code=status, headers=headers)
    return pages.error_page(status, message, headers=headers)


def _allowed_methods(app: FastAPI, path: str) -> str:
    """Every method a path takes, for a 405's ``Allow`` header."""
    from starlette.routing import Route

    def routes(items: list[Any]) -> list[Route]:
        # FastAPI keeps an included router as one entry holding it (``original_router``);
        # the Allow header was empty while only the top level was looked at
        out: list[Route] = []
        for r in items:
            inner = getattr(r, "original_router", None)
            if inner is not None:
                out += routes(list(inner.routes))
            elif isinstance(r, Route):
                out.append(r)
        return out

    methods = sorted({m for r in routes(list(app.routes)) if r.methods
                      and r.path_regex.match(path) for m in r.methods})
    return ", ".join(methods)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(BorderflowError)
    async def _error(request: Request, exc: BorderflowError) -> Response:
        return _render(request, exc.http_status, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            headers["Allow"] = _allowed_methods(app, request.url.path)
        message = str(exc.detail)
        if not _is_api(request):  # a page's reader gets a sentence in the page's language
            message = _("no such page") if exc.status_code == 404 else _(
                "this page cannot be opened this way ({method}); it takes {allowed}").format(
                method=request.method, allowed=headers["Allow"]) if exc.status_code == 405 \
                else message
        return _render(request, exc.status_code, message, headers=headers or None)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                             for e in exc.errors()[:5])
        if not _is_api(request):  # a form sent without a field, or with a wrong one
            fields = ", ".join(dict.fromkeys(str(e["loc"][-1]) for e in exc.errors()[:5]))
            return _render(request, 422, _("the form was sent without a field, or with a "
                                           "wrong one: {fields}").format(fields=fields))
        # where and what, not the input echoed back (it may not even be valid JSON: NaN)
        detail = [{k: e[k] for k in ("loc", "msg", "type") if k in e} for e in exc.errors()]
        return _render(request, 422, f"invalid request: {problems}",
                       detail=jsonable_encoder(detail))
