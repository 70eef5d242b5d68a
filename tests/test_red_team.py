"""The red team's cases as one suite: every case named in the index below is one row of
``tests.redteam.CASES`` (defined in red_team_files.py and red_team_api.py) and runs here.

Case index (id, category: what is asserted). Categories: bad file, bomb, kill, API body,
auth, header, output, CLI.

F01 bad file: a missing column is refused naming file, line 1 and field; warehouse unchanged
F02 bad file: a renamed column is refused naming the missing and unexpected columns
F03 bad file: an unknown Title of Authority is refused naming line, field, expected values
F04 bad file: an unknown region is refused naming line, field, expected values
F05 bad file: an open-vocabulary value is kept, reported with its line, and queryable (7)
F06 bad file: a count '12a' is refused naming line and field
F07 bad file: a negative count is refused naming line and field
F08 bad file: a count 3.5 is refused as not whole
F09 bad file: a file cut mid-row is refused as cut short at its last line
F10 bad file: a short row is refused naming its line and field count
F11 bad file: identical bytes are one release (refused or 'unchanged'), warehouse unchanged
F12 bad file: two rows for one cell are refused naming both lines
F13 bad file: an empty file is refused as empty
F14 bad file: a header with no rows is refused
F15 bad file: Latin-1 bytes are refused naming byte, offset and line
F16 bad file: UTF-16 text is refused as such
F17 bad file: SBO counts written '9584.0' are read as whole numbers (2 rows)
F18 bad file: the fixture workbook reads: 24 observations, Tucson FY2024 = 30
F19 bad file: a workbook row repeated is refused naming sheet and lines
F20 bad file: a workbook without a sheet is refused naming the sheet
F21 bad file: a workbook cell 'n/a' is refused naming sheet, line, field
F22 bad file: one bad file in a batch refuses the batch; warehouse unchanged
F23 bad file: unrecognised files are listed with a reason, not ingested
F24 bad file: a cut-short copy cannot become latest; forced, it is noted and verify names it
F25 bad file: a release missing a month it replaces is refused naming the month
F26 bad file: a revision dropping 3 of 40 cells is accepted; verify clean
F27 bad file: a conflicting copy is refused naming the differing cell and both counts
F28 bad file: a count 20 digits (once stored as -2^63) is refused naming line and field
F29 bad file: a count 2^53+1 (once rounded through float) is refused naming line and field
F30 bad file: a count one over the 10^9 bound is refused naming line and field
F31 bad file: a count '1e20' is refused naming line and field
F32 bad file: a count 'nan' is refused naming line and field
F33 bad file: a count '-inf' is refused naming line and field
F34 bad file: counts up to 10^9 are stored exactly ('999,999,999.000' too)
F35 bad file: a workbook cell text 'nan' is refused naming sheet, line, field
F36 bad file: a workbook cell text 'inf' is refused naming sheet, line, field
F37 bad file: a workbook cell text '1e20' is refused naming sheet, line, field
F38 bad file: a workbook cell number 1e20 is refused naming sheet, line, field
F39 bad file: a workbook cell number 12.5 is refused naming sheet, line, field
F40 bad file: rows for FY2099 or next month are refused; the current month is accepted, dated today
F41 bad file: a workbook row for FY2099 is refused naming sheet, line, field
F42 bad file: a damaged gzip stream is refused as ending early
F43 bad file: the newest official state file less 300 lines is refused; SW Oct 2025 stays 11,707
B01 bomb: a file over 64 MiB is refused before it is read
B02 bomb: a gzip bomb is refused at 64 MiB decompressed; peak memory under 1.5x the cap
B03 bomb: an xlsx whose parts decompress past 256 MiB is refused before it is opened
B04 bomb: a 30 MB CSV cell is refused at 1,000 characters naming line and field
B05 bomb: a 5,000-character workbook cell is refused naming sheet, line, field
B06 bomb: a file of 2,000,001 rows is refused at the row cap
B07 bomb: a YAML alias bomb is refused at its first alias; a YAML over 1 MiB is refused
B08 bomb: a batch whose files decompress past the batch cap (set to 1 MiB here; a gzip counts what
    it decompresses to) is refused before any is parsed, naming cap and files; warehouse unchanged
B09 bomb: a batch past the rows cap (set to 15 here: two files of 10) is refused after reading,
    before writing, naming cap and files; warehouse unchanged
K01 kill: SIGKILL while reading the files leaves an empty, consistent warehouse
K02 kill: SIGKILL inside the write transaction leaves an empty, consistent warehouse; a full ingest
    afterwards stores all 4 releases
K03 kill: SIGKILL during a second batch keeps the first batch exactly
K04 kill: 10 acknowledged writes survive a SIGKILL of the server, in order
C01 CLI: `ingest` refuses a cut-short copy (exit 1, message) and stores it with --force
C02 CLI: `--published 2099-01-01` is refused (library and CLI), nothing stored
C03 CLI: Rich markup in cells and the file name is printed as text; the ingest report completes
C04 CLI: `ingest` while serving writes to a copy; the server switches to 26 releases, not a cached
    answer
C05 CLI: links with ..%2F, an absolute path or ..%5C are refused by name; only the plain file is
    written, inside the download folder
C06 CLI: `update` refuses a conflicting copy (one count revised, same name) naming the cell, again
    from its cache, and stores it with --force, noted
C07 CLI: `ingest` of a batch over the cap exits 1 with the cap and the files; nothing stored
A01 API body: a plan over its work budget (20,000 paths x 180 days x 365-night stays) is refused
    with 422 before it runs, naming the limit and the most paths
A02 API body: a plan past the wall-clock limit is 503, said so; reads still answer
A03 API body: stay:x1e12 is refused with the factor's range
A04 API body: surge:+nan is refused with the surge's range
A05 API body: arrivals of 1e300 are refused with the bound
A06 API body: NaN in a JSON body is 422 naming the field, never echoed (was a 500)
A07 API body: a 400-digit number is no count of people: not read as one (it was 'supported' against
    240,927); the next figure in the text still is
A08 API body: 6,000 distinct as-of dates keep at most one catalogue per published state, and never
    more than the cap (set to 4 here): the cap is reached, not passed
A09 API body: a client that sends a heavy plan and hangs up stops the plan: the worker is freed (0
    computing), the stop is counted (cancelled + 1), the next read is served
A10 API body: `by=month` in JSON answers by month (it was a 500)
A11 API body: an unknown dimension in `where` is refused naming the parameter and pattern
A12 API body: a `where` without a value is refused
A13 API body: fy=99999 is refused with the years there are
A14 API body: an unknown format is refused listing the formats
A15 API body: an as-of date before any release is 404, said so
A16 API body: an unknown grouping is refused listing the groupings
A17 API body: a diff of unknown releases is 404 with what to do
A18 API body: a diff of a non-numeric release is 404
A19 API body: an unknown series is refused listing the series
A20 API body: a forecast horizon of 13 is refused (at most 12)
A21 API body: an unknown forecast panel is refused listing the panels
A22 API body: month 13 in `since` is refused
A23 API body: year 0 in a brief's month is refused
A24 API body: a brief for 2099 says where the figures run
A25 API body: a claim about year 0001 is 'not checkable', not a traceback
A26 API body: a claims text over 200,000 characters is refused
A27 API body: a claim's date in 9999 is refused naming the field and range
A28 API body: claims text that is not a string is refused
A29 API body: a plan's last_day 9999-12-31 is refused naming the field (was 'date value out of
    range')
A30 API body: a plan with no sites is refused
A31 API body: negative beds are refused
A32 API body: a horizon of 181 days is refused (at most 180)
A33 API body: 20,001 paths are refused (at most 20,000)
A34 API body: an unknown scenario is refused with the grammar
A35 API body: three days of arrivals are refused (at least 7)
A36 API body: an unknown field is refused by name
A37 API body: 10^30 people tonight are refused (was a plan of 6.6e29 beds)
A38 API body: 1e300 departures a day are refused
A39 API body: a body that is not JSON is refused
A40 API body: a JSON list for a plan is refused
A41 API body: a plan with every field wrong names each field
A42 API body: a body over 1 MB is refused with 413 before it is parsed
A43 API body: the capacity form's out-of-range stay is shown again with what to correct
A44 API body: the capacity form at its largest (365-night stays, 10^6 a day) plans the 14 validated
    days within its budget (it took 28 s)
A45 API body: a claims check and a plan stop at their cancel check (raising WorkCancelledError
    after the number of checks allowed); never cancelled, the answers are the same as without the
    check
O01 output: CSV cells starting = + - @ are quoted with ' (no formulas)
O02 output: HXL cells starting = - or a tab are quoted too; numbers are kept
O03 output: public answers name a release's file, never a server path
O04 output: a value kept from a file as '=HYPERLINK(...)' comes back from the API's CSV and HXL
    quoted with ', never as a formula
H01 header: CSP (own assets only), nosniff, frame-ancestors/DENY on pages, API, 404s; only /docs
    allows Swagger's inline start-up
H02 header: a 200 KB request head is 431 on the real server; a head trickled in is cut at 10 s; an
    8 KB header is served
U01 auth: no token 401, unknown 401, another org's token 403 naming its org, viewer cannot write or
    read the audit, unknown site 403, bad values and bad JSON 422, nothing half-written
U02 auth: bad tokens past the limit get 429 per address; a valid token is never locked out; a
    made-up X-Forwarded-For is not believed; each denial audited
U03 auth: a revoked token is 401 'this token was revoked' (revocation audited); an expired one 401
    'expired'; an editor cannot revoke
U04 auth: SQL and markup in a site id and name are stored as text, one record
U05 auth: a shelter record dated 9999-12-31 is refused naming the field
U06 auth: revoking an unknown token prefix is 404 naming it (was a 400); a short prefix is refused
U07 auth: a write is read back and audited with the values written (arrivals 120, occupancy 340),
    not only that a write happened
U08 auth: a hint of SQL wildcards ('%%%%%%%%', '________') revokes nothing: it is a prefix, not a
    pattern
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import tests.red_team_api
import tests.red_team_files
from borderflow.server import ApiSettings, create_app
from borderflow.store import Warehouse
from tests.redteam import CASES, CATEGORIES, Case
from tests.servers import organisations, served_home, serving
from tests.test_download import Site, local_site

ORDER = "FBKCAOHU"  # the index's order: files, bombs, kills, CLI, API, outputs, headers, auth
SUITE = sorted(CASES, key=lambda c: (ORDER.index(c.id[0]), int(c.id[1:])))
assert tests.red_team_api and tests.red_team_files  # imported for the cases they register


@pytest.fixture
def wh(tmp_path: Path) -> Warehouse:
    return tests.red_team_files.seeded(tmp_path)


@pytest.fixture(scope="module")
def client(official_home: Path) -> Iterator[TestClient]:
    with TestClient(create_app(ApiSettings(warehouse=official_home / "warehouse.duckdb"))) as c:
        yield c


@pytest.fixture
def writes(official_home: Path, tmp_path: Path) -> Iterator[tuple[TestClient, str, str]]:
    """A server with a shelter database of two organisations; their admin tokens."""
    db = tmp_path / "shelters.sqlite"
    alpha, beta = organisations(db, "alpha", "beta")
    app = create_app(ApiSettings(warehouse=official_home / "warehouse.duckdb", shelters=db,
                                 max_failed_logins=5))
    with TestClient(app) as c:
        yield c, alpha, beta


@pytest.fixture(scope="module")
def live(official_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One real `borderflow serve` process on the official warehouse; its base URL."""
    home, _ = served_home(official_home, tmp_path_factory.mktemp("live"), "alpha")
    with serving(home) as base:
        yield base


@pytest.fixture
def site() -> Iterator[Site]:
    yield from local_site()


@pytest.mark.parametrize("case", SUITE, ids=[c.id for c in SUITE])
def test_case(case: Case, request: pytest.FixtureRequest) -> None:
    fixtures = {name: request.getfixturevalue(name) for name in case.fixtures()}
    case.run(**fixtures, **case.params)


def test_the_index_is_the_table() -> None:
    """The index above lists exactly the cases that run, once each, in every category."""
    text = re.sub(r"\n {4}", " ", __doc__ or "")  # an entry goes on in indented lines
    index = re.findall(r"^([A-Z]\d\d) ([^:]+): (.+)$", text, re.M)
    assert [(i, c, w) for i, c, w in index] == [(c.id, c.category, c.asserted) for c in SUITE]
    assert len({c.id for c in SUITE}) == len(SUITE) >= 99
    assert set(Counter(c.category for c in SUITE)) == set(CATEGORIES)


def test_the_readme_counts_the_suite() -> None:
    """README's hardening section gives the suite's count, by category, as it is."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    said = re.search(r"There are (\d+)\s+cases:", readme)
    assert said and int(said[1]) == len(SUITE)
    plural = {"bad file": "bad files", "bomb": "bombs", "kill": "kills", "API body": "API bodies",
              "auth": "auth", "header": "headers", "output": "outputs", "CLI": "CLI"}
    table = dict(re.findall(r"^\| ([a-zA-Z ]+) \| (\d+) \|$", readme, re.M))
    assert {plural[c]: str(n) for c, n in Counter(c.category for c in SUITE).items()} == table
