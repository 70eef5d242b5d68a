"""The read cache, the body limit and the compute-once store in front of the API."""

from __future__ import annotations

import asyncio
import gzip
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from borderflow.serve.cache import BodyLimit, ReadCache
from borderflow.serve.memo import Memo
from borderflow.server import ApiSettings, create_app
from tests.servers import organisations


@pytest.fixture(scope="module")
def client(official_home: Path, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[tuple[TestClient, str]]:
    db = tmp_path_factory.mktemp("cache") / "shelters.sqlite"
    (token,) = organisations(db, "alpha")
    app = create_app(ApiSettings(warehouse=official_home / "warehouse.duckdb", shelters=db))
    with TestClient(app) as c:
        yield c, token


def test_cached_answer_is_the_same_bytes_plain_or_gzipped(client: tuple[TestClient, str]
                                                          ) -> None:
    c, _ = client
    url = "/api/series/southwest?format=csv"
    plain = {"accept-encoding": "identity"}
    first, again = c.get(url, headers=plain), c.get(url, headers=plain)
    assert first.content == again.content and "content-encoding" not in first.headers
    assert first.text.splitlines()[0] == "month,encounters,source,release,rounding,counts"
    with c.stream("GET", url, headers={"accept-encoding": "gzip"}) as zipped:
        wire = b"".join(zipped.iter_raw())
        assert zipped.headers["content-encoding"] == "gzip"
        assert zipped.headers["etag"] == first.headers["etag"]
    assert gzip.decompress(wire) == first.content and len(wire) < len(first.content) / 3
    assert first.headers["cache-control"] == "public, max-age=300"
    assert first.headers["content-type"].startswith("text/csv")
    small = c.get("/api/query?where=region=sw&by=fy&fy=2023&fy=2024&format=csv")
    assert small.text.splitlines()[1:3] == ["2023,2475669,24,cbp_state,1,",
                                           "2024,2135005,24,cbp_state,1,"]
    assert "content-encoding" not in small.headers  # too small to be worth compressing


def test_overview_etag_gives_304_and_head_no_body(client: tuple[TestClient, str]) -> None:
    c, _ = client
    plain = {"accept-encoding": "identity"}
    page = c.get("/", headers=plain)
    assert page.status_code == 200 and "Border encounters" in page.text
    again = c.get("/", headers={"if-none-match": page.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    fresh = c.head("/api/series/Tucson?format=csv", headers=plain)  # never asked before
    assert fresh.status_code == 200 and fresh.content == b""
    assert int(fresh.headers["content-length"]) == len(
        c.get("/api/series/Tucson?format=csv", headers=plain).content)
    head = c.head("/", headers=plain)
    assert head.status_code == 200 and head.content == b""
    assert int(head.headers["content-length"]) == len(page.content)
    assert c.get("/?junk=1", headers=plain).content == page.content  # built once, kept


def test_private_answers_are_never_kept(client: tuple[TestClient, str]) -> None:
    c, token = client
    auth = {"Authorization": f"Bearer {token}"}
    c.put("/api/orgs/alpha/sites/main", json={"name": "Main", "beds": 10}, headers=auth)
    url = "/api/orgs/alpha/sites/main/records"
    assert c.get(url, headers=auth).json() == []
    c.post(url, json={"records": [{"day": "2024-03-01", "arrivals": 5}]}, headers=auth)
    assert [r["arrivals"] for r in c.get(url, headers=auth).json()] == [5]
    assert "cache-control" not in c.get(url, headers=auth).headers
    assert c.get(url).status_code == 401  # no token: refused, not served from a cache
    health = c.get("/api/health")
    assert health.headers["cache-control"] == "no-store" and "etag" not in health.headers


def test_errors_are_not_kept(client: tuple[TestClient, str]) -> None:
    c, _ = client
    r = c.get("/api/series/atlantis")
    assert r.status_code == 400 and "cache-control" not in r.headers


async def _call(app: Any, method: str, path: str, body_chunks: list[bytes] | None = None,
                headers: list[tuple[bytes, bytes]] | None = None) -> tuple[int, bytes]:
    """Drive an ASGI app by hand: returns status and body."""
    chunks = list(body_chunks or [b""])
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if chunks:
            chunk = chunks.pop(0)
            return {"type": "http.request", "body": chunk, "more_body": bool(chunks)}
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "query_string": b"",
             "headers": headers or []}
    await app(scope, receive, send)
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


def _echo_app(calls: list[str]) -> Any:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        calls.append(scope["path"])
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        await asyncio.sleep(0.01)
        out = body or scope["path"].encode() * 100
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": out})
    return app


def test_body_limit_counts_chunked_bodies() -> None:
    calls: list[str] = []
    app = BodyLimit(_echo_app(calls), limit=10)
    status, body = asyncio.run(_call(app, "POST", "/x", [b"12345", b"67890", b"1"]))
    assert status == 413 and b"request body over 10 bytes" in body and calls == []
    status, body = asyncio.run(_call(app, "POST", "/x", [b"12345", b"67890"]))
    assert (status, body) == (200, b"1234567890") and calls == ["/x"]
    declared = [(b"content-length", b"11")]
    status, _ = asyncio.run(_call(app, "POST", "/x", [b"x" * 11], declared))
    assert status == 413 and calls == ["/x"]


def test_concurrent_misses_compute_once() -> None:
    calls: list[str] = []
    cache = ReadCache(_echo_app(calls))

    async def many() -> list[tuple[int, bytes]]:
        return await asyncio.gather(*(_call(cache, "GET", "/same") for _ in range(20)))

    answers = asyncio.run(many())
    assert calls == ["/same"]
    assert {a for a in answers} == {(200, b"/same" * 100)}


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from([f"/p{i}" for i in range(12)]), min_size=1, max_size=60))
def test_cache_stays_within_its_budget(paths: list[str]) -> None:
    calls: list[str] = []
    cache = ReadCache(_echo_app(calls), budget=4000)
    for path in paths:
        status, body = asyncio.run(_call(cache, "GET", path))
        assert (status, body) == (200, path.encode() * 100)  # always the right answer
        assert cache.used == sum(a.size for a in cache.answers.values()) <= cache.budget
    assert len(calls) >= len(set(paths))


def test_memo_builds_once_across_threads() -> None:
    memo = Memo()
    built: list[int] = []

    def build() -> int:
        built.append(1)
        threading.Event().wait(0.05)
        return 42

    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(memo.get("k", build)))
               for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [42] * 8 and built == [1] and len(memo) == 1
