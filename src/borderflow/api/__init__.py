"""HTTP API (FastAPI routers): thin routes over the library.

``routes`` holds the public read routes, ``orgs`` the shelter networks' write
routes, ``schemas`` their request shapes and ``exports`` the table formats.
``borderflow.server.create_app`` mounts them beside the dashboard.
"""
