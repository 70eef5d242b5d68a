"""Scope on every figure: what was asked, the period, the months counted, the source."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from borderflow.cli import app

WIDE = {"COLUMNS": "250"}


def _run(home: Path, *args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--home", str(home)], env=WIDE)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_query_table_says_what_was_asked(official_home: Path) -> None:
    text = _run(official_home, "query", "-w", "region=southwest", "--fy", "2026")
    lines = text.splitlines()
    # the AOR release's FY2026 southwest total through July 2026 (MANIFEST)
    assert lines[0] == ("Encounters: region Southwest Land Border; FY2026; months counted: "
                        "2025-10 to 2026-07")
    assert "│    115,762 │" in text
    assert lines[-1].startswith("source: CBP Nationwide Encounters by area of responsibility; "
                                "releases #25 nationwide-encounters-fy23-fy26-jul-aor-extract"
                                ".csv (2026-08-31); NOT PUBLISHED by this source, so not "
                                "counted: 2026-08..2026-09")
    month = _run(official_home, "query", "-w", "region=sw", "--from", "2025-10", "--to",
                 "2025-10", "--as-of", "2026-01-01").splitlines()
    # as the November state release had it, before the AOR release revised it to 11,704
    assert month[0] == ("Encounters: region Southwest Land Border; 2025-10 to 2025-10; months "
                        "counted: 2025-10 to 2025-10 (as published by 2026-01-01)")
    assert any("│     11,707 │" in line for line in month)
    anything = _run(official_home, "query", "-b", "fy", "-w", "component=usbp", "--from",
                    "2024-01").splitlines()
    assert anything[0] == ("Encounters: component USBP; 2024-01 to the newest month; months "
                           "counted: 2024-12 to 2026-07")
