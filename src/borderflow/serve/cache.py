"""Two pure-ASGI layers in front of the app: a body-size limit and a read cache.

They are plain ASGI callables, not Starlette's ``BaseHTTPMiddleware``: that
class runs every request through an extra task and memory stream, which cost
more than the cached answer itself under load (issue 7's 50-client test).

The cache is sound because the warehouse is opened read-only while served:
a public GET answers the same bytes until the process restarts.  Answers are
kept per URL (path and query string) within a byte budget, compressed once
for clients that accept gzip, and validated by an ETag so a browser's repeat
visit costs a 304.  Private answers (any request carrying a token, the
shelter networks' routes) and anything a route marks ``no-store`` are never
kept.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: answers smaller than this are not worth compressing
_GZIP_FROM = 1024


async def _send_json(send: Send, status: int, payload: dict[str, str]) -> None:
    body = json.dumps(payload).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with a 413, before the app reads them.

    A declared Content-Length is checked at once; a chunked body is counted
    as it arrives, and the request is refused once it passes the limit.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _send_json(send, 413, {"error": f"request body over {self.limit:,} bytes"})
            return
        if declared is not None or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        # no length declared: read it all (up to the limit) and replay it to the app
        chunks: list[bytes] = []
        size, more = 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await _send_json(send, 413, {"error": f"request body over {self.limit:,} bytes"})
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


@dataclass(frozen=True)
class _Answer:
    status: int
    headers: list[tuple[bytes, bytes]]  # without content-length / content-encoding
    body: bytes
    gzipped: bytes | None
    etag: bytes

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzipped or b"") + 256


class ReadCache:
    """Keep the public GET answers of a read-only server, per URL, within ``budget`` bytes.

    Concurrent misses on one URL compute it once: the others wait for the
    first (a cold overview takes seconds, and 50 clients must not all build it).
    """

    def __init__(self, app: ASGIApp, *, budget: int = 128 * 1024 * 1024,
                 private: tuple[str, ...] = ()) -> None:
        self.app, self.budget, self.private = app, budget, private
        self.answers: OrderedDict[bytes, _Answer] = OrderedDict()
        self.used = 0
        self.pending: dict[bytes, asyncio.Event] = {}
        self.generation = 0

    def _cacheable(self, scope: Scope) -> bool:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return False  # a HEAD is answered as the GET would be, without the body
        path: str = scope["path"]
        if path.startswith(self.private):
            return False
        return not any(name == b"authorization" for name, _ in scope["headers"])

    def _follow(self, scope: Scope) -> None:
        """Forget every answer when the served warehouse has been replaced by an update."""
        state = getattr(getattr(scope.get("app"), "state", None), "borderflow", None)
        if state is None:
            return
        state.refresh()
        if state.generation != self.generation:
            self.generation = state.generation
            self.answers.clear()
            self.used = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self._follow(scope)
        if not self._cacheable(scope):
            await self.app(scope, receive, send)
            return
        key = scope["path"].encode() + b"?" + scope.get("query_string", b"")
        key += b"#" + scope.get("borderflow.lang", "").encode()  # one answer per language
        while key not in self.answers and key in self.pending:
            await self.pending[key].wait()
        answer = self.answers.get(key)
        if answer is not None:
            self.answers.move_to_end(key)
            await self._replay(answer, scope, send)
            return
        event = self.pending[key] = asyncio.Event()
        try:
            await self._fill(key, scope, receive, send)
        finally:
            del self.pending[key]
            event.set()

    async def _fill(self, key: bytes, scope: Scope, receive: Receive, send: Send) -> None:
        start: Message = {}
        chunks: list[bytes] = []
        keep = True

        async def capture(message: Message) -> None:
            nonlocal keep
            if message["type"] == "http.response.start":
                start.update(message)
                headers = dict(message.get("headers", []))
                keep = message["status"] == 200 and b"no-store" not in headers.get(
                    b"cache-control", b"") and b"content-encoding" not in headers
                if not keep:
                    await send(message)
            elif message["type"] == "http.response.body":
                if not keep:
                    await send(message)
                    return
                chunks.append(message.get("body", b""))

        # a HEAD runs as the GET it asks about (the server drops the body of a HEAD)
        await self.app({**scope, "method": "GET"}, receive, capture)
        if not keep or not start:
            return
        body = b"".join(chunks)
        # a public lifetime the app chose (versioned static assets: a year) is kept
        own = dict(start.get("headers", [])).get(b"cache-control", b"")
        headers = [(k, v) for k, v in start.get("headers", [])
                   if k.lower() not in (b"content-length", b"cache-control", b"etag")]
        headers.append((b"cache-control", own if own.startswith(b"public") else
                        b"public, max-age=300"))
        headers.append((b"vary", b"accept-encoding, accept-language, cookie"))
        gzipped = gzip.compress(body, 6, mtime=0) if len(body) >= _GZIP_FROM else None
        etag = b'"' + hashlib.sha256(body).hexdigest()[:32].encode() + b'"'
        answer = _Answer(start["status"], headers, body, gzipped, etag)
        if answer.size <= self.budget // 8:  # one page may not push out everything else
            self.answers[key] = answer
            self.used += answer.size
            while self.used > self.budget:
                _, old = self.answers.popitem(last=False)
                self.used -= old.size
        await self._replay(answer, scope, send)

    @staticmethod
    async def _replay(answer: _Answer, scope: Scope, send: Send) -> None:
        request = dict(scope["headers"])
        if answer.etag in request.get(b"if-none-match", b""):
            await send({"type": "http.response.start", "status": 304,
                        "headers": [(b"etag", answer.etag), (b"vary", b"accept-encoding")]})
            await send({"type": "http.response.body", "body": b""})
            return
        body, headers = answer.body, [*answer.headers, (b"etag", answer.etag)]
        if answer.gzipped is not None and b"gzip" in request.get(b"accept-encoding", b""):
            body = answer.gzipped
            headers.append((b"content-encoding", b"gzip"))
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": answer.status, "headers": headers})
        await send({"type": "http.response.body",
                    "body": b"" if scope["method"] == "HEAD" else body})
