"""The API's interactive documentation (Swagger UI), served by the package itself.

FastAPI's default ``/docs`` page loads Swagger UI from a CDN, so it is blank
offline.  Here its script and stylesheet come from the ``swagger-ui-bundle-v2``
wheel (Swagger UI 5, which reads the OpenAPI 3.1 schema FastAPI writes; its
Apache-2.0 licence ships in the wheel), mounted under ``/docs/assets``.  A
link at the top leads back to the dashboard (in English, like Swagger UI and the
API: ``web.lang`` leaves ``/docs`` out of the language choice).
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs/assets"
#: the way back to the dashboard, above Swagger UI (styled inline: the CSP allows it)
_BACK = ("<nav id='dashboard-link' style='padding:0.75rem 1.25rem;font:1rem system-ui,"
         "sans-serif'><a href='/'>&larr; borderflow: back to the dashboard</a></nav>")


def mount_docs(app: FastAPI) -> None:
    """Serve ``/docs`` (create the app with ``docs_url=None``) from packaged files."""
    from swagger_ui_bundle import swagger_ui_path

    app.mount(ASSETS, StaticFiles(directory=str(swagger_ui_path)), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json", title=f"{app.title} API",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon-32x32.png")
        html = bytes(page.body).decode().replace("<html>", '<html lang="en">', 1)
        return HTMLResponse(html.replace("<body>", "<body>\n" + _BACK, 1))
