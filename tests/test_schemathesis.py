"""schemathesis against the running API's OpenAPI schema: every operation, no failures.

Run through its command line against a live server (its pytest plugin does not
load under this pytest).  ``positive_data_acceptance`` is left out: the schema
cannot list every citizenship or area, so some schema-valid values are rightly
refused as unknown (with a documented 400).  The organisation, site and
releases in paths are pinned to ones that exist, so the fuzzing reaches each
operation's own logic rather than stopping at 403 or 404 (the hostile values of
every path parameter are tried in test_api_injection.py); the HTML pages are
not in the schema and are fuzzed there too.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import httpx

from borderflow.api import orgs
from borderflow.api import routes as api_routes
from tests.servers import served_home, serving

CONFIG = """\
[parameters]
"path.org" = "demo"
"path.site" = "main"
"path.old" = "1"
"path.new" = "24"
"path.hint" = "{hint}"
"""


def test_schemathesis_covers_every_operation_with_no_failure(official_home: Path,
                                                            tmp_path: Path) -> None:
    home, token = served_home(official_home, tmp_path, "demo")
    # every route of the API's routers is in the schema
    routes = {(m, r.path) for router in (api_routes.router, orgs.router)
              for r in router.routes for m in getattr(r, "methods", ()) if m != "HEAD"}
    with serving(home) as base:
        auth = {"Authorization": f"Bearer {token}"}
        httpx.put(base + "/api/orgs/demo/sites/main", json={"name": "Main", "beds": 5},
                  headers=auth).raise_for_status()
        # a token of its own for the revocation route to revoke (not the one it uses)
        spare = httpx.post(base + "/api/orgs/demo/tokens", json={"role": "viewer"},
                           headers=auth).json()["token"]
        hint = hashlib.sha256(spare.encode()).hexdigest()[:8]
        (tmp_path / "schemathesis.toml").write_text(CONFIG.format(hint=hint))
        spec = httpx.get(base + "/openapi.json").json()
        operations = {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops}
        assert operations == routes and len(operations) == 17
        st = shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or \
            "schemathesis"
        run = subprocess.run(
            [st, "--config-file", str(tmp_path / "schemathesis.toml"), "run",
             f"{base}/openapi.json", "--max-examples", "3", "--workers", "1",
             "--seed", "1", "-H", f"Authorization: Bearer {token}",
             "--exclude-checks", "positive_data_acceptance"],
            capture_output=True, text=True, cwd=tmp_path, timeout=900)
        # the revocation route reached its logic: the spare token is revoked
        after = httpx.get(base + "/api/orgs/demo/sites/main/records",
                          headers={"Authorization": f"Bearer {spare}"})
        assert (after.status_code, after.json()["error"]) == (401, "this token was revoked")
    out = run.stdout
    assert run.returncode == 0, out[-4000:]
    assert "❌" not in out and "server error" not in out.lower()
    assert re.search(r"Selected: 17/17\s+Tested: 17\b", out), out[-2000:]
    # each operation got past authentication and found what it reads, except that once its
    # one token is revoked the revocation route rightly answers 404 for it
    assert "Authentication failed" not in out, out[-3000:]
    missing = re.search(r"Missing test data: .*?\n\n(.*?)\n\n", out, re.S)
    assert missing is None or missing[1].split() == ["-", "DELETE",
                                                     "/api/orgs/{org}/tokens/{hint}"], out[-3000:]
    generated = re.search(r"(\d+) generated, (\d+) passed", out)
    assert generated and generated[1] == generated[2] and int(generated[1]) > 500, out[-600:]
