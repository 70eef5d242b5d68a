"""A bounded load test on loopback: the overview page and typical queries at 50 concurrent
clients, beside Datasette serving the same table in the same run.

Datasette gets the latest CBP nationwide-by-state observations (the rows our planner
answers these questions from) as a SQLite table and answers the same questions in SQL
through its JSON API.  Four loads, each ``SECONDS`` long at ``CLIENTS`` connections:

- the overview page, as a browser asks for it (gzip accepted);
- one typical query asked again and again (southwest encounters by region, FY2024);
- a different query every request (grouping × month range, never the same URL twice
  while the list lasts), so no answer comes from our read cache;
- Datasette answering the same repeated and distinct questions.

The load comes from ``wrk`` (Debian package ``wrk``), a C client whose own cost is small
beside the servers'; the machine has 2 cores and the client takes one of them.  Without
wrk the script falls back to a Python client, which is itself the bottleneck, and says so.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import httpx
from _common import data_dir, percentile

from borderflow.store import Warehouse

CLIENTS = 50
SECONDS = 10
BROWSER = {"Accept-Encoding": "gzip, deflate"}
GROUPINGS = ("region", "demographic", "citizenship", "authority")

#: wrk script: walk a list of paths in order, report percentiles as one JSON line
_LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[((i - 1) %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"p50": %%d, "p95": %%d, "p99": %%d, "requests": %%d, "seconds": %%f, '
    .. '"errors": %%d}\\n',
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.requests, summary.duration / 1e6,
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


@dataclass
class Load:
    p50_ms: float
    p95_ms: float
    p99_ms: float
    rps: float
    requests: int
    errors: int


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit(f"{url} did not come up")


def with_wrk(base: str, paths: list[str], headers: dict[str, str], tmp: Path) -> Load:
    script = tmp / "paths.lua"
    script.write_text(_LUA % ",".join(json.dumps(p) for p in paths))
    args = ["wrk", "-t1", f"-c{CLIENTS}", f"-d{SECONDS}s", "--timeout", "30s", "-s",
            str(script)]
    for k, v in headers.items():
        args += ["-H", f"{k}: {v}"]
    out = subprocess.run([*args, base], capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    r = json.loads(line[7:])
    return Load(r["p50"] / 1000, r["p95"] / 1000, r["p99"] / 1000,
                r["requests"] / r["seconds"], r["requests"], r["errors"])


def with_python(base: str, paths: list[str], headers: dict[str, str]) -> Load:
    latencies: list[float] = []
    errors = 0
    counter = iter(range(10**9))

    async def worker(client: httpx.AsyncClient, stop: float) -> None:
        nonlocal errors
        while time.perf_counter() < stop:
            path = paths[next(counter) % len(paths)]
            t = time.perf_counter()
            r = await client.get(base + path, headers=headers)
            latencies.append(time.perf_counter() - t)
            errors += r.status_code != 200

    async def run() -> float:
        async with httpx.AsyncClient(timeout=60,
                                     limits=httpx.Limits(max_connections=CLIENTS)) as client:
            t0 = time.perf_counter()
            await asyncio.gather(*(worker(client, t0 + SECONDS) for _ in range(CLIENTS)))
            return time.perf_counter() - t0

    elapsed = asyncio.run(run())
    return Load(1000 * statistics.median(latencies), 1000 * percentile(latencies, 95),
                1000 * percentile(latencies, 99), len(latencies) / elapsed, len(latencies),
                errors)


def hammer(base: str, paths: list[str], headers: dict[str, str], tmp: Path) -> Load:
    httpx.get(base + paths[0], headers=headers, timeout=120)  # the first visit builds it
    if shutil.which("wrk"):
        return with_wrk(base, paths, headers, tmp)
    return with_python(base, paths, headers)


def report(label: str, load: Load) -> Load:
    print(f"{label:<44} p50 {load.p50_ms:7.1f} ms  p95 {load.p95_ms:7.1f} ms  "
          f"p99 {load.p99_ms:7.1f} ms  {load.rps:7.0f} req/s  "
          f"({load.requests} requests, errors {load.errors})")
    return load


def page_assets(html: str) -> list[str]:
    """The static files a page links (scripts, stylesheets, icon), as a browser asks."""
    import re

    return re.findall(r'(?:src|href)="(/static/[^"]+)"', html)


def asset_bytes(base: str, assets: list[str]) -> int:
    """Bytes on the wire for ``assets``, gzip accepted."""
    total = 0
    for path in assets:
        answer = httpx.get(base + path, headers=BROWSER)
        total += int(answer.headers.get("content-length", len(answer.content)))
    return total


def months(first: str, last: str) -> list[str]:
    y, m = map(int, first.split("-"))
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def questions(first: str, last: str) -> list[tuple[str, str, str]]:
    """Distinct (grouping, from, to) questions, interleaved so each run meets all groupings."""
    span = months(first, last)
    pairs = [(a, b) for i, a in enumerate(span) for b in span[i + 6:]]
    return [(by, a, b) for a, b in pairs for by in GROUPINGS]


def sql_for(by: str, start: str, end: str) -> str:
    return (f"select {by}, sum(count) as encounters from observation where month >= "
            f"'{start}-01' and month <= '{end}-01' group by {by} order by {by}")


def build(home: Path) -> tuple[Path, str, str]:
    """The warehouse, and the same rows as a SQLite file for Datasette."""
    with Warehouse(home / "warehouse.duckdb") as wh:
        wh.ingest([data_dir()])
        cur = wh._cursor()
        rows = cur.execute(
            "SELECT o.fy, o.fm, CAST(o.month AS VARCHAR), o.region, o.area, o.demographic, "
            "o.citizenship, o.authority, o.count FROM observation o JOIN latest l "
            "ON l.release_id = o.release_id AND l.fy = o.fy AND l.fm = o.fm "
            "AND l.family = o.family WHERE o.family = 'cbp_state'").fetchall()
        first, last = cur.execute(
            "SELECT strftime(min(month), '%Y-%m'), strftime(max(month), '%Y-%m') FROM latest "
            "WHERE family = 'cbp_state'").fetchone()
    db = home / "encounters.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE observation (fy INT, fm INT, month TEXT, region TEXT, "
                "area TEXT, demographic TEXT, citizenship TEXT, authority TEXT, count INT)")
    con.executemany("INSERT INTO observation VALUES (?,?,?,?,?,?,?,?,?)", rows)
    con.commit()
    con.close()
    return db, first, last


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        db, first, last = build(tmp)
        ours_port, ds_port = free_port(), free_port()
        env = os.environ.copy()
        ours = subprocess.Popen([sys.executable, "-m", "borderflow", "serve", "--home",
                                 str(tmp), "--port", str(ours_port)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ds = subprocess.Popen([sys.executable, "-m", "datasette", "serve", str(db), "--port",
                               str(ds_port), "--setting", "sql_time_limit_ms", "10000"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            ours_base, ds_base = f"http://127.0.0.1:{ours_port}", f"http://127.0.0.1:{ds_port}"
            wait_for(ours_base + "/api/health", ours)
            wait_for(ds_base + "/-/versions.json", ds)
            asked = questions(first, last)
            # the state release, forced: Datasette serves its rows, and the planner would
            # otherwise take later months from the newer AOR release (which revises them)
            ours_paths = ["/api/query?" + urlencode({"by": by, "from": a, "to": b,
                                                     "source": "cbp_state"})
                          for by, a, b in asked]
            ds_paths = ["/encounters.json?" + urlencode({"sql": sql_for(by, a, b),
                                                         "_shape": "array"})
                        for by, a, b in asked]
            typical = "/api/query?by=region&fy=2024&source=cbp_state"
            ds_typical = "/encounters.json?" + urlencode({"sql": (
                "select region, sum(count) as encounters from observation where fy = 2024 "
                "group by region order by region"), "_shape": "array"})
            # same answers from both, or the comparison means nothing
            for ours_path, ds_path, by in ((typical, ds_typical, "region"),
                                           (ours_paths[-1], ds_paths[-1], asked[-1][0]),
                                           (ours_paths[3], ds_paths[3], asked[3][0])):
                a = {r[by]: r["encounters"] for r in httpx.get(ours_base + ours_path).json()[
                    "rows"]}
                b = {r[by]: r["encounters"] for r in httpx.get(ds_base + ds_path).json()}
                assert a == b, (ours_path, a, b)
            client = "wrk" if shutil.which("wrk") else "Python httpx (client-bound; install wrk)"
            print(f"load test: {CLIENTS} concurrent clients, {SECONDS} s per load, loopback, "
                  f"client {client}; {len(asked)} distinct questions")
            report("borderflow overview page / (gzip)",
                   hammer(ours_base, ["/"], BROWSER, tmp))
            report("borderflow overview page / (identity)", hammer(ours_base, ["/"], {}, tmp))
            # a first visit: the page, then what it links (stylesheets, the charting
            # library, the charts' script, the icon), each a request
            assets = page_assets(httpx.get(ours_base + "/", headers=BROWSER).text)
            print(f"overview assets: {len(assets)} files, {asset_bytes(ours_base, assets):,} "
                  "bytes gzipped (kept a year by browsers: their URLs carry a hash)")
            report("borderflow overview page + its assets (gzip)",
                   hammer(ours_base, ["/", *assets], BROWSER, tmp))
            cached = report("borderflow typical query, repeated",
                            hammer(ours_base, [typical], {}, tmp))
            fresh = report("borderflow distinct queries (read cache missed)",
                           hammer(ours_base, ours_paths, {}, tmp))
            ds_cached = report("Datasette typical query, repeated",
                               hammer(ds_base, [ds_typical], {}, tmp))
            ds_fresh = report("Datasette distinct queries",
                              hammer(ds_base, ds_paths, {}, tmp))
            if fresh.requests > len(asked):
                print(f"note: {fresh.requests} requests walked past the {len(asked)} distinct "
                      "questions, so some distinct-query answers came from the cache")
            print(f"p95 ratio borderflow / Datasette, repeated query: "
                  f"{cached.p95_ms / ds_cached.p95_ms:.2f}; distinct queries: "
                  f"{fresh.p95_ms / ds_fresh.p95_ms:.2f}  (target p95 under 50 ms)")
        finally:
            for proc in (ours, ds):
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=30)


if __name__ == "__main__":
    main()
