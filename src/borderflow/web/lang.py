"""The dashboard's language: chosen by ``?lang=``, kept in a cookie, else the browser's.

:class:`Language` is a pure-ASGI layer in front of the read cache: it works
out each request's language (``?lang=es`` first, then the ``borderflow_lang``
cookie a choice leaves, then ``Accept-Language``, else English), speaks it for
the request (``borderflow.i18n.use``), and records it in the scope so the cache
keeps one answer per URL *and* language.  A ``?lang=`` choice sets the cookie,
so the pages reached from there stay in that language.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from contextvars import ContextVar
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode

from borderflow import i18n

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "borderflow_lang"
#: the scope key the read cache adds to its key
SCOPE_KEY = "borderflow.lang"
#: paths that are not dashboard pages: the API's JSON keeps English labels whatever the
#: browser accepts, so a program reading it never sees them change
_NOT_PAGES = ("/api/", "/docs", "/redoc", "/openapi", "/static/")
#: a year: a reader's choice of language outlasts a visit
_COOKIE_AGE = 365 * 24 * 3600

#: the path and query string of the request being answered (for the switch link)
_URL: ContextVar[tuple[str, str]] = ContextVar("borderflow_url", default=("/", ""))


def _chosen(scope: Scope) -> tuple[str | None, bool]:
    """The language asked for in the query string (and True), else the cookie's."""
    query = scope.get("query_string", b"").decode("latin-1")
    for key, value in parse_qsl(query[:4096]):
        if key == "lang" and value in i18n.LANGUAGES:
            return value, True
    headers = dict(scope.get("headers", []))
    raw = headers.get(b"cookie", b"").decode("latin-1")[:4096]
    if raw:
        cookie: SimpleCookie = SimpleCookie()
        try:
            cookie.load(raw)
        except Exception:  # a malformed cookie header is ignored, not an error
            return None, False
        if COOKIE in cookie:
            return cookie[COOKIE].value, False
    return None, False


def language_of(scope: Scope) -> tuple[str, bool]:
    """A request's language, and whether its query string chose it."""
    chosen, explicit = _chosen(scope)
    accept = dict(scope.get("headers", [])).get(b"accept-language", b"").decode("latin-1")
    return i18n.negotiate(chosen, accept), explicit


class Language:
    """Answer each dashboard request in its reader's language (see the module)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or str(scope.get("path", "")).startswith(_NOT_PAGES):
            await self.app(scope, receive, send)  # the API answers in one language
            return
        lang, explicit = language_of(scope)
        scope[SCOPE_KEY] = lang
        url = _URL.set((scope.get("path", "/"), scope.get("query_string", b"").decode(
            "latin-1")))

        async def remember(message: Message) -> None:
            if explicit and message["type"] == "http.response.start":
                cookie = (f"{COOKIE}={lang}; Path=/; Max-Age={_COOKIE_AGE}; "
                          "SameSite=Lax").encode()
                message = {**message, "headers": [*message.get("headers", []),
                                                  (b"set-cookie", cookie)]}
            await send(message)

        try:
            with i18n.use(lang):
                await self.app(scope, receive, remember)
        finally:
            _URL.reset(url)


def switch_links(at: str = "") -> list[dict[str, str]]:
    """The other languages' links to this same page: its path and query (or the URL ``at``
    that shows it, for a page answering a POST), ``lang`` set."""
    path, query = at.partition("?")[::2] if at else _URL.get()
    kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "lang"]
    return [{"lang": code, "name": i18n.NAMES[code],
             "href": path + "?" + urlencode([*kept, ("lang", code)])}
            for code in i18n.LANGUAGES if code != i18n.current()]
