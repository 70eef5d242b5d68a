"""What Spanish costs: the language layer on a cached page, and the catalogue itself.

In one process, over the official-data warehouse:

- the cached overview page through the whole ASGI stack, with the language layer
  (``borderflow.web.lang.Language``) and, as the baseline, the same app without it;
- the Spanish overview (``?lang=es``) and the one ``Accept-Language: es`` picks, both
  cached, against the English one;
- compiling the Spanish catalogue from its ``.po`` (once per process), and one
  ``_()`` lookup in Spanish against one in English.

Requests go through Starlette's in-process test client, sequentially: the figures are
per request on one core, client cost included (the same in both arms), so the ratios
are what to read.  Run: ``.venv/bin/python benchmarks/i18n.py [WAREHOUSE]`` (without a
warehouse path, one is built from the official files in a temporary folder).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _common import data_dir, row

from borderflow import i18n
from borderflow.server import ApiSettings, create_app
from borderflow.store import Warehouse
from borderflow.web.lang import Language

REQUESTS = 300
ROUNDS = 5


def _client(warehouse: Path, *, language: bool) -> object:
    from fastapi.testclient import TestClient

    app = create_app(ApiSettings(warehouse=warehouse))
    if not language:  # the baseline: the same stack less the language layer
        app.user_middleware = [m for m in app.user_middleware if m.cls is not Language]
    return TestClient(app)


def _per_request(client: object, path: str, headers: dict[str, str]) -> float:
    get: Callable[..., object] = client.get  # type: ignore[attr-defined]
    get(path, headers=headers)  # computed once, then served from the read cache
    start = time.perf_counter()
    for _ in range(REQUESTS):
        get(path, headers=headers)
    return (time.perf_counter() - start) / REQUESTS


def main() -> None:
    if len(sys.argv) > 1:
        warehouse = Path(sys.argv[1])
    else:
        folder = Path(tempfile.mkdtemp(prefix="borderflow-i18n-"))
        warehouse = folder / "warehouse.duckdb"
        with Warehouse(warehouse) as wh:
            wh.ingest([data_dir()])
    gzip = {"accept-encoding": "gzip"}
    asks = {"english": ("/", gzip), "spanish": ("/?lang=es", gzip),
            "negotiated": ("/", {**gzip, "accept-language": "es-MX,es;q=0.9"})}
    times: dict[str, list[float]] = {"plain": [], **{k: [] for k in asks}}
    # both apps open at once, measured in alternating rounds: the machine's other load
    # and the warm-up fall on both arms alike; the median round is reported
    with _client(warehouse, language=False) as base, \
            _client(warehouse, language=True) as c:  # type: ignore[attr-defined]
        for _round in range(ROUNDS):
            times["plain"].append(_per_request(base, "/", gzip))
            for key, (path, headers) in asks.items():
                times[key].append(_per_request(c, path, headers))
    plain = statistics.median(times["plain"])
    print(f"{ROUNDS} rounds of {REQUESTS} sequential requests per figure, cached overview page")
    for key, label in (("english", "overview, English, with the language layer"),
                       ("spanish", "overview, ?lang=es"),
                       ("negotiated", "overview, Accept-Language: es")):
        row(label, statistics.median(times[key]), plain, "ms", "(baseline: no language layer)")

    i18n.translations.cache_clear()
    start = time.perf_counter()
    i18n.translations("es")
    compile_s = time.perf_counter() - start
    print(f"{'compile the Spanish catalogue (once)':<44} {compile_s * 1000:9.3f} ms")
    n = 100_000

    def lookups(lang: str) -> float:
        with i18n.use(lang):
            start = time.perf_counter()
            for _ in range(n):
                i18n.gettext("Border encounters")
            return (time.perf_counter() - start) / n

    es, en = lookups("es"), lookups("en")
    print(f"{'one _() lookup in Spanish':<44} {es * 1e6:9.3f} us  baseline {en * 1e6:9.3f} us"
          f"  ratio {es / en:6.3f}  (baseline: English, no catalogue)")


if __name__ == "__main__":
    main()
