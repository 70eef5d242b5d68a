"""A real ``borderflow serve`` process on loopback, for tests that need one."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from borderflow.store.shelters import ShelterStore


def organisations(db: Path, *orgs: str) -> list[str]:
    """Register shelter organisations in ``db``; their first admin tokens, in order."""
    store = ShelterStore(db)
    try:
        return [store.create_org(org, org.title()) for org in orgs]
    finally:
        store.close()


def served_home(official_home: Path, folder: Path, org: str) -> tuple[Path, str]:
    """A home in ``folder`` with the official warehouse (linked) and one organisation."""
    home = folder / "home"
    home.mkdir()
    (home / "warehouse.duckdb").symlink_to(official_home / "warehouse.duckdb")
    return home, organisations(home / "shelters.sqlite", org)[0]


def free_port() -> int:
    """A loopback port nobody is listening on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(home: Path, port: int | None = None, *, kill: bool = False,
            args: tuple[str, ...] = ()) -> Iterator[str]:
    """Run the API and dashboard on ``home`` until the block ends; yields the base URL.

    ``kill`` ends it with SIGKILL (a crash) instead of SIGTERM; ``args`` are more options
    of ``borderflow serve``.
    """
    port = port or free_port()
    proc = subprocess.Popen([sys.executable, "-m", "borderflow", "serve", "--home", str(home),
                             "--port", str(port), *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=os.environ.copy())
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError("the server did not start")
            time.sleep(0.3)
        yield base
    finally:
        proc.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        proc.wait(timeout=30)
