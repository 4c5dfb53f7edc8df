"""Team mode under load: many members writing through one ``kith serve --team`` at once, while others read.

    uv run python benchmarks/team_concurrency.py [--writers 8] [--logs 1000] [--readers 2] [--workers 2]

The same load as tests/team/test_team_concurrency.py (its ``team_load`` module), at full size, on a
throwaway PostgreSQL server of its own (``tests/postgres_server.py``: the machine's PostgreSQL binaries,
a Unix socket, durability off as in the tests; run as the ``postgres`` user when this runs as root):

``kith team init`` (the admin), ``--writers`` members and ``--readers`` more, each with a bearer token
(``kith team token``), and ``kith serve --team --workers 2`` on a free loopback port. Each member adds
the person Jane Doe at Acme. Then all at once: each writer POSTs ``/api/interactions`` (a coffee with
Jane Doe, noted ``NAME-i``) ``--logs`` times, one after another; each reader asks for their dashboard,
people list and person page in turn, and the admin asks team reach for Acme (``GET
/api/reach?company=Acme``, which publishes each writer's changed kith), until the writers are done.

Reported: failures of any kind (statuses other than 201 and 200, and requests that got no answer),
acknowledged writes against the rows stored in each member's schema (each note exactly once, and none
in another member's), p50/p95/max time per kind of request, the total time, the machine's ``uptime``
at the start and the end, and the server's log lines about errors. The server's log is kept in
benchmarks/out/team-concurrency-server.log.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE.parent / "tests" / "team"))

from team_load import (  # noqa: E402
    Attempt,
    add_members,
    machine_load,
    run_load,
    scratch_team,
    seed,
    server_environment,
    stored_notes,
    team_server,
)

ADMIN = "admin@firm.example"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))] if ordered else float("nan")


def times(label: str, attempts: list[Attempt]) -> None:
    seconds = [a.seconds for a in attempts]
    if not seconds:
        print(f"| {label} | 0 | | | |")
        return
    print(
        f"| {label} | {len(seconds)} | {pct(seconds, 50) * 1000:.0f} ms | {pct(seconds, 95) * 1000:.0f} ms"
        f" | {max(seconds) * 1000:.0f} ms |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=8, help="members writing at once")
    parser.add_argument("--logs", type=int, default=1000, help="coffees each writer logs")
    parser.add_argument(
        "--readers", type=int, default=2, help="members reading meanwhile (besides the admin)"
    )
    parser.add_argument("--workers", type=int, default=2, help="kith serve --workers")
    args = parser.parse_args()

    print(f"{os.cpu_count()} cores; at the start: {machine_load()}")
    OUT.mkdir(parents=True, exist_ok=True)
    with scratch_team(ADMIN, "kith-team-concurrency-") as (url, home, admin):
        from kith.settings import get_settings

        settings = get_settings()
        started = time.monotonic()
        writers = add_members(settings, [f"writer{i}@firm.example" for i in range(args.writers)])
        readers = add_members(settings, [f"reader{i}@firm.example" for i in range(args.readers)])
        print(f"team of {1 + args.writers + args.readers} set up in {time.monotonic() - started:.1f} s")

        log = OUT / "team-concurrency-server.log"
        with team_server(server_environment(home, url), workers=args.workers, log_to=log) as (base, _pid):
            seed(base, writers + readers + [admin])
            print(f"load starting: {machine_load()}")
            started = time.monotonic()
            outcome = run_load(base, writers, args.logs, readers, admin)
            took = time.monotonic() - started
            end_load = machine_load()

        writes = [a for attempts in outcome.writes.values() for a in attempts]
        reads = [a for attempts in outcome.reads.values() for a in attempts]
        print(
            f"\n{args.writers} members x {args.logs} logs through POST /api/interactions, {args.readers}"
            f" readers and the admin asking team reach, kith serve --team --workers {args.workers}:"
            f" {took:.1f} s ({len(writes) / took:.0f} writes/s, {len(reads)} reads)"
        )
        print(f"at the end of the load: {end_load}")
        failed = outcome.failures()
        print(f"\nfailures of any kind: {len(failed)} of {len(writes) + len(reads)} requests")
        for a in failed[:10]:
            print(f"  {a.what}: {a.status} {a.message[:200]}")

        schemas = [m.schema for m in writers + readers + [admin]]
        stored = stored_notes(url, schemas)
        print("\n| member | acknowledged | stored in their schema | each once | in another's schema |")
        print("|---|---|---|---|---|")
        lost = 0
        for member in writers:
            name = member.email.split("@")[0]
            acked = outcome.acknowledged(member.email)
            mine = stored[member.schema]
            elsewhere = sum(
                n for schema, notes in stored.items() if schema != member.schema
                for note, n in notes.items() if note.startswith(f"{name}-")
            )  # fmt: skip
            once = mine == acked
            lost += 0 if once and elsewhere == 0 else 1
            print(f"| {member.email} | {sum(acked.values())} | {sum(mine.values())} | {once} | {elsewhere} |")
        others = Counter(
            {s: sum(stored[s].values()) for s in schemas if s not in {m.schema for m in writers}}
        )
        print(f"interactions in the readers' and the admin's kiths: {sum(others.values())}")
        print(f"members whose writes were lost, doubled or misplaced: {lost}")

        print("\n| request | count | p50 | p95 | max |\n|---|---|---|---|---|")
        times("POST /api/interactions (writers)", writes)
        for kind, attempts in outcome.reads.items():
            times(f"GET {kind}", attempts)

        lines = log.read_text(errors="replace").splitlines()
        notable = [line for line in lines if "died" in line or "Error" in line or "Traceback" in line]
        print(f"\nserver log ({log}): {len(lines)} lines, {len(notable)} about errors or restarts")
        for line in notable[:10]:
            print(f"  {line[:200]}")
        print(f"at the end: {machine_load()}")


if __name__ == "__main__":
    main()
