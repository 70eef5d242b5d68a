"""What the API and the dashboard share while serving: one service layer below both.

``state``   the served warehouse, shelter store and settings, one per app
``memo``    results computed once per served warehouse (forecasts, alerts, pages)
``cache``   the ASGI read cache and request-body limit

The API (``borderflow.api``) and the pages (``borderflow.web``) both build on
this package and never import each other; ``borderflow.server`` composes them.
"""
