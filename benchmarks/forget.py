"""What making a forgotten person's bytes unrecoverable costs on a large home: VACUUM against
``PRAGMA secure_delete``, after ``kith forget``.

    uv run python benchmarks/forget.py [--people 10000] [--interactions 1000000] [--runs 2]

Uses the database of benchmarks/log_latency.py (10,000 people, 1,000,000 interactions; built once in
benchmarks/out/log-latency). Each run copies it to a fresh home and forgets the busiest person (tens of
thousands of interactions) and a quiet one in one transaction each, then makes the deleted bytes
unrecoverable one of two ways, timed apart from the forget itself:

- ``vacuum``: what kith does (``kith.store.erase``): VACUUM, then a TRUNCATE checkpoint;
- ``secure_delete``: the forget's transaction with ``PRAGMA secure_delete=ON`` (SQLite zeroes what it
  deletes), then a TRUNCATE checkpoint. Cheaper, but it cannot reach stale copies that earlier updates
  left in free space while secure_delete was off (the default of most SQLite builds; Debian's is on).

The floor is copying the database file (what reading and writing every byte once costs here).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def forget(home: Path, person_id: int, mode: str) -> tuple[float, float]:
    """(seconds for the forget's transaction, seconds to erase) for one person in ``mode``."""
    from kith.people import merge
    from kith.settings import Settings
    from kith.store import erase
    from kith.store.db import dispose_engines, open_engine, transaction
    from kith.store.schema import Person

    settings = Settings(home=home, database_url=f"sqlite:///{home / 'kith.db'}")
    engine = open_engine(settings)
    erase.erase_after_commit = lambda session: None  # timed apart below
    start = time.perf_counter()
    with transaction(settings) as session:
        session.connection().exec_driver_sql(
            f"PRAGMA secure_delete={'ON' if mode == 'secure_delete' else 'OFF'}"
        )
        merge.forget_person(session, session.get_one(Person, person_id))
    forgot = time.perf_counter() - start
    start = time.perf_counter()
    raw = sqlite3.connect(home / "kith.db", isolation_level=None)
    if mode == "vacuum":
        raw.execute("VACUUM")
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    raw.close()
    erased = time.perf_counter() - start
    dispose_engines()
    del engine
    return forgot, erased


def main() -> None:
    import log_latency

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    home = HERE / "out" / "log-latency"
    size = home / "size"
    if not size.exists() or size.read_text() != f"{args.people} {args.interactions}":
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
        print("building the database...", file=sys.stderr)
        log_latency.build(home, args.people, args.interactions)
    with sqlite3.connect(home / "kith.db") as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        busiest, count = db.execute(
            "SELECT person_id, count(*) FROM interaction_participant GROUP BY person_id ORDER BY 2 DESC LIMIT 1"
        ).fetchone()
        quiet = db.execute(
            "SELECT person_id FROM interaction_participant GROUP BY person_id HAVING count(*) = 1 LIMIT 1"
        ).fetchone()[0]
    megabytes = (home / "kith.db").stat().st_size / 1e6
    print(f"database {megabytes:.0f} MB; busiest person #{busiest} ({count:,} interactions), quiet #{quiet}")
    results: dict[tuple[str, str], list[tuple[float, float]]] = {}
    floors = []
    for _ in range(args.runs):
        for who, pid in (("busiest", busiest), ("quiet", quiet)):
            for mode in ("vacuum", "secure_delete"):
                scratch = Path(tempfile.mkdtemp(prefix="kith-forget-"))
                try:
                    start = time.perf_counter()
                    shutil.copy(home / "kith.db", scratch / "kith.db")
                    floors.append(time.perf_counter() - start)
                    results.setdefault((who, mode), []).append(forget(scratch, pid, mode))
                finally:
                    shutil.rmtree(scratch, ignore_errors=True)
    floor = statistics.median(floors)
    print(
        f"{args.runs} runs, 2 cores, load average {os.getloadavg()[0]:.2f}; floor (copying the file): {floor:.2f} s"
    )
    for (who, mode), times in results.items():
        forgot = statistics.median(t[0] for t in times)
        erased = statistics.median(t[1] for t in times)
        print(
            f"{who:8} {mode:14} forget {forgot:6.2f} s   erase {erased:6.2f} s ({erased / floor:.1f}x the copy)"
        )


if __name__ == "__main__":
    main()
