"""A process killed in the middle of an ingest leaves the warehouse consistent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from borderflow.store import Warehouse

SCRIPT = textwrap.dedent("""
    import sys
    from pathlib import Path
    from borderflow.store import Warehouse

    def progress(stage, done, total, name):
        print(stage, done, total, name, flush=True)

    wh = Warehouse(Path(sys.argv[1]))
    wh.ingest([Path(sys.argv[2])], progress=progress)
    print("committed", flush=True)
""")


def _run_and_kill(db: Path, data: Path, kill_on: str) -> bool:
    """Start an ingest; SIGKILL it when a progress line starts with ``kill_on``.

    Returns whether the process was killed before it committed.
    """
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT, str(db), str(data)],
                            stdout=subprocess.PIPE, text=True, env=os.environ.copy())
    assert proc.stdout is not None
    killed = False
    deadline = time.monotonic() + 120
    for line in proc.stdout:
        if line.startswith(kill_on):
            proc.send_signal(signal.SIGKILL)
            killed = True
            break
        if time.monotonic() > deadline:  # pragma: no cover - a hung child
            proc.kill()
            break
    proc.wait(timeout=60)
    return killed


def test_kill_mid_write_leaves_previous_state(tmp_path: Path, data_dir: Path) -> None:
    db = tmp_path / "w.duckdb"
    # Kill while reading, then in the middle of the write transaction (after the 3rd file).
    for trigger in ("read 5", "write 3", "write 20"):
        assert _run_and_kill(db, data_dir, trigger)
        with Warehouse(db) as wh:
            assert wh.releases() == []
            assert wh.verify() == []
    # A full ingest after the crashes gives the complete, consistent warehouse.
    with Warehouse(db) as wh:
        report = wh.ingest([data_dir])
        assert len(report.ingested) == 25
        assert wh.verify() == []


def test_kill_during_second_batch_keeps_first(tmp_path: Path, data_dir: Path) -> None:
    db = tmp_path / "w.duckdb"
    with Warehouse(db) as wh:
        wh.ingest([data_dir / "cbp_southwest_sbo"])
        before = [r.sha256 for r in wh.releases()]
    assert _run_and_kill(db, data_dir, "write 2")
    with Warehouse(db) as wh:
        assert [r.sha256 for r in wh.releases()] == before
        assert wh.verify() == []
