"""Benchmark TIPT at full volume on SQLite and PostgreSQL, and print the figures.

    python bench/run.py [--databases sqlite,postgres] [--countries 190] [--years 20] [--seed 1]

For each database it creates a fresh benchmark database, migrates it, fills it with
``generate_bench_data``, then measures (bench/measure.py) the median server time of the public
pages, the JSON API's list endpoint and the admin change list, the full CSV export's time and
peak memory against a 100-row export, the open data's ZIP of every country (its build time,
size and peak memory), the time to import a report and to build a country's submission pack;
finally it serves the site with gunicorn (2 workers) and measures requests per second for
/healthz, the dashboard and the list with wrk (Debian's ``wrk`` package) or, without it, a
small built-in load generator: as browsers ask for them (accepting gzip), then the cached pages
once more as a client that asks no encoding; each address in turn, three rounds, and the median
of each.

PostgreSQL is reached at BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres);
the benchmark database ``tipt_bench`` is dropped and created there.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import timeit
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# Run as a script (python bench/run.py): this folder is on the path.
from servers import ROOT, gunicorn, site_env

PYTHON = sys.executable
SQLITE_FILE = Path("/tmp/tipt-bench.sqlite3")
POSTGRES_ADMIN_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
GUNICORN_PORT = 8765
LOAD_SECONDS = 4
LOAD_ROUNDS = 3
LOAD_CONNECTIONS = 8
# What every current browser sends: cached pages go out compressed to such visitors. The
# cached pages are also measured without it ("whole"), as a client that asks no encoding.
BROWSER_ENCODING = "gzip, deflate, br"


def bench_env(database_url: str) -> dict[str, str]:
    env = site_env(
        DJANGO_SECRET_KEY="bench-only-key-not-for-production-" + "7" * 20,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        TIPT_DEFAULT_COUNTRY="bench-country-001",
        DATABASE_URL=database_url,
        # The API's rate limit would refuse the measurement's repeated requests.
        TIPT_API_RATE="1000000/minute",
    )
    env.pop("REDIS_URL", None)
    return env


def prepare_database(kind: str) -> str:
    if kind == "sqlite":
        SQLITE_FILE.unlink(missing_ok=True)
        return f"sqlite:///{SQLITE_FILE}"
    import psycopg

    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS tipt_bench WITH (FORCE)")
        conn.execute("CREATE DATABASE tipt_bench")
    return re.sub(r"/[^/]*$", "/tipt_bench", POSTGRES_ADMIN_URL)


def manage(env, *args, capture=False):
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )


def measure(env) -> dict:
    result = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "measure.py")],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def throughput(env) -> dict[str, float]:
    with gunicorn(env, GUNICORN_PORT, workers=2) as base:
        loads = [
            ("healthz", "/healthz", BROWSER_ENCODING),
            ("dashboard", "/", BROWSER_ENCODING),
            ("list", "/recommendations/", BROWSER_ENCODING),
            ("dashboard_whole", "/", ""),
            ("list_whole", "/recommendations/", ""),
        ]
        for _name, path, encoding in loads:
            _get(base + path, encoding)  # warm the workers and the cache
        # Each address in turn, LOAD_ROUNDS times, and the median of each: a machine whose
        # speed drifts (a shared virtual machine) then weighs on every address alike.
        rounds = {name: [] for name, _path, _encoding in loads}
        for _round in range(LOAD_ROUNDS):
            for name, path, encoding in loads:
                rounds[name].append(_load(base + path, encoding))
        return {name: statistics.median(figures) for name, figures in rounds.items()}


def _get(url, encoding=""):
    headers = {"Accept-Encoding": encoding} if encoding else {}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (local URL)
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (local URL)
        response.read()
        return response.status


def _load(url, encoding="") -> float:
    """Requests per second over LOAD_SECONDS with LOAD_CONNECTIONS concurrent clients, each
    request sent with ``encoding`` as its Accept-Encoding (none when empty)."""
    if shutil.which("wrk"):
        header = ["-H", f"Accept-Encoding: {encoding}"] if encoding else []
        out = subprocess.run(
            ["wrk", "-t2", f"-c{LOAD_CONNECTIONS}", f"-d{LOAD_SECONDS}s", *header, url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    deadline = time.monotonic() + LOAD_SECONDS

    def worker(_):
        count = 0
        while time.monotonic() < deadline:
            _get(url, encoding)
            count += 1
        return count

    start = time.monotonic()
    with ThreadPoolExecutor(LOAD_CONNECTIONS) as pool:
        total = sum(pool.map(worker, range(LOAD_CONNECTIONS)))
    return total / (time.monotonic() - start)


def run(kind: str, countries: int, years: int, seed: int) -> dict:
    print(f"\n== {kind}: preparing {countries} countries x {years} years ==", flush=True)
    env = bench_env(prepare_database(kind))
    manage(env, "migrate", "--no-input", "-v0")
    # Static files as production serves them (WhiteNoise), from STATIC_ROOT.
    manage(env, "collectstatic", "--no-input", "-v0")
    started = time.monotonic()
    manage(
        env,
        "generate_bench_data",
        "--countries",
        str(countries),
        "--years",
        str(years),
        "--seed",
        str(seed),
    )
    print(f"generated in {time.monotonic() - started:.0f} s", flush=True)
    if kind == "postgres":
        vacuum(env["DATABASE_URL"])
    figures = measure(env)
    figures["rps"] = throughput(env)
    return figures


def vacuum(database_url: str) -> None:
    """VACUUM the freshly filled database, as autovacuum soon does to a database in service:
    until then no page of a table is marked all-visible, and every count reads the whole table
    instead of an index (the admin's count of 38,000 recommendations took three times as long).
    """
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def report(kind: str, figures: dict) -> None:
    ms = figures["median_ms"]
    rps = figures["rps"]
    print(f"\n{kind}: {figures['recommendations']} recommendations")
    cached = figures["cached_median_ms"]
    labels = {
        "dashboard": ("dashboard", 30),
        "list": ("filtered list", 30),
        "detail": ("detail", 30),
        "statistics": ("statistics", 50),
        "api_list": ("API list (JSON)", 50),
    }
    for name, (label, target) in labels.items():
        print(
            f"  {label:<20} {ms[name]:8.1f} ms median rendered, {cached[name]:.1f} ms from the "
            f"cache (target < {target})"
        )
    print(f"  admin change list    {ms['admin']:8.1f} ms median   (target < 100)")
    export = figures["export"]
    print(
        f"  full CSV export      {export['seconds']:8.2f} s for {export['rows']} rows "
        f"(target < 3 s)"
    )
    extra = export["peak_mb"] - export["small_peak_mb"]
    print(
        f"  export peak memory   {export['peak_mb']:8.1f} MB; {export['small_rows']} rows: "
        f"{export['small_peak_mb']:.1f} MB; difference {extra:.1f} MB (target < 30)"
    )
    zipped = figures["open_data"]
    print(
        f"  full open-data ZIP   {zipped['seconds']:8.2f} s for every country, "
        f"{zipped['mb']:.1f} MB; peak memory {zipped['peak_mb']:.1f} MB"
    )
    print(f"  import a report      {figures['import_seconds']:8.3f} s (target < 1 s)")
    pack = figures["submission"]
    print(
        f"  submission pack      {pack['total']:8.2f} s: data {pack['data']:.2f} s, DOCX "
        f"{pack['docx']:.2f} s, PDF {pack['pdf']:.2f} s, {pack['notes']} notes (target < 5 s)"
    )
    print(
        f"  gunicorn, 2 workers  healthz {rps['healthz']:.0f} req/s, dashboard "
        f"{rps['dashboard']:.0f} req/s ({rps['dashboard'] / rps['healthz']:.2f}x), list "
        f"{rps['list']:.0f} req/s ({rps['list'] / rps['healthz']:.2f}x) (target >= 0.8x), "
        "as browsers ask (gzip)"
    )
    print(
        f"  {'':<20} without compression: dashboard {rps['dashboard_whole']:.0f} req/s "
        f"({rps['dashboard_whole'] / rps['healthz']:.2f}x), list {rps['list_whole']:.0f} req/s "
        f"({rps['list_whole'] / rps['healthz']:.2f}x)"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--countries", type=int, default=190)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    results = {}
    for kind in args.databases.split(","):
        results[kind] = run(kind.strip(), args.countries, args.years, args.seed)
    for kind, figures in results.items():
        report(kind, figures)
    print(
        f"\nthis machine: sum(range(10**6)) in {machine_ms():.1f} ms, best of 5 (a reference "
        "for comparing the server times of two machines)"
    )


def machine_ms() -> float:
    """How fast this machine runs plain Python, for reading the figures above beside another
    machine's (server times scale with it; the throughput ratios do not)."""
    return min(timeit.repeat("sum(range(10**6))", number=1, repeat=5)) * 1000


if __name__ == "__main__":
    main()
