"""Fetch the newest official files from CBP and OHSS into a local cache.

The landing pages list the current releases as links; every link whose file
name a reader recognises is fetched.  A file whose bytes hash to what the cache
already holds is skipped, so a monthly run only ingests what changed.  HTTP
goes through a passed-in ``httpx.Client``, so tests use a local server.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import httpx

from borderflow.errors import DownloadRefusedError, NetworkUnavailableError
from borderflow.sources import READERS

HAND_HINT = (
    "Download the files in a web browser from the pages listed by `borderflow update --help` "
    "and run `borderflow ingest FOLDER`, or set BORDERFLOW_DATA_DIR to that folder."
)


@dataclass(frozen=True)
class Fetched:
    """The outcome of one file: new, changed, unchanged or refused."""

    url: str
    status: str
    path: Path | None
    sha256: str | None
    message: str = ""


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.extend(v for k, v in attrs if k == "href" and v)


def is_release_name(name: str) -> bool:
    """True if some reader recognises this file name."""
    return any(re.search(r.NAME_PATTERN, name, re.IGNORECASE) for r in READERS)


def file_name(url: str) -> str:
    """The decoded last path segment of ``url``."""
    return unquote(urlparse(url).path.rsplit("/", 1)[-1])


def safe_name(url: str) -> str | None:
    """The file name ``url`` would be saved under, or ``None`` when it is not a plain name.

    The name comes from a web page, so it is refused when decoding it gives a path
    (``..%2F``, an absolute path, a backslash, a drive letter) or a control character:
    a download must never be written outside its folder.
    """
    name = file_name(url)
    if (not name or name in (".", "..") or name.startswith(".")
            or any(c in name for c in "/\\:") or any(ord(c) < 32 for c in name)):
        return None
    return name


def discover(client: httpx.Client, page: str) -> list[str]:
    """Absolute URLs of the release files linked from ``page``, in page order.

    Raises:
        NetworkUnavailableError, DownloadRefusedError: the page cannot be read.
    """
    response = _get(client, page)
    parser = _Links()
    parser.feed(response.text)
    urls = [urljoin(str(response.url), h) for h in parser.hrefs]
    return list(dict.fromkeys(u for u in urls if is_release_name(file_name(u))))


def _get(client: httpx.Client, url: str) -> httpx.Response:
    try:
        response = client.get(url, follow_redirects=True)
    except httpx.TimeoutException as exc:
        raise NetworkUnavailableError(f"{url}: no answer before the time-out. {HAND_HINT}") \
            from exc
    except httpx.TransportError as exc:
        raise NetworkUnavailableError(f"{url}: cannot connect ({exc}). {HAND_HINT}") from exc
    if response.status_code == 403:
        raise DownloadRefusedError(
            f"{url}: refused (HTTP 403). CBP's web firewall turns away some non-browser "
            f"clients. {HAND_HINT}")
    if response.status_code >= 400:
        raise DownloadRefusedError(f"{url}: HTTP {response.status_code}. {HAND_HINT}")
    return response


def fetch_all(
    client: httpx.Client,
    pages: tuple[str, ...] | list[str],
    cache_dir: Path,
    *,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[Fetched]:
    """Fetch every release linked from ``pages`` into ``cache_dir``.

    A landing page that cannot be read raises; a single file that cannot be
    read is reported as ``refused`` and the others still download.

    Raises:
        NetworkUnavailableError: no page could be reached at all.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = cache_dir / "manifest.json"
    manifest: dict[str, dict[str, str]] = (
        json.loads(manifest_path.read_text()) if manifest_path.exists() else {})
    urls: list[str] = []
    for page in pages:
        urls.extend(u for u in discover(client, page) if u not in urls)
    out: list[Fetched] = []
    folder = cache_dir.resolve()
    for i, url in enumerate(urls, start=1):
        if progress:
            progress(i, len(urls), file_name(url))
        name = safe_name(url)
        if name is None or (folder / name).resolve().parent != folder:
            out.append(Fetched(url, "refused", None, None,
                               f"the link's file name {file_name(url)!r} is not a plain file "
                               "name; it is not downloaded (it could be written outside "
                               f"{cache_dir})"))
            continue
        try:
            data = _get(client, url).content
        except (DownloadRefusedError, NetworkUnavailableError) as exc:
            out.append(Fetched(url, "refused", None, None, str(exc)))
            continue
        sha = hashlib.sha256(data).hexdigest()
        previous = manifest.get(url)
        target = folder / name
        if previous and previous["sha256"] == sha and target.exists():
            out.append(Fetched(url, "unchanged", target, sha, "same sha256 as the cached copy"))
            continue
        tmp = target.with_suffix(target.suffix + ".part")
        tmp.write_bytes(data)
        tmp.replace(target)  # atomic: a cut download never replaces a good file
        manifest[url] = {"sha256": sha, "file": target.name}
        manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True))
        out.append(Fetched(url, "changed" if previous else "new", target, sha))
    return out


def make_client(timeout: float, user_agent: str) -> httpx.Client:
    """The HTTP client ``update`` uses (tests pass their own)."""
    return httpx.Client(timeout=timeout, headers={"User-Agent": user_agent})
