"""uvicorn's fast HTTP parser (httptools) with bounds on the request head.

httptools accepts a request line and headers of any size, so four 50 MB
headers held 180 MB.  This protocol counts the bytes of each request's head
as they arrive and, past :data:`MAX_HEAD_BYTES`, answers 431 and closes the
connection: at most one read past the bound is ever held.  A head must also
arrive within :data:`HEAD_TIMEOUT_S` (``borderflow serve --head-timeout``) of
connecting (or of its first byte on a kept-alive connection), so a client
trickling bytes cannot hold a connection.  (uvicorn's h11 parser has such a
bound, but serves about a third of the requests a second here: measured with
wrk, 50 connections.)
"""

from __future__ import annotations

from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from borderflow.serve.limits import HEAD_TIMEOUT_RANGE, HEAD_TIMEOUT_S

__all__ = ["HEAD_TIMEOUT_RANGE", "HEAD_TIMEOUT_S", "MAX_HEAD_BYTES", "BoundedHttpToolsProtocol",
           "bounded_protocol"]

#: the largest request head (request line and headers) read; browsers send a few KB
MAX_HEAD_BYTES = 64 * 1024
_DRAIN_S = 1.0
_REFUSAL = (b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: text/plain\r\n"
            b"content-length: 33\r\nconnection: close\r\n\r\nrequest headers over 64 KB total\n")


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """httptools, refusing a request head over :data:`MAX_HEAD_BYTES` or slower than
    :attr:`head_timeout` seconds."""

    head_timeout: float = HEAD_TIMEOUT_S

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_bytes = 0
        self._in_head = True
        self._refused = False
        self._head_timer: Any = None

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._head_timer = self.loop.call_later(self.head_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _too_slow(self) -> None:
        self._head_timer = None
        if self._in_head and not self.transport.is_closing():
            self.transport.close()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._head_bytes = 0
        self._in_head = True
        if self._head_timer is None:
            self._arm()

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._disarm()
        super().on_headers_complete()

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return  # the rest of a refused head is read and dropped, never kept
        if self._in_head:
            self._head_bytes += len(data)
        super().data_received(data)
        if self._in_head and self._head_bytes > MAX_HEAD_BYTES:
            self._refused = True
            self.transport.write(_REFUSAL)
            # Closing at once, with the client still sending, would reset the connection
            # before it reads the 431; drain for a moment instead (bounded: dropped).
            self.loop.call_later(_DRAIN_S, self.transport.close)


def bounded_protocol(head_timeout: float = HEAD_TIMEOUT_S) -> type[BoundedHttpToolsProtocol]:
    """The protocol class uvicorn builds per connection, with ``head_timeout`` seconds for a
    request head (uvicorn takes a class, not an instance, so the bound is a class attribute).

    Raises:
        ValueError: ``head_timeout`` is outside :data:`HEAD_TIMEOUT_RANGE`.
    """
    lo, hi = HEAD_TIMEOUT_RANGE
    if not lo <= head_timeout <= hi:
        raise ValueError(f"head timeout {head_timeout:g} s: expected {lo:g} to {hi:g} seconds")
    return type("BoundedHttpToolsProtocol", (BoundedHttpToolsProtocol,),
                {"head_timeout": float(head_timeout)})
