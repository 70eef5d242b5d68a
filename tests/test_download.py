"""The downloader against a real local HTTP server serving pages and files the tests write."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from borderflow.cli import app
from borderflow.download import discover, fetch_all
from borderflow.errors import DownloadRefusedError, NetworkUnavailableError
from tests.fixtures import SBO_HEADER, STATE_HEADER, csv_text, state_rows
from tests.servers import free_port


@dataclass
class Site:
    """Routes: path -> (status, body, delay seconds)."""

    routes: dict[str, tuple[int, bytes, float]] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)
    base: str = ""

    def put(self, path: str, body: bytes | str, status: int = 200, delay: float = 0.0) -> None:
        self.routes[path] = (status, body.encode() if isinstance(body, str) else body, delay)


@pytest.fixture
def site() -> Iterator[Site]:
    yield from local_site()


def local_site() -> Iterator[Site]:
    """A local HTTP server serving what the test puts (stopped when the generator ends)."""
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's API
            state.hits.append(self.path)
            status, body, delay = state.routes.get(self.path, (404, b"not found", 0.0))
            if delay:
                time.sleep(delay)
            try:
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (the time-out test)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


STATE_CSV = csv_text(STATE_HEADER, state_rows(months=("OCT",)))
SBO_CSV = csv_text(SBO_HEADER, [["2024", "FYTD", "OCT", "U.S. Border Patrol", "Single Adults",
                                 "Mexico", "Title 8", "Apprehensions", "10"]])
PAGE = """<html><body>
<a href="/files/2024-11/nationwide-encounters-fy21-fy24-oct-state.csv">State (CSV)</a>
<a href="../files/sbo-encounters-fy22-fy25-nov.csv">Southwest by component</a>
<a href="/files/report.pdf">Monthly report (PDF)</a>
<a href="https://example.invalid/elsewhere.html">elsewhere</a>
<a href="/files/KHSM%20Encounters%20(USBP)%20fy25m11.xlsx">KHSM</a>
<a>no link</a>
</body></html>"""


def client(timeout: float = 5.0) -> httpx.Client:
    return httpx.Client(timeout=timeout)


def test_discover_finds_release_links(site: Site) -> None:
    site.put("/stats/page", PAGE)
    with client() as c:
        urls = discover(c, site.base + "/stats/page")
    assert urls == [
        site.base + "/files/2024-11/nationwide-encounters-fy21-fy24-oct-state.csv",
        site.base + "/files/sbo-encounters-fy22-fy25-nov.csv",
        site.base + "/files/KHSM%20Encounters%20(USBP)%20fy25m11.xlsx",
    ]


def test_fetch_new_unchanged_changed(site: Site, tmp_path: Path) -> None:
    site.put("/page", '<a href="/f/nationwide-encounters-fy21-fy24-oct-state.csv">a</a>'
                      '<a href="/f/sbo-encounters-fy22-fy25-nov.csv">b</a>')
    site.put("/f/nationwide-encounters-fy21-fy24-oct-state.csv", STATE_CSV)
    site.put("/f/sbo-encounters-fy22-fy25-nov.csv", SBO_CSV)
    cache = tmp_path / "cache"
    with client() as c:
        first = fetch_all(c, [site.base + "/page"], cache)
        assert [f.status for f in first] == ["new", "new"]
        assert (cache / "sbo-encounters-fy22-fy25-nov.csv").read_bytes() == SBO_CSV.encode()
        second = fetch_all(c, [site.base + "/page"], cache)
        assert [f.status for f in second] == ["unchanged", "unchanged"]
        site.put("/f/sbo-encounters-fy22-fy25-nov.csv", SBO_CSV.replace(",10", ",11"))
        third = fetch_all(c, [site.base + "/page"], cache)
    assert [f.status for f in third] == ["unchanged", "changed"]
    assert (cache / "sbo-encounters-fy22-fy25-nov.csv").read_bytes().endswith(b",11\r\n")
    assert not list(cache.glob("*.part"))


def test_refused_file_is_reported_and_others_download(site: Site, tmp_path: Path) -> None:
    site.put("/page", '<a href="/f/nationwide-encounters-fy21-fy24-oct-state.csv">a</a>'
                      '<a href="/f/sbo-encounters-fy22-fy25-nov.csv">b</a>')
    site.put("/f/nationwide-encounters-fy21-fy24-oct-state.csv", "Access Denied", status=403)
    site.put("/f/sbo-encounters-fy22-fy25-nov.csv", SBO_CSV)
    with client() as c:
        got = fetch_all(c, [site.base + "/page"], tmp_path)
    assert [f.status for f in got] == ["refused", "new"]
    assert "refused (HTTP 403)" in got[0].message
    assert "borderflow ingest FOLDER" in got[0].message


def test_refused_page(site: Site, tmp_path: Path) -> None:
    site.put("/page", "Access Denied", status=403)
    with client() as c, pytest.raises(DownloadRefusedError) as info:
        fetch_all(c, [site.base + "/page"], tmp_path)
    assert str(info.value).startswith(f"{site.base}/page: refused (HTTP 403). CBP's web "
                                      "firewall turns away some non-browser clients.")


def test_timeout(site: Site, tmp_path: Path) -> None:
    site.put("/slow", "<html></html>", delay=2.0)
    with client(timeout=0.3) as c, pytest.raises(NetworkUnavailableError) as info:
        fetch_all(c, [site.base + "/slow"], tmp_path)
    assert "no answer before the time-out" in str(info.value)


def test_no_network(tmp_path: Path) -> None:
    port = free_port()
    with client() as c, pytest.raises(NetworkUnavailableError, match="cannot connect"):
        fetch_all(c, [f"http://127.0.0.1:{port}/page"], tmp_path)


def test_update_command_ingests_only_changes(site: Site, tmp_path: Path) -> None:
    site.put("/page", '<a href="/f/nationwide-encounters-fy21-fy24-oct-state.csv">a</a>')
    site.put("/f/nationwide-encounters-fy21-fy24-oct-state.csv", STATE_CSV)
    runner = CliRunner()
    args = ["update", "--home", str(tmp_path / "home"), "--page", site.base + "/page"]
    first = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert first.exit_code == 0, first.output
    assert "1 ingested, 0 unchanged, 0 not recognised" in first.output
    second = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert second.exit_code == 0
    assert "unchanged" in second.output and "ingested," not in second.output
    from borderflow.store import Warehouse

    with Warehouse(tmp_path / "home" / "warehouse.duckdb", read_only=True) as wh:
        (release,) = wh.releases()
    assert release.origin == site.base + "/f/nationwide-encounters-fy21-fy24-oct-state.csv"


def test_update_command_without_network_says_what_to_do(tmp_path: Path) -> None:
    port = free_port()
    result = CliRunner().invoke(app, ["update", "--home", str(tmp_path), "--page",
                                      f"http://127.0.0.1:{port}/page"], env={"COLUMNS": "300"})
    assert result.exit_code == 3
    assert "cannot connect" in result.output
    assert "run `borderflow ingest FOLDER`, or set BORDERFLOW_DATA_DIR" in result.output
