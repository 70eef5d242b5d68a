"""A bounded load test on loopback: the overview page and a typical query at 50 concurrent
clients, beside Datasette serving the same table in the same run.

Datasette gets the observations of the newest CBP state release as a SQLite table and
answers the same question (southwest encounters by region in fiscal year 2024) with SQL
through its JSON API.  Each endpoint gets 1,000 requests from 50 concurrent clients;
every run stops by itself.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from _common import data_dir, percentile

from borderflow.store import Warehouse

CLIENTS = 50
REQUESTS = 1000


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


async def hammer(url: str) -> tuple[list[float], float, int]:
    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(REQUESTS):
        queue.put_nowait(i)

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        while True:
            try:
                queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            t = time.perf_counter()
            r = await client.get(url)
            latencies.append(time.perf_counter() - t)
            errors += r.status_code != 200

    limits = httpx.Limits(max_connections=CLIENTS)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        await client.get(url)  # warm
        t0 = time.perf_counter()
        await asyncio.wait_for(asyncio.gather(*(worker(client) for _ in range(CLIENTS))),
                               timeout=600)
        elapsed = time.perf_counter() - t0
    return latencies, REQUESTS / elapsed, errors


def report(label: str, lat: list[float], rps: float, errors: int) -> tuple[float, float]:
    p50, p95 = statistics.median(lat), percentile(lat, 95)
    print(f"{label:<46} p50 {1000 * p50:7.1f} ms  p95 {1000 * p95:7.1f} ms  "
          f"{rps:7.1f} req/s  errors {errors}")
    return p50, p95


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        with Warehouse(home / "warehouse.duckdb") as wh:
            wh.ingest([data_dir()])
            rel = next(r for r in reversed(wh.releases()) if r.source_kind == "cbp_state")
            rows = wh._cursor().execute(
                "SELECT fy, fm, CAST(month AS VARCHAR), region, area, demographic, citizenship, "
                "authority, count FROM observation WHERE release_id = ?",
                [rel.release_id]).fetchall()
        db = home / "encounters.db"
        con = sqlite3.connect(db)
        con.execute("CREATE TABLE observation (fy INT, fm INT, month TEXT, region TEXT, "
                    "area TEXT, demographic TEXT, citizenship TEXT, authority TEXT, count INT)")
        con.executemany("INSERT INTO observation VALUES (?,?,?,?,?,?,?,?,?)", rows)
        con.commit()
        con.close()
        ours_port, ds_port = free_port(), free_port()
        env = os.environ.copy()
        ours = subprocess.Popen([sys.executable, "-m", "borderflow", "serve", "--home",
                                 str(home), "--port", str(ours_port)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ds = subprocess.Popen([sys.executable, "-m", "datasette", "serve", str(db), "--port",
                               str(ds_port), "--setting", "sql_time_limit_ms", "10000"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{ours_port}"
            wait_for(base + "/api/health", ours)
            wait_for(f"http://127.0.0.1:{ds_port}/-/versions.json", ds)
            query = (base + "/api/query?by=region&fy=2024")
            sql = ("select region, sum(count) as encounters from observation where fy = 2024 "
                   "group by region order by region")
            ds_url = f"http://127.0.0.1:{ds_port}/encounters.json?" + httpx.QueryParams(
                {"sql": sql, "_shape": "array"}).__str__()
            assert httpx.get(query).json()["rows"][0]["encounters"] == \
                httpx.get(ds_url).json()[0]["encounters"]
            print(f"load test: {REQUESTS} requests per endpoint, {CLIENTS} concurrent clients, "
                  "loopback only")
            report("borderflow overview page /", *asyncio.run(hammer(base + "/")))
            _, ours95 = report("borderflow typical query /api/query",
                               *asyncio.run(hammer(query)))
            _, ds95 = report("Datasette, same question in SQL",
                             *asyncio.run(hammer(ds_url)))
            print(f"p95 ratio borderflow / Datasette: {ours95 / ds95:.2f} "
                  "(target p95 under 50 ms)")
        finally:
            for proc in (ours, ds):
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=30)


if __name__ == "__main__":
    main()
