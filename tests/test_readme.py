"""The README's console examples run against the official-data warehouse, output compared."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from borderflow.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"


def examples() -> list[tuple[str, str]]:
    """(command, expected output) for each ``$ borderflow`` line in console blocks."""
    out: list[tuple[str, str]] = []
    for block in re.findall(r"```console\n(.*?)```", README.read_text(), re.S):
        command: str | None = None
        lines: list[str] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command:
                    out.append((command, "\n".join(lines) + "\n"))
                command, lines = line[2:], []
            else:
                lines.append(line)
        if command:
            out.append((command, "\n".join(lines) + "\n"))
    return out


def test_readme_has_examples() -> None:
    assert len(examples()) == 6


@pytest.mark.parametrize(("command", "expected"), examples())
def test_readme_example(command: str, expected: str, official_home: Path) -> None:
    args = shlex.split(command)
    assert args[0] == "borderflow"
    result = CliRunner().invoke(app, [*args[1:], "--home", str(official_home)])
    assert result.exit_code == 0, result.output
    assert result.output == expected
