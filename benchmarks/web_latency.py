"""Latency of the web UI's main pages on a large database, under 8 concurrent clients.

    uv run python benchmarks/web_latency.py [--people 10000] [--interactions 1000000] [--requests 40]
                                            [--clients 8] [--workers N] [--cpu] [--profile]

Builds (once, in benchmarks/out/web-latency/, reused while its size matches) a database of 10,000 people
and 1,000,000 interactions with the bulk loader of ``log_latency.py``, adds a LinkedIn connection for every
person and a role for most, and warms the strength cache. Then it starts ``kith serve`` on a free loopback
port (a separate process, as a user runs it) and lets ``--clients`` threads each request every page
``--requests`` times: the dashboard, the people list (first page and a later one, sorted by strength) and a
person's page (people with the most contact and random ones). It reports p50 and p95 per page, and the
same for ``/api/csrf`` as the floor (the server's cost of answering at all, in the same run).

The requests are timed once the server is idle after the warm-up (each of its processes builds the agenda
in the background when it starts: a few seconds on this database, which is not what a server that runs for
hours shows); the time it took is printed.

``--cpu`` then starts ``kith serve --workers 1`` again and requests each page from one client, one request
at a time (after the background agenda is built), and prints the server's own CPU time per request (user
plus system, from ``/proc``; Linux only): what a page costs, without the waiting that 8 clients add.

``--profile`` then renders each page in-process, one request at a time, and prints its time alone, the share
spent in SQL and the statements that cost the most.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))


def build(home: Path, people: int, interactions: int, settings=None) -> None:
    """The log benchmark's network plus what the web shows: connections, employers, titles (into the
    SQLite file in ``home``, or the kith ``settings`` open)."""
    from log_latency import build as build_interactions
    from sqlalchemy import insert

    from kith.settings import Settings
    from kith.store.db import open_engine, transaction
    from kith.store.schema import Connection, Organisation, Role

    settings = settings or Settings(home=home, database_url=f"sqlite:///{home / 'kith.db'}")
    build_interactions(home, people, interactions, settings)
    rng = random.Random(11)
    seen = datetime(2026, 10, 1, tzinfo=UTC)
    with open_engine(settings).begin() as conn:
        companies = [f"Company {i}" for i in range(400)]
        conn.execute(
            insert(Organisation.__table__),
            [{"id": i + 1, "name": c, "name_key": c.lower()} for i, c in enumerate(companies)],
        )
        ids = range(2, people + 2)
        conn.execute(
            insert(Connection.__table__),
            [
                {"person_id": i, "platform": "linkedin", "connected_on": seen.date(), "source": "bench"}
                for i in ids
            ],
        )
        conn.execute(
            insert(Role.__table__),
            [
                {
                    "person_id": i,
                    "organisation_id": rng.randint(1, len(companies)),
                    "title": rng.choice(["Engineer", "Designer", "Recruiter", "Founder", "Analyst"]),
                    "source": "bench",
                    "seen_at": seen,
                    "created_at": seen,
                }
                for i in ids
                if rng.random() < 0.8
            ],
        )
    from kith.strength.service import recompute

    with transaction(settings) as session:
        recompute(session)
    (home / "size").write_text(f"{people} {interactions} web")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(home: Path, port: int, workers: int | None) -> subprocess.Popen:
    import httpx

    env = {**os.environ, "KITH_HOME": str(home)}
    env.pop("KITH_NOW", None)
    env.pop("KITH_DATABASE_URL", None)
    kith = str(Path(sys.executable).with_name("kith"))
    cmd = [kith, "serve", "--port", str(port)] + (["--workers", str(workers)] if workers else [])
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"kith serve exited with status {server.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/csrf", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("kith serve did not answer within 2 minutes")


def tree_cpu_s(pid: int) -> float:
    """CPU time (user + system) of a process and its children, from ``/proc`` (Linux); a process that
    ends while it is read counts nothing."""
    total = 0.0
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                total += tree_cpu_s(int(child))
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return total
    return total + (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_until_idle(pid: int, timeout_s: float = 60.0) -> float:
    """Seconds until the server (all its processes) used under 5% of a core for a whole second: each
    process builds the agenda in the background after it starts, and the measured requests should find
    the server as it runs for hours, not in its first seconds. Without ``/proc``, 10 s."""
    started = time.monotonic()
    if not Path(f"/proc/{pid}/task").exists():
        time.sleep(10)
        return 10.0
    while time.monotonic() - started < timeout_s:
        before = tree_cpu_s(pid)
        time.sleep(1.0)
        if tree_cpu_s(pid) - before < 0.05:
            break
    return time.monotonic() - started


def pages(people: int, rng: random.Random) -> dict[str, list[str]]:
    """The URLs each client cycles through, per page."""
    # ids 2.. are the people with the most contact in the bulk loader's skewed network
    busy = [f"/people/{i}" for i in range(2, 12)]
    anyone = [f"/people/{rng.randint(2, people + 1)}" for _ in range(30)]
    return {
        "floor: /api/csrf": ["/api/csrf"],
        "dashboard /": ["/"],
        "people list": ["/people", "/people?sort=strength", "/people?page=20", "/people?q=sample"],
        "person page": busy + anyone,
    }


def run_clients(
    base: str,
    urls: dict[str, list[str]],
    clients: int,
    requests: int,
    headers: list[dict[str, str]] | None = None,
) -> dict[str, list[float]]:
    """``clients`` threads, each asking every page ``requests`` times in a shuffled order (client ``i``
    with ``headers[i]``: team_latency.py's members' tokens); the times per page.

    Each client keeps one connection open (HTTP/1.1 keep-alive, as a browser does) and uses the
    standard library's ``http.client``: the clients share the machine with the server, and the lightest
    client takes the least of its CPU (httpx took about 2.5 ms a request on 2 cores, this about a
    fifth of it)."""
    import http.client
    from urllib.parse import urlsplit

    where = urlsplit(base)
    times: dict[str, list[float]] = {page: [] for page in urls}
    failures: list[str] = []
    lock = threading.Lock()

    def client(seed: int) -> None:
        rng = random.Random(seed)
        order = [page for page in urls for _ in range(requests)]
        rng.shuffle(order)
        own = headers[seed] if headers else {}
        connection = http.client.HTTPConnection(where.hostname, where.port, timeout=60)
        try:
            for page in order:
                url = rng.choice(urls[page])
                started = time.perf_counter()
                connection.request("GET", url, headers=own)
                response = connection.getresponse()
                body = response.read()
                elapsed = time.perf_counter() - started
                with lock:
                    if response.status != 200:
                        failures.append(f"{url}: {response.status} {body[:200]!r}")
                    times[page].append(elapsed)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(seed,)) for seed in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(f"{len(failures)} requests failed, e.g. {failures[:3]}")
    return times


def python_speed_ms(repeat: int = 7) -> float:
    """How fast this machine runs Python just now: the fastest of ``repeat`` runs of a fixed workload
    (formatting, dicts and sorting, one thread), in ms. The machines here are shared and the same code's
    request has cost from 5 to 15 ms of CPU on them hours apart; this yardstick, printed beside a
    benchmark's figures, says which kind of hour they were measured in (lower is faster)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        table: dict[str, int] = {}
        for i in range(60_000):
            table[f"person {i % 997}:{i}"] = i * 7 % 1009
        sorted(table.items(), key=lambda item: (item[1], item[0]))
        best = min(best, time.perf_counter() - started)
    return best * 1000


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def server_cpu(home: Path, urls: dict[str, list[str]], requests: int = 400) -> None:
    """Server CPU time per request of each page, one request at a time, from one client."""
    import httpx

    port = free_port()
    server = start_server(home, port, 1)

    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:
            for page_urls in urls.values():
                for url in page_urls:
                    http.get(url)  # warm: the shared figures, the background agenda started
            wait_until_idle(server.pid)  # the background agenda built
            print("\n| server CPU per request, one client | ms |\n|---|---|")
            for page, page_urls in urls.items():
                before = tree_cpu_s(server.pid)
                for i in range(requests):
                    http.get(page_urls[i % len(page_urls)])
                print(f"| {page} | {(tree_cpu_s(server.pid) - before) * 1000 / requests:.2f} |")
    finally:
        server.terminate()
        server.wait(timeout=30)


def profile(home: Path, urls: dict[str, list[str]]) -> None:
    """Render each page in-process, one request at a time: its time, and the SQL statements behind it."""
    from fastapi.testclient import TestClient
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from kith.settings import Settings
    from kith.web.app import create_app

    spent: dict[str, list[float]] = {}

    @event.listens_for(Engine, "before_cursor_execute")
    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info.setdefault("started", []).append(time.perf_counter())

    @event.listens_for(Engine, "after_cursor_execute")
    def after(conn, cursor, statement, parameters, context, executemany):
        elapsed = time.perf_counter() - conn.info["started"].pop()
        spent.setdefault(" ".join(statement.split())[:150], []).append(elapsed)

    app = create_app(Settings(home=home, database_url=f"sqlite:///{home / 'kith.db'}"))
    with TestClient(app, base_url="http://127.0.0.1") as http:
        for page, page_urls in urls.items():
            chosen = page_urls[:5]
            http.get(chosen[0])  # warm
            spent.clear()
            started = time.perf_counter()
            for url in chosen:
                http.get(url)
            wall = (time.perf_counter() - started) * 1000 / len(chosen)
            sql = sum(sum(v) for v in spent.values()) * 1000 / len(chosen)
            print(
                f"\n## {page}: {wall:.1f} ms per request alone, {sql:.1f} ms of it in SQL ({len(chosen)} URLs)"
            )
            for statement, values in sorted(spent.items(), key=lambda kv: -sum(kv[1]))[:5]:
                per = sum(values) * 1000 / len(chosen)
                print(f"  {per:7.1f} ms  {len(values) / len(chosen):4.1f} calls  {statement}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=40, help="requests per page per client")
    parser.add_argument("--workers", type=int, help="kith serve --workers (default: its own default)")
    parser.add_argument("--cpu", action="store_true", help="also the server's CPU time per request")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    home = OUT / "web-latency"
    size = home / "size"
    if not size.exists() or size.read_text() != f"{args.people} {args.interactions} web":
        import shutil

        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
        print(f"building {args.people:,} people and {args.interactions:,} interactions...", file=sys.stderr)
        started = time.perf_counter()
        build(home, args.people, args.interactions)
        print(f"  built in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    urls = pages(args.people, random.Random(5))
    port = free_port()
    server = start_server(home, port, args.workers)
    try:
        base = f"http://127.0.0.1:{port}"
        run_clients(base, urls, args.clients, 2)  # warm-up: caches, first queries
        settled = wait_until_idle(server.pid)
        print(f"server idle {settled:.1f} s after the warm-up (its background agenda built)", file=sys.stderr)
        started = time.perf_counter()
        times = run_clients(base, urls, args.clients, args.requests)
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    if args.workers is None:
        from kith.web.server import default_workers

        args.workers = default_workers()
    total = sum(len(v) for v in times.values())
    print(
        f"\n{args.people:,} people, {args.interactions:,} interactions; {args.clients} clients x "
        f"{args.requests} requests per page; kith serve --workers {args.workers}; "
        f"{os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.2f}; {total} requests in {wall:.1f} s ({total / wall:.0f}/s)"
    )
    print("| page | p50 | p95 | max |")
    print("|---|---|---|---|")
    for page, values in times.items():
        print(
            f"| {page} | {statistics.median(values) * 1000:.0f} ms | {percentile(values, 95) * 1000:.0f} ms "
            f"| {max(values) * 1000:.0f} ms |"
        )
    if args.cpu:
        server_cpu(home, urls)
    if args.profile:
        profile(home, urls)


if __name__ == "__main__":
    main()
