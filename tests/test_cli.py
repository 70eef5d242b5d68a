"""The CLI: exact output of each command on a small warehouse the tests write."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from borderflow.cli import app
from tests.fixtures import STATE_HEADER, state_rows, write_csv

ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}


@pytest.fixture
def home(tmp_path: Path) -> Path:
    files = tmp_path / "files"
    files.mkdir()
    write_csv(files / "nationwide-encounters-fy23-fy24-oct-state.csv", STATE_HEADER,
              state_rows(months=("OCT",)))
    write_csv(files / "nationwide-encounters-fy23-fy24-nov-state.csv", STATE_HEADER,
              state_rows(months=("OCT", "NOV"), scale=2))
    (files / "README.md").write_text("notes")
    result = run("ingest", str(files), "--home", str(tmp_path / "home"))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "2 ingested, 0 unchanged, 1 not recognised"
    return tmp_path / "home"


def run(*args: str) -> object:
    return CliRunner().invoke(app, list(args), env=ENV)


def test_query_csv(home: Path) -> None:
    result = run("query", "-w", "region=sw", "-b", "month", "--fy", "2024", "-f", "csv",
                 "--home", str(home))
    assert result.exit_code == 0
    assert result.output == (
        "month,encounters,releases,source,rounding,missing_months\n"
        "2023-10-01,294,2,cbp_state,1,2023-12..2024-09\n"
        "2023-11-01,300,2,cbp_state,1,2023-12..2024-09\n")


def test_query_as_of_uses_older_release(home: Path) -> None:
    # the fixtures' publication dates are inferred late: the end of the next month
    result = run("query", "-w", "region=sw", "--from", "2023-10", "--to", "2023-10", "-f", "csv",
                 "--as-of", "2023-12-05", "--home", str(home))
    assert result.output == "encounters,releases,source,rounding,missing_months\n" \
                            "147,1,cbp_state,1,\n"
    result = run("query", "-w", "region=sw", "--from", "2023-10", "--to", "2023-10", "-f", "csv",
                 "--as-of", "2023-11-20", "--home", str(home))
    assert result.exit_code == 1
    assert result.output == "error: no release in the warehouse had been published by " \
                            "2023-11-20\n"


def test_query_table(home: Path) -> None:
    result = run("query", "-b", "region", "--fy", "2024", "--home", str(home))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].strip() == "Encounters: no filters; FY2024; months counted: 2023-10 to 2023-11"
    assert [ln.split("│")[1:3] for ln in lines if ln.startswith("│")] == [
        [" Northern Land Border  ", "         82 "],
        [" Other                 ", "         14 "],
        [" Southwest Land Border ", "        594 "],
    ]
    header = next(ln for ln in lines if ln.startswith("┃"))
    assert [c.strip() for c in header.split("┃")[1:-1]] == ["region", "encounters",
                                                            "from release"]
    assert {ln.split("│")[3].strip() for ln in lines if ln.startswith("│")} == {"#2"}
    assert "source: CBP Nationwide Encounters by state (USBP + OFO); releases #2" in \
        " ".join(ln.strip() for ln in lines)


def test_query_json_and_parquet(home: Path, tmp_path: Path) -> None:
    result = run("query", "-b", "demographic", "--fy", "2024", "-w", "area=TX", "-f", "json",
                 "--home", str(home))
    doc = json.loads(result.stdout)  # progress goes to stderr
    assert doc["rows"] == [
        {"demographic": "Single Adults", "encounters": 402, "releases": [2]},
        {"demographic": "Unaccompanied Children", "encounters": 30, "releases": [2]}]
    assert doc["family"] == "cbp_state"
    assert doc["releases"][0]["file_name"] == "nationwide-encounters-fy23-fy24-nov-state.csv"
    assert doc["query"]["params"][-2:] == ["TX", "state"]
    out = tmp_path / "q.parquet"
    result = run("query", "-b", "area", "--fy", "2024", "-f", "parquet", "--out", str(out),
                 "--home", str(home))
    assert result.exit_code == 0
    table = pq.read_table(out)
    assert dict(zip(table["area"].to_pylist(), table["encounters"].to_pylist(), strict=True)) == {
        "AZ": 162, "FL": 14, "NY": 82, "TX": 432}
    assert json.loads(table.schema.metadata[b"borderflow"])["family"] == "cbp_state"


def test_query_errors(home: Path) -> None:
    result = run("query", "-w", "component=usbp", "--home", str(home))
    assert result.exit_code == 1
    assert result.output.startswith("error: no single source can answer this query: cbp_state "
                                    "has no component breakdown")
    result = run("query", "-w", "nonsense", "--home", str(home))
    assert result.output == "error: --where 'nonsense': expected DIMENSION=VALUE[,VALUE...]\n"
    result = run("query", "--from", "2024-13", "--home", str(home))
    assert result.output == "error: --from '2024-13' is not a month; expected YYYY-MM\n"
    result = run("releases", "--home", str(home / "nowhere"))
    assert result.exit_code == 1
    assert result.output.startswith("error: no warehouse at ")


def test_releases_json(home: Path) -> None:
    doc = json.loads(run("releases", "--json", "--home", str(home)).output)
    assert [(r["release_id"], r["file_name"], r["coverage_start"], r["coverage_end"],
             r["published"], r["published_inferred"], r["observations"]) for r in doc] == [
        (1, "nationwide-encounters-fy23-fy24-oct-state.csv", "2023-10-01", "2023-10-01",
         "2023-11-30", True, 5),
        (2, "nationwide-encounters-fy23-fy24-nov-state.csv", "2023-10-01", "2023-11-01",
         "2023-12-31", True, 10)]


def test_releases_in_an_80_column_terminal_keep_whole_file_names(home: Path) -> None:
    import io

    from rich.console import Console

    from borderflow.cli._common import use_console

    buffer = io.StringIO()
    with use_console(Console(file=buffer, width=80, color_system=None)):
        assert run("releases", "--home", str(home)).exit_code == 0
    lines = buffer.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 80
    cells = [[c.strip() for c in line.split("│")[1:-1]] for line in lines if "│" in line]
    names, covers = [], []
    for row in cells:  # a release starts where its id is; folded parts follow on its lines
        if row[0]:
            names.append(row[2])
            covers.append(row[3])
        else:
            names[-1] += row[2]
            covers[-1] += " " + row[3] if row[3] else ""
    assert names == ["nationwide-encounters-fy23-fy24-oct-state.csv",
                     "nationwide-encounters-fy23-fy24-nov-state.csv"]
    assert covers == ["2023-10 to 2023-10", "2023-10 to 2023-11"]


def test_diff(home: Path) -> None:
    doc = json.loads(run("diff", "1", "2", "--json", "--home", str(home)).output)
    assert doc["cells_compared"] == 5
    assert doc["only_new"] == ["2023-11-01"]
    assert [(c["area"], c["old"], c["new"], c["delta"]) for c in doc["changes"]] == [
        ("NY", 20, 40, 20), ("FL", 3, 6, 3), ("AZ", 40, 80, 40), ("TX", 100, 200, 100),
        ("TX", 7, 14, 7)]
    text = run("diff", "1", "2", "--home", str(home)).output
    assert "1 months in both, 5 cells compared, 5 changed" in text.splitlines()


def test_brief_json(home: Path) -> None:
    doc = json.loads(run("brief", "--json", "--home", str(home)).output)
    assert doc["month"] == "2023-11-01"
    assert [(t["label"], t["value"]) for t in doc["totals"]] == [
        ("Southwest border encounters", 300), ("Nationwide encounters", 350)]
    month_on_month = next(c for c in doc["changes"]
                          if c["label"] == "Southwest border, on the month")
    assert (month_on_month["current"]["value"], month_on_month["baseline"]["value"]) == (300, 294)
    cits = next(r for r in doc["rankings"] if r["label"].startswith("Top citizenships"))
    assert [(i["name"], i["encounters"]) for i in cits["items"]] == [
        ("Mexico", 202), ("Guatemala", 82), ("Honduras", 16)]


def test_verify_and_help(home: Path) -> None:
    assert run("verify", "--home", str(home)).output == "ok: 2 releases, every one stored whole\n"
    helptext = run("--help").output
    for command in ("ingest", "update", "releases", "query", "series", "diff", "brief", "verify",
                    "run"):
        assert command in helptext


def test_run_builds_and_prints_brief(tmp_path: Path) -> None:
    files = tmp_path / "files"
    files.mkdir()
    write_csv(files / "nationwide-encounters-fy23-fy24-nov-state.csv", STATE_HEADER,
              state_rows(months=("OCT", "NOV")))
    result = run("run", "--home", str(tmp_path / "home"), "--data-dir", str(files))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "1 ingested, 0 unchanged, 0 not recognised" in lines
    assert "Border encounters: November 2023" in lines
    assert any(ln.startswith("│ Southwest border encounters") and "150" in ln for ln in lines)


def test_family_table_describes_rounding(home: Path) -> None:
    import duckdb

    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    rows = dict(con.execute("SELECT family, rounding FROM family").fetchall())
    con.close()
    assert rows["ohss_khsm.monthly_sector"] == 10
    assert rows["cbp_state"] == 1


def test_command_reference_is_current() -> None:
    # docs/cli.md is `borderflow reference`: regenerate it when a command changes
    from pathlib import Path

    expected = (Path(__file__).resolve().parents[1] / "docs" / "cli.md").read_text()
    result = run("reference")
    assert result.exit_code == 0
    assert result.output == expected
    assert "## borderflow query" in expected and "`-w, --where <list[str]>`" in expected


def test_query_refusal_lists_the_values_there_are(home: Path) -> None:
    """A value no release has is refused with the values there are (issue: "area_type
    field_office" alone told the reader nothing)."""
    result = run("query", "-w", "area=Nowhere", "--home", str(home))
    assert result.exit_code == 1
    assert " ".join(result.output.split()) == (
        "error: no source publishes area Nowhere; the areas are the states by their "
        "two-letter codes AZ, FL, NY, TX")
    result = run("query", "-w", "citizenship=Cubaa", "--home", str(home))
    assert " ".join(result.output.split()) == (
        "error: no source publishes citizenship Cubaa (nearest: Cuba); choose from Canada, "
        "Cuba, Guatemala, Honduras, Mexico")
    result = run("query", "-w", "area=TX,Nogales", "--home", str(home))
    assert " ".join(result.output.split()) == (
        "error: the areas mix sectors, states and field offices: TX (state), Nogales "
        "(neither a sector nor a state: a field office?); ask for one kind at a time, or "
        "add area_type=sector, state or field_office")
    for field, choices in (("region", "Coastal Border, Northern Land Border, Other, "
                                      "Southwest Land Border"),
                           ("component", "OFO, USBP"), ("area_type", "field_office, sector, "
                                                                     "state")):
        result = run("query", "-w", f"{field}=zz", "--home", str(home))
        assert " ".join(result.output.split()) == (
            f"error: unknown {field} 'zz'; choose from {choices}")


def test_serve_head_timeout_is_an_option_with_bounds(home: Path) -> None:
    import socket

    from borderflow.serve.http import bounded_protocol
    from tests.servers import serving

    result = run("serve", "--head-timeout", "0.5", "--home", str(home))
    assert result.exit_code == 2 and "--head-timeout" in result.output
    assert "greater than or equal to 1" in " ".join(result.output.split())
    result = run("serve", "--head-timeout", "301", "--home", str(home))
    assert result.exit_code == 2 and "less than or equal to 300" in " ".join(
        result.output.split())
    with pytest.raises(ValueError, match=r"head timeout 0.5 s: expected 1 to 300 seconds"):
        bounded_protocol(0.5)
    assert bounded_protocol(2.5).head_timeout == 2.5
    with serving(home, args=("--head-timeout", "1")) as base:
        port = int(base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=6) as slow:
            slow.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\n")  # never finished
            # closed by the server after 1 s; with the default 10 s, recv would time out
            assert slow.recv(4096) == b""
