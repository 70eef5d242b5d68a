"""Progress on stderr: slow steps are announced there, quick ones stay quiet,
and standard output is left clean for pipes."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from borderflow.cli import app
from borderflow.cli.progress import Steps


def test_only_slow_steps_are_announced() -> None:
    buffer = io.StringIO()
    with Steps(Console(file=buffer, width=200), after=0.05) as step:
        step("slow step")
        time.sleep(0.6)  # far beyond the 0.05 s threshold
        step("quick step")  # ends at once, well inside its threshold
    lines = buffer.getvalue().splitlines()
    assert lines[0] == "slow step..."
    took = re.fullmatch(r"slow step: done in (\d+\.\d) s", lines[1])
    assert took is not None and float(took.group(1)) >= 0.6
    assert len(lines) == 2  # nothing about the quick step
    quiet = io.StringIO()
    with Steps(Console(file=quiet), after=30) as step:
        step("instant")
    assert quiet.getvalue() == ""


def test_alerts_shows_progress_on_stderr_only(official_home: Path) -> None:
    # every step announced (threshold 0), so the test does not hang on the machine's speed
    result = CliRunner().invoke(app, ["alerts", "--home", str(official_home)],
                                env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb",
                                     "BORDERFLOW_PROGRESS_AFTER": "0"})
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("finding surges, drops and level shifts in every series"
                                    "...\n")
    assert re.search(r"finding surges, drops and level shifts in every series: done in "
                     r"\d+\.\d s", result.stderr)
    assert "finding shifts in the citizenship group mix: done in" in result.stderr
    assert "finding" not in result.stdout
    assert re.fullmatch(r"\d+ alerts", result.stdout.splitlines()[-1])
