"""HTTP benchmark of the public guide: gunicorn with 2 workers on loopback, serving the data set
of `bench/guide_dataset.py`, measured from outside like a phone would hit it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/teilhabe_bench \\
        .venv/bin/python bench/guide_http.py --duration 10
    DATABASE_URL=sqlite:///$PWD/var/bench-guide.sqlite3 .venv/bin/python bench/guide_http.py

(the data set built by `bench/guide_dataset.py` with the same DATABASE_URL; REDIS_URL as in
production, else each worker has its own cache).

For each scenario (a static file — the ceiling —, the search API with full text + filter +
distance, the public search page, a district's full offer list) and each concurrency (1 and 8)
it runs a cold pass (queries the server has not answered since it started) and a warm pass (the
same queries again), each for `--duration` seconds, with keep-alive connections, and prints
p50/p95/p99 latency and throughput. `--profile` prints where one search's time goes
(cProfile, in-process; `cold` or `warm`), `--explain` the plans of the queries of three cold
searches. Results belong in bench/RESULTS.md with the command; nothing here is
asserted.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Full text + filter + distance, as a resident would ask: a word, a category or filter, a place.
WORDS = [
    "Deutschkurs",
    "Beratung",
    "Integrationskurs",
    "Kita",
    "Bewerbung",
    "Wohnungssuche",
    "Sprachcafé",
    "Gesundheit",
    "Elterncafé",
    "Ausbildung",
]
PLACES = ["44135", "33602", "50667", "40210", "48143", "45127", "52062", "32423", "57072", "53111"]
FILTERS = [
    {"category": "language_courses"},
    {"free": "true"},
    {"step_free": "true"},
    {"languages": "ar"},
    {"category": "counselling"},
]
DISTRICTS = ["05913", "05711", "05315", "05111", "05515", "05113", "05334", "05770"]


def search_params(i: int) -> dict[str, str]:
    return {
        "q": WORDS[i % len(WORDS)],
        **FILTERS[(i // len(WORDS)) % len(FILTERS)],
        "near": PLACES[(i // 7) % len(PLACES)],
        "radius_km": str(10 + 10 * (i % 4)),
    }


def scenario_paths(name: str, count: int) -> list[str]:
    if name == "static":
        return ["/static/teilhabe/app.css"]
    if name == "api-search":
        return [f"/api/v1/guide/offers?{urlencode(search_params(i))}" for i in range(count)]
    if name == "page-search":
        return [f"/wegweiser/suche/?{urlencode(search_params(i))}" for i in range(count)]
    if name == "district-list":
        return [f"/wegweiser/{key}/" for key in DISTRICTS]
    raise ValueError(name)


@dataclass
class Outcome:
    latencies: list[float]
    errors: int
    seconds: float

    def line(self, label: str) -> str:
        lat = sorted(self.latencies)
        if not lat:
            return f"{label:<34} no answers ({self.errors} errors)"

        def pct(p: float) -> float:
            return lat[min(len(lat) - 1, int(p * len(lat)))] * 1000

        return (
            f"{label:<34} {len(lat):>7} {len(lat) / self.seconds:>9.0f} "
            f"{pct(0.50):>8.1f} {pct(0.95):>8.1f} {pct(0.99):>8.1f} {self.errors:>6}"
        )


def load(
    port: int, paths: list[str], concurrency: int, duration: float, *, once: bool = False
) -> Outcome:
    """`concurrency` threads, each with a keep-alive connection, walk `paths` in turn: for
    `duration` seconds, or (`once`) through each path exactly once."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + (3600 if once else duration)
    counter = itertools.count()

    def worker() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        own: list[float] = []
        failed = 0
        while time.perf_counter() < deadline:
            n = next(counter)
            if once and n >= len(paths):
                break
            path = paths[n % len(paths)]
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
                    continue
            except (OSError, http.client.HTTPException):
                failed += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            own.append(time.perf_counter() - start)
        conn.close()
        with lock:
            latencies.extend(own)
            errors += failed

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Outcome(latencies, errors, time.perf_counter() - started)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "x" * 60,
        "PSEUDONYM_KEY": "bench-" + "p" * 40,
        "EVALUATION_PSEUDONYM_KEY": "bench-" + "e" * 40,
        "SECURE_SSL_REDIRECT": "false",
        # As production runs (docs/operations.md): each worker thread keeps its connection
        # instead of opening one per request.
        "DATABASE_CONN_MAX_AGE": os.environ.get("DATABASE_CONN_MAX_AGE", "60"),
    }
    # DEBUG off serves the collected files (whitenoise's manifest storage), as production does.
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    process = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "teilhabe.wsgi:application",
            "--workers",
            str(workers),
            # Threads per worker: sync workers close every connection, gthread keeps them
            # alive as a phone's browser would (and as behind nginx with keepalive).
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/static/teilhabe/app.css")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not answer within 20 s")


def profile(kind: str) -> None:
    """cProfile of 20 API searches in-process (Django's test client, no HTTP): `cold` — 20
    different searches, none cached —, or `warm` — one search 20 times from the cache."""
    import cProfile
    import pstats

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client

    client = Client()
    cache.clear()
    paths = scenario_paths("api-search", 40)
    if kind == "warm":
        client.get(paths[0])
        paths = [paths[0]] * 20
    else:
        for path in paths[20:]:  # warm the process (imports, the postcode table, the plans)
            client.get(path)
        paths = paths[:20]
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for path in paths:
        client.get(path)
    profiler.disable()
    print(f"{kind}: {(time.perf_counter() - started) / len(paths) * 1000:.1f} ms per search")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


def explain() -> None:
    """The queries one cold API search issues, each with EXPLAIN (ANALYZE, BUFFERS) on
    PostgreSQL (EXPLAIN QUERY PLAN on SQLite) and its time."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    client = Client()
    for i in (0, 11, 23):
        path = scenario_paths("api-search", i + 1)[i]
        with CaptureQueriesContext(connection) as ctx:
            client.get(path)
        print(f"\n=== {path}: {len(ctx.captured_queries)} queries")
        for captured in ctx.captured_queries:
            sql = captured["sql"]
            print(f"--- {captured['time']} s: {sql[:160]}")
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                else:
                    cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
                for row in cursor.fetchall():
                    print("    " + " | ".join(str(c) for c in row))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", default="1,8")
    parser.add_argument("--scenarios", default="static,api-search,page-search,district-list")
    parser.add_argument("--profile", choices=["cold", "warm"])
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    if args.profile:
        profile(args.profile)
        return
    if args.explain:
        explain()
        return
    port = free_port()
    server = start_server(port, args.workers)
    try:
        print(
            f"{'scenario':<34} {'answers':>7} {'per s':>9} {'p50 ms':>8} {'p95 ms':>8} "
            f"{'p99 ms':>8} {'errors':>6}"
        )
        offset = 0
        for name in args.scenarios.split(","):
            for concurrency in (int(c) for c in args.concurrency.split(",")):
                # Cold: each of 300 queries once, none answered before (page_size differs per
                # pass, so no cache of an earlier pass helps). Warm: 30 of them again and again.
                paths = scenario_paths(name, 300)
                if name in ("api-search", "page-search"):
                    paths = [f"{p}&page_size={20 + offset % 5}" for p in paths]
                    offset += 1
                cold = load(port, paths, concurrency, args.duration, once=True)
                warm = load(port, paths[:30], concurrency, args.duration)
                print(cold.line(f"{name} c={concurrency} cold (once each)"))
                print(warm.line(f"{name} c={concurrency} warm"))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
