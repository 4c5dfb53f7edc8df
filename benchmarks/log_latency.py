"""Wall time of `kith log coffee NAME` on a database of 10,000 people and 1,000,000 interactions.

Reported as a ratio to `python -c "import sqlite3"` (the floor: starting Python at all) measured in the same
run, because the machines here are shared and noisy. Also reports `kith --version` (start-up without the
database) so that the cost of imports and of the database work can be told apart.

    uv run python benchmarks/log_latency.py [--people 10000] [--interactions 1000000] [--runs 15]

The database is built once in benchmarks/out/ (reused when its size matches) by bulk inserts, then each run
logs one more coffee with a person picked by name. Installed modules are byte-compiled first, as they are on
a user's machine after the first run.
"""

from __future__ import annotations

import argparse
import compileall
import os
import random
import resource
import statistics
import subprocess
import sys
import sysconfig
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"


def build(home: Path, people: int, interactions: int, settings=None) -> None:
    """Bulk-load a synthetic network straight through SQLAlchemy Core (fast, no per-row ORM), into the
    SQLite file in ``home`` or the kith ``settings`` open (benchmarks/team_latency.py: a member's)."""
    from sqlalchemy import insert

    from kith.channels import KIND_CHANNELS
    from kith.people.identities import name_key
    from kith.settings import Settings
    from kith.store.db import open_engine
    from kith.store.schema import Identity, Interaction, InteractionParticipant, Person

    rng = random.Random(7)
    settings = settings or Settings(home=home, database_url=f"sqlite:///{home / 'kith.db'}")
    engine = open_engine(settings)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    kinds = ["coffee", "lunch", "call", "video", "email", "message", "like"]
    with engine.begin() as conn:
        conn.execute(
            insert(Person.__table__),
            [{"id": 1, "name": "Me", "name_key": "me", "is_me": True, "created_at": now, "updated_at": now}],
        )
        rows = []
        for i in range(2, people + 2):
            name = f"Person{i} Sample{i % 97}"
            rows.append(
                {
                    "id": i,
                    "name": name,
                    "name_key": name_key(name),
                    "is_me": False,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        conn.execute(insert(Person.__table__), rows)
        conn.execute(
            insert(Identity.__table__),
            [
                {"person_id": i, "kind": "email", "value": f"p{i}@sample.example", "source": "bench"}
                for i in range(2, people + 2)
            ],
        )
        # a skewed network: a few people get most of the contact, as in life
        weights = [1.0 / (k**1.1) for k in range(1, people + 1)]
        targets = rng.choices(range(2, people + 2), weights=weights, k=interactions)
        chunk = 100_000
        for start in range(0, interactions, chunk):
            inter, parts = [], []
            for j in range(start, min(start + chunk, interactions)):
                kind = kinds[j % len(kinds)]
                when = now - timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60))
                inter.append(
                    {
                        "id": j + 1,
                        "occurred_at": when,
                        "channel": KIND_CHANNELS[kind],
                        "kind": kind,
                        "direction": "outbound" if j % 3 else "inbound",
                        "source": "bench",
                        "external_id": str(j),
                        "created_at": now,
                    }
                )
                parts.append(
                    {
                        "interaction_id": j + 1,
                        "person_id": targets[j],
                        "occurred_at": when,
                        "channel": KIND_CHANNELS[kind],
                    }
                )
            conn.execute(insert(Interaction.__table__), inter)
            conn.execute(insert(InteractionParticipant.__table__), parts)
            print(f"  {min(start + chunk, interactions):,} interactions", file=sys.stderr)
    rebuild = _strength_rebuild()
    if rebuild is not None:
        from kith.store.db import transaction

        with transaction(settings) as session:
            rebuild(session, datetime.now(UTC))
    (home / "size").write_text(f"{people} {interactions}")


def _strength_rebuild():
    """The strength engine's full recompute, when the installed kith has one (its cache must be warm)."""
    try:
        from kith.strength import service
    except ImportError:
        return None
    return getattr(service, "recompute", None)


def timed(cmd: list[str], env: dict, runs: int, cpu: list[float] | None = None) -> list[float]:
    """Wall times of ``runs`` runs of ``cmd``; their CPU times (user + system) go to ``cpu``."""
    times = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if cpu is not None:
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    compileall.compile_dir(sysconfig.get_paths()["purelib"], quiet=1, workers=2)
    compileall.compile_dir(str(HERE.parent / "src"), quiet=1)

    home = OUT / "log-latency"
    size = home / "size"
    if not size.exists() or size.read_text() != f"{args.people} {args.interactions}":
        import shutil

        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
        print(f"building {args.people:,} people and {args.interactions:,} interactions...", file=sys.stderr)
        started = time.perf_counter()
        build(home, args.people, args.interactions)
        print(f"  built in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    env = {**os.environ, "KITH_HOME": str(home)}
    env.pop("KITH_NOW", None)
    kith = str(Path(sys.executable).with_name("kith"))
    target = f"Person{args.people // 2} Sample{(args.people // 2) % 97}"

    # interleave the measurements so that load on the shared machine hits them alike
    commands = {
        'python -c "import sqlite3" (floor)': [sys.executable, "-c", "import sqlite3"],
        'python -c "import sqlalchemy.orm" (the store library alone)': [
            sys.executable,
            "-c",
            "import sqlalchemy.orm",
        ],
        "kith --version": [kith, "--version"],
        "kith log coffee NAME": [kith, "log", "coffee", target],
    }
    wall: dict[str, list[float]] = {label: [] for label in commands}
    cpu: dict[str, list[float]] = {label: [] for label in commands}
    load_start = os.getloadavg()[0]
    for _ in range(args.runs):
        for label, cmd in commands.items():
            wall[label] += timed(cmd, env, 1, cpu[label])
    floor_label = next(iter(commands))
    floor_wall, floor_cpu = statistics.median(wall[floor_label]), statistics.median(cpu[floor_label])

    print(
        f"\n{args.people:,} people, {args.interactions:,} interactions, {args.runs} runs each, "
        f"{os.cpu_count()} cores, load average {load_start:.2f} at start, {os.getloadavg()[0]:.2f} at end"
    )
    print("| command | median wall | best wall | ratio to floor | median CPU | ratio to floor (CPU) |")
    print("|---|---|---|---|---|---|")
    for label in commands:
        median, median_cpu = statistics.median(wall[label]), statistics.median(cpu[label])
        print(
            f"| {label} | {median * 1000:.0f} ms | {min(wall[label]) * 1000:.0f} ms | {median / floor_wall:.1f}x "
            f"| {median_cpu * 1000:.0f} ms | {median_cpu / floor_cpu:.1f}x |"
        )


if __name__ == "__main__":
    main()
