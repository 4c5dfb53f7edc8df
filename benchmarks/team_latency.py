"""Latency of a team server's main pages and of team reach, with many members' large kiths on PostgreSQL.

    uv run python benchmarks/team_latency.py [--members 10] [--interactions 100000] [--people 2000]
                                             [--clients 8] [--requests 20] [--workers 2]
                                             [--compare SRC ...] [--rounds 1]

On a throwaway PostgreSQL server of its own (``tests/postgres_server.py``, as the tests run it), sets up
a team (``kith team init``) with ``--members`` members (the admin is the first), each with a bearer
token, and fills each member's kith with web_latency.py's network built by log_latency.py's bulk loader
(``--people`` people, ``--interactions`` interactions, a LinkedIn connection for every person, a role at
one of 400 companies for most) straight into their schema, then warms its strength cache. Then it runs
``ANALYZE`` (PostgreSQL's statistics of every table), as autovacuum does on its own a while after a bulk
load: right after one, the planner still takes the new tables for nearly empty and some of kith's
queries (reach's, for one) take 10 to 20 times longer (``--no-analyze`` measures that state). Every member's
kith holds the same network, so every person is known to every member: the team's directory merges them
(one shared record each, with a tie from every member), the most work publishing can have per person.
As team reach leaves out the people the asking member knows themselves, here it mostly answers that
the colleagues know nobody the member does not know (after reading every colleague's tie there).

Then ``kith serve --team --workers 2`` on a free loopback port, and:

1. the first team reach (``GET /api/reach?company=Company N`` as the first member), timed alone, asked
   as soon as the server answers: the server publishes every member's kith to the directory (their
   people and ties) as it starts, and this question waits for that publication to end before it answers;
2. a warm-up (each client asks each page 4 times), until the server is idle;
3. ``--clients`` threads, each a different member with their own token, each asking ``--requests`` times
   per page, in a shuffled order: the dashboard ``/``, the people list (first page, sorted by strength,
   a later page, a search), a person's page (the busiest people and random ones), and team reach for a
   random company someone works at (``/api/reach?company=Company N``; steady state: nobody's kith changed, so it checks
   each member's fingerprint and publishes nothing).

Reported: the fill's time, the first team reach, p50/p95/max per page, the total time, the machine's
``uptime`` at the start and the end (the machines here are shared: 2 cores), how fast the machine ran
Python just before and after the measured requests (``web_latency.python_speed_ms``: the same request
has cost from 5 to 15 ms of CPU on these machines hours apart), and where the measured
requests' CPU time went (Linux, from ``/proc``): the server's processes (and each one's share: a
process that holds more of the clients' kept-alive connections answers more of their requests),
PostgreSQL's (its postmaster and
backends) and this benchmark's own (the clients), in ms per request: on 2 cores, the sum bounds how many
requests a second the machine can answer at all.

Each server process keeps its own figures per member (ties, the agenda, who knows whom, the evidence
words of each person shown). It computes the shared ones for every member as it starts (the warm-up
waits until the server is idle, so they are ready); the evidence words of a person are computed the
first time a process shows that person: with the default 20 requests per page, many measured person
pages are the first a process shows of that person. ``--requests 60`` measures mostly a server that
has been running. The clients are ``web_latency.run_clients``'s (one kept-alive connection each).

``--compare SRC`` measures kith's code in each folder SRC (a ``src`` folder, e.g. an older checkout's)
as well, on the same filled team, each in a server of its own after the one before was stopped;
``--rounds N`` measures each code N times, in turn: the way to compare a change with the code before
it at the same machine load.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE.parent / "tests" / "team"))

from team_load import Member, add_members, machine_load, scratch_team, server_environment, team_server  # noqa: E402
from web_latency import build, percentile, python_speed_ms, run_clients, tree_cpu_s, wait_until_idle  # noqa: E402

ADMIN = "admin@firm.example"


def fill(
    settings, home: Path, members: list[Member], people: int, interactions: int, *, analyze: bool = True
) -> None:
    """Each member's kith: the web benchmark's network, bulk-loaded into their schema; then (``analyze``)
    PostgreSQL's statistics of every table gathered."""
    from sqlalchemy import text

    from kith.store.db import transaction
    from kith.team.workspace import member_settings

    for number, member in enumerate(members, 1):
        started = time.perf_counter()
        own = member_settings(settings, member.schema)
        folder = home / member.schema
        folder.mkdir()
        build(folder, people, interactions, own)
        with transaction(own) as session:  # the bulk loader chose the ids: move the sequences past them
            for table in ("person", "interaction", "organisation"):
                session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                        f" (SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
                    )
                )
        print(
            f"  member {number}: {people:,} people, {interactions:,} interactions in"
            f" {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
    if analyze:
        from kith.team.store import team_transaction

        with team_transaction(settings) as conn:  # every schema's tables: what autovacuum does in time
            conn.execute(text("ANALYZE"))


def companies_with_people(settings, schema: str) -> list[str]:
    """The companies someone in the member's kith works at now (each member's kith has the same)."""
    from sqlalchemy import select

    from kith.store.db import transaction
    from kith.store.schema import Organisation, Role
    from kith.team.workspace import member_settings

    with transaction(member_settings(settings, schema), write=False) as session:
        found = select(Organisation.name).join(Role, Role.organisation_id == Organisation.id).distinct()
        return sorted(session.scalars(found))


def postmaster(url: str) -> int | None:
    """The process id of the PostgreSQL server at ``url`` (the parent of a backend), None without ``/proc``."""
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            backend = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    finally:
        engine.dispose()
    status = Path(f"/proc/{backend}/status")
    if not status.exists():
        return None
    return next(int(line.split()[1]) for line in status.read_text().splitlines() if line.startswith("PPid:"))


def processes_cpu_s(server: int) -> dict[int, float]:
    """Each server process's CPU time (its children: uvicorn's supervisor hands the requests to them)."""
    children = []
    try:
        for task in Path(f"/proc/{server}/task").iterdir():
            children += [int(child) for child in (task / "children").read_text().split()]
    except (FileNotFoundError, ProcessLookupError):  # no /proc (not Linux): no shares to report
        return {}
    return {child: tree_cpu_s(child) for child in children}


def cpu_s(server: int, postgres: int | None) -> dict[str, float]:
    """CPU seconds so far of the server's processes, PostgreSQL's and this process (the clients)."""
    own = os.times()
    return {
        "kith serve": tree_cpu_s(server),
        "PostgreSQL": tree_cpu_s(postgres) if postgres is not None else float("nan"),
        "the clients": own.user + own.system,
    }


def pages(people: int, companies: list[str], rng: random.Random) -> dict[str, list[str]]:
    """The URLs each client cycles through, per page (the same ids in every member's kith)."""
    busy = [f"/people/{i}" for i in range(2, 12)]
    anyone = [f"/people/{rng.randint(2, people + 1)}" for _ in range(30)]
    return {
        "dashboard /": ["/"],
        "people list": ["/people", "/people?sort=strength", "/people?page=10", "/people?q=sample"],
        "person page": busy + anyone,
        "team reach": [f"/api/reach?company={quote(rng.choice(companies))}" for _ in range(40)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10, help="members of the team, the admin included")
    parser.add_argument(
        "--interactions", type=int, default=100_000, help="interactions in each member's kith"
    )
    parser.add_argument("--people", type=int, default=2_000, help="people in each member's kith")
    parser.add_argument("--clients", type=int, default=8, help="client threads, each a different member")
    parser.add_argument("--requests", type=int, default=20, help="requests per page per client")
    parser.add_argument("--workers", type=int, default=2, help="kith serve --workers")
    parser.add_argument(
        "--no-analyze", action="store_true", help="measure right after the bulk load, before any ANALYZE"
    )
    parser.add_argument(
        "--compare", type=Path, nargs="*", default=[], help="other kith src folders, measured in turn"
    )
    parser.add_argument("--rounds", type=int, default=1, help="times each code is measured, in turn")
    args = parser.parse_args()
    if args.clients > args.members:
        raise SystemExit("each client is a different member: --clients must not exceed --members")

    start_uptime = machine_load()
    print(f"{os.cpu_count()} cores; at the start: {start_uptime}", file=sys.stderr)
    OUT.mkdir(parents=True, exist_ok=True)
    with scratch_team(ADMIN, "kith-team-latency-") as (url, home, admin):
        from kith.settings import get_settings

        settings = get_settings()
        started = time.perf_counter()
        team = [admin, *add_members(settings, [f"member{i}@firm.example" for i in range(1, args.members)])]
        print(f"filling {args.members} kiths...", file=sys.stderr)
        fill(settings, home, team, args.people, args.interactions, analyze=not args.no_analyze)
        filled = time.perf_counter() - started
        print(f"  filled in {filled:.0f} s", file=sys.stderr)

        companies = companies_with_people(settings, team[0].schema)
        urls = pages(args.people, companies, random.Random(5))
        clients = team[: args.clients]
        codes: list[Path | None] = [None, *args.compare]
        runs: list[tuple[Path | None, dict]] = []
        for _ in range(args.rounds):
            for src in codes:
                runs.append((src, measure(src, home, url, urls, team, clients, args)))

        print(
            f"\n{args.members} members x {args.people:,} people and {args.interactions:,} interactions each"
            f" ({args.members * args.interactions:,} in all) on PostgreSQL, filled in {filled:.0f} s"
            f" ({'no ANALYZE' if args.no_analyze else 'then ANALYZE'});"
            f" {args.clients} clients (each a member) x {args.requests} requests per page;"
            f" kith serve --team --workers {args.workers}; {os.cpu_count()} cores"
        )
        print(f"at the start: {start_uptime}")
        for src, run in runs:
            report(src, run, args)


def measure(
    src: Path | None, home: Path, url: str, urls: dict, team: list, clients: list, args: argparse.Namespace
) -> dict:
    """One server of the code in ``src`` (None: this checkout's) on the filled team: its first team
    reach, a warm-up, then the measured requests; their times, and the CPU they took."""
    import httpx

    extra = {"PYTHONPATH": str(src)} if src is not None else {}
    log = OUT / "team-latency-server.log"
    print(f"measuring {src or 'this checkout'}: {machine_load()}", file=sys.stderr)
    with team_server(server_environment(home, url, **extra), workers=args.workers, log_to=log) as (base, pid):
        started = time.perf_counter()
        first = httpx.get(base + urls["team reach"][0], headers=team[0].bearer, timeout=600)
        first_s = time.perf_counter() - started
        if first.status_code != 200:
            raise SystemExit(f"the first team reach failed: {first.status_code} {first.text[:300]}")
        colleagues = first.json()["team"]["message"]
        started = time.perf_counter()
        run_clients(base, urls, len(clients), 4, [m.bearer for m in clients])  # warm-up
        settled = wait_until_idle(pid)
        print(
            f"warmed up, idle after {time.perf_counter() - started:.0f} s ({settled:.0f} s waiting)",
            file=sys.stderr,
        )
        load_before, speed_before = machine_load(), python_speed_ms()
        database = postmaster(url)
        cpu_before, shares_before = cpu_s(pid, database), processes_cpu_s(pid)
        started = time.perf_counter()
        times = run_clients(base, urls, len(clients), args.requests, [m.bearer for m in clients])
        wall = time.perf_counter() - started
        cpu_after, shares_after = cpu_s(pid, database), processes_cpu_s(pid)
    return {
        "first_s": first_s,
        "colleagues": colleagues,
        "load_before": load_before,
        "load_after": machine_load(),
        "speed": (speed_before, python_speed_ms()),
        "wall": wall,
        "times": times,
        "cpu": {name: cpu_after[name] - cpu_before[name] for name in cpu_before},
        "processes": [shares_after[p] - shares_before.get(p, 0.0) for p in shares_after],
    }


def report(src: Path | None, run: dict, args: argparse.Namespace) -> None:
    times, wall = run["times"], run["wall"]
    total = sum(len(v) for v in times.values())
    print(f"\n{src or 'this checkout'}")
    print(f"before the measured requests: {run['load_before']}")
    print(f"after them: {run['load_after']}")
    print(
        "the machine's Python speed (web_latency.python_speed_ms, lower is faster): "
        + " ms before, ".join(f"{ms:.0f}" for ms in run["speed"])
        + " ms after"
    )
    print(f"{total} requests in {wall:.1f} s ({total / wall:.1f}/s)")
    print(
        f"first team reach (waits for the start's publication of all {args.members} members):"
        f" {run['first_s'] * 1000:.0f} ms ({run['colleagues']})"
    )
    print(
        "CPU per request: "
        + ", ".join(f"{name} {spent * 1000 / total:.1f} ms" for name, spent in run["cpu"].items())
        + f" ({os.cpu_count()} cores: {wall * (os.cpu_count() or 1) * 1000 / total:.1f} ms of CPU a request"
        " were there)"
    )
    print(
        "the server processes' CPU: "
        + ", ".join(f"{spent:.1f} s" for spent in sorted(run["processes"], reverse=True))
    )
    print("| page | p50 | p95 | max |")
    print("|---|---|---|---|")
    for page, values in times.items():
        print(
            f"| {page} | {percentile(values, 50) * 1000:.0f} ms | {percentile(values, 95) * 1000:.0f} ms"
            f" | {max(values) * 1000:.0f} ms |"
        )


if __name__ == "__main__":
    main()
