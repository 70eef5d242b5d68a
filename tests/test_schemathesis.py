"""schemathesis against the running API's OpenAPI schema: no failures.

Run through its command line against a live server (its pytest plugin does not
load under this pytest).  ``positive_data_acceptance`` is left out: the schema
cannot list every citizenship or area, so some schema-valid values are rightly
refused as unknown (with a documented 400).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from borderflow.store.shelters import ShelterStore


def test_schemathesis_finds_nothing(official_home: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "warehouse.duckdb").symlink_to(official_home / "warehouse.duckdb")
    store = ShelterStore(home / "shelters.sqlite")
    token = store.create_org("demo", "Demo")
    store.close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "borderflow", "serve", "--home", str(home),
                               "--port", str(port)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, env=os.environ.copy())
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        st = shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or \
            "schemathesis"
        run = subprocess.run(
            [st, "run", f"http://127.0.0.1:{port}/openapi.json", "--max-examples", "3",
             "--workers", "1", "--seed", "1", "-H", f"Authorization: Bearer {token}",
             "--exclude-checks", "positive_data_acceptance"],
            capture_output=True, text=True, cwd=tmp_path, timeout=900)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    assert run.returncode == 0, run.stdout[-4000:]
    assert "❌" not in run.stdout and "passed" in run.stdout
